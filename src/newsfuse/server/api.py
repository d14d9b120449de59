"""The REST API (``/api``): stories, their briefs, articles and search, as JSON."""

from __future__ import annotations

import json

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from newsfuse.ingest import InputError, decode
from newsfuse.server.deps import Served, moved, served
from newsfuse.store import outcome

ARTICLE_SCHEMA = {"type": "object", "description": "one article: `text` or `html` (or a `title` alone)",
                  "properties": {k: {"type": "string"} for k in
                                 ("id", "title", "text", "html", "url", "source", "published")}}

router = APIRouter(prefix="/api")


@router.get("/stories", tags=["stories"])
def list_stories(request: Request,
                 q: str | None = Query(None, description="full-text query over the stories' articles"),
                 since: str | None = Query(None, description="stories with an article published since: an ISO "
                                                             "date, today, yesterday or 7d"),
                 limit: int = Query(50, ge=1, le=1000, description="stories per page"),
                 after: str | None = Query(None, description="the `next` cursor of the page before"),
                 app: Served = Depends(served)) -> dict:
    """Stories, newest article first (stories without a dated article last), a page at a
    time: `total` counts all that match, `next` is the URL of the next page (null on the last)."""
    page = app.list_page(since, limit, q, after)
    following = str(request.url.include_query_params(after=page.next)) if page.next else None
    return {"stories": page.stories, "total": page.total, "next": following}


@router.get("/stories/{story_id}", tags=["stories"],
            responses={200: {"content": {"application/json": {}, "text/markdown": {}, "text/html": {}}}})
async def get_story(request: Request, story_id: int, format: str = Query("json", pattern="^(json|md|html)$"),
                    app: Served = Depends(served)) -> Response:
    """The story's brief: the JSON of `newsfuse brief --format json`, or Markdown or HTML.
    A story merged into another (`newsfuse consolidate`) answers 308 to the one kept."""
    with app.reader() as s:  # a cached brief is one indexed read: served without leaving the event loop
        text = s.cached_brief_json(story_id) if format == "json" else None
        kept = s.resolve(story_id) if text is None else story_id
    if kept != story_id:
        return moved(request, f"/api/stories/{kept}")
    if format == "json":
        if text is None:
            text = await anyio.to_thread.run_sync(app.make_brief, story_id, "json")
        return Response(text, media_type="application/json")
    text = await anyio.to_thread.run_sync(app.make_brief, story_id, format)
    media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
    return Response(text, media_type=media[format])


@router.post("/articles", status_code=201, tags=["articles"], openapi_extra={"requestBody": {"content": {
    "application/json": {"schema": {"oneOf": [ARTICLE_SCHEMA, {"type": "array", "items": ARTICLE_SCHEMA}]}},
    "text/html": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}}})
async def post_articles(request: Request, title: str | None = None, source: str | None = None,
                        url: str | None = None, published: str | None = None,
                        app: Served = Depends(served)) -> JSONResponse:
    """Add one article or a list: JSON with the JSONL fields (`title`, `text` or `html`,
    `url`, `source`, `published`, `id`), or an HTML or plain-text body (its title, source,
    URL and date as query parameters). 201 when one was added; 200 when all were already
    there; 422 when none could be read."""
    app.authorised(request)
    body = await request.body()
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    meta = {k: v for k, v in (("title", title), ("source", source), ("url", url), ("published", published)) if v}
    if kind in ("text/html", "text/plain"):
        try:
            text = decode(body, "the request body", html=kind == "text/html")
        except InputError as e:
            raise HTTPException(400, f"{e.input}: {e.problem}") from None
        records = [{**meta, ("html" if kind == "text/html" else "text"): text}]
    elif kind in ("application/json", ""):
        try:
            data = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise HTTPException(400, f"the body is not JSON ({e})") from None
        records = data if isinstance(data, list) else [data]
        if not records or not all(isinstance(r, dict) for r in records):
            raise HTTPException(422, "expected a JSON object or a non-empty list of objects")
    else:
        raise HTTPException(415, f"cannot read a body of type {kind!r}: send application/json, text/html "
                                 "or text/plain")
    results = await anyio.to_thread.run_sync(app.add, records)
    out = [outcome(r) for r in results]  # as `newsfuse ingest --json` prints them
    added = any(r["status"] == "added" for r in out)
    unread = all(r["status"] == "skipped" for r in out)
    return JSONResponse({"articles": out}, status_code=201 if added else 422 if unread else 200)


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(article_id: str, app: Served = Depends(served)) -> dict:
    """The article cleaned, with what was removed and why, and its story."""
    with app.reader() as s:
        try:
            prepared, story = s.article(article_id)
        except KeyError:
            raise HTTPException(404, f"no article {article_id!r}") from None
    article = prepared.article.to_dict()
    article.pop("raw", None)
    return {"article": article, "story": story, "sentences": [x.text for x in prepared.sentences]}


@router.delete("/articles/{article_id}", tags=["articles"])
def delete_article(article_id: str, request: Request, app: Served = Depends(served)) -> dict:
    """Remove an article; its story's brief is made again when next asked for."""
    app.authorised(request)
    return {"removed": article_id, "story": app.remove(article_id)}


@router.get("/search", tags=["search"])
def search(q: str = Query(..., min_length=1, description="words to find"),
           limit: int = Query(20, ge=1, le=200), app: Served = Depends(served)) -> dict:
    """Articles matching the words, best first, with their stories."""
    with app.reader() as s:
        return {"results": s.search(q, limit)}
