"""Realistic values for schemathesis (scripts/test's fuzz_api loads this file through SCHEMATHESIS_HOOKS).

A few request fields are lookups the document cannot enumerate, because they come from the data tables: an HTS
number must be one of the tariff schedule's, an ECCN one of the Commerce Control List's, end uses and facts those of
the EAR rule tables; and a release without a destination needs the person's citizenship. Random schema-valid values
almost never hit a real entry, so the requests that create exclusion requests, duty answers, determinations and
authorisations were mostly refused, and the stateful phase rarely reached the operations linked from them. For
three of every four POSITIVE cases of the examples, coverage and stateful phases this hook swaps such well-formed
values for real ones (picked by a hash of the case, so a run stays reproducible under its seed); the fourth keeps
the random values, so the refusals stay exercised. Negative cases are never touched: their violation stays theirs.
"""

import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import schemathesis
from schemathesis.generation.meta import TestPhase
from schemathesis.generation.modes import GenerationMode

ROOT = Path(__file__).resolve().parent.parent
STATISTICAL_NUMBER = re.compile(r"^[0-9]{4}\.?[0-9]{2}\.?[0-9]{2}\.?[0-9]{2}$")
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _schedule_numbers(limit=400):
    """Every `limit`-th statistical reporting number of the bundled 2025 schedule (10 digits)."""
    with zipfile.ZipFile(ROOT / "Data/trade/tariffs/schedule.zip") as archive:
        text = archive.read("hts2025_basic_edition_hts10.csv").decode("utf-8")
    numbers = [row["HTS Number"] for row in csv.DictReader(io.StringIO(text))
               if len(row["HTS Number"].replace(".", "")) == 10]
    step = max(1, len(numbers) // limit)
    return numbers[::step]


def _eccns(limit=200):
    """ECCNs of the bundled Commerce Control List controls table, plus EAR99."""
    with open(ROOT / "Data/ear/eccn_controls.csv", newline="", encoding="utf-8") as handle:
        eccns = sorted({row["eccn"] for row in csv.DictReader(handle)})
    step = max(1, len(eccns) // limit)
    return eccns[::step] + ["EAR99"]


def _end_uses_and_facts():
    """The end-use tags and fact keys of the bundled EAR rule tables (rules/end_use_rules.csv, rules/facts.csv)."""
    rules = ROOT / "Data/ear/rules"
    with open(rules / "end_use_rules.csv", newline="", encoding="utf-8") as handle:
        tags = [row["tag"] for row in csv.DictReader(handle)]
    with open(rules / "facts.csv", newline="", encoding="utf-8") as handle:
        facts = list(csv.DictReader(handle))
    tags += [fact["key"] for fact in facts if fact["end_use_tag"] == "yes"]
    return sorted(set(tags)), sorted({fact["key"] for fact in facts})


HTS10 = _schedule_numbers()
END_USES, FACTS = _end_uses_and_facts()
ECCNS = _eccns()
DESTINATIONS = ["CN", "RU", "DE", "IN", "BR", "AE", "JP", "MX", "IR", "GB"]
DAYS = ["2025-03-01", "2025-06-15", "2025-10-01", "2026-01-15"]


def _pick(values, case_key, salt):
    digest = hashlib.sha256(f"{salt}:{case_key}".encode()).digest()
    return values[int.from_bytes(digest[:4], "big") % len(values)]


def _keeps_random(case_key):
    return hashlib.sha256(case_key.encode()).digest()[0] % 4 == 0


def _exclusion(body, key):
    if isinstance(body.get("hts10"), str) and STATISTICAL_NUMBER.match(body["hts10"]):
        body["hts10"] = _pick(HTS10, key, "hts10")


def _duty(body, key):
    if isinstance(body.get("hts"), str) and STATISTICAL_NUMBER.match(body["hts"]):
        body["hts"] = _pick(HTS10, key, "hts")
    if isinstance(body.get("date"), str) and DAY.match(body["date"]):
        body["date"] = _pick(DAYS, key, "date")


def _known_lines(body, field, values, key):
    if isinstance(body.get(field), list):
        body[field] = [_pick(values, key, f"{field}{index}") for index in range(min(len(body[field]), 3))]


def _determine(body, key):
    if isinstance(body.get("eccn"), str):
        body["eccn"] = _pick(ECCNS, key, "eccn")
    _known_lines(body, "end_use", END_USES, key)
    _known_lines(body, "fact", FACTS, key)


def _authorize(body, key):
    # Exactly one of party (a stored party id) or person, and one of eccn or artifact: a person and an ECCN.
    body.pop("party", None)
    body.pop("artifact", None)
    if not isinstance(body.get("person"), dict):
        body["person"] = {"name": _pick(["Ada Lovelace", "Grace Hopper", "Alan Turing"], key, "person")}
    body["eccn"] = _pick(ECCNS, key, "eccn")
    # A release without a destination is a deemed export, which needs the person's citizenship.
    body["destination"] = _pick(DESTINATIONS, key, "destination")
    _known_lines(body, "end_use", END_USES, key)
    _known_lines(body, "fact", FACTS, key)


REALISTIC = {
    ("POST", "/v1/exclusions"): _exclusion,
    ("POST", "/v1/duty"): _duty,
    ("POST", "/v1/determine"): _determine,
    ("POST", "/v1/authorize"): _authorize,
}


@schemathesis.hook
def map_case(context, case):
    operation = context.operation
    if operation is None or not isinstance(case.body, dict):
        return case
    rewrite = REALISTIC.get((operation.method.upper(), operation.path))
    if rewrite is None or case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if case.meta.phase.name == TestPhase.FUZZING:
        return case  # the fuzzing phase stays random (and its generation-speed health check unburdened)
    # The key: the short fields only (hashing whole bodies of long free text made generation slow).
    key = json.dumps({name: value for name, value in case.body.items() if isinstance(value, str) and len(value) <= 64},
                     sort_keys=True)
    if _keeps_random(key):
        return case
    rewrite(case.body, key)
    return case
