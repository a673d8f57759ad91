/// An amount of US dollars, held exactly in cents.
public struct USD: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in cents.
    public let cents: Int64

    /// An amount of `cents` cents.
    public init(cents: Int64) { self.cents = cents }

    /// Parses a non-negative amount with at most two decimals (`10000`, `10000.5`, `10000.50`); nil otherwise.
    public init?(_ text: String) {
        guard let cents = Percent.scaled(text, decimals: 2) else { return nil }
        self.cents = Int64(cents)
    }

    /// Nothing.
    public static let zero = USD(cents: 0)

    /// `rate` of this amount, rounded half up to the cent.
    public func applying(_ rate: Percent) -> USD {
        // cents × thousandths of a percent / (100 × 1,000)
        let product = cents * Int64(rate.thousandths)
        return USD(cents: (product + 50_000) / 100_000)
    }

    /// The amount with two decimals: `4090.00`.
    public var description: String {
        let magnitude = cents.magnitude
        let units = magnitude / 100
        let rest = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(units).\(rest < 10 ? "0" : "")\(rest)"
    }

    public static func + (lhs: USD, rhs: USD) -> USD { USD(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: USD, rhs: USD) -> USD { USD(cents: lhs.cents - rhs.cents) }
    public static func < (lhs: USD, rhs: USD) -> Bool { lhs.cents < rhs.cents }
}
