"""The web pages: the story list, a story, the form that adds articles; rendered by one
Jinja environment that escapes everything it prints (article text is untrusted)."""

from __future__ import annotations

from pathlib import PurePath

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from newsfuse import service
from newsfuse.ingest import InputError, decode, jsonl_records, sniff_format
from newsfuse.model import Article, Skipped
from newsfuse.report import environment
from newsfuse.server.deps import Served, moved, served
from newsfuse.server.views import StoryPage
from newsfuse.store import outcome

LIST_PAGE = 100  # stories on a page of the list

templates = Jinja2Templates(env=environment())  # the one environment the HTML report uses too

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: str | None = None, since: str | None = None, after: str | None = None,
          limit: int = Query(LIST_PAGE, ge=1, le=1000), start: int = Query(1, ge=1), app: Served = Depends(served)):
    page = app.list_page(since, limit, q, after)
    following = str(request.url.include_query_params(after=page.next, start=start + len(page.stories))) \
        if page.next else None
    first = str(request.url.remove_query_params(["after", "start"])) if after else None
    with app.reader() as s:
        counts = s.counts()
    return templates.TemplateResponse(request, "index.html", {
        "stories": page.stories, "total": page.total, "start": start, "next": following, "first": first,
        "q": q or "", "since": since or "", "counts": counts})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int, app: Served = Depends(served)):
    with app.reader() as s:
        kept = s.resolve(story_id)
        if kept != story_id:
            return moved(request, f"/stories/{kept}")
        try:
            story = s.story(story_id)
            brief = service.brief(s, story_id)
            prepared = s.articles(story_id)
        except KeyError:
            raise HTTPException(404, f"no story {story_id}") from None
    page = StoryPage(story, brief, prepared, app.config.serve.page_sources)
    return templates.TemplateResponse(request, "story.html", {"page": page, "brief": brief, "story": story})


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request, app: Served = Depends(served)):
    return templates.TemplateResponse(request, "add.html", {"needs_token": bool(app.token)})


@router.post("/add", response_class=HTMLResponse)
async def add_form(request: Request, app: Served = Depends(served)):
    form = await request.form()
    app.authorised(request, str(form.get("token") or ""))
    meta = {k: str(form.get(k) or "").strip() for k in ("title", "source", "url", "published")}
    meta = {k: v for k, v in meta.items() if v}
    records: list[dict | Article] = []
    refused: list[Skipped] = []
    body = str(form.get("body") or "")
    if body.strip():
        records.append({**meta, "html" if sniff_format(body) == "html" else "text": body})
    for upload in form.getlist("files"):
        if not hasattr(upload, "read") or not upload.filename:
            continue
        for item in records_of_upload(upload.filename, await upload.read(), meta):
            (refused if isinstance(item, Skipped) else records).append(item)
    if not records and not refused:
        return templates.TemplateResponse(request, "add.html", {"needs_token": bool(app.token),
                                                                "error": "Paste an article or choose a file."},
                                          status_code=422)
    results = [outcome(r) for r in refused + (await anyio.to_thread.run_sync(app.add, records) if records else [])]
    return templates.TemplateResponse(request, "added.html", {"results": results},
                                      status_code=201 if any(r["status"] == "added" for r in results) else 200)


@router.get("/health")
def health() -> PlainTextResponse:
    return PlainTextResponse("ok")


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


def records_of_upload(filename: str, data: bytes, meta: dict) -> list[dict | Article | Skipped]:
    """What one uploaded file holds, by its name's ending: an article per JSONL line, or one
    HTML or text article; and what cannot be read. The name is only a label (its last part,
    as an id): nothing is read from or written to it."""
    name = PurePath(filename.replace("\\", "/")).name or "upload"
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    try:
        text = decode(data, name, html=suffix in (".html", ".htm"))
    except InputError as e:
        return [Skipped(e.input, e.problem)]
    if suffix in (".jsonl", ".ndjson"):
        return list(jsonl_records(text.splitlines(), stem, name))
    kind = "html" if suffix in (".html", ".htm") or sniff_format(text) == "html" else "text"
    return [{**meta, "id": stem, kind: text}]
