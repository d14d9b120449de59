"""Load on a real `newsfuse serve`: readers of briefs and writers of articles at once.

    .venv/bin/python benchmarks/load.py [--readers 50] [--writers 5] [--seconds 60]

Builds a store in a temporary folder (the bundled example and, when present, the
shared afghan example: two stories, analysed), starts `newsfuse serve` on a free
localhost port, reads every brief once (so they are cached), then runs the readers
(each asks for a random story's brief, again and again) and the writers (each adds
an article of an event of its own, again and again) for the given time. Prints
requests per second, p50 and p99 latency and errors per role, and checks that
every article a writer was told was added is in the story it was told.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "varnholm-flood", ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"]
BIN = Path(sys.executable).parent / "newsfuse"
PLACES = ["Tromsø", "Bergen", "Lyon", "Porto", "Gdańsk", "Tartu", "Split", "Graz", "Aarhus", "Ghent"]
EVENTS = ["a ferry strike", "a museum fire", "a bridge closure", "a power cut", "a rail derailment",
          "a chemical leak", "a wildfire", "a landslide", "a tram collision", "a water shortage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _article(writer: int, n: int) -> dict:
    """An article of an event of its own: a writer's n-th article is a new story."""
    rng = random.Random(writer * 100_000 + n)
    place, event = rng.choice(PLACES), rng.choice(EVENTS)
    people = rng.randint(20, 5000)
    code = f"W{writer}N{n}"
    text = (f"Officials in {place} said {event} on Monday affected {people} people, in the incident they call "
            f"{code}. Emergency services from {place} worked through the night on incident {code}, the mayor said. "
            f"An inquiry into {code} will report within a month, the regional government added.")
    return {"id": f"load-{code}", "title": f"{event.capitalize()} in {place} ({code})", "source": f"Wire {writer}",
            "text": text}


async def _reader(client: aiohttp.ClientSession, stories: list[int], until: float, out: list, errors: list) -> None:
    while time.monotonic() < until:
        story = random.choice(stories)
        start = time.perf_counter()
        try:
            async with client.get(f"/api/stories/{story}") as r:
                body = await r.read()
                problem = None if r.status == 200 and body[:1] == b"{" else f"HTTP {r.status}"
        except aiohttp.ClientError as e:
            problem = type(e).__name__
        out.append(time.perf_counter() - start)
        if problem:
            errors.append(problem)


async def _writer(client: aiohttp.ClientSession, writer: int, until: float, out: list, errors: list,
                  told: dict) -> None:
    n = 0
    while time.monotonic() < until:
        record = _article(writer, n)
        n += 1
        start = time.perf_counter()
        try:
            async with client.post("/api/articles", json=record) as r:
                answer = await r.json()
                problem = None if r.status == 201 else f"HTTP {r.status}"
                if not problem:
                    told[answer["articles"][0]["id"]] = answer["articles"][0]["story"]
        except aiohttp.ClientError as e:
            problem = type(e).__name__
        out.append(time.perf_counter() - start)
        if problem:
            errors.append(problem)


def _row(role: str, times: list[float], errors: list, seconds: float) -> dict:
    ordered = sorted(times) or [0.0]
    return {"role": role, "requests": len(times), "per_second": len(times) / seconds,
            "p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
            "errors": len(errors), "error_kinds": sorted(set(errors))[:5]}


async def run(base: str, readers: int, writers: int, seconds: float) -> dict:
    connector = aiohttp.TCPConnector(limit=readers + writers + 5)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as client:
        async with client.get("/api/stories") as r:
            stories = [s["id"] for s in (await r.json())["stories"]]
        for story in stories:  # cache every brief first: readers measure cached briefs
            async with client.get(f"/api/stories/{story}") as r:
                r.raise_for_status()
        read_times, read_errors, write_times, write_errors, told = [], [], [], [], {}
        until = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(*[_reader(client, stories, until, read_times, read_errors) for _ in range(readers)],
                             *[_writer(client, w, until, write_times, write_errors, told) for w in range(writers)])
        elapsed = time.monotonic() - started
        missing = []
        for article, story in told.items():  # every article the writers were told was added is in its story
            async with client.get(f"/api/articles/{article}") as r:
                if r.status != 200 or (await r.json())["story"] != story:
                    missing.append(article)
        members = {s: set() for s in set(told.values())}
        for story in members:
            async with client.get(f"/api/stories/{story}") as r:
                members[story] = {a["id"] for a in (await r.json())["articles"]}
        missing += [a for a, s in told.items() if a not in members[s]]
    return {"readers": readers, "writers": writers, "seconds": round(elapsed, 1), "stories_read": len(stories),
            "rows": [_row("read cached brief", read_times, read_errors, elapsed),
                     _row("add article", write_times, write_errors, elapsed)],
            "added": len(told), "added_but_not_found": sorted(set(missing))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "load.db"
        inputs = [str(p) for p in EXAMPLES if p.is_dir()]
        subprocess.run([str(BIN), "ingest", *inputs, "--store", str(store)], check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([str(BIN), "serve", "--store", str(store), "--port", str(port)],
                                  stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            result = asyncio.run(run(base, args.readers, args.writers, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['readers']} readers and {result['writers']} writers for {result['seconds']} s against "
          f"`newsfuse serve` on localhost ({result['stories_read']} stories read, all briefs cached first)")
    print(f"{'role':<20}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for row in result["rows"]:
        print(f"{row['role']:<20}{row['requests']:>9}{row['per_second']:>9.1f}{row['p50_ms']:>9.1f}"
              f"{row['p99_ms']:>9.1f}{row['errors']:>8}" + (f"  {row['error_kinds']}" if row["errors"] else ""))
    lost = result["added_but_not_found"]
    print(f"articles added: {result['added']}; in their story at the end: {result['added'] - len(lost)}"
          + (f"; NOT FOUND: {lost[:10]}" if lost else ""))
    if lost or any(row["errors"] for row in result["rows"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
