import Foundation

extension Determination: Encodable {
    enum CodingKeys: String, CodingKey {
        case outcome, findings, item, destination, notes, toggles
        case licenseExceptions = "license_exceptions"
        case dataVersion = "data_version"
    }

    /// Toggles encode as one object, `{"ai_diffusion_enforced": false}`.
    private struct ToggleSet: Encodable {
        var toggles: [Toggle]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for toggle in toggles { try container.encode(toggle.enabled, forKey: Key(stringValue: toggle.name)) }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome.rawValue, forKey: .outcome)
        try container.encode(item, forKey: .item)
        try container.encode(destination, forKey: .destination)
        try container.encode(findings, forKey: .findings)
        try container.encode(licenseExceptions, forKey: .licenseExceptions)
        try container.encode(notes, forKey: .notes)
        try container.encode(dataVersion, forKey: .dataVersion)
        try container.encode(ToggleSet(toggles: toggles), forKey: .toggles)
    }

    /// The determination as one line of JSON (the CLI's `--format json` and `jsonl` shape).
    public func jsonData(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

extension Finding: Encodable {
    enum CodingKeys: String, CodingKey {
        case prohibition, reason, outcome, citation, explanation, regime, multilateral, sources, flags
        case missingFact = "missing_fact"
        case listEntry = "list_entry"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prohibition, forKey: .prohibition)
        try container.encode(reason, forKey: .reason)
        try container.encode(outcome.rawValue, forKey: .outcome)
        try container.encode(citation, forKey: .citation)
        try container.encode(explanation, forKey: .explanation)
        try container.encode(regime?.name, forKey: .regime)
        try container.encode(regime?.isMultilateral, forKey: .multilateral)
        try container.encode(sources.map(\.description), forKey: .sources)
        try container.encode(missingFact, forKey: .missingFact)
        try container.encode(flags, forKey: .flags)
        try container.encodeIfPresent(listEntry, forKey: .listEntry)
    }
}
