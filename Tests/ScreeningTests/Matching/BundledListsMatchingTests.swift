import BundledData
import Foundation
import Testing

@testable import Screening

/// The bundled lists, loaded once for every test here.
private let bundled: Screener = {
    do {
        return Screener(lists: try ListLoader.load(directory: BundledData.listsDirectory))
    } catch {
        fatalError("the bundled lists must load: \(error)")
    }
}()

private func matches(_ name: String, type: EntityType? = nil, threshold: Double = ScreeningOptions.defaultThreshold) -> [Match] {
    bundled.screen(ScreeningQuery(name: name, type: type), options: .init(threshold: threshold))
}

@Suite("Matching on the bundled government lists: what users of other tools complain about")
struct BundledListsMatchingTests {
    @Test func spacingAndJoiningDoNotMatter() throws {
        #expect(matches("Gazprom Bank").contains { $0.entityID == "uk:RUS1072" && $0.score >= 0.95 })
        #expect(matches("JSC ARGUMENT").first?.entityID == "ofac-sdn:37447")
        #expect(matches("JSCARGUMENT").first?.entityID == "ofac-sdn:37447")
    }

    @Test func swappedGivenAndFamilyNamesFindTheSameEntry() {
        #expect(matches("Hasan Nasrallah").first?.entityID == "ofac-sdn:2686")
        #expect(matches("Nasrallah Hasan").first?.entityID == "ofac-sdn:2686")
    }

    @Test func abbreviationsAndTransliterationsFindTheEntry() {
        #expect(matches("PANDA ELEC. GROUP CO., LTD.").first?.entityID == "ofac-cons:30950")
        #expect(matches("Rosoboronexport").contains { $0.entityID == "ofac-sdn:18782" })
    }

    @Test("a contraction of a common company word is read as that word, even when a list holds it as a word of its own")
    func contractionsAListAlsoHoldsAsWords() {
        // "GP" is a word of the listed vessel "GP-21"; in a company name it is still "Group".
        #expect(matches("ABU SAYYAF GP").contains { $0.entityID == "un:QDe.001" })
        #expect(matches("ETTEHAD TECHNICAL GP").contains { $0.entityID == "uk:INU0226" })
    }

    @Test func crossScriptQueriesFindTheRomanisedEntry() {
        // The UK list holds both men too, under their names in the original script: either entry may lead.
        #expect(matches("Дмитрий Александрович Свищев").prefix(2).contains { $0.entityID == "ofac-sdn:35439" })
        #expect(matches("صدام حسين التكريتي").prefix(2).contains { $0.entityID == "un:IQi.001" })
        #expect(matches("Газпромбанк").contains { $0.entityID == "uk:RUS1072" })
    }

    @Test func genericWordsDoNotAlert() {
        for query in ["Trading Company", "CORP", "International Trading Co", "Global Holdings Limited", "Bank"] {
            let found = matches(query)
            #expect(found.isEmpty, "\(query) alerted on \(found.map { "\($0.name) \($0.score)" })")
        }
    }

    @Test func aShortCompanyNameStronglyMatchesOnlyEntriesOfThatName() throws {
        let found = matches("EMMA LLC")
        #expect(found.first?.entityID == "ofac-sdn:29857")
        #expect(found.first?.score == 1)
        for match in found where match.score >= 0.95 {
            #expect(NameAnalyzer.analyze(match.explanation.matchedName).informative.map(\.text) == ["emma"], "\(match.explanation.matchedName)")
        }
        #expect(matches("EMMA LLC", type: .organization).allSatisfy { $0.type != .vessel || $0.score < 0.9 })
    }

    @Test func numberedVesselsAreNotConfused() {
        #expect(matches("HYOK SIN 2").first?.entityID == "ofac-sdn:17088")
        #expect(matches("HYOK SIN 3").isEmpty)
    }

    @Test func onlyIdenticalNamesScoreOne() {
        for query in ["Muhammad Ali", "Saddam Hussein al-Tikriti", "Bank Melli Iran"] {
            for match in matches(query) where match.score == 1 {
                let folded = NameAnalyzer.analyze(match.explanation.matchedName).informative.map(\.text)
                #expect(folded.sorted() == NameAnalyzer.analyze(query).informative.map(\.text).sorted(), "\(query) tied at 1.0 with \(match.explanation.matchedName)")
            }
        }
    }

    @Test func weakAliasesAloneDoNotReachOne() throws {
        let match = try #require(matches("BNC").first { $0.entityID == "ofac-sdn:306" })
        #expect(match.explanation.nameKind == .weakAlias)
        #expect(match.score < 1)
    }
}
