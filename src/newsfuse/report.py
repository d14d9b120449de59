"""Report: render a Brief as JSON, Markdown or one self-contained HTML page.

Each renderer is registered in ``RENDERERS`` under its format name. Article
text is untrusted: Markdown escapes its syntax characters and raw HTML, and
the HTML page escapes every piece of it.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsfuse.config import ReportConfig
from newsfuse.dates import in_words
from newsfuse.model import Article, Brief, Fact, SetAside
from newsfuse.text import safe_url, shortened

Renderer = Callable[[Brief], str]
RENDERERS: dict[str, Renderer] = {}


def renderer(fmt: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[fmt] = fn
        return fn

    return register


def render(brief: Brief, fmt: str = "md") -> str:
    try:
        return RENDERERS[fmt](brief)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}") from None


def _numbers(brief: Brief) -> dict[str, int]:
    """Citation number of each article: its position in the input, from 1."""
    return {a.id: i for i, a in enumerate(brief.articles, start=1)}


def _headline(brief: Brief) -> str:
    """The brief's title: the headline that best states what the headlines agree on."""
    return brief.headline or "Brief"


def _layout(brief: Brief) -> ReportConfig:
    """The report settings the brief was made with (defaults for a brief from elsewhere)."""
    known = {k: v for k, v in brief.config.get("report", {}).items() if k in ReportConfig.__dataclass_fields__}
    return ReportConfig(**known)


def outlet_names(articles: list[Article]) -> dict[str, str]:
    """A short name per article: its outlet, else its URL's host, else its id; a second
    article of one outlet gets a number ("Reuters 2")."""
    base = {a.id: a.outlet or (a.id if len(a.id) <= 16 else a.id[:14] + "…") for a in articles}
    seen: Counter[str] = Counter()
    names = {}
    totals = Counter(base.values())
    for a in articles:
        seen[base[a.id]] += 1
        names[a.id] = base[a.id] if totals[base[a.id]] == 1 else f"{base[a.id]} {seen[base[a.id]]}"
    return names


class BriefView:
    """What every presentation of a brief shows, worked out once: the Markdown and HTML
    reports (:func:`sections`) and the web app's story page
    (:class:`newsfuse.server.views.StoryPage`) read it, each in its own markup."""

    def __init__(self, brief: Brief):
        self.brief = brief
        self.layout = _layout(brief)
        self.number = _numbers(brief)
        self.outlet = outlet_names(brief.articles)
        self.shared = [f for f in brief.facts if f.support > 1]  # the facts more than one source reports

    def coverage(self, rows: int) -> list[tuple[Fact, list[str]]]:
        """The first ``rows`` shared facts, each with a cell per article: "reports", "conflicts"
        (the same event with a conflicting number or date) or ""."""
        ids = [a.id for a in self.brief.articles]
        return [(f, ["reports" if a in f.sources else "conflicts" if a in f.disputed else "" for a in ids])
                for f in self.shared[:rows]]

    def unique(self) -> list[tuple[Article, list[Fact]]]:
        """Per article, every fact only it reports (none left out), most newsworthy first."""
        return [(self.brief.article(a), facts) for a, facts in self.brief.unique.items() if a in self.number]

    def said(self) -> tuple[list, list]:
        """Who said what: the named speakers' quotes and claims to list, and the rest to fold."""
        return who_said_what(self.brief, self.layout.top_quotes)

    def set_aside(self) -> list[tuple[str, str]]:
        """The articles left out for their language: how each is named, and why."""
        return [(set_aside_label(s), s.reason) for s in self.brief.set_aside]


@dataclass
class Item:
    """One line of a report section: a bold lead, the text, its citations, indented details."""

    text: str
    sources: list[str] = field(default_factory=list)
    lead: str = ""
    details: list["Item"] = field(default_factory=list)
    more: list["Item"] = field(default_factory=list)  # further details, collapsed (a <details> block)
    fold: str = ""  # what the collapsed block says it holds (default: "N more"); an item of no text is that block alone

    @property
    def summary(self) -> str:
        return self.fold or f"{len(self.more)} more"


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    table: list[list[str]] | None = None  # coverage: header row, then one row per fact
    note: str = ""  # a line under the table


def who_said_what(brief: Brief, top: int) -> tuple[list, list]:
    """The quotes and claims of named speakers a report lists (direct quotes first, then the
    claims most sources carry, ``top`` in all), and the rest, to fold."""
    from newsfuse.analyse.quotes import named_speakers

    named, unnamed = named_speakers(brief.quotes, brief.entities)
    quotes = [q for q in named if q.kind == "quote"]
    claims = sorted((q for q in named if q.kind == "claim"), key=lambda q: -len(q.sources))
    ranked = quotes + claims
    return ranked[:top], ranked[top:] + unnamed


