import BundledData
import Foundation
import DataFormats
import Tariffs
import Testing

/// Cases beyond the worked examples where the headings' own texts or the data's notes decide.
@Suite("Duty layers: headings that remove a layer, and points the data cannot settle")
struct ReviewedCaseTests {
    private func assess(_ hts: String, _ origin: String, _ date: String, facts: DutyFacts = DutyFacts()) throws -> DutyAssessment {
        try Bundled.calculator.assess(
            DutyRequest(
                hts: try #require(HTSCode(hts)), origin: origin, value: try #require(USD("10000")),
                date: try #require(CivilDate(date)), facts: facts))
    }

    private func inTotal(_ answer: DutyAssessment) -> [String] {
        answer.layers.filter(\.inTotal).map { "\($0.heading) \($0.rate)" }
    }

    @Test("articles under Section 232 are excepted from Brazil's 40% (9903.01.83)")
    func brazilExceptsSection232Articles() throws {
        let answer = try assess("7606.12.30", "BR", "2025-09-01")
        #expect(inTotal(answer) == ["7606.12.30 3", "9903.85.02 50"])
        #expect(answer.excluded.contains { $0.heading == "9903.01.77" && $0.why.contains("9903.01.83") })
    }

    @Test("column 2 countries do not pay the reciprocal (9903.01.29)")
    func columnTwoCountriesPayNoReciprocal() throws {
        let answer = try assess("9405.42.84", "RU", "2025-09-01")
        #expect(inTotal(answer) == ["9405.42.84 35"])
        #expect(answer.excluded.contains { $0.heading == "9903.01.29" })
    }

    @Test("China's reciprocal was 84% on 2025-04-09, 125% from 2025-04-10 and 10% from 2025-05-14")
    func chinaEscalation() throws {
        #expect(try assess("9405.42.84", "CN", "2025-04-09").layers.contains { $0.heading == "9903.01.63" && $0.rate == Percent(percent: "84") })
        #expect(try assess("9405.42.84", "CN", "2025-04-10").layers.contains { $0.heading == "9903.01.63" && $0.rate == Percent(percent: "125") })
        #expect(try assess("9405.42.84", "CN", "2025-05-14").layers.contains { $0.heading == "9903.01.25" && $0.rate == Percent(percent: "10") })
    }

    @Test("Canadian potash is flagged: its 10% rate has no product list in the data")
    func canadianPotashNeedsReview() throws {
        let answer = try assess("3104.20.00", "CA", "2025-09-01")
        #expect(answer.review.contains { $0.contains("potash") })
        #expect(answer.isConditional)
    }

    @Test("an agricultural Annex II exemption before the November 2025 additions is flagged (CORRECTIONS.md 5)")
    func agriculturalAnnexTwoBeforeNovember() throws {
        let coffee = try assess("0901.11.00", "VN", "2025-09-01")
        if coffee.excluded.contains(where: { $0.heading == "9903.01.32" }) {
            #expect(coffee.review.contains { $0.contains("agricultural products added in November 2025") })
        }
        let laptop = try assess("8471.30.01", "VN", "2025-09-01", facts: DutyFacts(automobilePart: false))
        #expect(laptop.review.isEmpty)
    }

    @Test("metals after 2026-04-06 keep their Section 232 exemption from Section 122 and are flagged for the annex rates")
    func metalsAfterTheAnnexRegime() throws {
        let answer = try assess("7606.12.30", "DE", "2026-05-01")
        #expect(!answer.layers.contains { $0.kind == .section122 })
        #expect(answer.excluded.contains { $0.heading == "9903.03.01" && $0.why.contains("9903.03.06") })
        #expect(answer.review.contains { $0.contains("annexes") })
    }

    @Test("ship-to-shore cranes: the described 301 row is listed only if the crane is one")
    func describedRowWithoutItemsIsANeed() throws {
        let answer = try assess("8426.19.00", "CN", "2025-06-01")
        let crane = try #require(answer.layers.first { $0.heading == "9903.92.10" })
        #expect(!crane.inTotal)
        #expect(crane.needs.contains { $0.effect == .appliesIf && $0.question.contains("ship-to-shore") })
    }

    @Test("a stated automobile part pays the passenger-vehicle parts duty, not the truck parts duty")
    func automobilePartPrefersTheAutoPartsAnnex() throws {
        let answer = try assess("9401.20.00", "CN", "2025-12-01", facts: DutyFacts(automobilePart: true))
        #expect(answer.layers.contains { $0.heading == "9903.94.05" && $0.inTotal })
        #expect(!answer.layers.contains { $0.heading == "9903.74.08" })
    }

    @Test("a Canadian steel-content derivative pays the Canada duty on the value outside the steel")
    func canadianDerivativePaysOnTheRest() throws {
        let answer = try assess("8431.49.90", "CA", "2025-09-01", facts: DutyFacts(steelContent: USD("3000")))
        let canada = try #require(answer.layers.first { $0.heading == "9903.01.10" })
        #expect(canada.base == USD("7000") && canada.amount == USD("2450"))
    }

    @Test("an 8-digit number whose suffixes owe the same duty is one answer without a classification need")
    func suffixesThatAgreeNeedNoSuffix() throws {
        let answer = try assess("8471.50.01", "MY", "2026-01-20")
        #expect(!answer.needs.contains { $0.fact == "hts10" })
    }

    @Test("a Chapter 98 provision is flagged: it changes the base and the layers, which the engine does not model")
    func chapterNinetyEightNeedsReview() throws {
        #expect(try assess("9801.00.10", "CN", "2025-09-01").review.contains { $0.contains("Chapter 98 provisions") })
        #expect(try assess("9405.42.84", "CN", "2025-09-01").review.isEmpty)
    }

    @Test("groupings, the United States and Chapter 99 headings are not accepted as inputs")
    func notOrigins() throws {
        for origin in ["EU", "US", "QO", "XK1"] {
            #expect(throws: DutyError.self) { try assess("9405.42.84", origin, "2025-09-15") }
        }
        #expect(HTSCode("8471..3001") == nil)
        #expect(HTSCode("84.71.30.01") == nil)
        do {
            _ = try assess("9903.88.03", "CN", "2025-09-15")
            Issue.record("a chapter 99 heading was accepted")
        } catch {
            #expect("\(error)".contains("Chapter 99 heading, not a classification"))
        }
    }
}

@Suite("Tariff tables: a damaged copy is refused naming file, line and column")
struct MalformedTariffTablesTests {
    /// A copy of the bundled tables with `file` changed by `edit`.
    private func copy(editing file: String, _ edit: (String) -> String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tariffs-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledData.tariffsDirectory, to: directory)
        let url = directory.appendingPathComponent(file)
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return directory
    }

    private func error(_ directory: URL) -> TableDataError? {
        defer { try? FileManager.default.removeItem(at: directory) }
        do throws(TableDataError) {
            _ = try TariffData(directory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test("a bad date, an empty heading, an unknown column and a short row are each named")
    func damagedCopies() throws {
        let date = try #require(error(try copy(editing: "section232_rates.csv") { $0.replacingOccurrences(of: "2025-06-04", with: "2025-06-31") }))
        #expect(date.file == "section232_rates.csv" && date.line != nil && date.column == "effective_from")
        let heading = try #require(error(try copy(editing: "ieepa_and_s122_country_rates.csv") { $0.replacingOccurrences(of: ",9903.01.25,", with: ",/,") }))
        #expect(heading.column == "ch99_heading")
        let column = try #require(error(try copy(editing: "exemptions.csv") { $0.replacingOccurrences(of: "condition", with: "kind") }))
        #expect(column.line == 1)
        let short = try #require(error(try copy(editing: "origin_groups.csv") { $0 + "DE,EU\n" }))
        #expect(short.file == "origin_groups.csv" && short.description.contains("fields"))
    }

    @Test("a missing table and a correction that matches no row are refused")
    func crossChecks() throws {
        let missing = try #require(error(try copy(editing: "tables.json") { $0.replacingOccurrences(of: "\"table\": \"column2\"", with: "\"table\": \"columnII\"") }))
        #expect(missing.file == "tables.json" && missing.message.contains("column2"))
        let correction = try #require(error(try copy(editing: "rate_corrections.csv") { $0.replacingOccurrences(of: "9903.02.58,CH,2025-08-07", with: "9903.02.58,CH,2025-08-08") }))
        #expect(correction.file == "rate_corrections.csv" && correction.message.contains("matches no row"))
    }
}
