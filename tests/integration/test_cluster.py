"""Story clustering: the stream clusterer, its metrics, and the commands."""

import json
from dataclasses import replace
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.cluster import StoryClusterer, cluster_articles, publish_time
from newsfuse.config import ClusterConfig, Config
from newsfuse.evaluation.clustering import bcubed, bcubed_by_document, bcubed_gain_interval, load_docs, pairwise_f1
from newsfuse.pipeline import prepare
from tests.conftest import EXAMPLE
from tests.helpers import ELECTION, QUAKE, cli

NO_ANALYSIS = Config().replace(analyse={"enabled": False})

def _records(texts, prefix, published=None):
    return [{"id": f"{prefix}{i}", "text": t, "published": published} for i, t in enumerate(texts)]


# --- metrics ----------------------------------------------------------------------------

def test_bcubed_by_hand():
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, [1, 1, 2, 2]) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(gold, [1, 1, 1, 1])  # everything merged: each item's cluster is half right
    assert (p, r) == (0.5, 1.0) and abs(f - 2 / 3) < 1e-12
    p, r, _ = bcubed(gold, [1, 2, 3, 4])  # everything split
    assert (p, r) == (1.0, 0.5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_bcubed_by_document_averages_to_bcubed_and_the_interval_is_paired(rows):
    gold, first, second = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    precision, recall = bcubed_by_document(gold, first)
    p, r, _ = bcubed(gold, first)
    assert abs(precision.mean() - p) < 1e-12 and abs(recall.mean() - r) < 1e-12
    # a system against itself differs by nothing in every resample
    assert bcubed_gain_interval(gold, first, first, resamples=50) == (0.0, 0.0)
    # swapping the two systems mirrors the interval (the same resamples, the gains negated)
    low, high = bcubed_gain_interval(gold, first, second, resamples=50)
    back_low, back_high = bcubed_gain_interval(gold, second, first, resamples=50)
    assert abs(low + back_high) < 1e-12 and abs(high + back_low) < 1e-12 and low <= high


def test_the_gain_interval_excludes_zero_only_for_a_clear_difference():
    gold = [s for s in range(40) for _ in range(3)]  # 40 stories of 3
    perfect, alone = gold, list(range(len(gold)))
    low, high = bcubed_gain_interval(gold, perfect, alone)
    assert 0 < low <= high  # better on every story: no resample says otherwise
    # one story of 40 merged into another: 13% of resamples draw neither of the two ((38/40) ** 40),
    # more than the 2.5% below the interval, so its low end is no difference at all
    one_wrong = [0 if s == 1 else s for s in gold]
    low, high = bcubed_gain_interval(gold, perfect, one_wrong)
    assert low == 0.0 < high


def test_pairwise_f1_by_hand():
    assert pairwise_f1(["a", "a", "b", "b"], [1, 1, 2, 2]) == 1.0
    # predicted pairs: (0,1),(0,2),(1,2); gold pairs (0,1),(2,3): one right of three, one of two
    assert abs(pairwise_f1(["a", "a", "b", "b"], [1, 1, 1, 2]) - 2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2)) < 1e-12


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3)), min_size=1, max_size=30))
def test_bcubed_is_one_only_for_the_gold_partition(pairs):
    gold = [g for g, _ in pairs]
    predicted = [p for _, p in pairs]
    p, r, f = bcubed(gold, predicted)
    assert 0 <= p <= 1 and 0 <= r <= 1 and 0 <= f <= 1
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    same = {(i, j) for i in range(len(gold)) for j in range(len(gold)) if gold[i] == gold[j]}
    also = {(i, j) for i in range(len(gold)) for j in range(len(gold)) if predicted[i] == predicted[j]}
    assert (f == 1.0) == (same == also)


# --- the clusterer ----------------------------------------------------------------------

def test_two_events_are_two_stories_and_reports_of_one_are_one():
    prepared = prepare(_records(QUAKE, "q") + _records(ELECTION, "e"), NO_ANALYSIS).articles
    story = cluster_articles(prepared)
    assert story["q0"] == story["q1"] == story["q2"]
    assert story["e0"] == story["e1"]
    assert story["q0"] != story["e0"]


def test_the_same_words_months_apart_are_two_stories():
    records = _records(QUAKE[:2], "june", "2016-06-01") + _records(QUAKE[2:], "august", "2016-08-24")
    story = cluster_articles(prepare(records, NO_ANALYSIS).articles)
    assert story["june0"] == story["june1"] != story["august0"]
    wide = cluster_articles(prepare(records, NO_ANALYSIS).articles, ClusterConfig(window_days=365))
    assert len(set(wide.values())) == 1


