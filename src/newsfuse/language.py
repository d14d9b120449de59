"""The language of an article, so that a story is read in one language.

Alignment, the brief and the analysis compare articles word by word, and the
analysis parses them with a spaCy model of one language: a German or Russian
article read as English joins no fact and fills the entity list with
nonsense ("PERSON: Krankenhaus"). So each article's language is detected once,
when it is prepared (:func:`detect`, recorded in ``Article.language``), and a
story is briefed from the articles in its main language (:func:`main_language`),
the others set aside and named in the brief.

Detection is py3langid's (langid.py's naive Bayes over byte n-grams, 97
languages, its model shipped in the package: nothing is downloaded), on the
first few thousand characters of the cleaned text (about 2 ms an article).
Its model takes close to a second to load, so text that is plainly English
(at least 40 words, a fifth of them or more among the commonest English
function words: about 99% of English news articles and no other language's
text measured; English articles have 24% or more at the 1st percentile,
the spaCy example sentences of 50 other languages 11% at most) is told
without it; anything else goes to py3langid. A text too short to tell
(under 15 words), or one py3langid is unsure of (below 0.9), has no language
(``None``): it is never set aside for its language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

SAMPLE_CHARS = 3000  # characters of an article read to tell its language: plenty
MIN_WORDS = 15  # shorter (a headline) is too little to tell; py3langid guesses wildly there
MIN_CONFIDENCE = 0.9  # py3langid's normalised probability below which the language is not known

# the commonest English function words: a fifth of the words of English news, a tenth at most of any
# other language's text (Dutch, Danish, Finnish come closest)
_ENGLISH = frozenset(
    "the of and to in a is that for on was with said as at by from it has have were be are an he his her its "
    "their they this which after who not but been will had would".split())
_PLAIN_ENGLISH_WORDS = 40
_PLAIN_ENGLISH_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect(text: str | None) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in ("en", "de"), or None when
    it is too short to tell or the detector is unsure."""
    sample = (text or "")[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if len(words) < MIN_WORDS:
        return None
    if len(words) >= _PLAIN_ENGLISH_WORDS and sum(w.lower() in _ENGLISH for w in words) >= (
            _PLAIN_ENGLISH_SHARE * len(words)):
        return "en"
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def main_language(languages: Sequence[str | None]) -> str | None:
    """A story's language: the one most of its articles are in (ties: the first article's,
    among those tied); None when no article's language is known."""
    return most_used(Counter(code for code in languages if code))


def most_used(counts: Mapping[str, int]) -> str | None:
    """The language with the most articles in ``counts`` (in the order each was first seen:
    ties go to the first); None for none."""
    top = max(counts.values(), default=0)
    return next((code for code, n in counts.items() if n == top), None)


@lru_cache(maxsize=256)
def name(code: str | None) -> str:
    """A language's English name ("German" for "de"); the code itself when it has none."""
    if not code:
        return "an unknown language"
    import pycountry

    found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return found.name if found is not None else code


def described(code: str | None) -> str:
    """``German (de)``: a language as a note names it."""
    return f"{name(code)} ({code})" if code else name(code)


def and_list(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
