import DataFormats
/// Where a commenter stands on a request.
public enum CommentPosition: String, Sendable, Hashable, Codable, CaseIterable {
    case support, oppose, neutral
}

/// A comment on a request's public docket, or a rebuttal of one (`repliesTo`).
public struct ExclusionComment: Sendable, Hashable, Codable {
    /// `cmt_…`.
    public var id: String
    public var requestID: String
    /// The comment a rebuttal answers; nil for a comment.
    public var repliesTo: String?
    public var author: String
    public var organisation: String?
    public var position: CommentPosition
    /// Public.
    public var text: String
    /// Confidential business information (reviewers only).
    public var confidentialText: String?
    public var submittedAt: Instant
    /// The key or user that submitted it.
    public var submittedBy: String

    public init(
        id: String, requestID: String, repliesTo: String?, author: String, organisation: String?, position: CommentPosition,
        text: String, confidentialText: String?, submittedAt: Instant, submittedBy: String
    ) {
        self.id = id
        self.requestID = requestID
        self.repliesTo = repliesTo
        self.author = author
        self.organisation = organisation
        self.position = position
        self.text = text
        self.confidentialText = confidentialText
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
    }

    /// Whether it rebuts another comment.
    public var isRebuttal: Bool { repliesTo != nil }

    enum CodingKeys: String, CodingKey {
        case id, author, organisation, position, text
        case requestID = "request_id"
        case repliesTo = "replies_to"
        case confidentialText = "confidential_text"
        case submittedAt = "submitted_at"
        case submittedBy = "submitted_by"
    }
}

/// A comment as written, before validation.
public struct CommentDraft: Sendable, Hashable {
    public var repliesTo: String?
    public var author: String
    public var organisation: String?
    public var position: String
    public var text: String
    public var confidentialText: String?

    public init(repliesTo: String? = nil, author: String, organisation: String? = nil, position: String, text: String, confidentialText: String? = nil) {
        self.repliesTo = repliesTo
        self.author = author
        self.organisation = organisation
        self.position = position
        self.text = text
        self.confidentialText = confidentialText
    }
}

/// A decision's outcome.
public enum ExclusionOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case granted, denied
    /// Granted for part of the product as described (the decision's reasons say which part).
    case grantedInPart = "granted_in_part"

    /// Whether it excludes anything (and so has an effective period).
    public var grants: Bool { self != .denied }
}

/// What the reviewer found on one published criterion.
public enum FindingResult: String, Sendable, Hashable, Codable, CaseIterable {
    case met
    case notMet = "not_met"
    case notAssessed = "not_assessed"
}

/// One finding: the criterion, the result, and a note.
public struct CriterionFinding: Sendable, Hashable, Codable {
    public var criterion: String
    public var result: FindingResult
    public var note: String?

    public init(criterion: String, result: FindingResult, note: String? = nil) {
        self.criterion = criterion
        self.result = result
        self.note = note
    }
}

/// An earlier decision on the same HTS-10 and a similar description that went the other way.
public struct ConsistencyLink: Sendable, Hashable, Codable {
    public var earlierRequestID: String
    public var earlierOutcome: ExclusionOutcome
    /// The description similarity (`DescriptionSimilarity.score`), 0…1.
    public var similarity: Double

    public init(earlierRequestID: String, earlierOutcome: ExclusionOutcome, similarity: Double) {
        self.earlierRequestID = earlierRequestID
        self.earlierOutcome = earlierOutcome
        self.similarity = similarity
    }

    enum CodingKeys: String, CodingKey {
        case similarity
        case earlierRequestID = "earlier_request_id"
        case earlierOutcome = "earlier_outcome"
    }
}

/// The reviewer's decision on a request.
public struct ExclusionDecision: Sendable, Hashable, Codable {
    public var requestID: String
    public var outcome: ExclusionOutcome
    /// The written reasons (public).
    public var reasons: String
    /// One per published criterion, in the order of `ExclusionCriteria.all`.
    public var findings: [CriterionFinding]
    /// The first and last day the exclusion applies (granted and granted in part only).
    public var effectiveFrom: CivilDate?
    public var effectiveTo: CivilDate?
    /// Earlier decisions this one departs from, and why (required when there are any).
    public var departsFrom: [ConsistencyLink]
    public var consistencyReason: String?
    public var decidedAt: Instant
    public var decidedBy: String

    public init(
        requestID: String, outcome: ExclusionOutcome, reasons: String, findings: [CriterionFinding], effectiveFrom: CivilDate?,
        effectiveTo: CivilDate?, departsFrom: [ConsistencyLink], consistencyReason: String?, decidedAt: Instant, decidedBy: String
    ) {
        self.requestID = requestID
        self.outcome = outcome
        self.reasons = reasons
        self.findings = findings
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.departsFrom = departsFrom
        self.consistencyReason = consistencyReason
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }

    enum CodingKeys: String, CodingKey {
        case outcome, reasons, findings
        case requestID = "request_id"
        case effectiveFrom = "effective_from"
        case effectiveTo = "effective_to"
        case departsFrom = "departs_from"
        case consistencyReason = "consistency_reason"
        case decidedAt = "decided_at"
        case decidedBy = "decided_by"
    }
}

