import Testing

@testable import Screening

@Suite("Name analysis: words, legal forms, stopwords, variants")
struct NameAnalyzerTests {
    private func words(_ name: String) -> [String] { NameAnalyzer.analyze(name).informative.map(\.text) }

    @Test func surnameFirstListingsAreTurnedToReadingOrder() {
        #expect(words("NASRALLAH, Hasan") == ["hasan", "nasrallah"])
    }

    @Test func aCommaBeforeALegalFormIsNotASurname() {
        let name = NameAnalyzer.analyze("Acme, Inc.")
        #expect(name.informative.map(\.text) == ["acme"])
        #expect(name.legalForms == ["inc"])
    }

    @Test func legalFormsAreSetAsideAndCanonical() {
        #expect(NameAnalyzer.analyze("Argument Limited Liability Company").legalForms == ["llc"])
        #expect(NameAnalyzer.analyze("OOO Argument").legalForms == ["ooo"])
        #expect(NameAnalyzer.analyze("Acme Limited").legalForms == NameAnalyzer.analyze("ACME LTD").legalForms)
        #expect(words("Acme GmbH") == ["acme"])
    }

    @Test func stopwordsAreIgnored() {
        #expect(words("The Bank of Kunlun") == ["bank", "kunlun"])
    }

    @Test func aSurnameSpeltLikeAParticleIsKeptAsTheLastWord() {
        #expect(words("DU, Wei") == ["wei", "du"])
        #expect(words("VAN, Chen") == ["chen", "van"])
        #expect(words("NGUYEN Van Le") == ["nguyen", "le"])
        #expect(words("Vincent van Gogh") == ["vincent", "gogh"])
        #expect(words("Banco de la Nacion") == ["banco", "nacion"])
    }

    @Test func abbreviationsAreWrittenOut() {
        #expect(words("Acme Intl Trading Comp.") == ["acme", "international", "trading"])
    }

    @Test func aNameOfOnlyGenericWordsKeepsThem() {
        #expect(words("The Company") == ["the", "co"])
    }

    @Test func numbersAreKeptAsNumbers() {
        let tokens = NameAnalyzer.analyze("Vessel 1").informative
        #expect(tokens.map(\.role) == [.word, .number])
    }

    @Test("the words as written keep abbreviations as they are, set legal forms aside and read names in natural order")
    func writtenWordsKeepAbbreviations() {
        #expect(NameAnalyzer.analyze("BK CO.").informative.map(\.text) == ["bank"])
        #expect(NameAnalyzer.writtenWords("BK CO.") == ["bk"])
        #expect(NameAnalyzer.writtenWords("T-банк") == ["t", "bank"])
        #expect(NameAnalyzer.writtenWords("NASRALLAH, Hasan") == NameAnalyzer.writtenWords("Hasan NASRALLAH"))
        #expect(CommonWordNames.writesTheSameWords(NameAnalyzer.writtenWords("Mohammed"), as: NameAnalyzer.writtenWords("MUHAMMAD")))
        #expect(CommonWordNames.writesTheSameWords(NameAnalyzer.writtenWords("T-Bank"), as: NameAnalyzer.writtenWords("T-банк")))
        #expect(!CommonWordNames.writesTheSameWords(NameAnalyzer.writtenWords("Bank"), as: NameAnalyzer.writtenWords("BK CO.")))
        #expect(NameAnalyzer.writtenWords("Kunlun Trading Co., Ltd.") == ["kunlun", "trading"])
    }

    @Test func transliterationVariantsShareACanonicalKey() {
        #expect(Transliteration.canonical("mohammed") == Transliteration.canonical("muhammad"))
        #expect(Transliteration.canonical("yevgeny") == Transliteration.canonical("evgeniy"))
        #expect(Transliteration.canonical("smirnoff") == Transliteration.canonical("smirnov"))
        #expect(Transliteration.canonical("smith") == "smith")
    }

    @Test func consonantSkeletonsMeetAcrossVowelSpellings() {
        #expect(PhoneticKey.skeleton(Array("muhammad".utf8)) == PhoneticKey.skeleton(Array("mhmd".utf8)))
        #expect(PhoneticKey.skeleton(Array("nasrallah".utf8)) == PhoneticKey.skeleton(Array("nsrallh".utf8)))
        #expect(PhoneticKey.skeleton(Array("hassan".utf8)) == PhoneticKey.skeleton(Array("hasan".utf8)))
        #expect(PhoneticKey.skeleton(Array("maria".utf8)) != PhoneticKey.skeleton(Array("marta".utf8)))
    }

    @Test func jaroWinklerMatchesKnownValues() {
        #expect(abs(JaroWinkler.similarity(Array("martha".utf8), Array("marhta".utf8)) - 0.9611) < 0.001)
        #expect(abs(JaroWinkler.similarity(Array("dixon".utf8), Array("dicksonx".utf8)) - 0.8133) < 0.001)
        #expect(JaroWinkler.similarity(Array("abc".utf8), Array("xyz".utf8)) == 0)
        #expect(JaroWinkler.similarity(Array("same".utf8), Array("same".utf8)) == 1)
    }

    @Test("the length bound is never below the similarity, and a word that begins another reaches it exactly")
    func jaroWinklerBoundHoldsForEveryPair() {
        var random = SplitMix64(state: 0x1A40)
        let letters = Array("aeinorstlm".utf8)
        for _ in 0..<20_000 {
            let a = (0..<Int.random(in: 1...14, using: &random)).map { _ in letters.randomElement(using: &random)! }
            let b = (0..<Int.random(in: 1...14, using: &random)).map { _ in letters.randomElement(using: &random)! }
            #expect(JaroWinkler.bound(a.count, b.count) >= JaroWinkler.similarity(a, b), "\(a) \(b)")
        }
        // "associ" begins "associates": 6 of 10 letters, all in order, four of prefix: JW 0.92 exactly.
        let (short, long) = (Array("associ".utf8), Array("associates".utf8))
        #expect(JaroWinkler.bound(short.count, long.count) == JaroWinkler.similarity(short, long))
    }
}
