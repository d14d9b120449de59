"""One grammar on every command (issue 31): --format with --json as its short form, --config and
--set as the configuration, exit 2 for a missing extra, one shape for what became of an input."""

import json
import sys

import pytest

from newsfuse.model import Skipped
from newsfuse.store import Added, outcome
from tests.conftest import EXAMPLE
from tests.integration.test_cli_exits import FAST, run


def test_json_is_format_json_on_every_command_that_prints_data(tmp_path):
    store = tmp_path / "s.db"
    for form in (["--json"], ["--format", "json"]):
        lines = run("ingest", EXAMPLE, "--store", tmp_path / f"s{len(form)}.db", *form, *FAST).stdout.splitlines()
        assert [json.loads(line)["status"] for line in lines] == ["added"] * 5
    run("ingest", EXAMPLE, "--store", store, *FAST)
    for command in (["stories", "--store", store], ["search", "barrier", "--store", store],
                    ["cluster", EXAMPLE, *FAST], ["clean", EXAMPLE / "coastwire.txt"],
                    ["brief", EXAMPLE, "--words", "40", *FAST]):
        short, long = (run(*command, form) for form in ("--json", "--format=json"))
        assert short.exit_code == 0, short.stderr
        assert json.loads(short.stdout) == json.loads(long.stdout)  # one JSON document, the same
    text = run("stories", "--store", store, "--format", "text")
    assert text.exit_code == 0 and not text.stdout.lstrip().startswith("{")


def test_an_ingested_input_has_one_shape_in_the_cli_and_the_api(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    lines = run("ingest", EXAMPLE / "coastwire.txt", tmp_path / "empty.txt", "--store", tmp_path / "s.db",
                "--json", *FAST).stdout.splitlines()
    got = sorted((json.loads(line) for line in lines), key=lambda d: d["status"])
    assert got[0] == {"status": "added", "article": "coastwire", "story": got[0]["story"]}
    assert got[1]["status"] == "skipped" and set(got[1]) == {"status", "input", "error"}
    assert outcome(Skipped("x", "why")) == {"status": "skipped", "input": "x", "error": "why"}
    assert outcome(Added("duplicate", "b", 3, "a", "the same text")) == {
        "status": "duplicate", "article": "b", "story": 3, "duplicate_of": "a", "why": "the same text"}


@pytest.mark.parametrize("module, args, extra", [
    ("newsfuse.engines.dask", ["ingest", str(EXAMPLE), "--engine", "dask", *FAST], "newsfuse[dask]"),
])
def test_a_missing_extra_exits_2_naming_what_installs_it(tmp_path, monkeypatch, module, args, extra):
    monkeypatch.setitem(sys.modules, module, None)  # as if the extra were not installed: importing it fails
    done = run(*args, "--store", tmp_path / "s.db")
    assert done.exit_code == 2, done.stderr
    assert extra in done.stderr
