import Foundation

/// English country names, as the lists write them, to ISO 3166 alpha-2 codes.
///
/// OFAC and the UN name countries in English ("Korea, North", "Iran (Islamic Republic of)"), while
/// CSL and DPL use codes; resolving the names lets one country filter work across every list.
/// The table is built once from Foundation's English region names plus the list spellings below.
public enum CountryCodes {
    /// The ISO 3166 alpha-2 code for an English country name, or nil when the name is not known.
    ///
    /// Case, accents, punctuation, `&`/`and`, `St.`/`Saint` and the word `the` are ignored.
    public static func code(forName name: String) -> String? {
        table.byWritten[name] ?? table.byName[key(name)]
    }

    /// The code for `name` when known, else `name` as written (trimmed); nil for an empty or
    /// placeholder value (`na`, `n/a`), which must not be mistaken for Namibia's `NA`.
    static func resolve(_ name: String) -> String? {
        let trimmed = name.trimmedText
        if trimmed.isEmpty || placeholders.contains(trimmed.lowercased()) { return nil }
        return code(forName: trimmed) ?? trimmed
    }

    /// `text` upper-cased when it is an ISO 3166 alpha-2 code in any case (`tr` → `TR`), else
    /// `resolve(text)`: the code for a known name, the name as written, or nil for a placeholder.
    static func code(orName text: String) -> String? {
        let upper = text.uppercased()
        return isKnownCode(upper) ? upper : resolve(text)
    }

    /// Whether `code` (upper case) is an ISO 3166 alpha-2 code of a country or territory.
    public static func isKnownCode(_ code: String) -> Bool {
        table.codes.contains(code)
    }

    private static let placeholders: Set<String> = ["na", "n/a", "-0-"]

    /// Spellings used by OFAC, the UN and the BIS that Foundation's English names do not cover.
    private static let listSpellings: [String: String] = [
        "China": "CN", "PRC": "CN", "People's Republic of China": "CN",
        "Burma": "MM", "Myanmar": "MM",
        "Korea, North": "KP", "Democratic People's Republic of Korea": "KP",
        "Korea, South": "KR", "Republic of Korea": "KR",
        "Iran": "IR", "Iran (Islamic Republic of)": "IR",
        "Russia": "RU", "Russian Federation": "RU",
        "Congo, Democratic Republic of the": "CD", "Democratic Republic of the Congo": "CD",
        "Congo, Republic of the": "CG", "Republic of the Congo": "CG", "Congo": "CG",
        "Syria": "SY", "Syrian Arab Republic": "SY",
        "United Kingdom of Great Britain and Northern Ireland": "GB",
        "United States of America": "US",
        "Turkey": "TR", "Türkiye": "TR",
        "Palestinian": "PS", "Palestine": "PS", "State of Palestine": "PS",
        "West Bank": "PS", "Region: West Bank": "PS", "Gaza": "PS", "Region: Gaza": "PS",
        "Region: Crimea": "UA", "Region: Northern Mali": "ML",
        "Viet Nam": "VN",
        "Tanzania": "TZ", "United Republic of Tanzania": "TZ",
        "Lao People's Democratic Republic": "LA",
        "Bolivia (Plurinational State of)": "BO",
        "Venezuela (Bolivarian Republic of)": "VE",
        "Republic of Moldova": "MD",
        "Macedonia": "MK", "North Macedonia, The Republic of": "MK",
        "Czech Republic": "CZ",
        "Cabo Verde": "CV",
        "Macau": "MO", "China, Macao Special Administrative Region": "MO",
        "China, Hong Kong Special Administrative Region": "HK",
        "Man, Isle of": "IM",
        "Virgin Islands, British": "VG",
        "Micronesia, Federated States of": "FM", "Micronesia (Federated States of)": "FM",
        "Swaziland": "SZ",
        "Holy See": "VA",
        "East Timor": "TL",
        "Brunei Darussalam": "BN",
    ]

    /// Region codes Foundation lists that are not countries or territories.
    private static let nonCountryCodes: Set<String> = ["EU", "EZ", "UN", "QO"]

    private struct Table: Sendable {
        var byName: [String: String] = [:]
        /// `byName[key(name)]` for each name as the tables write it and in capitals, so that a name
        /// written the usual way ("Iran", "RUSSIA") is found without making its key.
        var byWritten: [String: String] = [:]
        var codes: Set<String> = []
    }

    private static let table: Table = {
        var table = Table()
        var names: [String] = []
        let english = Locale(identifier: "en_US")
        for region in Locale.Region.isoRegions {
            let code = region.identifier
            guard code.count == 2, code.allSatisfy(\.isLetter), !nonCountryCodes.contains(code) else { continue }
            table.codes.insert(code)
            if let name = english.localizedString(forRegionCode: code) {
                table.byName[key(name)] = code
                names.append(name)
            }
        }
        for (name, code) in listSpellings {
            table.byName[key(name)] = code
            names.append(name)
        }
        for name in names {
            for written in [name, name.uppercased()] { table.byWritten[written] = table.byName[key(written)] }
        }
        return table
    }()

    /// The lookup key: lower-case letters and digits of the significant words, run together.
    static func key(_ name: String) -> String {
        let isASCII = name.utf8.allSatisfy { $0 < 0x80 }
        let folded = isASCII ? name : name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var key: [UInt8] = []
        var word: [UInt8] = []
        func endWord() {
            if word != the {
                key += word == st ? saint : word
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "A"..."Z":
                word.append(UInt8(scalar.value) + 32)
            case "a"..."z", "0"..."9":
                word.append(UInt8(scalar.value))
            case "&":
                endWord()
                key += and
            default:
                if !scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    word += Array(String(scalar).utf8)
                } else {
                    endWord()
                }
            }
        }
        endWord()
        return String(decoding: key, as: UTF8.self)
    }

    private static let the = Array("the".utf8)
    private static let st = Array("st".utf8)
    private static let saint = Array("saint".utf8)
    private static let and = Array("and".utf8)
}
