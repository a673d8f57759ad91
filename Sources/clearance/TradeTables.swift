import BundledData
import Flows
import Operations
import Tariffs

/// The bundled trade tables, each loaded on first use: the tariff schedule (duties, and the HTS-10 check of
/// exclusion requests) and the transfer tables.
enum TradeTables {
    private static let tariffs = Result { try TariffData(directory: BundledData.tariffsDirectory) }
    private static let transfers = Result { try TransferTables(directory: BundledData.transfersDirectory) }

    /// Whether `key` (ten digits) is a statistical reporting number of the 2025 schedule. When the
    /// bundled tables cannot be read every code is refused, so no request names a number unchecked.
    @Sendable static func isKnownHTS10(_ key: String) -> Bool {
        guard let code = HTSCode(key), code.isStatistical, let data = try? tariffs.get() else { return false }
        return data.contains(code)
    }

    /// The service's duty calculator and transfer checker over the bundled tables.
    static let checkers = TradeCheckers(
        duty: { DutyCalculator(data: try tariffs.get()) },
        transfers: { TransferChecker(tables: try transfers.get()) })
}
