"""A story is read in its main language: articles in another are set aside, named with their
language in every output (Markdown, HTML, JSON, the web page), never silently dropped."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.config import Config
from newsfuse.model import Brief, SetAside
from newsfuse.pipeline import fuse, in_one_language, prepare, story_facts
from newsfuse.report import render
from tests.conftest import EXAMPLE
from tests.helpers import cli

NO_ANALYSIS = Config().replace(analyse={"enabled": False})

ENGLISH = {
    "harbour-news": (
        "Flood forces 1,200 from homes in Brenholt",
        "The Tarva river burst its banks in Brenholt on Monday night, forcing about 1,200 residents to leave "
        "their homes, the town council said. Water reached the market square by dawn and the old bridge was "
        "closed to traffic. Mayor Elin Dovrak said the emergency shelters at the sports hall were open and that "
        "the army had sent boats to help with the rescue of people trapped in the lower town."),
    "valley-times": (
        "Brenholt flood: river bursts banks, residents evacuated",
        "About 1,200 residents of Brenholt were evacuated after the Tarva river burst its banks on Monday night, "
        "officials said. The water reached the market square early on Tuesday and the old bridge was closed. "
        "Mayor Elin Dovrak told reporters that the sports hall was being used as a shelter and that soldiers with "
        "boats were helping people who were trapped in their houses in the lower town."),
    "north-post": (
        "Tarva floods Brenholt market square",
        "The Tarva river flooded the centre of Brenholt overnight, and around 1,200 people had to leave their "
        "homes, according to the town council. The market square was under water by dawn on Tuesday. The old "
        "bridge has been closed and the sports hall has been turned into a shelter. Forecasters said that more "
        "rain was expected on Wednesday and that the river could rise again before the weekend."),
    "radio-west": (
        "Brenholt residents flee rising Tarva",
        "Rising water from the Tarva river forced about 1,200 people out of their homes in Brenholt on Monday "
        "night. The council said the market square was flooded and that the old bridge was closed to all traffic. "
        "Mayor Elin Dovrak said she was grateful to the volunteers and the soldiers who had used boats to reach "
        "families in the lower town, and that the shelter at the sports hall had beds for everyone."),
}
GERMAN = (
    "Hochwasser in Brenholt: 1.200 Menschen evakuiert",
    "Der Fluss Tarva ist in der Nacht zum Dienstag in Brenholt über die Ufer getreten. Rund 1.200 Bewohner "
    "mussten ihre Häuser verlassen, teilte die Stadtverwaltung mit. Das Wasser erreichte am Morgen den "
    "Marktplatz, die alte Brücke wurde gesperrt. Bürgermeisterin Elin Dovrak sagte, die Notunterkunft in der "
    "Sporthalle sei geöffnet und Soldaten hätten mit Booten Menschen aus der Unterstadt gerettet. Die "
    "Feuerwehr und das Krankenhaus bleiben in Bereitschaft.")
RUSSIAN = (
    "Наводнение в Бренхольте: эвакуированы 1200 человек",
    "Река Тарва вышла из берегов в городе Бренхольт в ночь на вторник. Около 1200 жителей были вынуждены "
    "покинуть свои дома, сообщили в городском совете. К утру вода дошла до рыночной площади, старый мост "
    "закрыт для движения. Мэр города Элин Доврак заявила, что в спортивном зале открыт пункт временного "
    "размещения, а военные на лодках спасают людей, оказавшихся в ловушке в нижней части города.")
GERMAN_WORDS = {w.lower() for w in re.findall(r"\w+", GERMAN[0] + " " + GERMAN[1])}
ENGLISH_WORDS = {w.lower() for _, (t, x) in ENGLISH.items() for w in re.findall(r"\w+", t + " " + x)}
ONLY_GERMAN = GERMAN_WORDS - ENGLISH_WORDS  # "Hochwasser", "Bürgermeisterin": not "Brenholt"
CYRILLIC = re.compile("[\u0400-\u04ff]")


def records(english=True, others=True) -> list[dict]:
    """The story in input order: English, German, English, English, Russian, English."""
    en = [{"id": k, "title": t, "text": x} for k, (t, x) in ENGLISH.items()] if english else []
    de = [{"id": "tageblatt", "source": "Brenholter Tageblatt", "title": GERMAN[0], "text": GERMAN[1]}]
    ru = [{"id": "vesti", "title": RUSSIAN[0], "text": RUSSIAN[1]}]
    if not others:
        return en
    return en[:1] + de + en[1:3] + ru + en[3:]


@pytest.fixture(scope="module")
def prepared():
    return prepare(records(), NO_ANALYSIS).articles


@pytest.fixture(scope="module")
def mixed(prepared):
    return fuse(prepared, NO_ANALYSIS)


def _without_language(prepared):
    """The same prepared articles with no language known: read as before languages were told."""
    return [replace(p, article=replace(p.article, language=None)) for p in prepared]


def _sources(brief: Brief) -> set[str]:
    cited = {a for s in brief.summary for a in s.sources} | {a for f in brief.facts for a in f.sources}
    cited |= {k[0] for s in brief.summary for k in s.sentences}
    cited |= {s.article_id for f in brief.facts for s in f.sentences}
    return cited


# --- the pipeline ---------------------------------------------------------------------------

def test_languages_are_told(prepared):
    assert [p.article.language for p in prepared] == ["en", "de", "en", "en", "ru", "en"]


def test_a_mixed_story_is_briefed_from_its_main_language(mixed):
    assert mixed.language == "en"
    assert [a.id for a in mixed.articles] == list(ENGLISH)
    assert mixed.summary and _sources(mixed) <= set(ENGLISH)
    assert [(s.article, s.input, s.language) for s in mixed.set_aside] == [
        ("tageblatt", "record 2", "de"), ("vesti", "record 5", "ru")]
    assert mixed.set_aside[0].reason == "in German (de); the story is in English (en)"
    assert mixed.set_aside[1].reason == "in Russian (ru); the story is in English (en)"
    text = " ".join([s.text for s in mixed.summary] + [f.text for f in mixed.facts])
    assert not CYRILLIC.search(text) and not ONLY_GERMAN & {w.lower() for w in re.findall(r"\w+", text)}


def test_set_aside_articles_change_nothing_else(prepared, mixed):
    """The mixed story's brief is the brief of its English articles alone, with the two named."""
    english = fuse([p for p in prepared if p.id in ENGLISH], NO_ANALYSIS)
    assert english.set_aside == [] and english.language == "en"
    assert {**mixed.to_dict(), "set_aside": []} == english.to_dict()


