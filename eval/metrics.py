"""Screening metrics from labelled queries and a system's matches.

Definitions (a match "alerts" when its score is >= the threshold):
- found: a positive whose target entity is among its alerts. TP = found positives,
  FN = positives not found (no alert, or alerts on other entities only).
- top-1: a positive whose first alert is the target, or ties the target's score (the same party
  is often on several lists, and a tie between them has no right order).
- FP = negatives (random or near-miss) with any alert.
- recall = TP / positives; precision = TP / (TP + FP); F1 = 2PR / (P + R).
- fp_rate_random / fp_rate_near_miss = share of those negatives with any alert.
"""

from collections import defaultdict

Match = tuple[str, float]


def outcome(label: dict, matches: list[Match], threshold: float) -> dict:
    """What happened to one query at `threshold`."""
    alerts = [m for m in matches if m[1] >= threshold]
    if label["kind"] != "positive":
        return {"alerted": bool(alerts)}
    target = label["target_entity_id"]
    target_scores = [score for entity, score in alerts if entity == target]
    found = bool(target_scores)
    top1 = found and (alerts[0][0] == target or abs(alerts[0][1] - target_scores[0]) < 1e-9)
    return {"found": found, "top1": top1}


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def summarise(rows: list[tuple[dict, dict]]) -> dict:
    """Counts and rates for a group of (label, outcome) pairs."""
    positives = [o for label, o in rows if label["kind"] == "positive"]
    randoms = [o for label, o in rows if label["kind"] == "random_negative"]
    nears = [o for label, o in rows if label["kind"] == "near_miss"]
    tp = sum(o["found"] for o in positives)
    fp = sum(o["alerted"] for o in randoms + nears)
    recall = _ratio(tp, len(positives))
    precision = _ratio(tp, tp + fp)
    f1 = None
    if recall is not None and precision is not None and recall + precision > 0:
        f1 = round(2 * precision * recall / (precision + recall), 4)
    return {
        "positives": len(positives), "random_negatives": len(randoms), "near_misses": len(nears),
        "tp": tp, "fn": len(positives) - tp, "fp": fp,
        "recall": recall, "top1": _ratio(sum(o["top1"] for o in positives), len(positives)),
        "fp_rate_random": _ratio(sum(o["alerted"] for o in randoms), len(randoms)),
        "fp_rate_near_miss": _ratio(sum(o["alerted"] for o in nears), len(nears)),
        "precision": precision, "f1": f1,
    }


def evaluate(labels: list[dict], results: dict[str, list[Match]], threshold: float) -> dict:
    """Overall metrics and breakdowns by category, perturbation, script, the type of the listed
    entity the query was made from (positives and near misses) and, for positives, list source."""
    rows = [(label, outcome(label, results.get(label["query_id"], []), threshold)) for label in labels]
    groups = {"by_category": defaultdict(list), "by_perturbation": defaultdict(list),
              "by_script": defaultdict(list), "by_type": defaultdict(list), "by_source": defaultdict(list)}
    for label, o in rows:
        groups["by_category"][f"{label['kind']}:{label['category']}"].append((label, o))
        groups["by_perturbation"][f"{label['kind']}:{label['perturbation']}"].append((label, o))
        groups["by_script"][label["script"]].append((label, o))
        if label.get("target_type"):
            groups["by_type"][label["target_type"]].append((label, o))
        if label["kind"] == "positive":
            groups["by_source"][label["target_source"]].append((label, o))
    out = {"overall": summarise(rows)}
    for name, group in groups.items():
        out[name] = {key: summarise(members) for key, members in sorted(group.items())}
    return out


def best_f1_threshold(labels: list[dict], results: dict[str, list[Match]], floor: float) -> float:
    """The threshold in [floor, 1] (step 0.01) with the highest F1 on `labels`; ties -> higher."""
    best, best_f1 = 1.0, -1.0
    for step in range(int(round(floor * 100)), 101):
        threshold = step / 100
        f1 = summarise([(l, outcome(l, results.get(l["query_id"], []), threshold)) for l in labels])["f1"] or 0.0
        if f1 >= best_f1:
            best, best_f1 = threshold, f1
    return best
