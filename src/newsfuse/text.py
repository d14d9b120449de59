"""Small text helpers every floor of newsfuse uses: the ground floor.

- :func:`url_host`: a URL's host without "www.";
- :func:`shortened`: a text cut at a word boundary, with "…";
- :data:`STOPWORDS`, :func:`stem`, :func:`content_tokens`: the stemmed content words and
  normalised numbers that alignment, clustering and the summariser compare;
- :func:`trim`: a sentence without its dateline and photo credits.

This module imports nothing from newsfuse (only the standard library, and the
Snowball stemmer when a word is first stemmed), so any module can import it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit


def url_host(url: str | None) -> str | None:
    """A URL's host without "www." ("bbc.co.uk"); None for no URL or one without a host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def shortened(text: str, n: int, *, tidy: bool = True) -> str:
    """``text`` cut to at most ``n`` characters at a word boundary, with "…" when cut.

    ``tidy`` (the default) first folds runs of white space into one space and drops a
    "," ";" or ":" left before the "…"; ``tidy=False`` cuts the text as it is."""
    if tidy:
        text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0]
    return (cut.rstrip(",;:") if tidy else cut) + "…"


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself said says say told according would could may might also""".split()
)
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    # PyStemmer is the Snowball English stemmer in C: the same stems, many times faster
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words and normalised numbers of a text."""
    return list(content_token_tuple(text))


@lru_cache(maxsize=50_000)
def content_token_tuple(text: str) -> tuple[str, ...]:
    """:func:`content_tokens` as a tuple, cached: TF-IDF and the summariser's redundancy
    check both ask for the same sentences."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok[0].isdigit():
            out.append(tok.replace(",", "").rstrip("."))
        elif tok not in STOPWORDS and len(tok) > 1:
            out.append(stem(tok.replace("’", "'").removesuffix("'s")))
    return tuple(out)


# "KABUL, Afghanistan: " / "WASHINGTON (Reuters) - " / "LONDON — "
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?::|--|—|–|-)\s+)(?=[A-Z\"“])"
)

# "(CNN) - " / "(Reuters) — ": an agency's tag opening the lead without a place; with no dash
# after it, only a name in capitals, glued or not ("(CNN)Stabbings ...", "(CNN Business) Tesla
# ..."; not "(In brief) ..."), or a wire's name in a lower-cased text ("( cnn ) it was ...")
_SOURCE_TAG = re.compile(r"^\([A-Z][\w .&/-]{1,30}\)\s*(?::|--|—|–|-)\s+(?=[A-Z\"“])"
                         r"|^\((?:[A-Z][\w.&/-]*)(?:\s+[A-Z][\w.&/-]*){0,3}\)\s*(?=[A-Z\"“])"
                         r"|^\(\s*(?:cnn|ap|afp|reuters|upi|bloomberg)\s*\)\s*(?=[a-z\"“])")

# "(AP Photo/Jim Cole)", "(Photo: Reuters)", "(Image credit: NASA)" inside a sentence
_PHOTO_CREDIT = re.compile(
    r"\s*\((?:(?:AP|AFP|Reuters|EPA|AAP|PA|Getty\s+Images)\s+)?(?i:photo|image|picture)s?"
    r"(?:\s+(?i:credit|courtesy))?\s*(?:[/:]|(?i:by)\b)[^()]{0,80}\)"
)
# "... said on Monday. Photo: Getty Images" glued after the sentence
_TRAILING_CREDIT = re.compile(r"(?<=[.!?\"”])\s+(?:Photo|Image|Picture)s?(?:\s+credit)?\s*:\s*[^.!?]{1,60}$", re.I)


def trim(text: str) -> str:
    """Delete leftovers: a dateline before the sentence, photo credits in or after it.
    Only deletes, so the result is still the source's own words."""
    text = _SOURCE_TAG.sub("", _DATELINE.sub("", text, count=1), count=1)
    text = _PHOTO_CREDIT.sub("", text)
    return _TRAILING_CREDIT.sub("", text).strip()


# A sentence that leans on one before it ("It added...", "..., he said.") reads
# badly on its own; such sentences are demoted, not banned.
_DANGLING = re.compile(
    r"^(?:it|he|she|they|this|that|these|those|his|her|their|its|but|however|also|the office)\b"
    # a connective that continues an argument ("And ...", "Instead, ...", "The two men ..."); not
    # "So far", nor a compound ("So-called", "The two-day")
    r"|^(?:and|yet|so(?!\s+far\b)|still,|meanwhile|instead|moreover|furthermore|nevertheless|nonetheless|thus|"
    r"hence|likewise|similarly|otherwise|besides|in addition|as a result|by contrast|in contrast|even so|"
    r"the two|such)(?![\w'’-])"
    # the news it follows up, named by a pronoun or a bare noun: "According to her, ...", "The move
    # comes as ...", "Dozens of them, however, ..."
    r"|^according to (?:him|her|them|it|this|that)\b"
    r"|^the [\w-]+ (?:comes|came) (?:as|after|amid|just|days|weeks|hours|a day|a week|one day|less than|only)\b"
    r"|^[^,.!?\"“”]{1,60},\s+however,"
    r"|[,”\"]\s+(?:he|she|they)\s+(?:said|says|told|added)\b"
    # its first quotation mark closes a quotation opened before it: 'Get to work," he said.' (not
    # an inch mark: 5")
    r"|^[^\"“”]*(?:”|(?<=[^\s(\[\d])\"(?=[\s,.;:!?)]|$))",
    re.I,
)


def leans_on_another(text: str) -> bool:
    """True when the sentence leans on one before it: "It added...", "But...", "And...",
    "According to her, ...", "The move comes as ...", "..., he said.", or one that opens
    inside a quotation ('... immediately," he said.')."""
    return bool(_DANGLING.search(text))


NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]+")  # a capitalised word past the first


CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def names(text: str) -> set[str]:
    """The names of a sentence (capitalised words past its first, days and months aside:
    "on Sunday" in one account of an event is not news), lower-cased."""
    return {n.lower() for n in NAME.findall(text)} - CALENDAR


def safe_url(url: str | None) -> str | None:
    """A link only for web addresses: a ``javascript:`` or ``data:`` URL is never made a link."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None
