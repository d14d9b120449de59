import gzip
import io
import json
import os

import pytest

from newsfuse.ingest import InputError, decode, sniff_format
from newsfuse.inputs import read


def test_reads_text_html_gzip_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("The river rose.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Hello page.</p></body></html>", encoding="utf-8")
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(b"<html><body><p>Zipped.</p></body></html>"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.jsonl").write_text(
        json.dumps({"id": "x1", "text": "One.", "url": "https://www.example.org/a", "title": "T"}) + "\n"
        + json.dumps({"html": "<p>Two.</p>", "source": "Outlet"}) + "\n",
        encoding="utf-8",
    )
    corpus = read([tmp_path])
    by_id = {a.id: a for a in corpus.articles}
    assert set(by_id) == {"a", "b", "c", "x1", "d.jsonl:2"}
    assert by_id["a"].format == "text" and by_id["b"].format == "html" and by_id["c"].format == "html"
    assert "Zipped." in by_id["c"].raw
    assert by_id["x1"].source == "example.org" and by_id["x1"].title == "T"
    assert by_id["d.jsonl:2"].format == "html" and by_id["d.jsonl:2"].source == "Outlet"
    assert corpus.skipped == []


def test_directory_skips_readme_and_hidden_files(tmp_path):
    (tmp_path / "a.txt").write_text("Body.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    assert [a.id for a in read([tmp_path]).articles] == ["a"]


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_unicode_encodings(tmp_path, encoding, bom):
    text = "Mayor Katrin Sølvberg said “no” — café naïve.\n"
    (tmp_path / "a.txt").write_bytes(bom + text.encode(encoding))
    assert read([tmp_path / "a.txt"]).articles[0].raw == text


def test_legacy_single_byte_encoding(tmp_path):
    text = "Le café où Sølvberg a parlé était plein à craquer, dit-on, déjà à midi. " * 3
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    assert read([tmp_path / "a.txt"]).articles[0].raw == text


def test_html_declared_charset_is_honoured():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 \xe0 Varnholm</p></body></html>'
    assert "Café à Varnholm" in decode(html.encode("latin-1"), "p.html", html=True)


def test_bad_inputs_are_named_and_others_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A fine article.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    badgz = tmp_path / "broken.html.gz"
    badgz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    corpus = read([good, empty, binary, badgz, tmp_path / "missing.txt"])
    assert [a.id for a in corpus.articles] == ["good"]
    errors = {s.input: s.error for s in corpus.skipped}
    assert "empty" in errors[str(empty)]
    assert "binary" in errors[str(binary)]
    assert "gzip" in errors[str(badgz)]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    f = tmp_path / "locked.txt"
    f.write_text("x", encoding="utf-8")
    f.chmod(0)
    corpus = read([f])
    assert "cannot be read" in corpus.skipped[0].error


def test_jsonl_bad_lines_are_skipped_with_their_line_number(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "Good one."}\nnot json\n{"source": "no body"}\n[1, 2]\n{"text": 5}\n'
                 '{"title": "A headline alone"}\n', encoding="utf-8")
    corpus = read([f])
    assert [a.id for a in corpus.articles] == ["feed.jsonl:1", "feed.jsonl:6"]
    assert corpus.articles[1].raw == corpus.articles[1].title == "A headline alone"
    where = {s.input: s.error for s in corpus.skipped}
    assert "invalid JSON" in where[f"{f}:2"]
    assert "no 'text', 'html' or 'title'" in where[f"{f}:3"]
    assert "JSON object" in where[f"{f}:4"]
    assert "must be a string" in where[f"{f}:5"]


def test_stdin_is_sniffed():
    corpus = read(["-"], stdin=io.BytesIO(b"<html><body><p>From a pipe.</p></body></html>"))
    assert corpus.articles[0].id == "stdin" and corpus.articles[0].format == "html"
    corpus = read(["-"], stdin=io.BytesIO(b'{"id": "s1", "text": "Piped JSONL."}\n'))
    assert corpus.articles[0].id == "s1"


def test_duplicate_ids_are_made_unique(tmp_path):
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(f"Text {d}.", encoding="utf-8")
    assert [a.id for a in read([tmp_path]).articles] == ["story", "story-2"]


@pytest.mark.parametrize("text,fmt", [
    ("<!DOCTYPE html><html>", "html"), ("  <div>x</div>", "html"), ('{"text": "a"}', "jsonl"),
    ("Plain words < here.", "text"),
])
def test_sniff_format(text, fmt):
    assert sniff_format(text) == fmt


def test_decode_rejects_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")


def test_cyrillic_single_byte_is_not_mistaken_for_western(tmp_path):
    text = "Пограничная служба Таджикистана сообщила, что более тысячи военных пересекли границу. " * 2
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    assert read([tmp_path / "ru.txt"]).articles[0].raw == text


def test_made_up_ids_do_not_collide_with_real_ones(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"id": "a", "text": "One."}\n{"id": "a-2", "text": "Two."}\n{"id": "a", "text": "Three."}\n',
                 encoding="utf-8")
    assert [a.id for a in read([f]).articles] == ["a", "a-2", "a-3"]
