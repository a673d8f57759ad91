import Audit
import Foundation
import Logging
import PostgresNIO

/// Party imports and list-version switches: each one transaction with its screenings, its
/// re-screening job and its audit record, so a process killed at any moment leaves no party
/// unscreened and no version without its job.
extension PostgresStore {
    public func partyDigests(ids: [String]) async throws(StoreError) -> [String: String] {
        try await run { connection, logger in
            var digests: [String: String] = [:]
            for try await (id, digest) in try await connection.query(
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
                let keys = names.map(PartyNameKey.fold)
                let types = parties.map { $0.type ?? "" }
                let countries = parties.map { $0.country ?? "" }
                let dobs = parties.map { $0.dateOfBirth ?? "" }
                let digests = parties.map(\.digest)
                try await connection.query(
                    """
                    INSERT INTO parties (id, name, name_key, type, country, dob, digest, updated_at)
                    SELECT id, name, name_key, NULLIF(type, ''), NULLIF(country, ''), NULLIF(dob, ''), digest, \(time)
                    FROM unnest(
                        \(ids)::text[], \(names)::text[], \(keys)::text[], \(types)::text[], \(countries)::text[], \(dobs)::text[],
                        \(digests)::text[]
                    ) AS t (id, name, name_key, type, country, dob, digest)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, type = excluded.type,
                        country = excluded.country, dob = excluded.dob, digest = excluded.digest, updated_at = excluded.updated_at
                    """, logger: logger)
            }
            let outcomes = try await Self.record(screenings, connection: connection, logger: logger, at: time)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return outcomes
        }
    }

    public func importListVersion(_ change: ListVersionSwitch, audit: AuditDraft) async throws(StoreError) -> ListVersionSwitched {
        try await transaction { connection, logger in
            let version = change.version
            let time = self.now()
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            let active = try await connection.integers(ListStatements.activeVersion(of: version.source, .postgres), logger: logger).first
            guard active == change.replacing else {
                throw ListStatements.replacedMeanwhile(version.source, expected: change.replacing, active: active)
            }
            if let active { try await connection.run(ListStatements.deactivate(active), logger: logger) }
            guard let id = try await connection.integers(ListStatements.insert(version, at: time), logger: logger).first else {
                throw ListStatements.unstored(version)
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
                let reason = ListStatements.delistReason(version.source, version: id)
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
            let stored = try await Self.versions(connection.query("\(unescaped: ListStatements.versionColumns) WHERE id = \(id)", logger: logger)).first
            guard let stored else { throw ListStatements.unreadable(version: id) }
            return ListVersionSwitched(version: stored, delistedAlerts: delisted, job: job)
        }
    }

    public func activeListVersions() async throws(StoreError) -> [ListVersionRecord] {
        try await run { connection, logger in
            try await Self.versions(connection.query("\(unescaped: ListStatements.versionColumns) WHERE active = 1 ORDER BY source", logger: logger))
        }
    }

    public func entities(versionID: Int64) async throws(StoreError) -> [StoredEntity] {
        try await run { connection, logger in
            var entities: [StoredEntity] = []
            for try await (id, digest, json) in try await connection.query(
                "SELECT entity_id, digest, entity_json FROM list_entities WHERE version_id = \(versionID) ORDER BY entity_id",
                logger: logger
            ).decode((String, String, String).self) {
                entities.append(StoredEntity(id: id, digest: digest, json: json))
            }
            return entities
        }
    }

    /// Queues a re-screening job over every stored party, cut into chunks of `chunkSize` by id, inside the caller's transaction.
    private static func enqueueRescreen(
        source: String, versionID: Int64, previousVersionID: Int64?, chunkSize: Int, connection: PostgresConnection, logger: Logger,
        at time: Int64
    ) async throws -> RescreenJob {
        let queued = ListStatements.queueJob(source: source, versionID: versionID, previous: previousVersionID, at: time)
        guard let job = try await connection.integers(queued, logger: logger).first else { throw ListStatements.unreadable(job: versionID) }
        return RescreenJob(id: job, chunks: try await connection.integers(Statements.sliceParties(job: job, chunkSize: chunkSize), logger: logger).count)
    }

    private static func versions(_ rows: PostgresRowSequence) async throws -> [ListVersionRecord] {
        var versions: [ListVersionRecord] = []
        for try await (id, source, name, published, sha, partial, count, imported, active) in rows.decode(
            (Int64, String, String, String?, String, String?, Int64, Int64, Int32).self)
        {
            versions.append(
                ListVersionRecord(
                    id: id, source: source, name: name, published: published, sha256: sha, partial: partial,
                    entityCount: Int(count), importedAt: imported, active: active == 1))
        }
        return versions
    }
}
