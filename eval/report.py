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


def breakdown(points: list[dict], group: str, keys: list[str], cell, count: str | None = None) -> str:
    """One row per key of a breakdown, one column per operating point; n counts the queries of
    kind `count` (all kinds when None)."""
    rows = []
    for key in keys:
        first = points[0]["test"][group][key]
        kinds = [count] if count else ["positives", "random_negatives", "near_misses"]
        rows.append([key, sum(first[k] for k in kinds)] + [cell(p["test"][group].get(key, {})) for p in points])
    return table(["", "n"] + [p["name"] for p in points], rows)


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
        f"- Split: {summary['split']['rule']} — calibration {summary['split']['calibration']}, "
        f"test {summary['split']['test']} queries. **All tables below are on the test half.**",
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


def render(summary: dict) -> str:
    points = summary["operating_points"]
    test = [p["test"] for p in points]
    positive_keys = sorted(k for k in test[0]["by_perturbation"] if k.startswith("positive:"))
    negative_keys = sorted(k for k in test[0]["by_perturbation"] if not k.startswith("positive:"))
    scripts = sorted(test[0]["by_script"])
    sources = sorted(test[0]["by_source"])
    parts = [
        "# Clearance name screening — evaluation",
        summary["note"] or "",
        "Generated by `scripts/eval` (eval/generate.py, eval/evaluate.py); do not edit by hand.",
        "## Data\n\n" + data_section(summary),
        "## Commands\n\n```sh\nscripts/eval                       # everything, from a clean checkout\n"
        "CLEARANCE_BIN=path/to/clearance scripts/eval   # skip the Swift build\n```\n\nEngine runs:\n\n"
        + "\n".join(f"- `{c}`" for c in summary["engine_commands"].values()),
        "## Operating points\n\n" + table(
            ["name", "threshold", "chosen by"],
            [[p["name"], "engine default" if p["run"] == "engine" else f"{p['threshold']:.2f}", p["how"]]
             for p in points]),
        "Baselines (names only, brute force over every name and alias of every entity, after "
        "casefolding, accent stripping and punctuation removal): `token_sort` = rapidfuzz "
        "`fuzz.token_sort_ratio`; `jaro_winkler` = rapidfuzz `JaroWinkler.normalized_similarity` "
        "over the whole string, as OFAC's Sanctions List Search does. The engine also receives the "
        "query's type, and for some queries a country and a date of birth (see below).",
        "## Headline (test half)\n\n" + table(
            ["metric"] + [p["name"] for p in points],
            [[label] + [t["overall"][key] for t in test] for key, label in HEADLINE]),
        "## Positives: recall / top-1 by perturbation (test half)\n\n"
        + breakdown(points, "by_perturbation", positive_keys, recall_top1, "positives"),
        "## Negatives: false-positive rate by kind (test half)\n\n"
        + breakdown(points, "by_perturbation", negative_keys, fp_rate),
        "## Positives: recall / top-1 by script (test half)\n\n"
        + breakdown(points, "by_script", [s for s in scripts if test[0]["by_script"][s]["positives"]],
                    recall_top1, "positives"),
        "## Random negatives: false-positive rate by script (test half)\n\n"
        + breakdown(points, "by_script", [s for s in scripts if test[0]["by_script"][s]["random_negatives"]],
                    lambda s: fmt(s.get("fp_rate_random")), "random_negatives"),
        "## Positives: recall / top-1 by list source (test half)\n\n"
        + breakdown(points, "by_source", sources, recall_top1, "positives"),
        "## Throughput (all queries, same machine, one run each)\n\n" + throughput_section(summary)
        + f"\n\nMachine: {summary['cpus']} CPU cores. The baselines score every query against every "
        f"name ({summary['baseline_names']}), no subset, with rapidfuzz `process.cdist` and "
        "`workers=-1` (all cores). The engine's setup (loading the lists, building the index) is "
        "estimated by screening a single query. Other work on the machine makes these timings noisy "
        "(two runs can differ by 2-3x); compare the systems within one run.",
        "## Examples (engine at its default threshold)\n\n" + examples_section(summary["examples"]),
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
  types in turn. Small lists are therefore over-represented compared with their size; the
  per-source table shows each. `exact` = the primary name; `reorder` = given/family swapped (OFAC
  "LAST, First" gives both "First Last" and "Last First"); `drop_middle` / `add_middle`;
  `diacritics` (Muller → Müller, else one accented letter); `typo` (one insert/delete/substitute/
  transpose inside a token of ≥ 5 letters); `translit_variant` (Mohammed/Muhammad,
  Yevgeniy/Evgeny, -ov/-off, -iy/-y, Abdul/Abd al, …); `legal_form` (LLC ↔ Limited Liability
  Company ↔ OOO, Ltd ↔ Limited, Co. ↔ Company, removed or added); `abbreviation` (International →
  Intl, Corporation → Corp., and back); `alias` (a strong Latin-script alias); `partial` (drop the
  most frequent token of a ≥ 3-token name); `spacing` (join two tokens or split a compound);
  `case` (lower / Title / UPPER); `cross_script` (a strong non-Latin alias such as a UN original
  script name — an exact alias string — or a Russian-looking Latin name transliterated to
  Cyrillic).
- **Random negatives**: Faker persons and companies in en_US, de_DE, fr_FR, es_ES, it_IT, ru_RU
  (Cyrillic and latinised), ar_AA, zh_CN, ja_JP, tr_TR, pt_BR, pl_PL.
- **Near misses** (a different party built from a listed one): `family_changed` (same given names,
  unrelated family name), `common_first_token` (a very common given name + unrelated surname),
  `generic_company` (only the generic words of a company name kept, e.g. "X Trading Company"),
  `number_changed` (a different number, e.g. vessel "X 1" vs "X 2").
- A random or near-miss query is dropped when it has the same name as any listed name or alias
  (weak ones included): same sorted normalised tokens after unifying romanisation variants
  (Mohammed = Muhammad) and dropping particles (al, bin, ...); Cyrillic is also compared after
  latinisation. Faker's real company names (ru_RU and tr_TR `large_companies`, e.g. Ростех) are
  never used. Homonyms in other scripts (a Chinese name whose pinyin is a listed name) are not
  caught, so a few random negatives may be true name matches.
- Query columns: `type` is always given when known; `country` for 50 % of queries that have one
  (for near misses, the country of the entity they were derived from); `dob` for 30 % of person
  queries (the listed full date for positives, a random date for negatives). The baselines ignore
  these columns.
"""


def console_summary(summary: dict) -> str:
    """A compact plain-text headline for the terminal."""
    points = summary["operating_points"]
    width = max(len(p["name"]) for p in points) + 2
    lines = ["", "test half".ljust(width) + "  recall   top-1  FP rand  FP near  precision  F1"]
    for p in points:
        o = p["test"]["overall"]
        lines.append(p["name"].ljust(width) + "  " + "  ".join(
            fmt(o[k]).rjust(w) for k, w in (("recall", 6), ("top1", 6), ("fp_rate_random", 7),
                                            ("fp_rate_near_miss", 7), ("precision", 9), ("f1", 5))))
    t = summary["throughput"]
    lines.append("throughput q/s (excl. setup): " + ", ".join(
        f"{name} {v['qps_excluding_setup']}" for name, v in t.items()))
    return "\n".join(lines)
