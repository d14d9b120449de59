"""Ingest: turn paths, directories and standard input into raw Articles.

Formats are found by file name first and by content when the name says
nothing; each format has one reader in ``READERS``. Bytes are decoded here,
once: UTF-8, UTF-16/32 with a byte-order mark, and legacy single-byte
encodings (detected with charset-normalizer). An input that cannot be read
becomes a :class:`~newsfuse.model.Skipped` entry naming it and saying why;
the other inputs still go through.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsfuse.model import Article, Skipped
from newsfuse.text import url_host


TEXT_SUFFIXES = {".txt", ".text", ".md"}
# A directory is scanned for these only: a README.md beside the articles is not one.
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".arc"}
KNOWN_SUFFIXES = (TEXT_SUFFIXES - {".md"}) | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES

STDIN = "-"


class InputError(ValueError):
    """An input newsfuse cannot read; the message names the input."""

    def __init__(self, input_name: str, problem: str):
        super().__init__(f"{input_name}: {problem}")
        self.input = input_name
        self.problem = problem


# --------------------------------------------------------------------------- #
# decoding


_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, name: str = "<input>", html: bool = False) -> str:
    """Decode input bytes to text, or raise InputError if they are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(name, f"not valid {encoding} despite its byte-order mark ({e.reason})") from None
    if b"\x00" in data[:8192]:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise InputError(name, "binary file, not text")
        return data.decode(encoding, errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, html)
    if len(_CONTROL.findall(text[:8192])) > max(2, len(text[:8192]) // 100):
        raise InputError(name, "binary file, not text")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a mark shows NULs in every other byte of ASCII text."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, html: bool) -> str:
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausibly_western(western):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    # cp1252 is what most legacy Western news text is; latin-1 never fails.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_WESTERN = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžðþ" "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒŠŽÐÞ" "“”‘’–—…€£©®°·«»¡¿§•±×¼½¾\u00a0")


def _plausibly_western(text: str) -> bool:
    """cp1252 text: every non-ASCII character is a common Western letter or sign,
    and they are a minority of the letters (cp1251 Cyrillic read as cp1252 is all accents)."""
    non_ascii = [c for c in text if ord(c) > 127]
    if any(c not in _WESTERN for c in non_ascii):
        return False
    letters = sum(1 for c in text if c.isalpha())
    return len(non_ascii) <= 0.3 * max(letters, 1)


def _maybe_gunzip(data: bytes, name: str) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(name, f"corrupt gzip data ({e})") from None


# --------------------------------------------------------------------------- #
# format detection and readers


def _strip_suffixes(path: Path) -> tuple[str, str]:
    """('story', '.html') for story.html.gz; ('story', '') for a bare name."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    p = Path(name)
    return (p.stem, p.suffix.lower()) if p.suffix else (name, "")


_FEED_HEAD = re.compile(r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S | re.I)


def sniff_format(text: str) -> str:
    """Guess 'html', 'jsonl', 'feed' or 'text' from content, for names that do not say."""
    head = text.lstrip()[:2048]
    if head.startswith("{") or head.startswith("["):
        return "jsonl"
    if _FEED_HEAD.match(head):
        return "feed"
    page = re.sub(r"^<\?xml[^>]*>\s*", "", head)  # XHTML may open with an XML declaration
    if re.match(r"<(!doctype\s+html|html|head|body|article|div|p|meta)\b", page, re.I):
        return "html"
    if head.startswith("<?xml"):
        return "feed"  # other XML: read as a feed, or named as not one
    return "text"


def _format_for(suffix: str, text: str) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in (".rss", ".atom"):
        return "feed"
    if suffix == ".xml":  # a feed, or named as not one: never an article of raw XML (XHTML is a page)
        return "html" if sniff_format(text) == "html" else "feed"
    return sniff_format(text)


Reader = Callable[[str, str, str], Iterator[Article | Skipped]]
READERS: dict[str, Reader] = {}


def reader(fmt: str) -> Callable[[Reader], Reader]:
    """Register a reader: (text, article id, origin) -> Articles or Skipped."""

    def register(fn: Reader) -> Reader:
        READERS[fmt] = fn
        return fn

    return register


def _require_content(text: str, origin: str) -> None:
    if not text.strip():
        raise InputError(origin, "empty: no text in it")


@reader("text")
def read_text(text: str, article_id: str, origin: str) -> Iterator[Article | Skipped]:
    _require_content(text, origin)
    yield Article(id=article_id, raw=text, format="text", origin=origin)


@reader("html")
def read_html(text: str, article_id: str, origin: str) -> Iterator[Article | Skipped]:
    _require_content(text, origin)
    yield Article(id=article_id, raw=text, format="html", origin=origin)


_FIELDS = ("url", "title", "published", "source")


def content_id(record: dict) -> str:
    """The id of a record that names none, from its content: ``text-`` and the first 12 hex
    digits of the SHA-1 of its url, title, text and html. The same content gets the same
    id and other content another, whenever and in whatever order it comes."""
    import hashlib

    parts = [record.get(key) for key in ("url", "title", "text", "html")]
    joined = "\x1f".join("" if v is None else str(v) for v in parts)
    return "text-" + hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def records_of(record: object, default_id: str | None, origin: str) -> Iterator[Article | Skipped]:
    """The articles of one JSON record: one, or one per document of a record holding a
    ``documents`` list (Multi-News: ``{cluster_id, documents: [{doc_id, text}], summary}``;
    the summary is a reference, not an article). Each document's fields fall back to the
    record's; its id is its ``id`` or ``doc_id``, else the record's id (or cluster id) and
    its position. What cannot be read is a Skipped naming it."""
    documents = record.get("documents") if isinstance(record, dict) else None
    if documents is None:
        try:
            yield article_from_record(record, default_id, origin)
        except InputError as e:
            yield Skipped(e.input, e.problem)
        return
    if not isinstance(documents, list) or not documents:
        yield Skipped(origin, "field 'documents' must be a non-empty list of objects, one per article")
        return
    assert isinstance(record, dict)
    group = next((str(record[k]) for k in ("id", "cluster_id", "story_id") if record.get(k) not in (None, "")),
                 None) or default_id
    shared = {k: record[k] for k in _FIELDS if record.get(k) not in (None, "")}
    for n, doc in enumerate(documents, start=1):
        where = f"{origin}:document {n}"
        if not isinstance(doc, dict):
            yield Skipped(where, f"expected a JSON object, got {type(doc).__name__}")
            continue
        merged = {**shared, **{k: v for k, v in doc.items() if v not in (None, "")}}
        try:
            yield article_from_record(merged, f"{group}:{n}" if group else None, where)
        except InputError as e:
            yield Skipped(e.input, e.problem)


def article_from_record(record: object, default_id: str | None, origin: str) -> Article:
    """Build an Article from one JSON record, or raise InputError saying what is wrong. Its id
    is the record's ``id``, else its ``doc_id``, else ``default_id``, else one made from its
    content (:func:`content_id`)."""
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, got {type(record).__name__}")
    fields = {}
    for key in _FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            value = str(value)
        fields[key] = value or None
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f"field '{key}' must be a string, got {type(value).__name__}")
    # Text a scraper already extracted is preferred: it is what the user trusts.
    if text and text.strip():
        raw, fmt = text, "text"
    elif html and html.strip():
        raw, fmt = html, "html"
    elif fields["title"] and fields["title"].strip():
        raw, fmt = fields["title"], "text"  # a headline alone (a headline feed, an export of titles)
    else:
        raise InputError(origin, "no 'text', 'html' or 'title' field with content")
    named = next((str(record[k]) for k in ("id", "doc_id") if record.get(k) not in (None, "")), None)
    article_id = named or default_id or content_id(record)
    source = fields["source"] or url_host(fields["url"])
    return Article(
        id=article_id, raw=raw, format=fmt, origin=origin, source=source,
        title=fields["title"], url=fields["url"], published=fields["published"],
    )


@reader("jsonl")
def read_jsonl(text: str, article_id: str, origin: str) -> Iterator[Article | Skipped]:
    _require_content(text, origin)
    name = Path(origin).name if origin != STDIN else "stdin"
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array of records is accepted too
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as e:
            raise InputError(origin, f"invalid JSON ({json_problem(e)} of line {e.lineno})") from None
        lines = [(i + 1, r) for i, r in enumerate(records)] if isinstance(records, list) else []
        for n, record in lines:
            yield from records_of(record, f"{name}:{n}", f"{origin}:{n}")
        return
    yield from jsonl_records(text.splitlines(), name, origin)


def jsonl_records(lines: Iterable[str], name: str, origin: str) -> Iterator[Article | Skipped]:
    """The articles of each JSON line (default id ``name:N``; a line with a ``documents``
    list gives one per document), or what is wrong with the line (named ``origin:N``)."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped(where, f"invalid JSON ({json_problem(e)})")
            continue
        yield from records_of(record, f"{name}:{n}", where)


def json_problem(e: json.JSONDecodeError) -> str:
    """What is wrong and at which column: "Unterminated string starting at column 7" (the
    message of some errors already ends with "at")."""
    return f"{e.msg.removesuffix(' at')} at column {e.colno}"


@reader("feed")
def read_feed(text: str, article_id: str, origin: str) -> Iterator[Article | Skipped]:
    """RSS and Atom (feedparser): one article per entry, from its full content, else its
    summary (an RSS description), else its title alone; an entry with only a link is
    reported, not fetched (its link is in the message), and one with nothing is named. A
    file that is not a feed, or so malformed that no entry could be read from it, is an
    InputError ("not a feed that could be read"): never an article of its raw XML."""
    import feedparser

    _require_content(text, origin)
    feed = feedparser.parse(text)
    entries = [e for e in feed.entries if any(_entry_body(e) or e.get(k) for k in ("title", "link"))]
    if feed.bozo and not entries:
        raise InputError(origin, f"not a feed that could be read: {_feed_problem(feed.get('bozo_exception'))}")
    if not feed.get("version"):  # absent, not empty, for some inputs that are no feed
        raise InputError(origin, "not a feed that could be read: no RSS or Atom feed in it")
    if not feed.entries:
        yield Skipped(origin, "a feed with no entries")
        return
    outlet = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{origin}:entry {n}"
        body, title, link = _entry_body(entry), entry.get("title") or None, entry.get("link") or None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if stamp:
            import calendar
            import datetime as dt

            published = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.timezone.utc).isoformat()
        meta = dict(id=entry.get("id") or f"{article_id}:{n}", origin=where, source=outlet or url_host(link),
                    title=title, url=link, published=published)
        if body:
            # a feed's content is the article's own markup, without a page around it: its text is the body
            yield Article(raw=_fragment_text(body), format="text", **meta)
        elif link:
            # only a link: the caller fetches it when asked to (ingest.fetch_links), else reports it
            yield Article(raw="", format="link", **meta)
        elif title and title.strip():
            yield Article(raw=title, format="text", **meta)  # a headline alone, as in a headline feed
        else:
            yield Skipped(where, "empty entry: no title, content, description or link")


