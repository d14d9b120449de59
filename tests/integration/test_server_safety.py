"""A store served on localhost as its users meet it (issue 23): no other web page can write
to it, every story is reachable a page at a time, and a story has one title, its outlets
and its articles' dates everywhere."""

import json
import random
import sqlite3

import pytest
from fastapi.testclient import TestClient

from newsfuse.config import Config
from newsfuse.service import ingest
from newsfuse.server import create_app
from newsfuse.store import MIGRATIONS, Store
from newsfuse import service

LOCAL = "http://127.0.0.1:8000"
NO_ANALYSIS = Config().replace(analyse={"enabled": False})
TEXT = ("The ferry strike in Bergen ended on Monday after the unions and the port agreed a new timetable, the port "
        "authority said. Ferries to the islands will run again from Tuesday morning.")


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(n)]


def _records(n_stories: int, undated: int = 0) -> list[dict]:
    """Two articles a story, each story with words of its own; story k dated 2024-01-(k+1),
    the last ``undated`` without dates."""
    rng = random.Random(7)
    out = []
    for k in range(n_stories):
        vocabulary = _words(rng, 30)
        for j in range(2):
            words = vocabulary[:20] + rng.sample(vocabulary[20:], 5)
            record = {"id": f"s{k}a{j}", "title": " ".join(vocabulary[:6]).capitalize(),
                      "text": " ".join(words).capitalize() + ". " + " ".join(reversed(words)).capitalize() + "."}
            if k < n_stories - undated:
                record["published"] = f"2024-01-{k + 1:02d}T0{j}:00:00Z"
            out.append(record)
    return out


@pytest.fixture(scope="module")
def store_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("paged") / "s.db"
    with Store(path, NO_ANALYSIS) as store:
        assert all(r.status == "added" for r in ingest(store, _records(9, undated=2), NO_ANALYSIS))
    return path


@pytest.fixture
def client(store_file, tmp_path):
    import shutil

    shutil.copy(store_file, tmp_path / "s.db")
    with TestClient(create_app(tmp_path / "s.db", NO_ANALYSIS), base_url=LOCAL) as c:
        yield c


# --- writes only from the server's own pages, requests only to its own names ---------------

def test_a_forged_origin_cannot_write(client):
    forged = {"Origin": "http://evil.example.com", "content-type": "text/plain"}
    r = client.post("/api/articles", content=TEXT, headers=forged)
    assert r.status_code == 403 and "evil.example.com" in r.json()["error"]
    assert client.delete("/api/articles/s0a0", headers={"Origin": "http://evil.example.com"}).status_code == 403
    assert client.post("/add", data={"body": TEXT}, headers={"Origin": "null"}).status_code == 403
    # a browser that leaves Origin out still sends Referer
    assert client.post("/api/articles", content=TEXT, headers={"Referer": "http://evil.example.com/page",
                                                                "content-type": "text/plain"}).status_code == 403
    # the same port on another loopback name is this server; another port is another site
    assert client.post("/api/articles", content=TEXT, headers={"Origin": "http://127.0.0.1:9999",
                                                                "content-type": "text/plain"}).status_code == 403
    assert client.get("/api/articles/s0a0").status_code == 200  # nothing was deleted
    # its own pages, and clients that are not browsers (no Origin), write
    own = client.post("/api/articles", content=TEXT, headers={"Origin": LOCAL, "content-type": "text/plain"})
    assert own.status_code == 201
    assert client.post("/add", data={"body": TEXT + " Buses replace the night ferry."},
                       headers={"Origin": "http://localhost:8000"}).status_code == 201
    assert client.delete("/api/articles/s0a0").status_code == 200


def test_a_forged_host_is_refused(client):
    for method, path in [("GET", "/api/stories"), ("POST", "/api/articles"), ("DELETE", "/api/articles/s0a0"),
                         ("GET", "/")]:
        r = client.request(method, path, headers={"Host": "evil.example.com"}, content=TEXT)
        assert r.status_code == 400 and "evil.example.com" in r.json()["error"], (method, path)
    assert client.get("/api/articles/s0a0").status_code == 200
    for name in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/stories", headers={"Host": name}).status_code == 200, name


