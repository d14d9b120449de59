"""Quotes and attribution: who said what.

A direct quote is text in quotation marks; its speaker is the subject of the
speech verb outside the marks (``"...," Sølvberg told reporters``) or the
object of "according to". A claim is reported speech without quotation marks
whose speaker is named: "..., the Tajik border guard service said". A
pronoun speaker ("he said") is the last speaker, or else the last person,
named earlier in the same article. One quote printed by several outlets is
one quote with several sources.
"""

from __future__ import annotations

import re

from newsfuse.model import Quote, Sentence

SPEECH = {"say", "tell", "add", "state", "note", "announce", "warn", "claim", "confirm", "report", "insist",
          "deny", "explain", "write", "declare", "argue", "acknowledge", "stress", "emphasise", "emphasize",
          "criticise", "criticize", "urge", "describe", "reply", "respond", "suggest", "admit", "allege",
          "assure", "caution", "tweet", "estimate"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
_QUOTED = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")
MIN_QUOTE_WORDS = 4
SAME_QUOTE = 85  # rapidfuzz ratio at which two quotes are one quote


def _fold_word(word: str) -> str:
    from newsfuse.analyse.entities import fold

    return fold(word)


def _speaker_phrase(token) -> str:
    """The speaker's noun phrase as written, without a relative clause ("Russia, which has...")."""
    skip = {t.i for c in token.children if c.dep_ == "relcl" for t in c.subtree}
    words = [t for t in token.subtree if t.i not in skip and t.text not in ("“", "”", '"')]
    text = "".join(t.text_with_ws for t in words[:12]).strip(" ,")
    return text + ("…" if len(words) > 12 else "")


def attribution(doc) -> tuple[str | None, bool]:
    """The speaker a parsed sentence names (None if none) and whether it is a pronoun."""
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH:
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)  # "deaths were reported" names no one
            if subj is not None and subj.lower_ not in ("which", "that", "who"):
                return _speaker_phrase(subj), subj.lower_ in PRONOUNS
    for token in doc:
        if token.lemma_.lower() == "accord" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            obj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _speaker_phrase(obj), obj.lower_ in PRONOUNS
    return None, False


def find_quotes(sentences: list[Sentence], docs: list, fact_of: list[int] | None = None) -> list[Quote]:
    """Direct quotes and attributed claims of a story, one entry per quote or claim."""
    from rapidfuzz import fuzz

    quotes: list[Quote] = []
    claims: dict[tuple[int, str], Quote] = {}
    speakers = speakers_by_sentence(sentences, docs, person_fallback=True)
    for k, sentence in enumerate(sentences):
        article = sentence.article_id
        speaker = speakers.get(k)
        quoted = [m[1].strip(" ,") for m in _QUOTED.finditer(sentence.text) if len(m[1].split()) >= MIN_QUOTE_WORDS]
        for text in quoted:
            same = next((q for q in quotes if q.kind == "quote" and fuzz.ratio(q.text.lower(), text.lower()) >= SAME_QUOTE),
                        None)
            if same is None:
                quotes.append(Quote(speaker, text, [article]))
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
    return quotes + list(claims.values())


def speakers_by_sentence(sentences: list[Sentence], docs: list, person_fallback: bool = False) -> dict[int, str]:
    """Speaker of each attributed sentence, by sentence index. A pronoun ("he said") is the
    article's last speaker; with ``person_fallback``, else the last person it named."""
    out: dict[int, str] = {}
    last_speaker: dict[str, str] = {}
    last_person: dict[str, str] = {}
    for k, (sentence, doc) in enumerate(zip(sentences, docs)):
        article = sentence.article_id
        speaker, pronoun = attribution(doc)
        if pronoun:
            speaker = last_speaker.get(article) or (last_person.get(article) if person_fallback else None)
        if speaker:
            out[k] = speaker
            last_speaker[article] = speaker
        people = [e.text for e in doc.ents if e.label_ == "PERSON"]
        if people:
            last_person[article] = people[-1]
    return out
