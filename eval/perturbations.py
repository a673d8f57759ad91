"""Perturbations that turn a listed name into a query that should still find the entity.

Every perturbation is a function `(entity, ctx, rng) -> list[(query_name, detail)]`; an empty list
means it does not apply to that entity. `detail` says exactly what was changed, for the labels.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass

import tables
from textnorm import detect_script, name_key, normalize

Variant = tuple[str, str]


@dataclass(frozen=True)
class Context:
    """Corpus statistics some perturbations need."""

    token_df: Counter  # normalised token -> number of entity names containing it

    @classmethod
    def from_entities(cls, entities: list[dict]) -> "Context":
        df = Counter()
        for entity in entities:
            df.update(set(normalize(entity["name"]).split()))
        return cls(token_df=df)


# ---------------------------------------------------------------------------------------------
# Helpers


def match_case(template: str, word: str) -> str:
    """Write `word` in the case style of `template` (UPPER, lower or Title)."""
    if template.isupper():
        return word.upper()
    if template.islower():
        return word.lower()
    return word.title() if template[:1].isupper() else word.lower()


def tidy(name: str) -> str:
    """Collapse spaces and remove commas or spaces left dangling by a deletion."""
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"\s+([,.])", r"\1", name)
    name = re.sub(r",\s*,", ",", name)
    return name.strip(" ,")


def word_regex(phrase: str) -> re.Pattern:
    """Case-insensitive pattern for a phrase that is not part of a longer word."""
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", re.IGNORECASE)


def is_family_token(token: str) -> bool:
    """UK writes the family name in capitals ("Al-HOUTHI Ali"): mostly upper-case letters."""
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.6


def person_parts(entity: dict) -> tuple[list[str], list[str]] | None:
    """Split a person's primary name into (given tokens, family tokens), per source convention.

    OFAC: "LAST, First Middle"; UK: "FAMILY Given Names"; UN and the rest: "Given ... Family".
    """
    if entity["type"] != "person":
        return None
    name = entity["name"]
    if "," in name:
        family, _, given = name.partition(",")
        given_tokens, family_tokens = given.split(), family.split()
    elif entity["source"] == "uk":
        tokens = name.split()
        n_family = 0
        while n_family < len(tokens) and is_family_token(tokens[n_family]):
            n_family += 1
        if n_family in (0, len(tokens)):
            n_family = 1
        given_tokens, family_tokens = tokens[n_family:], tokens[:n_family]
    else:
        tokens = name.split()
        n_family = 1
        while n_family < len(tokens) - 1 and tokens[-n_family - 1].upper() in tables.NAME_PARTICLES:
            n_family += 1  # "... Al Rashid", "... van der Berg": the particle belongs to the family name
        given_tokens, family_tokens = tokens[:-n_family], tokens[-n_family:]
    if not given_tokens or not family_tokens:
        return None
    return given_tokens, family_tokens


def render_person(entity: dict, given: list[str], family: list[str]) -> str:
    """Write given and family names back in the entity's own convention."""
    if "," in entity["name"]:
        return f"{' '.join(family)}, {' '.join(given)}"
    if entity["source"] == "uk":
        return " ".join(family + given)
    return " ".join(given + family)


def replace_span(text: str, start: int, end: int, new: str) -> str:
    """`text` with text[start:end] replaced by `new` in the case of what it replaces."""
    return tidy(text[:start] + match_case(text[start:end], new) + text[end:])


def core_of(token: str) -> str:
    """A token without its trailing punctuation ("PRIGOZHIN," -> "PRIGOZHIN")."""
    return token.rstrip(",.;:")


def recore(token: str, core: str) -> str:
    """`token` with its core replaced, keeping the trailing punctuation."""
    return core + token[len(core_of(token)) :]


def latin_tokens(name: str) -> list[int]:
    """Indices of whitespace tokens whose core is Latin letters (hyphens allowed)."""
    tokens = name.split()
    return [i for i, tok in enumerate(tokens) if re.fullmatch(r"[A-Za-z][A-Za-z-]*", core_of(tok))]


# ---------------------------------------------------------------------------------------------
# Perturbations


def exact(entity, ctx, rng):
    """The primary name, unchanged."""
    return [(entity["name"], "primary name")]


