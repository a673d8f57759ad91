import Foundation
import TariffExclusions

/// The real data the rule tests use (see Fixtures/README.md).
enum Fixtures {
    /// The 10-digit keys of the HTS 2025 sample.
    static let knownHTS10: Set<String> = {
        Set(rows("hts2025_hts10_sample").dropFirst().compactMap { HTS10($0[0])?.key })
    }()

    /// `(hts10 keys, product description)` of every USTR exclusion with a description.
    static let exclusions: [(codes: [String], description: String)] = {
        rows("section301_exclusions_in_effect").dropFirst().compactMap { row in
            row.count == 8 && !row[7].isEmpty ? (row[4].split(separator: ";").map(String.init), row[7]) : nil
        }
    }()

    /// The exclusion whose description starts with `prefix`.
    /// The description of the USTR exclusion starting with `prefix`; nil when the fixture has none.
    static func description(_ prefix: String) -> String? {
        exclusions.first { $0.description.hasPrefix(prefix) }?.description
    }

    static func isKnown(_ key: String) -> Bool { knownHTS10.contains(key) }

    static let instant = Instant(iso: "2026-03-02T14:00:00Z")!

    static func draft(hts10: String = "8481.90.9020", description: String = "Valve bodies, of aluminum, of valves for oleohydraulic or pneumatic transmissions")
        -> ExclusionRequestDraft
    {
        ExclusionRequestDraft(
            requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: hts10,
            productDescription: description, actionKind: "section301", actionHeading: "9903.88.03",
            grounds: ["not_available_us", "severe_economic_harm"],
            figures: [
                .init(name: "annual_import_value_usd", value: 1_250_000, unit: "USD"),
                .init(name: "unit_cost_usd", value: 41.7, unit: "USD", confidential: true),
            ],
            confidentialStatement: "Our sole qualified supplier is Ningbo Fluid Power; margin 4.1%.")
    }

    static func request(id: String = "excl_1", at instant: Instant = Fixtures.instant, _ draft: ExclusionRequestDraft = draft()) throws -> ExclusionRequest {
        try ExclusionRules.request(draft, id: id, receivedAt: instant, filedBy: "key_requester", isKnownHTS10: isKnown)
    }

    /// A CSV file of the fixtures as rows of fields (quoted fields may hold commas, quotes and newlines).
    private static func rows(_ name: String) -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else if character != "\r" {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
