"""A French story (issue 29): read with the French model when it is installed (newsfuse[fr]),
and without one still briefed, its figures compared, with a note naming the language and the
extra in every format. Numbers as French writes them ("1 200", "environ", "quelque")."""

import json
from functools import lru_cache

import pytest

from newsfuse import brief
from newsfuse.annotate import model_installed
from newsfuse.config import Config
from newsfuse.numbers import text_numbers
from newsfuse.report import render
from tests.conftest import ROOT

FRENCH = ROOT / "examples" / "crue-brenholt"
NO_MODEL = Config().set({"annotate.models": "fr=fr_core_news_not_installed"})


@lru_cache(maxsize=2)
def _brief(config: Config | None = None):
    return brief([FRENCH], config)


def test_french_numbers_read_as_french_writes_them():
    found = {(m.surface, m.value, m.key) for m in text_numbers("quelque 1 500 personnes ont fui, environ 1 200 habitants")}
    assert ("quelque 1 500", 1500.0, "class1") in found
    assert ("environ 1 200", 1200.0, "class1") in found  # "personnes" and "habitants" count the same thing
    [exact] = text_numbers("1\u202f200 habitants")  # a narrow no-break space groups the thousands
    assert exact.value == 1200.0
    [nearly] = text_numbers("près de 300 personnes")
    assert (nearly.low, nearly.high) == (255.0, 300.0)


def test_a_day_of_a_month_is_not_a_thousands_group():
    assert text_numbers("On March 3 200 people died") == []  # "3 200" after a month is a date
    assert [m.value for m in text_numbers("in 2019 200 people left")] == [200.0]


@pytest.mark.skipif(not model_installed("fr_core_news_sm"), reason="newsfuse[fr] not installed")
def test_french_story_read_with_the_french_model():
    b = _brief()
    assert b.language == "fr"
    assert not any("spaCy model" in n for n in b.notes)
    people = {e.name for e in b.entities if e.label == "PERSON"}
    assert "Elin Dovrak" in people
    text = render(b, "json")
    assert "1 500" in text and "1 200" in text
    disputed = json.loads(text)["discrepancies"]
    assert any("1 500" in json.dumps(d, ensure_ascii=False) and "1 200" in json.dumps(d, ensure_ascii=False)
               for d in disputed)


def test_french_story_without_the_model_says_so_in_every_format():
    b = _brief(NO_MODEL)
    assert b.language == "fr"
    assert not b.entities
    [note] = [n for n in b.notes if "spaCy model" in n]
    assert "French (fr)" in note and "newsfuse[fr]" in note
    for fmt in ("md", "html", "json"):
        out = render(b, fmt)
        assert "French (fr)" in out and "newsfuse" in out, fmt
    # the figures are still compared, from the words
    disputed = json.dumps(json.loads(render(b, "json"))["discrepancies"], ensure_ascii=False)
    assert "1 500" in disputed and "1 200" in disputed


def test_the_store_lists_each_story_with_its_language(tmp_path):
    import sqlite3

    from newsfuse.service import ingest
    from newsfuse.store import Store
    from tests.conftest import EXAMPLE

    config = Config().set({"analyse.enabled": False})
    path = tmp_path / "s.db"
    with Store(path, config) as store:
        list(ingest(store, [FRENCH, EXAMPLE], config))
        listed = {s["language"]: s for s in store.stories()}
        assert set(listed) == {"fr", "en"}
        assert listed["fr"]["languages"] == {"fr": 4}
        assert store.story(listed["fr"]["id"])["language"] == "fr"
        french = listed["fr"]["id"]
    # a store made before languages were kept learns them from its stored articles
    db = sqlite3.connect(path)
    db.executescript("ALTER TABLE stories DROP COLUMN languages; ALTER TABLE articles DROP COLUMN language; "
                     "ALTER TABLE articles DROP COLUMN vector; PRAGMA user_version = 5;")  # as of migration 5
    db.close()
    with Store(path, config) as store:
        assert store.story(french)["languages"] == {"fr": 4}


def test_the_web_pages_name_a_story_language(tmp_path):
    from fastapi.testclient import TestClient

    from newsfuse.service import ingest
    from newsfuse.server.app import create_app
    from newsfuse.store import Store

    config = Config().set({"analyse.enabled": False})
    path = tmp_path / "s.db"
    with Store(path, config) as store:
        list(ingest(store, [FRENCH], config))
        [story] = store.stories()
    with TestClient(create_app(path, config), base_url="http://127.0.0.1:8000") as client:
        assert "French" in client.get("/").text
        assert "French" in client.get(f"/stories/{story['id']}").text
        assert client.get(f"/api/stories/{story['id']}").status_code == 200
        assert client.get("/api/stories").json()["stories"][0]["language"] == "fr"
