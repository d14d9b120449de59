from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "varnholm-flood"
AFGHAN = ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def afghan_dir() -> Path:
    if not AFGHAN.is_dir():
        pytest.skip(f"shared example not found at {AFGHAN}")
    return AFGHAN


@pytest.fixture(scope="session")
def example_brief_parts():
    """Facts and similarity of the bundled example, computed once."""
    from newsfuse.align import Similarity, group_facts
    from newsfuse.pipeline import clean_inputs
    from newsfuse.segment import sentences_of

    articles, _ = clean_inputs([EXAMPLE])
    sentences = [s for a in articles for s in sentences_of(a)]
    similarity = Similarity.fit(sentences)
    return group_facts(sentences, similarity, 0.35), similarity, len(articles)
