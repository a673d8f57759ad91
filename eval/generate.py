"""Generate the labelled screening queries from the entities that `clearance lists --entities` dumps.

Writes OUT/queries.csv (id,name,type,country,dob), OUT/labels.jsonl (one label per query) and
OUT/generation.json (seed, input checksum, counts). Same input + same seed -> byte-identical output.
With --slice DIR it also writes the small fixture the Swift test screens (see write_slice).

    python eval/generate.py --entities eval/out/entities.jsonl --out eval/out --seed 20250811
"""

import argparse
import csv
import hashlib
import json
import random
from collections import Counter
from pathlib import Path

import negatives
import perturbations
import split
from names import countries as entity_countries
from textnorm import detect_script, name_key

QUERY_TYPES = ("person", "organization", "vessel", "aircraft")
COUNTRY_RATE = 0.5  # share of queries that give a country
DOB_RATE = 0.3  # share of person queries that give a date of birth


def load_entities(path: Path) -> list[dict]:
    """Entities with a non-empty primary name, in file order."""
    with path.open(encoding="utf-8") as f:
        entities = [json.loads(line) for line in f if line.strip()]
    return [e for e in entities if e.get("name", "").strip()]


def listed_keys(entities: list[dict]) -> set[str]:
    """`negatives.identity_keys` of every name and alias (weak ones too)."""
    keys = set()
    for entity in entities:
        for name in [entity["name"]] + [a["name"] for a in entity.get("aliases", [])]:
            keys |= negatives.identity_keys(name)
    return keys


def stratified(entities: list[dict], make, rng: random.Random):
    """Yield (entity, result) for entities where `make(entity)` is truthy, taking the sources in
    turn and, within a source, its entity types in turn, so every source and type is drawn."""
    strata: dict[str, dict[str, list]] = {}
    for entity in entities:
        strata.setdefault(entity["source"], {}).setdefault(entity["type"], []).append(entity)
    queues = {}
    for source in sorted(strata):
        queues[source] = []
        for etype in sorted(strata[source]):
            pool = list(strata[source][etype])
            rng.shuffle(pool)
            queues[source].append(pool)
    active = sorted(queues)
    while active:
        for source in list(active):
            found = None
            types = queues[source]
            while types and found is None:
                pool = types.pop(0)
                while pool and found is None:
                    entity = pool.pop()
                    result = make(entity)
                    if result:
                        found = (entity, result)
                if pool:
                    types.append(pool)
            if found:
                yield found
            if not types:
                active.remove(source)


def random_dob(rng: random.Random) -> str:
    return f"{rng.randint(1940, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def listed_dob(entity: dict) -> str:
    """The first full date of birth on the list, or ''."""
    for dob in entity.get("dates_of_birth", []):
        if dob.get("year") and dob.get("month") and dob.get("day") and not dob.get("to_year"):
            return f"{dob['year']}-{dob['month']:02d}-{dob['day']:02d}"
    return ""


def query_row(name: str, etype: str, countries: list[str], dob: str, rng: random.Random) -> dict:
    """A CSV row; country and date of birth are given only for a share of queries, as in real
    screening files."""
    name = " ".join(name.split())  # list text can hold line breaks; a query is one line
    etype = etype if etype in QUERY_TYPES else ""
    country = countries[0] if countries and rng.random() < COUNTRY_RATE else ""
    dob = dob if etype == "person" and dob and rng.random() < DOB_RATE else ""
    return {"name": name, "type": etype, "country": country, "dob": dob}


def label(kind: str, perturbation: str, detail: str, name: str, entity: dict | None = None,
          locale: str | None = None) -> dict:
    """One labels.jsonl record (without the query id, assigned after shuffling)."""
    script = detect_script(name)
    if locale == "ja_JP" and script == "chinese":
        script = "japanese"  # kanji-only Japanese names
    category = perturbations.CATEGORIES.get(perturbation, perturbation) if kind == "positive" else kind
    return {
        "kind": kind,
        "perturbation": perturbation,
        "category": category,
        "half": split.half_of(entity["id"] if entity else name_key(name)),
        "detail": detail,
        "script": script,
        "target_entity_id": entity["id"] if entity and kind == "positive" else None,
        "target_name": entity["name"] if entity else None,
        "target_source": entity["source"] if entity else None,
        "target_type": entity["type"] if entity else None,
        "locale": locale,
    }


