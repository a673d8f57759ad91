"""How much the evaluation shares with the engine's word tables — the check behind README.md's
"Independence from the engine" and the report's section of that name.

The engine's name tables are read from its Swift sources (Lexicon.legalForms, .abbreviations,
.stopwords and .surnameParticles, a stopword kept as the last word; Transliteration's variant groups and suffix rules; CantoneseSurnames, the Hong Kong
spellings of Chinese surnames) and applied the way the engine applies them: legal-form phrases
longest first, then abbreviations, then romanisation variants and suffix folding; a Hong Kong
spelling and the pinyin it spells are one word. Two checks:

1. Table level: every pair of the evaluation's own tables (legal-form abbreviations, Cantonese
   surnames) that the engine's tables make equal.
2. Query level (`taught`): a positive whose words the engine's tables alone make equal to the
   listed name, though its spelling differs — a variant the engine was taught rather than one it
   has to find. Reported per perturbation.

    python eval/overlap.py Sources      # prints the table-level check as JSON
"""

import json
import re
import sys
from pathlib import Path

import romanisation
import tables
from textnorm import normalize


class EngineTablesNotFound(RuntimeError):
    """A table this check reads is no longer where it was (the engine was refactored)."""


def _block(text: str, start: str, path: Path) -> str:
    """The text from `start` to the bracket that closes the one `start` ends with."""
    at = text.find(start)
    if at < 0:
        raise EngineTablesNotFound(f"{path}: `{start}` not found")
    depth, i = 0, at + len(start) - 1
    for i in range(at + len(start) - 1, len(text)):
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            break
    return text[at + len(start) : i]


def engine_tables(sources: Path) -> dict:
    """The engine's word tables, parsed from Sources/Screening/Names."""
    names = sources / "Screening" / "Names"
    lexicon_path, translit_path = names / "Lexicon.swift", names / "Transliteration.swift"
    lexicon, translit = lexicon_path.read_text(encoding="utf-8"), translit_path.read_text(encoding="utf-8")
    legal = {}
    for canonical, spellings in re.findall(r'\("(\w+)",\s*\[(.*?)\]\)',
                                           _block(lexicon, "let groups: [(String, [String])] = [", lexicon_path),
                                           re.S):
        for spelling in re.findall(r'"([^"]*)"', spellings):
            legal[spelling] = canonical
    abbreviations = dict(re.findall(r'"([^"]+)":\s*"([^"]+)"',
                                    _block(lexicon, "static let abbreviations: [String: String] = [", lexicon_path)))
    stopwords = set(re.findall(r'"([^"]+)"', _block(lexicon, "static let stopwords: Set<String> = [", lexicon_path)))
    particles = set(re.findall(r'"([^"]+)"', _block(lexicon, "static let surnameParticles: Set<String> = [", lexicon_path)))
    variants = {}
    for group in re.findall(r"\[([^\[\]]+)\]", _block(translit, "let groups: [[String]] = [", translit_path)):
        words = re.findall(r'"([^"]+)"', group)
        for word in words:
            variants[word] = words[0]
    suffixes = re.findall(r'\("(\w+)",\s*"(\w+)"\)',
                          _block(translit, "suffixRules: [(String, String)] = [", translit_path))
    cantonese_path = names / "CantoneseSurnames.swift"
    cantonese_text = cantonese_path.read_text(encoding="utf-8")
    cantonese = {}
    for spelling, readings in re.findall(r'"(\w+)":\s*\[(.*?)\]',
                                         _block(cantonese_text, "static let pinyin: [String: [String]] = [", cantonese_path)):
        for reading in re.findall(r'"(\w+)"', readings):
            cantonese.setdefault(spelling, set()).add(reading)
            cantonese.setdefault(reading, set()).add(spelling)
    if not (legal and abbreviations and variants and suffixes and cantonese):
        raise EngineTablesNotFound(f"{names}: a table parsed empty")
    return {"legal_forms": legal, "abbreviations": abbreviations, "stopwords": stopwords,
            "variants": variants, "suffix_rules": suffixes, "cantonese_surnames": cantonese,
            "surname_particles": particles}


def _canonical_word(word: str, engine: dict) -> str:
    word = engine["abbreviations"].get(word, word)
    if word in engine["variants"]:
        return engine["variants"][word]
    if len(word) >= 5:
        for suffix, replacement in engine["suffix_rules"]:
            if word.endswith(suffix):
                folded = word[: -len(suffix)] + replacement
                return engine["variants"].get(folded, folded)
    return word


def engine_key(text: str, engine: dict) -> list[str]:
    """`text` as the engine's tables see it: sorted canonical words, legal forms as one token."""
    tokens = normalize(text).split()
    longest = max(len(k.split()) for k in engine["legal_forms"])
    out, i = [], 0
    while i < len(tokens):
        for length in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + length])
            if phrase in engine["legal_forms"]:
                out.append("legal:" + engine["legal_forms"][phrase])
                i += length
                break
        else:
            last_surname = 0 < i == len(tokens) - 1 and tokens[i] in engine["surname_particles"]
            if tokens[i] not in engine["stopwords"] or last_surname:
                out.append(_canonical_word(tokens[i], engine))
            i += 1
    return sorted(out)


def _same_words(query: list[str], listed: list[str], engine: dict) -> bool:
    """Each word pairs with one word of the other side: equal, or a Hong Kong spelling and its pinyin."""
    rest = list(listed)
    for word in query:
        at = next((i for i, other in enumerate(rest)
                   if other == word or other in engine["cantonese_surnames"].get(word, ())), None)
        if at is None:
            return False
        del rest[at]
    return not rest


def taught(query: str, listed: str, engine: dict) -> bool:
    """The query is spelt differently, but the engine's tables alone make it the listed name."""
    if sorted(normalize(query).split()) == sorted(normalize(listed).split()):
        return False
    return _same_words(engine_key(query, engine), engine_key(listed, engine), engine)


def check(sources: Path) -> dict:
    """Table-level overlap: the evaluation's pairs that the engine's tables make equal."""
    engine = engine_tables(sources)
    shared_abbreviations = [f"{phrase} = {short}" for phrase, shorts in tables.LEGAL_FORM_ABBREVIATIONS
                            for short in shorts if taught(short, phrase, engine)]
    shared_surnames = [f"{pinyin} = {cantonese}" for pinyin, cantonese in romanisation.CANTONESE_SURNAMES.items()
                       if taught(cantonese, pinyin, engine)]
    pairs = sum(len(shorts) for _, shorts in tables.LEGAL_FORM_ABBREVIATIONS)
    return {
        "engine_tables": {k: len(v) for k, v in engine.items()},
        "legal_form_abbreviations": {"pairs": pairs, "shared": shared_abbreviations},
        "cantonese_surnames": {"pairs": len(romanisation.CANTONESE_SURNAMES), "shared": shared_surnames},
    }


if __name__ == "__main__":
    print(json.dumps(check(Path(sys.argv[1] if len(sys.argv) > 1 else "Sources")), indent=2))
