"""A brief in a fresh Python process imports no scikit-learn (newsfuse's TF-IDF against scikit-learn's
runs in process, tests/integration/test_tfidf.py)."""

from tests.conftest import EXAMPLE


def test_a_brief_of_mixed_inputs_does_not_import_scikit_learn():
    """Its import cost 0.8 s of every cold brief: alignment and the story model need none."""
    import subprocess
    import sys

    code = ("import sys, newsfuse; from newsfuse.pipeline import prepare, split_stories, fuse; "
            "from newsfuse.config import Config; c = Config().set({'analyse.enabled': False}); "
            f"p = prepare([{str(EXAMPLE)!r}], c).articles; [fuse(s, c) for s in split_stories(p, c)]; "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
