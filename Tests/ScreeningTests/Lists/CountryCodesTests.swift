import Testing
@testable import Screening

extension ListParsing {
    @Suite struct CountryCodesTests {
        @Test(arguments: [
            ("Korea, North", "KP"), ("Democratic People's Republic of Korea", "KP"), ("Korea, South", "KR"),
            ("Burma", "MM"), ("Myanmar", "MM"), ("Iran", "IR"), ("Iran (Islamic Republic of)", "IR"),
            ("Russia", "RU"), ("Russian Federation", "RU"), ("Congo, Democratic Republic of the", "CD"),
            ("Democratic Republic of the Congo", "CD"), ("Congo, Republic of the", "CG"),
            ("Syrian Arab Republic", "SY"), ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("United Kingdom", "GB"), ("Türkiye", "TR"), ("Turkey", "TR"), ("West Bank", "PS"),
            ("Region: Crimea", "UA"), ("Region: Gaza", "PS"), ("China", "CN"), ("Cote d Ivoire", "CI"),
            ("Bosnia and Herzegovina", "BA"), ("St. Kitts & Nevis", "KN"), ("Saint Kitts and Nevis", "KN"),
            ("Bahamas, The", "BS"), ("The Gambia", "GM"), ("Man, Isle of", "IM"), ("Viet Nam", "VN"),
            ("United Republic of Tanzania", "TZ"), ("China, Hong Kong Special Administrative Region", "HK"),
            ("Kosovo", "XK"), ("germany", "DE"), ("  FRANCE ", "FR"),
        ])
        func listSpellingsResolveToISOCodes(name: String, code: String) {
            #expect(CountryCodes.code(forName: name) == code)
        }

        @Test func unknownNamesAreKeptAsWritten() {
            #expect(CountryCodes.code(forName: "former Soviet Union") == nil)
            #expect(CountryCodes.resolve("Region: Kafia Kingi") == "Region: Kafia Kingi")
            #expect(CountryCodes.resolve(" Iran ") == "IR")
        }

        @Test func codeOrNameTakesAKnownCodeInAnyCaseElseResolvesTheName() {
            #expect(CountryCodes.code(orName: "tr") == "TR")
            #expect(CountryCodes.code(orName: "Korea, North") == "KP")
            #expect(CountryCodes.code(orName: "Atlantis") == "Atlantis")
            #expect(CountryCodes.code(orName: "n/a") == nil)
            #expect(CountryCodes.code(orName: "") == nil)
        }

        @Test func placeholdersAreNotMistakenForNamibia() {
            #expect(CountryCodes.resolve("na") == nil)
            #expect(CountryCodes.resolve("") == nil)
            #expect(CountryCodes.code(forName: "Namibia") == "NA")
        }

        @Test func knownCodesAreCountriesNotRegionGroups() {
            #expect(CountryCodes.isKnownCode("DE"))
            #expect(CountryCodes.isKnownCode("XK"))
            #expect(!CountryCodes.isKnownCode("EU"))
            #expect(!CountryCodes.isKnownCode("UN"))
            #expect(!CountryCodes.isKnownCode("de"))
            #expect(!CountryCodes.isKnownCode("NM"))
        }
    }
}
