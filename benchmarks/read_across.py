"""Run the read-across analysis on every story of a data set and count what it finds.

    .venv/bin/python benchmarks/read_across.py ../shared/data/clustering-basil.jsonl --show 10
    .venv/bin/python benchmarks/read_across.py ../shared/data/multinews-dev.jsonl --out mn.json

Each story goes through ``newsfuse.brief(records, words=120)``. The format is
detected from the first line: a line with "documents" is a Multi-News cluster
(one story per line); otherwise each line is an article and articles are grouped
by ``story_id`` (BASIL). A story that raises is recorded with its traceback and
the run goes on. At the end it prints the number of stories, failures, time, and
totals and per-story means of discrepancies (by kind), unique facts, entities
(and those merged from more than one spelling), quotes and claims, timeline
events (resolved / unresolved) and syndicated groups (article / passage). There
are no reference answers here: ``--show K`` prints K examples of each
discrepancy kind and K merged entities, so a person can judge them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter, defaultdict

from newsfuse.pipeline import brief

KINDS = ("number", "date", "name", "claim")


def stories(path: str, group: str | None) -> list[tuple[str, list[dict]]]:
    """(story id, records) for each story, in file order."""
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    group = group or ("cluster" if rows and "documents" in rows[0] else "story_id")
    if group == "cluster":
        return [(r["cluster_id"], [{"id": d["doc_id"], "text": d["text"]} for d in r["documents"]]) for r in rows]
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        grouped[r["story_id"]].append({"id": r["doc_id"], **{k: r.get(k) for k in
                                       ("text", "source", "title", "published", "url")}})
    return list(grouped.items())


def measure(result) -> Counter:
    c: Counter = Counter()
    for d in result.discrepancies:
        c[f"discrepancies.{d.kind}"] += 1
    c["unique facts"] = sum(len(v) for v in result.unique.values())
    c["entities"] = len(result.entities)
    c["entities with >1 variant"] = sum(len(e.variants) > 1 for e in result.entities)
    c["quotes"] = sum(q.kind == "quote" for q in result.quotes)
    c["claims"] = sum(q.kind == "claim" for q in result.quotes)
    c["timeline resolved"] = sum(e.resolved for e in result.timeline)
    c["timeline unresolved"] = sum(not e.resolved for e in result.timeline)
    for s in result.syndicated:
        c[f"syndicated.{s.kind}"] += 1
    return c


def short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def show(examples: dict[str, list], k: int) -> None:
    for found in examples.values():
        found.sort(key=lambda x: x[:2])
    for kind in KINDS:
        print(f"\n=== {kind} discrepancies ({len(examples[kind])} in all, first {k}) ===")
        for _, _, story, d, names in examples[kind][:k]:
            print(f"[{story}] about: {d.about!r}")
            for v in d.values:
                counts = f" counts={v.counts!r}" if v.counts else ""
                srcs = ",".join(names.get(s, s) for s in v.sources)
                print(f"    {v.value!r}{counts} <{srcs}> {short(v.text)}")
    print(f"\n=== merged entities ({len(examples['entity'])} in all, first {k}) ===")
    for _, _, story, e, _ in examples["entity"][:k]:
        print(f"[{story}] {e.name} ({e.label}): {e.variants} in {len(e.sources)} articles")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", help="a .jsonl file: BASIL-style articles or Multi-News clusters")
    ap.add_argument("--group", choices=("story_id", "cluster"), help="format; detected when left out")
    ap.add_argument("--limit", type=int, help="only the first N stories")
    ap.add_argument("--out", help="write the totals, means and failures here as JSON")
    ap.add_argument("--show", type=int, default=0, metavar="K", help="print K examples of each kind")
    args = ap.parse_args()

    todo = stories(args.data, args.group)[: args.limit]
    totals: Counter = Counter()
    failures: list[dict] = []
    examples: dict[str, list] = defaultdict(list)
    start = time.perf_counter()
    for n, (story, records) in enumerate(todo, start=1):
        try:
            result = brief(records, words=120)
        except Exception as e:  # noqa: BLE001 - one story must not stop the run
            failures.append({"story": story, "error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})
        else:
            totals += measure(result)
            names = {a.id: f"{a.source}:{a.id[:8]}" if a.source else a.id for a in result.articles}
            kinds = Counter()  # rank within the story, so the examples shown spread over the stories
            for d in result.discrepancies:
                examples[d.kind].append((kinds[d.kind], n, story, d, names))
                kinds[d.kind] += 1
            merged = [e for e in result.entities if len(e.variants) > 1]
            examples["entity"] += [(rank, n, story, e, names) for rank, e in enumerate(merged)]
        if n % 10 == 0 or n == len(todo):
            print(f"{n}/{len(todo)} stories, {len(failures)} failed, {time.perf_counter() - start:.1f}s",
                  file=sys.stderr)
    seconds = time.perf_counter() - start

    done = len(todo) - len(failures)
    keys = [f"discrepancies.{k}" for k in KINDS] + [
        "unique facts", "entities", "entities with >1 variant", "quotes", "claims",
        "timeline resolved", "timeline unresolved", "syndicated.article", "syndicated.passage"]
    summary = {
        "data": args.data, "stories": len(todo), "failures": len(failures),
        "seconds": round(seconds, 2), "seconds per story": round(seconds / max(len(todo), 1), 3),
        "totals": {k: totals[k] for k in keys},
        "means": {k: round(totals[k] / max(done, 1), 2) for k in keys},
    }
    print(f"stories {summary['stories']}, failures {summary['failures']}, "
          f"{summary['seconds']}s ({summary['seconds per story']}s per story)")
    print(f"{'':28}{'total':>8}{'mean':>8}")
    for k in keys:
        print(f"{k:28}{totals[k]:>8}{summary['means'][k]:>8}")
    for f in failures:
        print(f"\nFAILED {f['story']}: {f['error']}\n{f['traceback']}")
    if args.show:
        show(examples, args.show)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({**summary, "failed": failures}, f, indent=2)


if __name__ == "__main__":
    main()
