"""Stories that heal: `Store.consolidate` regroups the latest stories with stable ids, leaves
redirects behind merged ids, rebuilds the changed stories' briefs, and is all or nothing."""

import json
import sqlite3
import time

import pytest
from fastapi.testclient import TestClient

from newsfuse import service
from newsfuse.config import Config
from newsfuse.service import ingest
from newsfuse.store import Consolidation, Store, StoryMoved
from tests.conftest import EXAMPLE
from tests.helpers import FAST, N, TOPICS, _article, _build, _by_id, _snapshot, _topic, cli, merging

LOCAL = "http://127.0.0.1:8000"


def by_topic(articles, current=None) -> list[int]:
    """The stories as they are."""
    return [_topic(a) for a in articles]


def _merging_first_two(consolidate):
    """``Store.consolidate`` with the grouping that tells topics 0 and 1 as one story."""
    def run(self, group, around=None):
        return consolidate(self, merging(0, 1), around)
    return run


def test_a_merge_keeps_the_older_id_and_redirects(built):
    before = _snapshot(built)
    with Store(built, FAST) as store:
        done = service.consolidate(store, merging(0, 1))
        assert (done.merged, done.split, done.changed, done.articles) == ([(2, 1)], [], [1], N)
        assert store.resolve(2) == 1 and store.resolve(1) == 1 and store.resolve(3) == 3
        assert store.story(1)["articles"] == [f"a{n}" for n in range(N) if n % 6 in (0, 1)]
        assert store.story(1)["n_articles"] == 6
        for read in (store.story, store.articles, lambda story: service.brief(store, story)):
            with pytest.raises(StoryMoved, match="story 2 was merged into 1"):
                read(2)
        with pytest.raises(KeyError):
            store.story(99)
        assert store.resolve(99) == 99
        # the kept story's brief was made again, of all its articles
        assert {a.id for a in Brief_of(store, 1).articles} == set(store.story(1)["articles"])
    after = _snapshot(built)
    assert [r[:2] for r in after["redirects"]] == [(2, 1)]
    # the untouched stories kept their rows and their cached briefs as they were
    assert [r for r in after["stories"] if r[0] > 2] == [r for r in before["stories"] if r[0] > 2]
    assert [r for r in after["briefs"] if r[0] > 2] == [r for r in before["briefs"] if r[0] > 2]
    assert [r[0] for r in after["briefs"]] == [1, 3, 4, 5, 6]
    assert [r[0] for r in after["stories"]] == [1, 3, 4, 5, 6]


def Brief_of(store, story):
    from newsfuse.model import Brief

    text = store.cached_brief_json(story)
    assert text is not None, f"story {story} has no cached brief"
    return Brief.from_dict(json.loads(text))


def test_the_clusterer_follows_and_no_id_is_given_twice(built):
    fresh = [{"id": "new", "text": "The orchestra tuned violins cellos trumpets for the symphony gala concert."},
             {"id": "newer", "text": "A comet streaked past telescopes as astronomers counted meteors overnight."}]
    with Store(built, FAST) as store:
        service.consolidate(store, merging(4, 5))  # story 6 (the highest id) merged into 5
        assert store.clusterer.stories_.keys() == {1, 2, 3, 4, 5}
        (other,) = list(ingest(store, fresh[:1], FAST))
        assert other.story == 7  # never 6, the merged story's id
    with Store(built, FAST) as store:  # the saved state, reopened
        assert store.clusterer.stories_.keys() == {1, 2, 3, 4, 5, 7}
        assert len(store.clusterer.stories_[5].members) == 6
        (late,) = list(ingest(store, [_article(N + 5)], FAST))  # topic 5: the merged story's words
        assert late.story == 5
        (other,) = list(ingest(store, fresh[1:], FAST))
        assert other.story == 8


