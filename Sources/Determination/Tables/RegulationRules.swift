import Foundation
import DataFormats

/// A paragraph of License Exception STA (740.20(c)): the group it serves and the reasons it may cover.
public struct STAParagraphRule: Sendable, Hashable {
    /// `(c)(1)` or `(c)(2)`.
    public var paragraph: String
    /// The country group whose destinations the paragraph serves (`A:5`, `A:6`).
    public var group: CountryGroup
    /// The reasons for control (two-letter prefixes) the paragraph may cover.
    public var reasons: [String]
    public var citation: String
    public var confidence: String
    public var source: String
    public var location: RowLocation
}

/// 744.23(a)(3): items that need a license when the end user or its ultimate parent is headquartered in
/// the rule's destinations, wherever the item goes.
public struct HeadquartersRule: Sendable, Hashable {
    public var eccn: String
    /// The paragraphs reached, as a scope (`entire entry`, `3A001.z`).
    public var scope: String
    /// The headquarters countries, as a destination expression (`MO + D:5`).
    public var headquarters: String
    /// The day the rule took effect.
    public var effectiveFrom: String
    public var citation: String
    public var confidence: String
    public var source: String
    public var location: RowLocation
}

/// What a Country Chart footnote does, as `rules/chart_footnotes.csv` reads it.
public enum FootnoteEffect: String, Sendable, Hashable, CaseIterable {
    /// A license is required for the row's items to the destinations carrying the footnote.
    case requirement
    /// The footnote may reach the row's items but its scope is not in the data: NEEDS_REVIEW naming it.
    case review
    /// The destination's requirements are another country's: its chart row must match that country's.
    case refer
    /// Applied by another table (named in the explanation).
    case covered
    /// Information only.
    case note
}

/// One way a Country Chart footnote (Supp. No. 1 to Part 738) is applied.
public struct ChartFootnoteRule: Sendable, Hashable {
    public var footnote: Int
    /// The ECCN reached; nil for footnotes about the destination as a whole.
    public var eccn: String?
    /// The paragraphs reached, as a scope.
    public var scope: String?
    public var effect: FootnoteEffect
    /// For `refer`: the country whose requirements apply.
    public var referTo: String?
    public var citation: String
    public var explanation: String
    public var location: RowLocation
}

/// The rules regulators change that the engine applies beside the CCL's own lines, each row with its source.
public struct RegulationRules: Sendable {
    public let staParagraphs: [STAParagraphRule]
    public let headquarters: [HeadquartersRule]
    public let chartFootnotes: [ChartFootnoteRule]

    init(files: TableFiles) throws(TableDataError) {
        staParagraphs = try files.rows(
            .staParagraphs, columns: ["paragraph", "group", "reasons", "citation", "confidence", "source"]
        ).map { row throws(TableDataError) in
            let reasons = row.words("reasons", separator: " ")
            guard !reasons.isEmpty else { throw row.error("reasons", .invalidValue("a paragraph must cover at least one reason")) }
            return STAParagraphRule(
                paragraph: try row.required("paragraph"), group: try row.choice("group"), reasons: reasons,
                citation: try row.required("citation"), confidence: try row.required("confidence"),
                source: try row.required("source"), location: row.location)
        }
        headquarters = try files.rows(
            .headquartersRules,
            columns: ["eccn", "scope", "headquarters", "effective_from", "citation", "confidence", "source"]
        ).map { row throws(TableDataError) in
            let eccn = try row.required("eccn")
            guard ItemClassification.isECCN(eccn) else { throw row.error("eccn", .invalidValue("\"\(eccn)\" is not an ECCN")) }
            guard let from = try row.date("effective_from") else {
                throw row.error("effective_from", .invalidValue("the rule needs the day it took effect"))
            }
            return HeadquartersRule(
                eccn: eccn, scope: try row.required("scope"), headquarters: try row.required("headquarters"),
                effectiveFrom: from, citation: try row.required("citation"), confidence: try row.required("confidence"),
                source: try row.required("source"), location: row.location)
        }
        chartFootnotes = try files.rows(
            .chartFootnoteRules,
            columns: ["footnote", "eccn", "scope", "effect", "refer_to", "citation", "explanation"]
        ).map { row throws(TableDataError) in
            let effect: FootnoteEffect = try row.choice("effect")
            let eccn = row.optional("eccn")
            if let eccn, !ItemClassification.isECCN(eccn) { throw row.error("eccn", .invalidValue("\"\(eccn)\" is not an ECCN")) }
            if [.requirement, .review].contains(effect), eccn == nil {
                throw row.error("eccn", .invalidValue("a \(effect.rawValue) footnote rule names the ECCN it reaches"))
            }
            if effect == .refer, row.optional("refer_to") == nil {
                throw row.error("refer_to", .invalidValue("a refer footnote rule names the country referred to"))
            }
            return ChartFootnoteRule(
                footnote: try row.integer("footnote"), eccn: eccn, scope: row.optional("scope"), effect: effect,
                referTo: row.optional("refer_to"), citation: try row.required("citation"),
                explanation: try row.required("explanation"), location: row.location)
        }
    }
}
