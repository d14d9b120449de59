"""Time newsfuse's HTML cleaning against trafilatura.extract on the same pages.

    .venv/bin/python benchmarks/bench_extract.py --data ../shared/data/extraction-dragnet-train
    .venv/bin/python benchmarks/bench_extract.py --data ../shared/data/extraction-scrapinghub --limit 100

Both systems take each page's bytes in turn, page by page, so load from other jobs
on the machine hits both alike: compare the ratio, not the raw pages per second.
newsfuse is timed as ``eval extract`` times it: decoding the bytes, then ``clean``.
trafilatura is ``trafilatura.extract(bytes, include_comments=False)``, eval's peer.
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path


def load(data: Path, limit: int | None) -> list[tuple[str, bytes]]:
    paths = sorted((data / "html").glob("*.html.gz"))[:limit]
    if not paths:
        raise SystemExit(f"{data / 'html'}: no *.html.gz pages")
    return [(p.name.removesuffix(".html.gz"), gzip.decompress(p.read_bytes())) for p in paths]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True,
                        help="a page set (a folder holding html/*.html.gz); repeat for several")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages of each set")
    args = parser.parse_args(argv)

    import trafilatura

    from newsfuse.clean import clean
    from newsfuse.ingest import decode
    from newsfuse.model import Article

    systems = {
        "newsfuse": lambda pid, data: clean(Article(id=pid, raw=decode(data, pid, html=True), format="html")),
        "trafilatura": lambda pid, data: trafilatura.extract(data, include_comments=False),
    }
    probe = b"<html><body><p>Probe.</p></body></html>"
    for system in systems.values():  # imports and first-call setup are not timed
        system("probe", probe)
    for data in args.data:
        pages = load(data, args.limit)
        seconds = dict.fromkeys(systems, 0.0)
        for pid, raw in pages:
            for name, system in systems.items():
                start = time.perf_counter()
                system(pid, raw)
                seconds[name] += time.perf_counter() - start
        n = len(pages)
        rates = {name: n / s for name, s in seconds.items()}
        print(f"{data.name}: {n} pages")
        for name, s in seconds.items():
            print(f"  {name:12s} {1000 * s / n:7.1f} ms/page  {rates[name]:6.1f} pages/s")
        print(f"  ratio newsfuse/trafilatura (pages/s): {rates['newsfuse'] / rates['trafilatura']:.2f}x")


if __name__ == "__main__":
    main()
