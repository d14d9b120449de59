"""The store: ingest, duplicates, stories, cached briefs and search; `newsfuse ingest` killed in the
middle is tests/e2e/test_store.py."""

import json
import sqlite3

import pytest

from newsfuse.pipeline import prepare
from newsfuse.service import ingest
from newsfuse.store import MIGRATIONS, Store, StoreError
from newsfuse import service
from tests.conftest import EXAMPLE
from tests.helpers import FAST, TOPICS, _article, _by_id, cli


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


def test_cli_ingest_stories_search_and_brief(tmp_path):
    store = str(tmp_path / "s.db")
    r = cli("ingest", EXAMPLE, "--store", store, "--set", "analyse.enabled=false")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("added ") == 5 and "5 added, 0 duplicates" in r.stderr
    r = cli("stories", "--store", store, "--json")
    (story,) = json.loads(r.stdout)["stories"]
    r = cli("brief", "--story", story["id"], "--store", store, "--format", "json", "--no-analysis")
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)["articles"]) == 5
    r = cli("search", "hypothermia", "--store", store, "--json")
    assert {a["story"] for a in json.loads(r.stdout)["articles"]} == {story["id"]}
    r = cli("stories", "--store", tmp_path / "none.db")
    assert r.exit_code == 1 and "no store at" in r.stderr


def test_the_store_gives_a_headline_alone_its_lower_bar_as_batch_clustering_does(tmp_path):
    from newsfuse.cluster import cluster_articles

    heads = [{"id": "h1", "title": "Magnitude 6.1 earthquake kills dozens in central Italy"},
             {"id": "h2", "title": "Central Italy earthquake: dozens killed in Amatrice"},
             {"id": "h3", "title": "Norway's Labour party wins parliamentary election"}]
    # a bar these two headlines reach only lowered, as a headline alone has it
    config = FAST.replace(cluster={"threshold": 0.9, "consolidate": False})  # their cosine: 0.72
    batch = cluster_articles(prepare(heads, config).articles, config.cluster)
    assert batch["h1"] == batch["h2"] != batch["h3"]
    with Store(tmp_path / "s.db", config) as store:
        stored = {g.article: g.story for g in ingest(store, heads, config)}
    assert stored["h1"] == stored["h2"] != stored["h3"]


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


def test_saves_grow_apart_with_the_store_and_a_replay_covers_the_rest(tmp_path, monkeypatch):
    """A save writes the clusterer's whole state, so saves come every SAVE_EVERY articles or a
    SAVE_SHARE-th of those read, whichever is more; a store stopped between saves (no close, as
    a killed process) replays what it had not saved and goes on as one that never stopped."""
    from newsfuse.cluster import cluster_articles

    saves = []
    real_save = Store._save_clusterer
    monkeypatch.setattr(Store, "_save_clusterer", lambda self: (saves.append(self.clusterer.n_docs_), real_save(self)))
    monkeypatch.setattr(Store, "SAVE_EVERY", 2)
    monkeypatch.setattr(Store, "SAVE_SHARE", 4)
    records = [_article(n) for n in range(31)]
    store = Store(tmp_path / "s.db", FAST)
    list(ingest(store, records[:30], FAST))
    assert saves[:4] == [2, 4, 6, 8] and saves[-1] < 30  # then a quarter of what it read apart
    assert all(b - a >= max(2, b // 4) for a, b in zip(saves, saves[1:])) and len(saves) < 15
    store.db.close()  # stopped: no last save
    store._lock.close()
    with Store(tmp_path / "s.db", FAST) as reopened:
        stored = {g.article: g.story for g in ingest(reopened, records[30:], FAST)}
        stored.update(dict(reopened.db.execute("SELECT id, story FROM articles")))
    batch = cluster_articles(prepare(records, FAST).articles, FAST.cluster)
    together = {}
    for article, story in batch.items():
        together.setdefault(story, set()).add(article)
    assert all(len({stored[a] for a in group}) == 1 for group in together.values())
    assert len(set(stored.values())) == len(together)


def test_a_save_writes_the_stories_that_changed_and_an_older_store_moves_its_stories_to_rows(tmp_path):
    path = tmp_path / "s.db"
    records = [_article(n) for n in range(14)]
    with Store(path, FAST) as store:
        list(ingest(store, records[:12], FAST))
        store._save_clusterer()
        stories = store.db.execute("SELECT count(*) FROM clusterer_stories").fetchone()[0]
        assert stories == store.clusterer.active_stories > 2
        list(ingest(store, records[12:13], FAST))
        before = store.db.total_changes
        store._save_clusterer()
        assert store.db.total_changes - before == 2  # the story that took the article, and the counts
        state = store.clusterer.state()
    with Store(path, FAST) as store:
        assert _by_id(store.clusterer.state()) == _by_id(state)
    # a store saved before the stories had rows of their own kept them in the state
    db = sqlite3.connect(path)
    db.execute("UPDATE clusterer SET state = ?", (json.dumps(state),))
    db.execute("DELETE FROM clusterer_stories")
    db.commit()
    db.close()
    with Store(path, FAST) as store:
        assert _by_id(store.clusterer.state()) == _by_id(state)
        list(ingest(store, records[13:], FAST))
        after = store.clusterer.state()
    db = sqlite3.connect(path)
    assert "stories" not in json.loads(db.execute("SELECT state FROM clusterer").fetchone()[0])
    assert db.execute("SELECT count(*) FROM clusterer_stories").fetchone()[0] == len(after["stories"])
    db.close()
    with Store(path, FAST) as store:
        assert _by_id(store.clusterer.state()) == _by_id(after)


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