def reorder(entity, ctx, rng):
    """Swap given and family names; for OFAC "LAST, First" produce "First Last" and "Last First"."""
    parts = person_parts(entity)
    if not parts:
        return []
    given, family = parts
    if "," in entity["name"]:
        return [
            (" ".join(given + family), "given family"),
            (" ".join(family + given), "family given, comma dropped"),
        ]
    if entity["source"] == "uk":
        return [(" ".join(given + family), "given family")]
    return [(" ".join(family + given), "family given")]


def drop_middle(entity, ctx, rng):
    """Leave out one middle name."""
    parts = person_parts(entity)
    if not parts or len(parts[0]) < 2:
        return []
    given, family = parts
    dropped = rng.randrange(1, len(given))
    kept = given[:dropped] + given[dropped + 1 :]
    return [(render_person(entity, kept, family), f"dropped {given[dropped]}")]


def add_middle(entity, ctx, rng):
    """Insert a middle name or initial after the first given name."""
    parts = person_parts(entity)
    if not parts:
        return []
    given, family = parts
    middle = match_case(given[0], rng.choice(tables.MIDDLE_NAMES))
    return [(render_person(entity, given[:1] + [middle] + given[1:], family), f"added {middle}")]


def diacritics(entity, ctx, rng):
    """Add accents: a known accented spelling (Muller -> Müller), else one accented letter."""
    name = entity["name"]
    if detect_script(name) != "latin" or not name.isascii():
        return []
    tokens = name.split()
    candidates = latin_tokens(name)
    known = [i for i in candidates if core_of(tokens[i]).upper() in tables.DIACRITIC_WORDS]
    if known:
        i = rng.choice(known)
        word = core_of(tokens[i])
        tokens[i] = recore(tokens[i], match_case(word, tables.DIACRITIC_WORDS[word.upper()]))
        return [(" ".join(tokens), f"known accent on {core_of(tokens[i])}")]
    long_tokens = [i for i in candidates if len(core_of(tokens[i])) >= 4]
    if not long_tokens:
        return []
    i = rng.choice(long_tokens)
    word = core_of(tokens[i])
    positions = [p for p, ch in enumerate(word) if ch.upper() in tables.GENERIC_ACCENTS]
    if not positions:
        return []
    p = rng.choice(positions)
    accented = match_case(word[p], tables.GENERIC_ACCENTS[word[p].upper()])
    tokens[i] = recore(tokens[i], word[:p] + accented + word[p + 1 :])
    return [(" ".join(tokens), f"accent in {core_of(tokens[i])}")]


