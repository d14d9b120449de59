"""The REST API and pages through FastAPI's test client; a real uvicorn server as a user starts it
(`newsfuse serve`) is tests/e2e/test_server.py."""

import json

import pytest
from fastapi.testclient import TestClient

from newsfuse import service
from newsfuse.config import Config
from newsfuse.store import Store
from tests.helpers import cli

LOCAL = "http://127.0.0.1:8000"  # a server on localhost answers only to loopback names
EVIL = "<script>window.pwned = 1</script>"
NEW_FLOOD = ("The Elsin river in Varnholm fell below the flood barrier on Friday, and the 2,400 residents evacuated "
             "on Tuesday began to return home, the regional flood authority said. Engineers will inspect the breached "
             "barrier next week, the authority added.")


@pytest.fixture
def client(store_copy):
    from newsfuse.server import create_app

    with TestClient(create_app(store_copy), base_url=LOCAL) as c:
        yield c


def _story(client) -> int:
    (story,) = client.get("/api/stories").json()["stories"]
    return story["id"]


def test_stories_list_and_filters(client):
    r = client.get("/api/stories")
    assert r.status_code == 200
    (story,) = r.json()["stories"]
    assert set(story) == {"id", "title", "n_articles", "n_sources", "first_seen", "last_seen",
                          "language", "languages"}
    assert story["n_articles"] == 5
    assert client.get("/api/stories", params={"q": "barrier"}).json()["stories"][0]["id"] == story["id"]
    assert client.get("/api/stories", params={"q": "volcano"}).json() == {"stories": [], "total": 0, "next": None}
    assert client.get("/api/stories", params={"since": "2099-01-01"}).json()["stories"] == []
    bad = client.get("/api/stories", params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["error"]
    for since in ("notadate", "2019-13-45"):
        bad = client.get("/api/stories", params={"since": since})
        assert bad.status_code == 422 and bad.json()["error"].startswith(f"since: {since!r} is not a date")
    bad = client.get("/api/stories", params={"after": "x"})
    assert bad.status_code == 422 and bad.json()["error"].startswith("after:")


def test_story_brief_is_the_cli_json_and_has_other_formats(client, example_store):
    story = _story(client)
    r = client.get(f"/api/stories/{story}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    done = cli("brief", "--story", story, "--store", example_store, "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert r.json() == json.loads(done.stdout)  # exactly what `newsfuse brief --format json` prints
    md = client.get(f"/api/stories/{story}", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# ")
    page = client.get(f"/api/stories/{story}", params={"format": "html"})
    assert page.text.startswith("<!doctype html>")
    assert client.get(f"/api/stories/{story}", params={"format": "pdf"}).status_code == 422
    missing = client.get("/api/stories/999")
    assert missing.status_code == 404 and missing.json() == {"error": "no story 999"}
    assert client.get("/api/stories/abc").status_code == 422


def test_add_an_article_to_its_story_and_read_remove_it(client):
    story = _story(client)
    r = client.post("/api/articles", json={"id": "return", "title": "Varnholm residents return as the Elsin falls",
                                           "text": NEW_FLOOD, "source": "Harbour Gazette"})
    assert r.status_code == 201
    (added,) = r.json()["articles"]
    assert added == {"status": "added", "article": "return", "story": story}
    brief = client.get(f"/api/stories/{story}").json()
    assert "return" in [a["id"] for a in brief["articles"]]  # the cached brief was made again
    got = client.get("/api/articles/return").json()
    assert got["story"] == story and got["article"]["source"] == "Harbour Gazette"
    assert got["article"]["text"].startswith("The Elsin river") and "removed" in got["article"]
    again = client.post("/api/articles", json={"text": NEW_FLOOD})
    assert again.status_code == 200
    duplicate = again.json()["articles"][0]
    assert duplicate == {"status": "duplicate", "article": duplicate["article"], "story": story,
                         "duplicate_of": "return", "why": "the same text"}
    assert duplicate["article"].startswith("text-")  # from its content: never another text's id
    assert client.delete("/api/articles/return").json() == {"removed": "return", "story": story}
    assert client.get("/api/articles/return").status_code == 404
    assert "return" not in [a["id"] for a in client.get(f"/api/stories/{story}").json()["articles"]]
    assert client.delete("/api/articles/return").status_code == 404


def test_post_lists_html_and_text_bodies_and_bad_ones(client):
    r = client.post("/api/articles", json=[
        {"id": "museum", "text": "The Oslo city museum reopened on Saturday after a two-year renovation of its "
                                 "galleries, its director said."},
        {"id": "empty"}])
    assert r.status_code == 201
    ok, unread = r.json()["articles"]
    assert ok["status"] == "added" and unread["status"] == "skipped" and "text" in unread["error"]
    page = "<html><head><title>Ferry strike ends</title></head><body><article><p>" + \
           "The ferry strike in Bergen ended on Monday after unions and the port agreed a new timetable. " * 3 + \
           "</p></article></body></html>"
    html = client.post("/api/articles", content=page, headers={"content-type": "text/html"},
                       params={"source": "Bergen Tidende"})
    assert html.status_code == 201
    assert client.get(f"/api/articles/{html.json()['articles'][0]['article']}").json()["article"]["source"] == \
        "Bergen Tidende"
    text = client.post("/api/articles", content="A wildfire burned 400 hectares near Valencia on Sunday.",
                       headers={"content-type": "text/plain"}, params={"title": "Wildfire near Valencia"})
    assert text.status_code == 201
    assert client.post("/api/articles", content="{not json", headers={"content-type": "application/json"}
                       ).status_code == 400
    assert client.post("/api/articles", json=[1, 2]).status_code == 422
    assert client.post("/api/articles", json={"title": ""}).status_code == 422  # nothing could be read
    assert client.post("/api/articles", content=b"x", headers={"content-type": "image/png"}).status_code == 415


def test_search(client):
    r = client.get("/api/search", params={"q": "flood barrier"})
    assert r.status_code == 200 and r.json()["results"]
    assert {"id", "title", "source", "story", "snippet"} <= set(r.json()["results"][0])
    assert client.get("/api/search").status_code == 422


def test_oversize_bodies_are_refused(store_copy):
    from newsfuse.server import create_app

    config = Config().set({"serve.max_body_bytes": 1000})
    with TestClient(create_app(store_copy, config), base_url=LOCAL) as c:
        r = c.post("/api/articles", json={"text": "word " * 1000})
        assert r.status_code == 413 and "limit" in r.json()["error"]

        def chunks():  # no Content-Length: the stream itself is counted
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/api/articles", content=chunks(), headers={"content-type": "text/plain"})
        assert r.status_code == 413


def test_writes_need_the_token_when_one_is_set(store_copy):
    from newsfuse.server import create_app

    with TestClient(create_app(store_copy, token="s3cret"), base_url=LOCAL) as c:
        r = c.post("/api/articles", json={"text": NEW_FLOOD})
        assert r.status_code == 401 and "token" in r.json()["error"]
        assert c.delete("/api/articles/northern-ledger").status_code == 401
        assert c.post("/add", data={"body": NEW_FLOOD}).status_code == 401
        assert c.get("/api/stories").status_code == 200  # reading needs none
        ok = c.post("/api/articles", json={"text": NEW_FLOOD}, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 201


def test_untrusted_text_is_escaped_on_every_page(client):
    r = client.post("/api/articles", json={"id": "evil", "title": f"Flood {EVIL}", "source": f"Evil {EVIL}",
                                           "url": "javascript:alert(1)", "text": f"{NEW_FLOOD} {EVIL}"})
    story = r.json()["articles"][0]["story"]
    for path in ["/", f"/stories/{story}", f"/api/stories/{story}?format=html", "/?q=flood"]:
        page = client.get(path).text
        assert EVIL not in page, path
    page = client.get(f"/stories/{story}").text
    assert "&lt;script&gt;" in page and 'href="javascript:' not in page


def test_pages(client):
    story = _story(client)
    home = client.get("/")
    assert home.status_code == 200 and f'href="/stories/{story}"' in home.text
    page = client.get(f"/stories/{story}")
    assert page.status_code == 200
    for heading in ["Where the sources differ", "What the sources agree on", "Coverage", "What each outlet alone adds",
                    "The articles"]:
        assert heading in page.text, heading
    assert 'class="cite"' in page.text and "<svg" in page.text
    assert client.get("/stories/999").status_code == 404
    assert "no story 999" in client.get("/stories/999").text
    assert client.get("/add").status_code == 200
    added = client.post("/add", data={"body": NEW_FLOOD, "title": "Residents return", "source": "Coast FM"})
    assert added.status_code == 201 and f'href="/stories/{story}"' in added.text
    upload = client.post("/add", files=[("files", ("../../etc/passwd.jsonl", b'{"text": "The museum reopened in '
                                                   b'Oslo on Saturday after renovation."}\nnot json\n'))])
    assert upload.status_code == 201
    assert "passwd:1" in upload.text and "Could not read passwd.jsonl:2" in upload.text  # the name is only a label
    assert client.post("/add", data={}).status_code == 422
    assert client.get("/docs").status_code == 200 and "/api/stories" in client.get("/openapi.json").text


def test_story_page_folds_long_citation_runs(example_store):
    """60 outlets on one fact: the marks after the first few fold into "+N"."""
    from newsfuse.server.views import StoryPage

    with Store(example_store) as s:
        (story,) = s.stories()
        brief, prepared = service.brief(s, story["id"]), s.articles(story["id"])
    page = StoryPage(story, brief, prepared, fold_after=4)
    many = [a.id for a in brief.articles] * 12
    run = page.cites(many)
    assert len(run.shown) == 4 and len(run.folded) == 56
    assert len(page.cites(many[:5]).folded) == 0  # "+1" would save nothing
