"""Other romanisations of a listed name, by routes the engine does not use.

- Russian: the listed (BGN/PCGN-style) spelling is read back into Cyrillic with the BGN/PCGN
  chart, then written out again with another system: GOST 7.79-2000 B, scholarly (ISO 9-like,
  diacritics), ICAO 9303 (Russian passports since 2013), French and German (Duden). The charts
  are written here from the published tables; the engine folds Cyrillic with ICU's BGN transform
  and none of these.
- Chinese: a pinyin name is split into syllables (the syllable inventory of `pypinyin`) and
  written in Wade-Giles (a chart written here), Russian-style Palladius (`pypinyin`'s Cyrillic
  converter, then latinised with a Russian system above) or Hong Kong style (a Cantonese surname
  table written here + Wade-Giles given names).
- Arabic and Persian: spelling conventions of other romanisation systems (French ou/dj/ch,
  Persian v/e/o, English ee/oo, doubled consonants of a shadda written or not, the article's
  sun-letter assimilation), applied as rules to the listed spelling.
"""

import re
from functools import lru_cache

from pypinyin import Style
from pypinyin.constants import PINYIN_DICT
from pypinyin.style import convert

# --- Russian --------------------------------------------------------------------------------

# BGN/PCGN Latin -> Cyrillic, longest match first; Y and E are read from their neighbours in
# `to_cyrillic`.
_BGN_TO_CYRILLIC = (
    ("SHCH", "Щ"), ("ZH", "Ж"), ("KH", "Х"), ("TS", "Ц"), ("CH", "Ч"), ("SH", "Ш"),
    ("A", "А"), ("B", "Б"), ("V", "В"), ("G", "Г"), ("D", "Д"), ("E", "Е"), ("Z", "З"),
    ("I", "И"), ("K", "К"), ("L", "Л"), ("M", "М"), ("N", "Н"), ("O", "О"), ("P", "П"),
    ("R", "Р"), ("S", "С"), ("T", "Т"), ("U", "У"), ("F", "Ф"), ("H", "Х"), ("C", "К"),
    ("W", "В"), ("X", "КС"), ("Q", "К"), ("J", "ДЖ"),
)
_Y_VOWELS = {"A": "Я", "E": "Е", "U": "Ю", "O": "Ё"}
_VOWELS = "AEIOUY"


def to_cyrillic(word: str) -> str:
    """A BGN/PCGN-romanised Russian word back in Cyrillic (Yevgeniy -> Евгений)."""
    upper, out, i = word.upper(), [], 0
    if re.search(r"[^AEIOUY]Y$", upper):  # Dmitry: a final -y after a consonant is -ий
        upper = upper[:-1] + "IY"
    while i < len(upper):
        ch, prev = upper[i], upper[i - 1] if i else ""
        if ch == "Y":
            following = upper[i + 1 : i + 2]
            if following in _Y_VOWELS:
                soft = "Ь" if prev and prev not in _VOWELS and following == "E" else ""
                out.append(soft + _Y_VOWELS[following])
                i += 2
            else:
                out.append("Й" if prev and prev in "AEIOU" else "Ы")
                i += 1
            continue
        if ch == "E" and not prev:
            out.append("Э")
            i += 1
            continue
        for latin, cyrillic in _BGN_TO_CYRILLIC:
            if upper.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(ch if not ch.isalpha() else "")
            i += 1
    return "".join(out)


_COMMON = {"А": "a", "Б": "b", "Д": "d", "И": "i", "К": "k", "Л": "l", "М": "m", "Н": "n", "О": "o",
           "П": "p", "Р": "r", "С": "s", "Т": "t", "Ф": "f", "Ъ": "", "Ь": ""}

# Cyrillic -> Latin per system (lower case; the caller restores the case).
RUSSIAN_SYSTEMS = {
    "gost_7.79_b": {**_COMMON, "В": "v", "Г": "g", "Е": "e", "Ё": "yo", "Ж": "zh", "З": "z", "Й": "j",
                    "У": "u", "Х": "x", "Ц": "cz", "Ч": "ch", "Ш": "sh", "Щ": "shh", "Ы": "y",
                    "Э": "e", "Ю": "yu", "Я": "ya"},
    "scholarly": {**_COMMON, "В": "v", "Г": "g", "Е": "e", "Ё": "ë", "Ж": "ž", "З": "z", "Й": "j",
                  "У": "u", "Х": "x", "Ц": "c", "Ч": "č", "Ш": "š", "Щ": "šč", "Ы": "y", "Э": "è",
                  "Ю": "ju", "Я": "ja"},
    "icao_9303": {**_COMMON, "В": "v", "Г": "g", "Е": "e", "Ё": "e", "Ж": "zh", "З": "z", "Й": "i",
                  "У": "u", "Х": "kh", "Ц": "ts", "Ч": "ch", "Ш": "sh", "Щ": "shch", "Ъ": "ie",
                  "Ы": "y", "Э": "e", "Ю": "iu", "Я": "ia"},
    "french": {**_COMMON, "В": "v", "Г": "g", "Е": "e", "Ё": "io", "Ж": "j", "З": "z", "Й": "ï",
               "У": "ou", "Х": "kh", "Ц": "ts", "Ч": "tch", "Ш": "ch", "Щ": "chtch", "Ы": "y",
               "Э": "e", "Ю": "iou", "Я": "ia"},
    "german": {**_COMMON, "В": "w", "Г": "g", "Е": "e", "Ё": "jo", "Ж": "sch", "З": "s", "Й": "j",
               "У": "u", "Х": "ch", "Ц": "z", "Ч": "tsch", "Ш": "sch", "Щ": "schtsch", "Ы": "y",
               "Э": "e", "Ю": "ju", "Я": "ja"},
}
_CYR_VOWELS = set("АЕЁИОУЫЭЮЯ")