def typo(entity, ctx, rng):
    """One insert, delete, substitute or transpose inside a token of at least 5 letters."""
    name = entity["name"]
    tokens = name.split()
    candidates = [i for i in latin_tokens(name) if len(core_of(tokens[i])) >= 5]
    if not candidates:
        return []
    i = rng.choice(candidates)
    token = core_of(tokens[i])
    op = rng.choice(("insert", "delete", "substitute", "transpose"))
    p = rng.randrange(1, len(token) - 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    neighbour = token[p] if token[p].isalpha() else token[p - 1]
    letter = letter.upper() if neighbour.isupper() else letter
    if op == "insert":
        new = token[:p] + letter + token[p:]
    elif op == "delete":
        new = token[:p] + token[p + 1 :]
    elif op == "substitute":
        new = token[:p] + letter + token[p + 1 :]
    else:
        new = token[:p] + token[p + 1] + token[p] + token[p + 2 :]
    if new.casefold() == token.casefold():
        return []
    tokens[i] = recore(tokens[i], new)
    return [(" ".join(tokens), f"{op}: {token} -> {new}")]


def translit_variant(entity, ctx, rng):
    """Another romanisation: Mohammed/Muhammad, Yevgeny/Evgeniy, -ov/-off, -iy/-y, Abdul/Abd al."""
    name = entity["name"]
    options = []
    for group in tables.TRANSLIT_GROUPS:
        for member in group:
            for m in word_regex(member).finditer(name):
                others = [g for g in group if g != member]
                options.append((m.start(), m.end(), rng.choice(others)))
    for m in re.finditer(r"[A-Za-z]{5,}", name):
        for pattern, replacement in tables.TRANSLIT_SUFFIXES:
            new = re.sub(pattern, replacement, m.group().upper())
            if new != m.group().upper():
                options.append((m.start(), m.end(), new))
    if not options:
        return []
    start, end, new = rng.choice(options)
    return [(replace_span(name, start, end, new), f"{name[start:end]} -> {new}")]


def _legal_form_matches(name: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Non-overlapping legal-form spellings in `name`: (start, end, group), longest first."""
    found, taken = [], []
    spellings = [(s, g) for g in tables.LEGAL_FORM_GROUPS for s in g]
    for spelling, group in sorted(spellings, key=lambda sg: -len(sg[0])):
        for m in word_regex(spelling).finditer(name):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), group))
    return sorted(found)


def legal_form(entity, ctx, rng):
    """Replace a legal form by an equivalent spelling (LLC/OOO/Limited Liability Company), remove
    it, or add one to a company name that has none."""
    if entity["type"] == "person":
        return []
    name = entity["name"]
    matches = _legal_form_matches(name)
    if not matches:
        if entity["type"] != "organization" or detect_script(name) != "latin":
            return []
        form = match_case(name, rng.choice(tables.LEGAL_FORMS_TO_ADD))
        return [(f"{name} {form}", f"added {form}")]
    start, end, group = rng.choice(matches)
    old = name[start:end]
    alternatives = [s for s in group if s.upper() != old.upper()]
    remaining = normalize(name[:start] + " " + name[end:]).split()
    can_remove = len(remaining) >= 1 and any(
        t.upper() not in tables.GENERIC_ORG_WORDS for t in remaining
    )
    if alternatives and (not can_remove or rng.random() < 0.6):
        new = rng.choice(alternatives)
        return [(replace_span(name, start, end, new), f"replaced {old} -> {new}")]
    if can_remove:
        return [(tidy(name[:start] + " " + name[end:]), f"removed {old}")]
    return []


def abbreviation(entity, ctx, rng):
    """Abbreviate a word (International -> Intl, Corporation -> Corp.) or expand an abbreviation."""
    if entity["type"] == "person":
        return []
    name = entity["name"]
    options = []
    for long, short in tables.ABBREVIATIONS:
        for m in word_regex(long).finditer(name):
            options.append((m.start(), m.end(), short))
        bare = short.rstrip(".")
        if bare.isalpha():
            for m in re.finditer(r"(?<![\w])" + re.escape(bare) + r"\.?(?![\w])", name, re.I):
                options.append((m.start(), m.end(), long))
    if not options:
        return []
    start, end, new = rng.choice(options)
    return [(replace_span(name, start, end, new), f"{name[start:end]} -> {new}")]


def alias(entity, ctx, rng):
    """One of the entity's strong Latin-script aliases, when it differs from the primary name."""
    primary = name_key(entity["name"])
    usable = [
        a for a in entity.get("aliases", [])
        if a.get("strength") == "strong" and a.get("kind") != "original-script"
        and detect_script(a["name"]) == "latin" and name_key(a["name"]) not in ("", primary)
    ]
    if not usable:
        return []
    chosen = rng.choice(usable)
    return [(chosen["name"], f"{chosen.get('kind', 'aka')} alias")]


def partial(entity, ctx, rng):
    """Drop the least informative token (the most frequent in the lists) of a >= 3-token name."""
    parts = person_parts(entity)
    if parts:
        given, family = parts
        tokens = [("g", i, t) for i, t in enumerate(given)] + [("f", i, t) for i, t in enumerate(family)]
        droppable = [x for x in tokens if len(given if x[0] == "g" else family) > 1]
        if len(tokens) < 3 or not droppable:
            return []
        role, idx, token = max(droppable, key=lambda x: (ctx.token_df[normalize(x[2])], rng.random()))
        kept_given = [t for i, t in enumerate(given) if not (role == "g" and i == idx)]
        kept_family = [t for i, t in enumerate(family) if not (role == "f" and i == idx)]
        return [(render_person(entity, kept_given, kept_family), f"dropped {token}")]
    tokens = entity["name"].split()
    words = [i for i, t in enumerate(tokens) if normalize(t)]
    if len(words) < 3:
        return []
    drop = max(words, key=lambda i: (ctx.token_df[normalize(tokens[i])], rng.random()))
    return [(tidy(" ".join(tokens[:drop] + tokens[drop + 1 :])), f"dropped {tokens[drop]}")]


def spacing(entity, ctx, rng):
    """Join two adjacent tokens (Gazprom Bank -> GazpromBank) or split a compound (GAZPROMBANK ->
    GAZPROM BANK)."""
    name = entity["name"]
    tokens = name.split()
    latin = latin_tokens(name)
    options = []
    for i in latin:
        token = core_of(tokens[i])
        if not token.isalpha():
            continue
        for part in tables.COMPOUND_PARTS:
            at = token.upper().find(part, 3)
            if 3 <= at <= len(token) - 3:
                options.append(("split", i, at))
    for i in latin:
        if i + 1 in latin and tokens[i] == core_of(tokens[i]):
            options.append(("join", i, 0))
    if not options:
        return []
    op, i, at = rng.choice(options)
    if op == "split":
        new = tokens[:i] + [tokens[i][:at], tokens[i][at:]] + tokens[i + 1 :]
        detail = f"split {tokens[i]}"
    else:
        new = tokens[:i] + [tokens[i] + tokens[i + 1]] + tokens[i + 2 :]
        detail = f"joined {tokens[i]} {tokens[i + 1]}"
    return [(" ".join(new), detail)]


def case(entity, ctx, rng):
    """All lower case, Title Case or UPPER CASE (whichever differs from the list's spelling)."""
    name = entity["name"]
    styles = [(name.lower(), "lower"), (name.title(), "title"), (name.upper(), "upper")]
    styles = [s for s in styles if s[0] != name]
    return [rng.choice(styles)] if styles else []


_Y_BEFORE_VOWEL = {"A": "Я", "E": "Е", "U": "Ю", "O": "Ё"}


def to_cyrillic(word: str) -> str:
    """Romanised Russian word -> Cyrillic: longest match over tables.LATIN_TO_CYRILLIC, with Y
    read from its neighbours (Ya/Ye/Yu/Yo, vowel + y = й, consonant + y = ы)."""
    upper, out, i = word.upper(), [], 0
    if re.search(r"[^AEIOUY]Y$", upper):  # Dmitry, Yury: a final -y after a consonant is -ий
        upper = upper[:-1] + "IY"
    if re.search(r"[AEOU]I$", upper):  # Sergei, Nikolai: a final -i after a vowel is -й
        upper = upper[:-1] + "Y"
    while i < len(upper):
        if upper[i] == "Y":
            following = upper[i + 1 : i + 2]
            if following in _Y_BEFORE_VOWEL:
                out.append(_Y_BEFORE_VOWEL[following])
                i += 2
                continue
            out.append("Й" if i and upper[i - 1] in "AEIOU" else "Ы")
            i += 1
            continue
        for latin, cyrillic in tables.LATIN_TO_CYRILLIC:
            if upper.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(upper[i] if not upper[i].isalpha() else "")
            i += 1
    return "".join(out).capitalize()


def looks_russian(tokens: list[str]) -> bool:
    """A token with a Russian surname or patronymic ending."""
    return any(
        len(t) >= 5 and t.upper().endswith(tables.RUSSIAN_ENDINGS) and t.isalpha() for t in tokens
    )


def cross_script(entity, ctx, rng):
    """A non-Latin alias (UN original script), or a Russian-looking name written in Cyrillic."""
    variants = [
        (a["name"], f"{a.get('kind', 'aka')} alias in {detect_script(a['name'])}")
        for a in entity.get("aliases", [])
        if a.get("strength") == "strong" and detect_script(a["name"]) != "latin"
    ]
    if variants:
        variants = [rng.choice(variants)]
    parts = person_parts(entity)
    if parts and detect_script(entity["name"]) == "latin" and looks_russian(parts[0] + parts[1]):
        given, family = parts
        cyrillic = " ".join(to_cyrillic(t) for t in given + family)
        variants.append((cyrillic, "Latin -> Cyrillic transliteration, given family order"))
    return variants


PERTURBATIONS = {
    "exact": exact,
    "reorder": reorder,
    "drop_middle": drop_middle,
    "add_middle": add_middle,
    "diacritics": diacritics,
    "typo": typo,
    "translit_variant": translit_variant,
    "legal_form": legal_form,
    "abbreviation": abbreviation,
    "alias": alias,
    "partial": partial,
    "spacing": spacing,
    "case": case,
    "cross_script": cross_script,
}


def apply(name: str, entity: dict, ctx: Context, rng: random.Random) -> list[Variant]:
    """Run the perturbation `name`, dropping results that are empty or identical to the input
    (apart from `exact` and `case`, whose point is an identical or case-only change)."""
    variants = PERTURBATIONS[name](entity, ctx, rng)
    if name in ("exact", "case", "cross_script", "alias"):
        return [v for v in variants if v[0].strip()]
    return [v for v in variants if v[0].strip() and v[0] != entity["name"]]
