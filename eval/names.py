"""Helpers that read a listed name: its parts, its case, and which language it was romanised from."""

import re

import romanisation
import tables


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


def latin_words(name: str) -> list[tuple[int, int]]:
    """(start, end) of every run of ASCII letters in `name`."""
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", name)]


def countries(entity: dict) -> list[str]:
    """ISO alpha-2 codes of nationalities, then address countries."""
    codes = list(entity.get("nationalities", []))
    codes += [a.get("country") or "" for a in entity.get("addresses", [])]
    codes += [i.get("country") or "" for i in entity.get("identifiers", [])]
    return [c for c in codes if len(c) == 2 and c.isalpha() and c.isupper()]


def is_latin_ascii(name: str) -> bool:
    return name.isascii() and bool(re.search(r"[A-Za-z]", name))


_RUSSIAN_SPELLING = re.compile(r"ZH|KH|SHCH|TS|YA|YU|YE|(IY|OV|EV|SKIY|SKAYA|OVA|EVA)$")


def looks_russian(entity: dict) -> bool:
    """Romanised from Russian: a person tied to a Russian-speaking country (or to no country, with
    a Russian name ending), or an organisation tied to one with a word spelt the BGN/PCGN way."""
    if not is_latin_ascii(entity["name"]):
        return False
    tied = set(countries(entity))
    words = [w.upper() for w in re.findall(r"[A-Za-z]+", entity["name"])]
    if entity["type"] != "person":
        return bool(tied & tables.RUSSIAN_COUNTRIES) and any(
            len(w) >= 5 and _RUSSIAN_SPELLING.search(w) for w in words)
    if tied:
        return bool(tied & tables.RUSSIAN_COUNTRIES)
    return any(len(w) >= 5 and w.endswith(tables.RUSSIAN_ENDINGS) for w in words)


def looks_arabic(entity: dict) -> bool:
    """Romanised from Arabic or Persian: such a country, or an Arabic name particle."""
    if not is_latin_ascii(entity["name"]) or entity["type"] not in ("person", "organization", "unknown"):
        return False
    if set(countries(entity)) & tables.ARABIC_PERSIAN_COUNTRIES:
        return True
    words = {w.upper() for w in re.findall(r"[A-Za-z]+", entity["name"])}
    return entity["type"] == "person" and bool(words & tables.ARABIC_PARTICLES)


def chinese_syllables(entity: dict) -> list[list[str] | None] | None:
    """Pinyin syllables of every word of a name romanised from Chinese (None for a generic word
    such as CO or LTD), or None when the name does not look Chinese. A person needs a Chinese
    nationality and words of one or two syllables; an organisation a Chinese country; and every
    other word must be pinyin (ZARON BIO-TECH (ASIA) is not Chinese though "asia" splits)."""
    if not is_latin_ascii(entity["name"]):
        return None
    person = entity["type"] == "person"
    tied = set(entity.get("nationalities", [])) if person else set(countries(entity))
    if not tied & tables.CHINESE_COUNTRIES:
        return None
    split = []
    for word in re.findall(r"[A-Za-z]+", entity["name"]):
        if word.upper() in tables.GENERIC_ORG_WORDS:
            split.append(None)
            continue
        syllables = romanisation.split_pinyin(word, max_syllables=2 if person else 3)
        if syllables is None:
            return None
        split.append(syllables)
    return split if sum(s is not None for s in split) >= 2 else None
