"""Screen the generated queries with the Clearance engine and the brute-force baselines; report.

    python eval/evaluate.py --clearance .build/release/clearance --entities eval/out/entities.jsonl

Reads OUT/queries.csv, OUT/labels.jsonl, OUT/generation.json (from generate.py); writes
OUT/metrics.json, OUT/<system>_matches.jsonl and the Markdown report. See metrics.py for the
definitions and `operating_points` below for how each system's thresholds are chosen.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import metrics
import overlap
import report
import split
from baselines import SCORERS, BruteForce

LIMIT = 10
REPEATS = 3  # engine timings are the fastest of this many identical runs: the machine is shared


class EngineError(RuntimeError):
    """`clearance screen` failed without screening anything."""


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def engine_command(binary: str, queries: Path, threshold: float | None) -> list[str]:
    cmd = [binary, "screen", "--input", str(queries), "--format", "jsonl", "--limit", str(LIMIT)]
    return cmd + (["--threshold", str(threshold)] if threshold is not None else [])


def run_engine(binary: str, queries: Path, threshold: float | None, stderr: Path) -> dict:
    """Run `clearance screen`; return matches per query id, wall time, errors and the command."""
    cmd = engine_command(binary, queries, threshold)
    start = time.perf_counter()
    with stderr.open("w") as err:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    seconds = time.perf_counter() - start
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 and not lines:
        raise EngineError(f"`{' '.join(cmd)}` failed with exit code {proc.returncode}; see {stderr}")
    results, errors = {}, []
    for line in lines:
        record = json.loads(line)
        if "error" in record:
            errors.append(record)
        results[record["query_id"]] = [(m["entity_id"], float(m["score"])) for m in record.get("matches", [])]
    return {"results": results, "seconds": seconds, "errors": errors, "exit_code": proc.returncode,
            "command": " ".join(cmd)}


def engine_startup_seconds(binary: str, queries: Path, out_dir: Path) -> float:
    """Wall time of screening a single query: list loading and index building dominate it."""
    with queries.open(encoding="utf-8") as f:
        header, first = f.readline(), f.readline()
    one = out_dir / "one_query.csv"
    one.write_text(header + first, encoding="utf-8")
    return min(run_engine(binary, one, None, out_dir / "engine_startup.stderr")["seconds"] for _ in range(REPEATS))


def lists_info(binary: str) -> object:
    """`clearance lists --format json` (versions, checksums, dates) when the CLI supports it."""
    try:
        proc = subprocess.run([binary, "lists", "--format", "json"], capture_output=True, text=True, timeout=300)
        return json.loads(proc.stdout) if proc.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def run_baseline(name: str, entities: list[dict], queries: list[dict], floor: float) -> dict:
    """Brute-force screen every query; matches per query id and timings."""
    engine = BruteForce(entities, SCORERS[name])
    start = time.perf_counter()
    matches = engine.screen([q["name"] for q in queries], floor, LIMIT)
    seconds = time.perf_counter() - start
    return {"results": {q["id"]: m for q, m in zip(queries, matches)}, "seconds": seconds,
            "setup_seconds": engine.setup_seconds, "names": len(engine.names)}


def write_matches(path: Path, results: dict) -> None:
    with path.open("w", encoding="utf-8") as f:
        for qid, matches in results.items():
            f.write(json.dumps({"query_id": qid, "matches": matches}) + "\n")


def operating_points(runs: dict, labels: list[dict], args) -> list[dict]:
    """The (system, threshold) pairs to report. Tuned thresholds maximise F1 on the tuning half;
    every operating point is then measured on the held-out half (and, separately, the tuning half)."""
    tuning = [l for l in labels if l["half"] == split.TUNING]
    points = [{"name": "engine @ default", "run": "engine", "threshold": 0.0,
               "how": "threshold the engine uses when --threshold is omitted"}]
    if "engine_sweep" in runs:
        t = metrics.best_f1_threshold(tuning, runs["engine_sweep"]["results"], args.engine_sweep_threshold)
        points.append({"name": f"engine @ {t:.2f} tuned", "run": "engine_sweep", "threshold": t,
                       "how": "best F1 on the tuning half"})
    conventional = {"token_sort": args.token_sort_threshold, "jaro_winkler": args.jaro_winkler_threshold}
    for name, floor in (("token_sort", args.token_sort_floor), ("jaro_winkler", args.jaro_winkler_floor)):
        t = metrics.best_f1_threshold(tuning, runs[name]["results"], floor)
        points.append({"name": f"{name} @ {conventional[name]:.2f}", "run": name,
                       "threshold": conventional[name], "how": "conventional threshold"})
        points.append({"name": f"{name} @ {t:.2f} tuned", "run": name, "threshold": t,
                       "how": "best F1 on the tuning half"})
    return points


def throughput(runs: dict, n_queries: int, engine_startup: float) -> dict:
    """Queries per second, end to end and excluding one-time setup (the engine's setup is
    estimated by screening one query; the baselines' is normalising the names)."""
    out = {}
    for name, run in runs.items():
        if name.startswith("engine"):
            wall, setup = run["seconds"], engine_startup
            work = max(wall - setup, 1e-9)
        else:
            setup, work = run["setup_seconds"], run["seconds"]
            wall = setup + work
        out[name] = {"queries": n_queries, "wall_seconds": round(wall, 3), "setup_seconds": round(setup, 3),
                     "qps_end_to_end": round(n_queries / wall, 1), "qps_excluding_setup": round(n_queries / work, 1)}
    return out


def examples(labels: list[dict], queries: list[dict], entities: list[dict], runs: dict, per_kind: int = 3) -> dict:
    """Engine misses (per perturbation) and its highest-scoring false alerts, at its default."""
    names = {e["id"]: e["name"] for e in entities}
    query_names = {q["id"]: q["name"] for q in queries}
    default = runs["engine"]["results"]
    sweep = runs.get("engine_sweep", runs["engine"])["results"]
    misses, false_alerts = {}, []
    for label in labels:
        qid, matches = label["query_id"], default.get(label["query_id"], [])
        if label["kind"] == "positive" and label["target_entity_id"] not in [m[0] for m in matches]:
            target_scores = [s for e, s in sweep.get(qid, []) if e == label["target_entity_id"]]
            bucket = misses.setdefault(label["perturbation"], [])
            if len(bucket) < per_kind:
                bucket.append({"query": query_names[qid], "target": label["target_name"], "detail": label["detail"],
                               "target_score": target_scores[0] if target_scores else None})
        elif label["kind"] != "positive" and matches:
            entity, score = matches[0]
            false_alerts.append({"query": query_names[qid], "kind": label["perturbation"],
                                 "matched": names.get(entity, entity), "score": score})
    false_alerts.sort(key=lambda a: -a["score"])
    return {"engine_misses": dict(sorted(misses.items())), "engine_false_alerts": false_alerts[:15]}


def independence(labels: list[dict], queries: list[dict]) -> dict:
    """What the evaluation shares with the engine's tables (overlap.py): pairs of its own tables,
    and per perturbation the held-out positives the engine's tables alone equate with the listed name."""
    try:
        sources = Path(__file__).resolve().parent.parent / "Sources"
        result = overlap.check(sources)
        engine = overlap.engine_tables(sources)
    except (OSError, overlap.EngineTablesNotFound) as error:
        return {"error": str(error)}
    names = {q["id"]: q["name"] for q in queries}
    taught: dict[str, list[int]] = {}
    for label in labels:
        if label["kind"] == "positive" and label["half"] == split.HELD_OUT:
            counts = taught.setdefault(label["perturbation"], [0, 0])
            counts[0] += overlap.taught(names[label["query_id"]], label["target_name"], engine)
            counts[1] += 1
    result["taught_held_out_positives"] = dict(sorted(taught.items()))
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clearance", default=".build/release/clearance", help="path of the clearance binary")
    parser.add_argument("--entities", type=Path, default=Path("eval/out/entities.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("eval/out"))
    parser.add_argument("--report", type=Path, default=Path("eval/REPORT.md"))
    parser.add_argument("--engine-sweep-threshold", type=float, default=0.5,
                        help="second engine run at this low threshold, to tune the engine like the "
                             "baselines (negative: skip)")
    parser.add_argument("--token-sort-threshold", type=float, default=0.85)
    parser.add_argument("--token-sort-floor", type=float, default=0.5)
    parser.add_argument("--jaro-winkler-threshold", type=float, default=0.90)
    parser.add_argument("--jaro-winkler-floor", type=float, default=0.7)
    parser.add_argument("--note", default="", help="a line for the report (e.g. what data was used)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    queries_csv = args.out / "queries.csv"
    with queries_csv.open(encoding="utf-8", newline="") as f:
        queries = list(csv.DictReader(f))
    labels = read_jsonl(args.out / "labels.jsonl")
    entities = read_jsonl(args.entities)
    generation = json.loads((args.out / "generation.json").read_text())

    print(f"evaluate: {len(queries)} queries against {len(entities)} entities", flush=True)
    try:
        runs = {"engine": run_engine(args.clearance, queries_csv, None, args.out / "engine.stderr")}
        for _ in range(REPEATS - 1):
            again = run_engine(args.clearance, queries_csv, None, args.out / "engine.stderr")
            if again["results"] != runs["engine"]["results"]:
                sys.exit("evaluate: two runs of the engine on the same queries gave different matches")
            runs["engine"]["seconds"] = min(runs["engine"]["seconds"], again["seconds"])
    except EngineError as error:
        sys.exit(f"evaluate: {error}")
    print(f"  engine @ default: {runs['engine']['seconds']:.1f}s", flush=True)
    if args.engine_sweep_threshold >= 0:
        try:
            runs["engine_sweep"] = run_engine(args.clearance, queries_csv, args.engine_sweep_threshold,
                                              args.out / "engine_sweep.stderr")
            print(f"  engine @ {args.engine_sweep_threshold}: {runs['engine_sweep']['seconds']:.1f}s", flush=True)
        except EngineError as error:
            print(f"  engine sweep skipped: {error}", flush=True)
    startup = engine_startup_seconds(args.clearance, queries_csv, args.out)
    for name, floor in (("token_sort", args.token_sort_floor), ("jaro_winkler", args.jaro_winkler_floor)):
        runs[name] = run_baseline(name, entities, queries, floor)
        print(f"  {name}: {runs[name]['seconds']:.1f}s over {runs[name]['names']} names", flush=True)
    for name, run in runs.items():
        write_matches(args.out / f"{name}_matches.jsonl", run["results"])

    held_out = [l for l in labels if l["half"] == split.HELD_OUT]
    tuning = [l for l in labels if l["half"] == split.TUNING]
    points = operating_points(runs, labels, args)
    for point in points:
        results = runs[point["run"]]["results"]
        point["test"] = metrics.evaluate(held_out, results, point["threshold"])
        point["tuning"] = metrics.evaluate(tuning, results, point["threshold"])

    summary = {
        "note": args.note,
        "clearance": args.clearance,
        "lists": lists_info(args.clearance),
        "generation": generation,
        "split": {"rule": split.RULE, "tuning": len(tuning), "held_out": len(held_out)},
        "independence": independence(labels, queries),
        "engine_commands": {k: runs[k]["command"] for k in runs if k.startswith("engine")},
        "engine_errors": {k: len(runs[k]["errors"]) for k in runs if k.startswith("engine")},
        "engine_error_examples": runs["engine"]["errors"][:5],
        "baseline_names": {k: runs[k]["names"] for k in SCORERS},
        "cpus": os.cpu_count(),
        "throughput": throughput(runs, len(queries), startup),
        "operating_points": points,
        "examples": examples(held_out, queries, entities, runs),
    }
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    args.report.write_text(report.render(summary), encoding="utf-8")
    print(report.console_summary(summary))
    print(f"evaluate: wrote {args.out / 'metrics.json'} and {args.report}")


if __name__ == "__main__":
    main()
