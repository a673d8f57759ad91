import Determination
import Testing

/// Properties over every license-exception line of the bundled CCL: the engine's reading of each line
/// agrees with the line's grammar (`LineGrammar`, written independently of the engine), and no exception is
/// available while a condition it depends on is unknown.
@Suite struct ExceptionLinePropertyTests {
    /// Every entry's lines other than STA (read separately), the first line per code as the engine takes it.
    static let lines: [(eccn: String, code: String, text: String)] = Fixture.reference.ccl.entries.flatMap { entry in
        var seen: Set<String> = []
        var result: [(eccn: String, code: String, text: String)] = []
        for line in entry.licenseExceptions where line.code != "STA" && seen.insert(line.code).inserted {
            result.append((entry.eccn, line.code, line.condition ?? ""))
        }
        return result
    }

    @Test func theGrammarTableReadsMostLinesSoThePropertyIsNotVacuous() {
        let read = Self.lines.filter { LineGrammar.read($0.text, eccn: $0.eccn) != .conditional }
        #expect(Self.lines.count > 1000)
        #expect(read.count * 100 >= Self.lines.count * 90, "\(read.count) of \(Self.lines.count) lines matched a pattern")
        let excepts = read.filter { if case .allExcept = LineGrammar.read($0.text, eccn: $0.eccn) { true } else { false } }
        #expect(excepts.count >= 12, "the \"Yes, except …\" and \"$N, except …\" lines are in the table")
    }

    /// For every line and every sample paragraph: where the grammar says eligible the engine says eligible;
    /// where it says ineligible the engine never says eligible; where the paragraph is coarser than the
    /// line's list the engine says it depends. Lines outside the table are never eligible for a bare ECCN.
    @Test func everyLineOfTheCCLReadsAsItsGrammarSays() throws {
        var checked = 0
        for (eccn, code, text) in Self.lines {
            let reading = LineGrammar.read(text, eccn: eccn)
            for paragraph in LineGrammar.samples(reading) {
                let engine = try #require(
                    Fixture.determiner.exceptionLineEligibility(eccn: eccn, code: code, paragraph: paragraph))
                let place = "\(eccn).\(paragraph.joined(separator: ".")) \(code) \"\(text)\": engine \(engine)"
                switch LineGrammar.expectation(reading, for: paragraph) {
                case .eligible:
                    guard case .eligible = engine else { Issue.record("expected eligible: \(place)"); continue }
                case .ineligible:
                    if case .eligible = engine { Issue.record("expected not eligible: \(place)") }
                case .depends:
                    guard case .depends = engine else { Issue.record("expected to depend on the paragraph: \(place)"); continue }
                case .unknown:
                    if paragraph.isEmpty, case .eligible = engine { Issue.record("a conditional line is eligible for the bare ECCN: \(place)") }
                }
                checked += 1
            }
        }
        #expect(checked > 25_000)
    }

    /// A determination for the bare ECCN (no paragraph, value or facts) never offers an exception whose line
    /// the grammar reads as depending on the paragraph or on wording, nor LVS (the value is unknown).
    @Test(arguments: ["BR", "DE", "IL", "CN"])
    func noExceptionIsAvailableWhileAConditionIsUnknown(destination: String) throws {
        let readings = Dictionary(grouping: Self.lines, by: \.eccn)
        for entry in Fixture.reference.ccl.entries {
            let answer = try Fixture.determine(entry.eccn, to: destination)
            for candidate in answer.licenseExceptions where candidate.available {
                #expect(candidate.code != "LVS", "\(entry.eccn) to \(destination): LVS available without a value")
                guard let line = readings[entry.eccn]?.first(where: { $0.code == candidate.code }) else { continue }
                let reading = LineGrammar.read(line.text, eccn: entry.eccn)
                #expect(
                    LineGrammar.expectation(reading, for: []) == .eligible,
                    "\(entry.eccn) to \(destination): \(candidate.code) available although \"\(line.text)\" depends on the item")
            }
        }
    }
}
