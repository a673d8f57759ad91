import Audit
import Foundation
import Logging
import PostgresNIO
import TariffExclusions

/// The store on a PostgreSQL server through postgres-nio, for several service and worker processes.
///
/// The connection pool runs in a task the store starts; call `shutdown()` when done.
public final class PostgresStore: Store {
    let client: PostgresClient
    /// Connections from `client` with a deadline on the wait (`PostgresLeases.swift`).
    let leases: PostgresLeases
    private let runner: Task<Void, Never>
    let logger: Logger
    let now: @Sendable () -> Int64
    /// Concurrent audit appends, batched into one transaction each (`PostgresStore+Audit.swift`).
    let auditAppends: AuditGroupCommit
    /// Concurrent measurement intakes, batched into one transaction each (`PostgresStore+Monitor.swift`).
    let measurementCommits: MeasurementGroupCommit
    /// Concurrent intakes' landmark and device reads, answered by one read each batch (`PostgresStore+Monitor.swift`).
    let partyLookups: MeasurementPartyLookups
    /// Concurrent API-key lookups, answered by one query each batch (`PostgresStore+KeyLookup.swift`).
    let keyLookups: KeyLookupBatch

    /// The advisory lock that serialises audit appends (and migrations) across processes.
    static let auditLock: Int64 = 0x636c_6561_7261_6e63
    static let migrationLock: Int64 = 0x636c_6561_7261_6e64

    /// How long a call waits for a connection before it tries a fresh one: if that fails too (the server down,
    /// unreachable or refusing connections) the call fails as unavailable; if it succeeds the wait goes on.
    public static let defaultLeaseTimeout: Duration = .seconds(10)

    /// Connects to `url` (`postgres://user:password@host:port/database`); call `migrate()` before use. A call
    /// that gets no connection within `leaseTimeout` and cannot open a fresh one either (the server is down,
    /// unreachable or refusing connections) fails with `StoreError.unavailable` naming why, instead of waiting.
    public init(
        url: String, now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds, leaseTimeout: Duration = defaultLeaseTimeout
    ) throws(StoreError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError(.badLocation, "\(url) is not a postgres://user:password@host:port/database URL")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let port = components.port ?? 5432, username = components.user ?? "postgres"
        let name = database.isEmpty ? nil : database
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: components.password, database: name, tls: .disable)
        configuration.options.maximumConnections = 8
        var logger = Logger(label: "clearance.store.postgres")
        logger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        let probe = PostgresProbe(
            configuration: PostgresConnection.Configuration(
                host: host, port: port, username: username, password: components.password, database: name, tls: .disable),
            logger: logger)
        let leases = PostgresLeases(client: client, probe: probe, timeout: leaseTimeout)
        self.leases = leases
        self.logger = logger
        self.now = now
        self.runner = Task { await client.run() }
        let hint = AuditHeadHint()
        self.auditAppends = AuditGroupCommit { [logger] drafts throws(StoreError) in
            try await Self.appendBatch(drafts, leases: leases, logger: logger, now: now, hint: hint)
        }
        self.measurementCommits = MeasurementGroupCommit { [logger] pending throws(StoreError) in
            try await Self.recordMeasurements(pending, leases: leases, logger: logger, now: now)
        }
        self.partyLookups = MeasurementPartyLookups { [logger] keys throws(StoreError) in
            try await Self.measurementParties(keys, leases: leases, logger: logger)
        }
        self.keyLookups = KeyLookupBatch { [logger] hashes throws(StoreError) in
            try await Self.keys(secretHashes: hashes, leases: leases, logger: logger)
        }
    }

    /// Closes the connections.
    public func shutdown() {
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }

    public func createKey(_ key: APIKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditRecord {
        try await transaction { connection, logger in
            try await connection.query(
                """
                INSERT INTO api_keys (id, secret_hash, role, created_at)
                VALUES (\(key.id), \(key.secretHash), \(key.role.rawValue), \(key.createdAt))
                """, logger: logger)
            return try await self.append(audit, connection: connection, logger: logger)
        }
    }

    /// Concurrent lookups share one query (`KeyLookupBatch`); each still reads what was committed when it arrived.
    public func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await keyLookups.key(secretHash: secretHash)
    }

    /// Runs raw SQL (tests use it to tamper with the audit log as an attacker would).
    public func execute(_ sql: String) async throws(StoreError) {
        try await run { connection, logger in _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    // MARK: - Helpers

    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection, Logger) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await leases.withTransaction(logger: logger) { [logger] connection in try await body(connection, logger) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    /// Runs `body` on one leased connection (statements outside a transaction: each commits on its own).
    func run<T: Sendable>(_ body: @Sendable (PostgresConnection, Logger) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await leases.withConnection { [logger] connection in try await body(connection, logger) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    static func wrap(_ error: Error) -> StoreError {
        if let store = error as? StoreError { return store }
        if let transaction = error as? PostgresTransactionError {
            return wrap(transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError ?? error)
        }
        if let psql = error as? PSQLError {
            return StoreError(.database, "PostgreSQL: \(psql.serverInfo?[.message] ?? String(reflecting: psql.code))")
        }
        return StoreError(.unavailable, "PostgreSQL: \(error)")
    }
}
