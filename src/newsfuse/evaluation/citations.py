"""Does a brief cite a source for a value that source disputes, anywhere?

A brief is read as a whole: once "Where the sources differ" says Radio Nord reports
about 3,000 evacuated, not 2,400, no other section may cite Radio Nord for the 2,400
sentence. :func:`miscitations` reads every cited item of a brief (the summary, the
facts, the coverage matrix, the quotes and claims, the timeline) in the JSON, and every
cited line of the Markdown and HTML renderings, and reports each item that states one
side's value of a number or date discrepancy and cites a source that gives only another
side's value. It knows nothing of how newsfuse decides citations (``analyse.Disputes``):
it reads the output as a reader would.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_LEAD_WORDS = re.compile(r"^(?:(?:about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|"
                         r"more than|over|at least|up to|just|only|on|in|by|late|early|earlier|later|since)\s+)+",
                         re.I)


@dataclass(frozen=True)
class Miscitation:
    """One cited item that states a value some cited source disputes."""

    where: str  # "json:facts", "md", "html", ...
    text: str
    value: str  # the value the item states
    sources: tuple[str, ...]  # the cited sources that give another value


def _core(value: str) -> str:
    """What a value's text must contain to state it: "about 2,400" -> "2,400", "on Sunday" -> "Sunday"."""
    return _LEAD_WORDS.sub("", value.strip()).strip()


def _states(text: str, core: str) -> bool:
    return bool(core) and re.search(rf"(?<![\w,.]){re.escape(core)}(?![\w]|[,.]\d)", text, re.I) is not None


def _sides(brief: dict) -> list[list[tuple[str, set[str]]]]:
    """Each number or date discrepancy as its sides: (the value's core text, the sources giving it)."""
    return [[(_core(v["value"]), set(v["sources"])) for v in d["values"]]
            for d in brief.get("discrepancies", []) if d["kind"] in ("number", "date")]


def _check(sides, where: str, text: str, cited: list[str]) -> list[Miscitation]:
    out = []
    for dispute in sides:
        stated = [n for n, (core, _) in enumerate(dispute) if _states(text, core)]
        if len(stated) != 1:
            continue  # states no side, or compares them ("2,400 or 3,000")
        core, mine = dispute[stated[0]]
        others = set().union(*(s for n, (_, s) in enumerate(dispute) if n != stated[0])) - mine
        wrong = tuple(a for a in cited if a in others)
        if wrong:
            out.append(Miscitation(where, text, core, wrong))
    return out


def in_json(brief: dict) -> list[Miscitation]:
    """Miscitations in a brief's JSON (``Brief.to_dict()`` or ``newsfuse brief -f json``)."""
    sides = _sides(brief)
    if not sides:
        return []
    out = []
    for section in ("summary", "facts", "quotes", "timeline"):
        for item in brief.get(section) or []:
            out += _check(sides, f"json:{section}", item["text"], item["sources"])
    coverage = brief.get("coverage") or {}
    articles = coverage.get("articles", [])
    for fact, cells in zip(brief.get("facts") or [], coverage.get("facts", [])):
        out += _check(sides, "json:coverage", fact["text"], [articles[k] for k in cells])
    return out


_MD_CITE = re.compile(r"\[(\d+)\]")


def rendered(brief: dict, text: str, fmt: str) -> list[Miscitation]:
    """Miscitations in a brief rendered as Markdown (``md``) or HTML (``html``): each cited line
    or list item, its citations read as a reader reads them ([n] in Markdown numbered as the
    Sources list, a link's title in HTML), against the values it states."""
    sides = _sides(brief)
    if not sides:
        return []
    articles = [a["id"] for a in brief["articles"]]
    out = []
    if fmt == "md":
        for line in text.splitlines():
            cited = [articles[int(n) - 1] for n in _MD_CITE.findall(line) if 0 < int(n) <= len(articles)]
            if cited:
                out += _check(sides, "md", _MD_CITE.sub("", line), cited)
    elif fmt == "html":
        for item in re.split(r"</li>|</p>|</tr>", text):
            cited = re.findall(r'<a href="#src-\d+" title="([^"]*)"', item)
            if cited:
                plain = html.unescape(re.sub(r"<sup class=\"cites\">.*?</sup>|<[^>]+>", " ", item, flags=re.S))
                out += _check(sides, "html", plain, [html.unescape(a) for a in cited])
    else:
        raise ValueError(f"format {fmt!r}: expected 'md' or 'html'")
    return out


def miscitations(brief) -> list[Miscitation]:
    """Every miscitation of a :class:`~newsfuse.model.Brief`, in its JSON and in its Markdown and
    HTML renderings."""
    from newsfuse.report import render

    data = brief if isinstance(brief, dict) else brief.to_dict()
    out = in_json(data)
    if not isinstance(brief, dict):
        for fmt in ("md", "html"):
            out += rendered(data, render(brief, fmt), fmt)
    return out