def generate_positives(entities, rng, count: int) -> list[tuple[dict, dict]]:
    """Round-robin over perturbations, each drawing entities stratified by source and type."""
    ctx = perturbations.Context.from_entities(entities)
    streams = {
        p: stratified(entities, lambda e, p=p: perturbations.apply(p, e, ctx, rng), rng)
        for p in perturbations.PERTURBATIONS
    }
    out, seen = [], set()
    while len(out) < count and streams:
        for pname in list(streams):
            try:
                entity, variants = next(streams[pname])
            except StopIteration:
                del streams[pname]
                continue
            for query, detail in variants:
                if (entity["id"], query) in seen or len(out) >= count:
                    continue
                seen.add((entity["id"], query))
                row = query_row(query, entity["type"], entity_countries(entity), listed_dob(entity), rng)
                out.append((row, label("positive", pname, detail, query, entity)))
    return out


def generate_random_negatives(rng, count: int, seed: int, listed: set[str]):
    """Faker persons and companies in every locale (Russian also latinised), never a listed name."""
    names = negatives.FakerNames(seed)
    cells = [(loc, kind, False) for loc in negatives.LOCALES for kind in ("person", "company")]
    cells += [("ru_RU", "person", True), ("ru_RU", "company", True)]
    out, seen, dropped = [], set(), 0
    for _ in range(count * 20 // len(cells) + 1):
        if len(out) >= count:
            break
        for locale, kind, latinise in cells:
            if len(out) >= count:
                break
            name, detail = negatives.random_negative(names, locale, kind, latinise)
            key = name_key(name)
            if negatives.identity_keys(name) & listed:
                dropped += 1
                continue
            if key in seen or not key:
                continue
            seen.add(key)
            etype = "person" if kind == "person" else "organization"
            dob = random_dob(rng)
            row = query_row(name, etype, [negatives.LOCALES[locale]], dob, rng)
            out.append((row, label("random_negative", f"faker_{kind}", detail, name, locale=locale)))
    return out, dropped


def generate_near_misses(entities, rng, count: int, seed: int, listed: set[str]):
    """Round-robin over the near-miss kinds, each drawing entities stratified by source and type."""
    names = negatives.FakerNames(seed + 1000)
    streams = {kind: stratified(entities, lambda e, make=make: make(e, names, rng), rng)
               for kind, make in negatives.NEAR_MISSES.items()}
    out, seen, dropped = [], set(), 0
    while len(out) < count and streams:
        for kind in list(streams):
            try:
                entity, (name, detail) = next(streams[kind])
            except StopIteration:
                del streams[kind]
                continue
            key = name_key(name)
            if negatives.identity_keys(name) & listed:
                dropped += 1
                continue
            if key in seen or len(out) >= count:
                continue
            seen.add(key)
            row = query_row(name, entity["type"], entity_countries(entity), random_dob(rng), rng)
            record = label("near_miss", kind, detail, name, entity)
            record["derived_from_entity_id"] = entity["id"]
            out.append((row, record))
    return out, dropped


def write_outputs(queries: list[tuple[dict, dict]], out_dir: Path) -> None:
    """queries.csv and labels.jsonl, in the same order, with ids q000001..."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "queries.csv").open("w", newline="", encoding="utf-8") as qf, \
            (out_dir / "labels.jsonl").open("w", encoding="utf-8") as lf:
        writer = csv.DictWriter(qf, fieldnames=["id", "name", "type", "country", "dob"],
                                lineterminator="\n")
        writer.writeheader()
        for i, (row, record) in enumerate(queries, 1):
            qid = f"q{i:06d}"
            writer.writerow({"id": qid, **row})
            lf.write(json.dumps({"query_id": qid, **record}, ensure_ascii=False) + "\n")


def canonical_sha256(path: Path) -> str:
    """SHA-256 of the entities with sorted keys, one per line: the dump's key order varies from run
    to run, its content does not."""
    with path.open(encoding="utf-8") as f:
        lines = [json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False) for line in f if line.strip()]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


SLICE_PER_CATEGORY = 30  # positives per category in the test slice
SLICE_NEGATIVES = 100  # random negatives, and again near misses, in the test slice


def write_slice(out_dir: Path, slice_dir: Path, generation: dict, command: str) -> int:
    """The fixture Tests/ScreeningTests screens: from the *tuning* half (the held-out half stays
    unseen), the first SLICE_PER_CATEGORY positives of every category and SLICE_NEGATIVES random
    negatives and near misses, in query-id order. Writes queries.csv (the batch format the CLI
    reads), labels.csv (id, kind, category, perturbation, target entity id) and generation.json."""
    with (out_dir / "queries.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    with (out_dir / "labels.jsonl").open(encoding="utf-8") as f:
        labels = [json.loads(line) for line in f if line.strip()]
    taken, chosen = Counter(), []
    for record in labels:
        if record["half"] != split.TUNING:
            continue
        limit = SLICE_PER_CATEGORY if record["kind"] == "positive" else SLICE_NEGATIVES
        if taken[record["category"]] < limit:
            taken[record["category"]] += 1
            chosen.append(record)
    slice_dir.mkdir(parents=True, exist_ok=True)
    with (slice_dir / "queries.csv").open("w", newline="", encoding="utf-8") as qf, \
            (slice_dir / "labels.csv").open("w", newline="", encoding="utf-8") as lf:
        queries = csv.DictWriter(qf, fieldnames=["id", "name", "type", "country", "dob"], lineterminator="\n")
        labels_out = csv.writer(lf, lineterminator="\n")
        queries.writeheader()
        labels_out.writerow(["id", "kind", "category", "perturbation", "target"])
        for record in chosen:
            queries.writerow(rows[record["query_id"]])
            labels_out.writerow([record["query_id"], record["kind"], record["category"], record["perturbation"],
                                 record["target_entity_id"] or ""])
    meta = {"command": command, "seed": generation["seed"], "entities_sha256": generation["entities_sha256"],
            "entities": generation["entities"], "queries": len(chosen), "by_category": dict(sorted(taken.items()))}
    (slice_dir / "generation.json").write_text(json.dumps(meta, indent=2) + "\n")
    return len(chosen)


def summarise(queries, entities_path: Path, n_entities: int, seed: int, dropped: dict) -> dict:
    """Counts for generation.json and the report."""
    labels = [record for _, record in queries]

    def by(*keys):
        return dict(sorted(Counter("/".join(str(r[k]) for k in keys) for r in labels).items()))

    return {
        "seed": seed,
        "entities_file": str(entities_path),
        "entities_sha256": canonical_sha256(entities_path),
        "entities": n_entities,
        "queries": len(labels),
        "by_kind": by("kind"),
        "by_kind_perturbation": by("kind", "perturbation"),
        "by_half_kind": by("half", "kind"),
        "split_rule": split.RULE,
        "by_kind_script": by("kind", "script"),
        "positives_by_source_type": dict(sorted(Counter(
            f"{r['target_source']}/{r['target_type']}" for r in labels if r["kind"] == "positive"
        ).items())),
        "dropped_as_listed": dropped,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=Path, required=True, help="JSONL from `clearance lists --entities`")
    parser.add_argument("--out", type=Path, default=Path("eval/out"))
    parser.add_argument("--seed", type=int, default=20250811)
    parser.add_argument("--positives", type=int, default=6000)
    parser.add_argument("--random-negatives", type=int, default=3000)
    parser.add_argument("--near-misses", type=int, default=1500)
    parser.add_argument("--slice", type=Path, help="also write the test-run slice fixture to this folder")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    entities = load_entities(args.entities)
    listed = listed_keys(entities)
    positives = generate_positives(entities, rng, args.positives)
    randoms, dropped_random = generate_random_negatives(rng, args.random_negatives, args.seed, listed)
    near, dropped_near = generate_near_misses(entities, rng, args.near_misses, args.seed, listed)
    queries = positives + randoms + near
    rng.shuffle(queries)
    write_outputs(queries, args.out)

    summary = summarise(queries, args.entities, len(entities), args.seed,
                        {"random_negative": dropped_random, "near_miss": dropped_near})
    summary["positives_by_source"] = dict(sorted(Counter(r["target_source"] for _, r in positives).items()))
    (args.out / "generation.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"generate: {len(entities)} entities -> {len(queries)} queries "
          f"({summary['by_kind']}); dropped as listed: {summary['dropped_as_listed']}")
    if args.slice:
        command = (f"python eval/generate.py --entities <clearance lists --entities> --out eval/out "
                   f"--seed {args.seed} --positives {args.positives} --random-negatives {args.random_negatives} "
                   f"--near-misses {args.near_misses} --slice {args.slice}")
        n = write_slice(args.out, args.slice, summary, command)
        print(f"generate: wrote the {n}-query test slice to {args.slice}")


if __name__ == "__main__":
    main()
