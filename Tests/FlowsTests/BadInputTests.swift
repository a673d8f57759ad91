import BundledData
import Flows
import Foundation
import DataFormats
import Testing

/// Unknown values and dates outside the data are errors naming the field; nothing is guessed.
@Suite struct BadInputTests {
    private func error(_ input: TransferInput) -> TransferInputError? {
        do {
            _ = try Bundled.checker.request(input)
            return nil
        } catch {
            return error
        }
    }

    private func input(_ category: String = "personal", from: String = "DE", to: String = "US", date: String? = "2025-06-01")
        -> TransferInput
    {
        var input = TransferInput(category: category, from: from, to: to)
        input.date = date
        return input
    }

    @Test func anUnknownCountryNamesTheOption() throws {
        let from = try #require(error(input(from: "XX")))
        #expect(from.field == "--from")
        #expect(from.message.contains("ISO 3166"))
        let to = try #require(error(input(to: "Germany")))
        #expect(to.field == "--to")
    }

    @Test func anUnknownCategoryListsTheValidOnes() throws {
        let failure = try #require(error(input("biometric")))
        #expect(failure.field == "--category")
        #expect(failure.message.contains("personal, sensitive, financial, health, government, telecom-metadata, important-data, source-code"))
    }

    @Test func anUnknownMechanismOrCertificationListsTheValidOnes() throws {
        var mechanism = input()
        mechanism.mechanisms = ["magic"]
        let bad = try #require(error(mechanism))
        #expect(bad.field == "--mechanism")
        #expect(bad.message.contains("scc"))
        #expect(bad.message.contains("or a recipient certification (dpf"))
        var certification = input()
        certification.certifications = ["iso27001"]
        #expect(try #require(error(certification)).field == "--recipient-certified")
        var fact = input()
        fact.facts = ["ciio=maybe"]
        #expect(try #require(error(fact)).field == "--fact")
    }

    @Test func aDateBeforeTheDataBeginsIsRefusedSayingWhereItBegins() throws {
        let failure = try #require(error(input(date: "2020-12-31")))
        #expect(failure.field == "--date")
        #expect(failure.message.contains("begins on 2021-01-01"))
        #expect(try #require(error(input(date: "2025-02-30"))).message.contains("YYYY-MM-DD"))
    }
}

/// Questions about days after the tables' compilation date are answered from the newest tables, with
/// their age, and need review once a table is past its age limit (tables.json `stale_after_days`).
@Suite struct TableAgeTests {
    private func decision(date: String?, today: String = "2026-12-06", category: String = "personal", mechanisms: [String] = ["scc"])
        throws -> TransferDecision
    {
        var input = TransferInput(category: category, from: "DE", to: "US")
        input.mechanisms = mechanisms
        input.date = date
        return Bundled.checker.decide(try Bundled.checker.request(input, today: CivilDate(today)))
    }

    @Test func todayAfterTheCompilationDateIsAnsweredWithTheTablesAge() throws {
        let answer = try decision(date: nil, today: "2026-12-06")
        #expect(answer.date == CivilDate("2026-12-06"))
        #expect(answer.dataCompiled == CivilDate("2026-11-23"))
        #expect(answer.dataAgeDays == 13)
        #expect(answer.staleTables.isEmpty)
        #expect(answer.outcome == .permittedWithConditions)
    }

    @Test func aDateOnOrBeforeTheCompilationDateHasAgeZero() throws {
        #expect(try decision(date: "2025-06-01").dataAgeDays == 0)
        #expect(try decision(date: "2026-11-23").dataAgeDays == 0)
    }

    @Test func pastATablesLimitTheOutcomeIsAtLeastNeedsReviewNamingTheTables() throws {
        let fresh = try decision(date: "2027-02-21")  // 90 days after 2026-11-23: the 90-day limit is not passed
        #expect(fresh.staleTables.isEmpty)
        #expect(fresh.outcome == .permittedWithConditions)
        let stale = try decision(date: "2027-02-22")  // 91 days
        #expect(stale.dataAgeDays == 91)
        #expect(stale.staleTables.contains("rules.csv"))
        #expect(!stale.staleTables.contains("agreements.csv"))
        #expect(stale.outcome == .needsReview)
        #expect(stale.reasons.first?.contains("compiled on 2026-11-23, 91 days before 2027-02-22") == true)
        let json = String(decoding: stale.jsonData(), as: UTF8.self)
        #expect(json.contains(#""data_age_days":91"#) && json.contains(#""stale_tables":["#))
    }

