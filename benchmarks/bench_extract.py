"""Time newsfuse's HTML cleaning against trafilatura.extract on the same pages.

    .venv/bin/python benchmarks/bench_extract.py --data ../shared/data/extraction-dragnet-train
    .venv/bin/python benchmarks/bench_extract.py --data ../shared/data/extraction-scrapinghub --limit 100

Both systems take each page's bytes in turn, page by page, so load from other jobs
on the machine hits both alike: compare the ratio, not the raw pages per second.
The pages and both systems are ``newsfuse eval extract``'s own (its ``load_pages`` and
``HTML_SYSTEMS``): newsfuse decodes the bytes, then cleans; trafilatura is
``trafilatura.extract(bytes, include_comments=False)``. Only the scoring is left out.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True,
                        help="a page set (html/<id>.html.gz and ground-truth.json); repeat for several")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages of each set")
    args = parser.parse_args(argv)

    from newsfuse.evaluation.extraction import HTML_SYSTEMS, load_pages

    systems = {name: HTML_SYSTEMS[name] for name in ("newsfuse", "trafilatura")}
    probe = b"<html><body><p>Probe.</p></body></html>"
    for system in systems.values():  # imports and first-call setup are not timed
        system(probe)
    for data in args.data:
        pages = load_pages(data, args.limit)
        seconds = dict.fromkeys(systems, 0.0)
        for _, raw, _ in pages:
            for name, system in systems.items():
                start = time.perf_counter()
                system(raw)
                seconds[name] += time.perf_counter() - start
        n = len(pages)
        rates = {name: n / s for name, s in seconds.items()}
        print(f"{data.name}: {n} pages")
        for name, s in seconds.items():
            print(f"  {name:12s} {1000 * s / n:7.1f} ms/page  {rates[name]:6.1f} pages/s")
        print(f"  ratio newsfuse/trafilatura (pages/s): {rates['newsfuse'] / rates['trafilatura']:.2f}x")


if __name__ == "__main__":
    main()
