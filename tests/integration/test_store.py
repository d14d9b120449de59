"""The store: ingest, duplicates, stories, cached briefs, search, and a kill in the middle."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.config import Config
from newsfuse.pipeline import prepare
from newsfuse.service import ingest
from newsfuse.store import MIGRATIONS, Store, StoreError
from newsfuse import service
from tests.conftest import EXAMPLE

BIN = Path(sys.executable).parent / "newsfuse"
FAST = Config().set({"analyse.enabled": False})
TOPICS = ["flood barrier river rescue boats harbour", "election parliament votes labour coalition",
          "earthquake magnitude rubble rescuers aftershock", "museum reopens paintings renovation curator",
          "ferry strike port unions timetable", "wildfire hectares evacuation firefighters drought"]


def _article(n: int) -> dict:
    """An article of one of six topics: its words are its topic's, plus three of its own."""
    topic = TOPICS[n % len(TOPICS)].split()
    own = " ".join(f"{w}{n}" for w in ("alpha", "beta", "gamma"))  # each text its own
    return {"id": f"a{n}", "title": f"{topic[0].title()} {topic[1]} {topic[2]}",
            "text": f"The {topic[0]} {topic[1]} {topic[2]} {topic[3]}. {topic[4].title()} {topic[0]} "
                    f"{topic[1]} {own}."}


def test_ingest_is_idempotent_and_finds_duplicates(tmp_path):
    with Store(tmp_path / "s.db", FAST) as store:
        first = list(ingest(store, [EXAMPLE], FAST))
        assert [g.status for g in first] == ["added"] * 5
        assert len({g.story for g in first}) == 1
        again = list(ingest(store, [EXAMPLE], FAST))
        assert [g.status for g in again] == ["duplicate"] * 5
        # the same text under another id and without a URL is still a duplicate
        text = prepare([EXAMPLE / "coastwire.txt"], FAST).articles[0].article.raw
        (dup,) = list(ingest(store, [{"id": "copy", "text": text}], FAST))
        assert dup.status == "duplicate" and dup.duplicate_of == "coastwire" and dup.why == "the same text"
        assert store.counts() == {"articles": 5, "stories": 1}


def test_a_clashing_id_is_renamed(tmp_path):
    with Store(tmp_path / "s.db", FAST) as store:
        (a,) = list(ingest(store, [{"id": "x", "text": "Floods closed the harbour road in Varnholm on Monday."}], FAST))
        (b,) = list(ingest(store, [{"id": "x", "text": "The museum in Oslo reopened after a long renovation."}], FAST))
        assert (a.article, b.article) == ("x", "x-2")
        assert store.articles(b.story)[0].sentences[0].key == ("x-2", 0)


def test_headlines_alone_are_stored_apart(tmp_path):
    """A headline with no body is an article: two different headlines are not duplicates
    (their cleaned bodies are both empty), the same one twice is."""
    heads = [{"id": "h1", "title": "Floods close the harbour road in Varnholm"},
             {"id": "h2", "title": "Museum in Oslo reopens after renovation"},
             {"id": "h3", "title": "Floods close the harbour road in Varnholm"}]
    with Store(tmp_path / "s.db", FAST) as store:
        assert [g.status for g in ingest(store, heads, FAST)] == ["added", "added", "duplicate"]


def test_stories_brief_cache_and_search(tmp_path):
    with Store(tmp_path / "s.db", FAST) as store:
        list(ingest(store, [EXAMPLE], FAST))
        (story,) = store.stories()
        assert set(story) == {"id", "title", "n_articles", "n_sources", "first_seen", "last_seen", "language",
                              "languages", "articles"}
        assert story["n_articles"] == 5
        brief = service.brief(store, story["id"])
        assert brief.summary and len(brief.articles) == 5
        assert store.db.execute("SELECT count(*) FROM briefs").fetchone()[0] == 1
        assert service.brief(store, story["id"]).to_dict() == brief.to_dict()  # from the cache
        extra = {"id": "late", "text": "The Elsin river flood barrier in Varnholm will be rebuilt, the city council "
                                       "said, after the flood forced about 2,400 residents from their homes."}
        (added,) = list(ingest(store, [extra], FAST))
        assert added.story == story["id"]
        assert store.db.execute("SELECT count(*) FROM briefs").fetchone()[0] == 0  # the story changed
        assert len(service.brief(store, story["id"]).articles) == 6
        hits = store.search("barrier breached")
        assert hits and hits[0]["story"] == story["id"]
        assert store.search('"; DROP TABLE articles; --') == []  # a query is words, never SQL or FTS syntax


