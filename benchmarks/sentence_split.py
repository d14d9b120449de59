"""Compare newsfuse's sentence splitter with pysbd, syntok and blingfire.

    .venv/bin/pip install pysbd syntok blingfire   # the peers; not dependencies
    .venv/bin/python benchmarks/sentence_split.py

Accuracy: the hand-checked news cases in tests/unit/test_segment.py (sentence
counts). Speed: median time to split the bundled example and the afghan-tajik
example (when present), paragraph by paragraph, as newsfuse does.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from test_segment import CASES  # noqa: E402

from newsfuse.segment import paragraphs, split_sentences  # noqa: E402


def peers():
    out = {"newsfuse": split_sentences}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        print("pysbd not installed; skipped", file=sys.stderr)
    try:
        import syntok.segmenter as syn

        out["syntok"] = lambda t: ["".join(tok.spacing + tok.value for tok in s).strip()
                                   for p in syn.process(t) for s in p]
    except ImportError:
        print("syntok not installed; skipped", file=sys.stderr)
    try:
        import blingfire

        out["blingfire"] = lambda t: [s for s in blingfire.text_to_sentences(t).split("\n") if s]
    except ImportError:
        print("blingfire not installed; skipped", file=sys.stderr)
    return out


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
    shared = ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    paras = [p for t in texts for p in paragraphs(t)]
    chars = sum(len(p) for p in paras)
    print(f"{'splitter':<10} {'cases right':>12} {'ms / 10k chars':>15}")
    for name, fn in peers().items():
        right = sum(len(fn(text)) == n for text, n in CASES)
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            for p in paras:
                fn(p)
            times.append(time.perf_counter() - t0)
        ms = statistics.median(times) * 1000 * 10_000 / chars
        print(f"{name:<10} {right:>6}/{len(CASES):<5} {ms:>15.2f}")


if __name__ == "__main__":
    main()
