import GRDB

/// The values migrations fill in from the app on SQLite (`Schema.Backfill`), inside the migration's transaction.
extension SQLiteStore {
    static func fill(_ backfill: Schema.Backfill, db: Database) throws {
        switch backfill {
        case .partyNameKeys:
            let update = try db.makeStatement(sql: "UPDATE parties SET name_key = ? WHERE id = ?")
            var last = ""
            while true {
                let rows = try db.rows(PartyNameKey.batch(after: last))
                guard let final = rows.last else { break }
                for row in rows {
                    let id: String = row[0]
                    let name: String = row[1]
                    try update.execute(arguments: [PartyNameKey.fold(name), id])
                }
                last = final[0]
            }
            let unfilled = try db.integers(PartyNameKey.unfilled).first ?? 0
            guard unfilled == 0 else { throw PartyNameKey.incomplete(unfilled) }
        }
    }
}
