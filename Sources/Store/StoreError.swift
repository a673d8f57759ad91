/// Why a store operation failed, and what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The database could not be opened or reached.
        case unavailable
        /// The database refused an operation (the message has the database's words).
        case database
        /// A thing the request names does not exist.
        case notFound
        /// The request conflicts with the stored state (e.g. deciding a closed alert).
        case conflict
        /// The `--database` value is neither a file path nor a `postgres://` URL.
        case badLocation
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
