"""The command line's Dask errors (issue 23) through the installed `newsfuse` command: a scheduler
that cannot be reached, and distributed's warnings, which only a process of its own shows as a
user sees them (the rest of issue 23's tests run in process, tests/integration/test_cli_exits.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

BIN = Path(sys.executable).parent / "newsfuse"
FAST = ["--set", "analyse.enabled=false"]


def run(*args, env=None, timeout=120):
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


# 4. Dask errors as one line


def test_an_unreachable_dask_scheduler_is_one_line_exit_2_and_no_store(tmp_path):
    pytest.importorskip("distributed")
    store = tmp_path / "new.db"
    result = run("ingest", EXAMPLE / "coastwire.txt", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                 "--store", store, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("newsfuse: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert not store.exists()


def test_a_dask_ingest_prints_no_distributed_warnings_unless_verbose(tmp_path):
    pytest.importorskip("distributed")
    env = {"DASK_DISTRIBUTED__ADMIN__LARGE_GRAPH_WARNING_THRESHOLD": "1"}  # every batch sent would warn
    quiet = run("ingest", EXAMPLE, "--engine", "dask", "--workers", "1", "--store", tmp_path / "q.db", *FAST, env=env)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr.splitlines() == [quiet.stderr.strip()] and "5 added" in quiet.stderr
    loud = run("ingest", EXAMPLE, "--engine", "dask", "--workers", "1", "--store", tmp_path / "v.db", "--verbose",
               *FAST, env=env)
    assert loud.returncode == 0 and "Sending large graph" in loud.stderr