def test_story_facts_leave_them_out(prepared):
    story = story_facts(prepared, NO_ANALYSIS)
    assert [a.id for a in story.articles] == [p.id for p in story.prepared] == list(ENGLISH)
    assert story.language == "en" and [s.article for s in story.set_aside] == ["tageblatt", "vesti"]
    assert {s.article_id for f in story.facts for s in f.sentences} <= set(ENGLISH)


def test_a_one_language_story_is_unchanged():
    """The bundled example (all English): nothing set aside; the facts, the brief and every
    output are those of the same articles read with no language known."""
    prepared = prepare([EXAMPLE], NO_ANALYSIS).articles
    assert {p.article.language for p in prepared} == {"en"}
    before = _without_language(prepared)
    assert story_facts(prepared, NO_ANALYSIS).facts == story_facts(before, NO_ANALYSIS).facts
    now, then = fuse(prepared, NO_ANALYSIS), fuse(before, NO_ANALYSIS)
    assert now.set_aside == [] and now.language == "en" and then.language is None
    assert render(now, "md") == render(then, "md") and "Set aside" not in render(now, "md")
    assert render(now, "html") == render(then, "html") and "Set aside" not in render(now, "html")
    strip = {"language": None, "articles": [{**a, "language": None} for a in now.to_dict()["articles"]]}
    assert {**now.to_dict(), **strip} == {**then.to_dict(), **strip}
    assert json.loads(render(now, "json"))["set_aside"] == []


def test_no_known_language_sets_nothing_aside(prepared):
    kept, language, aside = in_one_language(_without_language(prepared))
    assert len(kept) == len(prepared) and language is None and aside == []


def test_never_every_article_set_aside(prepared, monkeypatch):
    import newsfuse.language

    monkeypatch.setattr(newsfuse.language, "main_language", lambda languages: "fr")
    kept, language, aside = in_one_language(prepared)
    assert [p.id for p in kept] == [p.id for p in prepared] and aside == []


# --- every output ---------------------------------------------------------------------------

def test_markdown_names_the_set_aside(mixed):
    md = render(mixed, "md")
    section = md.split("## Set aside\n", 1)[1]
    assert "- record 2 (tageblatt): in German (de); the story is in English (en)" in section
    assert "- record 5 (vesti): in Russian (ru); the story is in English (en)" in section
    assert "Hochwasser" not in md and not CYRILLIC.search(md)