def test_the_api_and_the_page_answer_308_to_the_kept_story(built):
    from newsfuse.server import create_app

    with Store(built, FAST) as store:
        service.consolidate(store, merging(0, 1))
    with TestClient(create_app(built, FAST), base_url=LOCAL) as c:
        r = c.get("/api/stories/2?format=md", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == "/api/stories/1?format=md"
        r = c.get("/api/stories/2", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == "/api/stories/1"
        r = c.get("/api/stories/2")  # followed
        assert r.status_code == 200 and len(r.json()["articles"]) == 6
        r = c.get("/stories/2", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == "/stories/1"
        assert c.get("/api/stories/1", follow_redirects=False).status_code == 200
        assert c.get("/api/stories/99", follow_redirects=False).status_code == 404
        assert c.get("/stories/99", follow_redirects=False).status_code == 404


def test_cli_brief_of_a_merged_story_briefs_the_kept_one(built):
    with Store(built, FAST) as store:
        service.consolidate(store, merging(0, 1))
    r = cli("brief", "--story", "2", "--store", built, "--format", "json", "--set", "analyse.enabled=false")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip().splitlines() == ["newsfuse: story 2 was merged into 1"]
    assert sorted(a["id"] for a in json.loads(r.stdout)["articles"]) == sorted(
        f"a{n}" for n in range(N) if n % 6 in (0, 1))
    r = cli("brief", "--story", "99", "--store", built, "--set", "analyse.enabled=false")
    assert r.exit_code == 1 and "no story 99" in r.stderr


def test_a_split_gives_two_stories_each_briefed(built):
    def split(articles, current=None):  # a12 leaves story 1 (a0, a6, a12)
        return [99 if a.id == "a12" else _topic(a) for a in articles]

    with Store(built, FAST) as store:
        done = service.consolidate(store, split)
        assert (done.merged, done.split, done.changed) == ([], [(1, 7)], [1, 7])
        assert store.story(1)["articles"] == ["a0", "a6"]  # the larger part keeps the id
        assert store.story(7)["articles"] == ["a12"]
        assert {a.id for a in Brief_of(store, 1).articles} == {"a0", "a6"}
        assert {a.id for a in Brief_of(store, 7).articles} == {"a12"}
        assert store.clusterer.next_id_ == 8
    assert _snapshot(built)["redirects"] == []


def test_without_briefs_the_changed_stories_wait_for_refresh(built):
    with Store(built, FAST) as store:
        unchanged = store.cached_brief_json(2)
        done = service.consolidate(store, lambda arts, current=None: [99 if a.id == "a12" else _topic(a) for a in arts],
                                   briefs=False)
        assert done.changed == [1, 7]
        assert set(store.stale_stories()) >= {1, 7}  # dropped, not made
        assert store.cached_brief_json(2) == unchanged is not None
        assert {a.id for a in service.brief(store, 7).articles} == {"a12"}  # made when asked for


def test_a_split_tie_keeps_the_id_with_the_older_articles(tmp_path):
    path = tmp_path / "s.db"
    with Store(path, FAST) as store:
        list(ingest(store, [_article(n) for n in range(24)], FAST))  # story 1: a0, a6, a12, a18
        done = service.consolidate(store, lambda arts, current=None: [99 if a.id in ("a12", "a18") else _topic(a)
                                                                      for a in arts])
        assert done.split == [(1, 7)]
        assert store.story(1)["articles"] == ["a0", "a6"] and store.story(7)["articles"] == ["a12", "a18"]


def test_chained_merges_collapse(built):
    with Store(built, FAST) as store:
        assert service.consolidate(store, merging(1, 2)).merged == [(3, 2)]
        assert service.consolidate(store, merging(0, 1, 2)).merged == [(2, 1)]
        assert store.resolve(3) == 1 and store.resolve(2) == 1
        with pytest.raises(StoryMoved) as moved:
            store.story(3)
        assert moved.value.new == 1
    assert sorted(r[:2] for r in _snapshot(built)["redirects"]) == [(2, 1), (3, 1)]
    from newsfuse.server import create_app

    with TestClient(create_app(built, FAST), base_url=LOCAL) as c:
        r = c.get("/api/stories/3", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == "/api/stories/1"  # one hop


def test_nothing_changed_touches_nothing(built):
    before = _snapshot(built)
    with Store(built, FAST) as store:
        # the labels are any values: the same partition is the same stories
        done = service.consolidate(store, lambda arts, current=None: [f"x{_topic(a)}" for a in arts])
    assert done == Consolidation(articles=N)
    assert _snapshot(built) == before


def _watching(seen: list):
    """The stories as they are, noting which articles the grouping was shown."""
    def watch(articles, current=None):
        seen.extend(a.id for a in articles)
        return by_topic(articles)
    return watch


def test_the_window_is_the_stories_of_the_latest_articles(built):
    seen = []
    watch = _watching(seen)
    with Store(built, FAST.set({"cluster.consolidate_window": 2})) as store:
        assert service.consolidate(store, watch).articles == 6
    # a16 and a17 are the latest: stories 5 and 6, all their members, in the order they were added
    assert seen == ["a4", "a5", "a10", "a11", "a16", "a17"]


def test_a_failure_inside_rolls_back(built, monkeypatch):
    before = _snapshot(built)

    def broken(self, *args):
        raise RuntimeError("disk on fire")

    with Store(built, FAST) as store:
        with pytest.raises(ValueError, match="2 labels for 18 articles"):
            service.consolidate(store, lambda arts, current=None: [0, 1])
        monkeypatch.setattr(Store, "_remade_clusterer", broken)
        with pytest.raises(RuntimeError, match="disk on fire"):
            service.consolidate(store, merging(0, 1))
        assert store._clusterer is None
        assert _snapshot(built) == before
        monkeypatch.undo()
        (late,) = list(ingest(store, [_article(N + 1)], FAST))  # the store goes on as it was
        assert late.story == 2


def test_the_default_model_on_a_tiny_store(tmp_path):
    with Store(tmp_path / "s.db", FAST) as store:
        list(ingest(store, [EXAMPLE], FAST))
        done = service.consolidate(store)
        assert isinstance(done, Consolidation) and done.articles == 5
        ids = {s["id"] for s in store.stories()}
        assert set(done.changed) <= ids and {new for _, new in done.split} <= ids
        assert {kept for _, kept in done.merged} <= ids
        assert sum(s["n_articles"] for s in store.stories()) == 5
        assert not done.brief_errors


def test_cli_consolidate(built, tmp_path):
    r = cli("consolidate", "--store", tmp_path / "none.db")
    assert r.exit_code == 1 and f"no store at {tmp_path / 'none.db'}" in r.stderr
    assert not (tmp_path / "none.db").exists()
    r = cli("consolidate", "--store", built, "--set", "analyse.enabled=false")
    assert r.exit_code == 0, r.stderr
    assert f"consolidated {N} articles:" in r.stderr
    with Store(built, FAST) as store:  # each line printed is what happened
        for line in r.stdout.splitlines():
            words = line.split()
            if line.startswith("merged story"):
                assert store.resolve(int(words[2])) == int(words[4])
            else:
                assert line.startswith("split story ") and store.story(int(words[-1]))


def test_cli_prints_merges_and_ingest_can_consolidate(built, tmp_path, monkeypatch):
    import newsfuse.store

    from newsfuse import cli
    from typer.testing import CliRunner

    original = newsfuse.store.Store.consolidate
    monkeypatch.setattr(newsfuse.store.Store, "consolidate",
                        _merging_first_two(original))
    r = CliRunner().invoke(cli.app, ["consolidate", "--store", str(built), "--set", "analyse.enabled=false"])
    assert r.exit_code == 0, r.output
    assert "merged story 2 into 1" in r.stdout
    data = tmp_path / "more.jsonl"
    data.write_text(json.dumps({"id": "z1", "text": "The museum curator hung the paintings again."}) + "\n")
    store = tmp_path / "t.db"
    _build(store)
    r = CliRunner().invoke(cli.app, ["ingest", str(data), "--store", str(store), "--json",
                                     "--set", "analyse.enabled=false", "--set", "cluster.consolidate=true"])
    assert r.exit_code == 0, r.output
    assert [json.loads(x)["status"] for x in r.stdout.splitlines()] == ["added"]  # stdout stays JSON
    assert "merged story 2 into 1" in r.stderr and "consolidated" in r.stderr
    more = tmp_path / "more2.jsonl"
    more.write_text(json.dumps({"id": "z2", "text": "The curator sold the paintings at auction."}) + "\n")
    r = CliRunner().invoke(cli.app, ["ingest", str(more), "--store", str(store), "--set", "analyse.enabled=false",
                                     "--set", "cluster.consolidate=false"])
    assert r.exit_code == 0 and "consolidated" not in r.stderr  # off when asked


def test_the_server_consolidates_on_its_schedule(built, monkeypatch):
    from newsfuse.server import create_app

    original = Store.consolidate
    monkeypatch.setattr(Store, "consolidate",
                        _merging_first_two(original))
    config = FAST.set({"serve.consolidate_minutes": 0.001})
    with TestClient(create_app(built, config), base_url=LOCAL) as c:
        deadline = time.monotonic() + 20
        while c.get("/api/stories/2", follow_redirects=False).status_code != 308:
            assert time.monotonic() < deadline, "no consolidation ran"
            time.sleep(0.1)
    assert Config().serve.consolidate_minutes == 10 and Config().cluster.consolidate is True


def test_around_an_ingest_the_window_is_its_stories_and_their_neighbours(built):
    seen = []
    watch = _watching(seen)
    with Store(built, FAST.set({"cluster.max_candidates": 2})) as store:
        near = store.clusterer.neighbours(2)
        assert 2 in near and len(near) == 2  # the index's best, not every story
        assert service.consolidate(store, watch, around={2}).articles == 3 * len(near)
        assert store.clusterer.neighbours(99) == []
    assert {int(a[1:]) % 6 + 1 for a in seen} == set(near)


def _clusterer_state(clusterer, members: bool = True) -> dict:
    """A clusterer's learned state, its stories by id (in any order), with their members (a
    saved state keeps only how many)."""
    state = clusterer.state()
    stories = {s["id"]: s for s in state.pop("stories")}
    for sid, story in clusterer.stories_.items():
        if members:
            stories[sid]["members"] = list(story.members)
    return {**state, "stories": stories}


def _dated(n: int) -> dict:
    """A topic article dated a day later every four articles, or undated (every seventh): stories
    leave the three-day window between their articles, and some never do."""
    article = _article(n)
    if n % 7:
        article["published"] = f"2030-01-{1 + n // 4:02d}T{n % 24:02d}:00:00+00:00"
    return article


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stories_remade_from_vectors_equal_a_full_replay(tmp_path, seed):
    import random

    rng = random.Random(seed)
    with Store(tmp_path / "s.db", FAST) as store:
        list(ingest(store, [_dated(n) for n in range(60)], FAST))
        assert len(store.clusterer.stories_) > 1
        for _ in range(4):
            # any regrouping: topics joined, articles moved at random
            joined = {t: rng.choice(range(len(TOPICS))) for t in range(len(TOPICS))}
            service.consolidate(store, lambda arts, current=None: [
                rng.randrange(12) if rng.random() < 0.2 else joined[_topic(a)] for a in arts], briefs=False)
            remade = _clusterer_state(store.clusterer)
            assert remade == _clusterer_state(store._rebuild_clusterer())
            list(ingest(store, [_dated(60 + rng.randrange(40))], FAST))  # and the stream goes on
    with Store(tmp_path / "s.db", FAST) as store:  # the saved state is the one remade
        assert _clusterer_state(store.clusterer, False) == _clusterer_state(store._rebuild_clusterer(), False)


def test_an_older_store_without_vectors_replays_once_and_keeps_them(tmp_path):
    path = tmp_path / "s.db"
    with Store(path, FAST) as store:
        list(ingest(store, [_dated(n) for n in range(24)], FAST))
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE articles SET vector = NULL")  # as migration 7 leaves an older store
    db.close()
    with Store(path, FAST) as store:
        calls = []
        replay = Store._replay

        def counted(self, clusterer, upto, keep_vectors=False):
            calls.append(upto)
            return replay(self, clusterer, upto, keep_vectors)

        Store._replay = counted
        try:
            service.consolidate(store, merging(0, 1), briefs=False)
            assert calls[-1] == 0  # a full replay, as before the vectors
            calls.clear()
            service.consolidate(store, merging(2, 3), briefs=False)
            assert 0 not in calls  # the vectors it kept serve the next one
        finally:
            Store._replay = replay
        assert _clusterer_state(store.clusterer) == _clusterer_state(store._rebuild_clusterer())
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM articles WHERE vector IS NULL").fetchone()[0] == 0


def test_an_ingest_consolidates_in_rounds(built):
    def consolidate(round_articles: int) -> tuple[list[set[int]], Consolidation]:
        calls = []

        def watch(articles, current=None):
            calls.append({_topic(a) + 1 for a in articles})
            return merging(0, 1)(articles)

        with Store(built, FAST.set({"cluster.consolidate_round": round_articles})) as store:
            return calls, service.consolidate(store, watch, around=range(1, 7))

    calls, done = consolidate(6)  # two stories of three articles a round
    assert done.articles == N and len(calls) == 3  # every article once
    assert sorted(s for c in calls for s in c) == list(range(1, 7)) and all(len(c) == 2 for c in calls)
    assert {1, 2} in calls and done.merged == [(2, 1)]  # neighbours first: stories 1 and 2 together


def test_one_round_holds_what_fits(built):
    with Store(built, FAST) as store:
        done = service.consolidate(store, merging(0, 1), around=range(1, 7))
    assert done.articles == N and done.merged == [(2, 1)]


def test_a_story_made_again_at_the_same_size_is_saved_again(built):
    """A save writes the stories that took an article; a consolidation writes those it made
    again even when their size did not change (two stories trading one article each)."""
    def trading(articles, current=None):  # a0 (topic 0) and a1 (topic 1) change places
        swap = {"a0": 1, "a1": 0}
        return [swap.get(a.id, _topic(a)) for a in articles]

    with Store(built, FAST) as store:
        done = service.consolidate(store, trading)
        assert sorted(done.changed) == [1, 2] and not done.merged and not done.split
        assert [len(store.clusterer.stories_[s].members) for s in (1, 2)] == [3, 3]
        state = store.clusterer.state()
    with Store(built, FAST) as store:  # the saved state, reopened
        assert _by_id(store.clusterer.state()) == _by_id(state)


def test_around_an_ingest_the_round_is_read_by_the_model_for_small_windows(built, monkeypatch):
    """A round around an ingest is the new articles' neighbourhood, which cannot say what cosine
    is usual in the stream nor which join its stories hold best at: the shipped model's ``small``
    reads it at the join the training chose; a whole window, the model, at the join it picks."""
    from newsfuse import story_model

    seen = []

    def spy(articles, model, threshold=None, current=None, **kw):
        seen.append((model.to_dict(), threshold))
        return story_model.numbered(current)

    monkeypatch.setattr(story_model, "consolidate", spy)
    shipped = story_model.SameStoryModel.load()
    with Store(built, FAST) as store:
        service.consolidate(store, around={1})
        service.consolidate(store)
    assert seen == [(shipped.small.to_dict(), shipped.small.threshold), (shipped.to_dict(), None)]
    assert shipped.small.joins  # which it would pick from otherwise

