"""Timeline: the dated events of a story, in order.

Each sentence with a date expression is an event at that date. Relative
expressions resolve against the article's publish date; without one they
stay as written and are marked unresolved (and listed after the dated ones,
in story order). One event reported by several outlets (same fact, same
date) is one entry with several sources.
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
    events: dict[tuple, Event] = {}
    for k, (sentence, note) in enumerate(zip(sentences, annotations)):
        for ent in note.entities:
            if ent.label != "DATE":
                continue
            when = read_date(ent.text)
            if when is None:
                continue
            iso, ok = resolve(when, published.get(sentence.article_id))
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
            break  # one event per sentence: its first date
    dated = sorted((e for e in events.values() if e.resolved), key=lambda e: _sort_key(e.when))
    undated = [e for e in events.values() if not e.resolved]
    return (dated + undated)[:max_events]
