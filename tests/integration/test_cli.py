"""The `newsfuse` command in process (typer's CliRunner); tests/e2e/test_cli.py runs the installed
command as a user does."""

import json
import os

import pytest

from tests.helpers import cli

BOILERPLATE = [
    "Map courtesy", "Failed martial law", "Appetite for non-democratic", "Editor's Picks", "Getty Images",
    "Vladimirovich", "cancel culture", "MORE", "Download our apps", "podcast", "By subscribing",
    "SBS World News", "Source: AAP", "sit at a bridge", "pause on a road", "Share this",
]


def run(*args, stdin=None):
    return cli(*args, input=stdin)


def brief_json(*args):
    result = run("brief", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_afghan_example_brief(afghan_dir):
    data = brief_json(afghan_dir)
    ids = [a["id"] for a in data["articles"]]
    assert len(ids) == 5
    cited = {src for s in data["summary"] for src in s["sources"]}
    assert len(cited) >= 3
    summary_text = " ".join(s["text"] for s in data["summary"])
    assert len(summary_text.split()) <= 120
    for noise in BOILERPLATE:
        assert noise not in summary_text, noise
    top = data["facts"][:10]
    crossing = [f for f in top if "1,037" in f["text"]]
    assert crossing and crossing[0]["support"] >= 3, [f["text"] for f in top]
    for f in data["facts"]:
        for noise in BOILERPLATE:
            assert noise not in f["text"], (noise, f["text"])
    # reading across: nothing shown in the cross-source sections is boilerplate either
    across = json.dumps({k: data[k] for k in ("discrepancies", "unique", "quotes", "timeline", "entities")})
    for noise in BOILERPLATE:
        assert noise not in across, noise
    assert any(d["kind"] == "name" and "Rahmon" in d["about"] for d in data["discrepancies"])


def test_no_analysis_is_a_plain_brief_whose_figures_are_checked(example_dir):
    data = brief_json(example_dir, "--no-analysis")
    assert data["summary"] and data["entities"] == [] and data["unique"] == {} and data["timeline"] == []
    assert [d["kind"] for d in data["discrepancies"]] == ["number"]  # read from the words, no parse


def test_sentence_budget_and_output_file(example_dir, tmp_path):
    target = tmp_path / "brief.html"
    result = run("brief", example_dir, "--sentences", "2", "--format", "html", "-o", target)
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="brief">') == 1
    assert page.split('<section class="brief">')[1].split("</section>")[0].count("<p>") == 2


def test_bad_inputs_are_reported_and_the_rest_go_through(example_dir, tmp_path):
    binary = tmp_path / "junk.txt"
    binary.write_bytes(os.urandom(2000).replace(b"\n", b"\x00"))
    result = run("brief", example_dir / "coastwire.txt", binary, tmp_path / "nope.html", "-f", "json")
    assert result.exit_code == 0
    assert f"skipped {binary}: binary file" in result.stderr
    assert "nope.html: no such file" in result.stderr
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["coastwire"]
    assert {s["input"] for s in data["skipped"]} == {str(binary), str(tmp_path / "nope.html")}


@pytest.mark.parametrize("args,message", [
    (["brief", "x", "--words", "0"], "--words"),
    (["brief", "x", "--format", "pdf"], "--format"),
    (["brief"], "PATH"),
])
def test_usage_errors(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("newsfuse ")


def test_progress_never_touches_stdout(tmp_path):
    """Many inputs: the JSON on stdout must still parse (progress goes to stderr)."""
    for i in range(25):
        (tmp_path / f"a{i:02}.txt").write_text(f"Story number {i} says the bridge reopened on Friday.",
                                               encoding="utf-8")
    data = brief_json(tmp_path)
    assert len(data["articles"]) == 25
