import DataFormats

/// A span of days a rule, decision or article applies in; an open end means "no end recorded".
public struct DateSpan: Sendable, Hashable {
    /// The first day, or nil when the source records no start (treated as in force: see `contains`).
    public var from: CivilDate?
    /// The last day, or nil when no end is recorded.
    public var to: CivilDate?

    /// Whether `date` falls in the span. A missing start counts as "already in force": for the
    /// undated restrictions in the data this is the conservative reading.
    public func contains(_ date: CivilDate) -> Bool {
        if let from, date < from { return false }
        if let to, date > to { return false }
        return true
    }
}

/// How the engine treats a rule type of `data_transfer_rules.csv` (RULES.md A.0 and, where it is
/// silent, the conservative readings documented on each case).
public enum RuleType: String, Sendable, Hashable, CaseIterable {
    case conditionalTransfer = "conditional_transfer"
    case restrictedGovernmentAccess = "restricted_government_access"
    case none = "none"
    case prohibitedToCountriesOfConcern = "prohibited_or_restricted_to_countries_of_concern"
    case prohibitedToForeignAdversaries = "prohibited_to_foreign_adversaries"
    case localizationSectoral = "localization_sectoral"
    case securityAssessmentOrContractOrCertification = "security_assessment_or_contract_or_certification"
    case securityAssessment = "security_assessment"
    case localization = "localization"
    case approvalRequired = "approval_required"
    case regulatoryReview = "regulatory_review"
    case notificationRequired = "notification_required"
    case negativeList = "negative_list"
    case impactAssessmentFiling = "impact_assessment_filing"
    case noneWithAccountability = "none_with_accountability"
    case accountabilityTransfer = "accountability_transfer"
    case assessmentRequired = "assessment_required"

    /// The engine's family for the type.
    enum Family {
        /// Adequacy, else a listed mechanism (A.0 step 4).
        case conditional
        /// Store/process in the origin (A.0 step 2; `localization_sectoral` read the same way).
        case localisation
        /// Prohibited toward a set of destinations (A.0 step 3).
        case prohibition
        /// No restriction.
        case unrestricted
        /// Whether it applies depends on facts the data does not hold: review.
        case review
        /// Allowed once the rule's steps are done (assessment, filing, notification, approval).
        case steps
    }

    var family: Family {
        switch self {
        case .conditionalTransfer: .conditional
        case .localization, .localizationSectoral: .localisation
        case .prohibitedToCountriesOfConcern, .prohibitedToForeignAdversaries: .prohibition
        case .none: .unrestricted
        case .regulatoryReview: .review
        case .restrictedGovernmentAccess, .securityAssessmentOrContractOrCertification, .securityAssessment, .approvalRequired,
            .notificationRequired, .negativeList, .impactAssessmentFiling, .noneWithAccountability, .accountabilityTransfer,
            .assessmentRequired:
            .steps
        }
    }
}

/// One row of `rules.csv`: a jurisdiction's rule for a kind of data leaving it.
public struct TransferRule: Sendable, Hashable {
    /// The stable key (e.g. `EU-PERSONAL`).
    public var id: String
    /// The line of the row in the shared `data_transfer_rules.csv`, when it came from there.
    public var sourceLine: Int?
    /// The jurisdiction as the source names it (e.g. `Canada (Quebec)`).
    public var jurisdiction: String
    /// The origin the rule binds (`EU` for the EU/EEA).
    public var iso2: String
    /// The source's free-text category.
    public var dataCategory: String
    /// The rule type, which decides how the engine reads the rule.
    public var ruleType: RuleType
    /// What the rule requires, as the source states it.
    public var requirement: String
    /// The source's free-text mechanisms.
    public var permittedMechanisms: String
    /// The mechanism and certification ids (mechanisms.csv) that satisfy the rule.
    public var mechanisms: [String]
    /// For prohibitions: the country set (country_sets.csv) the rule is directed at.
    public var destinationSet: String?
    /// The statute, regulation or decision the rule rests on.
    public var legalBasis: String
    /// The source's effective text, unchanged.
    public var effectiveText: String
    /// When the rule applies.
    public var span: DateSpan
    /// How the source's date was read, when it needed reading.
    public var dateNote: String
    /// The source's confidence mark (high, medium, low, with qualifiers).
    public var confidence: String
    /// The file the rule was read from (`rules.csv`).
    public var file: String
    /// The line of the row in that file.
    public var line: Int

