import Store
import TariffExclusions

/// What the reviewer's decision form shows beside a request: the earlier decisions on the same HTS-10, each with
/// how similar its product description is (the measure and threshold `ExclusionRules` checks a decision with),
/// so the reviewer sees before deciding which outcomes would need a consistency reason.
extension WorkbenchReads {
    /// The decided requests on `docket`'s HTS-10 other than it, most similar first.
    public func earlierDecisions(on docket: ExclusionDocket) async throws(StoreError) -> [EarlierDecision] {
        let request = docket.request
        return try await store.decidedExclusions(hts10: request.hts10.key).compactMap { earlier -> EarlierDecision? in
            guard earlier.request.id != request.id, let decision = earlier.decision else { return nil }
            let similarity = DescriptionSimilarity.score(request.productDescription, earlier.request.productDescription)
            return EarlierDecision(
                requestID: earlier.request.id, productDescription: earlier.request.productDescription, outcome: decision.outcome,
                similarity: similarity, similar: similarity >= DescriptionSimilarity.threshold)
        }
        .sorted { ($0.similarity, $1.requestID) > ($1.similarity, $0.requestID) }
    }
}

/// An earlier decision on the same HTS-10, as the decision form lists it.
public struct EarlierDecision: Sendable, Hashable {
    public var requestID: String
    public var productDescription: String
    public var outcome: ExclusionOutcome
    /// `DescriptionSimilarity.score` of the two product descriptions.
    public var similarity: Double
    /// At or above `DescriptionSimilarity.threshold`: deciding differently needs a consistency reason.
    public var similar: Bool
}
