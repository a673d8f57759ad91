import BundledData
import Flows
import Foundation
import Operations
import Store
import Synchronization
import TariffExclusions
import Tariffs

@testable import Workbench

extension Harness {
    /// The bundled tariff and transfer tables, loaded once for every test.
    static let tariffs = Result { try TariffData(directory: BundledData.tariffsDirectory) }
    static let transferTables = Result { try TransferTables(directory: BundledData.transfersDirectory) }

    /// A harness as `make` builds it, with the real duty calculator and transfer checker over the bundled tables,
    /// a fourth user, `rita`, a reviewer, and the exclusion process on `clock`.
    static func makeWithTrade(_ backend: PageBackend, clock: MovableClock = MovableClock()) async throws -> Harness {
        let store = try await backend.makeStore()
        var service = try await ComplianceService.open(
            store: store, bundled: [list], determiner: try determiner.get(), manifest: nil, isKnownHTS10: { _ in true },
            trade: TradeCheckers(duty: { DutyCalculator(data: try tariffs.get()) }, transfers: { TransferChecker(tables: try transferTables.get()) }))
        service.exclusions = ExclusionService(store: store, isKnownHTS10: { _ in true }, clock: { Instant(milliseconds: clock.now()) })
        let accounts = try Accounts(store: store, policy: AccountPolicy(bcryptCost: 4))
        for (name, role) in [("root", Role.admin), ("ana", .analyst), ("sam", .screener), ("rita", .reviewer)] {
            _ = try await accounts.createUser(name: name, role: role, password: password, actor: "cli:test")
        }
        let workbench = try await Workbench(service: service, accounts: accounts, reads: try WorkbenchReads(store: store))
        return Harness(store: store, service: service, workbench: workbench, alertID: 0)
    }
}

/// A clock a test moves forward: the real time plus an offset.
final class MovableClock: Sendable {
    private let offset = Mutex<Int64>(0)

    /// Milliseconds since 1970, moved by every `advance`.
    func now() -> Int64 { StoreClock.milliseconds() + offset.withLock { $0 } }

    /// Moves the clock `days` forward.
    func advance(days: Int) { offset.withLock { $0 += Int64(days) * 86_400_000 } }
}