def test_names_a_server_answers_to(store_file):
    """The name it was started on and serve.allowed_hosts are its names; on every address
    (0.0.0.0) with no names set it takes any, and needs its token to write (serve refuses to
    start there without one)."""
    def status(app, name):
        with TestClient(app, base_url=f"http://{name}") as c:
            return c.get("/api/stories").status_code

    assert status(create_app(store_file, NO_ANALYSIS, host="news.lan"), "news.lan") == 200
    assert status(create_app(store_file, NO_ANALYSIS, host="news.lan"), "other.lan") == 400
    named = NO_ANALYSIS.set({"serve.allowed_hosts": "news.example.org, other.lan"})
    assert status(create_app(store_file, named, host="10.0.0.5"), "other.lan") == 200
    assert status(create_app(store_file, named, host="10.0.0.5"), "10.0.0.5") == 200
    assert status(create_app(store_file, NO_ANALYSIS, host="0.0.0.0", token="t"), "anything.lan") == 200


def test_with_a_token_any_origin_writes_with_it_and_none_without(store_file, tmp_path):
    import shutil

    shutil.copy(store_file, tmp_path / "t.db")
    with TestClient(create_app(tmp_path / "t.db", NO_ANALYSIS, token="s3cret"), base_url=LOCAL) as c:
        elsewhere = {"Origin": "https://dashboard.example.org", "content-type": "text/plain"}
        assert c.post("/api/articles", content=TEXT, headers=elsewhere).status_code == 401
        assert c.post("/api/articles", content=TEXT,
                      headers={**elsewhere, "Authorization": "Bearer s3cret"}).status_code == 201


# --- every story reachable ----------------------------------------------------------------

def test_stories_are_paged_newest_article_first_with_the_total(client):
    first = client.get("/api/stories", params={"limit": 4}).json()
    assert first["total"] == 9 and len(first["stories"]) == 4 and first["next"]
    seen, page = [], first
    while True:
        seen += page["stories"]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
        assert page["total"] == 9
    assert len(seen) == 9 and len({s["id"] for s in seen}) == 9
    dated = [s["last_seen"] for s in seen if s["last_seen"]]
    assert dated == sorted(dated, reverse=True) and len(dated) == 7
    assert dated[0].startswith("2024-01-07T01:00")  # the newest article's date, not the day it was ingested
    assert [s["last_seen"] for s in seen[7:]] == [None, None]  # undated stories last
    assert all(s["first_seen"] is None for s in seen[7:])
    since = client.get("/api/stories", params={"since": "2024-01-06"}).json()
    assert since["total"] == 2 and [s["last_seen"][:10] for s in since["stories"]] == ["2024-01-07", "2024-01-06"]
    word = seen[3]["title"].split()[1]
    found = client.get("/api/stories", params={"q": word}).json()
    assert found["total"] == 1 and found["stories"][0]["id"] == seen[3]["id"]


def test_the_list_page_pages_and_says_how_many(client):
    page = client.get("/", params={"limit": 4})
    assert "Stories 1–4 of 9" in page.text
    import re

    following = re.search(r'<a href="([^"]+)" rel="next">', page.text).group(1).replace("&amp;", "&")
    second = client.get(following)
    assert "Stories 5–8 of 9" in second.text
    last = client.get(re.search(r'<a href="([^"]+)" rel="next">', second.text).group(1).replace("&amp;", "&"))
    assert "Stories 9–9 of 9" in last.text and 'rel="next"' not in last.text
    assert "no date" in last.text
    assert client.get("/", params={"since": "notadate"}).status_code == 422


# --- one story, one account of it -----------------------------------------------------------

