/// What a folded word is to name matching: an informative word, a number, or noise.
public enum TokenRole: String, Sendable, Codable {
    /// A word that tells names apart.
    case word
    /// Digits: must match exactly ("Vessel 1" is not "Vessel 2").
    case number
    /// A company legal form (LLC, OOO, GmbH, Ltd): compared only as a small adjustment.
    case legalForm = "legal-form"
    /// Articles and particles ("the", "of", "de"): ignored.
    case stopword
    /// What kind of vessel follows ("M/V", "MT", "SS"): set aside.
    case vesselPrefix = "vessel-prefix"
}

/// The word lists that shape matching: legal forms, stopwords and abbreviations.
///
/// These are facts about how names are written, not regulatory rules, so they live beside the
/// code that reads them. Each legal form maps to one canonical spelling so that "Limited" and
/// "Ltd" compare equal.
enum Lexicon {
    /// Legal form spellings → canonical form. Multi-word forms are matched as phrases first.
    static let legalForms: [String: String] = {
        var table: [String: String] = [:]
        let groups: [(String, [String])] = [
            ("llc", ["llc", "l l c", "limited liability company", "limited liability co", "fzllc", "fz llc"]),
            ("ltd", ["ltd", "limited", "ltda", "lda"]),
            ("inc", ["inc", "incorporated"]),
            ("corp", ["corp", "corporation", "corpn"]),
            ("co", ["co", "company", "cie", "compania", "compagnie", "companhia"]),
            ("plc", ["plc", "public limited company"]),
            ("gmbh", ["gmbh", "mbh", "gesellschaft mit beschrankter haftung"]),
            ("ag", ["ag", "aktiengesellschaft"]),
            ("kg", ["kg", "kommanditgesellschaft", "gmbh co kg"]),
            ("sa", ["sa", "s a", "sociedad anonima", "societe anonyme", "sae", "saog", "saoc", "sal", "sak"]),
            ("sarl", ["sarl", "srl", "sro", "spa", "sas"]),
            ("bv", ["bv", "nv", "vof"]),
            ("ooo", ["ooo", "obshchestvo s ogranichennoy otvetstvennostyu", "obshchestvo s ogranichennoi otvetstvennostyu",
                     "obshestvo s ogranichennoy otvetstvennostyu", "obshchestvo s ogranichennoj otvetstvennostju", "tov", "too"]),
            ("oao", ["oao", "ojsc", "open joint stock company", "open joint stock", "open joint stock co", "open jsc", "open ao",
                     "otkrytoe aktsionernoe obshchestvo", "otkrytoye aktsionernoye obshchestvo"]),
            ("zao", ["zao", "cjsc", "closed joint stock company", "closed joint stock", "closed joint stock co",
                     "closed jsc", "closed ao", "closed pao", "closed ojsc", "closed oao", "closed pjsc",
                     "zakrytoe aktsionernoe obshchestvo", "zakrytoye aktsionernoye obshchestvo"]),
            ("pao", ["pao", "pjsc", "public joint stock company", "public joint stock", "public joint stock co",
                     "public ojsc", "public jsc", "public ao", "public oao",
                     "publichnoe aktsionernoe obshchestvo", "publichnoye aktsionernoye obshchestvo"]),
            ("ao", ["ao", "jsc", "joint stock company", "joint stock", "joint stock co", "aozt", "akcionernoe obshchestvo",
                    "aktsionernoe obshchestvo", "aktsionernoye obshchestvo"]),
            ("fze", ["fze", "fzco", "fzc", "fz co", "free zone establishment", "free zone company", "dmcc", "fzs"]),
            ("pte", ["pte", "pty", "pvt", "private", "sdn bhd", "sdn", "bhd", "berhad", "tbk", "pt", "cv"]),
            ("llp", ["llp", "lp", "lllp", "partnership"]),
            ("kft", ["kft", "zrt", "nyrt", "as", "asa", "ab", "oy", "oyj", "aps", "a s", "sp z o o", "spzoo", "doo", "d o o", "ad", "ead"]),
            ("est", ["establishment"]),
        ]
        for (canonical, spellings) in groups {
            for spelling in spellings {
                precondition(table[spelling] == nil, "legal form \(spelling) is listed twice")
                table[spelling] = canonical
            }
        }
        return table
    }()

    /// Words that can begin a legal form, so most words skip the phrase lookup.
    static let legalFormFirstWords = Set(legalForms.keys.map { String($0.prefix { $0 != " " }) })

    /// The words legal forms are made of, so a misspelt one ("LIABIQLITY") is still recognised as noise.
    static let legalFormWords: [[UInt8]] = Set(legalForms.keys.flatMap { $0.split(separator: " ") }.filter { $0.count >= 5 })
        .sorted().map { Array($0.utf8) }

    /// The longest legal-form phrase, in words.
    static let longestLegalForm = legalForms.keys.map { $0.split(separator: " ").count }.max() ?? 1

    /// Words that carry no identity.
    static let stopwords: Set<String> = [
        "the", "of", "and", "for", "de", "del", "della", "der", "des", "du", "la", "le", "les", "los", "las",
        "van", "von", "et", "und", "an", "al", "el", "ul", "aka", "fka", "nka", "also", "known",
    ]

    /// Stopwords that are also surnames (Chinese Du and An, Korean An, Vietnamese Le, Wang in Russian-style
    /// spelling Van): the last word of a name in reading order ("DU, Wei" is "Wei DU"; "Gala Van") is the
    /// surname, not a particle, which always comes before the word it belongs to (van Gogh, du Pont).
    static let surnameParticles: Set<String> = ["van", "du", "an", "le"]

    /// A digest of every word table name analysis reads, so a cached index built with other tables is not reused.
    static let fingerprint: String = {
        var text = ""
        for (key, value) in legalForms.sorted(by: { $0.key < $1.key }) { text += "L\(key)=\(value);" }
        for word in stopwords.sorted() { text += "S\(word);" }
        for word in surnameParticles.sorted() { text += "P\(word);" }
        for (key, value) in abbreviations.sorted(by: { $0.key < $1.key }) { text += "A\(key)=\(value);" }
        text += Transliteration.tableDescription
        return text
    }()

    /// Abbreviations written out, so "Intl" meets "International".
    static let abbreviations: [String: String] = [
        "intl": "international", "int": "international", "internat": "international",
        "comp": "company", "cos": "companies",
        "mfg": "manufacturing", "manuf": "manufacturing", "natl": "national",
        "assn": "association", "assoc": "association", "dept": "department", "univ": "university",
        "inst": "institute", "tech": "technology", "techs": "technologies", "svcs": "services", "svc": "service",
        "bros": "brothers", "ctr": "center", "centre": "center", "grp": "group", "hldgs": "holdings",
        "hldg": "holding", "eng": "engineering",
        "engg": "engineering", "petrochem": "petrochemical",
        "sci": "scientific", "dev": "development", "devt": "development", "mgmt": "management",
        "mgt": "management", "invt": "investment", "trdg": "trading", "shpg": "shipping",
        "nav": "navigation", "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
        "bk": "bank", "bnk": "bank", "org": "organization", "organisation": "organization",
        "defence": "defense", "aviatsia": "aviation",
    ]
}