/// A decision as the reviewer writes it, before validation.
public struct DecisionDraft: Sendable, Hashable {
    public var outcome: String
    public var reasons: String
    /// `(criterion id, result, note)`; criteria left out are recorded as not assessed.
    public var findings: [FindingDraft]
    public var effectiveFrom: String?
    public var effectiveTo: String?
    public var consistencyReason: String?

    public init(
        outcome: String, reasons: String, findings: [FindingDraft] = [], effectiveFrom: String? = nil, effectiveTo: String? = nil,
        consistencyReason: String? = nil
    ) {
        self.outcome = outcome
        self.reasons = reasons
        self.findings = findings
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.consistencyReason = consistencyReason
    }

    /// One finding as written.
    public struct FindingDraft: Sendable, Hashable {
        public var criterion: String
        public var result: String
        public var note: String?

        public init(criterion: String, result: String, note: String? = nil) {
            self.criterion = criterion
            self.result = result
            self.note = note
        }
    }
}

/// A later end of a granted exclusion's effective period.
public struct ExclusionExtension: Sendable, Hashable, Codable {
    public var requestID: String
    public var previousEffectiveTo: CivilDate
    public var effectiveTo: CivilDate
    public var reason: String
    public var extendedAt: Instant
    public var extendedBy: String

    public init(requestID: String, previousEffectiveTo: CivilDate, effectiveTo: CivilDate, reason: String, extendedAt: Instant, extendedBy: String) {
        self.requestID = requestID
        self.previousEffectiveTo = previousEffectiveTo
        self.effectiveTo = effectiveTo
        self.reason = reason
        self.extendedAt = extendedAt
        self.extendedBy = extendedBy
    }

    enum CodingKeys: String, CodingKey {
        case reason
        case requestID = "request_id"
        case previousEffectiveTo = "previous_effective_to"
        case effectiveTo = "effective_to"
        case extendedAt = "extended_at"
        case extendedBy = "extended_by"
    }
}

/// Where a request stands at an instant.
public enum ExclusionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Comments (and rebuttals) accepted.
    case commentPeriod = "comment_period"
    /// Comments closed; rebuttals of comments accepted.
    case rebuttalPeriod = "rebuttal_period"
    /// The docket is closed; awaiting the decision.
    case underReview = "under_review"
    case granted, denied
    case grantedInPart = "granted_in_part"
    /// Granted once, but its effective period has ended.
    case expired
}

/// A request with everything filed on it: its docket, decision and extensions.
public struct ExclusionDocket: Sendable, Hashable {
    public var request: ExclusionRequest
    /// Oldest first.
    public var comments: [ExclusionComment]
    public var decision: ExclusionDecision?
    /// Oldest first.
    public var extensions: [ExclusionExtension]

    public init(request: ExclusionRequest, comments: [ExclusionComment] = [], decision: ExclusionDecision? = nil, extensions: [ExclusionExtension] = []) {
        self.request = request
        self.comments = comments
        self.decision = decision
        self.extensions = extensions
    }

    /// The last day the exclusion applies, after extensions (nil unless granted).
    public var effectiveTo: CivilDate? {
        guard let decision, decision.outcome.grants else { return nil }
        return extensions.last?.effectiveTo ?? decision.effectiveTo
    }

    /// The first instant it no longer applies (the day after `effectiveTo`).
    public var expiresAt: Instant? { effectiveTo?.nextDay.start }

    /// The status at `instant`.
    public func status(at instant: Instant) -> ExclusionStatus {
        if let decision {
            if let expiresAt, instant >= expiresAt { return .expired }
            switch decision.outcome {
            case .granted: return .granted
            case .denied: return .denied
            case .grantedInPart: return .grantedInPart
            }
        }
        if instant < request.commentWindowCloses { return .commentPeriod }
        if instant < request.rebuttalWindowCloses { return .rebuttalPeriod }
        return .underReview
    }

    /// The dates of the process as of `instant`.
    public func timeline(at instant: Instant) -> ExclusionTimeline {
        ExclusionTimeline(
            received: request.receivedAt, commentWindowCloses: request.commentWindowCloses,
            rebuttalWindowCloses: request.rebuttalWindowCloses, decided: decision?.decidedAt, effectiveFrom: decision?.outcome.grants == true ? decision?.effectiveFrom : nil,
            effectiveTo: effectiveTo, extensions: extensions.map { .init(at: $0.extendedAt, from: $0.previousEffectiveTo, to: $0.effectiveTo, reason: $0.reason) },
            expired: expiresAt.flatMap { instant >= $0 ? $0 : nil })
    }
}

/// A request's dates: received, the comment and rebuttal windows' ends, the decision, the effective
/// period with its extensions, and when it expired.
public struct ExclusionTimeline: Sendable, Hashable, Codable {
    public var received: Instant
    public var commentWindowCloses: Instant
    public var rebuttalWindowCloses: Instant
    public var decided: Instant?
    public var effectiveFrom: CivilDate?
    public var effectiveTo: CivilDate?
    public var extensions: [Entry]
    public var expired: Instant?

    /// One extension of the effective period.
    public struct Entry: Sendable, Hashable, Codable {
        public var at: Instant
        public var from: CivilDate
        public var to: CivilDate
        public var reason: String
    }

    enum CodingKeys: String, CodingKey {
        case received, decided, extensions, expired
        case commentWindowCloses = "comment_window_closes"
        case rebuttalWindowCloses = "rebuttal_window_closes"
        case effectiveFrom = "effective_from"
        case effectiveTo = "effective_to"
    }
}