def test_html_names_the_set_aside(mixed):
    page = render(mixed, "html")
    assert "<h2>Set aside</h2>" in page
    assert "<code>record 2 (tageblatt)</code>: in German (de); the story is in English (en)" in page
    assert "<code>record 5 (vesti)</code>: in Russian (ru)" in page
    assert "Hochwasser" not in page and not CYRILLIC.search(page)


def test_json_names_the_set_aside(mixed):
    data = json.loads(render(mixed, "json"))
    assert data["language"] == "en"
    assert [(s["article"], s["language"]) for s in data["set_aside"]] == [("tageblatt", "de"), ("vesti", "ru")]
    assert "German (de)" in data["set_aside"][0]["reason"]
    assert Brief.from_dict(data) == mixed


def test_set_aside_is_escaped(mixed):
    evil = replace(mixed, set_aside=[SetAside("x", "<script>alert(1)</script>", "de", "in *German* <b>")])
    page, md = render(evil, "html"), render(evil, "md")
    assert "<script>" not in page and "<b>" not in page and "&lt;script&gt;" in page
    assert "<script>" not in md and "*German*" not in md


def test_analysis_reads_only_the_main_language():
    """With the spaCy analysis on: entities, quotes and the timeline come from the English
    articles alone; no German or Russian word is an entity."""
    brief = fuse(prepare(records()).articles, Config())
    assert [s.language for s in brief.set_aside] == ["de", "ru"]
    assert brief.entities and any(e.name == "Elin Dovrak" for e in brief.entities)
    names = {w.lower() for e in brief.entities for v in [e.name, *e.variants] for w in re.findall(r"\w+", v)}
    assert not names & ONLY_GERMAN and not any(CYRILLIC.search(n) for n in names)
    cited = {a for e in brief.entities for a in e.sources} | {a for q in brief.quotes for a in q.sources}
    cited |= {a for e in brief.timeline for a in e.sources} | set(brief.unique)
    assert cited <= set(ENGLISH)


# --- the store, the web page and the CLI ----------------------------------------------------

@pytest.fixture(scope="module")
def store_file(tmp_path_factory) -> tuple[Path, int]:
    """A store holding the mixed story as one story (the clusterer would part the languages:
    here they are put together, as cross-language clustering would)."""
    from newsfuse import service
    from newsfuse.service import ingest
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("set-aside") / "s.db"
    with Store(path, NO_ANALYSIS) as store:
        assert all(r.status == "added" for r in ingest(store, records(), NO_ANALYSIS))
        service.consolidate(store, lambda articles, current: [0] * len(articles), briefs=False)
        (story,) = store.stories()
    return path, story["id"]


def test_story_page_shows_the_set_aside(store_file):
    from fastapi.testclient import TestClient

    from newsfuse.server import create_app

    path, story = store_file
    with TestClient(create_app(path, NO_ANALYSIS), base_url="http://127.0.0.1:8000") as client:
        page = client.get(f"/stories/{story}")
        assert page.status_code == 200
        assert "<h2>Set aside</h2>" in page.text
        assert "<code>record 2 (tageblatt)</code>: in German (de); the story is in English (en)" in page.text
        assert "<code>record 5 (vesti)</code>: in Russian (ru); the story is in English (en)" in page.text
        assert "Hochwasser" not in page.text and not CYRILLIC.search(page.text)
        data = client.get(f"/api/stories/{story}").json()
        assert [s["language"] for s in data["set_aside"]] == ["de", "ru"]
        assert "## Set aside" in client.get(f"/api/stories/{story}", params={"format": "md"}).text


def test_cli_brief_shows_the_set_aside(store_file):
    path, story = store_file
    done = cli("brief", "--story", story, "--store", path, "--no-analysis")
    assert done.exit_code == 0, done.stderr
    assert "## Set aside" in done.stdout and "in German (de); the story is in English (en)" in done.stdout


def test_stories_do_not_join_articles_of_other_languages():
    """The German and Russian reports share the town, the river, the mayor and the number with
    the English ones: shared names and numbers do not make one story of them (issue 29). The
    healed grouping, as `newsfuse brief` and `cluster` of mixed inputs use it."""
    from newsfuse.pipeline import split_stories

    stories = split_stories(prepare(records(), NO_ANALYSIS).articles, NO_ANALYSIS)
    languages = [sorted({p.article.language for p in story}) for story in stories]
    assert languages == [["en"], ["de"], ["ru"]] or languages == [["en"], ["ru"], ["de"]]
    assert len(stories[0]) == 4
