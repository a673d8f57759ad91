/// One list as loaded from its files: its entries, what it is, and what could not be read.
public struct ParsedList: Sendable {
    public var metadata: ListMetadata
    public var entities: [Entity]
    /// Records that were malformed and skipped, each with file and line.
    public var issues: [ParseIssue]

    public init(metadata: ListMetadata, entities: [Entity], issues: [ParseIssue] = []) {
        self.metadata = metadata
        self.entities = entities
        self.issues = issues
    }
}

/// What a loaded list is: source, publication date, and the digest of the files it came from.
public struct ListMetadata: Sendable, Hashable, Codable {
    /// Source id, the prefix of every entity id: `ofac-sdn`, `ofac-cons`, `un`, `us-dpl`, `us-csl`, `uk`.
    public var source: String
    /// Human name of the list, e.g. `OFAC Specially Designated Nationals (SDN)`.
    public var name: String
    /// Publication date `YYYY-MM-DD` (or a timestamp) read from the file, else from the manifest.
    public var published: String?
    /// SHA-256 (hex) over the list's files in manifest order.
    public var sha256: String
    /// Set when the bundled file is known to be incomplete; says why.
    public var partial: String?

    public init(source: String, name: String, published: String?, sha256: String, partial: String? = nil) {
        self.source = source
        self.name = name
        self.published = published
        self.sha256 = sha256
        self.partial = partial
    }
}

/// A record that could not be read, reported with its place and skipped.
public struct ParseIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The column or element, when the problem is in one field.
    public var field: String?
    public var message: String

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file):\(line)\(field.map { " [\($0)]" } ?? ""): \(message)"
    }
}
