"""Report: render a Brief as JSON, Markdown or one self-contained HTML page.

Each renderer is registered in ``RENDERERS`` under its format name. Article
text is untrusted: Markdown escapes its syntax characters and raw HTML, and
the HTML page escapes every piece of it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from newsfuse.model import Brief

Renderer = Callable[[Brief], str]
RENDERERS: dict[str, Renderer] = {}
TOP_FACTS = 10


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
    titles = [a.title for a in brief.articles if a.title]
    return titles[0] if titles else "Brief"


def _shared_facts(brief: Brief):
    return [f for f in brief.facts if f.support > 1][:TOP_FACTS]


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
    num = _numbers(brief)

    def cite(sources: list[str]) -> str:
        return "".join(f"[{num[s]}]" for s in sources if s in num)

    out = [f"# {md_escape(_headline(brief))}", ""]
    out += [f"{md_escape(s.text)} {cite(s.sources)}" for s in brief.summary] or ["_No sentence fits the budget._"]
    shared = _shared_facts(brief)
    if shared:
        out += ["", "## What the sources agree on", ""]
        out += [f"- **{f.support} sources**: {md_escape(f.text)} {cite(f.sources)}" for f in shared]
    out += ["", "## Sources", ""]
    for a in brief.articles:
        label = " · ".join(md_escape(x) for x in (a.source, a.title) if x) or "untitled"
        out.append(f"{num[a.id]}. {md_escape(a.id)}: {label} (removed: {len(a.removed)})")
    if brief.skipped:
        out += ["", "## Skipped inputs", ""]
        out += [f"- {md_escape(s.input)}: {md_escape(s.error)}" for s in brief.skipped]
    return "\n".join(out) + "\n"


_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.brief p{margin:.4rem 0}sup a{text-decoration:none;color:#0b57d0;font-size:.75em}.cites{white-space:nowrap}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem;vertical-align:top;text-align:left}
.n{text-align:right;font-weight:600}details{margin:.3rem 0}.removed li{color:#777}
.reason{font-size:.8em;background:#f3f3f3;border-radius:3px;padding:0 .3em;margin-right:.4em}
"""


@renderer("html")
def to_html(brief: Brief) -> str:
    e = html.escape
    num = _numbers(brief)

    def cite(sources: list[str]) -> str:
        links = "".join(f'<a href="#src-{num[s]}" title="{e(s)}">[{num[s]}]</a>' for s in sources if s in num)
        return f'<sup class="cites">{links}</sup>'  # one unbreakable run

    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_headline(brief))} · newsfuse</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_headline(brief))}</h1>", '<section class="brief">',
    ]
    parts += [f"<p>{e(s.text)} {cite(s.sources)}</p>" for s in brief.summary]
    parts.append("</section>")
    shared = _shared_facts(brief)
    if shared:
        parts += ["<h2>What the sources agree on</h2>", "<table><tr><th>sources</th><th>fact</th></tr>"]
        parts += [f'<tr><td class="n">{f.support}</td><td>{e(f.text)} {cite(f.sources)}</td></tr>' for f in shared]
        parts.append("</table>")
    parts.append("<h2>Sources</h2><ol>")
    for a in brief.articles:
        label = " · ".join(e(x) for x in (a.source, a.title) if x) or "untitled"
        removed = "".join(f'<li><span class="reason">{e(r.reason)}</span>{e(r.text)}</li>' for r in a.removed)
        body = "".join(f"<p>{e(p)}</p>" for p in a.text.split("\n\n") if p)
        parts.append(
            f'<li id="src-{num[a.id]}"><code>{e(a.id)}</code> {label}'
            f"<details><summary>cleaned text</summary>{body}</details>"
            f'<details><summary>{len(a.removed)} pieces removed</summary><ul class="removed">{removed}</ul></details></li>'
        )
    parts.append("</ol>")
    if brief.skipped:
        parts.append("<h2>Skipped inputs</h2><ul>")
        parts += [f"<li><code>{e(s.input)}</code>: {e(s.error)}</li>" for s in brief.skipped]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
