import Foundation
import Testing

@testable import Screening

/// A small list written for these tests, so each behaviour is checked on names chosen for it.
let sampleList = ParsedList(
    metadata: ListMetadata(source: "test", name: "Test list", published: "2024-01-01", sha256: "00"),
    entities: [
        Entity(
            id: "test:1", source: "test", programs: ["SDGT"], type: .person, name: "NASRALLAH, Hasan",
            aliases: [Alias(name: "حسن نصرالله", strength: .strong, kind: "original-script")],
            datesOfBirth: [DateOfBirth(year: 1960, month: 8, day: 31)], nationalities: ["LB"]),
        Entity(
            id: "test:2", source: "test", programs: ["CUBA"], type: .organization, name: "BANCO NACIONAL DE CUBA",
            aliases: [Alias(name: "BNC", strength: .weak, kind: "a.k.a.")], addresses: [Address(country: "CU")]),
        Entity(id: "test:3", source: "test", type: .organization, name: "GAZPROMBANK"),
        Entity(id: "test:4", source: "test", type: .organization, name: "JSC ARGUMENT"),
        Entity(id: "test:5", source: "test", type: .vessel, name: "OCEAN STAR 1"),
        Entity(id: "test:6", source: "test", type: .organization, name: "KUNLUN TRADING COMPANY LIMITED"),
        Entity(id: "test:7", source: "test", type: .organization, name: "EMMA TRADING FZE"),
        Entity(id: "test:8", source: "test", type: .person, name: "MUHAMMAD, Ali Yusuf"),
        Entity(id: "test:9", source: "test", type: .person, name: "PUTIN, Vladimir Vladimirovich"),
        Entity(id: "test:10", source: "test", type: .organization, name: "ROSOBORONEXPORT INTERNATIONAL"),
        Entity(id: "test:11", source: "test", type: .person, name: "SMIRNOV, Yevgeny"),
        Entity(id: "test:12", source: "test", type: .organization, name: "GOLDEN STAR TRADING CO"),
        Entity(id: "test:13", source: "test", type: .organization, name: "SILVER MOON SHIPPING LLC"),
        Entity(id: "test:14", source: "test", type: .organization, name: "HONG KONG TRADING COMPANY"),
        Entity(id: "test:15", source: "test", type: .organization, name: "ATLAS TRADING COMPANY"),
        Entity(id: "test:16", source: "test", type: .organization, name: "MERIDIAN TRADING COMPANY"),
        Entity(id: "test:17", source: "test", type: .person, name: "KIM, Jong Un"),
        Entity(id: "test:18", source: "test", type: .vessel, name: "NORTH STAR"),
        Entity(id: "test:19", source: "test", type: .organization, name: "NORTHSTAR AVIATION"),
    ])

let screener = Screener(lists: [sampleList])

func top(_ name: String, type: EntityType? = nil, country: String? = nil, dob: DateOfBirth? = nil, threshold: Double = 0) -> Match? {
    screener.screen(ScreeningQuery(name: name, type: type, country: country, dateOfBirth: dob), options: .init(threshold: threshold)).first
}

@Suite("Matching: scores that mean something, with their reasons")
struct MatcherTests {
    @Test func exactPrimaryNameScoresOne() throws {
        let match = try #require(top("Banco Nacional de Cuba"))
        #expect(match.entityID == "test:2")
        #expect(match.score == 1)
        #expect(match.explanation.nameKind == .primary)
    }

    @Test func swappedGivenAndFamilyNamesAreTheSameName() throws {
        let swapped = try #require(top("Nasrallah Hasan"))
        let natural = try #require(top("Hasan Nasrallah"))
        #expect(natural.entityID == "test:1" && natural.score == 1)
        #expect(swapped.entityID == "test:1" && swapped.score == 1)
    }

    @Test func reorderedWordsOfACompanyScoreJustBelowExact() throws {
        let match = try #require(top("Cuba Nacional Banco"))
        #expect(match.entityID == "test:2")
        #expect(match.score < 1 && match.score >= 0.95)
        #expect(match.explanation.adjustments.contains { $0.feature == "word-order" })
    }

    @Test func aTypoStillMatchesAndTheExplanationShowsTheEdits() throws {
        let match = try #require(top("Hasan Nasralah"))
        #expect(match.entityID == "test:1")
        #expect(match.score > 0.9 && match.score < 1)
        let pair = try #require(match.explanation.tokens.first { $0.listed == "nasrallah" })
        #expect(pair.query == "nasralah")
        #expect(pair.method == .typo)
        #expect(pair.edits == ["missing 'l'"])
        #expect(pair.similarity > 0.9)
    }

