"""Plain text helpers shared by the generator and the evaluator.

This is deliberately the *simple* normalisation a user of a generic fuzzy-matching library would
write (casefold, strip accents, punctuation to spaces). It is used for the baselines and for
checking that a generated negative is not, by accident, a listed name. It is not the engine's
normalisation.
"""

import unicodedata

# Scripts reported in the labels; the key is the prefix of the Unicode character name.
_SCRIPT_PREFIXES = (
    ("LATIN", "latin"),
    ("CYRILLIC", "cyrillic"),
    ("ARABIC", "arabic"),
    ("HIRAGANA", "japanese"),
    ("KATAKANA", "japanese"),
    ("HANGUL", "korean"),
    ("CJK", "chinese"),
    ("GREEK", "greek"),
    ("HEBREW", "hebrew"),
    ("DEVANAGARI", "devanagari"),
    ("THAI", "thai"),
    ("GEORGIAN", "georgian"),
    ("ARMENIAN", "armenian"),
)


def strip_accents(text: str) -> str:
    """Remove combining marks after canonical decomposition (Müller -> Muller)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Casefold, strip accents, turn punctuation and symbols into spaces, collapse whitespace."""
    cleaned = []
    for ch in strip_accents(text).casefold():
        category = unicodedata.category(ch)
        cleaned.append(" " if category[0] in "PSZC" else ch)
    return " ".join("".join(cleaned).split())


def name_key(text: str) -> str:
    """Order-insensitive identity key: the sorted normalised tokens."""
    return " ".join(sorted(normalize(text).split()))


def char_script(ch: str) -> str | None:
    """The script of one letter, or None for digits, punctuation and spaces."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, script in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return script
    return "other"


def detect_script(text: str) -> str:
    """The dominant non-Latin script of a string, else `latin`.

    Kana anywhere makes it Japanese (Japanese names mix kana and kanji); otherwise the first
    non-Latin script seen wins, so "بلغازي Inc" is Arabic.
    """
    scripts = [s for s in map(char_script, text) if s]
    if "japanese" in scripts:
        return "japanese"
    for script in scripts:
        if script != "latin":
            return script
    return "latin"
