import Foundation

/// The key the parties page sorts and searches names by: the name lower-cased by Unicode's rules (every script, not
/// only ASCII as SQLite's `lower()`), in Unicode's composed form (NFC), so that "MÜLLER", "Müller" and "Mu\u{308}ller"
/// (a combining diaeresis) share one key. Computed here, once, by the app: stored in `parties.name_key` by both
/// backends and compared there byte by byte, so a name prefix is a range of the index on either.
public enum PartyNameKey {
    /// The key of `name` (also of a search prefix: a prefix of a name folds to a prefix of its key).
    public static func fold(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased().precomposedStringWithCanonicalMapping
    }

    /// How many parties a migration's backfill reads and writes at a time.
    static let backfillBatch = 1_000

    /// The next batch of parties after `id` (by id), for the backfill.
    static func batch(after id: String) -> SQLStatement {
        SQLStatement("SELECT id, name FROM parties WHERE id > ? ORDER BY id LIMIT ?", id, backfillBatch)
    }

    static let unfilled = SQLStatement("SELECT COUNT(*) FROM parties WHERE name_key IS NULL")

    /// The backfill left `count` parties without a key: the migration stops rather than let the search miss them.
    static func incomplete(_ count: Int64) -> StoreError {
        StoreError(.database, "migration v11-workbench-page-indexes: \(count) part\(count == 1 ? "y" : "ies") still without parties.name_key after the backfill")
    }
}
