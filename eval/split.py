"""The deterministic split of the lists into a tuning half and a held-out half.

An entity's half is decided by the SHA-256 of its id, so it does not depend on the seed, the
order of the dump or which queries were drawn: every query made from an entity (its positives
and its near misses) lands in that entity's half. Random negatives, made from no entity, are
split by the SHA-256 of their name. Tune thresholds (and engine changes) on `tuning`; report on
`held_out`.
"""

import hashlib

TUNING, HELD_OUT = "tuning", "held_out"
RULE = "sha256(entity id) first byte even -> tuning, odd -> held_out (random negatives: sha256(name))"


def half_of(key: str) -> str:
    return TUNING if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else HELD_OUT
