"""How `newsfuse brief` scales with story size: wall time and peak memory of whole processes.

    .venv/bin/python benchmarks/scale.py [--sizes 100,300,1000] [--modes no-analysis,analysis]
                                         [--runs N] [--extra-args "--config x.toml"] [--json]

The "scale story" is built at run time, in a temporary directory, from the shared data
(never copied into the repo): the articles of clustering-basil.jsonl, then each document
of multinews-dev.jsonl, then clustering-ecbplus-traindev.jsonl (records without text are
left out), in file order, cut to the first N articles for each size. Each size runs
`newsfuse brief FILE --format json` as a child process, with and without --no-analysis;
its wall time and peak RSS come from os.wait4 on that child alone (ru_maxrss, KiB on
Linux). A floor, `python -c "import newsfuse.cli"`, is measured the same way in the same
run. With --runs N the median time and the maximum memory are reported. For each mode
the time ratio from one size to the next is printed beside the linear ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
BIN = Path(sys.executable).parent / "newsfuse"
FIELDS = ("title", "url", "source", "published")


def records():
    """Articles of the scale story, in order, as records newsfuse's JSONL reader accepts."""
    def pick(rec: dict, id_: str) -> dict:
        out = {"id": id_, "text": rec["text"]}
        out.update({k: rec[k] for k in FIELDS if rec.get(k)})
        return out

    with open(DATA / "clustering-basil.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            rec = json.loads(line)
            if (rec.get("text") or "").strip():
                yield pick(rec, f"basil-{n}")
    with open(DATA / "multinews-dev.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            for d, doc in enumerate(json.loads(line)["documents"], 1):
                if (doc.get("text") or "").strip():
                    yield pick(doc, f"mn-{n}-{d}")
    with open(DATA / "clustering-ecbplus-traindev.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            rec = json.loads(line)
            if (rec.get("text") or "").strip():
                yield pick(rec, f"ecb-{n}")


def build(sizes: list[int], tmp: Path) -> dict[int, dict]:
    """One .jsonl per size in tmp; returns {size: {path, articles, words}}."""
    story = []
    for rec in records():
        if len(story) >= max(sizes):
            break
        story.append(rec)
    built = {}
    for size in sizes:
        part = story[:size]
        path = tmp / f"scale-{size}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in part) / max(len(part), 1)
        built[size] = {"path": path, "articles": len(part), "words": round(words, 1)}
    return built


def measure(cmd: list[str], runs: int) -> dict:
    """Median wall seconds and max peak RSS (MB) of `cmd` as a child; stops at the first failure."""
    times, rss = [], []
    for _ in range(runs):
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            if code != 0:
                err.seek(0)
                tail = err.read().decode("utf-8", "replace").strip().splitlines()[-15:]
                return {"ok": False, "exit": code, "seconds": round(elapsed, 3), "stderr": "\n".join(tail)}
        times.append(elapsed)
        rss.append(usage.ru_maxrss / 1024)
    return {"ok": True, "seconds": round(statistics.median(times), 3), "peak_mb": round(max(rss), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,300,1000", help="story sizes in articles, comma-separated")
    ap.add_argument("--modes", default="no-analysis,analysis", help="no-analysis and/or analysis")
    ap.add_argument("--runs", type=int, default=1, help="runs per measurement (median time, max memory)")
    ap.add_argument("--extra-args", default="", help="passed through to newsfuse brief, e.g. '--config x.toml'")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    argv = sys.argv[1:]  # so that `--extra-args "--config x.toml"` works: argparse rejects values starting with --
    if "--extra-args" in argv and argv.index("--extra-args") + 1 < len(argv):
        i = argv.index("--extra-args")
        argv[i:i + 2] = [f"--extra-args={argv[i + 1]}"]
    args = ap.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if bad := [m for m in modes if m not in ("no-analysis", "analysis")]:
        ap.error(f"unknown mode(s): {', '.join(bad)}")
    extra = shlex.split(args.extra_args)
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    with tempfile.TemporaryDirectory(prefix="newsfuse-scale-") as tmp:
        built = build(sizes, Path(tmp))
        for size, b in built.items():
            short = f" (only {b['articles']} available)" if b["articles"] < size else ""
            say(f"size {size}: {b['articles']} articles built{short}, {b['words']} words per article on average")
        floor = measure([sys.executable, "-c", "import newsfuse.cli"], args.runs)
        results = []
        for size in sizes:
            for mode in modes:
                cmd = [str(BIN), "brief", str(built[size]["path"]), "--format", "json", *extra]
                if mode == "no-analysis":
                    cmd.append("--no-analysis")
                res = measure(cmd, args.runs)
                results.append({"size": size, "articles": built[size]["articles"], "mode": mode, **res})
                if not res["ok"]:
                    say(f"FAILED size {size} {mode} (exit {res['exit']}); stderr tail:\n{res['stderr']}")

    ratios = []
    for mode in modes:
        ok = [r for r in results if r["mode"] == mode and r["ok"]]
        for a, b in zip(ok, ok[1:]):
            ratios.append({"mode": mode, "from": a["size"], "to": b["size"],
                           "time_ratio": round(b["seconds"] / a["seconds"], 2),
                           "linear": round(b["articles"] / a["articles"], 2)})

    if args.json:
        print(json.dumps({"runs": args.runs, "extra_args": extra, "floor_import_cli": floor,
                          "story": {s: {k: v for k, v in b.items() if k != "path"} for s, b in built.items()},
                          "results": results, "ratios": ratios}, indent=2))
        return
    print(f"\n{'size':>6}  {'mode':<12} {'seconds':>8} {'peak MB':>8}")
    fl = f"{floor['seconds']:>8.2f} {floor['peak_mb']:>8.1f}" if floor["ok"] else f"{'FAILED':>8}"
    print(f"{'floor':>6}  {'import cli':<12} {fl}")
    for r in results:
        cells = f"{r['seconds']:>8.2f} {r['peak_mb']:>8.1f}" if r["ok"] else f"{'FAILED':>8} (exit {r['exit']})"
        print(f"{r['size']:>6}  {r['mode']:<12} {cells}")
    if ratios:
        print()
    for q in ratios:
        print(f"{q['mode']}: x{q['time_ratio']} from {q['from']} to {q['to']} (linear would be {q['linear']})")
    if not floor["ok"]:
        print(f"\nfloor FAILED (exit {floor['exit']}); stderr tail:\n{floor['stderr']}")


if __name__ == "__main__":
    main()
