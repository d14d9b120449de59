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
from newsfuse.config import Config
from newsfuse.evaluation import jsonl_lines
from newsfuse.pipeline import Progress, brief, no_progress
from newsfuse.text import leans_on_another

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


def _stem(word: str) -> str:
    return word.lower()[:4]


def _states(text: str, core: str, about: set[str], counts: str) -> bool:
    """Whether a text states a value of the thing disputed: the value, followed within three
    words by what it counts ("21 cases", "about 2,400 residents"), or, for a value without a
    counted noun (a date, a share), the value in a text that names what the dispute is about
    ("completed" for "when barrier completed")."""
    if not core:
        return False
    for m in re.finditer(rf"(?<![\w,.]){re.escape(core)}(?![\w]|[,.]\d)", text, re.I):
        if counts:
            after = re.findall(r"[\w’'-]+", text[m.end():])[:3]
            if any(_stem(w) == _stem(counts) for w in after) or counts in ("$", "€", "£", "percent"):
                return True
        elif about & {_stem(w) for w in re.findall(r"[a-z]+", text.lower())}:
            return True
    return False


def _sides(brief: dict) -> list[list[tuple[str, set[str], set[str], str]]]:
    """Each number or date discrepancy as its sides: (the value's core text, the sources giving
    it, the stems of what the dispute is about, the counted noun)."""
    out = []
    for d in brief.get("discrepancies", []):
        if d["kind"] not in ("number", "date"):
            continue
        about = {_stem(w) for w in re.findall(r"[a-z]+", d["about"].lower()) if len(w) > 3 and w != "when"}
        counts = "" if d["kind"] == "date" else (d["values"][0].get("counts") or "")
        out.append([(_core(v["value"]), set(v["sources"]), about, counts) for v in d["values"]])
    return out


def _check(sides, where: str, text: str, cited: list[str], texts: dict[str, str]) -> list[Miscitation]:
    """The cited sources on another side that do not themselves state the item's value anywhere
    in their text (``texts``: article id -> its cleaned text), as a reader checking them finds."""
    out = []
    for dispute in sides:
        stated = [n for n, (core, _, about, counts) in enumerate(dispute) if _states(text, core, about, counts)]
        if len(stated) != 1:
            continue  # states no side, or compares them ("2,400 or 3,000")
        core, mine, about, counts = dispute[stated[0]]
        others = set().union(*(side[1] for n, side in enumerate(dispute) if n != stated[0])) - mine
        wrong = tuple(a for a in cited if a in others and not _states(texts.get(a, ""), core, about, counts))
        if wrong:
            out.append(Miscitation(where, text, core, wrong))
    return out


def in_json(brief: dict) -> list[Miscitation]:
    """Miscitations in a brief's JSON (``Brief.to_dict()`` or ``newsfuse brief -f json``)."""
    sides = _sides(brief)
    if not sides:
        return []
    texts = {a["id"]: a.get("text") or "" for a in brief["articles"]}
    out = []
    for section in ("summary", "facts", "quotes", "timeline"):
        for item in brief.get(section) or []:
            out += _check(sides, f"json:{section}", item["text"], item["sources"], texts)
    coverage = brief.get("coverage") or {}
    articles = coverage.get("articles", [])
    for fact, cells in zip(brief.get("facts") or [], coverage.get("facts", [])):
        out += _check(sides, "json:coverage", fact["text"], [articles[k] for k in cells], texts)
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
    texts = {a["id"]: a.get("text") or "" for a in brief["articles"]}
    out = []
    if fmt == "md":
        for line in text.splitlines():
            cited = [articles[int(n) - 1] for n in _MD_CITE.findall(line) if 0 < int(n) <= len(articles)]
            if cited:
                out += _check(sides, "md", _MD_CITE.sub("", line), cited, texts)
    elif fmt == "html":
        for item in re.split(r"</li>|</p>|</tr>", text):
            cited = re.findall(r'<a href="#src-\d+" title="([^"]*)"', item)
            if cited:
                plain = html.unescape(re.sub(r"<sup class=\"cites\">.*?</sup>|<[^>]+>", " ", item, flags=re.S))
                out += _check(sides, "html", plain, [html.unescape(a) for a in cited], texts)
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


# --------------------------------------------------------------------------- #
# a data set's stories, briefed and read


def read_stories(path) -> list[dict]:
    """Stories to brief: items made by ``newsfuse eval plant`` (each a story pair, planted or
    untouched) or a data set of stories (clustering JSONL by ``story_id``, Multi-News clusters)."""
    from pathlib import Path

    from newsfuse.evaluation.discrepancies import read_stories as data_stories

    path = Path(path)
    first = next((r for _, r in jsonl_lines(path)), None)
    if first is not None and "articles" in first and "kind" in first:
        return [{"story": r["id"], "articles": r["articles"]} for _, r in jsonl_lines(path)]
    return data_stories([path])


def evaluate(stories: list[dict], config=None, progress: Progress | None = None, show: int = 0) -> dict:
    """Brief each story as ``newsfuse brief`` does and read every section: miscitations (in the
    JSON, Markdown and HTML), "alone adds" items whose fact another source reports by the fact
    grouping, and items that open leaning on a sentence not shown ("They have taken...")."""
    import time


    config = config or Config()
    tally = {"stories": 0, "miscitations": 0, "stories_miscited": 0, "alone_items": 0, "alone_shared": 0,
             "alone_leaning": 0, "one_account": 0}
    examples: dict[str, list] = {"miscitations": [], "alone_shared": [], "alone_leaning": []}
    start = time.perf_counter()
    for story in (progress or no_progress)(stories, len(stories), "stories"):
        records = [{k: a.get(k) for k in ("id", "text", "title", "published", "source") if a.get(k) is not None}
                   for a in story["articles"]]
        b = brief(records, config)
        tally["stories"] += 1
        tally["one_account"] += bool(b.notes)
        found = miscitations(b)
        tally["miscitations"] += len(found)
        tally["stories_miscited"] += bool(found)
        examples["miscitations"] += [{"story": story["story"], "where": m.where, "value": m.value,
                                      "sources": list(m.sources), "text": m.text.strip()[:300]} for m in found]
        fact_of = {tuple(s.key): f for f in b.facts for s in f.sentences}
        for article, facts in b.unique.items():
            for f in facts:
                tally["alone_items"] += 1
                home = fact_of.get(tuple(f.stated_by or f.sentences[0].key))
                others = set(home.sources) | set(home.disputed) if home is not None else set()
                if others - {article}:
                    tally["alone_shared"] += 1
                    examples["alone_shared"].append({"story": story["story"], "article": article, "text": f.text[:300],
                                                     "also": sorted(others - {article})})
                if leans_on_another(f.text):
                    tally["alone_leaning"] += 1
                    examples["alone_leaning"].append({"story": story["story"], "article": article,
                                                      "text": f.text[:300]})
    items = max(tally["alone_items"], 1)
    return {**tally, "alone_shared_share": tally["alone_shared"] / items,
            "alone_leaning_share": tally["alone_leaning"] / items,
            "examples": {k: v[:show] for k, v in examples.items()}, "seconds": time.perf_counter() - start}
