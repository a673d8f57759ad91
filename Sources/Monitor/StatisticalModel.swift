import Foundation

/// How the statistical tier turns RTTs into typical distance bounds: each landmark's bound is the smaller of
/// its bestline distance and the pooled quantile distance for that RTT, times (1 + slack), plus slackKm,
/// never above the proven bound. Two sets of bounds: a tight one for `likely_verified` (every bound only
/// grows with its RTT, so added delay cannot earn it) and a wide one for `likely_violation` (so a true claim
/// is rarely flagged).
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

        public init(quantile: Double?, bestline: Bool, slack: Double, slackKm: Double) {
            self.quantile = quantile
            self.bestline = bestline
            self.slack = slack
            self.slackKm = slackKm
        }
    }

    /// The bounds `likely_verified` is judged on.
    public var verify: Bounds
    /// The bounds `likely_violation` is judged on.
    public var flag: Bounds
    /// The estimate: how many of the smallest-RTT landmarks the multilateration weighs (0 for the region's centroid).
    public var multilaterationLandmarks: Int

    public init(verify: Bounds, flag: Bounds, multilaterationLandmarks: Int) {
        self.verify = verify
        self.flag = flag
        self.multilaterationLandmarks = multilaterationLandmarks
    }

    /// The engine's model, chosen on the evaluation (eval/monitor/REPORT.md).
    public static let standard = StatisticalModel(
        verify: Bounds(quantile: 0.99, bestline: true, slack: 0, slackKm: 0),
        flag: Bounds(quantile: 1, bestline: false, slack: 0.2, slackKm: 50),
        multilaterationLandmarks: 8)

    /// Classic constraint-based geolocation (the baseline): bestlines only, no slack, centroid estimate.
    public static let cbg = StatisticalModel(
        verify: Bounds(quantile: nil, bestline: true, slack: 0, slackKm: 0),
        flag: Bounds(quantile: nil, bestline: true, slack: 0, slackKm: 0),
        multilaterationLandmarks: 0)
}
