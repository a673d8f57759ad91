import Foundation
@testable import Operations
import Testing

/// The Workbench's UTC times, computed by arithmetic instead of a `DateFormatter` per row: the same text.
@Suite struct UTCTimeTests {
    /// SplitMix64, seeded, so the sample is the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func foundation(_ milliseconds: Int64, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    @Test("a time's day and minute in UTC read as Foundation's formatter writes them, across leap years and centuries")
    func sameTextAsFoundation() {
        var random = Seeded(state: 17)
        // 1600 to 2400: leap centuries and common ones; and the edges of days, months and the epoch.
        var samples: [Int64] = [0, -1, 1, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, -2_208_988_800_000]
        for _ in 0..<2_000 { samples.append(Int64.random(in: -11_676_096_000_000...13_569_465_600_000, using: &random)) }
        for milliseconds in samples {
            #expect(UTCTime.minute(milliseconds) == Self.foundation(milliseconds, "yyyy-MM-dd HH:mm 'UTC'"), "\(milliseconds)")
            #expect(UTCTime.day(milliseconds) == Self.foundation(milliseconds, "yyyy-MM-dd"), "\(milliseconds)")
        }
    }
}
