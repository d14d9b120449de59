"""The learned salience: its features on hand-built facts, its trees evaluated as scikit-learn
does, the shipped file, and the setting that picks it."""

import numpy as np
import pytest

from newsfuse.align import Similarity, group_facts
from newsfuse.config import Config, ConfigError, SummariseConfig
from newsfuse.salience import FEATURES, SHIPPED, SalienceModel, fact_features
from newsfuse.summarise import rank, shown_texts, summarise
from tests.conftest import sent


STORY = [
    sent("a", "More than 1,000 Afghan soldiers fled into Tajikistan on Monday, officials said."),
    sent("b", "Over 1,000 Afghan soldiers fled across the border into Tajikistan on Monday."),
    sent("c", "More than 1,000 Afghan soldiers crossed into Tajikistan on Monday, fleeing the Taliban."),
    sent("a", "The weather in the region was mild for the time of year, forecasters noted.", 5),
    sent("b", "Tajikistan said it had let the soldiers in on humanitarian grounds.", 1),
    sent("c", "\u201cWe had no choice,\u201d one of the soldiers told reporters in Dushanbe.", 2),
]
TITLES = {"a": "Afghan soldiers flee into Tajikistan", "b": "1,000 Afghan troops flee to Tajikistan", "c": None}


@pytest.fixture(scope="module")
def story():
    similarity = Similarity.fit(STORY)
    return group_facts(STORY, similarity, 0.3, ["a", "b", "c"]), similarity


def column(X, name):
    return X[:, FEATURES.index(name)]


def test_features_read_support_position_numbers_and_quotes(story):
    facts, similarity = story
    shown = shown_texts(facts, True, SummariseConfig())
    X = fact_features(facts, shown, similarity, 3, TITLES)
    assert X.shape == (len(facts), len(FEATURES))
    fled = next(k for k, f in enumerate(facts) if f.support == 3)
    weather = next(k for k, f in enumerate(facts) if "weather" in f.text)
    quote = next(k for k, f in enumerate(facts) if "choice" in f.text)
    assert column(X, "support")[fled] == 1.0 and column(X, "support")[weather] == 0.0
    assert column(X, "independent")[fled] == 3 and column(X, "copies")[fled] == 0
    assert column(X, "lead")[fled] == 1.0 and column(X, "lead")[weather] < 0.2
    assert column(X, "numbers")[fled] == 1 and column(X, "numbers")[weather] == 0
    assert column(X, "quote")[quote] == 1 and column(X, "quote")[fled] == 0
    assert column(X, "attributed")[quote] == 1
    # the event is in both headlines; the weather in none
    assert column(X, "headlines")[fled] > 0.5 and column(X, "headlines")[weather] == 0
    assert column(X, "pairs_shared")[fled] > column(X, "pairs_shared")[weather]
    assert column(X, "articles").tolist() == [3] * len(facts)


def test_features_of_no_facts_are_an_empty_table(story):
    _, similarity = story
    assert fact_features([], [], similarity, 3).shape == (0, len(FEATURES))


def _fitted(seed=0):
    from sklearn.ensemble import HistGradientBoostingRegressor

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(600, len(FEATURES)))
    X[rng.random(X.shape) < 0.1] = np.nan  # missing values take the side the trees learned
    y = np.nan_to_num(X[:, 0]) * 2 - np.nan_to_num(X[:, 3]) ** 2 + rng.normal(scale=0.1, size=600)
    return HistGradientBoostingRegressor(max_iter=40, max_leaf_nodes=8, random_state=0).fit(X, y), rng


def test_trees_predict_as_scikit_learn_does():
    model, rng = _fitted()
    X = rng.normal(size=(200, len(FEATURES)))
    X[rng.random(X.shape) < 0.2] = np.nan
    ours = SalienceModel.from_sklearn(model)
    assert np.allclose(ours.predict(X), model.predict(X), atol=1e-9)
    again = SalienceModel.from_dict(ours.to_dict())  # what the shipped file holds reads back the same
    assert np.allclose(again.predict(X), model.predict(X), atol=1e-9)
    assert ours.predict(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_a_model_of_other_features_is_refused():
    model, _ = _fitted()
    d = SalienceModel.from_sklearn(model).to_dict()
    d["features"] = d["features"][:-1]
    with pytest.raises(ValueError, match="features"):
        SalienceModel.from_dict(d)


def test_the_shipped_model_loads_and_says_what_it_was_trained_on():
    model = SalienceModel.load(SHIPPED)
    assert model.features == FEATURES and len(model.roots) > 10
    assert set(model.trained_on["clusters"]) >= {"multinews-dev", "multinews-plus", "neus"}
    assert SHIPPED.stat().st_size < 3_000_000


def test_learned_ranking_puts_the_shared_lead_above_a_lone_aside(story):
    facts, similarity = story
    order = [f.text for f, _ in rank(facts, similarity, 3, SummariseConfig(), titles=TITLES)]
    assert "fled" in order[0] and order.index(next(t for t in order if "weather" in t)) > 0
    brief = summarise(facts, similarity, 3, SummariseConfig(words=30), titles=TITLES)
    assert brief and sum(len(s.text.split()) for s in brief) <= 30
    assert brief[0].sources == ["a", "b", "c"]


def test_both_rankings_are_selectable_and_a_wrong_name_is_refused(story):
    facts, similarity = story
    for salience in ("learned", "weighted"):
        assert summarise(facts, similarity, 3, SummariseConfig(words=40, salience=salience), titles=TITLES)
    with pytest.raises(ConfigError, match="summarise.salience must be one of learned, weighted"):
        Config.from_dict({"summarise": {"salience": "magic"}})
