import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.evaluation.summarization import BASELINES, fill, load_clusters, oracle, rouge, run_summarize

BIN = Path(sys.executable).parent / "newsfuse"
REFERENCE = ("The Elsin river broke through Varnholm's flood barrier on Tuesday night and about 2,400 "
             "residents were evacuated. The mayor declared a state of emergency and opened shelters in "
             "schools. Two people were treated for hypothermia, and engineers will inspect the breach.")


@pytest.fixture(scope="module")
def clusters_file(tmp_path_factory):
    root = Path(__file__).resolve().parent.parent / "examples" / "varnholm-flood"
    docs = [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(root.glob("*.txt"))]
    path = tmp_path_factory.mktemp("mn") / "clusters.jsonl"
    lines = [
        {"cluster_id": "flood", "documents": docs, "summary": REFERENCE},
        {"cluster_id": "flood-2", "documents": docs[:2], "summary": REFERENCE.lower()},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_rouge_matches_rouge_score_called_directly():
    from rouge_score import rouge_scorer

    ref = ["The river broke the barrier on Tuesday.", "Residents were evacuated."]
    summary = ["The barrier broke on Tuesday night.", "Many residents left."]
    direct = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True).score(
        "\n".join(ref), "\n".join(summary))
    ours = rouge(ref, summary)
    assert ours == pytest.approx({k: v.fmeasure for k, v in direct.items()})
    # hand check of ROUGE-1 with stemming: 6 shared unigrams (the, barrier, broke, on, tuesday, resid)
    assert ours["rouge1"] == pytest.approx(2 * (6 / 9) * (6 / 10) / (6 / 9 + 6 / 10))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab c.", min_size=1, max_size=40), max_size=12), st.integers(1, 60))
def test_fill_never_exceeds_the_budget(sentences, words):
    out = fill(sentences, words)
    total = sum(len(s.split()) for s in out)
    assert total <= words
    if sum(len(s.split()) for s in sentences) >= words:
        assert total == words  # the budget is filled exactly when there is enough text


def test_oracle_is_the_ceiling(clusters_file):
    result = run_summarize(clusters_file, words=40)
    systems = result["systems"]
    assert set(systems) == set(BASELINES) | {"newsfuse", "oracle"}
    for name, m in systems.items():
        for metric in ("rouge1", "rouge2"):
            assert systems["oracle"][metric] >= m[metric] - 1e-9, (name, metric)
        assert m["seconds_per_cluster"] >= 0


def test_oracle_sentences_are_source_sentences(clusters_file):
    cluster = load_clusters(clusters_file, limit=1)[0]
    pool = {s for doc in cluster.sentences for s in doc}
    chosen = oracle(cluster, 40)
    assert chosen and set(chosen) <= pool


def test_eval_summarize_cli_json(clusters_file):
    result = subprocess.run([str(BIN), "eval", "summarize", "--data", str(clusters_file), "--words", "30",
                             "--json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["n_clusters"] == 2 and data["words"] == 30
    assert {"newsfuse", "lead", "lexrank", "textrank", "lsa", "centroid", "oracle"} <= set(data["systems"])
    for m in data["systems"].values():
        assert set(m) == {"rouge1", "rouge2", "rougeLsum", "seconds_per_cluster", "leaning_share"}
        assert all(0 <= m[k] <= 1 for k in ("rouge1", "rouge2", "rougeLsum", "leaning_share"))


def test_eval_summarize_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"cluster_id": 1}\n', encoding="utf-8")
    result = subprocess.run([str(BIN), "eval", "summarize", "--data", str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "bad.jsonl:1" in result.stderr


def test_eval_summarize_runs_the_products_brief(clusters_file):
    """The evaluated summary is exactly what `newsfuse brief` gives at the same budget."""
    from newsfuse.evaluation.summarization import newsfuse_system

    cluster = load_clusters(clusters_file, limit=1)[0]
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(cluster.documents)]
    expected = [s.text for s in newsfuse.brief(records, words=40).summary]
    assert newsfuse_system(None, 40)(cluster) == expected


def test_eval_summarize_scores_a_variant_beside_the_default(clusters_file, tmp_path):
    variant = tmp_path / "loose.toml"
    variant.write_text("[align]\nthreshold = 0.2\n")
    result = subprocess.run([str(BIN), "eval", "summarize", "--data", str(clusters_file), "--words", "30",
                             "--no-oracle", "--json", "--config", str(variant), "--set", "analyse.enabled=false"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    systems = json.loads(result.stdout)["systems"]
    assert "newsfuse" in systems and "newsfuse[loose,analyse.enabled=false]" in systems
