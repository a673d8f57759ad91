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
                    INSERT INTO parties (id, name, type, country, dob, digest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, country = excluded.country,
                        dob = excluded.dob, digest = excluded.digest, updated_at = excluded.updated_at
                    """)
            var outcomes: [ScreeningOutcome] = []
            outcomes.reserveCapacity(screenings.count)
            for screening in screenings {
                let party = screening.party
                try upsert.execute(arguments: [party.id, party.name, party.type, party.country, party.dateOfBirth, party.digest, time])
                outcomes.append(try Self.record(party, screening.candidates, db: db, at: time))
            }
            _ = try Self.append(audit, db: db, at: time)
            return outcomes
        }
    }

    public func importListVersion(_ change: ListVersionSwitch, audit: AuditDraft) async throws(StoreError) -> ListVersionSwitched {
        let result: Result<ListVersionSwitched, StoreError> = try await write { db in
            let version = change.version
            let time = self.now()
            let active = try Int64.fetchOne(
                db, sql: "SELECT id FROM list_versions WHERE source = ? AND active = 1", arguments: [version.source])
            guard active == change.replacing else {
                return .failure(StoreError(.conflict, Self.replacedMeanwhile(version.source, expected: change.replacing, active: active)))
            }
            if let active {
                try db.execute(sql: "UPDATE list_versions SET active = 0 WHERE id = ?", arguments: [active])
            }
            try db.execute(
                sql: """
                    INSERT INTO list_versions (source, name, published, sha256, partial, entity_count, imported_at, active)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    """,
                arguments: [version.source, version.name, version.published, version.sha256, version.partial, version.entities.count, time])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO list_entities (version_id, entity_id, digest, entity_json) VALUES (?, ?, ?, ?)")
            for entity in version.entities {
                try insert.execute(arguments: [id, entity.id, entity.digest, entity.json])
            }
            var delisted = 0
            let close = try db.makeStatement(
                sql: "UPDATE alerts SET status = 'delisted', decided_at = ?, decided_by = ?, reason = ? WHERE entity_id = ? AND status = 'open'")
            for entity in change.removed {
                try close.execute(arguments: [time, audit.actor, "the entity left \(version.source) in version \(id)", entity])
                delisted += db.changesCount
            }
            let job = try change.rescreenChunkSize.map { chunkSize in
                try Self.enqueueRescreen(source: version.source, versionID: id, previousVersionID: active, chunkSize: chunkSize, db: db, at: time)
            }
            _ = try Self.append(audit, db: db, at: time)
            guard let stored = try Row.fetchOne(db, sql: Self.versionColumns + " WHERE id = ?", arguments: [id]).map(Self.version(row:)) else {
                throw StoreError(.database, "the imported list version \(id) could not be read back")
            }
            return .success(ListVersionSwitched(version: stored, delistedAlerts: delisted, job: job))
        }
        return try result.get()
    }

    /// Why a switch was refused because another import made a different version active first.
    static func replacedMeanwhile(_ source: String, expected: Int64?, active: Int64?) -> String {
        "the active version of \(source) is \(active.map { "version \($0)" } ?? "none"), not "
            + "\(expected.map { "version \($0)" } ?? "none") as when this import compared against it: another import ran meanwhile; import again"
    }

    /// Queues a re-screening job over every stored party, cut into chunks of `chunkSize` by id, inside the caller's transaction.
    private static func enqueueRescreen(
        source: String, versionID: Int64, previousVersionID: Int64?, chunkSize: Int, db: Database, at time: Int64
    ) throws -> RescreenJob {
        try db.execute(
            sql: "INSERT INTO rescreen_jobs (source, version_id, previous_version_id, created_at) VALUES (?, ?, ?, ?)",
            arguments: [source, versionID, previousVersionID, time])
        let job = db.lastInsertedRowID
        let insert = try db.makeStatement(
            sql: "INSERT INTO rescreen_chunks (job_id, first_party, last_party, status) VALUES (?, ?, ?, 'pending')")
        var chunks = 0
        var first: String?
        var last = ""
        var count = 0
        let ids = try String.fetchCursor(db, sql: "SELECT id FROM parties ORDER BY id")
        while let id = try ids.next() {
            if first == nil { first = id }
            last = id
            count += 1
            if count == chunkSize, let start = first {
                try insert.execute(arguments: [job, start, last])
                chunks += 1
                first = nil
                count = 0
            }
        }
        if let start = first {
            try insert.execute(arguments: [job, start, last])
            chunks += 1
        }
        return RescreenJob(id: job, chunks: chunks)
    }
}
