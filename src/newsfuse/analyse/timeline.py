"""Timeline: the dated events of a story, in order.

Each sentence with a date expression is an event at that date. Relative
expressions resolve against the article's publish date; in an article
without one, an expression takes the date the same expression ("Wednesday")
has in the story's dated articles when they give it one date; else it stays
as written and is marked unresolved (listed after the dated ones, in story
order). One event reported by several outlets (same fact, same date) is one
entry with several sources, resolved if any of them resolves it. Dated
events are in time order: a week sorts as its Monday, a month and a year
before their days.
"""

from __future__ import annotations

import datetime as dt

from newsfuse.dates import read_date, resolve
from newsfuse.model import Event, Sentence, SentenceAnnotation


def _sort_key(when: str) -> str:
    """"2021-W26" sorts as its Monday; years and months sort before their days."""
    if "-W" in when:
        year, week = when.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1).isoformat()
    return when


def build_timeline(sentences: list[Sentence], annotations: list[SentenceAnnotation], fact_of: list[int],
                   published: dict[str, dt.date | None], max_events: int) -> list[Event]:
    mentions = []  # (sentence number, its first readable date expression, what it reads)
    for k, note in enumerate(annotations):
        for ent in note.entities:
            if ent.label == "DATE" and (when := read_date(ent.text)) is not None:
                mentions.append((k, ent, when))
                break  # one event per sentence: its first date
    # what each expression means in the story's dated articles: "Wednesday" -> {"2026-03-11"}
    meaning: dict[tuple, set[str]] = {}
    for k, _, when in mentions:
        if published.get(sentences[k].article_id) is not None:
            iso, ok = resolve(when, published[sentences[k].article_id])
            if ok:
                meaning.setdefault(when.key(), set()).add(iso)
    events: dict[tuple, Event] = {}
    for k, ent, when in mentions:
        sentence = sentences[k]
        iso, ok = resolve(when, published.get(sentence.article_id))
        if not ok and len(meaning.get(when.key(), ())) == 1:  # the one date the story's dated articles give it
            (iso,), ok = meaning[when.key()], True
        key = (fact_of[k], when.key())  # one event: the same fact dated the same way
        event = events.get(key)
        if event is None:
            label = iso if ok else ent.text.strip().lower().removeprefix("on ")
            events[key] = Event(label, sentence.text, [sentence.article_id], ent.text, ok)
        else:
            if sentence.article_id not in event.sources:
                event.sources.append(sentence.article_id)
            if ok and not event.resolved:  # another outlet's publish date anchors it
                event.when, event.resolved, event.text = iso, True, sentence.text
    dated = sorted((e for e in events.values() if e.resolved), key=lambda e: _sort_key(e.when))
    undated = [e for e in events.values() if not e.resolved]
    return (dated + undated)[:max_events]
