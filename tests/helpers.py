"""Test data and helpers shared by test modules in different layers."""

import sqlite3
from pathlib import Path

from newsfuse import service
from newsfuse.config import Config
from newsfuse.service import ingest
from newsfuse.store import Store

QUAKE = [
    "A magnitude 6.1 earthquake struck near the town of Amatrice in central Italy on Wednesday, "
    "killing at least 38 people and collapsing houses, the civil protection agency said.",
    "Rescuers dug through rubble in Amatrice after the earthquake in central Italy left dozens dead; "
    "the civil protection agency said the quake had a magnitude of 6.1.",
    "The death toll from Wednesday's earthquake around Amatrice rose as rescuers searched collapsed houses "
    "in central Italy, the civil protection agency said.",
]
ELECTION = [
    "Voters in Norway elected a new parliament on Monday, and the Labour party won the most seats, "
    "according to the election commission's count.",
    "Norway's Labour party won Monday's parliamentary election, the election commission said, and will "
    "seek partners to form a government.",
]


def cli(*args, input=None, env=None):
    """`newsfuse ARGS` in process through typer's CliRunner, as a user's shell would pass them
    (each argument a string, NO_COLOR set); the result has exit_code, stdout and stderr apart."""
    from typer.testing import CliRunner

    from newsfuse.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], input=input, env={"NO_COLOR": "1", **(env or {})})


# --- a store of six topics (tests/*/test_store.py, tests/*/test_consolidate.py) ---------------

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


N = 18  # three articles of each of six topics: stories 1 to 6, story k holding topic k - 1


def _topic(article) -> int:
    return int(article.id[1:]) % len(TOPICS)


def merging(*topics):
    """The given topics told as one story, the others as they are."""
    return lambda articles, current=None: [topics[0] if _topic(a) in topics else _topic(a) for a in articles]


def _build(path: Path) -> dict[str, int]:
    """A store of N articles in six stories, each briefed; its article -> story map."""
    with Store(path, FAST) as store:
        got = {g.article: g.story for g in ingest(store, [_article(n) for n in range(N)], FAST)}
        for story in set(got.values()):
            service.brief(store, story)
    assert sorted(set(got.values())) == [1, 2, 3, 4, 5, 6]
    assert all(got[f"a{n}"] == n % 6 + 1 for n in range(N))
    return got


def _snapshot(path: Path) -> dict:
    db = sqlite3.connect(path)
    try:
        return {"articles": dict(db.execute("SELECT id, story FROM articles")),
                "stories": db.execute("SELECT * FROM stories ORDER BY id").fetchall(),
                "briefs": db.execute("SELECT story, config, brief, made FROM briefs ORDER BY story").fetchall(),
                "redirects": db.execute("SELECT * FROM redirects").fetchall(),
                "clusterer": db.execute("SELECT upto, state FROM clusterer").fetchall()}
    finally:
        db.close()


def _by_id(state: dict) -> dict:
    """A clusterer's state with its stories by id (a store reads them back in id order)."""
    return {**state, "stories": {story["id"]: story for story in state["stories"]}}
