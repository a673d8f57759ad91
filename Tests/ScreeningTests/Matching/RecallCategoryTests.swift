import Foundation
import Testing

@testable import Screening

/// Entries written for the recall categories of issue 13: one-word names, vessels with numbers and
/// identifiers, an aircraft, Chinese and Russian names, a long person's name, companies with legal forms.
private let categoryList = ParsedList(
    metadata: ListMetadata(source: "recall", name: "Recall categories", published: "2024-01-01", sha256: "00"),
    entities: [
        Entity(id: "r:1", source: "recall", type: .organization, name: "HUMANITY"),
        Entity(
            id: "r:2", source: "recall", type: .vessel, name: "HORMUZ 2",
            identifiers: [Identifier(kind: "IMO", value: "9187629"), Identifier(kind: "Call Sign", value: "5IM 592")]),
        Entity(id: "r:3", source: "recall", type: .vessel, name: "ARGO I", identifiers: [Identifier(kind: "MMSI", value: "572469210")]),
        Entity(id: "r:4", source: "recall", type: .aircraft, name: "EP-MMW"),
        Entity(id: "r:5", source: "recall", type: .person, name: "XIAO, Jianguo"),
        Entity(id: "r:6", source: "recall", type: .person, name: "ZHUKOV, Yevgeny Petrovich"),
        Entity(id: "r:7", source: "recall", type: .person, name: "DUPLAN, Joseph Pierre Richard"),
        Entity(id: "r:8", source: "recall", type: .organization, name: "NORTHERN LIGHTS TRADING LIMITED LIABILITY COMPANY"),
        Entity(id: "r:9", source: "recall", type: .organization, name: "BALTIC MARINE PUBLIC JOINT STOCK COMPANY"),
        Entity(id: "r:10", source: "recall", type: .organization, name: "SEVERNAYA VERF CLOSED JOINT STOCK COMPANY"),
        Entity(id: "r:11", source: "recall", type: .person, name: "WALID, Hamdan Kassem"),
        Entity(id: "r:12", source: "recall", type: .vessel, name: "OCEAN PIONEER"),
        Entity(id: "r:13", source: "recall", type: .person, name: "QUAN, Mingde"),
    ])

private let recallScreener = Screener(lists: [categoryList])

private func best(_ name: String, type: EntityType? = nil) -> Match? {
    recallScreener.screen(ScreeningQuery(name: name, type: type), options: .init(threshold: 0)).first
}

private func alerts(_ name: String, on id: String, type: EntityType? = nil) -> Bool {
    recallScreener.screen(ScreeningQuery(name: name, type: type)).contains { $0.entityID == id }
}

@Suite("Recall categories: slips, vessels, romanisations, short forms, abbreviated legal forms")
struct RecallCategoryTests {
    @Test("one or two slips in a one-word name stay above the threshold, and the pair lists the edits")
    func slipsInAOneWordName() throws {
        for query in ["HUMANUTY", "HUMANTY", "HUMMANITY", "HUAMNITY", "HUMANUTI", "HMANITYY"] {
            #expect(alerts(query, on: "r:1"), "\(query)")
        }
        let match = try #require(best("HUMANUTY"))
        let pair = try #require(match.explanation.tokens.first)
        #expect(pair.method == .typo)
        #expect(pair.edits == ["'u' for 'i'"])
        #expect(try #require(best("HUAMNITY")).explanation.tokens.first?.edits == ["'am' swapped"])
    }

    @Test("a word three slips away is not a typo of the listed one")
    func threeSlipsAreAnotherWord() {
        #expect(!alerts("HAMUNOTY", on: "r:1"))
    }

