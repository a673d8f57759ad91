import Foundation
import DataFormats

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

extension CivilDate {
    /// The UTC day `instant` falls on.
    public init(_ instant: Instant) {
        let milliseconds = instant.milliseconds >= 0 ? instant.milliseconds : instant.milliseconds - 86_399_999
        self.init(dayNumber: Int(milliseconds / 86_400_000))
    }

    /// The first instant of the day (00:00 UTC).
    public var start: Instant { Instant(milliseconds: Int64(dayNumber) * 86_400_000) }
}

/// A point in time, milliseconds since 1970 (the store's timestamps), written as ISO 8601 UTC.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// `2026-03-02T14:05:00Z`, `2026-03-02T14:05:00.250Z`, `2026-03-02T14:05Z` or `2026-03-02` (midnight UTC); nil for anything else.
    public init?(iso text: String) {
        if let day = CivilDate(text) {
            self = day.start
            return
        }
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = CivilDate(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
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
        let day = CivilDate(self)
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
