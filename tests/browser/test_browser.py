"""The web app in headless Chromium (Debian's, driven by Playwright), against a real
`newsfuse serve`. Screenshots of the story page go to build/screenshots/ (or
$NEWSFUSE_SCREENSHOTS): look at them."""

import os
import shutil
from pathlib import Path

import httpx
import pytest

from newsfuse.config import Config
from newsfuse.service import ingest
from newsfuse.store import Store
from tests.conftest import EXAMPLE, ROOT, serving

SHOTS = Path(os.environ.get("NEWSFUSE_SCREENSHOTS", ROOT / "build" / "screenshots"))
EVIL = "<script>window.pwned = 1</script>"
PASTED = ("Varnholm's harbour road reopened on Saturday after the Elsin river fell back below the breached flood "
          "barrier, the regional flood authority said, and most of the 2,400 evacuated residents were home.")


def _chromium() -> str:
    found = os.environ.get("NEWSFUSE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium not found: `make test` installs Debian's chromium package (or set NEWSFUSE_CHROMIUM)")
    return found


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server over a store holding the bundled example (one story, analysed)."""
    path = tmp_path_factory.mktemp("browser") / "s.db"
    with Store(path) as store:
        list(ingest(store, [EXAMPLE]))
    with serving(path) as base:
        yield base


def _story_id(base: str) -> int:
    return httpx.get(base + "/api/stories").json()["stories"][0]["id"]


def test_story_list_story_and_citation(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    link = page.locator("table.stories a").first
    assert "Varnholm" in link.inner_text()
    link.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("section.brief p").count() >= 2
    cite = page.locator("section.brief .cite").first
    pop = cite.locator(".pop")
    assert not pop.is_visible()
    cite.hover()
    pop.wait_for(state="visible")
    quote = pop.inner_text()
    # the popover shows the cited sentence of that article, as the article has it
    article_id = cite.get_attribute("data-article")
    cited = httpx.get(f"{site}/api/articles/{article_id}").json()["sentences"]
    assert any(sentence in quote for sentence in cited)
    page.mouse.move(0, 0)
    page.locator("section.brief .cite").nth(1).click()  # a click (or a tap) opens it too
    assert page.locator("section.brief .cite").nth(1).locator(".pop").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "story-desktop.png"), full_page=True)
    page.close()


def test_story_page_on_a_phone(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{site}/stories/{_story_id(site)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
    matrix = page.locator(".matrix")
    assert matrix.evaluate("m => m.scrollWidth > m.clientWidth")  # the picture scrolls inside itself
    cite = page.locator("section.brief .cite").last
    cite.tap()  # a tap shows the sentence in a sheet at the bottom, inside the screen
    box = cite.locator(".pop").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    page.screenshot(path=str(SHOTS / "story-phone.png"), full_page=True)
    page.close()


def test_paste_an_article_and_see_it_in_its_story(browser, site):
    page = browser.new_page()
    page.goto(site + "/add")
    page.fill("textarea[name=body]", PASTED)
    page.fill("input[name=title]", "Varnholm harbour road reopens")
    page.fill("input[name=source]", "Fjord Radio")
    page.click("input[type=submit]")
    result = page.locator("ul.results li").first
    assert "Added" in result.inner_text()
    result.locator("a").click()
    page.wait_for_url("**/stories/*")
    assert "Fjord Radio" in page.locator("ol.articles").inner_text()
    assert "Varnholm" in page.locator("h1").inner_text()
    page.close()


def test_a_script_in_an_article_is_shown_as_text(browser, site):
    r = httpx.post(site + "/api/articles", json={
        "title": f"Ferry strike {EVIL}", "source": f"Port {EVIL}",
        "text": f"The ferry strike in Bergen ended on Monday, the port said. {EVIL} Unions agreed a timetable."})
    story = r.json()["articles"][0]["story"]
    page = browser.new_page()
    page.goto(f"{site}/stories/{story}")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "<script>" in page.locator("h1").inner_text()  # shown, not run
    page.goto(site + "/")
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.close()


def test_sixty_outlets_stay_readable(browser, tmp_path):
    """One story from 60 outlets: citation runs fold into "+N", nothing spills sideways."""
    base = ("The Elsin river broke through the flood barrier in Varnholm on Tuesday night and 2,400 residents "
            "were evacuated, the regional flood authority said.")
    records = [{"id": f"o{i}", "source": f"Outlet number {i}", "title": f"Varnholm flood report {i}",
                "text": f"{base} Reporter {i} spoke to residents at shelter {i}."} for i in range(60)]
    config = Config().set({"analyse.enabled": False})
    path = tmp_path / "many.db"
    with Store(path, config) as store:
        assert {r.story for r in ingest(store, records, config)} == {1}
    with serving(path, "--set", "analyse.enabled=false") as site:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{site}/stories/1")
        first = page.locator("section.brief p").first
        fold = first.locator("button.fold")
        assert fold.inner_text() == "+56" and first.locator(".cite:visible").count() == 4
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
        fold.click()
        assert first.locator(".cite:visible").count() == 60
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
        page.screenshot(path=str(SHOTS / "story-sixty-outlets-phone.png"), full_page=False)
        page.close()


def test_a_citation_pop_up_at_the_end_of_a_line_stays_in_the_window(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/stories/{_story_id(site)}")
    marks = page.locator("section.brief .cite")
    rights = [marks.nth(i).bounding_box()["x"] + marks.nth(i).bounding_box()["width"] for i in range(marks.count())]
    last = marks.nth(rights.index(max(rights)))
    assert max(rights) > 1280 - 416  # the mark ends a line: a pop-up as wide as it is would overflow
    last.hover()
    pop = last.locator(".pop")
    pop.wait_for(state="visible")
    page.wait_for_timeout(100)  # placed on the next frame
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    page.close()
