"""The web app and REST API over a store: a thin layer (arguments, I/O, errors), no logic
of its own. ``create_app`` builds it; ``newsfuse serve`` runs it on uvicorn.

Reads open their own connection to the store per request (WAL: never blocked by a
write); writes go through one store object under a lock, so articles are clustered one
at a time in arrival order. The NLP loads once, at start-up.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import threading
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path, PurePath

import anyio
import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse._version import __version__
from newsfuse.config import Config
from newsfuse.ingest import InputError, decode, jsonl_records
from newsfuse import service
from newsfuse.model import Article, Skipped
from newsfuse.dates import BadDate, in_words, parse_since
from newsfuse.language import name as language_name
from newsfuse.server.guard import LOOPBACK_NAMES, GuardHosts, allowed_hosts, json_error
from newsfuse.server.views import StoryPage, safe_url
from newsfuse.store import Added, Store, StoreError, outcome

HERE = Path(__file__).parent
ARTICLE_SCHEMA = {"type": "object", "description": "one article: `text` or `html` (or a `title` alone)",
                  "properties": {k: {"type": "string"} for k in
                                 ("id", "title", "text", "html", "url", "source", "published")}}
LOCAL_HOSTS = LOOPBACK_NAMES  # where serve listens without a token: the names the guard always answers to
LIST_PAGE = 100  # stories on a page of the list
RETRY_AFTER = 30  # seconds a client is told to wait while another process writes to the store


class BodyTooLarge(Exception):
    pass


class LimitBody:
    """ASGI middleware: a request body over ``limit`` bytes is refused with 413, whether it
    says its length up front or not (the stream is counted as it is read)."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _too_large(self.limit, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await _too_large(self.limit, send)


async def _too_large(limit: int, send) -> None:
    await json_error(send, 413, f"request body over the limit of {limit:,} bytes")