def sections(brief: Brief, view: BriefView | None = None) -> list[Section]:
    """The report's sections after the brief, in reading order, for every text renderer
    (``view``: the brief's, when the caller made it already)."""
    view = view or BriefView(brief)
    num, layout = view.number, view.layout
    out = []
    if brief.discrepancies:
        out.append(Section("Where the sources differ", [
            Item(d.about, lead=d.kind, details=[
                Item(f"{v.value}" + (f" {v.counts}" if v.counts and v.counts not in v.value else "")
                     + f": “{shortened(v.text, 160, tidy=False)}”", v.sources) for v in d.values])
            for d in brief.discrepancies]))
    shared = view.shared[:layout.top_facts]
    if shared:
        out.append(Section("What the sources agree on", [
            Item(f.text, f.sources, lead=f"{f.support} sources"
                 + (f", {f.independent} independent" if f.independent is not None and f.independent < f.support
                    else "")) for f in shared]))
        ids = [a.id for a in brief.articles]
        table = [["fact"] + [str(num[a]) for a in ids]]
        mark = {"reports": "●", "conflicts": "≠", "": "·"}  # ≠: the same event with a conflicting number or date
        table += [[shortened(f.text, 70, tidy=False)] + [mark[c] for c in cells]
                  for f, cells in view.coverage(layout.coverage_rows)]
        unique = ["alone"] + [str(len(brief.unique.get(a, []))) for a in ids]
        out.append(Section("Coverage: which source reports which fact", table=table + [unique],
                           note="● reports it, ≠ reports it with a conflicting number or date, · does not; "
                                "“alone”: how many facts only that source reports."))
    if brief.unique:
        out.append(Section("What each source alone adds", [
            Item(_label(brief, a.id), lead=f"[{num[a.id]}]", details=[Item(f.text) for f in facts[:layout.top_unique]],
                 more=[Item(f.text) for f in facts[layout.top_unique:]])  # most newsworthy first; none cut
            for a, facts in view.unique()]))
    said, others = view.said()
    if said or others:
        items = [Item(f"“{q.text}”" if q.kind == "quote" else q.text, q.sources, lead=q.speaker) for q in said]
        if others:  # unnamed speakers, and named ones past the list's length: folded, none cut
            items.append(Item("", fold=f"{len(others)} more" + (" quotes and claims" if len(others) > 1 else
                                                                 " quote or claim") + " (speakers not named, or more "
                                                                                      "of those above)",
                              more=[Item(("“" + q.text + "”" if q.kind == "quote" else q.text)
                                         + f" ({q.speaker or 'unattributed'})", q.sources) for q in others]))
        out.append(Section("Who said what", items))
    if brief.timeline:
        out.append(Section("Timeline", [
            Item(e.text, e.sources, lead=in_words(e.when) if e.resolved else f"{e.expression} (date unknown)")
            for e in brief.timeline]))
    if brief.entities:
        out.append(Section("People, places, organisations", [
            Item(e.name + (f" (also: {', '.join(v for v in e.variants if v != e.name)})" if len(e.variants) > 1
                           else ""), e.sources, lead=e.label)
            for e in brief.entities[:layout.top_entities]]))
    if brief.syndicated:
        out.append(Section("Copied text", [
            Item(f"{'whole articles' if s.kind == 'article' else 'passages'} copied "
                 f"({s.share:.0%} of the shorter)", s.articles, lead=s.kind,
                 details=[Item(shortened(p, 200, tidy=False)) for p in s.passages[:3]]) for s in brief.syndicated]))
    return out


def set_aside_label(s: SetAside) -> str:
    """How a set-aside article is named: its input, with its id when the input does not say it
    ("record 2 (tageblatt)")."""
    return s.input if s.article in s.input else f"{s.input} ({s.article})"


def _label(brief: Brief, article_id: str) -> str:
    a = brief.article(article_id)
    return " · ".join(x for x in (a.source, a.title) if x) or a.id


@renderer("json")
def to_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and raw HTML in untrusted text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", text)  # "- x" would start a list
    return re.sub(r"^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", text)  # so would "1. x"


@renderer("md")
def to_markdown(brief: Brief) -> str:
    view = BriefView(brief)
    return environment().get_template("report.md").render(
        brief=brief, num=view.number, sections=sections(brief, view), set_aside=view.set_aside(),
        headline=_headline(brief))


_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.brief p{margin:.4rem 0}sup a{text-decoration:none;color:#0b57d0;font-size:.75em}.cites{white-space:nowrap}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem;vertical-align:top;text-align:left}
.n{text-align:right;font-weight:600}details{margin:.3rem 0}.removed li{color:#777}
.note{font-size:.85em;color:#555}.lead{font-weight:600;margin-right:.3em}.coverage td:not(:first-child),.coverage th{text-align:center}
.reason{font-size:.8em;background:#f3f3f3;border-radius:3px;padding:0 .3em;margin-right:.4em}
"""


@lru_cache(maxsize=1)
def environment():
    """The one Jinja environment every presentation is rendered by: the Markdown and HTML
    reports here and the web app's pages (``newsfuse/templates/``). Article text is untrusted:
    it escapes for HTML everything an HTML (or any other) template prints; a ``.md`` template
    is not autoescaped and escapes explicitly, with the ``md`` filter (:func:`md_escape`) and,
    for raw HTML in it, ``html_escape`` (:func:`html.escape`)."""
    import jinja2

    from newsfuse.language import name as language_name

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=jinja2.select_autoescape(disabled_extensions=("md",), default=True))
    env.globals.update(safe_url=safe_url, in_words=in_words, language_name=language_name)
    env.filters.update(md=md_escape, html_escape=html.escape)
    return env


@renderer("html")
def to_html(brief: Brief) -> str:
    from markupsafe import Markup

    view = BriefView(brief)
    return environment().get_template("report.html").render(
        brief=brief, num=view.number, sections=sections(brief, view), set_aside=view.set_aside(),
        headline=_headline(brief), css=Markup(_CSS)) + "\n"