    @Test func aStaleBlockedAnswerStaysBlocked() throws {
        var input = TransferInput(category: "personal", from: "CN", to: "US")
        input.date = "2028-01-01"
        input.facts = ["ciio=yes"]
        let answer = Bundled.checker.decide(try Bundled.checker.request(input))
        #expect(!answer.staleTables.isEmpty)
        #expect(answer.outcome >= .needsReview)
    }
}

/// A bad cell in a copy of the tables stops the load with its file, line and column.
@Suite struct MalformedTransferTablesTests {
    /// A copy of the bundled tables with `file` edited by `edit`, loaded.
    private func load(editing file: String, _ edit: (String) -> String) throws -> TableDataError? {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("flows-tables-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledData.transfersDirectory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let url = copy.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(edit(text).utf8).write(to: url)
        do {
            _ = try TransferTables(directory: copy)
            return nil
        } catch {
            return error
        }
    }

    /// Replaces line `number` (1-based) of `text` using `edit`.
    private func line(_ number: Int, of text: String, _ edit: (String) -> String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[number - 1] = edit(lines[number - 1])
        return lines.joined(separator: "\n")
    }

    @Test func anUnknownRuleTypeNamesFileLineAndColumn() throws {
        let error = try #require(try load(editing: "rules.csv") { line(5, of: $0) { $0.replacingOccurrences(of: "conditional_transfer", with: "conditional") } })
        #expect(error.file == "rules.csv")
        #expect(error.line == 5)
        #expect(error.column == "rule_type")
        #expect(error.description.hasPrefix("rules.csv:5: column rule_type:"))
    }

    @Test func aBadDateNamesItsCell() throws {
        let error = try #require(try load(editing: "adequacy.csv") { line(3, of: $0) { $0.replacingOccurrences(of: "2003-06-30", with: "30/06/2003") } })
        #expect(error.file == "adequacy.csv")
        #expect(error.line == 3)
        #expect(error.column == "effective_from")
    }

    @Test func aMappingToAMissingRuleIsAnUnknownReference() throws {
        let error = try #require(try load(editing: "category_map.csv") { $0 + "personal,NO-SUCH-RULE,,direct\n" })
        #expect(error.file == "category_map.csv")
        #expect(error.column == "rule_id")
        #expect(error.problem == .unknownReference("rule \"NO-SUCH-RULE\" is not in rules.csv"))
    }

    @Test func aCategoryMappedTwiceToTheSameRuleIsADuplicate() throws {
        let error = try #require(try load(editing: "category_map.csv") { $0 + "personal,EU-PERSONAL,,direct\n" })
        #expect(error.file == "category_map.csv")
        #expect(error.problem == .duplicateKey("personal → EU-PERSONAL is already on line 2"))
    }

    @Test func aMechanismListedTwiceIsADuplicateNamingBothLines() throws {
        let error = try #require(try load(editing: "mechanisms.csv") { text in
            let lines = text.components(separatedBy: "\n")
            return text + lines[1] + "\n"
        })
        #expect(error.file == "mechanisms.csv")
        #expect(error.column == "mechanism")
        #expect(error.problem == .duplicateKey("scc is already on line 2"))
    }

    @Test func aRowWithAMissingFieldIsMalformed() throws {
        let error = try #require(try load(editing: "eu_members.csv") { $0 + "HR,Croatia,EU\n" })
        #expect(error.file == "eu_members.csv")
        #expect(error.line == 33)
        #expect(error.description.contains("the row has 3 fields, the header 6"))
    }

    @Test func aRuleNamingAMechanismItsJurisdictionDoesNotAcceptIsRejected() throws {
        let error = try #require(try load(editing: "rules.csv") { line(2, of: $0) { $0.replacingOccurrences(of: "scc;bcr;derogation", with: "idta") } })
        #expect(error.line == 2)
        #expect(error.column == "mechanisms")
    }
}
