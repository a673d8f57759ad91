import Foundation

/// How the statistical tier turns RTTs into typical distance bounds: each landmark's bound is the smaller of
/// its bestline distance and the pooled quantile distance for that RTT, times (1 + slack), plus slackKm,
/// never above the proven bound. Two sets of bounds: a tight one for `likely_verified` (every bound only
/// grows with its RTT, so added delay cannot earn it), one for `likely_violation` (robust: a point may break
/// two bounds, so an odd path or two does not flag a true claim), and one for the position estimate.
public struct StatisticalModel: Sendable, Hashable {
    /// One set of bounds.
    public struct Bounds: Sendable, Hashable {
        /// The pooled distance quantile per RTT, or nil to use the bestlines alone.
        public var quantile: Double?
        /// Whether each landmark's own bestline also bounds it.
        public var bestline: Bool
        /// Multiplicative slack.
        public var slack: Double
        /// Additive slack, km.
        public var slackKm: Double
        /// How many bounds a point may break and still be in the region (robustness to odd paths).
        public var misses: Int

        /// A set of bounds.
        public init(quantile: Double?, bestline: Bool, slack: Double, slackKm: Double, misses: Int = 0) {
            self.quantile = quantile
            self.bestline = bestline
            self.slack = slack
            self.slackKm = slackKm
            self.misses = misses
        }
    }

    /// The bounds `likely_verified` is judged on.
    public var verify: Bounds
    /// The bounds `likely_violation` is judged on.
    public var flag: Bounds
    /// The bounds of the region whose centre is the position estimate (typical rather than extreme distances,
    /// robust to a few odd paths); when no point fits them the verify region's centre is used.
    public var estimate: Bounds

    /// Whether the position estimate is the likeliest cell of the flag region under distance distributions
    /// learnt from the landmark pairs (`DistanceModel`) rather than the centre of the estimate region.
    public var likelihood: Bool

    /// A model.
    public init(verify: Bounds, flag: Bounds, estimate: Bounds, likelihood: Bool = false) {
        self.verify = verify
        self.flag = flag
        self.estimate = estimate
        self.likelihood = likelihood
    }

    /// The engine's model, chosen on the evaluation (eval/monitor/REPORT.md).
    public static let standard = StatisticalModel(
        verify: Bounds(quantile: 0.99, bestline: false, slack: 0.05, slackKm: 10),
        flag: Bounds(quantile: 0.99, bestline: false, slack: 0, slackKm: 0, misses: 2),
        estimate: Bounds(quantile: 0.99, bestline: false, slack: 0.05, slackKm: 10))

    /// The standard model with the likelihood surface (estimate and flags): on the evaluation it flags a
    /// little more and estimates a little better pooled, but flags 2 of 155 true claims (1.3%) where the
    /// standard model flags none, so it is not the default (eval/monitor/README.md).
    public static let surface: StatisticalModel = {
        var model = StatisticalModel.standard
        model.likelihood = true
        return model
    }()

    /// Classic constraint-based geolocation (the baseline): bestlines only, no slack, the region's centroid.
    public static let cbg = StatisticalModel(
        verify: Bounds(quantile: nil, bestline: true, slack: 0, slackKm: 0),
        flag: Bounds(quantile: nil, bestline: true, slack: 0, slackKm: 0),
        estimate: Bounds(quantile: nil, bestline: true, slack: 0, slackKm: 0))
}
