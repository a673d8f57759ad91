"""Perturbations that turn a listed name into a query that should still find the entity.

Every perturbation is a function `(entity, ctx, rng) -> list[(query_name, detail)]`; an empty list
means it does not apply to that entity. `detail` says exactly what was changed, for the labels.
None of them reads the engine's word tables: see README.md, "Independence from the engine".
"""

import random
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

import romanisation
import tables
from names import (core_of, chinese_syllables, is_latin_ascii, latin_words, looks_arabic, looks_russian,
                   match_case, person_parts, render_person, tidy, word_regex)
from textnorm import detect_script, name_key, normalize

Variant = tuple[str, str]

# Perturbation -> the category it is reported under (the kinds of miss, and controls).
CATEGORIES = {
    "exact": "control", "case": "format", "diacritics": "format", "spacing": "format",
    "reorder": "order", "alias": "alias",
    "typo_1": "spelling", "typo_2_one_word": "spelling", "typo_2_two_words": "spelling",
    "russian_system": "romanisation", "chinese_wade_giles": "romanisation",
    "chinese_palladius": "romanisation", "chinese_hong_kong": "romanisation",
    "arabic_persian": "romanisation", "cross_script": "script",
    "vessel_prefix": "vessel_aircraft", "vessel_numeral": "vessel_aircraft",
    "aircraft_mark": "vessel_aircraft",
    "partial_given_family": "partial", "drop_middle": "partial", "add_middle": "partial",
    "legal_abbreviation": "legal_form",
}


@dataclass(frozen=True)
class Context:
    """Corpus facts some perturbations need."""

    listed: frozenset[str]  # name_key of every listed name and alias: a variant must not be one

    @classmethod
    def from_entities(cls, entities: list[dict]) -> "Context":
        keys = set()
        for entity in entities:
            for name in [entity["name"]] + [a["name"] for a in entity.get("aliases", [])]:
                keys.add(name_key(name))
        return cls(listed=frozenset(keys))


# --- Format, order, alias -------------------------------------------------------------------


def exact(entity, ctx, rng):
    """The primary name, unchanged."""
    return [(entity["name"], "primary name")]


def case(entity, ctx, rng):
    """All lower case, Title Case or UPPER CASE (whichever differs from the list's spelling)."""
    name = entity["name"]
    styles = [(s, d) for s, d in ((name.lower(), "lower"), (name.title(), "title"), (name.upper(), "upper"))
              if s != name]
    return [rng.choice(styles)] if styles else []


def diacritics(entity, ctx, rng):
    """One accented letter in a word of at least 4 letters."""
    name = entity["name"]
    if not is_latin_ascii(name):
        return []
    positions = [(m.start() + p) for m in re.finditer(r"[A-Za-z]{4,}", name)
                 for p, ch in enumerate(m.group()) if ch.upper() in tables.GENERIC_ACCENTS]
    if not positions:
        return []
    p = rng.choice(positions)
    accented = match_case(name[p], tables.GENERIC_ACCENTS[name[p].upper()])
    return [(name[:p] + accented + name[p + 1 :], f"{name[p]} -> {accented}")]


def spacing(entity, ctx, rng):
    """Join two adjacent words (Gazprom Bank -> GazpromBank) or split a compound at a common part
    (GAZPROMBANK -> GAZPROM BANK)."""
    name = entity["name"]
    words = latin_words(name)
    options = []
    for start, end in words:
        upper = name[start:end].upper()
        for part in tables.COMPOUND_PARTS:
            at = upper.find(part, 3)
            if 3 <= at <= len(upper) - 3:
                options.append(("split", start + at, start + at))
    for (s1, e1), (s2, _) in zip(words, words[1:]):
        if name[e1:s2] == " ":
            options.append(("join", e1, s2))
    if not options:
        return []
    op, a, b = rng.choice(options)
    new = name[:a] + " " + name[b:] if op == "split" else name[:a] + name[b:]
    return [(new, f"{op} at {a}")]


def reorder(entity, ctx, rng):
    """Given and family names swapped; OFAC "LAST, First" gives "First Last" and "Last First"."""
    parts = person_parts(entity)
    if not parts:
        return []
    given, family = parts
    if "," in entity["name"]:
        return [(" ".join(given + family), "given family"), (" ".join(family + given), "family given, no comma")]
    if entity["source"] == "uk":
        return [(" ".join(given + family), "given family")]
    return [(" ".join(family + given), "family given")]


