"""``newsfuse eval extract``: article-body extraction against peers, same pages, same run.

Data layout (as in the scrapinghub article-extraction-benchmark):
``DIR/html/<id>.html.gz`` and ``DIR/ground-truth.json`` = ``{id: {"articleBody": ...}}``.

Mode ``html``: every system gets the page's raw bytes (gzip-decompressed, not
decoded), as users hand them a fetched page, and decodes them its own way:
trafilatura guesses (UTF-8, then charset detection), readability-lxml and
jusText read the page's meta charset (then chardet, resp. UTF-8 with
replacement), newsfuse uses the product's decoder, :func:`newsfuse.ingest.decode`
(byte-order mark, UTF-8, meta charset, charset-normalizer).
Mode ``text``: every system gets the page's full visible text, boilerplate
included, as a naive scraper would produce it (html-text's rendering, one
line per block, of the page decoded by :func:`newsfuse.ingest.decode`);
``unfiltered`` returns that text unchanged and is the floor.

``part`` picks the pages: all, the held-back fifth (:func:`newsfuse.evaluation.held_back`
of the page id) or the rest; ``limit`` applies after it.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from newsfuse.config import Config
from newsfuse.evaluation.metrics import page_counts, page_f1, scores
from newsfuse.evaluation.summarization import PARTS, in_part
from newsfuse.ingest import decode
from newsfuse.model import Article
from newsfuse.pipeline import no_progress

System = Callable  # html mode: bytes -> str; text mode: str -> str
BEHIND = 0.1  # a page where newsfuse's F1 is this much below the best peer's is counted as behind


def newsfuse_system(mode: str, config=None) -> System:
    """newsfuse's cleaner for one mode, with a configuration's ``clean`` settings
    (default: the shipped ones). In html mode it takes the page's bytes and decodes
    them as the product does (:func:`newsfuse.ingest.decode`)."""
    from newsfuse.clean import clean, clean_text

    settings = (config or Config()).clean
    if mode == "html":
        return lambda data: clean(Article(id="page", raw=decode(data, "page", html=True), format="html"),
                                  settings).text
    return lambda text: clean_text(text, config=settings)[0]


def _trafilatura(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data, include_comments=False) or ""


def _readability(data: bytes) -> str:
    import html_text
    from readability import Document

    return html_text.extract_text(Document(data).summary(html_partial=True))


def _justext(data: bytes) -> str:
    import justext

    paragraphs = justext.justext(data, justext.get_stoplist("English"), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return " ".join(p.text for p in paragraphs if not p.is_boilerplate)


def visible_text(html: str) -> str:
    """All visible text of a page, one line per block: what a naive scraper keeps."""
    import html_text

    return html_text.extract_text(html, guess_layout=True)


HTML_SYSTEMS: dict[str, System] = {
    "newsfuse": newsfuse_system("html"),
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "justext": _justext,
}
TEXT_SYSTEMS: dict[str, System] = {
    "newsfuse": newsfuse_system("text"),
    "unfiltered": lambda text: text,
}


def load_pages(data: Path, limit: int | None = None, part: str = "all") -> list[tuple[str, bytes, str]]:
    """(id, raw page bytes, true body) for each page with a ground truth in ``part``, sorted by
    id, the first ``limit`` of them. The bytes are gzip-decompressed, not decoded."""
    if part not in PARTS:  # an unknown part fails before the data is read
        raise ValueError(f"part must be one of {', '.join(PARTS)}, got {part!r}")
    truth_path = data / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(f"{truth_path}: not found; --data must hold ground-truth.json and html/")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for page_id in [k for k in sorted(truth) if in_part(k, part)][:limit]:
        path = data / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            raise FileNotFoundError(f"{path}: missing page for id {page_id}")
        raw = gzip.decompress(path.read_bytes())
        pages.append((page_id, raw, truth[page_id].get("articleBody", "")))
    return pages


def run_extract(data: Path, mode: str = "html", limit: int | None = None,
                systems: list[str] | None = None, progress=None,
                outputs: dict | None = None, variants: dict | None = None, part: str = "all",
                config=None) -> dict:
    """Score each system on every page of ``part`` (all, held-back or rest); systems take turns
    page by page so drift hits all alike. ``newsfuse`` runs with ``config`` (None: the
    defaults); ``variants`` maps a name to another Config, scored beside it as
    ``newsfuse[name]``."""
    table = {"html": HTML_SYSTEMS, "text": TEXT_SYSTEMS}.get(mode)
    if table is None:
        raise ValueError(f"unknown mode {mode!r}; choose html or text")
    table = {"newsfuse": table["newsfuse"] if config is None else newsfuse_system(mode, config),
             **{f"newsfuse[{name}]": newsfuse_system(mode, c) for name, c in (variants or {}).items()},
             **{k: v for k, v in table.items() if k != "newsfuse"}}
    chosen = {k: v for k, v in table.items() if systems is None or k in systems}
    pages = load_pages(data, limit, part)  # a bad --data or --part fails before the peers load
    probe = b"<html><body><p>Probe.</p></body></html>"
    for name, system in chosen.items():  # a missing peer fails here, not as 181 empty pages
        try:
            system(probe if mode == "html" else "Probe.")
        except ImportError as e:
            raise ImportError(f"{name} is not installed ({e.name}); pip install 'newsfuse[eval]'") from None
    counts: dict[str, list] = {k: [] for k in chosen}
    seconds = dict.fromkeys(chosen, 0.0)
    for page_id, raw, true in (progress or no_progress)(pages, len(pages), "pages"):
        given = raw if mode == "html" else visible_text(decode(raw, page_id, html=True))
        for name, system in chosen.items():
            start = time.perf_counter()
            try:
                pred = system(given)
            except Exception:  # noqa: BLE001 - a crash scores as an empty extraction
                pred = ""
            seconds[name] += time.perf_counter() - start
            counts[name].append(page_counts(true, pred))
            if outputs is not None:
                outputs.setdefault(name, {})[page_id] = pred
    out = {
        "mode": mode,
        "part": part,
        "n_pages": len(pages),
        "systems": {
            name: {**scores(counts[name]), "pages_per_second": len(pages) / seconds[name] if seconds[name] else None}
            for name in chosen
        },
    }
    # page by page: where newsfuse is more than BEHIND below the best peer on that page
    peers = [k for k in chosen if not k.startswith("newsfuse") and k != "unfiltered"]
    for name in (k for k in chosen if k.startswith("newsfuse")):
        behind = []
        for i, (page_id, _, _) in enumerate(pages):
            if not peers:
                break
            best = max(peers, key=lambda k: page_f1(counts[k][i]))
            mine, theirs = page_f1(counts[name][i]), page_f1(counts[best][i])
            if mine < theirs - BEHIND:
                behind.append({"id": page_id, "f1": round(mine, 3), "best_peer": best, "best_f1": round(theirs, 3)})
        out["systems"][name]["pages_behind"] = len(behind) if peers else None
        out["systems"][name]["behind"] = behind
    return out
