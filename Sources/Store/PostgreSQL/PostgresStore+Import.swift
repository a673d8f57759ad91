import Audit
import Foundation
import Logging
import PostgresNIO

/// Party imports and list-version switches: each one transaction with its screenings, its
/// re-screening job and its audit record, so a process killed at any moment leaves no party
/// unscreened and no version without its job.
extension PostgresStore {
    public func partyDigests(ids: [String]) async throws(StoreError) -> [String: String] {
        try await run { client, logger in
            var digests: [String: String] = [:]
            for try await (id, digest) in try await client.query(
                "SELECT id, digest FROM parties WHERE id = ANY(\(ids)::text[])", logger: logger
            ).decode((String, String).self) {
                digests[id] = digest
            }
            return digests
        }
    }

    public func importParties(_ screenings: [PartyScreeningResult], audit: AuditDraft) async throws(StoreError)
        -> [ScreeningOutcome]
    {
        try await transaction { connection, logger in
            let time = self.now()
            let parties = screenings.map(\.party)
            if !parties.isEmpty {
                let ids = parties.map(\.id)
                let names = parties.map(\.name)
                let types = parties.map { $0.type ?? "" }
                let countries = parties.map { $0.country ?? "" }
                let dobs = parties.map { $0.dateOfBirth ?? "" }
                let digests = parties.map(\.digest)
                try await connection.query(
                    """
                    INSERT INTO parties (id, name, type, country, dob, digest, updated_at)
                    SELECT id, name, NULLIF(type, ''), NULLIF(country, ''), NULLIF(dob, ''), digest, \(time)
                    FROM unnest(\(ids)::text[], \(names)::text[], \(types)::text[], \(countries)::text[], \(dobs)::text[], \(digests)::text[])
                        AS t (id, name, type, country, dob, digest)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, country = excluded.country,
                        dob = excluded.dob, digest = excluded.digest, updated_at = excluded.updated_at
                    """, logger: logger)
            }
            var outcomes: [ScreeningOutcome] = []
            outcomes.reserveCapacity(screenings.count)
            for screening in screenings {
                outcomes.append(
                    try await Self.record(screening.party, screening.candidates, connection: connection, logger: logger, at: time))
            }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return outcomes
        }
    }

    public func importListVersion(_ change: ListVersionSwitch, audit: AuditDraft) async throws(StoreError) -> ListVersionSwitched {
        let result: Result<ListVersionSwitched, StoreError> = try await transaction { connection, logger in
            let version = change.version
            let time = self.now()
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            var active: Int64?
            for try await id in try await connection.query(
                "SELECT id FROM list_versions WHERE source = \(version.source) AND active = 1 FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                active = id
            }
            guard active == change.replacing else {
                return .failure(
                    StoreError(.conflict, SQLiteStore.replacedMeanwhile(version.source, expected: change.replacing, active: active)))
            }
            if let active {
                try await connection.query("UPDATE list_versions SET active = 0 WHERE id = \(active)", logger: logger)
            }
            var id: Int64 = 0
            for try await value in try await connection.query(
                """
                INSERT INTO list_versions (source, name, published, sha256, partial, entity_count, imported_at, active)
                VALUES (\(version.source), \(version.name), \(version.published), \(version.sha256), \(version.partial),
                    \(Int64(version.entities.count)), \(time), 1)
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                id = value
            }
            var start = 0
            while start < version.entities.count {
                let chunk = version.entities[start..<min(start + 2_000, version.entities.count)]
                start += chunk.count
                let ids = chunk.map(\.id)
                let digests = chunk.map(\.digest)
                let jsons = chunk.map(\.json)
                try await connection.query(
                    """
                    INSERT INTO list_entities (version_id, entity_id, digest, entity_json)
                    SELECT \(id), entity, digest, body FROM unnest(\(ids)::text[], \(digests)::text[], \(jsons)::text[]) AS t (entity, digest, body)
                    """, logger: logger)
            }
            var delisted = 0
            if !change.removed.isEmpty {
                let reason = "the entity left \(version.source) in version \(id)"
                for try await _ in try await connection.query(
                    """
                    UPDATE alerts SET status = 'delisted', decided_at = \(time), decided_by = \(audit.actor), reason = \(reason)
                    WHERE status = 'open' AND entity_id = ANY(\(change.removed)::text[]) RETURNING id
                    """, logger: logger
                ).decode(Int64.self) {
                    delisted += 1
                }
            }
            var job: RescreenJob?
            if let chunkSize = change.rescreenChunkSize {
                job = try await Self.enqueueRescreen(
                    source: version.source, versionID: id, previousVersionID: active, chunkSize: chunkSize, connection: connection,
                    logger: logger, at: time)
            }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            let stored = try await Self.versions(
                connection.query("\(unescaped: Self.versionColumns) WHERE id = \(id)", logger: logger)
            ).first
            guard let stored else { throw StoreError(.database, "the imported list version \(id) could not be read back") }
            return .success(ListVersionSwitched(version: stored, delistedAlerts: delisted, job: job))
        }
        return try result.get()
    }

    /// Queues a re-screening job over every stored party, cut into chunks of `chunkSize` by id, inside the caller's transaction.
    private static func enqueueRescreen(
        source: String, versionID: Int64, previousVersionID: Int64?, chunkSize: Int, connection: PostgresConnection, logger: Logger,
        at time: Int64
    ) async throws -> RescreenJob {
        var job: Int64 = 0
        for try await id in try await connection.query(
            """
            INSERT INTO rescreen_jobs (source, version_id, previous_version_id, created_at)
            VALUES (\(source), \(versionID), \(previousVersionID), \(time)) RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            job = id
        }
        var chunks = 0
        for try await _ in try await connection.query(
            """
            INSERT INTO rescreen_chunks (job_id, first_party, last_party, status)
            SELECT \(job), MIN(id), MAX(id), 'pending' FROM (
                SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / \(Int64(chunkSize)) AS slice FROM parties
            ) numbered GROUP BY slice ORDER BY slice
            RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            chunks += 1
        }
        return RescreenJob(id: job, chunks: chunks)
    }
}
