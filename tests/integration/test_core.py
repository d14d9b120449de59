"""The core: one configuration, stable keys, stages that only flow forward, articles
annotated once, round trips, and limits that fail politely."""

import json
import pickle
from dataclasses import replace

import pytest

import newsfuse
from newsfuse.config import Config, ConfigError
from newsfuse.model import Article, Brief, PreparedArticle, SentenceAnnotation
from newsfuse.inputs import read
from newsfuse.pipeline import fuse, prepare
from tests.conftest import EXAMPLE

NO_ANALYSIS = Config().replace(analyse={"enabled": False})


@pytest.fixture(scope="module")
def prepared_example():
    return prepare([EXAMPLE]).articles


@pytest.fixture(scope="module")
def example_brief(prepared_example):
    return fuse(prepared_example)


# --- one configuration -------------------------------------------------------------------

def test_config_defaults_are_the_products():
    c = Config()
    assert c.align.threshold == 0.35 and c.summarise.words == 120 and c.analyse.enabled


def test_config_from_toml_overrides_and_env(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text("[align]\nthreshold = 0.3\n[summarise]\nwords = 80\n")
    c = Config.from_toml(path)
    assert c.align.threshold == 0.3 and c.summarise.words == 80 and c.clean == Config().clean
    monkeypatch.setenv("NEWSFUSE_CONFIG", str(path))
    assert Config.load().align.threshold == 0.3
    assert Config.load(overrides={"align.threshold": "0.5"}).align.threshold == 0.5


def test_config_toml_round_trip():
    c = Config().set({"align.threshold": 0.3, "summarise.sentences": 4, "analyse.enabled": False})
    import tomllib

    assert Config.from_dict(tomllib.loads(c.to_toml())) == c
    assert Config.from_dict(c.to_dict()) == c


@pytest.mark.parametrize("bad, message", [
    ({"align.thresh": 0.3}, "unknown setting align.thresh"),
    ({"nope.x": 1}, "unknown configuration section 'nope'"),
    ({"align.threshold": "high"}, "align.threshold must be float"),
    ({"align.threshold": 2}, "between 0 and 1"),
    ({"summarise.words": 0}, "at least 1"),
    ({"analyse.enabled": "maybe"}, "analyse.enabled must be bool"),
])
def test_config_errors_name_the_setting(bad, message):
    with pytest.raises(ConfigError, match=message):
        Config().set(bad)


def test_bad_toml_file_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[align\nthreshold=")
    with pytest.raises(ConfigError, match="bad.toml"):
        Config.from_toml(path)


def test_brief_records_its_config(example_brief):
    assert example_brief.config == Config().to_dict()
    assert example_brief.to_dict()["config"]["align"]["threshold"] == 0.35


def test_api_keywords_override_the_config():
    b = newsfuse.brief([EXAMPLE], NO_ANALYSIS, words=40)
    assert b.config["summarise"]["words"] == 40 and sum(len(s.text.split()) for s in b.summary) <= 40
    b = newsfuse.brief([EXAMPLE], NO_ANALYSIS, sentences=2)
    assert len(b.summary) == 2 and b.words is None


# --- stable identity ---------------------------------------------------------------------

def test_ids_unique_on_every_input_path(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Floods hit the town of Varnholm on Sunday morning after a storm.")
    given = Article(id="a", raw="The river rose by two metres overnight in the town.")
    articles, skipped = read([path, {"id": "a", "text": "Residents were evacuated from the old quarter."},
                              given, given])
    assert not skipped
    assert [a.id for a in articles] == ["a", "a-2", "a-3", "a-4"]  # input order kept
    assert given.id == "a"  # the caller's Article is not renamed in place


def test_dict_ids_clash_renamed_in_brief():
    text = "Floods hit the town of Varnholm on Sunday after the river burst its banks in the night."
    b = newsfuse.brief([{"id": "x", "text": text}, {"id": "x", "text": text + " More rain fell."}], NO_ANALYSIS)
    assert [a.id for a in b.articles] == ["x", "x-2"]


def test_sentences_have_stable_keys(prepared_example):
    for p in prepared_example:
        assert [s.key for s in p.sentences] == [(p.id, i) for i in range(len(p.sentences))]


# --- stages that only flow forward -------------------------------------------------------

def test_inputs_are_never_modified():
    from newsfuse.clean import clean, remove_templates

    raw = "<html><body><nav>Home | World</nav><article><p>" + "The flood barrier held overnight. " * 20 + \
          "</p></article></body></html>"
    given = Article(id="p", raw=raw, format="html")
    snapshot = given.to_dict()
    cleaned = clean(given)
    assert given.to_dict() == snapshot and cleaned is not given and cleaned.text
    stories = ["Flood barrier repaired downtown.", "Election results delayed again.",
               "Museum reopens after renovation.", "Harbour strike enters second week."]
    batch = [replace(cleaned, id=f"p{i}", source="site", text=f"{story}\n\nSubscribe to our newsletter now")
             for i, story in enumerate(stories)]
    before = [a.to_dict() for a in batch]
    after = remove_templates(batch)
    assert [a.to_dict() for a in batch] == before
    assert all("Subscribe" not in a.text for a in after)


def test_fuse_leaves_prepared_articles_and_align_facts_as_they_were(prepared_example, monkeypatch):
    import newsfuse.analyse as analyse_mod
    from newsfuse import pipeline

    before = [p.to_dict() for p in prepared_example]
    seen = {}
    real = analyse_mod.analyse

    def spy(articles, sentences, annotations, facts, similarity, config=None):
        seen["before"] = [f.to_dict() for f in facts]
        out = real(articles, sentences, annotations, facts, similarity, config)
        seen["after"] = [f.to_dict() for f in facts]
        return out

    monkeypatch.setattr(analyse_mod, "analyse", spy)
    b = pipeline.fuse(prepared_example)
    assert [p.to_dict() for p in prepared_example] == before
    assert seen["before"] == seen["after"]  # analyse returns new facts; align's stay as they were
    assert any(f.disputed for f in b.facts)  # ... and the new ones carry what the analysis found


# --- round trips ------------------------------------------------------------------------

def test_brief_round_trips(example_brief):
    assert Brief.from_dict(example_brief.to_dict()) == example_brief
    assert Brief.from_dict(json.loads(json.dumps(example_brief.to_dict()))) == example_brief


def test_prepared_article_round_trips(prepared_example):
    for p in prepared_example:
        assert p.annotations is not None and len(p.annotations) == len(p.sentences)
        assert PreparedArticle.from_dict(json.loads(json.dumps(p.to_dict()))) == p


def test_prepare_pickle_fuse_gives_the_same_brief(prepared_example, example_brief):
    """What a Dask worker does: prepare, ship the result, fuse elsewhere."""
    shipped = pickle.loads(pickle.dumps(prepared_example))
    again = fuse(shipped)
    assert again.to_dict() == example_brief.to_dict()
    from_json = [PreparedArticle.from_dict(json.loads(json.dumps(p.to_dict()))) for p in prepared_example]
    assert fuse(from_json).to_dict() == example_brief.to_dict()


# --- articles annotated once ------------------------------------------------------------

class CountingAnnotator:
    """A fake parser: no spaCy; finds capitalised words as places, and counts its calls."""

    def __init__(self):
        self.texts = 0

    def annotate(self, texts):
        from newsfuse.model import EntityMention

        self.texts += len(texts)
        return [SentenceAnnotation(entities=tuple(EntityMention(w.strip(".,"), "GPE") for w in t.split()[1:]
                                                  if w[:1].isupper())) for t in texts]


def test_annotator_is_injected_and_runs_once_per_sentence(monkeypatch):
    import newsfuse.annotate

    def no_spacy(name):
        raise AssertionError("spaCy must not load when an annotator is given")

    monkeypatch.setattr(newsfuse.annotate, "load_model", no_spacy)
    fake = CountingAnnotator()
    prepared = prepare([EXAMPLE], annotator=fake).articles
    n = sum(len(p.sentences) for p in prepared)
    assert 0 < fake.texts <= n
    fuse(prepared)
    fuse(prepared[:3])
    assert fake.texts <= n  # briefs reuse the annotations: no parse at fuse time
    b = fuse(prepared)
    assert any(e.name == "Varnholm" for e in b.entities)


def test_spacy_annotator_parses_each_distinct_sentence_once():
    from newsfuse.annotate import SpacyAnnotator

    calls = []

    class FakeNLP:
        def pipe(self, texts, **kw):
            texts = list(texts)
            calls.append(texts)
            return [_FakeDoc() for _ in texts]

    annotator = SpacyAnnotator(nlp=FakeNLP())
    notes = annotator.annotate(["A b c.", "D e f.", "A b c."])
    assert calls == [["A b c.", "D e f."]] and len(notes) == 3
    annotator.annotate(["D e f.", "G h i."])  # the process remembers what it parsed
    assert calls[1:] == [["G h i."]]


def test_worker_processes_give_the_same_annotations():
    from newsfuse.annotate import SpacyAnnotator
    from newsfuse.config import AnnotateConfig

    texts = [s.text for p in prepare([EXAMPLE], NO_ANALYSIS).articles for s in p.sentences]
    one = SpacyAnnotator(AnnotateConfig(n_process=1, batch_size=8, cache_sentences=0)).annotate(texts)
    two = SpacyAnnotator(AnnotateConfig(n_process=2, batch_size=8, cache_sentences=0)).annotate(texts)
    assert one == two and any(n.numbers for n in one) and any(n.speaker for n in one)


def test_a_background_parser_gives_the_same_annotations(monkeypatch):
    from newsfuse import annotate
    from newsfuse.annotate import BackgroundAnnotator, SpacyAnnotator
    from newsfuse.config import AnnotateConfig

    monkeypatch.setattr(annotate, "SPLIT_SENTENCES", 20)  # before the fork: the child has it too
    texts = [s.text for p in prepare([EXAMPLE], NO_ANALYSIS).articles for s in p.sentences]
    assert len(set(texts)) >= 20  # shared with a second process
    here = SpacyAnnotator(AnnotateConfig(cache_sentences=0)).annotate(texts)
    with BackgroundAnnotator(AnnotateConfig()) as parser:
        assert parser.annotate(texts) == here
        assert parser.annotate(texts[:3]) == here[:3]  # and a parse too small to share
        child = parser._process
    assert not child.is_alive()


def test_a_background_parser_without_its_model_says_so_where_it_is_asked():
    from newsfuse.annotate import BackgroundAnnotator, ModelMissingError
    from newsfuse.config import AnnotateConfig

    with BackgroundAnnotator(AnnotateConfig(model="no_such_model_xyz")) as parser:
        with pytest.raises(ModelMissingError, match="no_such_model_xyz"):
            parser.annotate(["One sentence."])


class _FakeDoc(list):
    ents = ()
    text = ""


def test_no_analysis_needs_no_annotations():
    prepared = prepare([EXAMPLE], NO_ANALYSIS).articles
    assert all(p.annotations is None for p in prepared)
    b = fuse(prepared, NO_ANALYSIS)
    assert b.summary and not b.entities


# --- limits that fail politely ------------------------------------------------------------

def test_oversize_article_is_skipped_and_the_rest_go_on():
    config = Config().set({"ingest.max_article_chars": 1000})
    articles, skipped = read([{"id": "big", "text": "word " * 400}, {"id": "ok", "text": "A short story."}],
                             config=config)
    assert [a.id for a in articles] == ["ok"]
    assert len(skipped) == 1 and "too large" in skipped[0].error and "1,000" in skipped[0].error


def _settings():
    import dataclasses

    from hypothesis import strategies as st

    from newsfuse.config import Config

    pairs = []
    for section in dataclasses.fields(Config):
        for f in dataclasses.fields(getattr(Config(), section.name)):
            default = f.default
            if isinstance(default, bool):
                values = st.booleans()
            elif isinstance(default, int):
                values = st.integers(1, 10_000)
            elif isinstance(default, float):
                values = st.floats(0, 1, allow_nan=False) if default <= 1 else st.floats(0, 10, allow_nan=False)
            elif f.metadata.get("choices"):  # one of a registry's names
                values = st.sampled_from(f.metadata["choices"])
            elif f.name == "models":  # language=package pairs, checked on load
                values = st.sampled_from(["", "fr=fr_core_news_sm", "fr=fr_core_news_sm, es=es_core_news_sm"])
            elif isinstance(default, str):
                values = st.text(max_size=30)
            else:  # an optional budget
                values = st.none() | st.integers(1, 500)
            pairs.append(st.tuples(st.just(f"{section.name}.{f.name}"), values))
    return st.lists(st.one_of(pairs), max_size=8)


@pytest.mark.parametrize("seed", [0])
def test_any_valid_configuration_round_trips_through_toml(seed):
    import tomllib

    from hypothesis import given, settings

    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(_settings(), st.text(max_size=20))
    def check(overrides, model):
        config = Config().set(dict(overrides)).replace(annotate={"model": model})
        assert Config.from_dict(tomllib.loads(config.to_toml())) == config

    check()


def test_the_policy_for_mixed_inputs_is_one_parameter(tmp_path):
    """Inputs of two stories: brief() fuses them unless asked for the largest; brief_stories
    briefs each, largest first; the CLI's brief is the largest."""
    import newsfuse

    other = [{"id": f"m{n}", "title": "Museum reopens after renovation",
              "text": f"The city museum reopened its galleries on Saturday after a two-year renovation, curator "
                      f"{name} said. Visitors queued for the new paintings wing."} for n, name in enumerate("ABC")]
    inputs = [EXAMPLE, *other[:2]]
    fused = newsfuse.brief(inputs, NO_ANALYSIS)
    largest = newsfuse.brief(inputs, NO_ANALYSIS, stories="largest")
    assert {a.id for a in fused.articles} >= {"m0", "m1"}
    assert not {"m0", "m1"} & {a.id for a in largest.articles}
    each = newsfuse.brief_stories(inputs, NO_ANALYSIS, stories="each")
    assert [len(s) for s in each.stories] == [5, 2] and len(each.briefs) == 2
    assert {a.id for a in each.briefs[1].articles} == {"m0", "m1"}
    with pytest.raises(ValueError, match="brief_stories"):
        newsfuse.brief(inputs, NO_ANALYSIS, stories="each")
    with pytest.raises(ValueError, match="choose one of"):
        newsfuse.brief_stories(inputs, NO_ANALYSIS, stories="some")
