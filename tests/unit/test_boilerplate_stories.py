"""Pages of boilerplate alone (an archive's crawl notice, a comment form, a tweet embed) are
not one story: neither the stream clusterer nor consolidation reads a text that many
articles of the window write, whether it is a sentence or a first line taken for a headline."""

import numpy as np

from newsfuse.cluster import StoryClusterer
from newsfuse.config import ClusterConfig, Config
from newsfuse.pipeline import prepare
from newsfuse.story_model import FEATURES, PairFeatures, SameStoryModel, consolidate, heal
from newsfuse.text import content_tokens

NOTICE = "This will appear next to all of your comments this will not appear anywhere on newser"
CRAWL = ("These crawls are part of an effort to archive pages as they are created. The pages they refer to are "
         "archived as well, so that the links keep working.")


def _prepared(records):
    return prepare(records, Config().replace(analyse={"enabled": False})).articles


def _floods(n):
    return [{"id": f"f{i}", "text": f"Floodwater breached the barrier at Varnholm number {i} on Sunday. "
                                    f"Officials evacuated {(i + 1) * 130} residents from the low streets."}
            for i in range(n)]


def test_consolidation_does_not_read_what_many_pages_of_the_window_write():
    pages = [{"id": f"n{i}", "text": NOTICE} for i in range(12)] + [{"id": f"c{i}", "text": CRAWL} for i in range(12)]
    articles = _prepared(pages + _floods(4))
    by_id = {a.id: k for k, a in enumerate(articles)}
    assert articles[by_id["n0"]].article.title  # the notice's one line is taken for a headline
    features = PairFeatures().fit(articles)
    pairs = [(by_id["n0"], by_id["n1"]), (by_id["c0"], by_id["c1"])]
    X = features.transform(pairs)
    assert np.all(X[:, FEATURES.index("body")] == 0.0) and np.all(np.isnan(X[:, FEATURES.index("title")]))
    read_all = PairFeatures(boilerplate=0, pages=0).fit(articles).transform(pairs)
    assert np.all(read_all[:, FEATURES.index("body")] > 0.99)  # what it would read otherwise
    # the stream put them in one story each; consolidation parts them, and keeps the floods together
    current = [a.id[0] for a in articles]
    labels = consolidate(articles, SameStoryModel.load(), current=current)
    story = {a.id: label for a, label in zip(articles, labels)}
    assert len({story[f"n{i}"] for i in range(12)}) == 12 and len({story[f"c{i}"] for i in range(12)}) == 12
    assert len({story[f"f{i}"] for i in range(4)}) == 1
    # cluster.boilerplate_articles = 0 reads every sentence: consolidation keeps the notices together
    healed = heal(articles, {a.id: a.id[0] for a in articles},
                  cluster=ClusterConfig(boilerplate_articles=0, boilerplate_pages=0))
    assert len({healed[f"n{i}"] for i in range(12)}) == 1


def test_the_stream_clusterer_stops_reading_a_headline_many_articles_carry():
    clusterer = StoryClusterer(ClusterConfig(boilerplate_articles=10))
    title = content_tokens(NOTICE)
    stories = [clusterer.insert(f"n{i}", title, []) for i in range(15)]
    assert len(set(stories[:10])) == 1  # read while fewer than ten articles carried it
    assert len(set(stories[10:])) == 5 and not set(stories[10:]) & set(stories[:10])  # then not read: alone
    everything = StoryClusterer(ClusterConfig(boilerplate_articles=0))
    assert len({everything.insert(f"n{i}", title, []) for i in range(15)}) == 1


LOGIN = ("Notice: you must log in to continue. Subscribers keep reading with a free account and the "
         "newsletter of the week.")


def _copied(text, ids, source=None):
    return [{"id": i, "text": text, **({"source": source} if source else {})} for i in ids]


