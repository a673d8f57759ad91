"""Markdown report and console summary from the evaluation summary (metrics.json)."""

import json

HEADLINE = (
    ("recall", "Recall (positives found)"),
    ("top1", "Top-1 accuracy"),
    ("fp_rate_random", "FP rate, random negatives"),
    ("fp_rate_near_miss", "FP rate, near misses"),
    ("precision", "Precision"),
    ("f1", "F1"),
    ("tp", "TP"),
    ("fn", "FN"),
    ("fp", "FP"),
)

DEFINITIONS = """\
- A match **alerts** when its score is at or above the operating point's threshold (for
  `engine @ default`, every match the engine returns without `--threshold`). Every system returns
  at most 10 matches per query (`--limit 10`).
- **Recall**: share of positives whose target entity is among the alerts (TP / positives).
  A positive that alerts only on other entities counts as not found (FN).
- **Top-1 accuracy**: share of positives whose first alert is the target entity, or has exactly
  the target's score (the same party on several lists ties, and no order between them is right).
- **FP rate, random / near misses**: share of those negatives with at least one alert.
- **Overall recall** weights every perturbation about equally (each draws the same number of
  entities, as far as it applies), so it depends on that mix: read the per-category tables.
- **Precision** = TP / (TP + FP) with FP = negatives (random and near-miss) with any alert;
  **F1** = 2PR / (P + R). Both depend on the mix of positives and negatives (below), so compare
  systems with each other, not with numbers from another data set.
"""


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def breakdown(points: list[dict], group: str, keys: list[str], cell, count: str | None = None,
              half: str = "test") -> str:
    """One row per key of a breakdown, one column per operating point; n counts the queries of
    kind `count` (all kinds when None)."""
    rows = []
    for key in keys:
        first = points[0][half][group][key]
        kinds = [count] if count else ["positives", "random_negatives", "near_misses"]
        rows.append([key, sum(first[k] for k in kinds)] + [cell(p[half][group].get(key, {})) for p in points])
    return table(["", "n"] + [p["name"] for p in points], rows)


def recall_only(stats: dict) -> str:
    return fmt(stats.get("recall")) if stats.get("positives") else "–"


def recall_top1(stats: dict) -> str:
    if not stats.get("positives"):
        return "–"
    return f"{stats['recall']:.3f} / {stats['top1']:.3f}"


def fp_rate(stats: dict) -> str:
    value = stats.get("fp_rate_random")
    value = stats.get("fp_rate_near_miss") if value is None else value
    return fmt(value)


def data_section(summary: dict) -> str:
    gen = summary["generation"]
    lines = [
        f"- Clearance binary: `{summary['clearance']}`",
        f"- Entities: {gen.get('entities', '?')} from `{gen['entities_file']}` "
        f"(sha256 `{gen['entities_sha256'][:16]}…`)",
        f"- Seed: {gen['seed']}; queries: {gen['queries']} ("
        + ", ".join(f"{k}: {v}" for k, v in gen["by_kind"].items()) + ")",
        "- Negatives dropped because they equal a listed name or alias: "
        + ", ".join(f"{k}: {v}" for k, v in gen["dropped_as_listed"].items()),
        f"- Split: {summary['split']['rule']} — tuning {summary['split']['tuning']}, held-out "
        f"{summary['split']['held_out']} queries. **Tables are on the held-out half unless they say otherwise.**",
        "- Positives by list source: " + ", ".join(f"{k}: {v}" for k, v in gen["positives_by_source"].items()),
        f"- Engine errors (rows the engine rejected): {summary['engine_errors']}",
    ]
    return "\n".join(lines) + "\n\n" + lists_section(summary.get("lists"))


def lists_section(lists) -> str:
    """The loaded lists as `clearance lists --format json` describes them (versions, checksums)."""
    if not lists:
        return "`clearance lists --format json` was not available."
    if isinstance(lists, list) and all(isinstance(row, dict) for row in lists):
        keys = list(dict.fromkeys(k for row in lists for k in row))
        keys.sort(key=lambda k: (k != "source", k != "name"))
        return "Loaded lists (`clearance lists --format json`):\n\n" + table(
            keys, [[row.get(k) for k in keys] for row in lists])
    return "Loaded lists (`clearance lists --format json`):\n\n```json\n" + json.dumps(
        lists, indent=1, ensure_ascii=False) + "\n```"


