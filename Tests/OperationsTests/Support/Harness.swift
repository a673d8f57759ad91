import DataFormats
import Audit
import BundledData
import Determination
import Foundation
import Metrics
import MetricsTestKit
import Screening
import Store
import Testing

@testable import Operations

/// A service opened as `clearance serve` opens it (the store's list versions, the bundled EAR tables), over a fresh store
/// of one backend; the lists the store lacks are imported first, so every test starts from a few `lists.import` records.
struct Harness: Sendable {
    let store: any Store
    let execute: @Sendable (String) async throws -> Void
    let service: ComplianceService

    /// The EAR tables, read once for every test.
    static let determiner = Result { () throws(TableDataError) in try Determiner(reference: ReferenceData(directory: BundledData.earDirectory)) }
    static let kek = ReleaseSigningTests.kek

    /// The service over a fresh store of `backend`, opened with `lists` (imported into the store by `system`).
    static func make(_ backend: ServiceBackend, lists: [ParsedList] = FixtureLists.all, removalLimit: Double? = nil) async throws -> Harness {
        let (store, execute) = try await backend.makeStore()
        var service = try await open(store, lists: lists)
        if let removalLimit { service.listRemovalLimit = removalLimit }
        return Harness(store: store, execute: execute, service: service)
    }

    /// A service over `store` as `clearance serve` opens it.
    static func open(_ store: any Store, lists: [ParsedList] = FixtureLists.all, indexCache: IndexCache? = nil) async throws -> ComplianceService {
        try await ComplianceService.open(
            store: store, bundled: lists, determiner: try determiner.get(), manifest: try ListManifest.read(from: BundledData.listsDirectory),
            isKnownHTS10: { _ in true }, trade: TradeCheckers(duty: { throw Unused() }, transfers: { throw Unused() }),
            keyEncryptionKey: kek, indexCache: indexCache)
    }

    /// The duty and transfer tables: no operation under test reads them.
    struct Unused: Error {}

    /// The sequence of the last audit record (0 for none): what a test appends comes after it.
    func head() async throws -> Int64 {
        try await store.auditRecords(after: 0, limit: 100_000).last?.sequence ?? 0
    }

    /// The audit records after `sequence`, in order.
    func records(after sequence: Int64) async throws -> [AuditRecord] {
        try await store.auditRecords(after: sequence, limit: 100_000)
    }

    /// Whether the whole audit chain verifies.
    func chainIsIntact() async throws -> Bool {
        try await store.verifyAudit().isIntact
    }

    /// Runs `operation` with its own metrics, and returns them beside its result.
    static func measuring<T: Sendable>(_ operation: () async throws -> T) async throws -> (T, TestMetrics) {
        let metrics = TestMetrics()
        let result = try await withMetricsFactory(metrics) { try await operation() }
        return (result, metrics)
    }
}

/// The digest the audit records for `text` given as input.
func digest(_ text: String) -> String { AuditRecord.digest(Data(text.utf8)) }