def alias(entity, ctx, rng):
    """One of the entity's strong Latin-script aliases, when it differs from the primary name."""
    primary = name_key(entity["name"])
    usable = [a for a in entity.get("aliases", [])
              if a.get("strength") == "strong" and detect_script(a["name"]) == "latin"
              and name_key(a["name"]) not in ("", primary)]
    if not usable:
        return []
    chosen = rng.choice(usable)
    return [(chosen["name"], f"{chosen.get('kind', 'aka')} alias")]


# --- Spelling -------------------------------------------------------------------------------

EDITS = ("insert", "delete", "substitute", "transpose", "double")


def edit_word(word: str, rng: random.Random) -> tuple[str, str]:
    """One random typing slip in `word`: insert a key next to a neighbour, delete a letter,
    substitute a keyboard neighbour, swap two adjacent letters, or double a letter."""
    op = rng.choice(EDITS)
    p = rng.randrange(len(word))
    letter = word[p]
    near = tables.KEYBOARD_NEIGHBOURS.get(letter.upper(), "") or "E"
    slip = match_case(letter, rng.choice(near)) if letter.isalpha() else rng.choice("0123456789")
    if op == "insert":
        new = word[: p + 1] + slip + word[p + 1 :]
    elif op == "delete":
        new = word[:p] + word[p + 1 :]
    elif op == "substitute":
        new = word[:p] + slip + word[p + 1 :]
    elif op == "transpose" and p + 1 < len(word) and word[p] != word[p + 1]:
        new = word[:p] + word[p + 1] + word[p] + word[p + 2 :]
    else:
        op, new = "double", word[: p + 1] + letter + word[p + 1 :]
    return new, f"{op}@{p}"


def _typos(name: str, spans: list[tuple[int, int]], edits_per_span: int, rng: random.Random) -> Variant | None:
    """`name` with `edits_per_span` slips in each of `spans` (right to left, so offsets hold); each
    word ends exactly `edits_per_span` edits (optimal string alignment distance) from the listed one."""
    out, details = name, []
    for start, end in sorted(spans, reverse=True):
        word = out[start:end]
        for _ in range(10):
            new, steps = word, []
            for _ in range(edits_per_span):
                new, step = edit_word(new, rng)
                steps.append(step)
            if OSA.distance(word.casefold(), new.casefold()) == edits_per_span:
                break
        else:
            return None
        out = out[:start] + new + out[end:]
        details.append(f"{word} -> {new} ({', '.join(steps)})")
    return out, "; ".join(reversed(details))


def _words(name: str, min_length: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\W\d_]{%d,}" % min_length, name)]


def typo_1(entity, ctx, rng):
    """One slip in any word of at least 4 letters (one-word names included)."""
    spans = _words(entity["name"], 4)
    result = _typos(entity["name"], [rng.choice(spans)], 1, rng) if spans else None
    return [result] if result else []


def typo_2_one_word(entity, ctx, rng):
    """Two slips in one word of at least 6 letters."""
    spans = _words(entity["name"], 6)
    result = _typos(entity["name"], [rng.choice(spans)], 2, rng) if spans else None
    return [result] if result else []


def typo_2_two_words(entity, ctx, rng):
    """One slip in each of two words of at least 4 letters."""
    spans = _words(entity["name"], 4)
    result = _typos(entity["name"], rng.sample(spans, 2), 1, rng) if len(spans) >= 2 else None
    return [result] if result else []


# --- Romanisation ---------------------------------------------------------------------------


def russian_system(entity, ctx, rng):
    """Every word of a Russian name in another romanisation system (GOST, scholarly, ICAO,
    French, German), read back through Cyrillic."""
    if not looks_russian(entity):
        return []
    system = rng.choice(sorted(romanisation.RUSSIAN_SYSTEMS))
    name = entity["name"]
    out = name
    for start, end in reversed(latin_words(name)):
        word = name[start:end]
        if len(word) >= 3 and word.upper() not in tables.GENERIC_ORG_WORDS:
            out = out[:start] + match_case(word, romanisation.russian_word(word, system)) + out[end:]
    return [(out, system)] if out != name else []


def _chinese(entity, write_syllables, detail: str, surname=None):
    split = chinese_syllables(entity)
    if not split:
        return []
    name, out = entity["name"], []
    words = latin_words(name)
    last = 0
    parts = person_parts(entity)
    family = {core_of(t).upper() for t in parts[1]} if parts else set()
    for (start, end), syllables in zip(words, split):
        out.append(name[last:start])
        word = name[start:end]
        if syllables is None:
            new = word
        elif surname and word.upper() in family and len(syllables) == 1:
            new = surname(syllables[0]) or write_syllables(syllables)
        else:
            new = write_syllables(syllables)
        out.append(match_case(word, new))
        last = end
    out.append(name[last:])
    query = "".join(out)
    return [(query, detail)] if query.casefold() != name.casefold() else []


