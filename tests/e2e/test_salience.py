"""The learned salience's features in processes of their own, each with another hash seed (its
other tests run in process, tests/integration/test_salience.py)."""


def test_features_do_not_change_with_the_hash_seed():
    """The shipped model is rebuilt bit for bit: its features must not hang on a set's order,
    which changes with Python's hash seed (a float sum over a set once did, by 1e-16)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; sys.path.insert(0, {tests!r}); import test_salience as t\n"
        "from newsfuse.align import Similarity, group_facts\n"
        "from newsfuse.config import SummariseConfig\n"
        "from newsfuse.summarise import shown_texts\n"
        "from newsfuse.salience import fact_features\n"
        "sim = Similarity.fit(t.STORY); facts = group_facts(t.STORY, sim, 0.3, ['a', 'b', 'c'])\n"
        "X = fact_features(facts, shown_texts(facts, True, SummariseConfig()), sim, 3, t.TITLES)\n"
        "sys.stdout.write(X.tobytes().hex())\n"
    ).format(tests=str(__import__("pathlib").Path(__file__).parents[1] / "integration"))
    out = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(out) == 1 and next(iter(out))
