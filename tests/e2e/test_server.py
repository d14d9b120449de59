"""A real uvicorn server as a user starts it (`newsfuse serve`), on the bundled
example's store (tests/integration/test_server.py has the API through FastAPI's test client)."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import serving
from tests.integration.test_server import NEW_FLOOD

BIN = Path(sys.executable).parent / "newsfuse"


@pytest.fixture
def live_server(store_copy):
    with serving(store_copy) as base:
        yield base


def test_end_to_end_against_a_real_server(live_server):
    stories = httpx.get(live_server + "/api/stories").json()["stories"]
    story = stories[0]["id"]
    r = httpx.post(live_server + "/api/articles", json={"text": NEW_FLOOD, "source": "Coast FM"})
    assert r.status_code == 201 and r.json()["articles"][0]["story"] == story
    brief = httpx.get(f"{live_server}/api/stories/{story}").json()
    assert len(brief["articles"]) == 6
    assert httpx.get(f"{live_server}/stories/{story}").status_code == 200


def test_serve_refuses_an_open_address_without_a_token(example_store):
    r = subprocess.run([str(BIN), "serve", "--store", str(example_store), "--host", "0.0.0.0"],
                       capture_output=True, text=True, timeout=60, env={**os.environ, "NEWSFUSE_TOKEN": ""})
    assert r.returncode == 2 and "token" in r.stderr