def _entry_body(entry) -> str | None:
    """An entry's full content, else its summary (an RSS description); None for neither."""
    content = entry.get("content") or []
    body = next((c.get("value") for c in content if (c.get("value") or "").strip()), None) or entry.get("summary")
    return body if body and body.strip() else None


def _feed_problem(error: object) -> str:
    """feedparser's complaint, its ``<unknown>:2:35:`` position said in words."""
    text = str(error or "malformed")
    m = re.match(r"<unknown>:(\d+):(\d+): (.*)", text)
    return f"{m.group(3)} at line {m.group(1)}, column {m.group(2)}" if m else text


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def _fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block."""
    import lxml.html

    if "<" not in markup:
        return markup
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 - unparseable markup: its tags stripped
        return re.sub(r"<[^>]+>", " ", markup)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().splitlines() if line.strip())


def read_warc(data: bytes | BinaryIO, article_id: str, origin: str) -> Iterator[Article | Skipped]:
    """WARC (warcio): one article per HTTP response record with an HTML body. A record that
    cannot be read is reported and the rest of the file goes on; a broken file ends there.
    ``data`` may be an open binary file: records are then read one at a time."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data) if isinstance(data, bytes) else data):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}:{url or n}"
            kind = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in kind.lower():
                continue  # images, scripts, JSON: not articles
            try:
                body = record.content_stream().read()
                html = decode(body, where, html=True)
            except InputError as e:
                yield Skipped(e.input, e.problem)
                continue
            except Exception as e:  # noqa: BLE001 - a bad record must not sink the file
                yield Skipped(where, f"record cannot be read ({type(e).__name__}: {e})")
                continue
            if not html.strip():
                yield Skipped(where, "empty response")
                continue
            # no publish date from the record: WARC-Date is when it was crawled; the page says when
            yield Article(id=f"{article_id}:{n}", raw=html, format="html", origin=where, url=url)
    except Exception as e:  # noqa: BLE001 - warcio raises plain exceptions on a broken archive
        yield Skipped(origin, f"not a WARC file that can be read past record {n} ({type(e).__name__}: {e})")


