"""Word tables the evaluation's perturbations and negatives use, written for the evaluation only.

None of these comes from the engine's sources (Sources/Screening/Names/*.swift); `overlap.py`
checks that and the report lists any entry the engine also has. All entries are upper case; the
perturbation code restores the case of the text it replaces.
"""

# QWERTY keyboard rows: a letter's neighbours are the keys left and right of it and the keys
# touching it in the rows above and below (a typing slip hits one of those).
KEYBOARD_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


def _keyboard_neighbours() -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(KEYBOARD_ROWS):
        for c, key in enumerate(row):
            near = set()
            for dr in (-1, 0, 1):
                if not 0 <= r + dr < len(KEYBOARD_ROWS):
                    continue
                other = KEYBOARD_ROWS[r + dr]
                # Rows are staggered by about half a key: row r+1's key c-1 and c touch key c.
                columns = (c - 1, c + 1) if dr == 0 else ((c, c + 1) if dr < 0 else (c - 1, c))
                near |= {other[j] for j in columns if 0 <= j < len(other)}
            out[key] = "".join(sorted(near - {key}))
    return out


KEYBOARD_NEIGHBOURS = _keyboard_neighbours()

# Vessel name prefixes as ship registers, manifests and users write them (merchant, motor tanker,
# steam ship, fishing vessel), each with its punctuation variants.
VESSEL_PREFIXES = ("M/V", "MV", "M.V.", "MV.", "MT", "M.T.", "M/T", "SS", "S.S.", "FV", "F/V", "MY")

ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                  "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")

# Written-out company words -> how clerks, registers and trade documents abbreviate them. The
# phrases are matched longest first; every abbreviation keeps the meaning of the phrase it
# replaces. Written for this evaluation from trade documents' usage, not from any matcher.
LEGAL_FORM_ABBREVIATIONS = (
    ("LIMITED LIABILITY COMPANY", ("LTD LIABILITY CO", "LTD. LIAB. CO.", "LIMITED LIAB CO", "L.L.C.")),
    ("LIMITED LIABILITY PARTNERSHIP", ("LTD LIABILITY PARTNERSHIP", "L.L.P.")),
    ("PUBLIC JOINT STOCK COMPANY", ("PUBLIC JSC", "PUBLIC OJSC", "P.J.S.C.", "PUB JT STOCK CO")),
    ("OPEN JOINT STOCK COMPANY", ("OPEN JSC", "O.J.S.C.", "OPEN JT STOCK CO", "PUBLIC OJSC")),
    ("CLOSED JOINT STOCK COMPANY", ("CLOSED JSC", "C.J.S.C.", "CLOSED JT STOCK CO", "CLOSED PAO")),
    ("JOINT STOCK COMPANY", ("JT STOCK CO", "J.S.C.", "JT-STOCK CO.", "JOINT STK CO")),
    ("GENERAL TRADING", ("GEN TRADE", "GEN. TRDG", "GENL TRADING", "GEN TRDG")),
    ("INDUSTRIAL COMPANY", ("IND CO.", "INDL CO", "INDUS. CO.")),
    ("INDUSTRIES COMPANY", ("INDS CO.", "IND. CO.")),
    ("TRADING COMPANY", ("TRDG CO", "TRADING CO.", "TRD CO")),
    ("PRIVATE LIMITED", ("PVT LTD", "PVT. LTD.", "PTE LTD")),
    ("CONSTRUCTION", ("CONSTR.", "CONSTRN", "CONST.")),
    ("CORPORATION", ("CORPN", "CORP.")),
    ("INCORPORATED", ("INC.", "INCORP.")),
    ("LIMITED", ("LTD.", "LTD")),
    ("COMPANY", ("CO.", "CO")),
    ("INTERNATIONAL", ("INT'L", "INTNL", "INTL.")),
    ("TECHNOLOGY", ("TECHNOL.", "TECH")),
    ("TECHNOLOGIES", ("TECHNOLS", "TECHS.")),
    ("ENGINEERING", ("ENGG.", "ENGR.", "ENGRG")),
    ("MANUFACTURING", ("MFG.", "MFRG", "MANUF.")),
    ("ELECTRONICS", ("ELECTRS", "ELEC.", "ELECTRON.")),
    ("INDUSTRIES", ("INDS.", "INDUS.")),
    ("INDUSTRIAL", ("INDL.", "INDUS.")),
    ("INVESTMENT", ("INVT.", "INV.", "INVEST.")),
    ("HOLDING", ("HLDG", "HOLD.")),
    ("HOLDINGS", ("HLDGS", "HOLDGS.")),
    ("GROUP", ("GRP.", "GP")),
    ("SHIPPING", ("SHPG.", "SHIPG")),
    ("SERVICES", ("SVCS.", "SERVS.")),
    ("MANAGEMENT", ("MGMT.", "MANAGT")),
    ("ENTERPRISE", ("ENTPR.", "ENT.")),
    ("ENTERPRISES", ("ENTERPS.", "ENTS.")),
    ("DEVELOPMENT", ("DEVEL.", "DEVT.")),
    ("PETROLEUM", ("PETR.", "PETROL.")),
    ("CHEMICAL", ("CHEM.",)),
    ("CHEMICALS", ("CHEMS.",)),
    ("EQUIPMENT", ("EQUIP.", "EQPT")),
    ("RESEARCH", ("RES.", "RSCH")),
    ("INSTITUTE", ("INST.", "INSTIT.")),
    ("ASSOCIATION", ("ASSOC.", "ASSN")),
    ("NATIONAL", ("NAT'L", "NATL.")),
    ("BROTHERS", ("BROS.",)),
    ("AND", ("&",)),
    ("AVIATION", ("AVN.", "AVIAT.")),
    ("MARINE", ("MAR.",)),
    ("LOGISTICS", ("LOGIST.",)),
    ("COMMERCIAL", ("COMML.", "COMM.")),
)