    @Test("vessel prefixes are set aside and explained, Roman and Arabic numbers are equal")
    func vesselPrefixesAndNumerals() throws {
        for query in ["M/V HORMUZ II", "MV HORMUZ 2", "M.V. HORMUZ II", "MT HORMUZ 2", "M.T. HORMUZ II", "SS HORMUZ 2", "F/V HORMUZ II"] {
            let match = try #require(best(query), "\(query)")
            #expect(match.entityID == "r:2" && match.score >= 0.99, "\(query) scored \(match.score)")
        }
        let prefixed = try #require(best("M/V HORMUZ II"))
        #expect(prefixed.explanation.adjustments.contains { $0.feature == "vessel-prefix" })
        #expect(prefixed.explanation.ignoredQueryTokens == ["m", "v"])
        #expect(try #require(best("ARGO 1")).entityID == "r:3")
        #expect(!alerts("HORMUZ III", on: "r:2"))
        #expect(alerts("M/V OCEAN PIONER", on: "r:12"))
    }

    @Test("a registration mark with one character wrong is still a candidate")
    func registrationMarkWithASlip() throws {
        #expect(try #require(best("EP-MMW")).score == 1)
        #expect(alerts("EP-MMV", on: "r:4"))
        #expect(alerts("EP MMW", on: "r:4"))
    }

    @Test("a vessel identifier in the query finds its entry whatever the name")
    func vesselIdentifiersAreExactKeys() throws {
        for query in ["IMO 9187629", "BLUE SKY IMO 9187629", "imo9187629", "call sign 5IM 592"] {
            let match = try #require(recallScreener.screen(ScreeningQuery(name: query)).first, "\(query)")
            #expect(match.entityID == "r:2", "\(query)")
            #expect(match.explanation.tokens.first?.method == .identifier)
            #expect(match.explanation.adjustments.contains { $0.feature == "identifier" })
        }
        #expect(recallScreener.screen(ScreeningQuery(name: "MMSI 572469210")).first?.entityID == "r:3")
        #expect(recallScreener.screen(ScreeningQuery(name: "IMO 9187630")).isEmpty)
    }

    @Test("names romanised by other systems meet the listed spelling")
    func otherRomanisations() {
        for query in ["Hsiao Jianguo", "Ksiao Jianguo", "Syao Jianguo"] { #expect(alerts(query, on: "r:5"), "\(query)") }
        for query in ["Evgueni Petrovich Joukov", "Yevgeniy Zhukow", "Jevgenij Petrovitch Zhukov"] { #expect(alerts(query, on: "r:6"), "\(query)") }
        #expect(alerts("Hamdan Kassem Valid", on: "r:11"))
        #expect(alerts("Kuan Mingde", on: "r:13"))
    }

    @Test("a query every word of which pairs with a long person's name scores above one pairing half its words")
    func shortFormsOfLongNames() throws {
        let short = try #require(best("Joseph DUPLAN"))
        #expect(short.entityID == "r:7" && short.score >= ScreeningOptions.defaultThreshold, "\(short.score)")
        let replaced = try #require(best("Joseph Marcel DUPLAN"))
        #expect(replaced.score < short.score)
    }

    @Test("abbreviated legal forms score like the written-out forms")
    func abbreviatedLegalForms() throws {
        let pairs = [
            ("NORTHERN LIGHTS TRADING LTD LIABILITY CO", "NORTHERN LIGHTS TRADING LIMITED LIABILITY COMPANY"),
            ("NORTHERN LIGHTS TRADING LLC", "NORTHERN LIGHTS TRADING LIMITED LIABILITY COMPANY"),
            ("BALTIC MARINE PUBLIC OJSC", "BALTIC MARINE PUBLIC JOINT STOCK COMPANY"),
            ("PJSC BALTIC MARINE", "BALTIC MARINE PUBLIC JOINT STOCK COMPANY"),
            ("SEVERNAYA VERF CLOSED PAO", "SEVERNAYA VERF CLOSED JOINT STOCK COMPANY"),
            ("SEVERNAYA VERF CL JT STK CO", "SEVERNAYA VERF CLOSED JOINT STOCK COMPANY"),
        ]
        for (abbreviated, written) in pairs {
            let short = try #require(best(abbreviated)), long = try #require(best(written))
            #expect(short.entityID == long.entityID && abs(short.score - long.score) <= 0.02, "\(abbreviated): \(short.score) vs \(long.score)")
        }
    }
}
