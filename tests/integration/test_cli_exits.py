"""The command line's exits, progress and --since (issue 23), the command in process (typer's
CliRunner); its Dask errors run the installed command, tests/e2e/test_cli_exits.py."""

import datetime as dt
import json

import pytest

from newsfuse import cli
from tests.conftest import EXAMPLE
from tests.helpers import cli as in_process

FAST = ["--set", "analyse.enabled=false"]


def run(*args, env=None):
    return in_process(*args, env=env)


def last_line(result) -> str:
    return result.stderr.strip().splitlines()[-1]


# 1. honest exits


def test_ingest_exits_0_when_anything_was_added_or_duplicate(tmp_path):
    store = tmp_path / "s.db"
    (tmp_path / "empty.txt").write_text("")
    added = run("ingest", EXAMPLE, tmp_path / "empty.txt", "--store", store, *FAST)
    assert added.exit_code == 0, added.stderr
    assert last_line(added).startswith("newsfuse: 5 added, 0 duplicates, 1 skipped;")
    again = run("ingest", EXAMPLE, "--store", store, *FAST)
    assert again.exit_code == 0, again.stderr
    assert last_line(again).startswith("newsfuse: 0 added, 5 duplicates, 0 skipped;")


@pytest.mark.parametrize("kind", ["empty file", "missing path", "refused URL", "JSONL all skipped"])
def test_ingest_exits_1_when_nothing_was_added_or_duplicate(tmp_path, kind):
    given = {"empty file": tmp_path / "empty.txt", "missing path": tmp_path / "nowhere.txt",
             "refused URL": "http://127.0.0.1:9/x", "JSONL all skipped": tmp_path / "bad.jsonl"}[kind]
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": ""}\nnot json\n{"id": "b", "text": "   "}\n')
    result = run("ingest", given, "--store", tmp_path / "s.db", *FAST)
    assert result.exit_code == 1, result.stderr
    assert "0 added, 0 duplicates," in last_line(result) and "skipped;" in last_line(result)
    assert "Traceback" not in result.stderr


# 2. progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_lines_in_a_log_come_by_time_with_rate_and_time_left(monkeypatch, capsys):
    clock = Clock()
    monkeypatch.setattr(cli, "_now", clock)
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 5.0)
    for _ in cli._progress(range(10), 10, "briefing"):
        clock.now += 2  # an item every 2 s: a line at 6 s, 12 s, 18 s, and one at the end
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["newsfuse: briefing: 3/10 (0.5/s, 14s left)", "newsfuse: briefing: 6/10 (0.5/s, 8s left)",
                     "newsfuse: briefing: 9/10 (0.5/s, 2s left)", "newsfuse: briefing: 10/10 (0.5/s, took 20s)"]


def test_a_log_hears_from_a_stage_while_one_item_takes_long(monkeypatch, capsys):
    """A batch of a hundred pages may take a minute: lines keep coming while it runs."""
    import time

    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0.2)

    def slow():
        time.sleep(1.0)  # the first batch
        yield 100

    for _ in cli._progress(slow(), None, "preparing"):
        pass
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) >= 3 and lines[0].startswith("newsfuse: preparing: 0 (")
    assert lines[-1].startswith("newsfuse: preparing: 1 (") and "took" in lines[-1]


def test_progress_of_a_stream_is_a_count_and_a_short_stage_says_nothing(monkeypatch, capsys):
    clock = Clock()
    monkeypatch.setattr(cli, "_now", clock)
    for _ in cli._progress(iter(range(4)), None, "preparing"):
        clock.now += 3
    assert capsys.readouterr().err.splitlines() == [
        "newsfuse: preparing: 2 (0.3/s)", "newsfuse: preparing: 4 (0.3/s)", "newsfuse: preparing: 4 (0.3/s, took 12s)"]
    clock.now = 0
    for _ in cli._progress(iter(range(200)), None, "preparing"):
        clock.now += 0.001  # 0.2 s in all: under PROGRESS_EVERY, no line
    assert capsys.readouterr().err == ""


def test_ingest_progress_counts_articles_out_of_the_files_given(tmp_path, monkeypatch):
    """A log gets lines (interval 0 here) while preparing: articles out of the files given, each
    skipped input counted too; a JSONL input has no cheap total, so its lines are a count."""
    (tmp_path / "empty.txt").write_text("")
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0)
    result = run("ingest", EXAMPLE, tmp_path / "empty.txt", "--store", tmp_path / "s.db", "--set", "ingest.batch=2",
                 *FAST)
    assert result.exit_code == 0, result.stderr
    preparing = [line for line in result.stderr.splitlines() if line.startswith("newsfuse: preparing: ")]
    assert preparing[-1].startswith("newsfuse: preparing: 6/6 (") and "took" in preparing[-1]
    assert len(preparing) >= 4  # batches of 2 and the skipped file, each a line
    assert any(line.startswith("newsfuse: adding to stories: 5/5 (") for line in result.stderr.splitlines())
    records = tmp_path / "in.jsonl"
    records.write_text("".join(json.dumps({"id": f"r{i}", "text": f"The bridge at Ulm reopened on day {i}."}) + "\n"
                               for i in range(3)))
    streamed = run("ingest", records, "--store", tmp_path / "j.db", *FAST)
    assert streamed.exit_code == 0, streamed.stderr
    assert "newsfuse: preparing: 3 (" in streamed.stderr and "/3" not in streamed.stderr.split("adding")[0]


def test_a_short_ingest_prints_no_progress_in_a_log(tmp_path):
    result = run("ingest", EXAMPLE, "--store", tmp_path / "s.db", *FAST)
    assert result.exit_code == 0 and len(result.stderr.splitlines()) == 1, result.stderr


def test_articles_in_is_known_for_one_article_files_only(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    assert cli._articles_in([str(EXAMPLE)]) == 5
    assert cli._articles_in([str(EXAMPLE), str(tmp_path / "missing.txt")]) == 6
    assert cli._articles_in([str(EXAMPLE), str(tmp_path / "a.jsonl")]) is None
    assert cli._articles_in(["-"]) is None and cli._articles_in(["https://example.org/a"]) is None


# 3. --since


def test_a_bad_since_is_one_line_and_exit_2(tmp_path):
    run("ingest", EXAMPLE, "--store", tmp_path / "s.db", *FAST)
    for bad in ("2019-13-45", "notadate"):
        result = run("stories", "--store", tmp_path / "s.db", "--since", bad)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [result.stderr.strip()]
        assert result.stderr.startswith(f"newsfuse: --since: {bad!r} is not a date")


def test_since_yesterday_lists_the_recent_stories(tmp_path):
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"id": "new", "published": today, "title": "Ferry strike ends in Ostend",
                    "text": "Ferry crews in Ostend ended their strike on Monday after a pay deal was signed."}) + "\n"
        + json.dumps({"id": "old", "published": "2020-02-03", "title": "Orchard frost in Valais",
                      "text": "A late frost damaged apricot orchards across Valais, growers said."}) + "\n")
    added = run("ingest", records, "--store", tmp_path / "s.db", *FAST)
    assert added.exit_code == 0, added.stderr
    listed = run("stories", "--store", tmp_path / "s.db", "--since", "yesterday", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [s["title"] for s in json.loads(listed.stdout)["stories"]] == ["Ferry strike ends in Ostend"]
    everything = run("stories", "--store", tmp_path / "s.db", "--since", "2020-01-01", "--json")
    assert len(json.loads(everything.stdout)["stories"]) == 2
