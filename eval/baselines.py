"""Brute-force baselines: score every query against every name and alias of every entity.

Both use the simple normalisation of `textnorm.normalize` and keep, per entity, its best-scoring
name. Scores are in [0, 1].

- token_sort: rapidfuzz `fuzz.token_sort_ratio`, computed as `fuzz.ratio` on strings whose tokens
  were sorted once up front (the same value, without re-sorting every name for every query).
- jaro_winkler: `JaroWinkler.normalized_similarity` over the whole normalised string, in the
  spirit of OFAC's Sanctions List Search.
"""

import time
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from textnorm import normalize

Match = tuple[str, float]  # (entity id, score)


def sorted_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


@dataclass(frozen=True)
class Scorer:
    """A rapidfuzz scorer, how to prepare strings for it, and its score scale."""

    name: str
    scorer: object
    prepare: object  # normalised string -> string the scorer compares
    scale: float  # scorer's maximum score (100 for fuzz.*, 1 for distances)


SCORERS = {
    "token_sort": Scorer("token_sort", fuzz.ratio, sorted_tokens, 100.0),
    "jaro_winkler": Scorer("jaro_winkler", JaroWinkler.normalized_similarity, lambda s: s, 1.0),
}


class BruteForce:
    """All names of all entities in one array, grouped by entity, scored with process.cdist."""

    def __init__(self, entities: list[dict], scorer: Scorer):
        start = time.perf_counter()
        self.scorer = scorer
        names, owners = [], []
        for index, entity in enumerate(entities):
            seen = set()
            for raw in [entity["name"]] + [a["name"] for a in entity.get("aliases", [])]:
                prepared = scorer.prepare(normalize(raw))
                if prepared and prepared not in seen:
                    seen.add(prepared)
                    names.append(prepared)
                    owners.append(index)
        owners = np.asarray(owners)
        self.names = names
        # First column of each entity's run of names, for np.maximum.reduceat.
        self.starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        self.entity_ids = [entities[i]["id"] for i in owners[self.starts]]
        self.setup_seconds = time.perf_counter() - start

    def screen(self, queries: list[str], floor: float, limit: int = 10,
               chunk: int = 256) -> list[list[Match]]:
        """For each query, up to `limit` entities scoring >= `floor`, best first."""
        prepared = [self.scorer.prepare(normalize(q)) for q in queries]
        results = []
        for begin in range(0, len(prepared), chunk):
            block = prepared[begin : begin + chunk]
            scores = process.cdist(
                block, self.names, scorer=self.scorer.scorer, dtype=np.float32, workers=-1,
                score_cutoff=floor * self.scorer.scale,
            )
            per_entity = np.maximum.reduceat(scores, self.starts, axis=1) / self.scorer.scale
            results.extend(self._top(row, floor, limit) for row in per_entity)
        return results

    def _top(self, row: np.ndarray, floor: float, limit: int) -> list[Match]:
        k = min(limit, row.size)
        best = np.argpartition(-row, k - 1)[:k]
        best = best[np.argsort(-row[best], kind="stable")]
        return [(self.entity_ids[i], round(float(row[i]), 4)) for i in best if row[i] >= floor and row[i] > 0]
