import Foundation
import Testing

@testable import Workbench

/// Reading `multipart/form-data` uploads: text fields and files come out as sent; a body that cannot be read is a
/// 400 naming the problem, never a form read short.
@Suite struct MultipartFormTests {
    static let boundary = "b0undary"

    static func body(_ parts: [String], closed: Bool = true) -> Data {
        Data((parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + (closed ? "--\(boundary)--\r\n" : "")).utf8)
    }

    @Test("text fields and a file come out as sent, a quoted file name with a semicolon included")
    func readsFieldsAndFiles() throws {
        let form = try MultipartForm(
            body: Self.body([
                "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken",
                "Content-Disposition: form-data; name=\"file\"; filename=\"a;b.csv\"\r\nContent-Type: text/csv\r\n\r\nid,name\r\nx,Acme\r\n",
            ]), boundary: Self.boundary)
        #expect(form.fields["csrf"] == "token")
        #expect(form.files == [UploadedFile(field: "file", filename: "a;b.csv", data: Data("id,name\r\nx,Acme\r\n".utf8))])
    }

    @Test("the boundary is read from the content type, quoted or not; without one it is a 400 naming it")
    func boundaryFromContentType() throws {
        #expect(try MultipartForm.boundary("multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartForm.boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.isMultipart("Multipart/Form-Data; boundary=x") && !MultipartForm.isMultipart("application/x-www-form-urlencoded"))
        let error = #expect(throws: WorkbenchError.self) { try MultipartForm.boundary("multipart/form-data") }
        #expect(error?.status == .badRequest && error?.message.contains("names no boundary") == true)
    }

    @Test("a cut-off body, a part without a name, or a text field that is not UTF-8 is a 400 naming the part or field")
    func unreadableBodiesRefused() {
        let cases: [(Data, String)] = [
            (Self.body(["Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nid,name"], closed: false), "part 1 does not end"),
            (Self.body(["Content-Disposition: form-data; filename=\"x.csv\"\r\n\r\nid"]), "part 1 has no field name"),
            (Self.body(["Content-Type: text/plain\r\n\r\nid"]), "part 1 has no Content-Disposition"),
            (Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n".utf8) + Data([0xFF, 0xFE]) + Data("\r\n--\(Self.boundary)--\r\n".utf8),
             "the value of q is not UTF-8"),
            (Data("no parts here".utf8), "the body has no part"),
        ]
        for (body, problem) in cases {
            let error = #expect(throws: WorkbenchError.self) { try MultipartForm(body: body, boundary: Self.boundary) }
            #expect(error?.status == .badRequest && error?.message.contains(problem) == true, "\(error?.message ?? "") ≠ \(problem)")
        }
    }
}