def test_stories_out_of_the_window_leave_the_index():
    clusterer = StoryClusterer(ClusterConfig(window_days=1))
    clusterer.insert("a", ["quak", "itali"], [["amatric", "rescu"]], time=0.0)
    clusterer.insert("b", ["elect", "norway"], [["labour", "parliament"]], time=3600.0)
    assert clusterer.active_stories == 2
    clusterer.insert("c", ["budget", "vote"], [["minist", "tax"]], time=10 * 86400.0)
    assert clusterer.active_stories == 1  # memory follows the active stories, not the history


NOTICE = ("These pages were saved by an archive crawler. The crawl began with a list of hosts and followed "
          "their links to a depth of two.")


def test_boilerplate_pages_do_not_become_one_story():
    """Pages whose body is only a notice every crawl repeats are not one story: past
    ``boilerplate_articles`` copies the notice is not read, and each such page stands alone."""
    records = [{"id": f"n{i}", "text": NOTICE} for i in range(8)]
    records += _records(QUAKE, "q") + _records(ELECTION, "e")
    records += [{"id": "qn", "text": NOTICE + "\n\n" + QUAKE[0].replace("Wednesday", "Thursday")}]
    config = ClusterConfig(boilerplate_articles=3)
    story = cluster_articles(prepare(records, NO_ANALYSIS).articles, config)
    notices = [story[f"n{i}"] for i in range(8)]
    assert len(set(notices[:3])) == 1  # the first copies cannot know yet
    assert len(set(notices[3:])) == 5 and not set(notices[3:]) & set(notices[:3])
    assert story["q0"] == story["q1"] == story["q2"] == story["qn"]  # read by its own words
    assert story["e0"] == story["e1"] != story["q0"]
    everything = cluster_articles(prepare(records, NO_ANALYSIS).articles, ClusterConfig(boilerplate_articles=0))
    assert len({everything[f"n{i}"] for i in range(8)}) == 1  # the check is what keeps them apart


def test_passage_counts_are_bounded_and_saved():
    clusterer = StoryClusterer(ClusterConfig(max_passages=10))
    for i in range(30):
        clusterer.insert(f"a{i}", [], [[f"word{i}", "other"], ["shared", "line"]])
    assert len(clusterer.passages_) <= 11 and max(clusterer.passages_.values()) == 30  # the repeated line is kept
    again = StoryClusterer.from_state(json.loads(json.dumps(clusterer.state())), clusterer.config)
    assert again.passages_ == clusterer.passages_
    assert again.insert("b", [], [["shared", "line"]]) == clusterer.insert("b", [], [["shared", "line"]])


def test_a_date_read_from_a_dateline_does_not_open_story_windows():
    """Only a date the input gives places an article in time: the cleaner's dateline dates
    cover some articles of a batch and not others."""
    records = [{"id": "q0", "text": "Published 1 June 2016\n\n" + QUAKE[0]},
               {"id": "q1", "text": "Published 24 August 2016\n\n" + QUAKE[1]}]
    prepared = prepare(records, NO_ANALYSIS).articles
    assert [p.article.published_from for p in prepared] == ["dateline", "dateline"]
    assert prepared[0].article.published.startswith("2016-06-01")
    story = cluster_articles(prepared)
    assert story["q0"] == story["q1"]
    given = cluster_articles(prepare([dict(r, published=d) for r, d in zip(records, ["2016-06-01", "2016-08-24"])],
                                     NO_ANALYSIS).articles)
    assert given["q0"] != given["q1"]


def test_headlines_alone_are_clustered():
    records = [{"id": "h1", "title": "Magnitude 6.1 earthquake kills dozens in central Italy"},
               {"id": "h2", "title": "Central Italy earthquake: dozens killed in Amatrice"},
               {"id": "h3", "title": "Norway's Labour party wins parliamentary election"}]
    prepared = prepare(records, NO_ANALYSIS).articles
    assert [p.id for p in prepared] == ["h1", "h2", "h3"]
    story = cluster_articles(prepared)
    assert story["h1"] == story["h2"] != story["h3"]


def test_only_a_headline_alone_gets_the_lower_bar():
    # a feed item (a title and a paragraph) is as short as a headline, but it has a body to go by:
    # lowering its bar fused NeuS's three-outlet stories into stories of a hundred
    item = {"x": 0.2, "y": 0.32 ** 0.5, "z": 0.32 ** 0.5, "w": 0.32 ** 0.5}  # cosine 0.2 to the story of "x"
    for headline, joins in ((True, True), (False, False)):
        clusterer = StoryClusterer(ClusterConfig(threshold=0.25, full_terms=40))
        first = clusterer.assign("a", {"x": 1.0})
        assert (clusterer.assign("b", item, headline=headline) == first) is joins

    class Told(StoryClusterer):
        def assign(self, article_id, vec, time=None, headline=False):
            told.append(headline)
            return super().assign(article_id, vec, time, headline)

    told = []
    clusterer = Told()
    clusterer.insert("h", ["quake", "italy"], [])
    clusterer.insert("i", ["quake", "italy"], [["quake", "struck"]])
    assert told == [True, False]


