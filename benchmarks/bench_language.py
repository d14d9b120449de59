"""Language detection: newsfuse's (py3langid behind a plain-English shortcut) beside lingua, on
labelled texts, accuracy and speed in one run.

    python benchmarks/bench_language.py            # needs: pip install lingua-language-detector

Labelled texts, all public and on this machine:
- short: spaCy's example sentences (``spacy.lang.<code>.examples``), one text each, in every
  language both detectors know (headline-length texts, 5 to 30 words);
- long: the same sentences of each language joined into one text (a paragraph), and the first
  100 full-length English articles of Multi-News dev (``../shared/data/multinews-dev.jsonl``).
A detector may abstain (newsfuse does on text under 15 words, or when unsure): an abstention is
counted apart from a wrong language, since a wrong language sets an article aside and an
abstention never does.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def labelled() -> dict[str, list[tuple[str, str]]]:
    """{"short": [(code, text)], "long": [(code, text)]}."""
    import spacy.lang

    short, long = [], []
    for module in pkgutil.iter_modules(spacy.lang.__path__):
        try:
            sentences = importlib.import_module(f"spacy.lang.{module.name}.examples").sentences
        except (ImportError, AttributeError):
            continue
        if len(module.name) != 2 or module.name == "xx":
            continue  # ISO 639-1 languages only (not "grc", "dsb", the multi-language "xx")
        short.extend((module.name, s) for s in sentences)
        if len(sentences) >= 4:
            long.append((module.name, " ".join(sentences)))
    path = DATA / "multinews-dev.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            docs = [d for line in f for d in json.loads(line)["documents"]]
        long.extend(("en", (d["text"] if isinstance(d, dict) else d)) for d in docs[:100])
    return {"short": short, "long": long}


def newsfuse_detector():
    from newsfuse.language import detect

    return detect


def py3langid_detector():
    """py3langid alone: no shortcut, no abstention."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: identifier.classify(text)[0]


def lingua_detector():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else None

    return detect


def lingua_codes() -> set[str]:
    from lingua import Language

    return {language.iso_code_639_1.name.lower() for language in Language.all()}


def main() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    sets = labelled()
    try:
        both = lingua_codes()
    except ImportError:
        raise SystemExit("lingua is not installed: pip install lingua-language-detector") from None
    py3 = set(LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes)
    known = both & py3
    detectors = {}
    for name, make in (("newsfuse (py3langid)", newsfuse_detector), ("py3langid alone", py3langid_detector),
                       ("lingua", lingua_detector)):
        start = time.perf_counter()
        detect = make()
        detect("A first text to load the model with, long enough to be told as English by any detector here.")
        detectors[name] = (detect, time.perf_counter() - start)
    print(f"{'texts':<7} {'n':>5} {'langs':>5}  {'detector':<22} {'right':>6} {'wrong':>6} {'abstain':>7} "
          f"{'ms/text':>8}  load s")
    for kind, texts in sets.items():
        texts = [(code, t) for code, t in texts if code in known]
        for name, (detect, load) in detectors.items():
            tally = Counter()
            start = time.perf_counter()
            for code, text in texts:
                found = detect(text)
                tally["abstain" if found is None else "right" if found == code else "wrong"] += 1
            ms = 1000 * (time.perf_counter() - start) / max(len(texts), 1)
            n = max(len(texts), 1)
            print(f"{kind:<7} {len(texts):>5} {len({c for c, _ in texts}):>5}  {name:<22} "
                  f"{tally['right'] / n:>6.1%} {tally['wrong'] / n:>6.1%} {tally['abstain'] / n:>7.1%} "
                  f"{ms:>8.2f}  {load:>6.2f}")
    print("right / wrong / abstain: shares of the texts; a wrong language sets an article aside, an "
          "abstention never does")


if __name__ == "__main__":
    main()
