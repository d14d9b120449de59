"""End to end: the installed `newsfuse` command, run as a user runs it: the console script
answers, its stdin is a pipe, its exit code is what a shell sees (the rest of the command's
tests run it in process, tests/integration/test_cli.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "newsfuse"


def run(*args, stdin=None):
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, input=stdin,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"})


def test_bundled_example_markdown(example_dir):
    result = run("brief", example_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# ") and "## Sources" in out and "## What the sources agree on" in out
    assert "## Where the sources differ" in out and "About 3,000" in out and "≠" in out
    assert "2,400" in out and "[1]" in out
    assert result.stderr == ""


def test_stdin_jsonl():
    lines = "\n".join(json.dumps({"id": f"s{i}", "source": "Wire", "text":
                                  "The bridge reopened on Friday after repairs, the city said. Traffic was light."})
                      for i in range(3))
    data = json.loads(run("brief", "-", "-f", "json", stdin=lines).stdout)
    assert [a["id"] for a in data["articles"]] == ["s0", "s1", "s2"]
    assert data["summary"][0]["sources"] == ["s0", "s1", "s2"]


def test_nothing_readable_exits_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("brief", empty)
    assert result.returncode == 1
    assert f"{empty}: empty" in result.stderr and "no article could be read" in result.stderr
    assert result.stdout == ""
