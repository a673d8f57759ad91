import BundledData
import Tariffs

/// The bundled tariff tables, loaded once for every test.
enum Bundled {
    static let data: TariffData = {
        do {
            return try TariffData(directory: BundledData.tariffsDirectory)
        } catch {
            fatalError("the bundled tariff tables do not load: \(error)")
        }
    }()
    static let calculator = DutyCalculator(data: data)
}