    /// `rules.csv:LINE`.
    public var place: String { "\(file):\(line)" }
}

/// One row of `category_map.csv`: a CLI category reaches a rule, maybe only when a fact holds.
public struct CategoryMapping: Sendable, Hashable {
    /// The CLI category (categories.csv).
    public var category: String
    /// The rule it reaches (rules.csv `rule_id`).
    public var ruleID: String
    /// The fact (facts.csv) that must be true for the rule to apply; nil when it always applies.
    public var fact: String?
    /// Whether the rule is the jurisdiction's personal-data rule applied to sensitive/health data (RULES.md A.18).
    public var asPersonal: Bool
}

/// One row of `categories.csv`.
public struct TransferCategory: Sendable, Hashable {
    /// The category key the CLI takes.
    public var id: String
    /// The category in words.
    public var name: String
    /// What data the category covers.
    public var description: String
    /// A step every transfer of the category needs (e.g. export classification of source code).
    public var step: String?
    /// Context reported with every transfer of the category.
    public var note: String?
}

/// One row of `facts.csv`: a posture fact the CLI accepts as `--fact KEY=yes|no`.
public struct PostureFact: Sendable, Hashable {
    /// The key `--fact` takes.
    public var key: String
    /// The question the fact answers.
    public var question: String
}

/// One row of `mechanisms.csv`: a transfer mechanism or a recipient certification.
public struct Mechanism: Sendable, Hashable {
    /// Mechanism or certification.
    public enum Kind: String, Sendable, Hashable {
        /// Something the exporter puts in place (`--mechanism`).
        case mechanism
        /// Something the recipient holds (`--recipient-certified`).
        case certification
    }

    /// The key the CLI takes.
    public var id: String
    /// Mechanism or certification.
    public var kind: Kind
    /// What it is, in words.
    public var name: String
    /// The origins whose rules accept it.
    public var acceptedBy: [String]
    /// Certifications this one includes (the DPF UK Extension includes the DPF).
    public var implies: [String]
    /// The first day it can be used, when it has one.
    public var availableFrom: CivilDate?
}

/// One row of `rule_steps.csv`: a step or note of a rule, maybe only for one mechanism, dated.
public struct RuleStep: Sendable, Hashable {
    /// When the step is due.
    public enum When: Sendable, Hashable {
        /// Whenever the rule applies.
        case always
        /// When the transfer relies on a mechanism rather than adequacy.
        case safeguard
        /// When the transfer relies on this mechanism or certification.
        case mechanism(String)
    }

    /// What the text is.
    public enum Kind: String, Sendable, Hashable {
        /// Something to do before or while transferring.
        case step
        /// Context.
        case note
        /// What the rule still allows abroad (copies, exceptions).
        case copy
    }

    /// The rule the step belongs to.
    public var ruleID: String
    /// When the step is due.
    public var when: When
    /// Step, note or copy.
    public var kind: Kind
    /// The text reported.
    public var text: String
    /// The days it is reported on.
    public var span: DateSpan
}

/// One row of `adequacy.csv`: the origin treats the destination as adequate, maybe only for certified recipients.
public struct AdequacyEntry: Sendable, Hashable {
    /// The origin whose list it is (`EU`, `GB`, `CH`, `JP`, `BR`).
    public var origin: String
    /// The adequate destination (`EU` for the EEA).
    public var destination: String
    /// What the decision covers (`full` or a partial scope).
    public var scope: String
    /// The certification the recipient must hold, when the decision covers only certified recipients.
    public var certification: String?
    /// The decision or regulation.
    public var instrument: String
    /// The days it applies.
    public var span: DateSpan
    /// The confidence mark.
    public var confidence: String
    /// The shared file and line it came from.
    public var source: String
    /// `adequacy.csv:LINE`.
    public var place: String
}

