"""Quotes and attribution: who said what.

A direct quote is text in quotation marks; its speaker is the subject of the
speech verb outside the marks (``"...," Sølvberg told reporters``) or the
object of "according to". A claim is reported speech without quotation marks
whose speaker is named: "..., the Tajik border guard service said". A
pronoun speaker ("he said") is the last speaker, or else the last person,
named earlier in the same article; "the statement said" is the last speaker
that names a statement; a sentence that is all quote, right after an attributed
one, continues its speaker. Speakers written alike but for the apostrophes
("president's", "president’s") are one speaker. One quote printed by several
outlets is one quote with several sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsfuse.config import AnalyseConfig
from newsfuse.model import Key, Quote, Sentence, SentenceAnnotation

Cite = Callable[[Key, list[str]], list[str]]  # the sentence shown, its outlets -> those that may be cited

_QUOTED = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")
_ALL_QUOTE = re.compile(r"[“\"][^”\"]+[”\"]\W*")  # a sentence that is one quote and nothing else
_DEFINITE = re.compile(r"(?:the|this|that)\s+([a-z]+)", re.I)  # "the statement", "the ministry"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def speaker_key(speaker: str) -> str:
    """What two spellings of one speaker share: apostrophes, spaces and case folded."""
    return " ".join(speaker.translate(_APOSTROPHES).split()).casefold()


def _fold_word(word: str) -> str:
    from newsfuse.analyse.entities import fold

    return fold(word)


def find_quotes(sentences: list[Sentence], annotations: list[SentenceAnnotation], fact_of: list[int] | None = None,
                config: AnalyseConfig | None = None, cite: Cite | None = None) -> list[Quote]:
    """Direct quotes and attributed claims of a story, one entry per quote or claim. ``cite``
    (the sentence shown, the outlets that print it -> those that may be cited for it) drops an
    outlet that gives another value for a figure or date the shown sentence states."""
    from rapidfuzz import fuzz, process

    config = config or AnalyseConfig()
    quotes: list[Quote] = []
    folded: list[str] = []  # lower-cased text of each quote, for rapidfuzz to scan in C
    claims: dict[tuple[int, str], Quote] = {}
    shown: list[Key] = []  # the sentence each quote is shown from
    claim_shown: dict[tuple[int, str], Key] = {}
    speakers = speakers_by_sentence(sentences, annotations, person_fallback=True)
    spelt: dict[str, str] = {}  # speaker_key -> the first spelling met, shown for all
    for k, sentence in enumerate(sentences):
        article = sentence.article_id
        speaker = speakers.get(k)
        if speaker:
            speaker = spelt.setdefault(speaker_key(speaker), speaker)
        quoted = [m[1].strip(" ,") for m in _QUOTED.finditer(sentence.text)
                  if len(m[1].split()) >= config.min_quote_words]
        for text in quoted:
            hit = process.extractOne(text.lower(), folded, scorer=fuzz.ratio, score_cutoff=config.same_quote)
            same = quotes[hit[2]] if hit is not None else None
            if same is None:
                quotes.append(Quote(speaker, text, [article]))
                folded.append(text.lower())
                shown.append(sentence.key)
            else:
                if article not in same.sources:
                    same.sources.append(article)
                if same.speaker is None or (speaker and len(speaker) > len(same.speaker)):
                    same.speaker = speaker or same.speaker
        if speaker and not quoted:
            # reported speech: one claim per fact and speaker, however many outlets repeat it
            # keyed on the speaker's last word: "the weather office" is "the national weather office"
            key = (fact_of[k] if fact_of else -1 - k, _fold_word(speaker.split()[-1]))
            if key in claims:
                if article not in claims[key].sources:
                    claims[key].sources.append(article)
            else:
                claims[key] = Quote(speaker, sentence.text, [article], kind="claim")
                claim_shown[key] = sentence.key
    if cite is not None:
        for quote, key in zip(quotes, shown):
            quote.sources = cite(key, quote.sources)
        for key, claim in claims.items():
            claim.sources = cite(claim_shown[key], claim.sources)
    return quotes + list(claims.values())


def speakers_by_sentence(sentences: list[Sentence], annotations: list[SentenceAnnotation],
                         person_fallback: bool = False) -> dict[int, str]:
    """Speaker of each attributed sentence, by sentence index. A pronoun ("he said") is the
    article's last speaker; with ``person_fallback``, else the last person it named. "The
    statement" (a bare noun with "the") is the last speaker of the article that names it in
    more words ("a statement from the president's office"). A sentence that is all quote,
    right after an attributed sentence of its article, has that sentence's speaker."""
    out: dict[int, str] = {}
    last_speaker: dict[str, str] = {}
    last_person: dict[str, str] = {}
    said: dict[str, list[str]] = {}  # article -> its speakers so far, in order
    attributed_at: dict[str, int] = {}  # article -> position of its last attributed sentence
    for k, (sentence, note) in enumerate(zip(sentences, annotations)):
        article = sentence.article_id
        speaker, pronoun = note.speaker, note.speaker_is_pronoun
        if pronoun:
            speaker = last_speaker.get(article) or (last_person.get(article) if person_fallback else None)
        elif speaker and (m := _DEFINITE.fullmatch(speaker.strip())):
            noun = m[1].lower()
            speaker = next((s for s in reversed(said.get(article, [])) if len(s.split()) > 2
                            and noun in re.findall(r"\w+", s.lower())), speaker)
        elif (not speaker and attributed_at.get(article) == sentence.position - 1
              and _ALL_QUOTE.fullmatch(sentence.text.strip())):
            speaker = last_speaker.get(article)  # the quote goes on from the sentence before
        if speaker:
            out[k] = speaker
            last_speaker[article] = speaker
            said.setdefault(article, []).append(speaker)
            attributed_at[article] = sentence.position
        people = [e.text for e in note.entities if e.label == "PERSON"]
        if people:
            last_person[article] = people[-1]
    return out


_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
# an institution named by what it is ("the regional rescue service", "the interior ministry"):
# a speaker a reader can place, though no parse tags it
_INSTITUTION = re.compile(
    r"^(?:the|a|an)\s+(?:[\w'-]+\s+){0,4}(?:service|authority|authorities|office|ministry|department|agency|police|"
    r"army|military|government|council|committee|commission|court|union|embassy|spokesman|spokeswoman|"
    r"spokesperson|company|bank|institute|organi[sz]ation|administration|guard|guards|secretariat|prosecutor|"
    r"prosecutors|regulator|board|parliament|senate|agency)$", re.I)


def named_speakers(quotes: list[Quote], entities) -> tuple[list[Quote], list[Quote]]:
    """The quotes and claims whose speaker is named (a person or organisation the story
    names: a spelling of it, or a person's surname, stands in the speaker's words; or an
    institution named by what it is, "the regional rescue service"), and the rest (no speaker, "officials", "residents", a line of the page taken for a speaker), in
    the order given. A reader scans the first for who said what; the rest are folded."""
    names = set()
    for e in entities:
        if e.label in _NAME_LABELS:
            for spelling in e.variants or [e.name]:
                names.add(tuple(speaker_key(spelling).split()))
                if e.label == "PERSON" and len(spelling.split()) > 1:
                    names.add((speaker_key(spelling).split()[-1],))
    named, rest = [], []
    for q in quotes:
        words = tuple(speaker_key(q.speaker).replace("'s", "").split()) if q.speaker else ()
        hit = len(words) <= 10 and (any(words[i:i + len(n)] == n for n in names for i in range(len(words)))
                                    or bool(_INSTITUTION.match(q.speaker or "")))
        (named if hit else rest).append(q)
    return named, rest
