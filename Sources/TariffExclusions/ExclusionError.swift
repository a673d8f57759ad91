/// Why an exclusion action was refused: the field at fault and what to do.
public struct ExclusionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A field is missing or malformed.
        case invalid
        /// The submission is outside the window that accepts it (the message names the window's dates).
        case outsideWindow
        /// The decision departs from earlier decisions and says not why (the message lists them).
        case consistencyReasonRequired
        /// The request's state does not allow it (already decided, not granted, nothing to rebut).
        case conflict
        /// The request or comment named does not exist.
        case notFound
    }

    public var kind: Kind
    /// The input field at fault, as the API names it (`hts10`, `figures[1].value`, `replies_to`), or
    /// for `outsideWindow` the window (`comment_window`, `rebuttal_window`).
    public var field: String
    public var message: String
    /// For `consistencyReasonRequired`: the earlier requests the decision departs from.
    public var earlierRequestIDs: [String]

    public init(_ kind: Kind, field: String, _ message: String, earlierRequestIDs: [String] = []) {
        self.kind = kind
        self.field = field
        self.message = message
        self.earlierRequestIDs = earlierRequestIDs
    }

    static func invalid(_ field: String, _ message: String) -> ExclusionError { ExclusionError(.invalid, field: field, message) }

    public var description: String { "\(field): \(message)" }
}