def from_cyrillic(word: str, system: str) -> str:
    """A Cyrillic word in the Latin letters of `system`, with the system's context rules."""
    table, upper, out = RUSSIAN_SYSTEMS[system], word.upper(), []
    for i, ch in enumerate(upper):
        prev, nxt = (upper[i - 1] if i else ""), (upper[i + 1] if i + 1 < len(upper) else "")
        latin = table.get(ch, ch.lower())
        at_start_or_after_vowel = not prev or prev in _CYR_VOWELS or prev in "ЬЪ"
        if ch == "Е" and system == "german" and at_start_or_after_vowel:
            latin = "je"
        elif ch == "Е" and system == "french" and i == 0:
            latin = "ie"
        elif ch == "Й" and nxt == "" and prev in "ИЫ" and system in ("french", "german"):
            latin = ""  # Евгений -> Evgueni / Jewgeni
        elif ch == "Г" and system == "french" and nxt in ("Е", "И", "Ы", "Э"):
            latin = "gu"  # Евгений -> Evgueni
        elif ch == "С" and system in ("french", "german") and prev in _CYR_VOWELS and nxt in _CYR_VOWELS:
            latin = "ss"  # between vowels a single s would read as z
        elif ch == "Ц" and system == "gost_7.79_b" and nxt in ("Е", "И", "Ы", "Й"):
            latin = "c"
        out.append(latin)
    text = "".join(out)
    if system == "french" and upper.endswith("ИН") and len(upper) > 4:
        text += "e"  # Путин -> Poutine
    return text


def russian_word(word: str, system: str) -> str:
    """A BGN-romanised word (letters only) in another Russian romanisation system."""
    return from_cyrillic(to_cyrillic(word), system)


# --- Chinese --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable `pypinyin` knows (zhang, xiao, lü written lv)."""
    out = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            out.add(convert(reading, Style.NORMAL, strict=True).replace("ü", "v"))
    return frozenset(s for s in out if s.isalpha() and s.isascii())