    @Test func spacingDoesNotMatter() throws {
        let bank = try #require(top("Gazprom Bank"))
        #expect(bank.entityID == "test:3")
        #expect(bank.score >= 0.95)
        #expect(bank.explanation.tokens.first?.method == .joined)
        let argument = try #require(top("JSCARGUMENT"))
        #expect(argument.entityID == "test:4")
    }

    @Test func aWordFirstSeenWrittenTogetherIsStillFoundWithATypo() throws {
        let match = try #require(top("Northstra Aviation"))
        #expect(match.entityID == "test:19")
        #expect(match.score >= ScreeningOptions.defaultThreshold)
    }

    @Test func numbersMustAgree() {
        #expect(top("Ocean Star 1")?.entityID == "test:5")
        #expect((top("Ocean Star 2", threshold: 0)?.score ?? 0) < ScreeningOptions.defaultThreshold)
    }

    @Test func genericWordsAloneDoNotMakeAStrongMatch() {
        for query in ["Trading Company", "CORP", "International Trading Co", "Star Trading"] {
            let matches = screener.screen(ScreeningQuery(name: query))
            #expect(matches.isEmpty, "\(query) alerted on \(matches.map(\.name))")
        }
        for query in ["EMMA LLC", "Golden Trading"] {
            let best = screener.screen(ScreeningQuery(name: query)).first?.score ?? 0
            #expect(best < 0.95, "\(query) scored \(best) against a longer name sharing one word")
        }
    }

    @Test func legalFormsAndAbbreviationsAreFolded() throws {
        let kunlun = try #require(top("Kunlun Trading Co., Ltd."))
        #expect(kunlun.entityID == "test:6")
        #expect(kunlun.score >= 0.95)
        let rosoboron = try #require(top("Rosoboronexport Intl"))
        #expect(rosoboron.entityID == "test:10" && rosoboron.score >= 0.95)
    }

    @Test func transliterationVariantsMatch() throws {
        let muhammad = try #require(top("Mohammed Ali Youssef"))
        #expect(muhammad.entityID == "test:8")
        #expect(muhammad.score >= 0.9)
        #expect(muhammad.explanation.tokens.contains { $0.method == .variant })
        let smirnov = try #require(top("Evgeniy Smirnoff"))
        #expect(smirnov.entityID == "test:11" && smirnov.score >= 0.9)
    }

    @Test func crossScriptQueriesFindTheRomanisedEntry() throws {
        let cyrillic = try #require(top("Путин Владимир Владимирович"))
        #expect(cyrillic.entityID == "test:9")
        #expect(cyrillic.score >= 0.9)
        let arabic = try #require(top("حسن نصرالله"))
        #expect(arabic.entityID == "test:1")
        #expect(arabic.score >= 0.95)
    }

    @Test func weakAliasesNeedStrongerEvidence() throws {
        let match = try #require(top("BNC"))
        #expect(match.entityID == "test:2")
        #expect(match.explanation.nameKind == .weakAlias)
        #expect(match.score < 1)
        #expect(match.explanation.adjustments.contains { $0.feature == "weak-alias" && $0.effect < 0 })
    }

    @Test func secondaryFeaturesRaiseOrLowerAndSaySo() throws {
        let plain = try #require(top("Hasan Nasralah"))
        let agreeing = try #require(top("Hasan Nasralah", type: .person, country: "LB", dob: DateOfBirth(year: 1960)))
        let conflicting = try #require(top("Hasan Nasralah", type: .organization, country: "FR", dob: DateOfBirth(year: 1985)))
        #expect(agreeing.score > plain.score)
        #expect(conflicting.score < plain.score - 0.2)
        #expect(Set(agreeing.explanation.adjustments.map(\.feature)) == ["type", "country", "date-of-birth"])
        #expect(conflicting.explanation.adjustments.allSatisfy { $0.effect < 0 })
    }

    @Test func agreeingFactsNeverTurnANearMatchIntoAnExactOne() throws {
        let match = try #require(top("Nasralah Hasan", type: .person, country: "LB", dob: DateOfBirth(year: 1960, month: 8, day: 31)))
        let plain = try #require(top("Nasralah Hasan"))
        #expect(match.score < 1)
        #expect(match.score > plain.score)
        let total = match.explanation.nameScore + match.explanation.adjustments.reduce(0) { $0 + $1.effect }
        #expect(abs(total - match.score) < 0.001, "the adjustments add up to the score")
    }

