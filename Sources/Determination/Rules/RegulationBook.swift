import Foundation
import DataFormats

/// The regulation rules of `rules/` compiled once: STA paragraphs by destination group, headquarters
/// rules by ECCN, Country Chart footnote rules by footnote.
struct RegulationBook: Sendable {
    struct Headquarters: Sendable {
        let rule: HeadquartersRule
        let scope: ParagraphScope
        let countries: DestinationSet
        let from: CivilDate
    }

    struct Footnote: Sendable {
        let rule: ChartFootnoteRule
        let scope: ParagraphScope?
    }

    let staParagraphs: [STAParagraph: STAParagraphRule]
    let headquarters: [String: [Headquarters]]
    let footnotes: [Int: [Footnote]]

    init(
        _ rules: RegulationRules, chart: CountryChart,
        compile: (String, RowLocation, String) throws(TableDataError) -> DestinationSet
    ) throws(TableDataError) {
        var sta: [STAParagraph: STAParagraphRule] = [:]
        for row in rules.staParagraphs {
            guard let paragraph = STAParagraph(rawValue: row.paragraph) else {
                throw RuleBook.error(row.location, "paragraph", "\"\(row.paragraph)\" is not (c)(1) or (c)(2)")
            }
            guard sta[paragraph] == nil else { throw RuleBook.error(row.location, "paragraph", "\(row.paragraph) is listed twice") }
            sta[paragraph] = row
        }
        staParagraphs = sta
        var headquarters: [String: [Headquarters]] = [:]
        for row in rules.headquarters {
            guard let from = CivilDate(row.effectiveFrom) else {
                throw RuleBook.error(row.location, "effective_from", "\"\(row.effectiveFrom)\" is not a date")
            }
            let countries = try compile(row.headquarters, row.location, "headquarters")
            headquarters[row.eccn, default: []].append(
                Headquarters(rule: row, scope: ParagraphScope(row.scope, eccn: row.eccn), countries: countries, from: from))
        }
        self.headquarters = headquarters
        var footnotes: [Int: [Footnote]] = [:]
        for row in rules.chartFootnotes {
            guard chart.footnotes[row.footnote] != nil else {
                throw RuleBook.error(row.location, "footnote", "footnote \(row.footnote) is not in country_chart_footnotes.csv")
            }
            if let code = row.referTo, chart[code] == nil {
                throw RuleBook.error(row.location, "refer_to", "\"\(code)\" is not a Country Chart destination")
            }
            let scope = row.eccn.map { ParagraphScope(row.scope ?? "entire entry", eccn: $0) }
            footnotes[row.footnote, default: []].append(Footnote(rule: row, scope: scope))
        }
        self.footnotes = footnotes
    }
}