def throughput_section(summary: dict) -> str:
    rows = []
    engine_qps = summary["throughput"]["engine"]["qps_excluding_setup"]
    for name, t in summary["throughput"].items():
        rows.append([name, t["queries"], f"{t['wall_seconds']:.2f}", f"{t['setup_seconds']:.2f}",
                     f"{t['qps_end_to_end']:.0f}", f"{t['qps_excluding_setup']:.0f}",
                     f"{engine_qps / t['qps_excluding_setup']:.2f}"])
    header = ["run", "queries", "wall s", "setup s", "q/s end to end", "q/s excl. setup",
              "engine ÷ this (excl. setup)"]
    return table(header, rows)


def independence_section(info: dict) -> str:
    """What the evaluation shares with the engine's word tables (overlap.py)."""
    if "error" in info:
        return f"The check could not run: {info['error']}"
    abbreviations, surnames = info["legal_form_abbreviations"], info["cantonese_surnames"]
    lines = [
        "The evaluation's tables (eval/tables.py, eval/romanisation.py) were written for it; "
        "`eval/overlap.py` parses the engine's tables from Sources/Screening/Names "
        f"({', '.join(f'{k}: {v}' for k, v in info['engine_tables'].items())}) and applies them as the "
        "engine does.",
        f"- Legal-form abbreviations: {len(abbreviations['shared'])} of {abbreviations['pairs']} pairs are "
        "also equal under the engine's tables (standard abbreviations both lists contain): "
        + ", ".join(f"`{p}`" for p in abbreviations["shared"]) + ".",
        f"- Cantonese surnames: {len(surnames['shared'])} of {surnames['pairs']} pairs shared.",
        "- Russian and Chinese romanisation charts are letter and syllable charts; the engine has none "
        "(it folds Cyrillic with ICU's BGN transform, which the evaluation does not use).",
        "",
        "Held-out positives whose changed words the engine's tables alone make equal to the listed name "
        "(taught, not found):",
        "",
        table(["perturbation", "taught", "positives"],
              [[k, v[0], v[1]] for k, v in info["taught_held_out_positives"].items() if v[0]]),
    ]
    return "\n".join(lines)


