import Hummingbird

/// A page that cannot be served, shown as an HTML error page with its status (never a stack trace):
/// the field at fault for a 400, the role needed for a 403.
public struct WorkbenchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var title: String
    public var message: String
    /// The form field or query parameter at fault.
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ title: String, _ message: String, field: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.field = field
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }

    public static func badRequest(field: String, _ message: String) -> WorkbenchError {
        WorkbenchError(.badRequest, "Bad request", message, field: field)
    }

    public static func notFound(_ message: String = "There is no page at this address.") -> WorkbenchError {
        WorkbenchError(.notFound, "Not found", message)
    }

    public static func forbidden(_ message: String) -> WorkbenchError {
        WorkbenchError(.forbidden, "Forbidden", message)
    }

    static let csrf = WorkbenchError(
        .forbidden, "Forbidden", "The form did not carry this session's security token (CSRF). Reload the page and send the form again.")
}

/// Thrown when a page needs a signed-in user and there is none: answered with 303 to the sign-in page.
struct SignInRequired: Error {}
