/// Input an operation refuses: the field at fault (`line 7.name`, `parties[3].id`) and what is wrong with it.
///
/// Adapters show it their way: the API as a 400 `invalid_field` naming `field`, the CLI as a usage error naming the file.
public struct InvalidInput: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is: a line and column of a file, or a path into a request body.
    public let field: String
    /// What is wrong, with the place, e.g. `line 3: country "Narnia" is not an ISO 3166 alpha-2 code`.
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