/// One row of `eu_members.csv`.
public struct UnionMembership: Sendable, Hashable {
    /// The union a member belongs to.
    public enum Union: String, Sendable, Hashable {
        /// A member of the European Union.
        case eu = "EU"
        /// An EEA state outside the EU (Iceland, Liechtenstein, Norway).
        case eea = "EEA"
    }

    /// The member's ISO code.
    public var iso2: String
    /// The member's name.
    public var name: String
    /// EU or EEA.
    public var union: Union
    /// From accession to withdrawal.
    public var span: DateSpan
}

/// One row of `country_sets.csv`.
public struct CountrySetMember: Sendable, Hashable {
    /// The set's key (e.g. `us-countries-of-concern`).
    public var set: String
    /// The member's ISO code.
    public var iso2: String
    /// The member's name.
    public var name: String
    /// The first day it is in the set.
    public var from: CivilDate
}

/// One row of `agreements.csv`.
public struct TradeAgreement: Sendable, Hashable {
    /// The agreement key (e.g. `CPTPP`).
    public var id: String
    /// The agreement's name.
    public var name: String
    /// The chapter holding the digital-trade disciplines.
    public var chapter: String
    /// The source's confidence mark.
    public var confidence: String
}

/// The disciplines of a digital-trade chapter the output reports (RULES.md Part B).
public enum Discipline: String, Sendable, Hashable, CaseIterable {
    case dataFlows = "data-flows"
    case localization = "localization"
    case sourceCode = "source-code"
    case financialServicesData = "financial-services-data"
    case personalInformation = "personal-information"
    case exceptions = "exceptions"
    case disputeSettlement = "dispute-settlement"
    case customsDuties = "customs-duties"
}

/// One row of `agreement_articles.csv`: what an agreement says on one discipline, dated.
public struct AgreementArticle: Sendable, Hashable {
    /// Whether the agreement has the discipline at the date.
    public enum Coverage: String, Sendable, Hashable {
        /// The agreement has the discipline.
        case yes
        /// The agreement has no such discipline at the date.
        case no
        /// The source says so but has not verified the article.
        case unverified
    }

    /// The agreement key.
    public var agreementID: String
    /// The discipline.
    public var discipline: Discipline
    /// The article text, as the source states it.
    public var article: String
    /// Whether the discipline exists at the date.
    public var covered: Coverage
    /// The days the text applies.
    public var span: DateSpan
}

/// One row of the parties file: when an agreement entered into force for a party (nil: not recorded, e.g. contested).
public struct AgreementParty: Sendable, Hashable {
    /// The agreement key.
    public var agreementID: String
    /// The party's code (`EU` for the Union).
    public var party: String
    /// The entry-into-force date for the party.
    public var inForce: CivilDate?
    /// The source's note (e.g. a contested status).
    public var note: String
}

/// One row of `carve_outs.csv`: an exception that makes a measure not challengeable, or caveats it.
public struct CarveOut: Sendable, Hashable {
    /// What the carve-out does to a conflict.
    public enum Effect: String, Sendable, Hashable {
        /// The agreement does not reach the measure.
        case notChallengeable = "not-challengeable"
        /// The measure is challengeable only subject to this exception.
        case caveat
    }

    /// The agreement key.
    public var agreementID: String
    /// nil for every discipline.
    public var discipline: Discipline?
    /// nil for every category.
    public var category: String?
    /// nil for every party; else the origin party it concerns.
    public var party: String?
    /// Not challengeable, or a caveat.
    public var effect: Effect
    /// The exception, in words.
    public var text: String
    /// The days it applies.
    public var span: DateSpan
}

/// One row of `notes.csv`: context reported with every decision at the dates it covers.
public struct DatedNote: Sendable, Hashable {
    /// The note key.
    public var id: String
    /// The note.
    public var text: String
    /// The days it is reported on.
    public var span: DateSpan
}