def test_a_brief_made_by_other_code_is_made_again(tmp_path, monkeypatch):
    """The brief cache is keyed on the configuration and the code: after an upgrade that reads
    stories otherwise, a cached brief is not served as if the new code had made it."""
    from newsfuse import store as store_module

    with Store(tmp_path / "s.db", FAST) as store:
        list(ingest(store, [EXAMPLE], FAST))
        (story,) = store.stories()
        service.brief(store, story["id"])
        assert store.cached_brief_json(story["id"]) is not None
        store_module._config_key.cache_clear()
        monkeypatch.setattr(store_module, "_code_key", lambda: "another version of the code")
        try:
            assert store.cached_brief_json(story["id"]) is None
            assert service.brief(store, story["id"]).summary  # made again, and cached under the new key
            assert store.cached_brief_json(story["id"]) is not None
        finally:
            store_module._config_key.cache_clear()


def test_store_reopens_with_its_stories(tmp_path):
    path = tmp_path / "s.db"
    with Store(path, FAST) as store:
        list(ingest(store, [_article(n) for n in range(12)], FAST))
        before = store.stories()
    with Store(path, FAST) as store:
        assert store.stories() == before
        (got,) = list(ingest(store, [_article(12)], FAST))  # the clusterer picks up where it was
        assert got.story == next(g for g in before if "a0" in g["articles"])["id"]


def test_schema_version_and_bad_files(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    newer = tmp_path / "newer.db"
    sqlite3.connect(newer).execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer newsfuse"):
        Store(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(junk)


def test_ingest_killed_midway_loses_nothing_reported(tmp_path):
    data = tmp_path / "many.jsonl"
    data.write_text("\n".join(json.dumps(_article(n)) for n in range(400)) + "\n", encoding="utf-8")
    store = tmp_path / "s.db"
    cmd = [str(BIN), "ingest", str(data), "--store", str(store), "--json",
           "--set", "analyse.enabled=false", "--set", "ingest.batch=20"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    reported = []
    for line in proc.stdout:
        reported.append(json.loads(line)["article"])
        if len(reported) == 57:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in db.execute("SELECT id FROM articles")}
    db.close()
    assert set(reported) <= stored and len(stored) < 400
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert sum(x["status"] == "duplicate" for x in lines) == len(stored)
    with Store(store, FAST) as s:
        assert s.counts()["articles"] == 400
        assert sum(st["n_articles"] for st in s.stories()) == 400


def test_cli_ingest_stories_search_and_brief(tmp_path):
    store = str(tmp_path / "s.db")
    r = subprocess.run([str(BIN), "ingest", str(EXAMPLE), "--store", store, "--set", "analyse.enabled=false"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("added ") == 5 and "5 added, 0 duplicates" in r.stderr
    r = subprocess.run([str(BIN), "stories", "--store", store, "--json"], capture_output=True, text=True)
    (story,) = json.loads(r.stdout)["stories"]
    r = subprocess.run([str(BIN), "brief", "--story", str(story["id"]), "--store", store, "--format", "json",
                        "--no-analysis"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["articles"]) == 5
    r = subprocess.run([str(BIN), "search", "hypothermia", "--store", store, "--json"], capture_output=True, text=True)
    assert {a["story"] for a in json.loads(r.stdout)["articles"]} == {story["id"]}
    r = subprocess.run([str(BIN), "stories", "--store", str(tmp_path / "none.db")], capture_output=True, text=True)
    assert r.returncode == 1 and "no store at" in r.stderr


def test_incremental_store_and_batch_clustering_agree(tmp_path):
    """The store assigns stories as `newsfuse cluster` does on the same input, in the same order."""
    from newsfuse.cluster import cluster_articles

    records = [_article(n) for n in range(30)]
    batch = cluster_articles(prepare(records, FAST).articles, FAST.cluster)
    with Store(tmp_path / "s.db", FAST) as store:
        stored = {g.article: g.story for g in ingest(store, records, FAST)}

    def partition(labels):
        groups = {}
        for article, story in labels.items():
            groups.setdefault(story, set()).add(article)
        return sorted(sorted(g) for g in groups.values())

    assert partition(stored) == partition(batch)
    assert len(set(batch.values())) == len(TOPICS)


def test_one_writer_at_a_time_readers_always(tmp_path):
    path = tmp_path / "s.db"
    with Store(path, FAST) as first:
        list(ingest(first, [EXAMPLE / "coastwire.txt"], FAST))
        with Store(path, FAST) as second:
            assert second.counts()["articles"] == 1  # reading while another writes
            with pytest.raises(StoreError, match="another newsfuse is adding"):
                list(ingest(second, [EXAMPLE / "radio-nord.txt"], FAST))
    with Store(path, FAST) as again:  # the lock goes with its writer
        assert [g.status for g in ingest(again, [EXAMPLE / "radio-nord.txt"], FAST)] == ["added"]