# --------------------------------------------------------------------------- #
# walking inputs


def _expand(inputs: Iterable[str | Path]) -> Iterator[Path | str | Skipped]:
    for item in inputs:
        if str(item) == STDIN:
            yield STDIN
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and _strip_suffixes(p)[1] in KNOWN_SUFFIXES
            )
            if not found:
                yield Skipped(str(path), "directory holds no .txt, .html, .htm or .jsonl files")
            yield from found
        elif path.exists():
            yield path
        else:
            yield Skipped(str(path), "no such file or directory")


def _read_bytes(item: Path | str, stdin: BinaryIO | None) -> bytes:
    if item == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    try:
        return Path(item).read_bytes()
    except OSError as e:
        raise InputError(str(item), f"cannot be read ({e.strerror or e})") from None


STREAM_BYTES = 32 * 1024 * 1024  # a WARC or JSONL file larger than this is read a record at a time


def read_one(item: Path | str, stdin: BinaryIO | None = None) -> Iterator[Article | Skipped]:
    """Read one file (or '-') into Articles; a whole-file problem raises InputError. A large
    WARC or JSONL file is streamed: its records are read as they are asked for."""
    origin = str(item)
    if item != STDIN:
        streamed = _stream_large(Path(item))
        if streamed is not None:
            yield from streamed
            return
    data = _read_bytes(item, stdin)
    if not data.strip():
        raise InputError(origin, "empty: no text in it")
    data = _maybe_gunzip(data, origin)
    if item == STDIN:
        article_id, suffix = "stdin", ""
    else:
        article_id, suffix = _strip_suffixes(Path(item))
    if data.startswith(b"WARC/") or suffix in WARC_SUFFIXES:
        yield from read_warc(data, article_id, origin)
        return
    text = decode(data, origin, html=suffix in HTML_SUFFIXES)
    fmt = _format_for(suffix, text)
    yield from READERS[fmt](text, article_id, origin)