def test_outlets_dates_and_title_of_a_story(tmp_path):
    records = [
        {"id": "a", "url": "https://www.harbour-news.example/ferry", "title": "Bergen ferry strike ends",
         "published": "2024-03-04", "text": TEXT},
        {"id": "b", "url": "https://coast.example/strike-over", "title": "Ferry strike in Bergen ends after deal",
         "published": "2024-03-05", "text": TEXT.replace("ended on Monday", "came to an end on Monday")},
        {"id": "c", "source": "Radio Vest", "title": "Unions and port agree: Bergen ferries run again",
         "published": "2024-03-04T18:00:00Z", "text": TEXT.replace("Ferries to the islands", "Island ferries")},
    ]
    with Store(tmp_path / "s.db", NO_ANALYSIS) as store:
        list(ingest(store, records, NO_ANALYSIS))
        (story,) = store.stories()
        assert story["n_articles"] == 3 and story["n_sources"] == 3  # hosts count as outlets
        assert sorted(store.story(story["id"])["sources"]) == ["Radio Vest", "coast.example", "harbour-news.example"]
        assert story["first_seen"].startswith("2024-03-04") and story["last_seen"].startswith("2024-03-05")
        brief = service.brief(store, story["id"])
        assert story["title"] == brief.headline == brief.title  # the list's title is the brief's
        # a story of articles without headlines is titled by its lead
        list(ingest(store, [{"id": "d", "text": "Volcanic ash closed the airport of Catania on Sunday, and 40 "
                                                "flights were cancelled, the airport operator said."}], NO_ANALYSIS))
        untitled = next(s for s in store.stories() if "d" in s["articles"])
        assert untitled["title"].startswith("Volcanic ash closed the airport of Catania")
        assert service.brief(store, untitled["id"]).headline == untitled["title"]


def test_an_older_store_is_migrated(tmp_path):
    """A store of schema 2 (stories dated by the day they were ingested) opens with its stories
    dated by their articles and titled by their consensus."""
    path = tmp_path / "old.db"
    with Store(path, NO_ANALYSIS) as store:
        list(ingest(store, _records(2, undated=1), NO_ANALYSIS))
        languages = [s["language"] for s in store.stories()]
    db = sqlite3.connect(path)
    db.executescript("DROP INDEX stories_newest; ALTER TABLE stories DROP COLUMN newest; "
                     "ALTER TABLE stories DROP COLUMN languages; ALTER TABLE articles DROP COLUMN language; "
                     "ALTER TABLE articles DROP COLUMN vector; "
                     "UPDATE stories SET last_seen = '2099-01-01T00:00:00+00:00', first_seen = '2099-01-01', "
                     "title = NULL, sources = '[]'; PRAGMA user_version = 2;")
    db.close()
    with Store(path, NO_ANALYSIS) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        got = store.stories()
        assert [s["last_seen"] and s["last_seen"][:10] for s in got] == ["2024-01-01", None]
        assert all(s["title"] for s in got)
        assert [s["language"] for s in got] == languages  # read again from the stored articles
        word = got[0]["title"].split()[0]
        assert {r["story"] for r in store.search(word)} == {got[0]["id"]}  # the search index, rebuilt
        assert store.page(query=word).total == 1
        store.remove(got[0]["articles"][0])
        assert len(store.search(word)) == 1
        plan = " ".join(r[3] for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM stories ORDER BY newest DESC, id DESC LIMIT 50"))
        assert "stories_newest" in plan and "TEMP B-TREE" not in plan


def test_a_write_while_another_process_writes_says_when_to_retry(client, store_file, tmp_path):
    import fcntl

    path = tmp_path / "s.db"
    with open(path.with_name(path.name + ".lock"), "w") as lock:  # what a running `newsfuse ingest` holds
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = client.post("/api/articles", content=TEXT, headers={"content-type": "text/plain"})
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    assert "another newsfuse" in r.json()["error"]


def test_page_json_is_plain(client):
    body = client.get("/api/stories", params={"limit": 1}).json()
    json.dumps(body)
    assert set(body["stories"][0]) == {"id", "title", "n_articles", "n_sources", "first_seen", "last_seen",
                                     "language", "languages"}
