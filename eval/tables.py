"""Word tables behind the perturbations: spelling variants, legal forms, abbreviations, scripts.

All entries are upper case; the perturbation code restores the case of the text it replaces.
"""

# Romanisations of one name; any member may be swapped for any other.
TRANSLIT_GROUPS = (
    ("MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MUHAMMED", "MOHAMAD"),
    ("AHMED", "AHMAD"),
    ("YUSUF", "YOUSSEF", "YOUSEF", "YUSSUF"),
    ("ABDUL", "ABD AL", "ABDEL", "ABD-AL"),
    ("ABDULLAH", "ABDALLAH", "ABDULLA"),
    ("HUSSEIN", "HUSSAIN", "HUSAYN", "HOSSEIN", "HUSEYN"),
    ("HASSAN", "HASAN"),
    ("OMAR", "UMAR"),
    ("OSAMA", "USAMA"),
    ("MAHMOUD", "MAHMUD"),
    ("MUSTAFA", "MOSTAFA", "MUSTAPHA"),
    ("IBRAHIM", "EBRAHIM"),
    ("KHALID", "KHALED"),
    ("QASIM", "QASEM", "KASSEM", "KASIM"),
    ("JAFAR", "JAAFAR"),
    ("SAEED", "SAID", "SAYED"),
    ("YEVGENY", "YEVGENIY", "EVGENIY", "EVGENY", "EVGENII"),
    ("ALEKSANDR", "ALEXANDER", "ALEKSANDER", "OLEKSANDR"),
    ("SERGEY", "SERGEI", "SERHIY"),
    ("ANDREY", "ANDREI", "ANDRII"),
    ("DMITRY", "DMITRIY", "DMITRI"),
    ("YURIY", "YURI", "YURY", "IURII"),
    ("ALEKSEY", "ALEKSEI", "ALEXEY", "ALEXEI"),
    ("NIKOLAY", "NIKOLAI"),
    ("MIKHAIL", "MIKHAYL"),
    ("VIKTOR", "VICTOR"),
    ("IGOR", "IHOR"),
    ("YELENA", "ELENA"),
    ("ARKADY", "ARKADIY"),
    ("GENNADY", "GENNADIY"),
)

# Regular romanisation alternations at the end of a token: (regex, replacement).
TRANSLIT_SUFFIXES = (
    (r"(?<=[A-Z]{3})OV$", "OFF"),
    (r"(?<=[A-Z]{3})EV$", "EFF"),
    (r"(?<=[A-Z]{3})OFF$", "OV"),
    (r"(?<=[A-Z]{3})SKIY$", "SKY"),
    (r"(?<=[A-Z]{3})SKY$", "SKIY"),
    (r"(?<=[A-Z]{3})IY$", "Y"),
    (r"(?<=[A-Z]{3})YEVICH$", "EVICH"),
    (r"(?<=[A-Z]{3})YEVNA$", "EVNA"),
)

# Spellings of one legal form, longest first. OOO and LLC are deliberately one group.
LEGAL_FORM_GROUPS = (
    ("LIMITED LIABILITY COMPANY", "L.L.C.", "LLC", "OOO",
     "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"),
    ("LIMITED", "LTD.", "LTD"),
    ("COMPANY", "CO."),
    ("INCORPORATED", "INC.", "INC"),
    ("JOINT STOCK COMPANY", "JSC", "AO", "AKTSIONERNOE OBSHCHESTVO"),
    ("PUBLIC JOINT STOCK COMPANY", "PJSC", "PAO", "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO"),
    ("CLOSED JOINT STOCK COMPANY", "CJSC", "ZAO", "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO"),
    ("OPEN JOINT STOCK COMPANY", "OJSC", "OAO", "OTKRYTOE AKTSIONERNOE OBSHCHESTVO"),
    ("SOCIEDAD ANONIMA", "S.A.", "SA"),
    ("GMBH",),
    ("FZE",),
    ("FZCO",),
    ("PRIVATE LIMITED", "PVT. LTD.", "PVT LTD"),
)

# Legal forms appended to a company name that has none.
LEGAL_FORMS_TO_ADD = ("LLC", "LTD", "CO., LTD.", "INC.", "LIMITED", "JSC")

