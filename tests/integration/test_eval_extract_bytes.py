"""``newsfuse eval extract`` hands every system the page's raw bytes; pages in legacy
encodings (windows-1252, Shift-JIS) must reach newsfuse intact, and ``part`` splits the
pages into the held-back fifth and the rest."""

import gzip
import json
from pathlib import Path

import pytest

from newsfuse.evaluation import held_back
from newsfuse.evaluation.extraction import load_pages, run_extract
from newsfuse.ingest import decode
from tests.helpers import cli


WESTERN = [
    "The Café Lumière on the harbour front reopened on Monday after a naïve plan to move it inland "
    "was dropped by the council, its owner said.",
    "Tickets for the reopening concert cost 50 € each, and the first 200 sold out within an hour, "
    "according to the organisers — who had expected a quieter start.",
    "The façade was repaired over the winter; the old crème brûlée recipe stays on the menu, "
    "the owner added, because regulars would not forgive him otherwise.",
]
JAPANESE = [
    "東京都は十日、台風の接近に伴い、沿岸部の住民約三千人に避難指示を出したと発表した。",
    "気象庁によると、台風は今夜遅くに関東地方に最も接近する見込みで、交通機関にも大きな影響が出ている。",
    "都の担当者は「早めの避難を心がけてほしい」と話しており、避難所は市内の学校など四十か所に開設された。",
]


def _html(title: str, paragraphs: list[str], charset: str, lang: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<aside><h3>Most read</h3><ul><li><a href='/a'>Other story one</a></li>"
            f"<li><a href='/b'>Other story two</a></li></ul></aside>"
            f"<footer>Copyright Example Times 2024. All rights reserved.</footer></body></html>")


PAGES = {
    "cafe": (_html("Café Lumière reopens", WESTERN, "windows-1252", "en"), "cp1252", WESTERN),
    "typhoon": (_html("台風接近で避難指示", JAPANESE, "Shift_JIS", "ja"), "shift_jis", JAPANESE),
}


def _write(folder: Path, pages: dict[str, tuple[bytes, list[str]]]) -> Path:
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id, (raw, paragraphs) in pages.items():
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(raw))
        truth[page_id] = {"articleBody": "\n".join(paragraphs)}
    (folder / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def legacy(tmp_path):
    return _write(tmp_path / "legacy", {page_id: (html.encode(encoding), paras)
                                        for page_id, (html, encoding, paras) in PAGES.items()})


def test_pages_are_legacy_encoded_and_handed_over_as_bytes(legacy):
    """The fixture really is not UTF-8, and load_pages gives the decompressed bytes untouched."""
    pages = load_pages(legacy)
    assert [page_id for page_id, _, _ in pages] == ["cafe", "typhoon"]
    for page_id, raw, _ in pages:
        html, encoding, _ = PAGES[page_id]
        assert isinstance(raw, bytes) and raw == html.encode(encoding)
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


@pytest.mark.parametrize("page_id", sorted(PAGES))
def test_ingest_decode_reads_the_declared_charset(page_id):
    html, encoding, paragraphs = PAGES[page_id]
    text = decode(html.encode(encoding), page_id, html=True)
    assert text == html
    assert "\ufffd" not in text and all(p in text for p in paragraphs)


def test_newsfuse_gets_legacy_pages_intact(legacy):
    outputs: dict = {}
    result = run_extract(legacy, "html", systems=["newsfuse"], outputs=outputs)
    ours = outputs["newsfuse"]
    assert "\ufffd" not in ours["cafe"] + ours["typhoon"]
    for word in ("Café", "Lumière", "naïve", "50 €", "façade", "crème brûlée", "—"):
        assert word in ours["cafe"], word
    for word in ("東京都", "避難指示", "気象庁", "台風", "「早めの避難を心がけてほしい」"):
        assert word in ours["typhoon"], word
    assert "Most read" not in ours["cafe"] and "All rights reserved" not in ours["cafe"]
    assert result["systems"]["newsfuse"]["f1"] > 0.9
    assert result["part"] == "all" and result["n_pages"] == 2


def test_text_mode_decodes_with_newsfuse_decoder(legacy):
    outputs: dict = {}
    run_extract(legacy, "text", systems=["unfiltered"], outputs=outputs)
    given = outputs["unfiltered"]  # the visible text every text-mode system gets
    assert "naïve" in given["cafe"] and "50 €" in given["cafe"]
    assert "気象庁" in given["typhoon"]
    assert "\ufffd" not in given["cafe"] + given["typhoon"]


def test_peers_get_bytes_and_read_the_meta_charset(legacy):
    """readability-lxml and jusText decode by the page's meta charset, so they too read both pages."""
    pytest.importorskip("readability")
    pytest.importorskip("justext")
    outputs: dict = {}
    run_extract(legacy, "html", systems=["readability-lxml", "justext"], outputs=outputs)
    assert "naïve" in outputs["readability-lxml"]["cafe"] and "50 €" in outputs["readability-lxml"]["cafe"]
    assert "気象庁" in outputs["readability-lxml"]["typhoon"]
    import justext  # its classifier drops these short pages, so check what it decoded, paragraph by paragraph

    for page_id, (html, encoding, paragraphs) in PAGES.items():
        decoded = [p.text for p in justext.justext(html.encode(encoding), justext.get_stoplist("English"))]
        assert all(p in decoded for p in paragraphs), page_id


@pytest.fixture
def many(tmp_path):
    pages = {}
    for i in range(30):
        paras = [f"Story {i}: the harbour authority in Varnholm said repairs to the sea wall would take until "
                 f"the end of the month, and ferries would run to a reduced timetable meanwhile."]
        pages[f"page-{i:02d}"] = (_html(f"Story {i}", paras, "utf-8", "en").encode(), paras)
    return _write(tmp_path / "many", pages)


def test_parts_split_the_pages(many):
    every = {page_id for page_id, _, _ in load_pages(many)}
    held = {page_id for page_id, _, _ in load_pages(many, part="held-back")}
    rest = {page_id for page_id, _, _ in load_pages(many, part="rest")}
    assert held and rest
    assert held.isdisjoint(rest) and held | rest == every and len(every) == 30
    assert held == {page_id for page_id in every if held_back(page_id)}
    assert [p for p, _, _ in load_pages(many, limit=2, part="rest")] == sorted(rest)[:2]  # limit after the part


def test_run_extract_reports_the_part(many):
    held = run_extract(many, "html", systems=["newsfuse"], part="held-back")
    rest = run_extract(many, "html", systems=["newsfuse"], part="rest")
    assert held["part"] == "held-back" and rest["part"] == "rest"
    assert held["n_pages"] + rest["n_pages"] == 30
    with pytest.raises(ValueError, match="part"):
        run_extract(many, "html", systems=["newsfuse"], part="heldback")


def test_cli_part_in_table_and_bad_part(many):
    result = cli("eval", "extract", "--data", many, "--part", "held-back")
    assert result.exit_code == 0, result.stderr
    n = sum(held_back(f"page-{i:02d}") for i in range(30))
    assert result.stdout.splitlines()[0] == f"{n} pages (held-back part), mode html"
    bad = cli("eval", "extract", "--data", many, "--part", "some")
    assert bad.exit_code == 2 and "--part" in bad.stderr
