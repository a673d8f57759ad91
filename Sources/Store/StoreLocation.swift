import Foundation

/// Where the store lives, from a `--database` value: a SQLite file path, or a `postgres://` URL.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default: `clearance.sqlite` in the working directory.
    public static let defaultPath = "clearance.sqlite"

    public init(_ text: String) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.contains("://") {
            throw StoreError(.badLocation, "--database \(text): use a file path for SQLite or a postgres:// URL")
        } else if trimmed.isEmpty {
            throw StoreError(.badLocation, "--database is empty: give a file path or a postgres:// URL")
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// Opens the store and brings its schema up to date; on PostgreSQL a call that gets no connection within
    /// `leaseTimeout` fails as unavailable.
    public func open(leaseTimeout: Duration = PostgresStore.defaultLeaseTimeout) async throws(StoreError) -> any Store {
        let store: any Store
        switch self {
        case .sqlite(let path): store = try SQLiteStore(path: path)
        case .postgres(let url): store = try PostgresStore(url: url, leaseTimeout: leaseTimeout)
        }
        try await store.migrate()
        return store
    }

    /// The location without a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
            let credentials = url[scheme.upperBound..<at]
            let user = credentials.split(separator: ":").first.map(String.init) ?? ""
            return url[..<scheme.upperBound] + user + (credentials.contains(":") ? ":***" : "") + url[at...]
        }
    }
}