def create_app(store: str | Path, config: Config | None = None, token: str | None = None,
               annotator=None, host: str | None = None, ready=None) -> FastAPI:
    """The app over the store file ``store``. ``token``: required by every write (POST,
    DELETE) when set. ``annotator``: the parser, used in this process (default: spaCy, loaded
    at start-up in a worker process). ``host``: the address the server listens on, a name
    requests may give besides loopback ones (see :mod:`newsfuse.server.guard`). ``ready``:
    called once the app can answer (the model loaded)."""
    config = config or Config()
    store_path = Path(store)
    writer_lock = threading.Lock()
    state: dict = {"annotator": annotator}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with Store(store_path, config) as writer:  # opening runs the migrations; a bad file stops here
            state["writer"] = writer
            state["pool"] = None
            if config.analyse.enabled and state["annotator"] is None:
                # the parser runs in a process of its own, loaded now: parsing a new article holds
                # Python's lock for a tenth of a second, and readers must not wait for it
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                state["pool"] = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_start_worker, initargs=(config,))
                state["pool"].submit(_prepare, [], config).result()  # waits until the model is loaded
            if ready is not None:
                ready()
            schedule = None
            if config.serve.consolidate_minutes:
                import asyncio

                schedule = asyncio.get_running_loop().create_task(consolidating(config.serve.consolidate_minutes))
            try:
                yield
            finally:
                if schedule is not None:
                    schedule.cancel()
                if state["pool"]:
                    state["pool"].shutdown(cancel_futures=True)
                for store in opened:
                    store.close()
                opened.clear()

    async def consolidating(minutes: float) -> None:
        """`newsfuse consolidate` every ``minutes``, by the one writer, under its lock."""
        while True:
            await anyio.sleep(minutes * 60)
            await anyio.to_thread.run_sync(consolidate_now)

    def consolidate_now() -> None:
        import logging

        log = logging.getLogger("newsfuse.server")
        with writer_lock:
            try:
                latest = state["writer"].db.execute("SELECT max(n) FROM articles").fetchone()[0]
                if latest is None or latest == state.get("consolidated_upto"):
                    return  # nothing added since the last run: nothing to heal
                # the briefs of changed stories are made when a reader asks: the lock is not held for them
                done = service.consolidate(state["writer"], briefs=False)
                state["consolidated_upto"] = latest
            except Exception as e:  # noqa: BLE001 - a failed run is logged; the next one tries again
                log.warning("consolidation failed: %s: %s", type(e).__name__, e)
                return
        state["consolidated"] = done
        if done.merged or done.split:
            log.warning("consolidated %d articles: %d merged, %d split", done.articles, len(done.merged),
                        len(done.split))

    app = FastAPI(title="newsfuse", version=__version__, lifespan=lifespan,
                  description="Stories read across their sources: briefs with citations, agreements, "
                              "discrepancies, what each source alone adds.")
    app.add_middleware(LimitBody, limit=config.serve.max_body_bytes)
    # outermost: a request from another site or another name is refused before anything reads it
    app.add_middleware(GuardHosts, hosts=allowed_hosts(host, config.serve.allowed_hosts), has_token=bool(token))
    # every template escapes what it prints: article text is untrusted
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals["safe_url"] = safe_url
    env.globals["in_words"] = in_words
    env.globals["language_name"] = language_name
    pages = Jinja2Templates(env=env)

    # ---- helpers ---------------------------------------------------------------------------

    readers = threading.local()  # one reading connection per thread, kept: opening one per request costs more
    opened: list[Store] = []  # every thread's, closed at shutdown

    @contextmanager
    def reader():
        store = getattr(readers, "store", None)
        if store is None:
            store = readers.store = Store(store_path, config)
            opened.append(store)
        yield store

    def authorised(request: Request, form_token: str | None = None) -> None:
        if not token:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or form_token or ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this server takes articles only with its token "
                                     "(header 'Authorization: Bearer TOKEN')")

    def add(records: list[dict | Article]) -> list[Added | Skipped]:
        """Prepare each record (in the worker process, when there is one), then add it to the
        store under the writer's lock; one result per record, in the order given."""
        out: list[Added | Skipped] = []
        for record in records:
            done = state["pool"].submit(_prepare, [record], config).result() if state["pool"] else \
                _prepare([record], config, state["annotator"])
            out += done.skipped
            for prepared in done.articles:
                with writer_lock:
                    try:
                        out.append(state["writer"].add(prepared))
                    except StoreError as e:
                        raise busy(e) from None
                    except Exception as e:  # noqa: BLE001 - one article that cannot be stored: said, not fatal
                        out.append(Skipped(prepared.article.origin or prepared.id,
                                           f"could not be stored ({type(e).__name__}: {e})"))
        return out

    def moved(request: Request, path: str) -> RedirectResponse:
        """308 to where a merged story's id leads now, the query string kept."""
        return RedirectResponse(path + (f"?{request.url.query}" if request.url.query else ""), status_code=308)

    def busy(e: StoreError) -> HTTPException:
        """503: another process (a `newsfuse ingest`) is writing to the store; try again later."""
        return HTTPException(503, str(e), headers={"Retry-After": str(RETRY_AFTER)})

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.TemplateResponse(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": problems}, status_code=422)

    # ---- REST API ----------------------------------------------------------------------------

    def list_page(since: str | None, limit: int, q: str | None, after: str | None):
        """One page of the story list; a bad date or cursor is a 422 naming its parameter."""
        try:
            day = parse_since(since) if since else None
        except BadDate as e:
            raise HTTPException(422, f"since: {e}") from None
        with reader() as s:
            try:
                return s.page(since=day, limit=limit, query=q or None, after=after or None, members=False)
            except ValueError as e:
                raise HTTPException(422, f"after: {e}") from None

    @app.get("/api/stories", tags=["stories"])
    def list_stories(request: Request,
                     q: str | None = Query(None, description="full-text query over the stories' articles"),
                     since: str | None = Query(None, description="stories with an article published since: an ISO "
                                                                 "date, today, yesterday or 7d"),
                     limit: int = Query(50, ge=1, le=1000, description="stories per page"),
                     after: str | None = Query(None, description="the `next` cursor of the page before")) -> dict:
        """Stories, newest article first (stories without a dated article last), a page at a
        time: `total` counts all that match, `next` is the URL of the next page (null on the last)."""
        page = list_page(since, limit, q, after)
        following = str(request.url.include_query_params(after=page.next)) if page.next else None
        return {"stories": page.stories, "total": page.total, "next": following}

    @app.get("/api/stories/{story_id}", tags=["stories"],
             responses={200: {"content": {"application/json": {}, "text/markdown": {}, "text/html": {}}}})
    async def get_story(request: Request, story_id: int,
                        format: str = Query("json", pattern="^(json|md|html)$")) -> Response:
        """The story's brief: the JSON of `newsfuse brief --format json`, or Markdown or HTML.
        A story merged into another (`newsfuse consolidate`) answers 308 to the one kept."""
        with reader() as s:  # a cached brief is one indexed read: served without leaving the event loop
            text = s.cached_brief_json(story_id) if format == "json" else None
            kept = s.resolve(story_id) if text is None else story_id
        if kept != story_id:
            return moved(request, f"/api/stories/{kept}")
        if format == "json":
            if text is None:
                text = await anyio.to_thread.run_sync(make_brief, story_id, "json")
            return Response(text, media_type="application/json")
        text = await anyio.to_thread.run_sync(make_brief, story_id, format)
        media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
        return Response(text, media_type=media[format])

    def make_brief(story_id: int, format: str) -> str:
        from newsfuse.report import render

        with reader() as s:
            try:
                return service.brief_json(s, story_id) if format == "json" else render(service.brief(s, story_id), format)
            except KeyError:
                raise HTTPException(404, f"no story {story_id}") from None

    @app.post("/api/articles", status_code=201, tags=["articles"], openapi_extra={"requestBody": {"content": {
        "application/json": {"schema": {"oneOf": [ARTICLE_SCHEMA, {"type": "array", "items": ARTICLE_SCHEMA}]}},
        "text/html": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}}})
    async def post_articles(request: Request, title: str | None = None, source: str | None = None,
                            url: str | None = None, published: str | None = None) -> JSONResponse:
        """Add one article or a list: JSON with the JSONL fields (`title`, `text` or `html`,
        `url`, `source`, `published`, `id`), or an HTML or plain-text body (its title, source,
        URL and date as query parameters). 201 when one was added; 200 when all were already
        there; 422 when none could be read."""
        authorised(request)
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
        results = await anyio.to_thread.run_sync(add, records)
        out = [outcome(r) for r in results]  # as `newsfuse ingest --json` prints them
        added = any(r["status"] == "added" for r in out)
        unread = all(r["status"] == "skipped" for r in out)
        return JSONResponse({"articles": out}, status_code=201 if added else 422 if unread else 200)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str) -> dict:
        """The article cleaned, with what was removed and why, and its story."""
        with reader() as s:
            try:
                prepared, story = s.article(article_id)
            except KeyError:
                raise HTTPException(404, f"no article {article_id!r}") from None
        article = prepared.article.to_dict()
        article.pop("raw", None)
        return {"article": article, "story": story, "sentences": [x.text for x in prepared.sentences]}

    @app.delete("/api/articles/{article_id}", tags=["articles"])
    def delete_article(article_id: str, request: Request) -> dict:
        """Remove an article; its story's brief is made again when next asked for."""
        authorised(request)
        with writer_lock:
            try:
                story = state["writer"].remove(article_id)
            except KeyError:
                raise HTTPException(404, f"no article {article_id!r}") from None
            except StoreError as e:
                raise busy(e) from None
        return {"removed": article_id, "story": story}

    @app.get("/api/search", tags=["search"])
    def search(q: str = Query(..., min_length=1, description="words to find"),
               limit: int = Query(20, ge=1, le=200)) -> dict:
        """Articles matching the words, best first, with their stories."""
        with reader() as s:
            return {"results": s.search(q, limit)}

    # ---- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: str | None = None, since: str | None = None, after: str | None = None,
              limit: int = Query(LIST_PAGE, ge=1, le=1000), start: int = Query(1, ge=1)):
        page = list_page(since, limit, q, after)
        following = str(request.url.include_query_params(after=page.next, start=start + len(page.stories))) \
            if page.next else None
        first = str(request.url.remove_query_params(["after", "start"])) if after else None
        with reader() as s:
            counts = s.counts()
        return pages.TemplateResponse(request, "index.html", {
            "stories": page.stories, "total": page.total, "start": start, "next": following, "first": first,
            "q": q or "", "since": since or "", "counts": counts})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: int):
        with reader() as s:
            kept = s.resolve(story_id)
            if kept != story_id:
                return moved(request, f"/stories/{kept}")
            try:
                story = s.story(story_id)
                brief = service.brief(s, story_id)
                prepared = s.articles(story_id)
            except KeyError:
                raise HTTPException(404, f"no story {story_id}") from None
        page = StoryPage(story, brief, prepared, config.serve.page_sources)
        return pages.TemplateResponse(request, "story.html", {"page": page, "brief": brief, "story": story})

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request):
        return pages.TemplateResponse(request, "add.html", {"needs_token": bool(token)})

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_form(request: Request):
        form = await request.form()
        authorised(request, str(form.get("token") or ""))
        meta = {k: str(form.get(k) or "").strip() for k in ("title", "source", "url", "published")}
        meta = {k: v for k, v in meta.items() if v}
        records: list[dict | Article] = []
        refused: list[Skipped] = []
        body = str(form.get("body") or "")
        if body.strip():
            looks_html = body.lstrip()[:1] == "<"
            records.append({**meta, "html" if looks_html else "text": body})
        for upload in form.getlist("files"):
            if not hasattr(upload, "read") or not upload.filename:
                continue
            for item in _records_of_upload(upload.filename, await upload.read(), meta):
                (refused if isinstance(item, Skipped) else records).append(item)
        if not records and not refused:
            return pages.TemplateResponse(request, "add.html", {"needs_token": bool(token),
                                                                "error": "Paste an article or choose a file."},
                                          status_code=422)
        results = [outcome(r) for r in refused + (await anyio.to_thread.run_sync(add, records) if records else [])]
        return pages.TemplateResponse(request, "added.html", {"results": results},
                                      status_code=201 if any(r["status"] == "added" for r in results) else 200)

    @app.get("/health", include_in_schema=False)
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app


_worker_annotator = None  # the parser of the worker process that prepares added articles


def _start_worker(config: Config) -> None:
    global _worker_annotator
    import os

    from newsfuse.annotate import default_annotator

    os.nice(10)  # parsing new articles is background work: readers waiting on a page come first

    # one process: the annotator's own fork pool is for batch ingests
    _worker_annotator = default_annotator(dataclasses.replace(config.annotate, n_process=1))
    _worker_annotator.nlp


def _prepare(records: list[dict | Article], config: Config, annotator=None):
    """Read, clean and annotate records (dicts or read articles: never a path or a URL a
    client gave)."""
    from newsfuse.pipeline import prepare

    assert all(isinstance(r, (dict, Article)) for r in records)
    return prepare(records, config, annotator=annotator or _worker_annotator)


def _records_of_upload(filename: str, data: bytes, meta: dict) -> list[dict | Article | Skipped]:
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
    kind = "html" if suffix in (".html", ".htm") or text.lstrip()[:1] == "<" else "text"
    return [{**meta, "id": stem, kind: text}]
