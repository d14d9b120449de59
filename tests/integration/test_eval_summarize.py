import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.evaluation import held_back
from newsfuse.evaluation.summarization import (
    BASELINES,
    fill,
    load_clusters,
    newsfuse_system,
    oracle,
    paired_bootstrap,
    rouge,
    run_summarize,
)
from tests.helpers import cli

REFERENCE = ("The Elsin river broke through Varnholm's flood barrier on Tuesday night and about 2,400 "
             "residents were evacuated. The mayor declared a state of emergency and opened shelters in "
             "schools. Two people were treated for hypothermia, and engineers will inspect the breach.")


@pytest.fixture(scope="module")
def clusters_file(tmp_path_factory):
    root = Path(__file__).resolve().parents[2] / "examples" / "varnholm-flood"
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
    result = cli("eval", "summarize", "--data", clusters_file, "--words", "30", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["n_clusters"] == 2 and data["words"] == 30
    assert {"newsfuse", "lead", "lexrank", "textrank", "lsa", "centroid", "oracle"} <= set(data["systems"])
    assert data["part"] == "all" and "clusters" not in data  # per-cluster scores only with --per-cluster
    for name, m in data["systems"].items():
        extra = set() if name == "newsfuse" else {"vs_newsfuse"}
        assert set(m) == {"rouge1", "rouge2", "rougeLsum", "seconds_per_cluster", "leaning_share",
                          "words_per_summary"} | extra
        assert all(0 <= m[k] <= 1 for k in ("rouge1", "rouge2", "rougeLsum", "leaning_share"))
        assert 0 < m["words_per_summary"] <= 30  # the budget is never overrun


def test_eval_summarize_runs_the_baselines_asked_for(clusters_file):
    def systems(*args: str) -> set[str]:
        done = cli("eval", "summarize", "--data", clusters_file, "--words", "30", "--no-oracle", "--json", *args)
        assert done.exit_code == 0, done.stderr
        return set(json.loads(done.stdout)["systems"])

    assert systems("--baselines", "centroid, lead") == {"newsfuse", "centroid", "lead"}
    assert systems("--baselines", "none", "--variant", "analyse.enabled=false") == {
        "newsfuse", "newsfuse[analyse.enabled=false]"}
    bad = cli("eval", "summarize", "--data", clusters_file, "--baselines", "lead,pagerank")
    assert bad.exit_code == 2 and "'pagerank' is not a baseline" in bad.stderr


def test_eval_summarize_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"cluster_id": 1}\n', encoding="utf-8")
    result = cli("eval", "summarize", "--data", bad)
    assert result.exit_code == 1 and "bad.jsonl:1" in result.stderr


def test_eval_summarize_runs_the_products_brief(clusters_file):
    """The evaluated summary is exactly what `newsfuse brief` gives at the same budget."""
    cluster = load_clusters(clusters_file, limit=1)[0]
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(cluster.documents)]
    expected = [s.text for s in newsfuse.brief(records, words=40).summary]
    assert newsfuse_system(None, 40)(cluster) == expected


def test_eval_summarize_scores_a_variant_beside_the_default(clusters_file, tmp_path):
    variant = tmp_path / "loose.toml"
    variant.write_text("[align]\nthreshold = 0.2\n")
    result = cli("eval", "summarize", "--data", clusters_file, "--words", "30", "--no-oracle", "--json", "--variant",
                 variant, "--variant", "analyse.enabled=false")
    assert result.exit_code == 0, result.stderr
    systems = json.loads(result.stdout)["systems"]
    assert "newsfuse" in systems and "newsfuse[loose,analyse.enabled=false]" in systems


