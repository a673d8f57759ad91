import Determination
import Testing

/// Bad input gets an error naming the field; nothing crashes on any input.
@Suite struct BadInputTests {
    static func error(_ build: () throws -> Determination) -> DeterminationError? {
        do {
            _ = try build()
            return nil
        } catch let error as DeterminationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func unknownECCNNamesItAndSuggestsTheNearest() throws {
        let error = try #require(Self.error { try Fixture.determine("3A009", to: "DE") })
        #expect(error.field == "eccn")
        guard case .unknownECCN(let eccn, let suggestions) = error.problem else {
            Issue.record("wrong problem \(error.problem)")
            return
        }
        #expect(eccn == "3A009")
        #expect(suggestions.first?.hasPrefix("3A00") == true)
        #expect(error.description.contains("3A009"))
    }

    @Test func malformedECCNSaysHowToWriteOne() throws {
        let error = try #require(Self.error { try Fixture.determine("laptop", to: "DE") })
        #expect(error.field == "eccn")
        #expect(error.description.contains("3A001.b.3"))
    }

    @Test(arguments: [("XX", "destination"), ("US", "destination"), ("", "destination")])
    func unknownDestinationIsAnError(code: String, field: String) throws {
        let error = try #require(Self.error { try Fixture.determine("4A994", to: code) })
        #expect(error.field == field)
    }

    @Test func badValueDateEndUseAndFactNameTheirFields() throws {
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", value: "ten dollars") }?.field == "value")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", value: "-5") }?.field == "value")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", date: "2025-02-30") }?.field == "date")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", date: "yesterday") }?.field == "date")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", endUses: ["space-tourism"]) }?.field == "end-use")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", facts: ["civil-telecommunications"]) }?.field == "fact")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", facts: ["unknown=yes"]) }?.field == "fact")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", endUserCountry: "ZZ") }?.field == "end-user-country")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", transit: ["QQ"]) }?.field == "transit")
        #expect(Self.error { try Fixture.determine("4A994", to: "DE", usContent: "140") }?.field == "us-content")
    }

    @Test func randomStringsInEveryFieldNeverCrashAndFailOnlyWithFieldErrors() {
        var generator = SeededGenerator(seed: 20261201)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz.-=,;:$% _/\\\"'\u{0}\u{301}é中🙂\n\t")
        let pieces = ["3A001", ".b.3", "EAR99", "USML", "CN", "UA-43", "HK", "=yes", "nuclear", "2025-09-02", "1e309", "NaN"]
        func random() -> String {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text += Bool.random(using: &generator)
                    ? String(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
                    : pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            return text
        }
        var determined = 0
        let chart = Fixture.reference.countryChart.rows.map(\.code)
        let eccns = Fixture.reference.ccl.entries.map(\.eccn)
        // Mostly absent, sometimes valid, sometimes garbage: so most requests reach the engine.
        func field(_ valid: [String]) -> String? {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6: nil
            case 6..<8: valid.randomElement(using: &generator)
            default: random()
            }
        }
        for _ in 0..<4000 {
            var input = Determiner.Input(eccn: random(), destination: random())
            if Int.random(in: 0..<4, using: &generator) > 0 {
                input.eccn = eccns.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "" : random())
            }
            if Int.random(in: 0..<4, using: &generator) > 0 { input.destination = chart.randomElement(using: &generator)! }
            input.endUses = field(["nuclear", "military", "military-intelligence", "civil-telecommunications"]).map { [$0] } ?? []
            input.endUserCountry = field(chart)
            input.parentCountry = field(chart)
            input.value = field(["400", "1,500", "$99.50", "0"])
            input.date = field(["2025-01-01", "2026-06-30", "2024-02-29"])
            input.facts = field(["component=yes", "civil-telecommunications=no", "food-or-medicine=yes", "published=no"]).map { [$0] } ?? []
            input.transit = field(["RU", "DE", "UA-43"]).map { [$0] } ?? []
            input.usContent = field(["5", "30%", "100"])
            input.redFlags = field(["unusual payment terms"]).map { [$0] } ?? []
            do {
                let answer = try Fixture.determiner.determine(Fixture.determiner.request(from: input))
                #expect(!answer.findings.isEmpty)
                determined += 1
            } catch {
                #expect(!error.field.isEmpty && !error.description.isEmpty)
            }
        }
        #expect(determined > 150, "the generator should reach the engine often enough")
    }

    @Test func everyCCLEntryToEverySampleDestinationDeterminesWithoutAGuessedNLR() throws {
        for entry in Fixture.reference.ccl.entries {
            for code in ["DE", "CN", "IN", "CA", "AE", "IR"] {
                let answer = try Fixture.determine(entry.eccn, to: code)
                #expect(!answer.findings.isEmpty, "\(entry.eccn) to \(code)")
                if answer.outcome == .nlr {
                    #expect(answer.findings.allSatisfy { $0.outcome == .nlr })
                    #expect(!answer.findings.contains { $0.missingFact != nil })
                }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so the fuzz test is repeatable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