def chinese_wade_giles(entity, ctx, rng):
    """Pinyin words in Wade-Giles (Zhang Xiaoping -> Chang Hsiao-p'ing), apostrophes kept or not,
    syllables joined by a hyphen, a space or nothing."""
    apostrophes, joiner = rng.random() < 0.5, rng.choice(("-", " ", ""))
    return _chinese(entity, lambda s: joiner.join(romanisation.wade_giles(x, apostrophes) for x in s),
                    f"Wade-Giles, apostrophes {'kept' if apostrophes else 'dropped'}, joiner {joiner!r}")


def chinese_palladius(entity, ctx, rng):
    """Pinyin words in the Russian Palladius system read back into Latin (Xiaoping -> Siaopin)."""
    system = rng.choice(("icao_9303", "gost_7.79_b"))
    return _chinese(entity, lambda s: "".join(romanisation.palladius(x, system) for x in s),
                    f"Palladius via {system}")


def chinese_hong_kong(entity, ctx, rng):
    """A Chinese person in Hong Kong style: Cantonese surname, Wade-Giles given names with a hyphen."""
    if entity["type"] != "person":
        return []
    return _chinese(entity, lambda s: "-".join(romanisation.wade_giles(x, False) for x in s),
                    "Hong Kong style", surname=lambda s: romanisation.CANTONESE_SURNAMES.get(s))


def arabic_persian(entity, ctx, rng):
    """One or two spelling conventions of another Arabic or Persian romanisation applied to the
    words of the name (Muhammad -> Mouhammad, Husayn -> Hussein, al-Rashid -> ar-Rashid)."""
    if not looks_arabic(entity):
        return []
    name = entity["name"]
    words = latin_words(name)
    options = []
    for index, (start, end) in enumerate(words):
        word = name[start:end]
        if word.upper() in tables.GENERIC_ORG_WORDS:
            continue
        if index + 1 < len(words):
            following = name[words[index + 1][0] : words[index + 1][1]]
            assimilated = romanisation.article_assimilated(word, following)
            if assimilated:
                options.append((start, end, "article assimilated", assimilated))
        if len(word) >= 3:
            options += [(start, end, rule, new) for rule, new in romanisation.arabic_variants(word.upper())]
    if not options:
        return []
    chosen = rng.sample(options, min(len(options), rng.choice((1, 2))))
    chosen = sorted({o[0]: o for o in chosen}.values(), reverse=True)  # one change per word
    out, details = name, []
    for start, end, rule, new in chosen:
        out = out[:start] + match_case(name[start:end], new) + out[end:]
        details.append(f"{name[start:end]} -> {new} ({rule})")
    return [(out, "; ".join(reversed(details)))]


def cross_script(entity, ctx, rng):
    """A strong alias in another script (UN original names), or a Russian person's name written
    in Cyrillic from its BGN/PCGN spelling, given names first."""
    variants = [(a["name"], f"alias in {detect_script(a['name'])}") for a in entity.get("aliases", [])
                if a.get("strength") == "strong" and detect_script(a["name"]) != "latin"]
    variants = [rng.choice(variants)] if variants else []
    parts = person_parts(entity)
    if parts and looks_russian(entity):
        words = [core_of(t) for t in parts[0] + parts[1]]
        cyrillic = " ".join(re.sub(r"[A-Za-z]+", lambda m: romanisation.to_cyrillic(m.group()).capitalize(), w)
                            for w in words)
        if cyrillic:
            variants.append((cyrillic, "BGN/PCGN read back into Cyrillic"))
    return variants


# --- Vessels and aircraft -------------------------------------------------------------------


def vessel_prefix(entity, ctx, rng):
    """A vessel name with a ship prefix (M/V, MT, SS, FV, ...)."""
    if entity["type"] != "vessel":
        return []
    prefix = rng.choice(tables.VESSEL_PREFIXES)
    return [(f"{prefix} {entity['name']}", f"prefix {prefix}")]