def test_eval_config_is_the_configuration_and_a_variant_goes_on_top(clusters_file, tmp_path):
    """--config and --set mean on eval what they mean everywhere: what newsfuse runs with; a
    --variant changes that configuration, so the same change twice scores the same."""
    def systems(*args: str) -> dict:
        done = cli("eval", "summarize", "--data", clusters_file, "--words", "30", "--no-oracle", "--json", "--limit",
                   "2", *args)
        assert done.exit_code == 0, done.stderr
        return {k: v["rouge1"] for k, v in json.loads(done.stdout)["systems"].items()}

    base = systems("--set", "summarise.max_words=12", "--variant", "summarise.max_words=60")
    assert base["newsfuse[summarise.max_words=60]"] != base["newsfuse"]  # short sentences only, against any
    assert systems("--set", "summarise.max_words=60")["newsfuse"] == base["newsfuse[summarise.max_words=60]"]
    bad = cli("eval", "summarize", "--data", clusters_file, "--variant", "a.toml", "--variant", "b.toml")
    assert bad.exit_code == 2 and "one file at most" in bad.stderr


# --------------------------------------------------------------------------- #
# titles, parts and the paired comparison (NeuS-style records: a title and a first paragraph)

HELD, REST = (next(f"c{i}" for i in range(1000) if held_back(f"c{i}") == wanted) for wanted in (True, False))


def _doc(n: int, title: str | None, text: str) -> dict:
    return {"doc_id": f"d{n}", "text": text, **({"title": title} if title is not None else {})}


@pytest.fixture
def titled_file(tmp_path):
    """Twelve small clusters (the held-back and the rest both among them), documents with titles."""
    lines = []
    for i in range(12):
        lines.append({"cluster_id": f"c{i}", "reference_title": "Flood barrier breaks", "summary": REFERENCE,
                      "documents": [
                          _doc(0, f"Elsin river breaks barrier ({i})",
                               "The Elsin river broke through Varnholm's flood barrier on Tuesday night. "
                               "About 2,400 residents were evacuated."),
                          _doc(1, "   ", "The mayor declared a state of emergency. Shelters opened in schools."),
                          _doc(2, "A title with no text", "  "),
                          _doc(3, None, "Two people were treated for hypothermia. Engineers will inspect it."),
                      ]})
    path = tmp_path / "titled.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_load_clusters_keeps_titles_aligned_with_documents(titled_file):
    cluster = load_clusters(titled_file, limit=1)[0]
    # the document with no text is dropped with its title; a blank or missing title is None
    assert len(cluster.documents) == len(cluster.titles) == len(cluster.sentences) == 3
    assert cluster.titles == ["Elsin river breaks barrier (0)", None, None]
    assert cluster.documents[0].startswith("The Elsin river") and cluster.documents[2].startswith("Two people")


def test_titles_reach_the_product_and_not_the_baselines(titled_file, monkeypatch):
    import newsfuse.pipeline

    cluster = load_clusters(titled_file, limit=1)[0]
    seen = []
    real = newsfuse.pipeline.brief

    def capture(records, config=None, **kw):
        seen.append(list(records))
        return real(seen[-1], config, **kw)

    monkeypatch.setattr(newsfuse.pipeline, "brief", capture)
    summary = newsfuse_system(None, 40)(cluster)
    assert summary
    assert seen == [[{"id": "d0", "text": cluster.documents[0], "title": "Elsin river breaks barrier (0)"},
                     {"id": "d1", "text": cluster.documents[1]},
                     {"id": "d2", "text": cluster.documents[2]}]]
    # the product reads the title as the headline, not as text
    articles = real(seen[0], words=40).articles
    assert [a.title for a in articles] == ["Elsin river breaks barrier (0)", None, None]
    # the baselines see only the text sentences
    pool = {s for doc in cluster.sentences for s in doc}
    assert not any("(0)" in s for s in pool)
    assert set(BASELINES["lead"](cluster)) <= pool