def test_a_diffuse_story_draws_an_article_less():
    # a story of four texts that share one term ("x") besides their own: its centroid comes near
    # many articles (stories of a hundred on NeuS pooled whole). Its cohesion, the length of its
    # members' mean vector (0.72 here), tempers the cosine (0.67) below a bar of 0.64
    def story(config):
        clusterer = StoryClusterer(config)
        for k in range(4):
            clusterer.replay_vector(0, f"d{k}", {"x": 0.6, f"y{k}": 0.8})
        return clusterer

    article = {"x": 0.8, "z": 0.6}
    config = ClusterConfig(threshold=0.64, full_terms=1, cohesion_power=0.25)
    assert story(config).assign("a", article) != 0
    assert story(replace(config, cohesion_power=0.0)).assign("a", article) == 0
    # a headline alone keeps the cosine alone: a story of headlines is diffuse by nature
    assert story(config).assign("a", article, headline=True) == 0


def test_pooled_clusters_keep_their_documents_titles(tmp_path):
    path = tmp_path / "neus.jsonl"
    path.write_text(json.dumps({"cluster_id": "s1", "documents": [
        {"doc_id": "left", "title": "Quake kills dozens", "text": "A quake struck."},
        {"doc_id": "right", "text": "The quake struck at night."}]}) + "\n", encoding="utf-8")
    docs = load_docs(path)
    assert [(d.id, d.story, d.title) for d in docs] == [("s1/left", "s1", "Quake kills dozens"), ("s1/right", "s1", "")]


def test_assignment_does_not_depend_on_where_articles_were_prepared():
    records = _records(QUAKE, "q") + _records(ELECTION, "e")
    here = prepare(records, NO_ANALYSIS).articles
    shipped = pickle.loads(pickle.dumps(prepare(records[:2], NO_ANALYSIS).articles)) + \
        prepare(records[2:], NO_ANALYSIS).articles  # two "workers"
    assert cluster_articles(here) == cluster_articles(shipped)


def test_publish_time_reads_dates_and_times():
    assert publish_time("2016-08-24") == publish_time("2016-08-24T00:00:00Z") == 1471996800  # 2016-08-24T00:00Z
    assert publish_time("24 August 2016") == publish_time("2016-08-24")
    assert publish_time(None) is None and publish_time("soon") is None


# --- the commands -----------------------------------------------------------------------

