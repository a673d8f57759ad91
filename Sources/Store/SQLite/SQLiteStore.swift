import Audit
import Foundation
import GRDB
import TariffExclusions

/// The embedded store: one SQLite file through GRDB (WAL mode; writes are serialised by GRDB).
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let now: @Sendable () -> Int64
    /// Concurrent audit appends, batched into one transaction each (`SQLiteStore+AuditBatch.swift`).
    let auditAppends: AuditGroupCommit
    /// Concurrent measurement intakes, batched into one transaction each (`SQLiteStore+Monitor.swift`).
    let measurementCommits: MeasurementGroupCommit
    /// Concurrent API-key lookups and intakes' registry reads, each batch answered by one read.
    let keyLookups: KeyLookupBatch
    let partyLookups: MeasurementPartyLookups

    /// Opens (creating if needed) the database at `path`; call `migrate()` before use.
    public init(path: String, now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite database \(path): \(error)")
        }
        self.now = now
        self.auditAppends = AuditGroupCommit { [pool] drafts throws(StoreError) in try await Self.appendBatch(drafts, pool: pool, now: now) }
        self.measurementCommits = MeasurementGroupCommit { [pool] pending throws(StoreError) in
            try await Self.recordMeasurements(pending, pool: pool, now: now)
        }
        self.keyLookups = KeyLookupBatch { [pool] hashes throws(StoreError) in try await Self.keys(secretHashes: hashes, pool: pool) }
        self.partyLookups = MeasurementPartyLookups { [pool] keys throws(StoreError) in try await Self.measurementParties(keys, pool: pool) }
    }

    public func createKey(_ key: APIKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditRecord {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO api_keys (id, secret_hash, role, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key.id, key.secretHash, key.role.rawValue, key.createdAt])
            return try Self.append(audit, db: db, at: self.now())
        }
    }

    /// Concurrent lookups share one read (`KeyLookupBatch`); each still reads what was committed when it arrived.
    public func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await keyLookups.key(secretHash: secretHash)
    }

    /// The unrevoked keys among `secretHashes`, by secret hash, in one read; a stored key whose role this build
    /// does not know is left out (refused).
    static func keys(secretHashes: [String], pool: DatabasePool) async throws(StoreError) -> [String: APIKeyRecord] {
        try await run {
            try await pool.read { db in
                let statement = try db.cachedStatement(sql: "SELECT id, secret_hash, role, created_at FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL")
                var keys: [String: APIKeyRecord] = [:]
                for hash in secretHashes {
                    guard let row = try Row.fetchOne(statement, arguments: [hash]), let role = Role(rawValue: row["role"]) else { continue }
                    keys[hash] = APIKeyRecord(id: row["id"], secretHash: row["secret_hash"], role: role, createdAt: row["created_at"])
                }
                return keys
            }
        }
    }

    /// Runs raw SQL (tests use it to tamper with the audit log as an attacker would).
    public func execute(_ sql: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: sql) }
    }

    // MARK: - Helpers

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await run { try await self.pool.write(body) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await run { try await self.pool.read(body) }
    }

    func run<T: Sendable>(_ body: () async throws -> T) async throws(StoreError) -> T {
        try await Self.run(body)
    }

    static func run<T: Sendable>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "SQLite: \(error)")
        }
    }
}

/// The wall clock, in milliseconds since 1970, as stores stamp records.
public enum StoreClock {
    @Sendable public static func milliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
