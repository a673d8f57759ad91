import Foundation
import DataFormats
import Testing

/// The one calendar-day type: parsing, printing, day numbers, the UTC day of an instant, and its JSON form.
@Suite("Civil date: parse, print, count days, encode")
struct CivilDateTests {
    @Test("a day number and its day convert both ways, and every day prints as text that parses back to it")
    func dayNumbersRoundTrip() throws {
        var random = SplitMix64(state: 2026)
        for _ in 0..<5_000 {
            let number = Int.random(in: -719_162...2_932_896, using: &random)  // 0001-01-01 ... 9999-12-31
            let date = CivilDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(CivilDate(date.description) == date, "\(date)")
            #expect(date.nextDay.dayNumber == number + 1 && date.previousDay.dayNumber == number - 1)
        }
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
        #expect(CivilDate("0999-12-31")?.description == "0999-12-31", "the year keeps four digits")
    }

    @Test("only real YYYY-MM-DD days parse")
    func onlyRealDaysParse() {
        for text in ["2024-02-29", "2000-02-29", "2026-12-31"] { #expect(CivilDate(text)?.description == text) }
        for text in ["2025-02-29", "1900-02-29", "2026-13-01", "2026-+1-05", "2026-1-05", "26-01-05", "2026-01-05T00:00:00Z", "２０２６-01-05", ""] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
    }

    @Test("the UTC day of an instant changes at midnight UTC, before 1970 too")
    func utcDayOfAnInstant() {
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 86_399.999)).description == "1970-01-01")
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 86_400)).description == "1970-01-02")
        #expect(CivilDate(utc: Date(timeIntervalSince1970: -0.001)).description == "1969-12-31")
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 1_772_323_200)).description == "2026-03-01")
    }

    @Test("a date is encoded as its YYYY-MM-DD text, and text that is not a real day does not decode")
    func jsonForm() throws {
        let date = try #require(CivilDate("2026-03-01"))
        #expect(String(decoding: try JSONEncoder().encode([date]), as: UTF8.self) == "[\"2026-03-01\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: Data("[\"2024-02-29\"]".utf8)) == [CivilDate("2024-02-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data("[\"2025-02-29\"]".utf8)) }
    }
}
