/// A destination as the engine evaluates it: its Country Chart row, its country groups, and any region.
public struct Destination: Sendable, Hashable {
    /// The code as given and normalised, e.g. `DE`, `HK`, `UA-43`.
    public var code: String
    /// The code whose chart row and groups apply (`CN` for Hong Kong, `UA` for the Ukrainian regions).
    public var chartCode: String
    /// The name, e.g. `Crimea region of Ukraine`.
    public var name: String
    /// The chart row.
    public var chart: CountryChartRow
    /// The country groups (Supp. No. 1 to Part 740).
    public var groups: Set<CountryGroup>
    /// False when the group data has no memberships for the country (Liechtenstein, CORRECTIONS.md 10).
    public var groupsKnown: Bool
    /// Why the destination is evaluated the way it is (Hong Kong as China, …).
    public var notes: [String]
}

/// Resolves destination codes against the Country Chart and the country groups.
struct DestinationCatalog: Sendable {
    /// Region codes the EAR treats apart from their country, with their names.
    static let regions: [String: (country: String, name: String)] = [
        "UA-43": ("UA", "Crimea region of Ukraine"),
        "UA-14": ("UA", "so-called Donetsk People's Republic region of Ukraine"),
        "UA-09": ("UA", "so-called Luhansk People's Republic region of Ukraine"),
    ]

    private let destinations: [String: Destination]
    /// The chart phrases of each destination, by code (Hong Kong and the regions under their own names).
    private let phrases: [String: ChartPhrases]
    /// Every chart code, for `worldwide`.
    let chartCodes: Set<String>

    init(chart: CountryChart, groups: ReferenceTable<CountryGroupMembership>) {
        var destinations: [String: Destination] = [:]
        for row in chart.rows {
            let membership = groups[row.code]
            let known = !(membership?.groups.isEmpty ?? true)
            var notes: [String] = []
            if !known {
                notes.append(
                    "\(row.name) has no country-group memberships in the data (CORRECTIONS.md 10); exceptions that "
                        + "depend on its groups stay unmet")
            }
            destinations[row.code] = Destination(
                code: row.code, chartCode: row.code, name: row.name, chart: row, groups: membership?.groups ?? [],
                groupsKnown: known, notes: notes)
        }
        if var china = destinations["CN"] {
            china.code = "HK"
            china.name = "Hong Kong"
            china.notes = [
                "Hong Kong is evaluated as China: since 85 FR 83765 (2020-12-23) it takes China's Country Chart row "
                    + "and country groups (CORRECTIONS.md 2)"
            ]
            destinations["HK"] = china
        }
        for (code, region) in Self.regions {
            guard var country = destinations[region.country] else { continue }
            country.code = code
            country.name = region.name
            country.notes = [
                "\(region.name) takes Ukraine's Country Chart row and country groups, and the Part 746.6 embargo"
            ]
            destinations[code] = country
        }
        self.destinations = destinations
        self.phrases = destinations.mapValues { ChartPhrases(name: $0.name) }
        self.chartCodes = Set(chart.rows.map(\.code))
    }

    /// The destination of `code` (case-insensitive), or nil.
    subscript(code: String) -> Destination? {
        destinations[code.uppercased()]
    }

    /// The chart phrases of a destination the catalog resolved.
    func phrases(for destination: Destination) -> ChartPhrases {
        phrases[destination.code] ?? ChartPhrases(name: destination.name)
    }

    /// The destination of `code` already upper-cased.
    subscript(normalized code: String) -> Destination? {
        destinations[code]
    }

    /// Codes close to `code`, for an error message.
    func suggestions(for code: String) -> [String] {
        let upper = code.uppercased()
        return destinations.keys.filter { key in
            key.count == upper.count && zip(key, upper).filter { $0 != $1 }.count == 1
        }.sorted().prefix(5).map { $0 }
    }
}
