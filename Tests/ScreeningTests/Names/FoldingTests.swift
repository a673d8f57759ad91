import Testing

@testable import Screening

@Suite("Folding: any script to lowercase ASCII words")
struct FoldingTests {
    @Test func caseAndDiacriticsFold() {
        #expect(Folding.fold("JOSÉ Müller-Lüdenscheidt") == "jose muller ludenscheidt")
        #expect(Folding.fold("Ğüneş Çelik") == "gunes celik")
    }

    @Test func lettersFoldingKeepsAreReplaced() {
        #expect(Folding.fold("Straße Ørsted Łódź") == "strasse orsted lodz")
    }

    @Test func apostrophesJoinAndPunctuationSeparates() {
        #expect(Folding.fold("O'BRIEN, Seán") == "obrien sean")
        #expect(Folding.fold("AL-QA'IDA") == "al qaida")
        #expect(Folding.fold("Smith & Sons, Ltd.") == "smith sons ltd")
    }

    @Test func dottedInitialsJoin() {
        #expect(Folding.fold("J.P. Morgan") == "jp morgan")
        #expect(Folding.fold("Acme S.A.") == "acme sa")
        #expect(Folding.fold("Co.Ltd") == "co ltd")
    }

    @Test func cyrillicIsTransliterated() {
        #expect(Folding.fold("Владимир Путин") == "vladimir putin")
        #expect(Folding.script(of: "Владимир") == .cyrillic)
    }

    @Test func arabicIsTransliteratedWithoutVowels() {
        #expect(Folding.fold("محمد") == "mhmd")
        #expect(Folding.script(of: "حسن نصرالله") == .arabic)
    }

    @Test func chineseIsRomanisedToPinyin() {
        #expect(Folding.fold("王小明") == "wang xiao ming")
        #expect(Folding.script(of: "王小明") == .chinese)
    }

    @Test func fullWidthFormsFold() {
        #expect(Folding.fold("ＡＢＣ　Ｔｒａｄｉｎｇ") == "abc trading")
    }

    @Test func digitsAreKept() {
        #expect(Folding.fold("Vessel No. 2") == "vessel no 2")
    }
}