def render(summary: dict) -> str:
    points = summary["operating_points"]
    test = [p["test"] for p in points]
    categories = sorted(k for k in test[0]["by_category"] if k.startswith("positive:"))
    positive_keys = sorted(k for k in test[0]["by_perturbation"] if k.startswith("positive:"))
    negative_keys = sorted(k for k in test[0]["by_perturbation"] if not k.startswith("positive:"))
    scripts = sorted(test[0]["by_script"])
    types = sorted(test[0]["by_type"])
    sources = sorted(test[0]["by_source"])
    parts = [
        "# Clearance name screening — evaluation",
        summary["note"] or "",
        "Generated by `scripts/eval` (eval/generate.py, eval/evaluate.py); do not edit by hand.",
        "## Data\n\n" + data_section(summary),
        "## Commands\n\n```sh\nscripts/eval                       # everything, from a clean checkout\n"
        "CLEARANCE_BIN=path/to/clearance scripts/eval   # skip the Swift build\n```\n\nEngine runs:\n\n"
        + "\n".join(f"- `{c}`" for c in summary["engine_commands"].values()),
        "## Independence from the engine\n\n" + independence_section(summary.get("independence", {})),
        "## Operating points\n\n" + table(
            ["name", "threshold", "chosen by"],
            [[p["name"], "engine default" if p["run"] == "engine" else f"{p['threshold']:.2f}", p["how"]]
             for p in points]),
        "Baselines (names only, brute force over every name and alias of every entity, after "
        "casefolding, accent stripping and punctuation removal): `token_sort` = rapidfuzz "
        "`fuzz.token_sort_ratio`; `jaro_winkler` = rapidfuzz `JaroWinkler.normalized_similarity` "
        "over the whole string, as OFAC's Sanctions List Search does. The engine also receives the "
        "query's type, and for some queries a country and a date of birth (see below).",
        "## Headline (held-out half)\n\n" + table(
            ["metric"] + [p["name"] for p in points],
            [[label] + [t["overall"][key] for t in test] for key, label in HEADLINE]),
        "## Positives: recall by category (held-out half)\n\n"
        + breakdown(points, "by_category", categories, recall_only, "positives"),
        "## Positives: recall / top-1 by perturbation (held-out half)\n\n"
        + breakdown(points, "by_perturbation", positive_keys, recall_top1, "positives"),
        "## Negatives: false-positive rate by kind (held-out half)\n\n"
        + breakdown(points, "by_perturbation", negative_keys, fp_rate),
        "## By type of the listed entity (held-out half)\n\nRecall of positives made from entities of "
        "each type:\n\n"
        + breakdown(points, "by_type", [t for t in types if test[0]["by_type"][t]["positives"]],
                    recall_only, "positives")
        + "\n\nFalse-positive rate of near misses made from entities of each type:\n\n"
        + breakdown(points, "by_type", [t for t in types if test[0]["by_type"][t]["near_misses"]],
                    lambda s: fmt(s.get("fp_rate_near_miss")), "near_misses"),
        "## By script (held-out half)\n\nRecall of positives written in each script:\n\n"
        + breakdown(points, "by_script", [s for s in scripts if test[0]["by_script"][s]["positives"]],
                    recall_only, "positives")
        + "\n\nFalse-positive rate of random negatives written in each script:\n\n"
        + breakdown(points, "by_script", [s for s in scripts if test[0]["by_script"][s]["random_negatives"]],
                    lambda s: fmt(s.get("fp_rate_random")), "random_negatives"),
        "## Positives: recall / top-1 by list source (held-out half)\n\n"
        + breakdown(points, "by_source", sources, recall_top1, "positives"),
        "## Tuning half (for comparison; thresholds were tuned here)\n\n" + table(
            ["metric"] + [p["name"] for p in points],
            [[label] + [p["tuning"]["overall"][key] for p in points] for key, label in HEADLINE])
        + "\n\nRecall by category:\n\n"
        + breakdown(points, "by_category", categories, recall_only, "positives", half="tuning"),
        "## Throughput (all queries, same machine)\n\n" + throughput_section(summary)
        + f"\n\nMachine: {summary['cpus']} CPU cores. The baselines score every query against every "
        f"name ({summary['baseline_names']}), no subset, with rapidfuzz `process.cdist` and "
        "`workers=-1` (all cores). The engine's setup (loading the lists, building the index) is "
        "estimated by screening a single query. Engine times are the fastest of 3 identical runs; other "
        "work on the machine still makes these timings noisy (two evaluations can differ by 2-3x), so "
        "compare the systems within one run.",
        "## Examples (engine at its default threshold, held-out half)\n\n" + examples_section(summary["examples"]),
        "## Definitions\n\n" + DEFINITIONS,
        "## How the queries were made\n\n" + GENERATION_NOTES,
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def examples_section(examples: dict) -> str:
    """A few positives the engine missed, per perturbation, and its strongest false alerts."""
    misses = [[kind, e["query"], e["target"], e["detail"], e["target_score"]]
              for kind, items in examples["engine_misses"].items() for e in items]
    alerts = [[a["kind"], a["query"], a["matched"], a["score"]] for a in examples["engine_false_alerts"]]
    return ("Missed positives (target score = the engine's score for the target in the low-threshold "
            "run, – if it was not among the top 10):\n\n"
            + table(["perturbation", "query", "target", "change", "target score"], misses)
            + "\n\nHighest-scoring alerts on negatives:\n\n"
            + table(["kind", "query", "first match", "score"], alerts))


GENERATION_NOTES = """\
- **Positives** (target = the entity the query was derived from): the perturbations are drawn in
  turn, and each draws entities taking the list sources in turn and, within a source, its entity
  types in turn, so small lists and rare types (vessels, aircraft) are over-represented compared
  with their size. Categories and their perturbations (eval/perturbations.py):
  - `control`: `exact` (the primary name).
  - `format`: `case` (lower/Title/UPPER), `diacritics` (one accented letter), `spacing` (two words
    joined or a compound split).
  - `order`: `reorder` (given and family names swapped); `alias`: a strong Latin-script alias.
  - `spelling`: random typing slips — insert a keyboard neighbour, delete, substitute a keyboard
    neighbour (QWERTY), swap adjacent letters, double a letter: `typo_1` (one slip in any word of
    ≥ 4 letters, one-word names included), `typo_2_one_word` (two slips in one word of ≥ 6
    letters), `typo_2_two_words` (one slip in each of two words); every word ends exactly that
    many edits from the listed one.
  - `romanisation`: `russian_system` (a Russian name read back into Cyrillic from its BGN/PCGN
    spelling and written in GOST 7.79 B, scholarly, ICAO 9303, French or German romanisation);
    `chinese_wade_giles`, `chinese_palladius` (Russian Palladius system read back into Latin),
    `chinese_hong_kong` (Cantonese surname + Wade-Giles given names) for pinyin names tied to
    China, Hong Kong, Macau or Taiwan; `arabic_persian` (one or two conventions of other Arabic or
    Persian romanisations: French ou/dj/ch, Persian v/e/o, English ee/oo, a shadda's doubled
    consonant written or not, the article assimilated to a sun letter, ...).
  - `script`: `cross_script` (a strong alias in another script, or a Russian person's name written
    in Cyrillic from its BGN/PCGN spelling).
  - `vessel_aircraft`: `vessel_prefix` (M/V, MV, M.V., MT, M.T., M/T, SS, FV, ...),
    `vessel_numeral` (HORMUZ 2 ↔ HORMUZ II, half of them with a prefix), `aircraft_mark` (a
    registration mark with one character wrong, never another listed mark).
  - `partial`: `partial_given_family` (first given name + family name of a person listed with 4
    or 5 words), `drop_middle`, `add_middle`.
  - `legal_form`: `legal_abbreviation` (one or two company words or legal forms abbreviated from a
    list written for the evaluation: LTD LIABILITY CO, CONSTR., GEN TRADE, IND CO., PUBLIC OJSC,
    CLOSED PAO, ...).
  A variant that is another listed party's name is dropped.
- **Random negatives**: Faker persons and companies in en_US, de_DE, fr_FR, es_ES, it_IT, ru_RU
  (Cyrillic and latinised), ar_AA, zh_CN, ja_JP, tr_TR, pt_BR, pl_PL.
- **Near misses** (another party built from a listed one): `given_replaced` (one given name of a
  listed person replaced by an unrelated one), `company_word_replaced` (one distinctive word of a
  listed organisation replaced), `number_changed` (a different number, e.g. vessel "X 1" vs "X 2").
- A random or near-miss query is dropped when it has the same name as any listed name or alias
  (weak ones included): same sorted normalised tokens without particles (al, bin, ...); Cyrillic
  is also compared latinised. Faker's real company names (ru_RU and tr_TR `large_companies`) are
  never used.
- **Halves**: an entity's half comes from the SHA-256 of its id, so every query made from it
  (positives and near misses) is in the same half; random negatives are split by the SHA-256 of
  their name. The test-run slice (Tests/ScreeningTests/Fixtures/EvaluationSlice) is drawn from the
  tuning half only.
- Query columns: `type` is always given when known; `country` for 50 % of queries that have one
  (for near misses, the country of the entity they were derived from); `dob` for 30 % of person
  queries (the listed full date for positives, a random date for negatives). The baselines ignore
  these columns.
"""


def console_summary(summary: dict) -> str:
    """A compact plain-text headline for the terminal."""
    points = summary["operating_points"]
    width = max(len(p["name"]) for p in points) + 2
    lines = ["", "held-out half".ljust(width) + "  recall   top-1  FP rand  FP near  precision  F1"]
    for p in points:
        o = p["test"]["overall"]
        lines.append(p["name"].ljust(width) + "  " + "  ".join(
            fmt(o[k]).rjust(w) for k, w in (("recall", 6), ("top1", 6), ("fp_rate_random", 7),
                                            ("fp_rate_near_miss", 7), ("precision", 9), ("f1", 5))))
    t = summary["throughput"]
    lines.append("throughput q/s (excl. setup): " + ", ".join(
        f"{name} {v['qps_excluding_setup']}" for name, v in t.items()))
    return "\n".join(lines)
