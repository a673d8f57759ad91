import Foundation
import Hummingbird
import Store

@testable import Workbench

extension Browser {
    /// POSTs a `multipart/form-data` form as a browser sends a file upload: the page's CSRF token (unless `csrf`
    /// is false), `fields`, and `file` (field name, file name, text) when given.
    @discardableResult
    func upload(_ uri: String, _ fields: [(String, String)] = [], file: (String, String, String)?, csrf: Bool = true) async throws -> Page {
        let boundary = "----clearance-test-7d1f3a"
        var parts = fields
        if csrf, let token = csrfToken { parts.insert(("csrf", token), at: 0) }
        var body = ""
        for (name, value) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let (name, filename, text) = file {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(text)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await send(uri, .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }
}

extension Browser.Page {
    /// The job id a 303 to `/jobs/job_…` names.
    var jobID: String? {
        guard let location, location.hasPrefix("/jobs/job_") else { return nil }
        return String(location.dropFirst("/jobs/".count))
    }
}
