/// The two SQL dialects the store speaks, and the few places where their text differs.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// How an auto-numbered key is declared.
    var serialKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }

    /// The clause that locks the rows a SELECT reads until the transaction ends (SQLite serialises
    /// writers, so it needs none).
    var rowLock: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE"
        }
    }

    /// `rowLock` for a queue: rows another transaction holds are passed over rather than waited for.
    var queueLock: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }
}
