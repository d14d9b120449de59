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
    from newsfuse.config import Config
    from newsfuse.pipeline import prepare

    config = Config().replace(analyse={"enabled": False})
    prepared = prepare([EXAMPLE], config).articles
    sentences = [s for p in prepared for s in p.sentences]
    similarity = Similarity.fit(sentences)
    return group_facts(sentences, similarity, config.align.threshold), similarity, len(prepared)
