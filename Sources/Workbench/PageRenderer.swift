import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Operations
import Store

/// The templates (`Templates/*.mustache`, bundled with the binary) and how a page is made from them: the
/// page's values plus what every page shows (the user, their role, the navigation, the CSRF token).
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template; one that does not parse is an error naming it.
    static func load() async throws -> PageRenderer {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WorkbenchError(.internalServerError, "Templates missing", "the Workbench's templates are not bundled beside the binary")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: directory.path))
    }

    /// The page `template` with `values`, as an HTML response with `status`.
    func page(_ template: String, title: String, _ values: [String: Any] = [:], context: WorkbenchContext, status: HTTPResponse.Status = .ok)
        throws -> Response
    {
        var all = values
        all["title"] = title
        all["csrf"] = context.csrfToken
        if let session = context.session {
            all["user"] = [
                "name": session.user.name, "role": session.user.role.rawValue,
                "analyst": session.user.role >= .analyst, "admin": session.user.role >= .admin,
            ] as [String: Any]
        }
        guard let html = library.render(Self.pruned(all) ?? [:], withTemplate: template) else {
            throw WorkbenchError(.internalServerError, "Page missing", "the template \(template) is not bundled")
        }
        return Self.html(html, status: status)
    }

    /// `value` without empty texts and absent optionals, at any depth: in a template a missing value renders as
    /// nothing and opens no `{{#section}}`, where an empty text would open one.
    static func pruned(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let dictionary as [String: Any]: return dictionary.compactMapValues(pruned)
        case let array as [Any]: return array.compactMap(pruned)
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return value }
            return mirror.children.first.flatMap { pruned($0.value) }
        }
    }

    /// An HTML response with the headers every page carries: no caching, no framing, scripts and styles only from here.
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 See Other to `location`.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