def split_pinyin(word: str, max_syllables: int = 3) -> list[str] | None:
    """`word` as the fewest pinyin syllables (Xiaoping -> xiao ping), or None."""
    word = word.lower()
    syllables = pinyin_syllables()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            prefix = best[start]
            if prefix is not None and word[start:end] in syllables:
                candidate = prefix + [word[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    result = best[len(word)]
    return result if result and len(result) <= max_syllables else None


# Pinyin -> Wade-Giles, written from the published conversion chart (pypinyin's own Wade-Giles
# converter turns "hai" into "hei", so it is not used). Whole syllables that break the rules:
_WG_SYLLABLES = {
    "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung", "er": "erh", "e": "o",
    "yu": "yü", "yue": "yüeh", "yuan": "yüan", "yun": "yün", "ri": "jih", "zi": "tzu", "ci": "tz'u",
    "si": "ssu", "zhi": "chih", "chi": "ch'ih", "shi": "shih",
}
_WG_INITIALS = {
    "zh": "ch", "ch": "ch'", "sh": "sh", "b": "p", "p": "p'", "m": "m", "f": "f", "d": "t", "t": "t'",
    "n": "n", "l": "l", "g": "k", "k": "k'", "h": "h", "j": "ch", "q": "ch'", "x": "hs", "r": "j",
    "z": "ts", "c": "ts'", "s": "s", "y": "y", "w": "w",
}


def wade_giles(syllable: str, apostrophes: bool) -> str:
    """A toneless pinyin syllable in Wade-Giles, as printed (aspiration apostrophes, ü) or as
    typed (neither: ch'ü -> chu)."""
    syllable = syllable.lower().replace("v", "ü")
    text = _WG_SYLLABLES.get(syllable)
    if text is None:
        initial = next((i for i in sorted(_WG_INITIALS, key=len, reverse=True) if syllable.startswith(i)), "")
        final = syllable[len(initial):]
        if initial in ("j", "q", "x") and final.startswith("u"):
            final = "ü" + final[1:]
        final = {"ong": "ung", "iong": "iung", "ie": "ieh", "üe": "üeh", "ian": "ien"}.get(final, final)
        if final == "uo" and initial not in ("g", "k", "h", "sh"):
            final = "o"
        elif final == "ui" and initial in ("g", "k"):
            final = "uei"
        elif final == "e" and initial in ("g", "k", "h"):
            final = "o"
        text = _WG_INITIALS.get(initial, initial) + final
    if apostrophes:
        return text
    return text.replace("'", "").replace("ü", "u")


def palladius(syllable: str, system: str) -> str:
    """The Russian (Palladius) spelling of a syllable, latinised with a Russian `system`."""
    cyrillic = re.sub(r"\d", "", convert(syllable, Style.CYRILLIC, strict=False))
    return from_cyrillic(cyrillic, system)


# Mandarin pinyin surname -> its usual Hong Kong (Cantonese) spelling; where one pinyin surname
# stands for several characters, the most common character's spelling. Written from Hong Kong's
# government romanisation of surnames.
CANTONESE_SURNAMES = {
    "chen": "CHAN", "huang": "WONG", "wang": "WONG", "zhang": "CHEUNG", "li": "LEE", "wu": "NG",
    "liu": "LAU", "he": "HO", "liang": "LEUNG", "xie": "TSE", "yang": "YEUNG", "guo": "KWOK",
    "zeng": "TSANG", "zhou": "CHOW", "lin": "LAM", "luo": "LO", "zheng": "CHENG", "deng": "TANG",
    "feng": "FUNG", "mai": "MAK", "ye": "YIP", "tan": "TAM", "xu": "HUI", "cai": "CHOI",
    "guan": "KWAN", "pan": "POON", "zhao": "CHIU", "jiang": "KONG", "gao": "KO", "shi": "SZE",
    "mo": "MOK", "peng": "PANG", "huo": "FOK", "su": "SO", "zhu": "CHU", "sun": "SUEN", "hu": "WU",
    "song": "SUNG", "lu": "LO", "tian": "TIN", "jin": "KAM", "du": "TO", "qian": "CHIN",
    "kong": "HUNG", "fang": "FONG", "cao": "TSO", "yuan": "YUEN", "yu": "YU", "wei": "NGAI",
    "xiao": "SIU", "shen": "SHUM", "han": "HON", "tang": "TONG", "dong": "TUNG", "ma": "MA",
    "qiu": "YAU", "yan": "YAN", "lai": "LAI", "xiong": "HUNG", "wen": "WAN", "cheng": "CHING",
    "fu": "FU", "jiao": "CHIU", "ou": "AU", "zhong": "CHUNG", "ren": "YAM", "bai": "PAK",
    "yao": "YIU", "wan": "MAN", "gu": "KOO", "mao": "MO", "dai": "TAI", "qin": "CHUN",
}


# --- Arabic and Persian ---------------------------------------------------------------------

# (rule, pattern, replacement) on an upper-case word; each is one convention of another system.
ARABIC_RULES = (
    ("french ou for u", r"(?<=[^AEIOU])U(?=[^AEIOU]|$)", "OU"),
    ("persian v for w", r"W", "V"),
    ("w for v", r"V", "W"),
    ("persian e for i", r"^I", "E"),
    ("persian o for u", r"(?<=[^AEIOU])U(?=[^AEIOU])", "O"),
    ("e for short a", r"(?<=[^AEIOU]{2})A(?=[^AEIOU]$)", "E"),
    ("english ee for i", r"(?<=[^AEIOU])I(?=[^AEIOU])", "EE"),
    ("english oo for u", r"(?<=[^AEIOU])U(?=[^AEIOU])", "OO"),
    ("shadda not written", r"([BDFKLMNRSTZ])\1", r"\1"),
    ("shadda written", r"(?<=[AEIOU])([BDFLMNRSTZ])(?=[AEIOU])", r"\1\1"),
    ("french dj for j", r"J", "DJ"),
    ("french ch for sh", r"SH", "CH"),
    ("german sch for sh", r"SH", "SCH"),
    ("k for q", r"Q", "K"),
    ("gh for q", r"Q", "GH"),
    ("h for kh", r"KH", "H"),
    ("z for dh", r"DH", "Z"),
    ("ei for ay", r"AY", "EI"),
    ("ai for ay", r"AY", "AI"),
    ("ay for ei", r"EI", "AY"),
    ("ou for o", r"(?<=[^AEIOU])O(?=[^AEIOU])", "OU"),
)

# The article "al" assimilated to a following sun letter (al-Rashid -> ar-Rashid).
SUN_LETTERS = ("T", "TH", "D", "DH", "R", "Z", "S", "SH", "N")


def arabic_variants(word: str) -> list[tuple[str, str]]:
    """(rule, new word) for every rule that changes the upper-case `word`."""
    out = []
    for rule, pattern, replacement in ARABIC_RULES:
        new = re.sub(pattern, replacement, word, count=1)
        if new != word:
            out.append((rule, new))
    return out


def article_assimilated(article: str, following: str) -> str | None:
    """"AL" before a sun letter written as it is pronounced (AL RASHID -> AR RASHID)."""
    if article.upper() not in ("AL", "EL"):
        return None
    for letters in sorted(SUN_LETTERS, key=len, reverse=True):
        if following.upper().startswith(letters):
            return article[0] + letters[0]
    return None

