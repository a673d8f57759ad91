import BundledData
import Determination
import Foundation

/// The bundled tables and a determiner over them, loaded once for all engine tests.
enum Fixture {
    static let reference: ReferenceData = {
        do { return try ReferenceData(directory: BundledData.earDirectory) } catch { fatalError("\(error)") }
    }()
    static let determiner: Determiner = {
        do { return try Determiner(reference: reference) } catch { fatalError("\(error)") }
    }()
    static let enforcingAIDiffusion: Determiner = {
        do { return try Determiner(reference: reference, policy: DeterminationPolicy(aiDiffusionEnforced: true)) } catch {
            fatalError("\(error)")
        }
    }()

    /// Determines `eccn` to `destination` with the given CLI-style fields.
    static func determine(
        _ eccn: String, to destination: String, endUses: [String] = [], endUserCountry: String? = nil,
        parentCountry: String? = nil, value: String? = nil, date: String? = nil, facts: [String] = [],
        parties: [PartyScreening] = [], transit: [String] = [], usContent: String? = nil, redFlags: [String] = [],
        using engine: Determiner = determiner
    ) throws -> Determination {
        var input = Determiner.Input(eccn: eccn, destination: destination)
        input.endUses = endUses
        input.endUserCountry = endUserCountry
        input.parentCountry = parentCountry
        input.value = value
        input.date = date
        input.facts = facts
        input.transit = transit
        input.usContent = usContent
        input.redFlags = redFlags
        return try engine.determine(engine.request(from: input, parties: parties))
    }
}

extension Determination {
    /// The findings with a given outcome.
    func findings(_ outcome: Outcome) -> [Finding] { findings.filter { $0.outcome == outcome } }

    /// The license-required findings' reasons, e.g. `["NS2"]`.
    var requiredReasons: [String] { findings(.licenseRequired).map(\.reason) }

    /// The candidate exception with `code`.
    func exception(_ code: String) -> LicenseExceptionCandidate? { licenseExceptions.first { $0.code == code } }
}
