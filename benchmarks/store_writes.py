"""The store's one writer: how fast prepared articles are staged and put in stories.

    .venv/bin/python benchmarks/store_writes.py [--docs 600]

Prepares the first --docs pooled Multi-News documents (analysis on, so each carries its
annotations), then times staging them and adding them to stories (story assignment,
the article's row, its prepared JSON, full-text search, one transaction each) in a
fresh store in a temporary folder.
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

from newsfuse.config import Config
from newsfuse.pipeline import prepare
from newsfuse.store import Store

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "multinews-plus-test.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=600)
    args = parser.parse_args()
    docs = []
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            docs += [{"id": d["doc_id"], "text": d["text"]} for d in json.loads(line)["documents"]]
            if len(docs) >= args.docs:
                break
    prepared = prepare(docs[:args.docs], Config()).articles
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        store.clear_staged()
        start = time.perf_counter()
        store.stage(list(enumerate(prepared)))
        staged = time.perf_counter()
        added = sum(1 for r in store.add_staged() if getattr(r, "status", "") == "added")
        end = time.perf_counter()
    print(f"{len(prepared)} prepared articles: staged {len(prepared) / (staged - start):,.0f} a second; "
          f"added to stories {added / (end - staged):,.0f} a second ({added} added, the rest repeat a text)")


if __name__ == "__main__":
    main()
