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
