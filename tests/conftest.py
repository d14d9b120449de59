import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "varnholm-flood"
AFGHAN = ROOT.parent / "shared" / "examples" / "afghan-tajik-2021"
# the installed command, as a user runs it
BIN = Path(sys.executable).parent / "newsfuse"


def is_subsequence(small: str, big: str) -> bool:
    """``small`` is ``big`` with characters taken out, in order: what a deletion-only step leaves."""
    chars = iter(big)
    return all(c in chars for c in small)


def sent(article, text, position=0, length=5):
    """A hand-built sentence of a cleaned article: its paragraph is its position."""
    from newsfuse.model import Sentence

    return Sentence(article, text, position=position, paragraph=position, article_length=length)


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


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    """A store holding the bundled example, annotated (one story)."""
    from newsfuse.service import ingest
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("server") / "s.db"
    with Store(path) as store:
        assert all(r.status == "added" for r in ingest(store, [EXAMPLE]))
    return path


@pytest.fixture
def store_copy(example_store, tmp_path) -> Path:
    """A copy of the module's store: each test may write to its own."""
    import shutil

    shutil.copy(example_store, tmp_path / "s.db")
    return tmp_path / "s.db"


@pytest.fixture
def built(tmp_path) -> Path:
    """A store of the six topics' N articles in six stories, each briefed (tests.helpers._build)."""
    from tests.helpers import _build

    path = tmp_path / "s.db"
    _build(path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(store: Path, *args: str):
    """`newsfuse serve` as a user runs it, on a free localhost port; yields its base URL."""
    import httpx

    port = free_port()
    command = [str(Path(sys.executable).parent / "newsfuse"), "serve", "--store", str(store), "--port", str(port),
               *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"newsfuse serve stopped: {proc.stderr.read()}"
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "newsfuse serve did not answer within 60 s"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- layers: each folder of tests/ is a layer, and its tests carry that layer's marker ------
LAYERS = ("unit", "integration", "e2e", "browser", "dask")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """`pytest -m unit` selects what `pytest tests/unit` does: the marker comes from the folder."""
    for item in items:
        layer = Path(item.fspath).resolve().relative_to(TESTS).parts[0]
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
