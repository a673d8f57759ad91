/// A Harmonized Tariff Schedule number: an 8-digit subheading or a 10-digit statistical number.
///
/// Accepted with or without dots (`8471.30.01`, `84713001`, `8471.30.0100`, `8471.30.01.00`); kept
/// as digits so lookups compare numbers, not spellings.
public struct HTSCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 8 or 10 digits.
    public let digits: String

    /// Parses an HTS number; nil unless it is 8 or 10 digits, with dots (if any) only where the schedule
    /// prints them: after the 4th, 6th and 8th digit.
    public init?(_ text: String) {
        var digits = ""
        var lastWasDot = false
        for character in text.utf8 {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.unicodeScalars.append(Unicode.Scalar(character))
                lastWasDot = false
            case UInt8(ascii: "."):
                guard !lastWasDot, [4, 6, 8].contains(digits.utf8.count) else { return nil }
                lastWasDot = true
            default:
                return nil
            }
        }
        guard digits.utf8.count == 8 || digits.utf8.count == 10, !lastWasDot else { return nil }
        self.digits = digits
    }

    /// Whether this is a 10-digit statistical number.
    public var isStatistical: Bool { digits.utf8.count == 10 }

    /// The 8-digit subheading the number belongs to.
    public var subheading: String { String(digits.prefix(8)) }

    /// The chapter, `01`…`99`.
    public var chapter: String { String(digits.prefix(2)) }

    /// The number as the schedule prints it: `8471.30.01` or `8471.30.0100`.
    public var description: String { Self.dotted(digits) }

    /// `digits` (4, 6, 8 or 10 of them) with the schedule's dots.
    static func dotted(_ digits: String) -> String {
        let d = Array(digits)
        switch d.count {
        case 10: return "\(String(d[0..<4])).\(String(d[4..<6])).\(String(d[6..<10]))"
        case 8: return "\(String(d[0..<4])).\(String(d[4..<6])).\(String(d[6..<8]))"
        case 6: return "\(String(d[0..<4])).\(String(d[4..<6]))"
        default: return digits
        }
    }

    public static func < (lhs: HTSCode, rhs: HTSCode) -> Bool { lhs.digits < rhs.digits }
}
