import Audit
import Foundation
import GRDB

/// Party imports and list-version switches: each one transaction with its screenings, its
/// re-screening job and its audit record, so a process killed at any moment leaves no party
/// unscreened and no version without its job.
extension SQLiteStore {
    public func partyDigests(ids: [String]) async throws(StoreError) -> [String: String] {
        try await read { db in
            let select = try db.makeStatement(sql: "SELECT digest FROM parties WHERE id = ?")
            var digests: [String: String] = [:]
            for id in ids where digests[id] == nil {
                if let digest = try String.fetchOne(select, arguments: [id]) { digests[id] = digest }
            }
            return digests
        }
    }

    public func importParties(_ screenings: [PartyScreeningResult], audit: AuditDraft) async throws(StoreError)
        -> [ScreeningOutcome]
    {
        try await write { db in
            let time = self.now()
            let upsert = try db.makeStatement(
                sql: """
                    INSERT INTO parties (id, name, name_key, type, country, dob, digest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, type = excluded.type,
                        country = excluded.country, dob = excluded.dob, digest = excluded.digest, updated_at = excluded.updated_at
                    """)
            var outcomes: [ScreeningOutcome] = []
            outcomes.reserveCapacity(screenings.count)
            for screening in screenings {
                let party = screening.party
                try upsert.execute(arguments: [party.id, party.name, PartyNameKey.fold(party.name), party.type, party.country, party.dateOfBirth, party.digest, time])
                outcomes.append(try Self.record(party, screening.candidates, db: db, at: time))
            }
            _ = try Self.append(audit, db: db, at: time)
            return outcomes
        }
    }

    public func importListVersion(_ change: ListVersionSwitch, audit: AuditDraft) async throws(StoreError) -> ListVersionSwitched {
        try await write { db in
            let version = change.version
            let time = self.now()
            let active = try db.integers(ListStatements.activeVersion(of: version.source, .sqlite)).first
            guard active == change.replacing else { throw ListStatements.replacedMeanwhile(version.source, expected: change.replacing, active: active) }
            if let active { try db.execute(ListStatements.deactivate(active)) }
            guard let id = try db.integers(ListStatements.insert(version, at: time)).first else { throw ListStatements.unstored(version) }
            let insert = try db.makeStatement(sql: "INSERT INTO list_entities (version_id, entity_id, digest, entity_json) VALUES (?, ?, ?, ?)")
            for entity in version.entities {
                try insert.execute(arguments: [id, entity.id, entity.digest, entity.json])
            }
            var delisted = 0
            let close = try db.makeStatement(
                sql: "UPDATE alerts SET status = 'delisted', decided_at = ?, decided_by = ?, reason = ? WHERE entity_id = ? AND status = 'open'")
            for entity in change.removed {
                try close.execute(arguments: [time, audit.actor, ListStatements.delistReason(version.source, version: id), entity])
                delisted += db.changesCount
            }
            let job = try change.rescreenChunkSize.map { chunkSize in
                try Self.enqueueRescreen(source: version.source, versionID: id, previousVersionID: active, chunkSize: chunkSize, db: db, at: time)
            }
            _ = try Self.append(audit, db: db, at: time)
            guard let stored = try Self.versions(db, "WHERE id = ?", [id]).first else { throw ListStatements.unreadable(version: id) }
            return ListVersionSwitched(version: stored, delistedAlerts: delisted, job: job)
        }
    }

    public func activeListVersions() async throws(StoreError) -> [ListVersionRecord] {
        try await read { db in try Self.versions(db, "WHERE active = 1 ORDER BY source", []) }
    }

    public func entities(versionID: Int64) async throws(StoreError) -> [StoredEntity] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT entity_id, digest, entity_json FROM list_entities WHERE version_id = ? ORDER BY entity_id",
                arguments: [versionID]
            ).map { StoredEntity(id: $0["entity_id"], digest: $0["digest"], json: $0["entity_json"]) }
        }
    }

    /// Queues a re-screening job over every stored party, cut into chunks of `chunkSize` by id, inside the caller's transaction.
    private static func enqueueRescreen(
        source: String, versionID: Int64, previousVersionID: Int64?, chunkSize: Int, db: Database, at time: Int64
    ) throws -> RescreenJob {
        guard let job = try db.integers(ListStatements.queueJob(source: source, versionID: versionID, previous: previousVersionID, at: time)).first
        else { throw ListStatements.unreadable(job: versionID) }
        return RescreenJob(id: job, chunks: try db.integers(Statements.sliceParties(job: job, chunkSize: chunkSize)).count)
    }

    private static func versions(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws -> [ListVersionRecord] {
        try Row.fetchAll(db, sql: ListStatements.versionColumns + " " + condition, arguments: arguments).map { row in
            ListVersionRecord(
                id: row["id"], source: row["source"], name: row["name"], published: row["published"], sha256: row["sha256"],
                partial: row["partial"], entityCount: row["entity_count"], importedAt: row["imported_at"], active: (row["active"] as Int) == 1)
        }
    }
}