    @Test func missingOptionalInputsDoNotLowerAnExactMatch() throws {
        let match = try #require(top("Banco Nacional de Cuba"))
        #expect(match.score == 1)
        #expect(match.explanation.adjustments.isEmpty)
    }

    @Test func differentNamesDoNotTieAtOne() {
        let scores = screener.screen(ScreeningQuery(name: "Hong Kong Trading Company"), options: .init(threshold: 0.5)).map(\.score)
        #expect(scores.first == 1)
        #expect(scores.dropFirst().allSatisfy { $0 < 0.9 })
    }

    @Test func partialNamesWithAMissingMiddleNameStillAlert() throws {
        let match = try #require(top("Vladimir Putin"))
        #expect(match.entityID == "test:9")
        #expect(match.score >= ScreeningOptions.defaultThreshold)
    }

    @Test func aSingleCommonWordDoesNotAlert() {
        #expect(screener.screen(ScreeningQuery(name: "Hasan")).isEmpty)
        #expect(screener.screen(ScreeningQuery(name: "Kim")).isEmpty)
    }

    @Test func scoresStayWithinZeroAndOneAndAreSorted() {
        let matches = screener.screen(ScreeningQuery(name: "Trading Company Limited", type: .organization), options: .init(threshold: 0))
        #expect(matches.allSatisfy { (0...1).contains($0.score) })
        #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func everyMatchNamesItsListVersion() throws {
        let match = try #require(top("Gazprombank"))
        #expect(match.list == ListVersion(source: "test", published: "2024-01-01", sha256: "00"))
    }

    @Test func sourcesFilterRestrictsMatches() {
        let matches = screener.screen(ScreeningQuery(name: "Gazprombank", sources: ["other"]))
        #expect(matches.isEmpty)
    }
}

@Suite("Candidate retrieval")
struct CandidateSearchTests {
    @Test func theBestCandidatesAreKeptWithTiesToTheLowerId() {
        let found: [(Float, Int32)] = (0..<200).map { (Float($0 % 50), Int32($0)) }
        let kept = Set(CandidateSearch.best(found, count: 10))
        let expected = Set(found.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(10).map(\.1))
        #expect(kept == expected)
        #expect(CandidateSearch.best(Array(found.prefix(5)), count: 10).count == 5)
    }
}

@Suite("Screening options and filters")
struct ScreeningFilterTests {
    @Test func aSourceFilterFindsItsEntryEvenWhenOtherListsFillTheCandidates() throws {
        let crowd = (0..<120).map { Entity(id: "a:\($0)", source: "a", type: .organization, name: "ALPHA BETA TRADING") }
        let screener = Screener(lists: [
            ParsedList(metadata: ListMetadata(source: "a", name: "A", published: nil, sha256: "a"), entities: crowd),
            ParsedList(
                metadata: ListMetadata(source: "b", name: "B", published: nil, sha256: "b"),
                entities: [Entity(id: "b:1", source: "b", type: .organization, name: "ALPHA BETA TRADNG")]),
        ])
        let found = screener.screen(ScreeningQuery(name: "Alpha Beta Trading", sources: ["b"]), options: .init(threshold: 0.5))
        #expect(found.map(\.entityID) == ["b:1"])
    }

    @Test func aNegativeLimitReturnsNothingInsteadOfCrashing() {
        #expect(screener.screen(ScreeningQuery(name: "Gazprombank"), options: .init(threshold: 0, limit: -1)).isEmpty)
    }

    @Test func aDateOfBirthInTheSameYearButAnotherMonthLowersTheScore() throws {
        let plain = try #require(top("Hasan Nasralah"))
        let other = try #require(top("Hasan Nasralah", dob: DateOfBirth(year: 1960, month: 1, day: 1)))
        #expect(other.score < plain.score)
        #expect(other.explanation.adjustments.contains { $0.feature == "date-of-birth" && $0.effect < 0 })
    }

    @Test func scriptsWithoutTheirOwnRuleAreStillRomanised() {
        #expect(!Folding.fold("მიხეილ სააკაშვილი").isEmpty)
        #expect(Folding.script(of: "მიხეილ") == .other)
        #expect(!Folding.fold("สมชาย").isEmpty)
    }
}

@Suite("Index snapshots")
struct IndexSnapshotTests {
    private static let lists = [sampleList]

