"""The learned same-story judgment (issue 26): pair features on plain articles, the model's
file, and consolidation of a window."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsfuse.config import Config
from newsfuse.evaluation.clustering import bcubed
from newsfuse.pipeline import prepare
from newsfuse.story_model import FEATURES, PairFeatures, SameStoryModel, candidate_matrix, consolidate, parted
from tests.helpers import ELECTION, QUAKE

NO_ANALYSIS = Config().replace(analyse={"enabled": False})


def _articles(records):
    return prepare(records, NO_ANALYSIS).articles


def _window():
    records = [{"id": f"q{i}", "text": t, "title": "Earthquake in Italy" if i == 0 else None,
                "published": "2016-08-24" if i < 2 else None} for i, t in enumerate(QUAKE)]
    records += [{"id": f"e{i}", "text": t, "title": "Norway votes", "published": "2021-09-13"}
                for i, t in enumerate(ELECTION)]
    return _articles(records)


def _row(features, pairs, a, b, name):
    return features.transform(pairs)[pairs.index((a, b)), FEATURES.index(name)]


def test_a_missing_title_or_date_is_a_missing_value_and_a_gap_is_capped():
    articles = _window()
    features = PairFeatures(neighbours=4).fit(articles)
    pairs = features.pairs()
    # q0 has a title and a date, q1 a date only, q2 neither; e0 and e1 both
    assert math.isnan(_row(features, pairs, 0, 1, "title"))  # q1 has no title
    assert _row(features, pairs, 0, 1, "gap") == 0.0  # one day
    assert math.isnan(_row(features, pairs, 0, 2, "gap"))  # q2 has no date
    assert _row(features, pairs, 3, 4, "title") == pytest.approx(1.0)
    # five years apart says no more than a month apart
    assert _row(features, pairs, 0, 3, "gap") == pytest.approx(math.log1p(30.0))


def test_shared_names_and_numbers_weigh_by_rarity_and_lower_case_text_has_no_names():
    articles = _window()
    features = PairFeatures(neighbours=4).fit(articles)
    pairs = features.pairs()
    assert _row(features, pairs, 0, 1, "names") > _row(features, pairs, 0, 3, "names") == 0.0
    assert _row(features, pairs, 0, 1, "numbers") > 0.0  # "6.1" in both
    lower = _articles([{"id": f"l{i}", "text": t.lower()} for i, t in enumerate(QUAKE)])
    features = PairFeatures(neighbours=1).fit(lower)
    assert math.isnan(features.transform([(0, 1)])[0, FEATURES.index("names")])
    # Cyrillic capitals are capitals: a Russian report shares no names with an English one (0),
    # it is not a text whose names are unknown (NaN, the lower-cased case)
    russian = "Землетрясение магнитудой 6,1 произошло в Италии. Спасатели ищут выживших в Аматриче."
    mixed = _articles([{"id": "en", "text": QUAKE[0]}, {"id": "ru", "text": russian}])
    features = PairFeatures(neighbours=1).fit(mixed)
    assert features.transform([(0, 1)])[0, FEATURES.index("names")] == 0.0


def test_numbers_that_differ_are_none_shared_and_no_numbers_is_nothing_to_compare():
    articles = _articles([
        {"id": "a", "text": "The economy added 136,000 jobs in September, the Labor Department said on Friday."},
        {"id": "b", "text": "The economy added 943,000 jobs in July, the Labor Department said on Friday."},
        {"id": "c", "text": "Employers kept hiring last month, the Labor Department said on Friday."}])
    features = PairFeatures(neighbours=2).fit(articles)
    row = features.transform([(0, 1), (0, 2)])[:, FEATURES.index("numbers")]
    assert row[0] == 0.0  # both write numbers and share none: two reports
    assert math.isnan(row[1])  # c writes none: it neither agrees nor disagrees


def test_the_model_round_trips_through_its_file_and_refuses_other_features(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((200, len(FEATURES)))
    X[::7, FEATURES.index("gap")] = np.nan
    y = (X[:, 0] > 0.5).astype(int)
    model = SameStoryModel().fit(X, y)
    model.threshold = 0.4
    model.save(tmp_path / "m.json")
    again = SameStoryModel.load(tmp_path / "m.json")
    assert np.allclose(again.predict_proba(X), model.predict_proba(X)) and again.threshold == 0.4
    assert model.predict_proba(X[y == 1]).mean() > model.predict_proba(X[y == 0]).mean()
    d = model.to_dict()
    d["features"] = d["features"][:-1]
    with pytest.raises(ValueError, match="features"):
        SameStoryModel.from_dict(d)


def test_the_shipped_model_takes_a_close_date_for_no_sign_of_one_story():
    """A feed dates every article within hours of the others, whatever its story: a pair dated
    on one day may be only somewhat likelier one story than the same pair undated (the model
    trained without the streamed copies took it for 3.7 log-odds more, and fused a three-day
    stream's stories; the shipped one 0.8, its model for small windows 1.6), while a month apart
    counts more against it (-1.4 and -2.5)."""
    shipped = SameStoryModel.load()
    gap = FEATURES.index("gap")
    for model in (shipped, shipped.small):
        rows = np.array(model.means, dtype=float)[None, :].repeat(3, axis=0)
        rows[0, gap], rows[1, gap], rows[2, gap] = 0.0, np.nan, math.log1p(30.0)
        odds = np.log(model.predict_proba(rows) / (1.0 - model.predict_proba(rows)))
        assert 0.0 < odds[0] - odds[1] < 2.0
        assert odds[2] - odds[1] < -1.0 and abs(odds[2] - odds[1]) > odds[0] - odds[1]


def test_unknown_names_read_as_an_average_overlap_not_as_a_case_of_their_own():
    """Names are unknown only in lower-cased text, which one corpus alone brings: a model that
    flagged them learned that corpus's share of same-story pairs and fused lower-cased BASIL."""
    rng = np.random.default_rng(1)
    X = rng.random((400, len(FEATURES)))
    y = (X[:, 0] > 0.5).astype(int)
    names = FEATURES.index("names")
    X[(y == 1) & (rng.random(400) < 0.6), names] = np.nan  # unknown names mostly in one class
    model = SameStoryModel().fit(X, y)
    row = np.array(model.means, dtype=float)[None, :]
    unknown = row.copy()
    unknown[0, names] = np.nan
    assert model.predict_proba(unknown)[0] == pytest.approx(model.predict_proba(row)[0])
    title = FEATURES.index("title")  # a missing title is still a case of its own
    no_title = row.copy()
    no_title[0, title] = np.nan
    X[(y == 1) & (rng.random(400) < 0.6), title] = np.nan
    model = SameStoryModel().fit(X, y)
    assert model.predict_proba(no_title)[0] != pytest.approx(model.predict_proba(row)[0])


def test_as_stream_dates_every_document_within_the_days_in_time_order():
    from newsfuse.cluster import publish_time
    from newsfuse.evaluation.clustering import Doc, as_stream

    docs = [Doc(str(n), f"s{n % 3}", "", f"text {n}") for n in range(50)]
    dated = as_stream(docs, 2)
    times = [publish_time(d.published) for d in dated]
    assert times == sorted(times) and max(times) - min(times) <= 2 * 86400
    assert sorted(d.id for d in dated) == sorted(d.id for d in docs)
    assert as_stream(docs, 2) == dated  # seeded
    with pytest.raises(ValueError, match="days"):
        as_stream(docs, 0)


def test_consolidation_groups_a_window_into_its_stories():
    articles = _window()
    # a model that reads the body cosine only, as a hand-set rule would
    model = SameStoryModel(coef=[12.0] + [0.0] * (2 * len(FEATURES) - 1), intercept=-3.0,
                           means=[0.0] * len(FEATURES), scale=[1.0] * len(FEATURES), threshold=0.5,
                           fallback=[12.0, -3.0])
    labels = consolidate(articles, model)
    assert labels[0] == labels[1] == labels[2] != labels[3] == labels[4]
    assert consolidate(articles[:1], model) == [0]


def _cosine_model(threshold=0.5):
    return SameStoryModel(coef=[12.0] + [0.0] * (2 * len(FEATURES) - 1), intercept=-3.0,
                          means=[0.0] * len(FEATURES), scale=[1.0] * len(FEATURES), threshold=threshold,
                          fallback=[10.0, -3.5])


@pytest.mark.parametrize("cut", [0.2, 0.35, 0.5, 0.8])
def test_consolidation_by_parts_is_the_average_linkage_of_the_whole_window(cut):
    # parts of the graph of pairs that reach the cut are linked alone: the same stories as one
    # linkage of every pair (which a window of 10,000 could not afford)
    from scipy.cluster.hierarchy import fcluster, linkage

    from newsfuse.story_model import distances

    articles = _window() + _articles([{"id": f"x{i}", "text": t} for i, t in enumerate(QUAKE[:2] + ELECTION[:1])])
    model = _cosine_model()
    features = PairFeatures(neighbours=1).fit(articles)  # few candidates: the fallback decides the rest
    whole = fcluster(linkage(distances(features, model), method="average"), t=1.0 - cut, criterion="distance")
    parts = consolidate(articles, model, threshold=cut, features=PairFeatures(neighbours=1))
    assert bcubed(whole.tolist(), parts) == (1.0, 1.0, 1.0)
    assert len(set(parts)) > 1 or cut <= 0.2
    # healing stories (here one that holds everything, and a stray): parted where the model is
    # sure, then joined, by parts, as the whole window's linkage from those parts would
    current = [0] * (len(articles) - 1) + [1]
    start = parted(features, model, candidate_matrix(features, model), np.array(current), 0.2)
    assert len(set(start.tolist())) > 2  # the story that held everything is parted
    whole = fcluster(linkage(distances(features, model, together=start), method="average"), t=1.0 - cut,
                     criterion="distance")
    healed = consolidate(articles, model, threshold=cut, current=current, split=0.2,
                         features=PairFeatures(neighbours=1))
    assert bcubed(whole.tolist(), healed) == (1.0, 1.0, 1.0)


def _condensed(p: np.ndarray) -> np.ndarray:
    from scipy.spatial.distance import squareform

    return squareform(1.0 - p, checks=False)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0.0, 1.0), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2), st.just(n))),
    st.sampled_from([0.1, 0.3, 0.5]))
