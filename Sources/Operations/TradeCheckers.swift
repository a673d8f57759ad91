import Flows
import Tariffs

/// The duty calculator and transfer checker the service answers `POST /v1/duty` and `POST /v1/transfer`
/// from, each loaded on first use (the tables take a few hundred milliseconds to read).
public struct TradeCheckers: Sendable {
    /// The duty calculator over the tariff tables; throws when they cannot be loaded.
    public let duty: @Sendable () throws -> DutyCalculator
    /// The transfer checker over the transfer tables; throws when they cannot be loaded.
    public let transfers: @Sendable () throws -> TransferChecker

    /// Checkers from two loaders (which should cache what they load).
    public init(duty: @escaping @Sendable () throws -> DutyCalculator, transfers: @escaping @Sendable () throws -> TransferChecker) {
        self.duty = duty
        self.transfers = transfers
    }
}