# Vowel -> accented vowel, for the diacritics perturbation.
GENERIC_ACCENTS = {"A": "Á", "E": "É", "I": "Í", "O": "Ö", "U": "Ü", "N": "Ñ", "C": "Ç"}

# Parts of compound company words, used to split "GAZPROMBANK" into "GAZPROM BANK".
COMPOUND_PARTS = (
    "BANK", "GROUP", "TRADE", "TRANS", "NEFT", "PROM", "STROY", "INVEST", "SHIP", "ENERGO",
    "TECH", "GAZ", "OIL", "FLOT", "EXPORT", "IMPORT", "MASH", "ELECTRO", "SERVICE",
)

# Words that carry no identity in a company name (never replaced by a company-word near miss).
GENERIC_ORG_WORDS = frozenset((
    "TRADING", "TRADE", "COMPANY", "CO", "LTD", "LIMITED", "LLC", "INTERNATIONAL", "GROUP",
    "HOLDING", "HOLDINGS", "INDUSTRIAL", "INDUSTRIES", "INDUSTRY", "ENTERPRISE", "ENTERPRISES",
    "SERVICES", "SERVICE", "GENERAL", "IMPORT", "EXPORT", "SHIPPING", "LOGISTICS", "TECHNOLOGY",
    "TECHNOLOGIES", "ENGINEERING", "INVESTMENT", "INVESTMENTS", "CORPORATION", "CORP", "INC",
    "FZE", "FZCO", "JSC", "OOO", "SA", "GMBH", "AND", "OF", "THE", "FOR", "DE", "Y", "ET",
    "DEVELOPMENT", "COMMERCIAL", "COMMERCE", "ELECTRONICS", "MANAGEMENT", "CONSTRUCTION",
    "PETROLEUM", "ENERGY", "MARITIME", "SOLUTIONS", "SYSTEMS", "PRODUCTS", "PVT", "SAL",
    "SARL", "PLC", "AG", "BV", "SRL", "SPA", "PTE", "CJSC", "PJSC", "OJSC", "ZAO", "OAO", "PAO",
    "JOINT", "STOCK", "LIABILITY", "PUBLIC", "OPEN", "CLOSED", "PRIVATE", "BANK", "AO",
))

# Words too empty to count as shared with a listed company name.
STOPWORDS = frozenset(("AND", "OF", "THE", "FOR", "DE", "Y", "ET"))

# Particles that belong to the family name that follows them.
NAME_PARTICLES = frozenset((
    "AL", "EL", "BIN", "BEN", "IBN", "ABU", "BINT", "VAN", "VON", "DER", "DEN", "DE", "DA", "DOS",
    "DEL", "LA", "LE", "DI",
))

# Middle names and initials for the add_middle perturbation.
MIDDLE_NAMES = ("JOHN", "MARIA", "LUIS", "ANTONIO", "PAUL", "A.", "M.", "J.", "K.", "S.")

# Countries whose listed names are mostly romanised from Arabic or Persian script.
ARABIC_PERSIAN_COUNTRIES = frozenset((
    "IR", "IQ", "SY", "LB", "YE", "SA", "AE", "EG", "LY", "SD", "SO", "AF", "PK", "JO", "KW", "QA",
    "BH", "OM", "DZ", "MA", "TN", "PS", "MR",
))
# Particles that mark an Arabic name when the list gives no country (UK summary export).
ARABIC_PARTICLES = frozenset(("AL", "EL", "BIN", "IBN", "ABU", "ABD", "BINT", "UMM"))

# Countries whose listed names are mostly romanised from Russian (Belarusian and Ukrainian names
# are often listed in their Russian form).
RUSSIAN_COUNTRIES = frozenset(("RU", "BY", "UA", "KZ", "KG", "TJ", "MD", "AM", "GE", "AZ", "UZ"))
# Endings that make a person's name look Russian when the list ties it to no country.
RUSSIAN_ENDINGS = ("OV", "OVA", "EV", "EVA", "YEV", "YEVA", "SKIY", "SKAYA", "ENKO", "VICH", "VNA")

CHINESE_COUNTRIES = frozenset(("CN", "HK", "MO", "TW"))