@example(([0.1], 2), 0.1)  # P at the split exactly: 1 - (1 - 0.1) is a hair under 0.1, the cut keeps it
@example(([0.3, 0.3, 0.7], 3), 0.3)
def test_parting_from_the_top_down_is_the_tree_cut_when_cohesion_asks_nothing(pairs, split):
    from newsfuse.story_model import _average_linkage, _parts

    values, _ = pairs
    condensed = 1.0 - np.array(values)
    # the walk down the tree (a cohesion of 1e-9 never parts what the split keeps) and SciPy's cut
    assert bcubed(_average_linkage(condensed, split).tolist(), _parts(condensed, split, 1e-9).tolist()) == \
        (1.0, 1.0, 1.0)


def test_a_story_parts_where_its_groups_hold_far_better_inside_than_across():
    from newsfuse.story_model import _parts

    two = np.full((6, 6), 0.4)  # two stories of three run together: 0.9 inside each, 0.4 across
    two[:3, :3] = two[3:, 3:] = 0.9
    assert _parts(_condensed(two), 0.1, 0.0).tolist() == [0] * 6  # 0.4 is no sure call
    labels = _parts(_condensed(two), 0.1, 0.5).tolist()  # but under half of 0.9
    assert labels[:3] == [labels[0]] * 3 and labels[3:] == [labels[3]] * 3 and labels[0] != labels[3]
    one = np.full((12, 12), 0.45)  # one large story whose members hold alike throughout
    one[:6, :6] = one[6:, 6:] = 0.6
    assert len(set(_parts(_condensed(one), 0.1, 0.5).tolist())) == 1


