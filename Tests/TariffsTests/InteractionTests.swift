import DataFormats
import Tariffs
import Testing

/// RULES.md C.2 interactions and the CORRECTIONS.md points beyond the worked examples.
@Suite("Duty layers: interactions, exemptions and facts")
struct InteractionTests {
    private func assess(
        _ hts: String, _ origin: String, _ date: String, value: String = "10000", facts: DutyFacts = DutyFacts()
    ) throws -> DutyAssessment {
        try Bundled.calculator.assess(
            DutyRequest(
                hts: try #require(HTSCode(hts)), origin: origin, value: try #require(USD(value)),
                date: try #require(CivilDate(date)), facts: facts))
    }

    private func headings(_ answer: DutyAssessment) -> [String] {
        answer.layers.filter(\.inTotal).map { "\($0.heading) \($0.rate)" }
    }

    @Test("Canadian steel subject to Section 232 does not also pay the Canada IEEPA duty (EO 14289 sec. 3(a)(ii))")
    func canadianSteelPaysSection232Only() throws {
        let answer = try assess("7318.15.80", "CA", "2025-09-01")
        #expect(headings(answer) == ["7318.15.80 8.5", "9903.81.90 50"])
        #expect(answer.excluded.contains { $0.heading == "9903.01.10" && $0.why.contains("EO 14289") })
        #expect(answer.excluded.contains { $0.heading == "9903.01.26" })
    }

    @Test("a car from Mexico pays the autos duty and not the Mexico IEEPA duty (EO 14289 sec. 3(a)(i))")
    func mexicanCarPaysAutosOnly() throws {
        let answer = try assess("8703.23.01", "MX", "2025-06-01")
        #expect(headings(answer) == ["8703.23.01 2.5", "9903.94.01 25"])
        #expect(answer.excluded.contains { $0.heading == "9903.01.01" })
    }

    @Test("a USMCA-qualifying car from Mexico pays the autos duty on its non-US content only, so the base is a need")
    func usmcaCarNeedsItsNonUSContent() throws {
        let answer = try assess("8703.23.01", "MX", "2025-06-01", facts: DutyFacts(usmcaQualifying: true))
        let autos = try #require(answer.layers.first { $0.heading == "9903.94.01" })
        #expect(autos.amount == nil && !autos.inTotal)
        #expect(answer.needs.map(\.fact).contains("non_us_content"))
    }

    @Test("Hong Kong goods pay the China IEEPA duties but not Section 301")
    func hongKongIsNotSubjectToSection301() throws {
        let answer = try assess("9405.42.84", "HK", "2025-09-15")
        #expect(headings(answer) == ["9405.42.84 3.9", "9903.01.24 20", "9903.01.25 10"])
        #expect(answer.excluded.contains { $0.kind == .section301 && $0.why.contains("separate customs territory") })
    }

    @Test("Russian goods pay the column 2 rate")
    func russiaPaysColumnTwo() throws {
        let answer = try assess("9405.42.84", "RU", "2025-09-15")
        #expect(answer.layers.first?.kind == .column2)
        #expect(answer.layers.first?.rate == Percent(percent: "35"))
    }

    @Test("the EU floor leaves no reciprocal when the column 1 rate is at least 15%")
    func floorAboveFifteenPercentLeavesNoReciprocal() throws {
        let answer = try assess("6401.10.00", "FR", "2025-09-15")
        #expect(answer.layers.filter { $0.kind == .ieepa }.isEmpty)
        #expect(answer.excluded.contains { $0.heading == "9903.02.19" })
    }

    @Test("the Japan flat 15% row is not applied: the floor governs (CORRECTIONS.md 2)")
    func japanUsesTheFloor() throws {
        let answer = try assess("9405.42.84", "JP", "2025-09-15")
        #expect(headings(answer) == ["9405.42.84 3.9", "9903.02.73 11.1"])
    }

    @Test("Switzerland pays 39% until 2025-11-13 and the floor from 2025-11-14 (CORRECTIONS.md 3)")
    func switzerlandMovesToTheFloor() throws {
        #expect(headings(try assess("9405.42.84", "CH", "2025-11-13")) == ["9405.42.84 3.9", "9903.02.58 39"])
        #expect(headings(try assess("9405.42.84", "CH", "2025-11-14")) == ["9405.42.84 3.9", "9903.02.83 11.1"])
    }

    @Test("the transshipment penalty applies only when the importer says CBP determined it (CORRECTIONS.md 4)")
    func transshipmentOnlyWhenStated() throws {
        #expect(headings(try assess("9405.42.84", "VN", "2025-09-15")).last == "9903.02.69 20")
        let penalised = try assess("9405.42.84", "VN", "2025-09-15", facts: DutyFacts(transshipped: true))
        #expect(headings(penalised).last == "9903.02.01 40")
    }

    @Test("a broad auto-parts prefix applies, and removes the reciprocal, once the good is stated to be a part")
    func statedAutomobilePartApplies() throws {
        let answer = try assess("8507.60.00", "CN", "2025-06-01", facts: DutyFacts(automobilePart: true))
        #expect(headings(answer) == ["8507.60.00 3.4", "9903.88.15 7.5", "9903.94.05 25", "9903.01.24 20"])
        #expect(answer.excluded.contains { $0.heading == "9903.01.33" })
        let notAPart = try assess("8507.60.00", "CN", "2025-06-01", facts: DutyFacts(automobilePart: false))
        #expect(!notAPart.isConditional)
        #expect(notAPart.totalRate == Percent(percent: "40.9"))
    }

    @Test("a metal-content derivative needs the content value, and charges the reciprocal on the rest (CORRECTIONS.md 12)")
    func metalContentDerivative() throws {
        let code = "3701.30.00"
        let unknown = try assess(code, "VN", "2025-09-15")
        #expect(unknown.needs.map(\.fact) == ["aluminum_content", "aluminum_content"])
        #expect(unknown.isConditional)
        let known = try assess(code, "VN", "2025-09-15", facts: DutyFacts(aluminumContent: USD("4000")))
        let layer = try #require(known.layers.first { $0.heading == "9903.85.08" })
        #expect(layer.base == USD("4000") && layer.amount == USD("2000"))
        let reciprocal = try #require(known.layers.first { $0.heading == "9903.02.69" })
        #expect(reciprocal.base == USD("6000") && reciprocal.amount == USD("1200"))
        #expect(!known.isConditional)
    }

    @Test("an HS 2022 subheading without a Section 301 row is reported as unknown 301 coverage (CORRECTIONS.md 10)")
    func renumberedSubheadingNeedsReview() throws {
        let answer = try assess("8539.52.00", "CN", "2025-09-15")
        #expect(answer.review.contains { $0.contains("Section 301 coverage unknown") })
    }

    @Test("entries of 21-23 February 2026 need review; Section 122 applies from 24 February (CORRECTIONS.md 11)")
    func februaryTwentySixGap() throws {
        #expect(try assess("9405.42.84", "VN", "2026-02-22").review.contains { $0.contains("21-23 Feb 2026") })
        let after = try assess("9405.42.84", "VN", "2026-03-02")
        #expect(headings(after) == ["9405.42.84 3.9", "9903.03.01 10"])
        let usmca = try assess("8504.40.95", "MX", "2026-03-02", facts: DutyFacts(usmcaQualifying: true))
        #expect(usmca.excluded.contains { $0.heading == "9903.03.01" })
    }

    @Test("Brazil's extra 40% is applied and flagged: its exceptions are in no file (CORRECTIONS.md 13)")
    func brazilIsConditional() throws {
        let answer = try assess("9405.42.84", "BR", "2025-09-15")
        #expect(headings(answer) == ["9405.42.84 3.9", "9903.01.77 40", "9903.02.09 10"])
        #expect(answer.review.contains { $0.contains("Brazil") })
    }

    @Test("a description-scoped Section 301 exclusion is a need, not applied (CORRECTIONS.md 6)")
    func describedExclusionIsANeed() throws {
        let answer = try assess("8473.30.1180", "CN", "2025-06-01")
        #expect(answer.layers.contains { $0.heading == "9903.88.03" && $0.inTotal })
        #expect(answer.needs.contains { $0.fact == "exclusion_description" && $0.effect == .exemptIf })
    }

    @Test("a whole-number exclusion stops applying after 2026-11-09, outside the data's coverage")
    func exclusionValidityIsDated() throws {
        let inForce = try assess("9030.90.4600", "CN", "2026-07-01")
        #expect(!inForce.layers.contains { $0.kind == .section301 })
    }

    @Test("amounts round half up to the cent on each layer and the total is their sum")
    func amountsRoundPerLayer() throws {
        let answer = try assess("8507.60.00", "CN", "2025-06-01", value: "333.33", facts: DutyFacts(automobilePart: false))
        #expect(answer.layers.first?.amount == USD("11.33"))
        let sum = answer.layers.filter(\.inTotal).compactMap(\.amount).reduce(USD.zero, +)
        #expect(answer.totalAmount == sum)
    }
}

@Suite("Duty requests: bad input is refused with the field named")
struct DutyInputTests {
    private func request(_ hts: String, _ origin: String = "CN", _ date: String = "2025-06-01") throws -> DutyRequest {
        DutyRequest(hts: try #require(HTSCode(hts)), origin: origin, value: try #require(USD("100")), date: try #require(CivilDate(date)))
    }

    @Test("HTS numbers are read with or without dots, at 8 or 10 digits, and nothing else")
    func htsSpellings() {
        #expect(HTSCode("8471.30.01")?.digits == "84713001")
        #expect(HTSCode("84713001")?.description == "8471.30.01")
        #expect(HTSCode("8471.30.01.00")?.description == "8471.30.0100")
        #expect(HTSCode("8517620010")?.description == "8517.62.0010")
        for bad in ["8471.30", "847130011", "8471-30-01", "", "8471.30.01.", "abcd.ef.gh"] {
            #expect(HTSCode(bad) == nil, "\(bad)")
        }
    }

    /// The error assessing `request` raises, nil when it is answered.
    private func failure(_ request: DutyRequest) -> DutyError? {
        do throws(DutyError) {
            _ = try Bundled.calculator.assess(request)
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown HTS number names the nearest valid numbers")
    func unknownHTS() throws {
        let subheading = try #require(failure(try request("8471.30.02")))
        #expect(subheading.field == "hts")
        #expect(subheading.description.contains("8471.30.01"))
        let statistical = try #require(failure(try request("8517.62.0099")))
        #expect(statistical.description.contains("8517.62.0010"))
    }

    @Test("an unknown country is refused naming origin")
    func unknownCountry() throws {
        #expect(failure(try request("8471.30.01", "XX"))?.field == "origin")
    }

    @Test("a date before the data begins is refused, saying where it begins")
    func dateBeforeCoverage() throws {
        let error = try #require(failure(try request("8471.30.01", "CN", "2024-12-31")))
        #expect(error.field == "date")
        #expect(error.description.contains("begins with entries on 2025-01-01"))
    }

    @Test("an entry after the compilation date is assessed with the tables' age, conditional past a table's limit")
    func entryAfterCompilation() throws {
        let within = try Bundled.calculator.assess(try request("8471.30.01", "CN", "2026-08-22"))  // 30 days after 2026-07-23
        #expect(within.dataAgeDays == 30 && within.staleTables.isEmpty)
        #expect(!within.review.contains { $0.contains("were compiled on") })
        let stale = try Bundled.calculator.assess(try request("8471.30.01", "CN", "2026-12-06"))
        #expect(stale.dataCompiled == CivilDate("2026-07-23"))
        #expect(stale.dataAgeDays == 136)
        #expect(stale.staleTables.contains("section232_rates.csv") && !stale.staleTables.contains { $0.hasSuffix("hts2025_mfn_hts8.csv") })
        #expect(stale.isConditional)
        #expect(stale.review.contains { $0.contains("compiled on 2026-07-23, 136 days before 2026-12-06") })
        #expect(stale.json().contains(#""data_age_days":136"#))
        let old = try Bundled.calculator.assess(try request("8471.30.01", "CN", "2027-12-01"))
        #expect(old.staleTables.contains { $0.hasSuffix("hts2025_mfn_hts8.csv") })
    }

    @Test("values and rates are exact decimals")
    func decimals() {
        #expect(USD("10000")?.cents == 1_000_000)
        #expect(USD("0.5")?.description == "0.50")
        #expect(USD("1.005") == nil)
        #expect(USD("-1") == nil)
        #expect(Percent(percent: "7.5")! + Percent(percent: "3.4")! == Percent(percent: "10.9")!)
        #expect(USD(cents: -150).description == "-1.50")
    }
}
