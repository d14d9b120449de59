"""The same-story features do not depend on the hash seed (a fresh interpreter each)."""

import os
import subprocess
import sys

SCRIPT = """
import sys
from newsfuse.config import Config
from newsfuse.pipeline import prepare
from newsfuse.story_model import PairFeatures
texts = [
    "Officials in Varnholm evacuated 2,400 residents on Sunday after the Elsin river broke the barrier.",
    "About 3,000 people left Varnholm as the Elsin breached its flood barrier, Mayor Anna Lund said.",
    "Mayor Anna Lund said 2,400 residents of Varnholm had left before the Elsin barrier failed.",
    "The Nordbank Group reported profits of 412 million krona, up from 380 million, in Oslo.",
    "Nordbank Group profits rose to 412 million krona, chief executive Per Holm told analysts in Oslo.",
]
articles = prepare([{"id": str(i), "text": t} for i, t in enumerate(texts)],
                   Config().replace(analyse={"enabled": False})).articles
features = PairFeatures(neighbours=4).fit(articles)
sys.stdout.write(features.transform(features.pairs()).tobytes().hex())
"""


def test_pair_features_are_the_same_under_any_hash_seed():
    out = {subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3", "4")}
    assert len(out) == 1 and next(iter(out))