def test_fresh_linkage_starts_from_every_article_and_heal_from_the_stories_it_has(tmp_path):
    # the stream clusterer ran the quake and the election into one story: healing without a
    # parting keeps them one; a fresh linkage reads only the articles
    articles = _window()
    fused = [0] * len(articles)
    healing = _cosine_model()
    assert healing.linkage == "heal"
    assert len(set(consolidate(articles, healing, current=fused, split=0.0))) == 1
    fresh = _cosine_model()
    fresh.linkage = "fresh"
    labels = consolidate(articles, fresh, current=fused, split=0.0)
    assert labels == consolidate(articles, fresh) and labels[0] == labels[1] == labels[2] != labels[3] == labels[4]
    fresh.save(tmp_path / "m.json")
    assert SameStoryModel.load(tmp_path / "m.json").linkage == "fresh"
    with pytest.raises(ValueError, match="linkage"):
        SameStoryModel.from_dict({**fresh.to_dict(), "linkage": "sideways"})
    assert SameStoryModel.load().linkage == SameStoryModel.load().small.linkage == "fresh"  # the shipped one's


def test_linked_afresh_a_headline_keeps_its_story_and_an_article_starts_alone():
    from newsfuse.story_model import starts

    heads = _articles([{"id": f"h{i}", "title": t} for i, t in enumerate(
        ["Quake kills 200 in central Italy", "Italy earthquake toll rises"])])
    articles = _window() + heads  # 2 headlines among 7: not a window of headlines
    current = [0] * 5 + [7, 7]
    features = PairFeatures().fit(articles)
    assert starts(articles, current, "heal", features) == current
    begun = starts(articles, current, "fresh", features)
    assert begun[5] == begun[6] and len(set(begun[:5])) == 5 and not set(begun[:5]) & {begun[5]}
    assert starts(_window(), [0] * 5, "fresh", PairFeatures().fit(_window())) is None
    assert starts(articles, None, "fresh", features) is None
    # a model that reads the headlines' words as apart keeps them together all the same
    fresh = _cosine_model(threshold=0.99)
    fresh.linkage = "fresh"
    labels = consolidate(articles, fresh, current=current)
    assert labels[5] == labels[6] and len(set(labels[:5])) == 5
    assert len(set(consolidate(articles, fresh))) == 7  # without stories to keep, each alone