    @Test func aSnapshotScreensExactlyLikeTheIndexItWasTakenFrom() throws {
        let index = ScreeningIndex(lists: Self.lists)
        let decoded = try IndexSnapshot.decode(IndexSnapshot.encode(lists: Self.lists, index: index))
        #expect(decoded.lists.map(\.entities) == Self.lists.map(\.entities))
        for name in ["Hasan Nasralah", "Gazprom Bank", "BNC", "Путин Владимир", "Ocean Star 2"] {
            let query = ScreeningQuery(name: name)
            #expect(Screener(index: decoded.index).screen(query, options: .init(threshold: 0)) == Screener(index: index).screen(query, options: .init(threshold: 0)))
        }
    }

    @Test func aTruncatedOrForeignSnapshotIsRejectedNotTrusted() {
        let bytes = IndexSnapshot.encode(lists: Self.lists, index: ScreeningIndex(lists: Self.lists))
        for length in [0, 10, bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            #expect(throws: SnapshotError.self) { try IndexSnapshot.decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: SnapshotError.self) { try IndexSnapshot.decode(Array("not a snapshot at all".utf8)) }
    }

    @Test func theCacheKeyChangesWhenAListFileChanges() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let manifest = #"{"lists": [{"source": "x", "name": "X", "format": "bis-dpl-tsv", "files": {"primary": "x.txt"}}]}"#
        try Data(manifest.utf8).write(to: directory.appendingPathComponent("manifest.json"))
        try Data("one".utf8).write(to: directory.appendingPathComponent("x.txt"))
        let first = try IndexCache.key(listsDirectory: directory, sources: nil)
        #expect(try IndexCache.key(listsDirectory: directory, sources: nil) == first)
        try Data("two".utf8).write(to: directory.appendingPathComponent("x.txt"))
        #expect(try IndexCache.key(listsDirectory: directory, sources: nil) != first)
        #expect(throws: ListLoadError.self) { try IndexCache.key(listsDirectory: directory, sources: ["y"]) }
        let rules = NameRulesFingerprint.text
        #expect(try IndexCache.key(listsDirectory: directory, sources: nil, rules: rules + "another rule") != first)
    }

    @Test("the probe names of the rules fingerprint pass through every reading of the romanisation key, so changing any reading changes the snapshot key")
    func theRulesFingerprintReachesEveryRomanisationReading() {
        let words = NameRulesFingerprint.probes.flatMap { NameAnalyzer.analyze($0).tokens.map { Array($0.text.utf8) } }
        for reading in RomanisationKey.Reading.all {
            #expect(words.contains { RomanisationKey.key($0, reading: reading) != RomanisationKey.key($0, reading: []) }, "\(reading.rawValue)")
        }
        #expect(NameRulesFingerprint.text.hasPrefix(Lexicon.fingerprint))
    }
}

@Suite("Spelling variants that are not typos")
struct SpellingVariantTests {
    private let screener = Screener(lists: [
        ParsedList(
            metadata: ListMetadata(source: "v", name: "V", published: nil, sha256: "v"),
            entities: [
                Entity(id: "v:1", source: "v", type: .person, name: "PETROV, Arthur"),
                Entity(id: "v:2", source: "v", type: .person, name: "ABDULAH AL NASSER"),
                Entity(id: "v:3", source: "v", type: .person, name: "ALHOUTHI, Abdulmalik"),
                Entity(id: "v:4", source: "v", type: .organization, name: "MEDIA-INVEST OOO"),
                Entity(id: "v:5", source: "v", type: .person, name: "PETR OFFENBACH"),
            ])
    ])

    private func best(_ name: String) -> Match? {
        screener.screen(ScreeningQuery(name: name)).first
    }

    @Test func aRussianSuffixSpeltTheFrenchWayIsAVariantNotTwoWords() {
        #expect(best("Arthur Petroff")?.entityID == "v:1")
    }

    @Test func theArabicArticleMatchesGluedOrApart() {
        #expect(best("Abdulah Alnasser")?.entityID == "v:2")
        #expect(best("Abdulmalik Al Houthi")?.entityID == "v:3")
    }

    @Test func aLegalFormGluedToTheNameIsSplitOff() {
        #expect(best("MEDIA-INVESTOOO")?.entityID == "v:4")
    }
}

@Suite("Index snapshot integrity")
struct IndexSnapshotIntegrityTests {
    @Test func aSingleFlippedBitAnywhereIsDetected() {
        let bytes = IndexSnapshot.encode(lists: [sampleList], index: ScreeningIndex(lists: [sampleList]))
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            var damaged = bytes
            damaged[position] ^= 0x10
            #expect(throws: SnapshotError.self, "a flip at byte \(position) went unnoticed") { try IndexSnapshot.decode(damaged) }
        }
    }
}
