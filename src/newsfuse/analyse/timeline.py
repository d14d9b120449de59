"""Timeline: the dated events of a story, in order.

Each sentence with a date expression is an event at that date. Relative
expressions resolve against the article's publish date (a weekday back to the
last one, or ahead to the next in a sentence that tells what will happen:
"rain is forecast until Friday"); in an article without one, an expression
takes the date the same expression ("Wednesday") has in the story's dated
articles when they give it one date, else the date it has as of the latest
day the article's other expressions are given that way, or of the story's
latest publish date; without any publish date it stays as written and is
marked unresolved (listed after the dated ones, in story order). One event reported by several outlets (same fact, same date) is one
entry with several sources, shown from the first sentence that tells it. Dated
events are in time order: a week sorts as its Monday, a month and a year
before their days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from newsfuse.dates import read_date, resolve, tells_future
from newsfuse.model import Event, Key, Sentence, SentenceAnnotation


def _sort_key(when: str) -> str:
    """"2021-W26" sorts as its Monday; years and months sort before their days."""
    if "-W" in when:
        year, week = when.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1).isoformat()
    return when


def build_timeline(sentences: list[Sentence], annotations: list[SentenceAnnotation], fact_of: list[int],
                   published: dict[str, dt.date | None], max_events: int,
                   cite: Callable[[Key, list[str]], list[str]] | None = None) -> list[Event]:
    """The story's dated events (see the module docstring). ``cite`` (the sentence shown, the
    outlets that tell the event -> those that may be cited for it) drops an outlet that gives
    another value for a figure or date of the sentence shown."""
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
            iso, ok = resolve(when, published[sentences[k].article_id], tells_future(sentences[k].text))
            if ok:
                meaning.setdefault(when.key(), set()).add(iso)
    # an article without a publish date is read as of the latest day its other sentences are
    # given by the story's dated articles ("Wednesday" -> 11 March), else the story's latest publish date
    story_anchor = max((d for d in published.values() if d is not None), default=None)
    anchor: dict[str, dt.date] = {}
    for k, _, when in mentions:
        article = sentences[k].article_id
        if published.get(article) is None and len(days := meaning.get(when.key(), ())) == 1:
            (iso,) = days
            if len(iso) == 10:
                day = dt.date.fromisoformat(iso)
                anchor[article] = max(anchor.get(article, day), day)
    events: dict[tuple, Event] = {}
    shown: dict[tuple, Key] = {}  # the sentence each event is shown from
    for k, ent, when in mentions:
        sentence = sentences[k]
        ahead = tells_future(sentence.text)
        iso, ok = resolve(when, published.get(sentence.article_id), ahead)
        if not ok and len(meaning.get(when.key(), ())) == 1:  # the one date the story's dated articles give it
            (iso,), ok = meaning[when.key()], True
        if not ok and published.get(sentence.article_id) is None:
            iso, ok = resolve(when, anchor.get(sentence.article_id, story_anchor), ahead)
        key = (fact_of[k], when.key())  # one event: the same fact dated the same way
        event = events.get(key)
        if event is None:
            label = iso if ok else ent.text.strip().lower().removeprefix("on ")
            events[key] = Event(label, sentence.text, [sentence.article_id], ent.text, ok)
            shown[key] = sentence.key
        elif sentence.article_id not in event.sources:
            # resolved alike: the first mention is unresolved only when no article of the story
            # has a publish date (an undated article is read as of the story's latest one)
            event.sources.append(sentence.article_id)
    if cite is not None:
        for key, event in events.items():
            event.sources = cite(shown[key], event.sources)
    dated = sorted((e for e in events.values() if e.resolved), key=lambda e: _sort_key(e.when))
    undated = [e for e in events.values() if not e.resolved]
    return (dated + undated)[:max_events]
