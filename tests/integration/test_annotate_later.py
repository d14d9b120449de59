"""Annotate later (issue 30): a store's articles are prepared without the parse, which a story's
brief makes when it first needs it, keeps in the store, and never makes twice; the briefs are
those of articles parsed as they were ingested."""

import json
import sqlite3

import pytest

import newsfuse.pipeline as pipeline
from newsfuse.config import Config
from newsfuse.service import ingest, refresh
from newsfuse.store import Store
from newsfuse import service
from tests.conftest import EXAMPLE

NOW = Config().set({"ingest.annotate": "now", "cluster.consolidate": False})
LATER = Config().set({"ingest.annotate": "later", "cluster.consolidate": False})


def _unparsed(path) -> int:
    return sqlite3.connect(path).execute(
        "SELECT count(*) FROM articles WHERE json_extract(prepared, '$.annotations') IS NULL").fetchone()[0]


@pytest.fixture
def parses(monkeypatch):
    """Articles parsed, counted as annotate_all is asked for them with the analysis on."""
    seen: list[str] = []
    real = pipeline.annotate_all

    def counting(articles, config=None, annotator=None, progress=None):
        if config is None or config.analyse.enabled:
            seen.extend(a.id for a in articles)
        return real(articles, config, annotator, progress)

    monkeypatch.setattr(pipeline, "annotate_all", counting)
    return seen


def test_later_parses_when_a_brief_needs_it_and_once(tmp_path, parses):
    path = tmp_path / "later.db"
    with Store(path, LATER) as store:
        list(ingest(store, [EXAMPLE], LATER))
        assert parses == [] and _unparsed(path) == 5  # nothing parsed at ingest
        [story] = store.stories()
        brief = service.brief_json(store, story["id"])
        assert sorted(parses) == sorted(story["articles"]) and _unparsed(path) == 0  # parsed once, kept
        parses.clear()
        other = Config().set({"ingest.annotate": "later", "cluster.consolidate": False, "summarise.words": 60})
        service.brief_json(store, story["id"], other)  # another brief of the story: the parse is the store's
        assert parses == []
    with Store(tmp_path / "now.db", NOW) as eager:
        list(ingest(eager, [EXAMPLE], NOW))
        assert _unparsed(tmp_path / "now.db") == 0
        made = json.loads(service.brief_json(eager, eager.stories()[0]["id"]))
    later = json.loads(brief)
    assert made.pop("config")["ingest"]["annotate"] == "now" and later.pop("config")["ingest"]["annotate"] == "later"
    assert made == later  # the same brief either way


def test_refresh_keeps_the_parse_it_made(tmp_path, parses):
    path = tmp_path / "later.db"
    with Store(path, LATER) as store:
        list(ingest(store, [EXAMPLE], LATER))
        assert [error for _, error in refresh(store, LATER)] == [""]
        assert _unparsed(path) == 0 and len(parses) == 5
        [story] = store.stories()
        assert json.loads(store.cached_brief_json(story["id"]))["articles"]


def test_an_article_removed_meanwhile_is_not_written_back(tmp_path):
    with Store(tmp_path / "s.db", LATER) as store:
        list(ingest(store, [EXAMPLE], LATER))
        [story] = store.stories()
        prepared = store.articles(story["id"])
        done = pipeline.annotate_all([p.article for p in prepared], LATER)
        store.remove(prepared[0].id)
        assert store.put_annotations(done) == 4
        assert store.put_annotations(done) == 0  # already annotated: left as they are


def test_ingest_and_serve_settings_share_the_brief_cache(tmp_path):
    with Store(tmp_path / "s.db", LATER) as store:
        list(ingest(store, [EXAMPLE], LATER))
        [story] = store.stories()
        made = service.brief_json(store, story["id"])
        for other in (NOW, LATER.set({"serve.port": 8123}), LATER.set({"ingest.batch": 7})):
            assert store.cached_brief_json(story["id"], other) == made
        assert store.cached_brief_json(story["id"], LATER.set({"summarise.words": 60})) is None


def test_mixed_inputs_give_the_same_stories_and_briefs_either_way(tmp_path):
    from tests.conftest import ROOT

    inputs = [EXAMPLE, ROOT / "examples" / "crue-brenholt"]
    briefs = {}
    for name, config in (("now", NOW), ("later", LATER)):
        with Store(tmp_path / f"{name}.db", config) as store:
            list(ingest(store, inputs, config))
            stories = {tuple(s["articles"]): s["id"] for s in store.stories()}
            made = {}
            for members, story in stories.items():
                brief = json.loads(service.brief_json(store, story))
                brief.pop("config")
                made[members] = brief
            briefs[name] = made
    assert len(briefs["now"]) == 2 and briefs["now"] == briefs["later"]
