import Determination
import Foundation
import Testing

/// STA read together with 740.20(c)(1)/(c)(2), the destination's country groups and the entry's own STA paragraph.
@Suite struct STAParagraphTests {
    /// The five cases of issue 15: each entry's STA paragraph closes STA to the destination, and the line is cited.
    @Test(arguments: [
        ("1C001", "IL", "to A:6"), ("0A501.a", "DE", "0A501.a, .b, .c, .d, or .e to A:5 or A:6"),
        ("9A619.x", "SG", "may not be used for any item in ECCN 9A619"), ("3A901", "CA", "any item in this ECCN to A:5 or A:6"),
        ("4A906", "GB", "any item in this ECCN to A:5 or A:6"),
    ])
    func theEntrysSTAParagraphClosesSTAWhereItSays(item: String, destination: String, words: String) throws {
        let answer = try Fixture.determine(item, to: destination)
        #expect(answer.outcome == .licenseRequired)
        let sta = try #require(answer.exception("STA"), "\(item) to \(destination): STA not considered")
        #expect(!sta.available)
        #expect(sta.unmet.contains { $0.contains("STA paragraph (ccl/") && $0.contains(words) }, "\(sta.unmet)")
    }

    @Test func the740_20c2ParagraphCoversOnlyNationalSecurityItemsToA6() throws {
        let sta = try #require(try Fixture.determine("9A619.x", to: "SG").exception("STA"))
        #expect(sta.unmet.contains { $0.contains("740.20(c)(2)") && $0.contains("not RS1") })
    }

    @Test func aRestrictionOnAnotherParagraphLeavesSTAOpen() throws {
        let sta = try #require(try Fixture.determine("9A610.x", to: "FR", facts: ["for-aircraft-in-9A610.b=no"]).exception("STA"))
        #expect(sta.available, "\(sta.unmet)")
        let closed = try #require(try Fixture.determine("9A610.a", to: "FR").exception("STA"))
        #expect(!closed.available)
    }

    /// Generated over the whole CCL: every STA sentence that closes STA to A:5 and/or A:6 for the whole entry or
    /// for named paragraphs (read here with a pattern of its own) makes STA unavailable there, citing the line.
    @Test func everySTASentenceOfTheCCLClosesSTAWhereItSays() throws {
        var checked = 0
        for entry in Fixture.reference.ccl.entries {
            guard let line = entry.licenseExceptions.first(where: { $0.code == "STA" })?.condition else { continue }
            for sentence in line.components(separatedBy: "; ") {
                guard let (item, groups) = Self.closure(sentence, eccn: entry.eccn) else { continue }
                for destination in groups.map({ $0 == "A:5" ? "DE" : "SG" }) {
                    let answer = try Fixture.determine(item, to: destination)
                    guard let sta = answer.exception("STA") else { continue }
                    #expect(!sta.available, "\(item) to \(destination): \"\(sentence)\"")
                    #expect(sta.unmet.contains { $0.contains("STA paragraph") }, "\(item) to \(destination): \(sta.unmet)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 40, "only \(checked) closures were checked")
    }

    /// The item a sentence closes STA for (the bare ECCN, or its first named paragraph) and the groups it
    /// closes, when the sentence has one of the plain forms; nil otherwise.
    static func closure(_ sentence: String, eccn: String) -> (item: String, groups: [String])? {
        let text = sentence.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        let groups: [String]
        if text.hasSuffix(" to A:5 or A:6") {
            groups = ["A:5", "A:6"]
        } else if text.hasSuffix(" to A:6") || text.contains("(c)(2)") && !text.contains(" to A:") {
            groups = ["A:6"]
        } else {
            return nil
        }
        guard !text.contains("unless"), !text.contains("except"), !text.contains(" if ") else { return nil }
        let whole = #"^(License Exception )?STA( paragraph)?( \(c\)\(2\))?( \(§ 740\.20\(c\)\(2\)\))? may not be used (to ship (or transmit )?)?(for )?(any )?(item|items|commodity|commodities|"?software"?|"?technology"?)( specified)? (in|by) (this (ECCN|entry)|(ECCN )?\#(eccn))( to A:5 or A:6| to A:6)?$"#
        if text.range(of: whole, options: .regularExpression) != nil { return (eccn, groups) }
        let named = #"\#(eccn)(\.[a-z0-9]+)+"#
        guard text.hasPrefix("STA may not be used"), let range = text.range(of: named, options: .regularExpression) else {
            return nil
        }
        return (String(text[range]), groups)
    }
}
