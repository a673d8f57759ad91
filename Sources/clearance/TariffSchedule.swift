import BundledData
import Tariffs

/// The bundled tariff schedule, loaded on first use, for checking the HTS-10 code of an exclusion request.
enum TariffSchedule {
    private static let data = Result { try TariffData(directory: BundledData.tariffsDirectory) }

    /// Whether `key` (ten digits) is a statistical reporting number of the 2025 schedule. When the
    /// bundled tables cannot be read every code is refused, so no request names a number unchecked.
    @Sendable static func isKnownHTS10(_ key: String) -> Bool {
        guard let code = HTSCode(key), code.isStatistical, let data = try? data.get() else { return false }
        return data.contains(code)
    }
}