# (long, short) word abbreviations; applied in either direction.
ABBREVIATIONS = (
    ("INTERNATIONAL", "INTL"),
    ("COMPANY", "COMP."),
    ("CORPORATION", "CORP."),
    ("INDUSTRIES", "IND."),
    ("INDUSTRIAL", "IND."),
    ("DEVELOPMENT", "DEV."),
    ("MANUFACTURING", "MFG."),
    ("TECHNOLOGY", "TECH."),
    ("ENGINEERING", "ENG."),
    ("SERVICES", "SVCS."),
    ("ASSOCIATION", "ASSN."),
    ("BROTHERS", "BROS."),
    ("DEPARTMENT", "DEPT."),
    ("ORGANIZATION", "ORG."),
    ("NATIONAL", "NATL."),
    ("ELECTRONICS", "ELEC."),
    ("INSTITUTE", "INST."),
    ("EQUIPMENT", "EQUIP."),
    ("TRADING", "TRDG."),
    ("AND", "&"),
)

# Whole-word accent additions a data-entry clerk or a foreign register would make.
DIACRITIC_WORDS = {
    "MULLER": "MÜLLER", "JOSE": "JOSÉ", "GARCIA": "GARCÍA", "PENA": "PEÑA", "MUNOZ": "MUÑOZ",
    "RAMIREZ": "RAMÍREZ", "HERNANDEZ": "HERNÁNDEZ", "GOMEZ": "GÓMEZ", "LOPEZ": "LÓPEZ",
    "PEREZ": "PÉREZ", "MARTINEZ": "MARTÍNEZ", "RODRIGUEZ": "RODRÍGUEZ", "FERNANDEZ": "FERNÁNDEZ",
    "GONZALEZ": "GONZÁLEZ", "SANCHEZ": "SÁNCHEZ", "DIAZ": "DÍAZ", "RAUL": "RAÚL", "ANGEL": "ÁNGEL",
    "JESUS": "JESÚS", "MARIA": "MARÍA", "ANDRES": "ANDRÉS", "CESAR": "CÉSAR", "OSCAR": "ÓSCAR",
    "IVAN": "IVÁN", "CELIK": "ÇELIK", "OZTURK": "ÖZTÜRK", "SAHIN": "ŞAHIN", "FRANCOIS": "FRANÇOIS",
    "HELENE": "HÉLÈNE", "JOAO": "JOÃO", "SAO": "SÃO", "KOLN": "KÖLN", "CAFE": "CAFÉ",
    "NUNEZ": "NÚÑEZ", "IBANEZ": "IBÁÑEZ", "BENITEZ": "BENÍTEZ", "JIMENEZ": "JIMÉNEZ",
    "ALVAREZ": "ÁLVAREZ", "SCHRODER": "SCHRÖDER", "GUNTER": "GÜNTER", "JURGEN": "JÜRGEN",
}

# Vowel -> accented vowel, for names without a known accented spelling.
GENERIC_ACCENTS = {"A": "Á", "E": "É", "I": "Í", "O": "Ö", "U": "Ü", "N": "Ñ", "C": "Ç"}

# Parts of compound company words, used to split "GAZPROMBANK" into "GAZPROM BANK".
COMPOUND_PARTS = (
    "BANK", "GROUP", "TRADE", "TRANS", "NEFT", "PROM", "STROY", "INVEST", "SHIP", "ENERGO",
    "TECH", "GAZ", "OIL", "FLOT", "EXPORT", "IMPORT", "MASH", "ELECTRO", "SERVICE",
)

# Words that carry no identity in a company name.
GENERIC_ORG_WORDS = (
    "TRADING", "TRADE", "COMPANY", "CO", "LTD", "LIMITED", "LLC", "INTERNATIONAL", "GROUP",
    "HOLDING", "HOLDINGS", "INDUSTRIAL", "INDUSTRIES", "INDUSTRY", "ENTERPRISE", "ENTERPRISES",
    "SERVICES", "SERVICE", "GENERAL", "IMPORT", "EXPORT", "SHIPPING", "LOGISTICS", "TECHNOLOGY",
    "TECHNOLOGIES", "ENGINEERING", "INVESTMENT", "INVESTMENTS", "CORPORATION", "CORP", "INC",
    "FZE", "FZCO", "JSC", "OOO", "SA", "GMBH", "AND", "OF", "THE", "FOR", "DE", "Y", "ET",
    "DEVELOPMENT", "COMMERCIAL", "COMMERCE", "ELECTRONICS", "MANAGEMENT", "CONSTRUCTION",
    "PETROLEUM", "ENERGY", "MARITIME", "SOLUTIONS", "SYSTEMS", "PRODUCTS", "PVT", "SAL",
    "SARL", "PLC", "AG", "BV", "SRL", "SPA", "PTE", "CJSC", "PJSC", "OJSC", "ZAO", "OAO", "PAO",
)

