"""What real pipelines produce: WARC archives, RSS and Atom feeds, URLs (served on localhost)."""

import gzip
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest

from newsfuse.config import Config, IngestConfig
from newsfuse.fetch import Fetcher
from newsfuse.ingest import InputError
from newsfuse.inputs import read
from tests.conftest import EXAMPLE

PAGE = (EXAMPLE / "baltic-morning-post.html").read_bytes()


def _warc(records) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, kind, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload),
                                                      http_headers=headers))
    return out.getvalue()


def test_warc_html_responses_become_articles(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("https://news.example/a", "text/html; charset=utf-8", PAGE),
                            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
                            ("https://news.example/empty", "text/html", b"")]))
    articles, skipped = read([path])
    assert [a.url for a in articles] == ["https://news.example/a"] and articles[0].format == "html"
    assert [s.input for s in skipped] == [f"{path}:https://news.example/empty"]


def test_a_broken_warc_is_reported_and_the_batch_goes_on(tmp_path):
    good = _warc([("https://news.example/a", "text/html", PAGE), ("https://news.example/b", "text/html", PAGE)])
    broken = tmp_path / "broken.warc"
    broken.write_bytes(gzip.decompress(good)[:-900] + b"\x00garbage WARC/1.0\r\nnonsense")
    articles, skipped = read([broken, EXAMPLE / "coastwire.txt"])
    assert "coastwire" in [a.id for a in articles]
    assert any(s.input.startswith(str(broken)) for s in skipped)


def test_large_warc_and_jsonl_files_are_streamed_record_by_record(tmp_path, monkeypatch):
    """Past ingest.STREAM_BYTES a WARC or JSONL file is read a record at a time: the same
    articles and the same complaints as reading it whole, and the first article comes
    before the file's end is read."""
    import newsfuse.ingest

    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(_warc([("https://news.example/a", "text/html", PAGE),
                            ("https://news.example/empty", "text/html", b""),
                            ("https://news.example/b", "text/html; charset=utf-8", PAGE)]))
    jsonl = tmp_path / "feed.jsonl.gz"
    jsonl.write_bytes(gzip.compress(b'{"text": "One."}\nnot json\n{"title": "Two"}\n'))
    whole = read([warc, jsonl])
    monkeypatch.setattr(newsfuse.ingest, "STREAM_BYTES", 0)
    streamed = read([warc, jsonl])
    assert streamed == whole and len(whole[0]) == 4 and len(whole[1]) == 2
    from newsfuse.ingest import stream_read

    lines = tmp_path / "big.jsonl"
    lines.write_text('{"text": "First."}\n' + "x" * 5000, encoding="utf-8")  # its end is broken
    first = next(stream_read([lines]))
    assert first.raw == "First." and first.id == "big.jsonl:1"


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Coast Radio</title>
<item><title>Flood barrier fails in Varnholm</title><link>https://coast.example/a1</link>
<guid>coast-a1</guid><pubDate>Wed, 11 Mar 2026 08:00:00 GMT</pubDate>
<description><![CDATA[<p>The Elsin river broke through the flood barrier in Varnholm on Tuesday night.</p>
<p>About 2,400 residents were evacuated.</p>]]></description></item>
<item><title>No body</title><link>https://coast.example/a2</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Times</title>
<entry><title>Shelters open in schools</title><link href="https://harbour.example/s"/><id>urn:h1</id>
<updated>2026-03-11T09:30:00Z</updated>
<content type="html">&lt;p&gt;The city opened three shelters in schools on higher ground.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_entries_become_articles(tmp_path):
    (tmp_path / "coast.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "harbour.xml").write_text(ATOM, encoding="utf-8")
    articles, skipped = read([tmp_path / "coast.rss", tmp_path / "harbour.xml"])
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"coast-a1", "urn:h1"}
    rss = by_id["coast-a1"]
    assert rss.source == "Coast Radio" and rss.url == "https://coast.example/a1"
    assert rss.published.startswith("2026-03-11T08:00") and rss.raw.splitlines() == [
        "The Elsin river broke through the flood barrier in Varnholm on Tuesday night.",
        "About 2,400 residents were evacuated."]
    assert by_id["urn:h1"].raw == "The city opened three shelters in schools on higher ground."
    (skip,) = skipped
    assert skip.input.endswith("coast.rss:entry 2") and "https://coast.example/a2" in skip.error


def test_a_malformed_feed_names_the_input(tmp_path):
    bad = tmp_path / "bad.rss"
    bad.write_text("<rss><channel><item><title>unclosed", encoding="utf-8")
    articles, skipped = read([bad, EXAMPLE / "coastwire.txt"])
    assert [a.id for a in articles] == ["coastwire"]
    assert skipped and skipped[0].input.startswith(str(bad))


# --- URLs ------------------------------------------------------------------------------

@pytest.fixture
def server(tmp_path):
    (tmp_path / "story.html").write_bytes(PAGE)
    (tmp_path / "big.html").write_bytes(b"<html><body>" + b"x" * 3000 + b"</body></html>")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "p.html").write_bytes(PAGE)
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _config(**ingest) -> Config:
    return Config().replace(ingest={"host_delay": 0.0, **ingest})


def test_a_local_url_is_refused_without_allow_private(server):
    articles, skipped = read([f"{server}/story.html"], config=_config())
    assert not articles and "private, loopback or reserved" in skipped[0].error


def test_urls_are_fetched_with_limits_and_robots(server):
    config = _config(allow_private=True, max_fetch_bytes=2000)
    articles, skipped = read([f"{server}/story.html", f"{server}/big.html", f"{server}/private/p.html",
                              f"{server}/missing.html"], config=config)
    assert [a.url for a in articles] == [f"{server}/story.html"] and articles[0].format == "html"
    errors = {s.input.rsplit("/", 1)[-1]: s.error for s in skipped}
    assert "too large" in errors["big.html"]
    assert "robots.txt" in errors["p.html"]
    assert "404" in errors["missing.html"]


@pytest.mark.parametrize("url", ["http://10.1.2.3/a", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                                 "http://0.0.0.0/", "file:///etc/passwd", "gopher://example.org/"])
def test_private_and_odd_urls_are_refused(url):
    with pytest.raises(InputError):
        Fetcher(IngestConfig()).check(url)


def test_a_feed_entry_without_content_is_fetched_when_asked(server, tmp_path):
    feed = tmp_path / "links.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Link Wire</title>
<item><title>Barrier breached</title><link>{server}/story.html</link><guid>lw-1</guid>
<pubDate>Wed, 11 Mar 2026 08:00:00 GMT</pubDate></item></channel></rss>""", encoding="utf-8")
    articles, skipped = read([feed], config=_config(allow_private=True))
    assert not articles and "--fetch-links" in skipped[0].error
    articles, skipped = read([feed], config=_config(allow_private=True, fetch_links=True))
    (a,) = articles
    assert not skipped and a.id == "lw-1" and a.format == "html" and a.source == "Link Wire"
    assert a.title == "Barrier breached" and a.published.startswith("2026-03-11") and "Elsin" in a.raw
