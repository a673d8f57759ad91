import Logging
import PostgresNIO

/// The values migrations fill in from the app on PostgreSQL (`Schema.Backfill`), inside the migration's transaction.
extension PostgresStore {
    static func fill(_ backfill: Schema.Backfill, connection: PostgresConnection, logger: Logger) async throws {
        switch backfill {
        case .partyNameKeys:
            var last = ""
            while true {
                var ids: [String] = []
                var keys: [String] = []
                for try await (id, name) in try await connection.run(PartyNameKey.batch(after: last), logger: logger).decode((String, String).self) {
                    ids.append(id)
                    keys.append(PartyNameKey.fold(name))
                }
                guard let final = ids.last else { break }
                try await connection.query(
                    """
                    UPDATE parties SET name_key = t.key FROM unnest(\(ids)::text[], \(keys)::text[]) AS t (id, key)
                    WHERE parties.id = t.id
                    """, logger: logger)
                last = final
            }
            let unfilled = try await connection.integers(PartyNameKey.unfilled, logger: logger).first ?? 0
            guard unfilled == 0 else { throw PartyNameKey.incomplete(unfilled) }
        }
    }
}
