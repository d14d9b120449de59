"""The story list of a large store: every page of it fast, on an index.

    .venv/bin/python benchmarks/list_stories.py [--articles 100000] [--runs 200]

Builds a store of --articles articles in stories of 1 to 5 articles (rows written
straight into the store's tables: this measures reading the list, not ingesting),
dated over two years with one story in ten undated (the text: common words and words of
its story's topic), then times, over --runs requests
each, the list as the web app and the API ask for it: the first page, a page deep in
the list (by its cursor), a date filter and a full-text query (two words of a topic, and
a common word most articles hold), through the store and
through the REST API (FastAPI's test client, in process). Beside each, in the same run,
the list as the store made it before paging (ORDER BY its dates with no index, then
one query per story for its articles; a deep page by OFFSET). Prints p50 and p99 in
milliseconds, the ratio old / new, and the query plan of a page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from newsfuse.config import Config
from newsfuse.store import Store

WORDS = ("flood barrier river residents evacuated council minister election strike union port ferry court "
         "ruling storm wind power outage fire forest village police border troops talks ceasefire summit "
         "budget tax vote parliament protest airport flights cancelled earthquake rescue hospital vaccine").split()


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
            for _ in range(n)]


def build(path: Path, n_articles: int, seed: int = 1) -> tuple[int, str]:
    """A store of ``n_articles`` articles: each story's text is common words and words of its
    own topic (drawn from 20,000). Returns the number of stories and a query of two words of
    one story's topic."""
    rng = random.Random(seed)
    topics = _vocabulary(rng, 20_000)
    query = ""
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    prepared = json.dumps({"padding": "x" * 2000})  # a prepared article's row is kilobytes, not bytes
    with Store(path, Config()) as store:
        db = store.db
        db.execute("BEGIN")
        n, story = 0, 0
        while n < n_articles:
            story += 1
            size = min(rng.choice((1, 1, 1, 2, 2, 3, 4, 5)), n_articles - n)
            dated = rng.random() > 0.1
            base = start + dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            times = sorted(base + dt.timedelta(hours=rng.randrange(48)) for _ in range(size))
            topic = rng.sample(topics, 12)
            query = query or " ".join(topic[:2])
            title = " ".join(topic[:3] + rng.sample(WORDS, 3)).capitalize()
            outlets = []
            for k, moment in enumerate(times):
                n += 1
                source = f"outlet{rng.randrange(300)}"
                outlets.append(source)
                text = " ".join(rng.choices(WORDS, k=40) + rng.choices(topic, k=20))
                db.execute("INSERT INTO articles(id, url, text_hash, source, title, published, time, story, prepared, "
                           "added) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (f"a{n}", f"h{n}", source, title, moment.isoformat() if dated else None,
                            moment.timestamp() if dated else None, story, prepared, moment.isoformat()))
                db.execute("INSERT INTO search(rowid, id, title, text) VALUES (?, ?, ?, ?)", (n, f"a{n}", title, text))
            first, last = (times[0].isoformat(), times[-1].isoformat()) if dated else (None, None)
            db.execute("INSERT INTO stories(id, title, n_articles, sources, first_seen, last_seen, newest, changed) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (story, title, size, json.dumps(sorted(set(outlets))), first, last, last or "",
                        times[-1].isoformat()))
        db.execute("COMMIT")
        db.execute("ANALYZE")
    return story, query


def old_page(db, limit: int, offset: int = 0, since: str | None = None) -> list[dict]:
    """The list as the store made it before paging: no index on its order, a query per story."""
    sql = "SELECT id, title, n_articles, sources, first_seen, last_seen FROM stories"
    args: list = []
    if since:
        sql += " WHERE last_seen >= ?"
        args.append(since)
    sql += " ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?"
    out = []
    for sid, title, n, sources, first, last in db.execute(sql, args + [limit, offset]).fetchall():
        members = [r[0] for r in db.execute("SELECT id FROM articles WHERE story = ? ORDER BY n", (sid,))]
        out.append({"id": sid, "title": title, "n_articles": n, "n_sources": len(json.loads(sources)),
                    "first_seen": first, "last_seen": last, "articles": members})
    return out


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.99 * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from newsfuse.server import create_app

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        t = time.perf_counter()
        n_stories, query = build(path, args.articles)
        print(f"store: {args.articles:,} articles in {n_stories:,} stories, {path.stat().st_size / 1e6:.0f} MB "
              f"(built in {time.perf_counter() - t:.0f} s)")
        config = Config().replace(analyse={"enabled": False})
        with Store(path, config) as store:
            deep = None
            for _ in range(100):  # the cursor of page 101 of 50
                deep = store.page(limit=50, after=deep, members=False).next
            plan = [r[3] for r in store.db.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM stories WHERE (newest < ? OR (newest = ? AND id < ?)) "
                "ORDER BY newest DESC, id DESC LIMIT 51", ("2025", "2025", 10))]
            print("query plan of a page:", "; ".join(plan))
            cases = {
                "first page": (lambda: store.page(limit=50), lambda: old_page(store.db, 50)),
                "page 101 (cursor / offset)": (lambda: store.page(limit=50, after=deep),
                                               lambda: old_page(store.db, 50, offset=5000)),
                "since a date": (lambda: store.page(limit=50, since="2025-06-01"),
                                 lambda: old_page(store.db, 50, since="2025-06-01")),
                f"a query ({query})": (lambda: store.page(limit=50, query=query), None),
                "a query most articles match": (lambda: store.page(limit=50, query="ferry"), None),
            }
            print(f"{'store, 50 stories a page':<30} {'p50 ms':>8} {'p99 ms':>8} {'before p99':>11} {'ratio':>6}")
            for name, (new, old) in cases.items():
                p50, p99 = timed(new, args.runs)
                line = f"{name:<30} {p50:>8.2f} {p99:>8.2f}"
                if old is not None:
                    _, old99 = timed(old, max(20, args.runs // 10))
                    line += f" {old99:>11.2f} {old99 / p99:>5.1f}x"
                print(line)
        with TestClient(create_app(path, config), base_url="http://127.0.0.1:8000") as client:
            first = client.get("/api/stories").json()
            assert first["total"] == n_stories, first["total"]
            print(f"{'REST API (in process)':<30} {'p50 ms':>8} {'p99 ms':>8}")
            for name, params in [("GET /api/stories", {}), ("  ?after=page 101", {"after": deep}),
                                 ("  ?since=2025-06-01", {"since": "2025-06-01"}), (f"  ?q={query}", {"q": query}),
                                 ("GET / (the list page, 100)", None)]:
                if params is None:
                    p50, p99 = timed(lambda: client.get("/"), args.runs)
                else:
                    p50, p99 = timed(lambda p=params: client.get("/api/stories", params=p), args.runs)
                print(f"{name:<30} {p50:>8.2f} {p99:>8.2f}")


if __name__ == "__main__":
    main()
