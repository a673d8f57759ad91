@testable import Determination
import Testing

/// Reading "Control(s)" scopes into paragraphs and conditions.
@Suite struct ParagraphScopeTests {
    static func result(_ text: String, _ eccn: String, _ paragraph: String, facts: [String: Bool] = [:]) -> ScopeResult {
        let scope = ParagraphScope(text, eccn: eccn)
        return scope.evaluate(paragraph: paragraph.split(separator: ".").map(String.init)) { condition in
            facts.first { condition.localizedCaseInsensitiveContains($0.key) }?.value
        }
    }

    @Test func entireEntryCoversEveryParagraphAndTheBareECCN() {
        #expect(Self.result("entire entry", "4A994", "") == .applies)
        #expect(Self.result("The entire entry", "4A994", "b.1") == .applies)
        #expect(Self.result("entire entry (4A994 covers APP >0.0128 but <=70 WT)", "4A003", "g") == .applies)
    }

    @Test func exceptedParagraphsAreOutAndTheRestIn() {
        #expect(Self.result("entire entry except 0A501.y", "0A501", "y.7") == .excluded)
        #expect(Self.result("entire entry except 0A501.y", "0A501", "a") == .applies)
        #expect(Self.result("entire entry, except 0A617.y", "0A617", "y") == .excluded)
        #expect(Self.result("entire entry except 0A501.y", "0A501", "") == .needs(.paragraph))
    }

    @Test func listsAndRangesExpand() {
        let text = "3B001.a.1 to a.3, b, e, f.2 to f.4, g to j"
        #expect(Self.result(text, "3B001", "a.2") == .applies)
        #expect(Self.result(text, "3B001", "a.4") == .excluded)
        #expect(Self.result(text, "3B001", "h.1") == .applies)
        #expect(Self.result(text, "3B001", "k") == .excluded)
        #expect(Self.result("5D002.z.1.a to z.9.a", "5D002", "z.7.a") == .applies)
        #expect(Self.result("5D002.z.1.a to z.9.a", "5D002", "z.7.b") == .excluded)
        #expect(Self.result("9A990.a only", "9A990", "a") == .applies)
        #expect(Self.result("paragraphs .a and .x", "0B505", "x.1") == .applies)
        #expect(Self.result("3A090.c (HBM)", "3A090", "c") == .applies)
    }

    @Test func aConditionCarvedOutOfTheParagraphsNeedsTheFact() {
        let text = "\"Monolithic Microwave Integrated Circuit\" (\"MMIC\") amplifiers in 3A001.b.2 and discrete microwave transistors in 3A001.b.3, except those 3A001.b.2 and b.3 items being exported or reexported for use in civil telecommunications applications"
        #expect(Self.result(text, "3A001", "a.2") == .excluded)
        guard case .needs(.condition(_, excludes: true)) = Self.result(text, "3A001", "b.3") else {
            Issue.record("b.3 should depend on the telecom condition")
            return
        }
        #expect(Self.result(text, "3A001", "b.3", facts: ["civil telecommunications": false]) == .applies)
        #expect(Self.result(text, "3A001", "b.2", facts: ["civil telecommunications": true]) == .excluded)
    }

    @Test func aTrailingConditionGovernsTheBareReferencesBeforeIt() {
        let text = "1C002.b.3 or b.4 if they exceed the parameters stated in 1C202"
        guard case .needs(.condition) = Self.result(text, "1C002", "b.3") else {
            Issue.record("b.3 should depend on the 1C202 condition")
            return
        }
        #expect(Self.result(text, "1C002", "a") == .excluded)
    }

    @Test func wordingThatNamesNoParagraphIsACondition() {
        guard case .needs(.condition) = Self.result("\"software\" for equipment controlled by 3B001.c.1.a or c.1.c", "3D992", "a") else {
            Issue.record("descriptive scopes need a fact")
            return
        }
    }

    @Test func partExceptionsWithConditionsOnlyReachTheirParagraph() {
        let text = "entire entry except: 9A610.b; parts and components controlled in 9A610.x if being exported or reexported for use in an aircraft controlled in 9A610.b; and 9A610.y"
        #expect(Self.result(text, "9A610", "a") == .applies)
        #expect(Self.result(text, "9A610", "b") == .excluded)
        #expect(Self.result(text, "9A610", "y.1") == .excluded)
        guard case .needs(.condition(_, excludes: true)) = Self.result(text, "9A610", "x") else {
            Issue.record(".x depends on the aircraft")
            return
        }
    }
}

/// Every bundled License Requirements row is read by a rule, not left unclassified.
@Suite struct BundledRuleCoverageTests {
    @Test func everyNonNoteRowWithAWordingIsMatchedByADestinationRule() throws {
        let book = try RuleBook(reference: Fixture.reference)
        var unread: [String] = []
        for entry in book.entries.values {
            for rule in entry.rules where rule.reading == "the destination rule is not one the engine reads" {
                unread.append("\(entry.eccn) \(rule.source)")
            }
        }
        #expect(unread.isEmpty, "unclassified rows: \(unread.sorted().prefix(20))")
    }

    @Test func onlyTheUncapturedEntriesLackRequirements() throws {
        let book = try RuleBook(reference: Fixture.reference)
        let uncaptured = book.entries.values.filter { $0.kind == .uncaptured }.map(\.eccn).sorted()
        #expect(uncaptured.count < 10, "\(uncaptured)")
    }
}
