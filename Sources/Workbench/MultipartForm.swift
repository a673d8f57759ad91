import Foundation
import Hummingbird

/// A file sent with a `multipart/form-data` form (an `<input type="file">`).
public struct UploadedFile: Sendable, Hashable {
    /// The form field's name.
    public var field: String
    /// The file's name on the sender's machine, as sent.
    public var filename: String
    public var data: Data
}

/// A `multipart/form-data` body (RFC 7578): its text fields, checked as a form's are, and its files. A body that
/// cannot be read (no boundary, a part without a name, text that is not UTF-8, an unterminated body) is refused
/// with a 400 page naming the part.
struct MultipartForm: Sendable {
    var fields: FormFields
    var files: [UploadedFile]

    /// The form's files above this many bytes in all are refused with 413 before they are read.
    static let maximumSize = 32 * 1024 * 1024

    /// Whether `contentType` is `multipart/form-data`.
    static func isMultipart(_ contentType: String?) -> Bool {
        contentType?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// The boundary parameter of a `multipart/form-data` content type; 400 without one.
    static func boundary(_ contentType: String) throws(WorkbenchError) -> String {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].count >= 2 && pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
            if !value.isEmpty { return value }
        }
        throw unreadable("the Content-Type names no boundary")
    }

    init(body: Data, boundary: String) throws(WorkbenchError) {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        guard let first = body.range(of: delimiter) else { throw Self.unreadable("the body has no part") }
        var pairs: [(name: String, value: String)] = []
        var files: [UploadedFile] = []
        var position = first.upperBound
        var part = 0
        while true {
            part += 1
            let rest = body[position...]
            if rest.starts(with: Data("--".utf8)) { break }
            guard rest.starts(with: Data("\r\n".utf8)) else { throw Self.unreadable("part \(part) does not start on a new line") }
            let start = position + 2
            guard let headerEnd = body.range(of: separator, in: start..<body.endIndex) else {
                throw Self.unreadable("part \(part) has no end to its headers")
            }
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headerEnd.upperBound..<body.endIndex) else {
                throw Self.unreadable("part \(part) does not end (the body was cut off)")
            }
            guard let headers = String(data: body[start..<headerEnd.lowerBound], encoding: .utf8) else {
                throw Self.unreadable("the headers of part \(part) are not UTF-8")
            }
            let content = Data(body[headerEnd.upperBound..<next.lowerBound])
            let (name, filename) = try Self.disposition(headers, part: part)
            if let filename {
                files.append(UploadedFile(field: name, filename: filename, data: content))
            } else {
                guard let text = String(data: content, encoding: .utf8) else {
                    throw .badRequest(field: name, "the value of \(name) is not UTF-8 text")
                }
                pairs.append((name, text))
            }
            position = next.upperBound
        }
        fields = FormFields(pairs: pairs)
        self.files = files
    }

    /// The field name and file name of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
    private static func disposition(_ headers: String, part: Int) throws(WorkbenchError) -> (name: String, filename: String?) {
        for line in headers.split(separator: "\r\n") {
            let halves = line.split(separator: ":", maxSplits: 1)
            guard halves.count == 2, halves[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            var name: String?
            var filename: String?
            for parameter in Self.parameters(String(halves[1])) {
                switch parameter.key.lowercased() {
                case "name": name = parameter.value
                case "filename": filename = parameter.value
                default: break
                }
            }
            guard let name, !name.isEmpty else { throw unreadable("part \(part) has no field name") }
            return (name, filename)
        }
        throw unreadable("part \(part) has no Content-Disposition header")
    }

    /// `key="value"` parameters of a header value (quoted values may hold `;`).
    private static func parameters(_ text: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var key = ""
        var value = ""
        var inKey = true
        var quoted = false
        func flush() {
            let name = key.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { result.append((name, value)) }
            key = ""
            value = ""
            inKey = true
        }
        for character in text {
            if quoted {
                if character == "\"" { quoted = false } else { value.append(character) }
            } else if character == ";" {
                flush()
            } else if inKey && character == "=" {
                inKey = false
            } else if inKey {
                key.append(character)
            } else if character == "\"" {
                quoted = true
            } else if !character.isWhitespace {
                value.append(character)
            }
        }
        flush()
        return result
    }

    private static func unreadable(_ problem: String) -> WorkbenchError {
        .badRequest(field: "body", "the uploaded form cannot be read: \(problem)")
    }
}
