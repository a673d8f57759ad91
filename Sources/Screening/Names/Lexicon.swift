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
            ("sarl", ["sarl", "srl", "sro", "spa", "sas", "sae"]),
            ("bv", ["bv", "nv", "vof"]),
            ("ooo", ["ooo", "obshchestvo s ogranichennoy otvetstvennostyu", "tov", "too"]),
            ("oao", ["oao", "ojsc", "open joint stock company"]),
            ("zao", ["zao", "cjsc", "closed joint stock company"]),
            ("pao", ["pao", "pjsc", "public joint stock company", "public joint-stock company"]),
            ("ao", ["ao", "jsc", "joint stock company", "aozt", "akcionernoe obshchestvo", "aktsionernoe obshchestvo"]),
            ("fze", ["fze", "fzco", "fzc", "fz co", "free zone establishment", "free zone company", "dmcc", "fzs"]),
            ("pte", ["pte", "pty", "pvt", "private", "sdn bhd", "sdn", "bhd", "berhad", "tbk", "pt", "cv"]),
            ("llp", ["llp", "lp", "lllp", "partnership"]),
            ("kft", ["kft", "zrt", "nyrt", "as", "asa", "ab", "oy", "oyj", "aps", "a s", "sp z o o", "spzoo", "doo", "d o o", "ad", "ead", "jsc co"]),
            ("est", ["est", "establishment"]),
        ]
        for (canonical, spellings) in groups {
            for spelling in spellings { table[spelling] = canonical }
        }
        return table
    }()

    /// Words that can begin a legal form, so most words skip the phrase lookup.
    static let legalFormFirstWords = Set(legalForms.keys.map { String($0.prefix { $0 != " " }) })

    /// Legal forms that are often glued to the name in front ("JSCARGUMENT", "OOOROMASHKA").
    static let gluedLegalFormPrefixes = ["ooo", "oao", "zao", "pao", "ojsc", "cjsc", "pjsc", "jsc", "tov", "llc"]

    /// The longest legal-form phrase, in words.
    static let longestLegalForm = legalForms.keys.map { $0.split(separator: " ").count }.max() ?? 1

    /// Words that carry no identity.
    static let stopwords: Set<String> = [
        "the", "of", "and", "for", "de", "del", "della", "der", "des", "du", "la", "le", "les", "los", "las",
        "van", "von", "y", "e", "et", "und", "a", "an", "al", "el", "ul", "aka", "fka", "nka", "also", "known", "as",
    ]

    /// Abbreviations written out, so "Intl" meets "International".
    static let abbreviations: [String: String] = [
        "intl": "international", "int": "international", "internat": "international",
        "comp": "company", "cos": "companies",
        "mfg": "manufacturing", "manuf": "manufacturing", "natl": "national", "nat": "national",
        "assn": "association", "assoc": "association", "dept": "department", "univ": "university",
        "inst": "institute", "tech": "technology", "techs": "technologies", "svcs": "services", "svc": "service",
        "bros": "brothers", "ctr": "center", "centre": "center", "grp": "group", "hldgs": "holdings",
        "hldg": "holding", "ind": "industries", "inds": "industries", "indus": "industrial", "eng": "engineering",
        "engg": "engineering", "elec": "electric", "electr": "electronics", "petrochem": "petrochemical",
        "sci": "scientific", "res": "research", "dev": "development", "devt": "development", "mgmt": "management",
        "mgt": "management", "invest": "investment", "invt": "investment", "trdg": "trading", "shpg": "shipping",
        "nav": "navigation", "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
        "bk": "bank", "bnk": "bank", "org": "organization", "organisation": "organization",
        "defence": "defense", "aviatsia": "aviation",
    ]
}
