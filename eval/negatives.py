"""Queries that must NOT find any entity: random Faker parties and near misses of listed names.

Each near-miss maker returns `(query_name, detail)` or None; the caller drops any query whose
name equals a listed name or alias (then it would be a positive).
"""

import random
import re

import romanisation
import tables
from faker import Faker
from pypinyin import lazy_pinyin
from names import core_of, match_case, person_parts, render_person, tidy
from textnorm import detect_script, normalize

# Faker locale -> ISO country used for the optional country column.
LOCALES = {
    "en_US": "US", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES", "it_IT": "IT", "ru_RU": "RU",
    "ar_AA": "AE", "zh_CN": "CN", "ja_JP": "JP", "tr_TR": "TR", "pt_BR": "BR", "pl_PL": "PL",
}
# Locales whose names are written family-name first without a space.
_EAST_ASIAN = ("zh_CN", "ja_JP")
_LATIN_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "tr_TR", "pt_BR", "pl_PL")


def latinise_russian(text: str, system: str = "icao_9303") -> str:
    """Cyrillic words in Latin letters with one of `romanisation.RUSSIAN_SYSTEMS` (Сорокин ->
    Sorokin), keeping the case of each word."""
    return re.sub(r"[А-Яа-яЁё]+", lambda m: match_case(m.group(), romanisation.from_cyrillic(m.group(), system)),
                  text)


def loose_key(name: str) -> str:
    """Sorted normalised tokens without name particles (al, bin, ...): "HASHEMI, Mohammed" and
    "Mohammed AL HASHEMI" share it."""
    tokens = [t.upper() for t in normalize(name).split()]
    return " ".join(sorted(t for t in tokens if t not in tables.NAME_PARTICLES))


def identity_keys(name: str) -> set[str]:
    """Keys under which two names count as the same name; Cyrillic is also compared latinised."""
    keys = {loose_key(name)}
    script = detect_script(name)
    if script == "cyrillic":
        keys |= {loose_key(latinise_russian(name, system)) for system in romanisation.RUSSIAN_SYSTEMS}
    elif script == "chinese":  # 苏彬 is the listed Su Bin: surname + given name in pinyin
        syllables = lazy_pinyin(name)
        keys.add(loose_key(" ".join(syllables)))
        keys.add(loose_key(syllables[0] + " " + "".join(syllables[1:])))
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

    def latin_given_name(self, rng: random.Random) -> str:
        return self.fakers[rng.choice(_LATIN_LOCALES)].first_name()

    def latin_surname(self, rng: random.Random) -> str:
        return self.fakers[rng.choice(_LATIN_LOCALES)].last_name()


def random_negative(names: FakerNames, locale: str, kind: str, latinise: bool) -> tuple[str, str]:
    """A Faker person or company of `locale`; Russian ones optionally latinised."""
    name = names.person(locale) if kind == "person" else names.company(locale)
    if latinise:
        name = latinise_russian(name)
    detail = f"faker {locale} {kind}" + (" latinised" if latinise else "")
    return name, detail


# ---------------------------------------------------------------------------------------------
# Near misses: a listed name with one given name or one company word replaced (another party).


def _unrelated(old: str, draw, rng: random.Random) -> str | None:
    """A word from `draw(rng)` that shares neither its first three letters nor its spelling with `old`."""
    old = normalize(old)
    for _ in range(10):
        new = draw(rng)
        if new.isalpha() and normalize(new)[:3] != old[:3] and normalize(new) != old:
            return new
    return None


def given_replaced(entity, names: FakerNames, rng):
    """One given name of a listed person replaced by an unrelated one (Ayman Muhammad ZAWAHIRI ->
    Ayman Robert ZAWAHIRI; with a single given name, another person of the same family name)."""
    parts = person_parts(entity)
    if not parts:
        return None
    given, family = parts
    index = rng.randrange(len(given))
    new = _unrelated(core_of(given[index]), names.latin_given_name, rng)
    if not new:
        return None
    replaced = given[:index] + [match_case(given[index], new)] + given[index + 1 :]
    return render_person(entity, replaced, family), f"given {given[index]} -> {new}"


def _informative(token: str) -> bool:
    word = normalize(token).upper()
    return bool(word) and word.isalpha() and word not in tables.GENERIC_ORG_WORDS and len(word) >= 3


def company_word_replaced(entity, names: FakerNames, rng):
    """One distinctive word of a listed organisation replaced by an unrelated word (BANCO NACIONAL
    DE CUBA -> BANCO NACIONAL DE ROBINSON)."""
    if entity["type"] not in ("organization", "unknown"):
        return None
    tokens = entity["name"].split()
    informative = [i for i, t in enumerate(tokens) if _informative(t)]
    if not informative or len(tokens) < 2:
        return None
    index = rng.choice(informative)
    new = _unrelated(core_of(tokens[index]), names.latin_surname, rng)
    if not new:
        return None
    tokens[index] = match_case(core_of(tokens[index]), new) + tokens[index][len(core_of(tokens[index])):]
    return tidy(" ".join(tokens)), f"word {entity['name'].split()[index]} -> {new}"


def number_changed(entity, names: FakerNames, rng):
    """Same name with a different number ("ALBORZ 2" -> "ALBORZ 5"): usually another vessel."""
    name = entity["name"]
    numbers = list(re.finditer(r"(?<!\w)\d{1,4}(?!\w)", name))
    if not numbers or entity["type"] == "person":
        return None
    m = rng.choice(numbers)
    new = str(int(m.group()) + rng.randint(1, 9))
    return name[: m.start()] + new + name[m.end():], f"number {m.group()} -> {new}"


NEAR_MISSES = {"given_replaced": given_replaced, "company_word_replaced": company_word_replaced,
               "number_changed": number_changed}
