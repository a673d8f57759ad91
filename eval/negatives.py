"""Queries that must NOT find any entity: random Faker parties and near misses of listed names.

Each generator returns `(query_name, detail)` or None; the caller drops any query whose
order-insensitive normalised name equals a listed name or alias (then it would be a positive).
"""

import random
import re

import tables
from faker import Faker
from perturbations import match_case, person_parts, render_person, tidy
from textnorm import detect_script, normalize

# Faker locale -> ISO country used for the optional country column.
LOCALES = {
    "en_US": "US", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES", "it_IT": "IT", "ru_RU": "RU",
    "ar_AA": "AE", "zh_CN": "CN", "ja_JP": "JP", "tr_TR": "TR", "pt_BR": "BR", "pl_PL": "PL",
}
# Locales whose names are written family-name first without a space.
_EAST_ASIAN = ("zh_CN", "ja_JP")


def latinise_russian(text: str) -> str:
    """Cyrillic -> Latin with a simple table (Сорокин -> Sorokin), keeping the case of each word."""
    out = []
    for ch in text:
        latin = tables.CYRILLIC_TO_LATIN.get(ch.upper())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch.isupper() else latin.lower())
    return "".join(out)


_CANONICAL_SPELLING = {
    member: group[0] for group in tables.TRANSLIT_GROUPS for member in group if member.isalpha()
}


def loose_key(name: str) -> str:
    """Sorted normalised tokens with romanisation variants unified (Mohammed = Muhammad) and name
    particles (al, bin, ...) dropped: "HASHEMI, Mohammed" and "Muhammad AL HASHEMI" share it."""
    tokens = [t.upper() for t in normalize(name).split()]
    tokens = [_CANONICAL_SPELLING.get(t, t) for t in tokens if t not in tables.NAME_PARTICLES]
    return " ".join(sorted(tokens))


def identity_keys(name: str) -> set[str]:
    """Keys under which two names count as the same name; Cyrillic is also compared latinised."""
    keys = {loose_key(name)}
    if detect_script(name) == "cyrillic":
        keys.add(loose_key(latinise_russian(name)))
    keys.discard("")
    return keys


class FakerNames:
    """Seeded Faker instances, one per locale."""

    def __init__(self, seed: int):
        self.fakers = {}
        for i, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers[locale] = fake

    def person(self, locale: str) -> str:
        """Given and family name (family first for Chinese and Japanese)."""
        fake = self.fakers[locale]
        if fake.random.random() < 0.5:  # gendered pairs, so Russian surnames agree
            first, last = fake.first_name_male(), fake.last_name_male()
        else:
            first, last = fake.first_name_female(), fake.last_name_female()
        if locale in _EAST_ASIAN:
            return last + first
        return f"{first} {last}"

    def company(self, locale: str) -> str:
        """A made-up company name. Some locales (ru_RU, tr_TR) also return real large companies
        (Ростех, Банк Ак Барс), which can be listed parties: those are drawn again."""
        fake = self.fakers[locale]
        real = {name for p in fake.get_providers() for name in getattr(p, "large_companies", ())}
        name = fake.company()
        while name in real:
            name = fake.company()
        return name

    def latin_surname(self, rng: random.Random) -> str:
        """A family name from a Latin-script locale."""
        locale = rng.choice(("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "tr_TR", "pt_BR", "pl_PL"))
        return self.fakers[locale].last_name()


def random_negative(names: FakerNames, locale: str, kind: str, latinise: bool) -> tuple[str, str]:
    """A Faker person or company of `locale`; Russian ones optionally latinised."""
    name = names.person(locale) if kind == "person" else names.company(locale)
    if latinise:
        name = latinise_russian(name)
    detail = f"faker {locale} {kind}" + (" latinised" if latinise else "")
    return name, detail


# ---------------------------------------------------------------------------------------------
# Near misses: derived from a listed name, but a different party.


def _different_surname(old: list[str], pool: list[str], rng: random.Random) -> str | None:
    """A surname that shares nothing with the old family name tokens."""
    old_norm = {normalize(t) for t in old}
    for _ in range(10):
        new = rng.choice(pool)
        if normalize(new) not in old_norm and not any(
            normalize(new)[:4] == o[:4] for o in old_norm
        ):
            return new
    return None


def family_changed(entity, names: FakerNames, rng):
    """Same given names, an unrelated family name (of the same culture where we can tell)."""
    parts = person_parts(entity)
    if not parts:
        return None
    given, family = parts
    upper = " ".join(family).upper()
    if upper.endswith(tables.RUSSIAN_ENDINGS):
        pool = list(tables.SURNAMES_RUSSIAN_LATIN)
    elif upper.startswith(("AL-", "AL ", "EL-", "ABU", "BIN", "IBN")) or "AL" in upper.split():
        pool = list(tables.SURNAMES_ARABIC_LATIN)
    else:
        pool = [names.latin_surname(rng) for _ in range(10)]
    new = _different_surname(family, pool, rng)
    if not new:
        return None
    new = match_case(family[0], new)
    return render_person(entity, given, [new]), f"family {' '.join(family)} -> {new}"


def common_first_token(entity, names: FakerNames, rng, common: list[str]):
    """Only a very common given name kept ("Muhammad"), with an unrelated surname."""
    parts = person_parts(entity)
    if not parts or normalize(parts[0][0]) not in common:
        return None
    given, family = parts
    surname = _different_surname(given + family, [names.latin_surname(rng)
                                                  for _ in range(5)], rng)
    if not surname:
        return None
    return f"{given[0]} {match_case(given[0], surname)}", f"kept {given[0]}, new surname"


def _is_generic(token: str) -> bool:
    return normalize(token).upper() in tables.GENERIC_ORG_WORDS or not normalize(token)


def generic_company(entity, names: FakerNames, rng):
    """Another company sharing only the generic words at the ends of the name ("X Trading
    Company" -> "Robinson Trading Company", "OOO X Service" -> "OOO Berg Service")."""
    if entity["type"] not in ("organization", "unknown"):
        return None
    tokens = entity["name"].split()
    head = 0
    while head < len(tokens) and _is_generic(tokens[head]):
        head += 1
    tail = len(tokens)
    while tail > head and _is_generic(tokens[tail - 1]):
        tail -= 1
    kept = tokens[:head] + tokens[tail:]
    substantive = [t for t in kept if normalize(t).upper() not in tables.STOPWORDS and normalize(t)]
    if head == tail or len(substantive) < 2:
        return None
    distinctive = match_case(tokens[head], names.latin_surname(rng))
    name = " ".join(tokens[:head] + [distinctive] + tokens[tail:])
    return tidy(name), f"{' '.join(tokens[head:tail])} -> {distinctive}"


def number_changed(entity, names: FakerNames, rng):
    """Same name with a different number ("ALBORZ 2" -> "ALBORZ 5"): usually another vessel."""
    name = entity["name"]
    numbers = list(re.finditer(r"(?<!\w)\d{1,4}(?!\w)", name))
    if not numbers or entity["type"] == "person":
        return None
    m = rng.choice(numbers)
    new = str(int(m.group()) + rng.randint(1, 9))
    return name[: m.start()] + new + name[m.end():], f"number {m.group()} -> {new}"


NEAR_MISSES = ("family_changed", "common_first_token", "generic_company", "number_changed")
