import gzip
import json

import pytest

from newsfuse.evaluation.metrics import page_counts, scores
from tests.helpers import cli


def test_shingle_metric_by_hand():
    # shingles of "a b c d e": abcd, bcde; of "a b c d x": abcd, bcdx -> tp 1, fp 1, fn 1
    tp, fp, fn = page_counts("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert scores([(tp, fp, fn)]) == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})


def test_metric_edge_cases():
    assert scores([page_counts("same words here now", "same words here now")])["f1"] == 1.0
    assert scores([page_counts("a b", "a b")])["f1"] == 1.0  # fewer tokens than a shingle
    assert page_counts("", "") == (0.0, 0.0, 0.0)
    assert scores([page_counts("some true text here", "")])["recall"] == 0.0
    # pages weigh alike however long they are: average of a perfect and an empty page
    both = scores([page_counts("a b c d e f", "a b c d e f"), page_counts("w x y z q", "")])
    assert both["recall"] == 0.5


def _page(i: int) -> str:
    body = "".join(f"<p>Story {i}, paragraph {k}: the harbour authority said repairs to the sea wall would "
                   f"take until the end of the month, and that ferries would run to a reduced timetable.</p>"
                   for k in range(6))
    return (f"<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a>"
            f"</nav><article><h1>Story {i}</h1>{body}</article><aside><h3>Most read</h3><ul><li>Other story "
            f"one</li><li>Other story two</li></ul></aside><footer>© Example Times</footer></body></html>")


@pytest.fixture
def dataset(tmp_path):
    (tmp_path / "html").mkdir()
    truth = {}
    for i in range(3):
        html = _page(i)
        (tmp_path / "html" / f"p{i}.html.gz").write_bytes(gzip.compress(html.encode()))
        paras = html.split("<article>")[1].split("</article>")[0]
        truth[f"p{i}"] = {"articleBody": "\n".join(p.split("</p>")[0] for p in paras.split("<p>")[1:]),
                          "url": f"https://example.org/{i}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("mode,systems", [
    ("html", {"newsfuse", "trafilatura", "readability-lxml", "justext"}),
    ("text", {"newsfuse", "unfiltered"}),
])
def test_eval_extract_cli_json(dataset, mode, systems):
    result = cli("eval", "extract", "--data", dataset, "--mode", mode, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["n_pages"] == 3 and set(data["systems"]) == systems
    for m in data["systems"].values():
        assert 0 <= m["precision"] <= 1 and 0 <= m["recall"] <= 1 and 0 <= m["f1"] <= 1
        assert m["pages_per_second"] > 0
    assert data["systems"]["newsfuse"]["f1"] > 0.9
    assert data["systems"]["newsfuse"]["pages_behind"] == (0 if mode == "html" else None)
    if mode == "text":  # the cleaner must beat the floor it is given
        assert data["systems"]["newsfuse"]["precision"] > data["systems"]["unfiltered"]["precision"]


def test_eval_extract_scores_a_variant_beside_the_default(dataset):
    """A variant configuration is scored in the same run, named by its overrides."""
    result = cli("eval", "extract", "--data", dataset, "--mode", "text", "--json", "--variant",
                 "clean.dropped_weight=0", "--variant", "clean.non_sentence_weight=0")
    assert result.exit_code == 0, result.stderr
    systems = json.loads(result.stdout)["systems"]
    variant = "newsfuse[clean.dropped_weight=0,clean.non_sentence_weight=0]"
    assert set(systems) == {"newsfuse", variant, "unfiltered"}
    assert all(0 <= systems[variant][k] <= 1 for k in ("precision", "recall", "f1"))


def test_eval_extract_counts_pages_behind_the_best_peer(dataset, monkeypatch):
    """Page by page: a page where newsfuse is more than 0.1 F1 below the best peer is named."""
    from newsfuse.evaluation import extraction

    real = extraction.HTML_SYSTEMS["newsfuse"]
    monkeypatch.setitem(extraction.HTML_SYSTEMS, "newsfuse",
                        lambda html: "" if b"Story 1" in html else real(html))  # a regression on one page
    result = extraction.run_extract(dataset, "html", systems=["newsfuse", "trafilatura"])
    ours = result["systems"]["newsfuse"]
    assert ours["pages_behind"] == 1
    assert ours["behind"] == [{"id": "p1", "f1": 0.0, "best_peer": "trafilatura",
                               "best_f1": pytest.approx(1.0, abs=0.1)}]
    assert "pages_behind" not in result["systems"]["trafilatura"]


def test_eval_extract_bad_data_dir(tmp_path):
    result = cli("eval", "extract", "--data", tmp_path)
    assert result.exit_code == 1 and "ground-truth.json" in result.stderr


def test_clean_command(example_dir):
    result = cli("clean", example_dir / "varnholm-today.txt", "-f", "json")
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)["articles"][0]
    assert "MORE" not in article["text"] and "Download our app" not in article["text"]
    assert {"text": "News › Local › Varnholm", "reason": "navigation or breadcrumb"} in article["removed"]
    text = cli("clean", example_dir / "radio-nord.txt").stdout
    assert text.startswith("=== radio-nord · About 3,000 people flee Varnholm floods")
    assert "[share, subscribe or promo prompt] Listen to our podcasts" in text