def test_consolidation_reads_no_body_that_many_pages_of_the_window_carry_whole():
    wall = _copied(LOGIN, [f"w{i}" for i in range(3)])
    story = ("Floodwater breached the barrier at Varnholm on Sunday. Officials evacuated 130 residents from "
             "the low streets and opened the school as a shelter.")
    twice = _copied(story, ["a0", "a1"])  # one article copied whole by two outlets: one story
    articles = _prepared(wall + twice + _floods(2))
    by_id = {a.id: k for k, a in enumerate(articles)}
    features = PairFeatures(boilerplate=10, pages=3).fit(articles)
    body = features.transform([(by_id["w0"], by_id["w1"]), (by_id["a0"], by_id["a1"])])[:, FEATURES.index("body")]
    assert body[0] == 0.0 and body[1] > 0.99
    assert PairFeatures(boilerplate=10, pages=0).fit(articles).transform([(by_id["w0"], by_id["w1"])])[0, 0] > 0.99
    # the stream ran the walls together; healing parts them and keeps the copied article whole
    healed = heal(articles, {a.id: a.id[0] for a in articles})
    assert len({healed[f"w{i}"] for i in range(3)}) == 3
    assert healed["a0"] == healed["a1"]
    kept = heal(articles, {a.id: a.id[0] for a in articles}, cluster=ClusterConfig(boilerplate_pages=0))
    assert len({kept[f"w{i}"] for i in range(3)}) == 1
    # three copies that one source names are its own item sent again (a feed re-sending it): one story
    resent = _prepared(_copied(story, ["r0", "r1", "r2"], source="Wire"))
    assert len(set(heal(resent, {a.id: "r" for a in resent}).values())) == 1
    one_site = _prepared([{"id": f"u{i}", "text": story, "url": f"https://news.example/{i}"} for i in range(3)])
    assert len(set(heal(one_site, {a.id: "u" for a in one_site}).values())) == 1  # its URLs' host names it
    three_sites = _prepared([{"id": f"u{i}", "text": story, "url": f"https://{i}.example/a"} for i in range(3)])
    assert len(set(heal(three_sites, {a.id: "u" for a in three_sites}).values())) == 3


def _wire_story(paragraphs: int) -> str:
    return "\n\n".join(f"Floodwater breached the barrier at Varnholm on Sunday, paragraph {k} of the agency's report "
                        f"said. Officials evacuated {130 + k} residents from the low streets near the harbour and "
                        f"opened school number {k} as a shelter for the night." for k in range(paragraphs))


def test_a_long_body_that_several_outlets_run_whole_is_wire_copy_not_furniture():
    """An agency's report run word for word by three outlets is one story; furniture is short (the
    longest in the labelled sets has 225 words)."""
    long, short = _wire_story(12), _wire_story(2)
    assert len(long.split()) >= ClusterConfig.boilerplate_page_words > len(short.split())
    for text, stories in ((long, 1), (short, 3)):
        sites = _prepared([{"id": f"u{i}", "text": text, "url": f"https://{i}.example/a"} for i in range(3)])
        assert len(set(heal(sites, {a.id: "u" for a in sites}).values())) == stories
    sites = _prepared([{"id": f"u{i}", "text": long, "url": f"https://{i}.example/a"} for i in range(3)])
    shorter = heal(sites, {a.id: "u" for a in sites}, cluster=ClusterConfig(boilerplate_page_words=10_000))
    assert len(set(shorter.values())) == 3  # read as furniture when the bar is above its length


def test_a_long_report_that_many_outlets_run_whole_is_read_as_wire_copy_not_as_a_template():
    """Past ``boilerplate_articles`` copies every sentence of an agency's report has been seen often
    enough to pass for a page template's line; a block that long is copy, read by the stream
    clusterer and by consolidation alike, while a template's short lines stay unread."""
    from newsfuse.cluster import cluster_articles

    report = _wire_story(12)
    sites = [{"id": f"u{i}", "text": report, "url": f"https://{i}.example/a"} for i in range(14)]
    articles = _prepared(sites + [{"id": f"c{i}", "text": CRAWL} for i in range(14)])
    config = ClusterConfig()
    stream = cluster_articles(articles, config)
    assert len({stream[f"u{i}"] for i in range(14)}) == 1
    healed = heal(articles, stream, cluster=config)
    assert len({healed[f"u{i}"] for i in range(14)}) == 1
    assert len({healed[f"c{i}"] for i in range(14)}) == 14  # the notice is short: a template's, unread
    # with the bar above the report's length its copies past the tenth are read as templates
    strict = ClusterConfig(boilerplate_copy_terms=10_000)
    stream = cluster_articles(articles, strict)
    assert len({stream[f"u{i}"] for i in range(14)}) > 1
    assert len(set(heal(articles, stream, cluster=strict)[f"u{i}"] for i in range(14))) > 1
