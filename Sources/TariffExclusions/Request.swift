/// The tariff measures an exclusion can be asked from.
public enum TariffActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Section 301 of the Trade Act of 1974 (the China tariffs, headings 9903.88.xx and 9903.91.xx).
    case section301
    /// Section 232 of the Trade Expansion Act of 1962 (steel, aluminium, and later products).
    case section232
    /// Tariffs under the International Emergency Economic Powers Act.
    case ieepa
    /// Section 122 of the Trade Act of 1974 (balance-of-payments surcharge).
    case section122
}

/// The measure a request asks relief from: its kind and the Chapter 99 heading that imposes it.
public struct TariffAction: Sendable, Hashable, Codable {
    public var kind: TariffActionKind
    public var heading: Chapter99Heading

    public init(kind: TariffActionKind, heading: Chapter99Heading) {
        self.kind = kind
        self.heading = heading
    }
}

/// Why a requester says the product should be excluded (the grounds USTR's exclusion notices accept).
public enum ExclusionGround: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The product, or a comparable one, is not available from sources in the United States.
    case notAvailableUS = "not_available_us"
    /// The product, or a comparable one, is not available from third countries.
    case notAvailableThirdCountries = "not_available_third_countries"
    /// The additional duty would cause severe economic harm to the requester or other US interests.
    case severeEconomicHarm = "severe_economic_harm"
    /// The product is not strategically important or related to Chinese industrial programmes.
    case strategicImportance = "strategic_importance"

    public static func < (lhs: ExclusionGround, rhs: ExclusionGround) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Who asks: a person and the organisation they file for.
public struct Requester: Sendable, Hashable, Codable {
    public var name: String
    public var organisation: String

    public init(name: String, organisation: String) {
        self.name = name
        self.organisation = organisation
    }
}

/// A figure supporting the request (e.g. `annual_import_value_usd`); a confidential one is
/// confidential business information, shown to reviewers only.
public struct SupportingFigure: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var unit: String
    public var confidential: Bool

    public init(name: String, value: Double, unit: String, confidential: Bool = false) {
        self.name = name
        self.value = value
        self.unit = unit
        self.confidential = confidential
    }
}

/// An exclusion request as received (validated: build it with `ExclusionRules.request`).
public struct ExclusionRequest: Sendable, Hashable, Codable {
    /// `excl_…`.
    public var id: String
    public var requester: Requester
    public var hts10: HTS10
    /// The product, in words; always public.
    public var productDescription: String
    public var action: TariffAction
    /// At least one, in the order of `ExclusionGround.allCases`.
    public var grounds: [ExclusionGround]
    public var figures: [SupportingFigure]
    /// Confidential business information supporting the request (reviewers only).
    public var confidentialStatement: String?
    public var receivedAt: Instant
    /// Days the comment window stays open after receipt.
    public var commentDays: Int
    /// Days rebuttals are accepted after the comment window closes.
    public var rebuttalDays: Int
    /// The key or user that filed it.
    public var filedBy: String

    public init(
        id: String, requester: Requester, hts10: HTS10, productDescription: String, action: TariffAction, grounds: [ExclusionGround],
        figures: [SupportingFigure], confidentialStatement: String?, receivedAt: Instant, commentDays: Int, rebuttalDays: Int,
        filedBy: String
    ) {
        self.id = id
        self.requester = requester
        self.hts10 = hts10
        self.productDescription = productDescription
        self.action = action
        self.grounds = grounds
        self.figures = figures
        self.confidentialStatement = confidentialStatement
        self.receivedAt = receivedAt
        self.commentDays = commentDays
        self.rebuttalDays = rebuttalDays
        self.filedBy = filedBy
    }

    /// The end of the comment window (exclusive): `commentDays` after receipt.
    public var commentWindowCloses: Instant { receivedAt.adding(days: commentDays) }
    /// The end of the rebuttal window (exclusive): `rebuttalDays` after the comment window closes.
    public var rebuttalWindowCloses: Instant { commentWindowCloses.adding(days: rebuttalDays) }

    enum CodingKeys: String, CodingKey {
        case id, requester, hts10, grounds, figures
        case productDescription = "product_description"
        case action = "tariff_action"
        case confidentialStatement = "confidential_statement"
        case receivedAt = "received_at"
        case commentDays = "comment_days"
        case rebuttalDays = "rebuttal_days"
        case filedBy = "filed_by"
    }
}

/// A request as a requester writes it, before validation: plain text, checked by `ExclusionRules.request`.
public struct ExclusionRequestDraft: Sendable, Hashable {
    public var requesterName: String
    public var requesterOrganisation: String
    public var hts10: String
    public var productDescription: String
    public var actionKind: String
    public var actionHeading: String
    public var grounds: [String]
    public var figures: [FigureDraft]
    public var confidentialStatement: String?
    /// nil: `ExclusionRules.defaultCommentDays`.
    public var commentDays: Int?
    /// nil: `ExclusionRules.defaultRebuttalDays`.
    public var rebuttalDays: Int?

    public init(
        requesterName: String, requesterOrganisation: String, hts10: String, productDescription: String, actionKind: String,
        actionHeading: String, grounds: [String], figures: [FigureDraft] = [], confidentialStatement: String? = nil,
        commentDays: Int? = nil, rebuttalDays: Int? = nil
    ) {
        self.requesterName = requesterName
        self.requesterOrganisation = requesterOrganisation
        self.hts10 = hts10
        self.productDescription = productDescription
        self.actionKind = actionKind
        self.actionHeading = actionHeading
        self.grounds = grounds
        self.figures = figures
        self.confidentialStatement = confidentialStatement
        self.commentDays = commentDays
        self.rebuttalDays = rebuttalDays
    }

    /// A supporting figure as written.
    public struct FigureDraft: Sendable, Hashable {
        public var name: String
        public var value: Double
        public var unit: String
        public var confidential: Bool

        public init(name: String, value: Double, unit: String, confidential: Bool = false) {
            self.name = name
            self.value = value
            self.unit = unit
            self.confidential = confidential
        }
    }
}