def test_parts_partition_the_clusters(titled_file):
    every = [c.id for c in load_clusters(titled_file)]
    held = [c.id for c in load_clusters(titled_file, part="held-back")]
    rest = [c.id for c in load_clusters(titled_file, part="rest")]
    assert held and rest
    assert not set(held) & set(rest) and sorted(held + rest) == sorted(every)
    assert held == [i for i in every if held_back(i)] and rest == [i for i in every if not held_back(i)]
    # the limit counts within the part
    assert [c.id for c in load_clusters(titled_file, limit=1, part="held-back")] == held[:1]
    assert [c.id for c in load_clusters(titled_file, limit=1, part="rest")] == rest[:1]
    with pytest.raises(ValueError, match="part must be one of"):
        load_clusters(titled_file, part="train")


def test_paired_bootstrap_contains_the_mean_and_is_deterministic():
    rng = __import__("numpy").random.default_rng(7)
    diffs = list(rng.normal(0.01, 0.03, size=50))
    lo, hi = paired_bootstrap(diffs)
    mean = sum(diffs) / len(diffs)
    assert lo < mean < hi and hi - lo < 0.05
    assert paired_bootstrap(diffs) == (lo, hi)
    assert paired_bootstrap([0.02] * 5) == pytest.approx((0.02, 0.02))  # no spread, no width
    with pytest.raises(ValueError):
        paired_bootstrap([])


def test_run_summarize_pairs_each_system_with_newsfuse(titled_file):
    result = run_summarize(titled_file, words=20, with_oracle=False, systems=["newsfuse", "lead", "centroid"],
                           per_cluster=True)
    assert result["part"] == "all" and result["n_clusters"] == 12
    assert "vs_newsfuse" not in result["systems"]["newsfuse"]
    clusters = result["clusters"]
    assert [c["id"] for c in clusters] == [f"c{i}" for i in range(12)]
    for name in ("lead", "centroid"):
        m = result["systems"][name]
        for metric in ("rouge1", "rouge2", "rougeLsum"):
            lo, hi = m["vs_newsfuse"][metric]
            observed = sum(c["newsfuse"][metric] - c[name][metric] for c in clusters) / len(clusters)
            assert lo - 1e-12 <= observed <= hi + 1e-12, (name, metric)
            assert observed == pytest.approx(result["systems"]["newsfuse"][metric] - m[metric])
    for name, m in result["systems"].items():  # each summary's length, as scored: their mean is the table's
        assert all(0 < c[name]["words"] <= 20 for c in clusters)
        assert sum(c[name]["words"] for c in clusters) / len(clusters) == pytest.approx(m["words_per_summary"])
    again = run_summarize(titled_file, words=20, with_oracle=False, systems=["newsfuse", "lead", "centroid"])
    assert "clusters" not in again
    assert {n: m["vs_newsfuse"] for n, m in again["systems"].items() if n != "newsfuse"} == \
           {n: m["vs_newsfuse"] for n, m in result["systems"].items() if n != "newsfuse"}


def test_eval_summarize_cli_held_back_part(titled_file):
    held = [f"c{i}" for i in range(12) if held_back(f"c{i}")]
    result = cli("eval", "summarize", "--data", titled_file, "--words", "20", "--part", "held-back", "--no-oracle",
                 "--json", "--per-cluster")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["part"] == "held-back" and data["n_clusters"] == len(held)
    assert [c["id"] for c in data["clusters"]] == held
    assert set(data["clusters"][0]) == {"id"} | set(data["systems"])
    assert set(data["systems"]["lead"]["vs_newsfuse"]) == {"rouge1", "rouge2", "rougeLsum"}
    table = cli("eval", "summarize", "--data", titled_file, "--words", "20", "--part", "rest", "--no-oracle", "--limit",
                "3")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == "3 clusters (rest part), 20 words" and "ΔR2 95%" in lines[1]
    row = {line.split()[0]: line.split() for line in lines[2:] if line.split()}
    assert ".." in row["lead"][-1] and row["newsfuse"][-1].endswith("%")  # no interval against itself
