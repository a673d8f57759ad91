import Foundation

/// A 10-digit HTSUS statistical reporting number, e.g. `8471.30.0100`.
///
/// Accepts the ten digits with or without the dots (`8471300100`, `8471.30.0100`, `8471.30.01.00`);
/// `key` is the ten digits, `dotted` the form the schedule prints.
public struct HTS10: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The ten digits, the form stores and catalogues compare.
    public let key: String

    /// The code in `text`, or nil unless it is ten digits once the dots are removed.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }), !trimmed.hasPrefix("."), !trimmed.hasSuffix("."),
            !trimmed.contains("..")
        else { return nil }
        let digits = trimmed.filter { $0 != "." }
        guard digits.count == 10 else { return nil }
        key = digits
    }

    /// `8471.30.0100`.
    public var dotted: String {
        let d = Array(key)
        return String(d[0..<4]) + "." + String(d[4..<6]) + "." + String(d[6..<10])
    }

    public var description: String { dotted }

    public static func < (lhs: HTS10, rhs: HTS10) -> Bool { lhs.key < rhs.key }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = HTS10(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not an HTS-10 code"))
        }
        self = code
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dotted)
    }
}

/// A Chapter 99 heading of the HTSUS, `9903.NN.NN` (e.g. `9903.88.03`, Section 301 List 3).
public struct Chapter99Heading: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    /// The heading in `text`, or nil unless it reads `9903.NN.NN`.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "9903", parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        code = parts.joined(separator: ".")
    }

    public var description: String { code }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let heading = Chapter99Heading(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a 9903.NN.NN heading"))
        }
        self = heading
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// A calendar day (`YYYY-MM-DD`, UTC), as effective periods are written.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// The day in `text`, or nil unless it is a real `YYYY-MM-DD` day.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC day `instant` falls on.
    public init(_ instant: Instant) {
        let days = Int((instant.milliseconds >= 0 ? instant.milliseconds : instant.milliseconds - 86_399_999) / 86_400_000)
        // Civil-from-days (H. Hinnant), proleptic Gregorian.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The first instant of the day (00:00 UTC).
    public var start: Instant {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Instant(milliseconds: Int64(era * 146_097 + doe - 719_468) * 86_400_000)
    }

    /// The day after.
    public var next: Day { Day(start.adding(days: 1)) }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a YYYY-MM-DD day"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A point in time, milliseconds since 1970 (the store's timestamps), written as ISO 8601 UTC.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// `2026-03-02T14:05:00Z`, `2026-03-02T14:05:00.250Z`, `2026-03-02T14:05Z` or `2026-03-02` (midnight UTC); nil for anything else.
    public init?(iso text: String) {
        if let day = Day(text) {
            self = day.start
            return
        }
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = Day(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        guard parts[1].dropLast().allSatisfy({ $0 == ":" || $0 == "." || ($0.isASCII && $0.isNumber) }) else { return nil }
        let clock = parts[1].dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock[0].count == 2, clock[1].count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), hour < 24, minute < 60
        else { return nil }
        var second = 0
        var millisecond = 0
        if clock.count == 3 {
            let fields = clock[2].split(separator: ".", omittingEmptySubsequences: false)
            guard fields.count <= 2, fields[0].count == 2, let whole = Int(fields[0]), whole < 60 else { return nil }
            second = whole
            if fields.count == 2 {
                guard fields[1].count == 3, let fraction = Int(fields[1]) else { return nil }
                millisecond = fraction
            }
        }
        self = Instant(milliseconds: day.start.milliseconds + Int64((hour * 3600 + minute * 60 + second) * 1000 + millisecond))
    }

    /// This instant `days` whole days later.
    public func adding(days: Int) -> Instant { Instant(milliseconds: milliseconds + Int64(days) * 86_400_000) }

    /// `2026-03-02T14:05:00Z` (with `.123` before the `Z` when there are milliseconds).
    public var description: String {
        let day = Day(self)
        let within = Int(milliseconds - day.start.milliseconds)
        let seconds = within / 1000
        let fraction = within % 1000 == 0 ? "" : String(format: ".%03d", within % 1000)
        return day.description + String(format: "T%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60) + fraction + "Z"
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let instant = Instant(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not an ISO 8601 UTC time"))
        }
        self = instant
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
