import Determination
import Enforcement
import Foundation
import DataFormats

/// A determination with its id (its audit sequence) and, for LICENSE_REQUIRED, the stored licence that would
/// authorise it or what each licence lacks.
public struct LicensedDetermination: Sendable {
    public var determinationID: Int64
    public var determination: Determination
    public var licensing: LicensingView?

    /// `{"determination_id": …, "licensing": …}` followed by the fields of the CLI's `determine --format json`.
    public func json() throws -> String {
        var line = determination.jsonLine()
        line.removeFirst()
        var head = "{\"determination_id\":\(determinationID),"
        if let licensing {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            head += "\"licensing\":" + String(decoding: try encoder.encode(licensing), as: UTF8.self) + ","
        }
        return head + line
    }
}

extension ComplianceService {
    /// Determines a transaction (screening its parties, audited, as `determine` does), then checks the stored
    /// licences against it: the transaction is dated `input.date` or today (UTC), its end user is the first party,
    /// and its value is `input.value` (0 when not a number).
    public func determineWithLicensing(_ input: Determiner.Input, parties: [String], actor: String, body: Data) async throws
        -> LicensedDetermination
    {
        let result = try await determine(input, parties: parties, actor: actor, body: body)
        var licensing: LicensingView?
        if let date = CivilDate(input.date ?? Self.today()) {
            let transaction = LicenseCoverage.Transaction(
                date: date, endUser: parties.first, endUses: input.endUses, value: Double(input.value ?? "") ?? 0)
            licensing = try await self.licensing(for: result.determination, transaction: transaction)
        }
        return LicensedDetermination(determinationID: result.determinationID, determination: result.determination, licensing: licensing)
    }
}
