"""The ``zscore`` pair feature: a pair's body cosine against what each of the two shares with
the rest of the window, and the model that reads a window too small to say what is usual or
too large for the rest to be unlike stories."""

import math
import random

import numpy as np

from newsfuse.config import Config
from newsfuse.pipeline import prepare
from newsfuse.story_model import FEATURES, Z_CAP, Z_MAX, Z_MIN, PairFeatures, SameStoryModel, consolidate

NO_ANALYSIS = Config().replace(analyse={"enabled": False})
PAIR = ["The Elsin river broke the flood barrier at Varnholm and residents left their homes overnight.",
        "Residents of Varnholm left their homes overnight when the Elsin river broke its flood barrier."]


def _made_up_words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(n)]


def _zscore_of_the_pair(others: list[str]) -> float:
    records = [{"id": f"p{i}", "text": t} for i, t in enumerate(PAIR)]
    records += [{"id": f"o{i}", "text": t} for i, t in enumerate(others)]
    features = PairFeatures().fit(prepare(records, NO_ANALYSIS).articles)
    pairs = features.pairs()
    return float(features.transform(pairs)[pairs.index((0, 1)), FEATURES.index("zscore")])


def _sentences(rng: random.Random, vocabulary: list[str], n: int) -> list[str]:
    return [" ".join(rng.sample(vocabulary, 12)).capitalize() + "." for _ in range(n)]


def test_a_pair_stands_out_among_unlike_articles_more_than_among_articles_on_its_subject():
    rng = random.Random(26)
    unlike = _sentences(rng, _made_up_words(rng, 3000), Z_MIN)
    # the pair's own words, each in many articles of the window
    subject = sorted({w.strip(".") for w in " ".join(PAIR).split()})
    alike = [" ".join(rng.sample(subject, 8) + rng.sample(_made_up_words(rng, 3000), 4)).capitalize() + "."
             for _ in range(Z_MIN)]
    among_unlike, among_alike = _zscore_of_the_pair(unlike), _zscore_of_the_pair(alike)
    assert among_unlike == Z_CAP  # nothing else in the window shares a word with either
    assert 0.0 < among_alike < among_unlike - 1.0  # 8.4 here


def test_a_window_under_z_min_articles_has_no_zscore():
    rng = random.Random(3)
    assert math.isnan(_zscore_of_the_pair(_sentences(rng, _made_up_words(rng, 500), Z_MIN - 3)))
    assert not math.isnan(_zscore_of_the_pair(_sentences(rng, _made_up_words(rng, 500), Z_MIN - 2)))


def _fitted(rows: int = 200, seed: int = 0, drop_z: bool = False) -> SameStoryModel:
    rng = np.random.default_rng(seed)
    X = rng.random((rows, len(FEATURES)))
    if drop_z:
        X[:, FEATURES.index("zscore")] = np.nan
    return SameStoryModel().fit(X, (X[:, 0] > 0.5).astype(int))


def test_a_small_window_is_read_by_the_model_without_zscore_and_both_round_trip(tmp_path):
    model, small = _fitted(), _fitted(seed=1, drop_z=True)
    assert model.for_window(10) is model  # no small model: the one there is
    model.small = small
    assert model.for_window(Z_MIN - 1) is small and model.for_window(Z_MIN) is model
    assert model.for_window(Z_MAX) is model and model.for_window(Z_MAX + 1) is small  # many stories alike
    model.save(tmp_path / "m.json")
    again = SameStoryModel.load(tmp_path / "m.json")
    X = np.random.default_rng(2).random((20, len(FEATURES)))
    assert np.allclose(again.predict_proba(X), model.predict_proba(X))
    assert np.allclose(again.for_window(5).predict_proba(X), small.predict_proba(X))
    assert again.small.small is None


def test_consolidation_reads_a_small_window_with_the_small_model():
    """A model that joins nothing, with a small model that joins everything: a window of three
    articles is one story."""
    never, always = _fitted(), _fitted(seed=1, drop_z=True)
    never.coef, never.intercept, never.fallback = [0.0] * len(never.coef), -20.0, [0.0, -20.0]
    always.coef, always.intercept, always.fallback = [0.0] * len(always.coef), 20.0, [0.0, 20.0]
    never.threshold = always.threshold = 0.5
    articles = prepare([{"id": str(i), "text": t} for i, t in enumerate(PAIR + ["The Nordbank Group reported profits of 412 million krona, up from 380 million, in Oslo."])],
                       NO_ANALYSIS).articles
    assert consolidate(articles, never) == [0, 1, 2]
    never.small = always
    assert consolidate(articles, never) == [0, 0, 0]


def test_the_shipped_model_has_a_model_for_small_windows_that_reads_no_zscore():
    model = SameStoryModel.load()
    z = FEATURES.index("zscore")
    assert model.small is not None and model.small.trained_on == model.trained_on
    assert model.coef[z] > 0.0 and model.small.coef[z] == 0.0
    # a window over Z_MAX has zscores; the small model reads them as the missing values it learned from
    rows = np.array(model.small.means, dtype=float)[None, :].repeat(2, axis=0)
    rows[0, z], rows[1, z] = 5.0, np.nan
    p = model.small.predict_proba(rows)
    assert p[0] == p[1]
