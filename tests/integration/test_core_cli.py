"""The CLI's side of test_core: a 20 MB input and the configuration, the command in process."""
import json

from tests.conftest import EXAMPLE
from tests.helpers import cli


def test_cli_skips_a_20mb_file_and_briefs_the_rest(tmp_path):
    big = tmp_path / "huge.txt"
    line = "The council met again to discuss the flood barrier and the cost of its repair.\n"
    with big.open("w") as f:
        f.write(line * (20_000_000 // len(line) + 1))
    r = cli("brief", EXAMPLE, big, "--format", "json", "--no-analysis")
    assert r.exit_code == 0, r.stderr
    assert "huge.txt" in r.stderr and "too large" in r.stderr
    out = json.loads(r.stdout)
    assert len(out["articles"]) == 5 and out["summary"]


# --- the CLI's configuration ------------------------------------------------------------

def test_cli_config_show_and_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[summarise]\nwords = 30\n")
    r = cli("config", "--show", "--config", path, "--set", "align.threshold=0.3")
    assert r.exit_code == 0, r.stderr
    assert "words = 30" in r.stdout and "threshold = 0.3" in r.stdout and "# Word budget" in r.stdout
    r = cli("brief", EXAMPLE, "--format", "json", "--no-analysis", env={"NEWSFUSE_CONFIG": str(path)})
    out = json.loads(r.stdout)
    assert out["config"]["summarise"]["words"] == 30
    assert sum(len(s["text"].split()) for s in out["summary"]) <= 30


def test_cli_bad_setting_is_a_clear_error():
    r = cli("brief", EXAMPLE, "--set", "align.thresh=0.3")
    assert r.exit_code == 2 and "unknown setting align.thresh" in r.stderr
