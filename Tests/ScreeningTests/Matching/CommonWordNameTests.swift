import Testing

@testable import Screening

/// A list where "bank" is a common word (in 24 names) and two entities have an alias made only of it.
private let commonWordList: ParsedList = {
    let banks = ["MELLI", "SEPAH", "SADERAT", "MELLAT", "TEJARAT", "REFAH", "SINA", "PASARGAD", "ANSAR", "DEY",
                 "SARMAYEH", "KESHAVARZI", "MASKAN", "TOSEE", "KARAFARIN", "PARSIAN", "SAMAN", "EGHTESAD",
                 "AYANDEH", "SHAHR", "HEKMAT", "GHAVAMIN", "KOWSAR", "MEHR"]
    var entities = banks.enumerated().map { index, name in
        Entity(id: "test:bank\(index)", source: "test", type: .organization, name: "BANK \(name)")
    }
    entities.append(Entity(
        id: "test:kaveh", source: "test", type: .organization, name: "KAVEH CUTTING TOOLS COMPANY",
        aliases: [Alias(name: "BK CO.", strength: .strong, kind: "Primary name variation")]))
    entities.append(Entity(
        id: "test:tbank", source: "test", type: .organization, name: "TINKOFF",
        aliases: [Alias(name: "T-банк", strength: .strong, kind: "original-script")]))
    return ParsedList(
        metadata: ListMetadata(source: "test", name: "Common words", published: "2024-01-01", sha256: "00"),
        entities: entities)
}()

private let commonWordScreener = Screener(lists: [commonWordList])

private func found(_ query: String) -> [String] {
    commonWordScreener.screen(ScreeningQuery(name: query)).map(\.entityID)
}

@Suite("A listed name made only of a common word matches only a query that writes the same words")
struct CommonWordNameTests {
    @Test("a query of the common word alone alerts on no alias that only reads as it")
    func theCommonWordAloneDoesNotAlert() {
        #expect(found("Bank").isEmpty, "\(found("Bank"))")
        #expect(found("Bank Company").isEmpty)
    }

    @Test("the alias written the same way, legal forms and case aside, still finds its entity")
    func theAliasAsWrittenFindsItsEntity() throws {
        #expect(found("BK Co").first == "test:kaveh")
        #expect(found("bk company").first == "test:kaveh")
        #expect(found("T-Bank").first == "test:tbank")
        let match = try #require(commonWordScreener.screen(ScreeningQuery(name: "BK Co")).first)
        let rule = try #require(match.explanation.adjustments.first { $0.feature == "common-words-name" })
        #expect(rule.effect == 0)
        #expect(rule.detail.contains("'bk'"))
    }

    @Test("names with a rare word are matched as before, abbreviations written out")
    func namesWithARareWordAreUnaffected() {
        #expect(found("Bank Melli").first == "test:bank0")
        #expect(found("BK MELLI").first == "test:bank0")
        #expect(found("Kaveh Cutting Tools").first == "test:kaveh")
        #expect(commonWordScreener.index.commonWordNames.count == 2)
    }

    @Test("a word found in fewer names than the common-word floor is not common, so its one-word name matches as usual")
    func aWordBelowTheFloorIsNotCommon() {
        let list = ParsedList(
            metadata: ListMetadata(source: "test", name: "Few", published: "2024-01-01", sha256: "00"),
            entities: [
                Entity(id: "test:a", source: "test", type: .organization, name: "BANK MELLI"),
                Entity(id: "test:b", source: "test", type: .organization, name: "ACME", aliases: [Alias(name: "BK CO.", strength: .strong, kind: "aka")]),
            ])
        let screener = Screener(lists: [list])
        #expect(screener.index.commonWordNames.count == 0)
        #expect(screener.screen(ScreeningQuery(name: "Bank")).contains { $0.entityID == "test:b" })
    }
}
