"""The Dask engine: the same stories and prepared articles as the local engine, a bad
article reported without sinking its batch, a dead worker's batch run again."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.config import Config
from newsfuse.pipeline import LocalEngine, prepare_batch
from newsfuse.service import ingest, refresh
from newsfuse.store import Store
from tests.conftest import EXAMPLE, ROOT

pytest.importorskip("distributed")
from newsfuse.engines.dask import DaskEngine  # noqa: E402
from newsfuse import service

BASIL = ROOT.parent / "shared" / "data" / "clustering-basil.jsonl"
BIN = Path(sys.executable).parent / "newsfuse"
FAST = Config().set({"analyse.enabled": False, "ingest.batch": 25})


def _contents(path: Path) -> dict:
    db = sqlite3.connect(path)
    try:
        return {i: (story, json.loads(prepared)) for i, story, prepared in
                db.execute("SELECT id, story, prepared FROM articles")}
    finally:
        db.close()


def _ingest(path: Path, inputs, config: Config, engine) -> list:
    with Store(path, config) as store, engine:
        return list(ingest(store, inputs, config, engine=engine))


def test_dask_gives_the_stories_and_prepared_articles_of_the_local_engine(tmp_path):
    if not BASIL.is_file():
        pytest.skip(f"{BASIL} not found")
    local = _ingest(tmp_path / "local.db", [BASIL], FAST, LocalEngine())
    dask = _ingest(tmp_path / "dask.db", [BASIL], FAST, DaskEngine(workers=2))
    assert sorted((r.article, r.story) for r in local) == sorted((r.article, r.story) for r in dask)
    assert len(local) == 300
    assert _contents(tmp_path / "local.db") == _contents(tmp_path / "dask.db")


def test_annotations_made_on_workers_are_the_local_ones(tmp_path):
    """Parsed at ingest (--annotate now) on the workers, or later by a refresh on them: the
    parse kept in the store is the local one."""
    config = Config().set({"ingest.batch": 2, "ingest.annotate": "now", "cluster.consolidate": False})
    later = config.set({"ingest.annotate": "later"})
    _ingest(tmp_path / "local.db", [EXAMPLE], config, LocalEngine())
    engine = DaskEngine(workers=2)
    with engine:
        with Store(tmp_path / "dask.db", config) as store:
            list(ingest(store, [EXAMPLE], config, engine=engine))
        with Store(tmp_path / "later.db", later) as store:
            list(ingest(store, [EXAMPLE], later, engine=engine))
            assert all(p["annotations"] is None for _, p in _contents(tmp_path / "later.db").values())
            assert [error for _, error in refresh(store, later, engine=engine)] == [""]
    local, dask = _contents(tmp_path / "local.db"), _contents(tmp_path / "dask.db")
    assert local == dask == _contents(tmp_path / "later.db") and all(p["annotations"] for _, p in local.values())


def test_a_failing_article_is_reported_and_the_rest_go_in(tmp_path, monkeypatch):
    import newsfuse.clean

    real = newsfuse.clean.clean

    def clean(article, config=None):
        if article.id == "coastwire":
            raise RuntimeError("the cleaner broke on this one")
        return real(article, config)

    monkeypatch.setattr(newsfuse.clean, "clean", clean)
    results = _ingest(tmp_path / "s.db", [EXAMPLE], FAST, DaskEngine(workers=2, processes=False))
    failed = [r for r in results if not hasattr(r, "status")]
    assert len(failed) == 1 and "coastwire" in failed[0].input and "the cleaner broke" in failed[0].error
    assert sorted(r.status for r in results if hasattr(r, "status")) == ["added"] * 4


def die_once(batch, config):
    """Kills its worker the first time it runs (a marker file remembers), then works."""
    marker = Path(os.environ["NEWSFUSE_TEST_MARKER"])
    if not marker.exists():
        marker.write_text("died")
        os._exit(1)
    return prepare_batch(batch, config)


def test_a_worker_that_dies_has_its_batch_run_again(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFUSE_TEST_MARKER", str(tmp_path / "marker"))
    results = _ingest(tmp_path / "s.db", [EXAMPLE], FAST, DaskEngine(workers=2, prepare=die_once))
    assert (tmp_path / "marker").exists()  # a worker did die
    assert sorted(r.status for r in results) == ["added"] * 5


def test_refresh_briefs_every_changed_story_on_workers(tmp_path):
    path = tmp_path / "s.db"
    records = [{"id": f"q{i}", "text": t} for i, t in enumerate([
        "A magnitude 6.1 earthquake struck near Amatrice in central Italy on Wednesday, killing at least 38 people.",
        "Rescuers dug through rubble in Amatrice after the magnitude 6.1 earthquake in central Italy killed 38."])]
    with Store(path, FAST) as store:
        list(ingest(store, [EXAMPLE, *records], FAST))
        assert len(store.stale_stories(FAST)) == 2
        with DaskEngine(workers=2) as engine:
            assert [error for _, error in refresh(store, FAST, engine=engine)] == ["", ""]
        assert store.stale_stories(FAST) == []
        made_on_workers = {s: service.brief_json(store, s, FAST) for s in (1, 2)}
    with Store(tmp_path / "local.db", FAST) as store:
        list(ingest(store, [EXAMPLE, *records], FAST))
        assert {s: service.brief_json(store, s, FAST) for s in (1, 2)} == made_on_workers


def test_cli_ingest_with_the_dask_engine(tmp_path):
    args = ["--set", "analyse.enabled=false"]
    local = subprocess.run([str(BIN), "ingest", str(EXAMPLE), "--store", str(tmp_path / "l.db"), "--json", *args],
                           capture_output=True, text=True, check=True)
    dask = subprocess.run([str(BIN), "ingest", str(EXAMPLE), "--store", str(tmp_path / "d.db"), "--json",
                           "--engine", "dask", "--workers", "2", *args], capture_output=True, text=True, check=True)
    assert sorted(local.stdout.splitlines()) == sorted(dask.stdout.splitlines())
    wrong = subprocess.run([str(BIN), "ingest", str(EXAMPLE), "--store", str(tmp_path / "x.db"), "--workers", "2"],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "--engine dask" in wrong.stderr
    again = subprocess.run([str(BIN), "refresh", "--store", str(tmp_path / "d.db"), "--engine", "dask", *args],
                           capture_output=True, text=True)
    assert again.returncode == 0 and "1 story briefed" in again.stderr