def test_a_window_of_headlines_keeps_the_stories_it_has():
    articles = _articles([{"id": f"h{i}", "title": t} for i, t in enumerate(
        ["Quake kills 200 in central Italy", "Italy earthquake toll rises", "Norway's Labour wins election"])])
    assert all(not a.sentences for a in articles)
    assert consolidate(articles, _cosine_model(), current=[7, 7, 9]) == [0, 0, 1]
    assert consolidate(articles, _cosine_model()) == [0, 1, 2]  # nothing to keep: each alone


def test_the_shipped_model_loads_and_separates_a_window():
    model = SameStoryModel.load()
    assert 0.0 < model.threshold < 1.0 and model.trained_on
    labels = consolidate(_window(), model)
    assert labels[0] == labels[1] == labels[2] != labels[3] == labels[4]


def test_a_window_picks_its_join_by_the_silhouette_of_the_stories_each_gives(tmp_path, monkeypatch):
    # joins of 0.01 (one story), 0.5 (the quake and the election) and 0.99 (each alone): only the
    # middle cut has stories whose members are nearer each other than the rest, and it stands
    from scipy.spatial.distance import squareform
    from sklearn.metrics import silhouette_score

    from newsfuse import story_model
    from newsfuse.story_model import distances, silhouette

    articles = _window() + _articles([{"id": f"x{i}", "text": t} for i, t in enumerate(QUAKE[:2] + ELECTION[:1])])
    z_min, sample = story_model.Z_MIN, story_model.SILHOUETTE_SAMPLE
    monkeypatch.setattr(story_model, "Z_MIN", 2)  # a window this small picks only here
    model = _cosine_model()
    model.joins = (0.01, 0.5, 0.99)
    picked = consolidate(articles, model)
    assert picked == consolidate(articles, model, threshold=0.5)
    assert picked[0] == picked[1] == picked[2] != picked[3] == picked[4]
    # the pick is the cut of the largest silhouette, as scikit-learn reads it over the whole window
    features = PairFeatures().fit(articles)
    square = squareform(distances(features, model))
    cuts = {j: consolidate(articles, model, threshold=j) for j in (0.2, 0.35, 0.5, 0.65, 0.8)}
    score = {j: silhouette_score(square, labels, metric="precomputed") if 1 < len(set(labels)) < len(labels) else 0.0
             for j, labels in cuts.items()}
    model.joins = tuple(cuts)
    best = max(cuts, key=lambda j: (score[j], j))
    assert consolidate(articles, model) == cuts[best]
    labels = np.array(list(cuts.values()) + [[0] * len(articles)])  # and a cut into one story: 0
    candidates = candidate_matrix(features, model)
    assert silhouette(features, model, candidates, labels) == pytest.approx(list(score.values()) + [0.0], abs=1e-9)
    # sampled, each sampled article is read against the whole window (not only against the sample)
    monkeypatch.setattr(story_model, "SILHOUETTE_SAMPLE", 5)
    rows = np.sort(np.random.default_rng(0).choice(len(articles), 5, replace=False))

    def by_hand(cut):
        cut = np.array(cut)
        out = []
        for i in rows:
            own = cut == cut[i]
            if own.sum() == 1:
                out.append(0.0)
                continue
            inside = square[i, own].sum() / (own.sum() - 1)
            nearest = min(square[i, cut == c].mean() for c in set(cut.tolist()) - {cut[i]})
            out.append((nearest - inside) / max(inside, nearest))
        return float(np.mean(out))

    assert silhouette(features, model, candidates, labels[:-1]) == pytest.approx([by_hand(c) for c in cuts.values()])
    monkeypatch.setattr(story_model, "SILHOUETTE_SAMPLE", sample)
    # a threshold given is the join, whatever the model's joins
    assert consolidate(articles, model, threshold=0.99) == consolidate(articles, _cosine_model(), threshold=0.99) \
        != picked
    # a window larger than the silhouette's sample is read through a seeded sample, the same each time
    monkeypatch.setattr(story_model, "SILHOUETTE_SAMPLE", 5)
    assert consolidate(articles, model) == consolidate(articles, model)
    # the joins round-trip; a file without them keeps its one threshold
    model.save(tmp_path / "m.json")
    assert SameStoryModel.load(tmp_path / "m.json").joins == model.joins
    assert SameStoryModel.from_dict({k: v for k, v in model.to_dict().items() if k != "joins"}).joins == ()
    shipped = SameStoryModel.load()
    assert shipped.joins and min(shipped.joins) < shipped.threshold < max(shipped.joins)
    assert shipped.small.joins == shipped.joins  # a window over Z_MAX picks too
    # a window under Z_MIN keeps the model's one join: too small to say how its stories hold
    picks = []
    monkeypatch.setattr(story_model, "silhouette", lambda *a, **k: picks.append(1) or [0.0] * len(model.joins))
    monkeypatch.setattr(story_model, "Z_MIN", z_min)
    assert len(articles) < story_model.Z_MIN
    assert consolidate(articles, model) == consolidate(articles, model, threshold=model.threshold) and not picks
    # and so does a window over PICK_MAX (here 5 articles, with Z_MIN 2)
    monkeypatch.setattr(story_model, "Z_MIN", 2)
    monkeypatch.setattr(story_model, "PICK_MAX", 5)
    assert consolidate(articles, model) == consolidate(articles, model, threshold=model.threshold) and not picks
    monkeypatch.setattr(story_model, "PICK_MAX", len(articles))
    consolidate(articles, model)
    assert picks


