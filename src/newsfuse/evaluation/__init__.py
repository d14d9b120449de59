"""Evaluations that run newsfuse and its peers side by side on the same data.

Each evaluation is a module with one ``run_*`` function returning a plain
dict, so the CLI (``newsfuse eval ...``), the tests and the README tables all
come from the same numbers.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def jsonl_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSONL data file. A missing file or a
    line that is not JSON raises, naming the file and the line; what a record must hold is
    each evaluation's own check."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e})") from None


HELD_BACK_SEED = "newsfuse-held-back-1"


def seeded_part(key: str, parts: int, seed: str = HELD_BACK_SEED) -> int:
    """Which of ``parts`` fixed parts a record (by its id, ``key``) falls in: a seeded hash, so
    the parts are the same on every machine and run (folds of a cross-validation use their
    own ``seed``)."""
    import hashlib

    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % parts


def held_back(key: str, share: int = 5) -> bool:
    """True for the fixed ``1/share`` of a data set's records (by their id, ``key``) that
    no training and no choice may see: learned models are trained on the rest and decided
    by this part (:func:`seeded_part`)."""
    return seeded_part(key, share) == 0