def test_cluster_command_separates_mixed_stories(tmp_path):
    other = tmp_path / "quake"
    other.mkdir()
    for i, text in enumerate(QUAKE):
        (other / f"quake-{i}.txt").write_text(text + "\n", encoding="utf-8")
    r = cli("cluster", EXAMPLE, other, "--json")
    assert r.exit_code == 0, r.stderr
    stories = json.loads(r.stdout)["stories"]
    assert [s["n_articles"] for s in stories] == [5, 3]
    assert {a for a in stories[1]["articles"]} == {"quake-0", "quake-1", "quake-2"}


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "stories.jsonl"
    rows = [{"doc_id": f"q{i}", "story_id": "quake", "title": None, "text": t, "published": None, "source": None}
            for i, t in enumerate(QUAKE)]
    rows += [{"doc_id": f"e{i}", "story_id": "vote", "title": None, "text": t, "published": None, "source": None}
             for i, t in enumerate(ELECTION)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_cluster_cli_json(labelled):
    r = cli("eval", "cluster", "--data", labelled, "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["n_docs"] == 5 and data["n_stories"] == 2
    assert set(data["systems"]) == {"newsfuse", "newsfuse_incremental", "tfidf_agglomerative"}
    for m in data["systems"].values():
        assert {"bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "docs_per_second"} <= set(m)
    assert data["systems"]["newsfuse"]["bcubed_f1"] == data["systems"]["newsfuse_incremental"]["bcubed_f1"] == 1.0
    assert set(data["systems"]["newsfuse"]["seconds"]) == {"prepare", "cluster", "consolidate"}
    gain = data["systems"]["newsfuse"]["gain_over_baseline"]
    low, high = gain["interval_95"]
    assert low <= gain["bcubed_f1"] <= high


def test_eval_cluster_of_some_stories(labelled):
    r = cli("eval", "cluster", "--data", labelled, "--stories", "vo", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["n_stories"] == 1 and data["n_docs"] == len(ELECTION)
    r = cli("eval", "cluster", "--data", labelled, "--stories", "nothing-")
    assert r.exit_code != 0 and "no documents of stories nothing-*" in r.stderr and "stories.jsonl" in r.stderr


def test_pooled_sets_keep_their_stories_apart_and_interleave():
    from newsfuse.evaluation.clustering import Doc, pooled

    first = [Doc(str(n), "s", "", f"a{n}") for n in range(4)]
    second = [Doc(str(n), "s", "", f"b{n}") for n in range(2)]
    mixed = pooled([first, second])
    assert [d.text for d in mixed] == ["a0", "b0", "a1", "a2", "b1", "a3"]  # evenly, each set in its order
    assert len({d.story for d in mixed}) == 2 and len({d.id for d in mixed}) == 6  # one "s" in each set
    assert pooled([first]) == first


def test_eval_cluster_of_two_sets_is_one_mixed_stream(labelled, tmp_path):
    museum = ["The city museum reopened on Saturday after a three-year renovation of its east wing, the curator "
              "said, with forty paintings back on the walls.",
              "Visitors queued around the block as the museum reopened its renovated east wing on Saturday; "
              "the curator said forty paintings had returned.",
              "After three years of renovation the museum's east wing is open again, and its curator says forty "
              "paintings are back on show."]
    other = tmp_path / "museum.jsonl"
    other.write_text("\n".join(json.dumps({"doc_id": f"m{i}", "story_id": "museum", "title": None, "text": t})
                               for i, t in enumerate(museum)) + "\n", encoding="utf-8")
    r = cli("eval", "cluster", "--data", labelled, "--data", other, "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["n_docs"] == 5 + 3 and data["n_stories"] == 3
    for m in data["systems"].values():
        assert set(m["by_set"]) == {labelled.name, "museum.jsonl"}
    assert data["systems"]["newsfuse"]["by_set"] == {labelled.name: 1.0, "museum.jsonl": 1.0}
    r = cli("eval", "cluster", "--data", labelled, "--data", tmp_path / "missing.jsonl")
    assert r.exit_code != 0 and "missing.jsonl" in r.stderr


def test_eval_cluster_newsfuse_is_what_cluster_gives(labelled, monkeypatch):
    """The row called newsfuse is the product's stories: healed when consolidation is on, the
    stream clusterer's alone when it is off (by the flag or by the configuration)."""
    from newsfuse import story_model
    from newsfuse.config import Config
    from newsfuse.evaluation.clustering import run_cluster

    monkeypatch.setattr(story_model, "heal",
                        lambda prepared, story_of, model=None, cluster=None: {p.id: 0 for p in prepared})
    fused = run_cluster(labelled, baseline=False)["systems"]
    assert fused["newsfuse"]["n_predicted"] == 1 and fused["newsfuse_incremental"]["n_predicted"] == 2
    for off in (run_cluster(labelled, baseline=False, consolidate=False),
                run_cluster(labelled, baseline=False, config=Config().replace(cluster={"consolidate": False}))):
        assert set(off["systems"]) == {"newsfuse"} and off["systems"]["newsfuse"]["n_predicted"] == 2


def test_eval_cluster_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": 1}\n', encoding="utf-8")
    r = cli("eval", "cluster", "--data", bad)
    assert r.exit_code == 1 and "bad.jsonl:1" in r.stderr


def _quake_dir(tmp_path):
    other = tmp_path / "quake"
    other.mkdir()
    for i, text in enumerate(QUAKE):
        (other / f"quake-{i}.txt").write_text(text + "\n", encoding="utf-8")
    return other


def test_brief_on_mixed_inputs_names_the_stories_and_briefs_the_largest(tmp_path):
    r = cli("brief", EXAMPLE, _quake_dir(tmp_path), "--format", "json", "--no-analysis")
    assert r.exit_code == 0, r.stderr
    assert "2 stories" in r.stderr and "Varnholm" in r.stderr and "5 articles" in r.stderr
    out = json.loads(r.stdout)
    assert {a["id"] for a in out["articles"]} == {"baltic-morning-post", "coastwire", "northern-ledger",
                                                  "radio-nord", "varnholm-today"}


def test_brief_split_briefs_each_story(tmp_path):
    r = cli("brief", EXAMPLE, _quake_dir(tmp_path), "--format", "json", "--no-analysis", "--split")
    assert r.exit_code == 0, r.stderr
    stories = json.loads(r.stdout)["stories"]
    assert [len(s["articles"]) for s in stories] == [5, 3]
    assert all("Amatrice" in s["text"] for s in stories[1]["summary"])
    target = tmp_path / "brief.md"
    r = cli("brief", EXAMPLE, tmp_path / "quake", "--no-analysis", "--split", "-o", target)
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "brief-1.md").read_text().startswith("# Varnholm")
    assert "Amatrice" in (tmp_path / "brief-2.md").read_text()