def _stream_large(path: Path) -> Iterator[Article | Skipped] | None:
    """Records of a WARC or JSONL file over ``STREAM_BYTES``, read one at a time (a JSONL
    file streamed is read as UTF-8, as JSON is); None for any other file."""
    try:
        if path.stat().st_size <= STREAM_BYTES:
            return None
    except OSError:
        return None
    article_id, suffix = _strip_suffixes(path)
    gz = path.name.lower().endswith(".gz")
    if suffix in WARC_SUFFIXES:
        def warc() -> Iterator[Article | Skipped]:
            with path.open("rb") as f:  # warcio reads gzip members itself
                yield from read_warc(f, article_id, str(path))
        return warc()
    if suffix in (".jsonl", ".ndjson"):
        def jsonl() -> Iterator[Article | Skipped]:
            import io

            with (gzip.open(path, "rb") if gz else path.open("rb")) as raw:
                lines = io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
                yield from jsonl_records(lines, path.name, str(path))
        return jsonl()
    return None


def stream_read(inputs: Iterable[str | Path], stdin: BinaryIO | None = None) -> Iterator[Article | Skipped]:
    """The articles of paths (files, directories, '-'), one input at a time (never every
    input in memory at once), and what could not be read; :func:`stream_inputs` makes their
    ids unique."""
    for item in _expand(inputs):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield from read_one(item, stdin)
        except InputError as e:
            yield Skipped(e.input, e.problem)


def unique_id(article_id: str, taken: set[str]) -> str:
    """``article_id``, or ``article_id-2``, ``-3``... if it is taken."""
    candidate, n = article_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{article_id}-{n}"
    return candidate
