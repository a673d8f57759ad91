import Foundation
import Testing

import DataFormats

/// The arithmetic day and time formatting agrees with Foundation's formatter, across leap years and eras.
@Suite struct UTCTimestampTests {
    @Test func daysAndTimesMatchFoundationsISO8601Formatter() {
        let formatter = ISO8601DateFormatter()
        var generator = LinearCongruential(seed: 20_261_206)
        let fixed: [TimeInterval] = [0, -1, 86_399, 86_400, 951_782_400, 951_868_799, 1_709_164_800, 4_107_542_399, -2_208_988_800]
        let random = (0..<2000).map { _ in TimeInterval(Int64.random(in: -3_000_000_000...5_000_000_000, using: &generator)) }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = formatter.string(from: date)
            #expect(CivilDate.timestamp(date) == expected, "\(seconds)")
            #expect(CivilDate(utc: date).description == String(expected.prefix(10)), "\(seconds)")
        }
    }
}

/// A seeded generator (Knuth's MMIX linear congruential constants, high bits), so a failing time can be found again.
struct LinearCongruential: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 32) | (state << 32)
    }
}