def test_the_shipped_model_picks_a_join_in_a_window_of_a_hundred_articles_and_keeps_its_stories(monkeypatch):
    # 12 made-up events of 10 reports each (every report five of its event's eight sentences):
    # a window the z-score model reads, where consolidation cuts at each of the model's joins
    import random

    from newsfuse import story_model

    rng = random.Random(7)
    places = ["Orvik", "Talmora", "Brenna", "Kestrel Bay", "Vasso", "Dunmere", "Pellan", "Corvin", "Asker Falls",
              "Myrta", "Holloway", "Senn"]
    events = ["a dam burst", "a chemical fire", "a rail strike", "a mine collapse", "a ferry sinking", "a heatwave",
              "a bank run", "a power cut", "a landslide", "a prison riot", "a bridge closure", "a water shortage"]
    records = []
    for e, (place, event) in enumerate(zip(places, events)):
        lines = [f"Officials in {place} said {event} forced {100 + 37 * e} families from their homes on day {k}."
                 for k in range(8)]
        lines = [f"{line} The {event.split()[-1]} in {place} drew crews from {rng.choice(places)}." for line in lines]
        for r in range(10):
            records.append({"id": f"{e}-{r}", "title": f"{event.capitalize()} in {place}",
                            "text": " ".join(rng.sample(lines, 5))})
    rng.shuffle(records)
    articles = _articles(records)
    assert len(articles) >= story_model.Z_MIN
    picks = []
    real = story_model.silhouette
    monkeypatch.setattr(story_model, "silhouette", lambda *a, **k: picks.append(1) or real(*a, **k))
    labels = consolidate(articles, SameStoryModel.load())
    assert picks  # the window's join was picked, not the one threshold
    gold = [a.id.split("-")[0] for a in articles]
    assert bcubed(gold, labels)[2] > 0.95
