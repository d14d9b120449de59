"""Clean: reduce an article to its body and record what was removed and why.

HTML goes through trafilatura (main-text extraction plus metadata); its output
and plain text then pass the same text cleaner, because scraped text carries
the page's leftovers: navigation, teasers, promos, captions, credits, footers,
and related-link text glued into sentences.

The cleaner only deletes. The package has one module per concern:

- ``rules.py``: one-line rules, in the ``LINE_RULES`` registry;
- ``text.py``: the text cleaner, ``clean_text`` (context passes, repair);
- ``html.py``: HTML through trafilatura, metadata, the removal record;
- ``templates.py``: ``remove_templates``, cross-article evidence.

The text cleaner works on lines in three passes:

1. line rules: each rule in ``LINE_RULES`` looks at one line and may name a
   reason to drop it (navigation, prompt, date line, credit, teaser...);
2. context: the title, repeated lines, captions printed twice or with a
   credit, and the page tail (the point after which the rest is mostly
   boilerplate: a sidebar, a footer, a list of other stories);
3. inline repair: related-link text glued into a sentence is cut out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from newsfuse.clean.html import page_metadata, visible_blocks
from newsfuse.clean.html import clean_html_article
from newsfuse.clean.rules import LINE_RULES, classify_line, line_rule
from newsfuse.clean.templates import remove_templates
from newsfuse.clean.text import clean_text, repair_glued_links
from newsfuse.config import CleanConfig
from newsfuse.model import Article

Cleaner = Callable[[Article, CleanConfig], Article]


def clean_text_article(article: Article, config: CleanConfig | None = None) -> Article:
    text, title, removed = clean_text(article.raw, article.title, config=config)
    return replace(article, text=text, title=title, removed=tuple(removed))


# one cleaner per input format
CLEANERS: dict[str, Cleaner] = {"text": clean_text_article, "html": clean_html_article}


def clean(article: Article, config: CleanConfig | None = None) -> Article:
    """A cleaned copy of one article, by the cleaner for its format; the one given is not changed."""
    cleaned = CLEANERS[article.format](article, config or CleanConfig())
    if not cleaned.published:
        day = _dateline_date(cleaned)
        if day:
            cleaned = replace(cleaned, published=day, published_from="dateline")
    return cleaned


def nothing_left(article: Article, cleaned: Article) -> str | None:
    """Why ``cleaned`` (``article`` cleaned) is no article: "nothing left after cleaning: "
    and what was removed, briefly (the first reasons, with how many pieces each); None when
    it has text, or when its input was a title alone (a headline dataset: its raw text is
    its title, given or read from its one line), which stays an article."""
    if cleaned.text.strip():
        return None
    title = cleaned.title or article.title
    if title and " ".join(article.raw.split()) == " ".join(title.split()):
        return None
    counts: dict[str, int] = {}
    for removal in cleaned.removed:
        counts[removal.reason] = counts.get(removal.reason, 0) + 1
    reasons = [f"{reason} ({n})" if n > 1 else reason for reason, n in list(counts.items())[:3]]
    more = f" and {len(counts) - 3} other reasons" if len(counts) > 3 else ""
    return "nothing left after cleaning: " + ("removed " + "; ".join(reasons) + more if reasons else "no text in it")


def _dateline_date(article: Article) -> str | None:
    """The publish date from a date line the cleaner removed above the body
    ("Published 14 March 2026"); date lines below it belong to other stories."""
    from newsfuse.dates import parse_published

    first = article.text.split("\n", 1)[0][:60]
    body_at = article.raw.find(first) if first else -1
    for removal in article.removed:
        if "date" not in removal.reason:
            continue
        at = article.raw.find(removal.text)
        if 0 <= at and (body_at < 0 or at < body_at):
            day = parse_published(removal.text)
            if day:
                return day.isoformat()
    return None


__all__ = ["CLEANERS", "LINE_RULES", "clean", "clean_text", "classify_line", "line_rule", "nothing_left", "page_metadata",
           "remove_templates", "repair_glued_links", "visible_blocks"]