def vessel_numeral(entity, ctx, rng):
    """A vessel's number written the other way (HORMUZ 2 <-> HORMUZ II), sometimes with a prefix."""
    if entity["type"] != "vessel":
        return []
    name = entity["name"]
    options = []
    for m in re.finditer(r"(?<![\w])(\d{1,2})(?![\w])", name):
        if 1 <= int(m.group()) <= len(tables.ROMAN_NUMERALS):
            options.append((m.start(), m.end(), tables.ROMAN_NUMERALS[int(m.group()) - 1]))
    for m in re.finditer(r"(?<![\w])([IVX]{1,5})(?![\w])", name):
        if m.group() in tables.ROMAN_NUMERALS:
            options.append((m.start(), m.end(), str(tables.ROMAN_NUMERALS.index(m.group()) + 1)))
    if not options:
        return []
    start, end, new = rng.choice(options)
    query = name[:start] + new + name[end:]
    if rng.random() < 0.5:
        query = f"{rng.choice(tables.VESSEL_PREFIXES)} {query}"
    return [(query, f"{name[start:end]} -> {new}")]


def aircraft_mark(entity, ctx, rng):
    """A registration mark with one character wrong (EP-MMW -> EP-MMV), never another listed mark."""
    if entity["type"] != "aircraft":
        return []
    name = entity["name"]
    m = re.fullmatch(r"([A-Z0-9]{1,2})-([A-Z0-9]{2,5})", name.strip())
    if not m:
        return []
    suffix_start = m.start(2)
    for _ in range(10):
        p = rng.randrange(suffix_start, len(name))
        pool = "0123456789" if name[p].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        new = name[:p] + rng.choice(pool.replace(name[p], "")) + name[p + 1 :]
        if name_key(new) not in ctx.listed:
            return [(new, f"{name[p]} -> {new[p]} at {p}")]
    return []


# --- Partial names and legal forms ----------------------------------------------------------


def partial_given_family(entity, ctx, rng):
    """First given name and the family name of a person listed with four or five words
    (Joseph DUPLAN for DUPLAN, Joseph Pierre Richard)."""
    parts = person_parts(entity)
    if not parts or not 4 <= len(parts[0]) + len(parts[1]) <= 5 or len(parts[0]) < 2:
        return []
    given, family = parts
    return [(" ".join([given[0]] + family), f"kept {given[0]} + family")]


def drop_middle(entity, ctx, rng):
    """One middle name left out."""
    parts = person_parts(entity)
    if not parts or len(parts[0]) < 2:
        return []
    given, family = parts
    dropped = rng.randrange(1, len(given))
    return [(render_person(entity, given[:dropped] + given[dropped + 1 :], family), f"dropped {given[dropped]}")]


def add_middle(entity, ctx, rng):
    """A middle name or initial inserted after the first given name."""
    parts = person_parts(entity)
    if not parts:
        return []
    given, family = parts
    middle = match_case(given[0], rng.choice(tables.MIDDLE_NAMES))
    return [(render_person(entity, given[:1] + [middle] + given[1:], family), f"added {middle}")]


def legal_abbreviation(entity, ctx, rng):
    """Company words and legal forms abbreviated as trade documents write them (LIMITED LIABILITY
    COMPANY -> LTD LIABILITY CO, CONSTRUCTION -> CONSTR.), one or two per name."""
    if entity["type"] in ("person", "vessel", "aircraft"):
        return []
    name, found, taken = entity["name"], [], []
    for phrase, short in sorted(tables.LEGAL_FORM_ABBREVIATIONS, key=lambda p: -len(p[0])):
        for m in word_regex(phrase).finditer(name):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), short))
    if not found or not re.sub(r"[^A-Za-z]", "", name):
        return []
    chosen = sorted(rng.sample(found, min(len(found), rng.choice((1, 2)))), reverse=True)
    out, details = name, []
    for start, end, short in chosen:
        new = rng.choice(short)
        out = out[:start] + match_case(name[start:end], new) + out[end:]
        details.append(f"{name[start:end]} -> {new}")
    return [(tidy(out), "; ".join(reversed(details)))]


PERTURBATIONS = {name: globals()[name] for name in CATEGORIES}


def apply(name: str, entity: dict, ctx: Context, rng: random.Random) -> list[Variant]:
    """Run the perturbation `name`, dropping empty results, results that equal the listed name
    (apart from `exact`, `case`, `alias` and `cross_script`) and results that are another
    listed name."""
    variants = PERTURBATIONS[name](entity, ctx, rng)
    own = {name_key(n) for n in [entity["name"]] + [a["name"] for a in entity.get("aliases", [])]}
    keep = []
    for query, detail in variants:
        key = name_key(query)
        if not query.strip() or not normalize(query):
            continue
        if name not in ("exact", "case", "alias", "cross_script") and query == entity["name"]:
            continue
        if key in ctx.listed and key not in own:
            continue  # the variant is another listed party's name: not a fair positive
        keep.append((query, detail))
    return keep