# Words too empty to count as shared with a listed company name.
STOPWORDS = ("AND", "OF", "THE", "FOR", "DE", "Y", "ET")

# Particles that belong to the family name that follows them.
NAME_PARTICLES = (
    "AL", "EL", "BIN", "BEN", "IBN", "ABU", "BINT", "VAN", "VON", "DER", "DEN", "DE", "DA", "DOS",
    "DEL", "LA", "LE", "DI",
)

# Middle names and initials for the add_middle perturbation.
MIDDLE_NAMES = (
    "ALI", "AHMED", "HASSAN", "IVANOVICH", "PETROVICH", "MARIA", "LUIS", "JOHN", "ANTONIO",
    "A.", "M.", "J.", "K.", "S.",
)

# Surnames used to build near-miss persons (Latin script).
SURNAMES_ARABIC_LATIN = (
    "HADDAD", "KHOURY", "NASSER", "MANSOUR", "SALEH", "KARIMI", "RAHIMI", "HASHEMI", "QURESHI",
    "SIDDIQUI", "CHOWDHURY", "BAIG", "FAROUK", "HAMDAN", "JABER", "KHALIL", "NAJJAR", "SABBAGH",
    "TAMIMI", "ZAYED", "DABBAGH", "SHAMMARI", "HARBI", "GHAMDI", "ZAHRANI", "OTAIBI", "MUTAIRI",
    "DOSARI", "QAHTANI", "DARWISH", "FAKHOURY", "HAIDAR", "ISSA", "KANAAN", "BARAKAT", "SHARIF",
)
SURNAMES_RUSSIAN_LATIN = (
    "SMIRNOV", "KUZNETSOV", "POPOV", "VASILIEV", "SOKOLOV", "MIKHAILOV", "NOVIKOV", "FEDOROV",
    "MOROZOV", "VOLKOV", "ALEKSEEV", "LEBEDEV", "SEMENOV", "EGOROV", "PAVLOV", "KOZLOV",
    "STEPANOV", "NIKOLAEV", "ORLOV", "ANDREEV", "MAKAROV", "ZAKHAROV", "ZAITSEV", "SOLOVYOV",
)

# Endings that make a Latin-script person name look Russian (for Latin -> Cyrillic queries).
RUSSIAN_ENDINGS = (
    "OV", "OVA", "EV", "EVA", "YEV", "YEVA", "SKIY", "SKAYA", "ENKO", "VICH", "VNA",
)

# Latin -> Cyrillic, longest match first (a simple reverse of the BGN/PCGN-style romanisation).
# Y is handled in perturbations.to_cyrillic, which looks at its neighbours.
LATIN_TO_CYRILLIC = (
    ("SHCH", "Щ"), ("ZH", "Ж"), ("KH", "Х"), ("TS", "Ц"), ("CH", "Ч"), ("SH", "Ш"),
    ("A", "А"), ("B", "Б"), ("V", "В"), ("G", "Г"), ("D", "Д"), ("E", "Е"), ("Z", "З"),
    ("I", "И"), ("K", "К"), ("L", "Л"), ("M", "М"), ("N", "Н"), ("O", "О"), ("P", "П"),
    ("R", "Р"), ("S", "С"), ("T", "Т"), ("U", "У"), ("F", "Ф"), ("H", "Х"), ("C", "К"),
    ("W", "В"), ("X", "КС"), ("Q", "К"), ("J", "ДЖ"),
)

# Cyrillic -> Latin for latinised Russian negatives.
CYRILLIC_TO_LATIN = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH", "З": "Z",
    "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH",
    "Щ": "SHCH", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "YU", "Я": "YA",
}
