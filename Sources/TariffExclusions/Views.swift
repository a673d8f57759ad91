/// Who reads a docket: the public sees no confidential business information, reviewers see all.
public enum ExclusionAudience: String, Sendable, Hashable, Codable {
    case `public`, reviewer
}

/// A request with its docket, decision and timeline as one audience may read it.
///
/// The public view replaces confidential figures' values, the confidential statement, and
/// comments' confidential text with `withheldMarker`; nothing else differs.
public struct ExclusionView: Sendable, Hashable, Encodable {
    /// What stands where confidential business information is withheld.
    public static let withheldMarker = "[withheld: confidential business information]"

    public var view: ExclusionAudience
    public var id: String
    public var status: ExclusionStatus
    public var requester: Requester
    public var hts10: HTS10
    public var productDescription: String
    public var action: TariffAction
    public var grounds: [ExclusionGround]
    public var figures: [Figure]
    public var confidentialStatement: String?
    public var commentDays: Int
    public var rebuttalDays: Int
    public var filedBy: String?
    public var comments: [Comment]
    public var decision: ExclusionDecision?
    public var timeline: ExclusionTimeline

    /// A figure; `value` is the marker when withheld.
    public struct Figure: Sendable, Hashable, Encodable {
        public var name: String
        public var value: FigureValue
        public var unit: String
        public var confidential: Bool
    }

    /// A number, or the withheld marker.
    public enum FigureValue: Sendable, Hashable, Encodable {
        case number(Double)
        case withheld

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .withheld: try container.encode(ExclusionView.withheldMarker)
            }
        }
    }

    /// A comment or rebuttal as shown.
    public struct Comment: Sendable, Hashable, Encodable {
        public var id: String
        public var repliesTo: String?
        public var author: String
        public var organisation: String?
        public var position: CommentPosition
        public var text: String
        public var confidentialText: String?
        public var submittedAt: Instant

        enum CodingKeys: String, CodingKey {
            case id, author, organisation, position, text
            case repliesTo = "replies_to"
            case confidentialText = "confidential_text"
            case submittedAt = "submitted_at"
        }
    }

    /// The view of `docket` for `audience`, with its status and timeline at `instant`.
    public init(_ docket: ExclusionDocket, for audience: ExclusionAudience, at instant: Instant) {
        let request = docket.request
        let open = audience == .reviewer
        view = audience
        id = request.id
        status = docket.status(at: instant)
        requester = request.requester
        hts10 = request.hts10
        productDescription = request.productDescription
        action = request.action
        grounds = request.grounds
        figures = request.figures.map {
            Figure(name: $0.name, value: open || !$0.confidential ? .number($0.value) : .withheld, unit: $0.unit, confidential: $0.confidential)
        }
        confidentialStatement = request.confidentialStatement.map { open ? $0 : Self.withheldMarker }
        commentDays = request.commentDays
        rebuttalDays = request.rebuttalDays
        filedBy = open ? request.filedBy : nil
        comments = docket.comments.map {
            Comment(
                id: $0.id, repliesTo: $0.repliesTo, author: $0.author, organisation: $0.organisation, position: $0.position, text: $0.text,
                confidentialText: $0.confidentialText.map { open ? $0 : Self.withheldMarker }, submittedAt: $0.submittedAt)
        }
        decision = docket.decision
        timeline = docket.timeline(at: instant)
    }

    enum CodingKeys: String, CodingKey {
        case view, id, status, requester, hts10, grounds, figures, comments, decision, timeline
        case productDescription = "product_description"
        case action = "tariff_action"
        case confidentialStatement = "confidential_statement"
        case commentDays = "comment_days"
        case rebuttalDays = "rebuttal_days"
        case filedBy = "filed_by"
    }
}

/// One pair of differing decisions on the same HTS-10 and a similar description, with the reason recorded.
public struct ConsistencyPair: Sendable, Hashable, Codable {
    public var requestID: String
    public var outcome: ExclusionOutcome
    public var earlierRequestID: String
    public var earlierOutcome: ExclusionOutcome
    public var hts10: HTS10
    public var similarity: Double
    public var reason: String
    public var decidedAt: Instant

    enum CodingKeys: String, CodingKey {
        case outcome, hts10, similarity, reason
        case requestID = "request_id"
        case earlierRequestID = "earlier_request_id"
        case earlierOutcome = "earlier_outcome"
        case decidedAt = "decided_at"
    }
}

/// The consistency report: every decision that departed from an earlier one, and why.
public enum ConsistencyReport {
    /// The pairs recorded in `dockets`' decisions, by decision time then request id.
    public static func pairs(_ dockets: [ExclusionDocket]) -> [ConsistencyPair] {
        dockets.compactMap { docket -> [ConsistencyPair]? in
            guard let decision = docket.decision else { return nil }
            return decision.departsFrom.map {
                ConsistencyPair(
                    requestID: docket.request.id, outcome: decision.outcome, earlierRequestID: $0.earlierRequestID,
                    earlierOutcome: $0.earlierOutcome, hts10: docket.request.hts10, similarity: $0.similarity,
                    reason: decision.consistencyReason ?? "", decidedAt: decision.decidedAt)
            }
        }
        .flatMap { $0 }
        .sorted { ($0.decidedAt, $0.requestID, $0.earlierRequestID) < ($1.decidedAt, $1.requestID, $1.earlierRequestID) }
    }
}
