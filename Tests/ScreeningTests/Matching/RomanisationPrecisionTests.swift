import BundledData
import Foundation
import Testing

@testable import Screening

/// The bundled lists' index, built once for the tests here.
private let bundledIndex: ScreeningIndex = {
    do {
        return ScreeningIndex(lists: try ListLoader.load(directory: BundledData.listsDirectory))
    } catch {
        fatalError("the bundled lists must load: \(error)")
    }
}()

private let bundledScreener = Screener(index: bundledIndex)

private func alerts(_ name: String, on id: String, type: EntityType? = .person) -> Bool {
    bundledScreener.screen(ScreeningQuery(name: name, type: type)).contains { $0.entityID == id }
}

private func sameKey(_ a: String, _ b: String) -> Bool {
    !Set(RomanisationKey.keys(Array(a.utf8))).isDisjoint(with: RomanisationKey.keys(Array(b.utf8)))
}

@Suite("Romanisation key: the spellings other systems give a syllable meet, other syllables stay apart")
struct RomanisationKeyTests {
    @Test("Wade-Giles, Palladius, Cantonese-style and English spellings meet their pinyin")
    func otherSystemsMeetPinyin() {
        let pairs = [
            ("zuoyou", "czzoyu"), ("zuoyou", "tsoyu"), ("kuibao", "kueipao"), ("yupeng", "iuipen"), ("yupeng", "yujpen"),
            ("li", "lee"), ("zhou", "chow"), ("zhang", "cheung"), ("hu", "khu"), ("xiaoming", "hsiaoming"),
            ("zhiqing", "chzhitsin"), ("hongbo", "khunbo"), ("wang", "van"), ("guo", "kuo"),
        ]
        for (pinyin, other) in pairs { #expect(sameKey(pinyin, other), "\(pinyin) / \(other)") }
    }

    @Test("the sounds Wade-Giles and Palladius spell with other letters: r as j or zh, si and zi as ssu and tzu, ge and he as ko and ho")
    func lettersOtherSystemsSpellOtherwise() {
        let pairs = [
            ("rui", "jui"), ("rui", "zhuj"), ("ronghua", "junghua"), ("xuanrun", "siuanzhun"), ("gongsi", "kungssu"),
            ("zihua", "tzuhua"), ("sichuan", "szuchuan"), ("hemu", "homu"), ("gede", "kote"), ("gui", "kuei"), ("xu", "syuj"),
            ("yu", "iui"), ("evgeni", "evgueni"), ("mingguo", "mingkuo"), ("dongguan", "tungkuan"), ("kuznetsov", "kusnezow"),
        ]
        for (pinyin, other) in pairs { #expect(sameKey(pinyin, other), "\(pinyin) / \(other)") }
    }

    @Test("different syllables keep different keys")
    func differentSyllablesStayApart() {
        for (a, b) in [
            ("zhang", "zhong"), ("li", "lu"), ("wang", "wong"), ("hu", "he"), ("heng", "hong"), ("ken", "kon"), ("su", "si"),
            ("zu", "zi"), ("roman", "soman"), ("maria", "masia"), ("rusu", "rusi"),
        ] {
            #expect(!sameKey(a, b), "\(a) / \(b)")
        }
    }

    @Test("pinyin words split into syllables; other systems' spellings do not")
    func pinyinIsRecognised() {
        for word in ["xiaoming", "zhang", "zhiqing", "chang", "er", "lv"] { #expect(PinyinSyllables.isPinyin(Array(word.utf8)), "\(word)") }
        for word in ["hsiao", "mintszin", "chzhitsin", "khunbo", "cheung", "", "x"] {
            #expect(!PinyinSyllables.isPinyin(Array(word.utf8)), "\(word)")
        }
    }
}

@Suite("Romanised Chinese names: found in other systems, not confused with other pinyin names")
struct ChineseRomanisationTests {
    @Test("a listed pinyin name written in Wade-Giles or Palladius spelling alerts on it")
    func otherSystemsAlert() {
        let cases = [
            ("WANG Chih-Ching", "ofac-sdn:28366"), ("MA Siaokhun", "ofac-sdn:20565"),
            ("CHANG Hung-Po", "ofac-sdn:40140"), ("CHZHAN Khunbo", "ofac-sdn:40140"),
            ("MA Hsiao-Hung", "ofac-sdn:20565"), ("VAN, Chen", "ofac-sdn:30503"),
            ("Sianfa Lin", "us-csl:1b066899a4c471ebb35b4e59948490cd825da06085c34a80c427327d"),
        ]
        for (query, id) in cases { #expect(alerts(query, on: id), "\(query)") }
    }

    @Test("a surname in its Hong Kong spelling alerts on the listed pinyin name, as a variant of the same character")
    func hongKongSurnamesAlert() throws {
        let cases = [
            ("WONG Guoying", "ofac-sdn:16819", "wong", "wang"), ("CHEUNG Jicheng", "ofac-sdn:16818", "cheung", "zhang"),
            ("HUI Bin", "ofac-sdn:27471", "hui", "xu"), ("CHAN Mingfu", "ofac-sdn:19250", "chan", "chen"),
        ]
        for (query, id, spelling, pinyin) in cases {
            let match = try #require(bundledScreener.screen(ScreeningQuery(name: query, type: .person)).first { $0.entityID == id }, "\(query)")
            #expect(match.explanation.tokens.contains { $0.query == spelling && $0.listed == pinyin && $0.method == .variant }, "\(query)")
        }
    }

    @Test("a Hong Kong spelling that is also a surname's pinyin is read as pinyin: Wu is not Hu")
    func hongKongSpellingThatIsPinyinStaysPinyin() {
        #expect(CantoneseSurnames.pinyin["wu"]?.contains("hu") == true)
        #expect(!alerts("WU Yongan", on: "ofac-sdn:16817"))
    }

    @Test("Wade-Giles syllables written apart meet the pinyin word they make (Ming-kuo is Mingguo); Palladius sia is xia")
    func wadeGilesSyllablesMeetJoinedPinyin() {
        #expect(PinyinSyllables.blurred(Array("mingguo".utf8)) == PinyinSyllables.blurred(Array("mingkuo".utf8)))
        #expect(PinyinSyllables.blurred(Array("mingguo".utf8)) != PinyinSyllables.blurred(Array("minguo".utf8)))
        #expect(PinyinSyllables.blurred(Array("sianfa".utf8)) == PinyinSyllables.blurred(Array("xianfa".utf8)))
        #expect(PinyinSyllables.blurred(Array("sifa".utf8)) != PinyinSyllables.blurred(Array("xifa".utf8)))
        #expect(alerts("CHEN Ming-Kuo", on: "ofac-sdn:31493"))
    }

    @Test("a pinyin name one syllable away from a listed pinyin name does not alert on it")
    func otherPinyinSyllablesDoNotAlert() {
        let cases = [("ZHENG Lei", "ofac-sdn:16318"), ("ZHANG Lian", "ofac-sdn:21042"), ("MA Xiaohang", "ofac-sdn:20565")]
        for (query, id) in cases { #expect(!alerts(query, on: id), "\(query)") }
    }
}

@Suite("Near misses: a word replaced or a number added names another party")
struct NearMissTests {
    @Test("a listed name with one company word or given name replaced by an unrelated word does not alert")
    func replacedWordDoesNotAlert() throws {
        let cases = [
            ("SHIRAZ PARS FARAYAND MERCER REFINERY", "ofac-sdn:25908", EntityType.organization),
            ("ORTEGA MURILLO, Bernard Antonio", "ofac-sdn:28006", .person),
            ("MINSK WHEEL HOLLOWAY PLANT", "ofac-sdn:34769", .organization),
        ]
        for (query, id, type) in cases {
            #expect(!alerts(query, on: id, type: type), "\(query)")
            let match = try #require(
                bundledScreener.screen(ScreeningQuery(name: query, type: type), options: .init(threshold: 0.5)).first { $0.entityID == id })
            #expect(match.explanation.adjustments.contains { $0.feature == "replaced-word" && $0.effect < 0 }, "\(query)")
        }
    }

    @Test("a number only the query carries lowers the score and says so")
    func queryOnlyNumberCosts() throws {
        let plain = try #require(bundledScreener.screen(ScreeningQuery(name: "AMBER", type: .vessel)).first { $0.entityID == "ofac-sdn:15052" })
        let numbered = try #require(
            bundledScreener.screen(ScreeningQuery(name: "AMBER 9", type: .vessel), options: .init(threshold: 0.5)).first {
                $0.entityID == "ofac-sdn:15052"
            })
        #expect(numbered.score < plain.score)
        #expect(numbered.explanation.adjustments.contains { $0.feature == "query-number" && $0.effect < 0 })
    }
}
