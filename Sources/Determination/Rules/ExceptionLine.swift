import Foundation

/// How a license-exception line of an ECCN decides one paragraph of the entry.
public enum LineEligibility: Sendable, Hashable {
    /// The line makes the paragraph eligible; `limitUSD` is the dollar limit it states for it, if any.
    case eligible(limitUSD: Int?)
    /// The line rules the paragraph out; why, in words.
    case ineligible(String)
    /// The answer depends on something not given (a finer paragraph, a fact); what, in words.
    case depends(String)
}

/// One clause of a line: paragraphs it makes eligible or rules out, perhaps under a condition in words.
struct LineClause: Sendable, Hashable {
    enum Effect: Sendable, Hashable { case include, exclude }
    var effect: Effect
    /// The paragraphs it names; empty: every paragraph of the entry.
    var paragraphs: [ParagraphPattern]
    /// Wording the paragraph alone does not settle (`if the ultimate destination is Canada`).
    var condition: String?
    /// The dollar limit it states (LVS).
    var amount: Int?
}

/// A list-based license exception line of an entry, read once as the CCL writes it:
/// `Yes` (every paragraph), `Yes, except a.3, .f` (every paragraph but those), `Yes for .b only`
/// (those only), `N/A for MT` (not for items controlled for MT), `$1500, except N/A for 6A003.a.3`.
///
/// Wording the grammar does not read becomes a condition: the paragraphs it covers depend on it
/// (never eligible until a stated fact settles it).
struct ExceptionLine: Sendable {
    let text: String
    /// `N/A`, `No`: the exception is out for the whole entry.
    let notApplicable: Bool
    /// Whether paragraphs no include clause names are eligible (`Yes`, `$N`, `Yes, except …`).
    let othersEligible: Bool
    /// The limit of `$N` for the paragraphs no clause names.
    let defaultAmount: Int?
    let clauses: [LineClause]
    /// Reason prefixes the line excludes (`N/A for MT` → `MT`).
    let excludedReasons: [String]
    /// Country groups the line excludes (`except to Country Group E:1 or E:2`).
    let excludedGroups: [CountryGroup]

    init(_ text: String, eccn: String) {
        self.text = text
        var lower = text.trimmed.lowercased()
        while lower.hasSuffix(".") { lower.removeLast() }
        var reader = LineReader(eccn: eccn)
        if lower.isEmpty || lower == "n/a" || lower == "no" || lower.includes("not usable") {
            notApplicable = true
        } else {
            notApplicable = false
            reader.read(text)
        }
        othersEligible = reader.othersEligible
        defaultAmount = reader.defaultAmount
        clauses = reader.clauses
        excludedReasons = reader.reasons
        excludedGroups = reader.groups
    }

    /// What the line says of `paragraph` (empty: the bare ECCN); `fact` answers a condition when a stated fact settles it.
    func eligibility(of paragraph: [String], fact: (String) -> Bool?) -> LineEligibility {
        if notApplicable { return .ineligible("the line reads \"\(text.isEmpty ? "(empty)" : text)\"") }
        var pending: String?
        for clause in clauses where clause.effect == .exclude {
            switch Self.relation(clause, paragraph) {
            case .covers:
                guard let condition = clause.condition else {
                    return .ineligible("the line excludes \(Self.named(clause))")
                }
                switch fact(condition) {
                case true?: return .ineligible("the line excludes it: \"\(condition)\"")
                case false?: break
                case nil: pending = pending ?? "whether \"\(condition)\" applies"
                }
            case .partial: pending = pending ?? "the paragraph below \(Self.named(clause)) (the line excludes some of it)"
            case .disjoint: break
            }
        }
        var included: Int??
        for clause in clauses where clause.effect == .include {
            switch Self.relation(clause, paragraph) {
            case .covers:
                if let condition = clause.condition {
                    switch fact(condition) {
                    case true?: included = included ?? .some(clause.amount)
                    case false?: break
                    case nil: pending = pending ?? "whether \"\(condition)\" applies"
                    }
                } else {
                    included = included ?? .some(clause.amount)
                }
            case .partial: pending = pending ?? "the paragraph below \(Self.named(clause)) (the line names some of it)"
            case .disjoint: break
            }
        }
        if let pending { return .depends(pending) }
        if let included { return .eligible(limitUSD: included ?? defaultAmount) }
        if othersEligible { return .eligible(limitUSD: defaultAmount) }
        return .ineligible("it is not among the paragraphs the line names")
    }

    private static func relation(_ clause: LineClause, _ paragraph: [String]) -> ParagraphPattern.Relation {
        ParagraphScope.relation(ScopeClause(paragraphs: clause.paragraphs, condition: nil), paragraph)
    }

    private static func named(_ clause: LineClause) -> String {
        clause.paragraphs.isEmpty ? "every paragraph" : clause.paragraphs.map { "." + $0.description }.joined(separator: ", ")
    }
}
