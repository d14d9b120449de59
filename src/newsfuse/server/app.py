"""The web app and REST API over a store: a thin layer (arguments, I/O, errors), no logic
of its own. ``create_app`` builds it from its parts: :mod:`~newsfuse.server.deps` (what
every route shares: the store's one writer, the readers, the parser's process),
:mod:`~newsfuse.server.api` (the REST API) and :mod:`~newsfuse.server.pages` (the web
pages); ``newsfuse serve`` runs it on uvicorn. The NLP loads once, at start-up.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse._version import __version__
from newsfuse.config import Config
from newsfuse.server import api, pages
from newsfuse.server.deps import Served
from newsfuse.server.guard import LOOPBACK_NAMES, GuardHosts, allowed_hosts, json_error
from newsfuse.store import Store

LOCAL_HOSTS = LOOPBACK_NAMES  # where serve listens without a token: the names the guard always answers to


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
    served = Served(store, config, token, annotator)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with Store(served.path, config) as writer:  # opening runs the migrations; a bad file stops here
            served.writer = writer
            served.start_parser()
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
                served.stop_parser()
                served.close_readers()

    async def consolidating(minutes: float) -> None:
        """`newsfuse consolidate` every ``minutes``, by the one writer, under its lock."""
        while True:
            await anyio.sleep(minutes * 60)
            await anyio.to_thread.run_sync(served.consolidate_now)

    app = FastAPI(title="newsfuse", version=__version__, lifespan=lifespan,
                  description="Stories read across their sources: briefs with citations, agreements, "
                              "discrepancies, what each source alone adds.")
    app.state.served = served
    app.add_middleware(LimitBody, limit=config.serve.max_body_bytes)
    # outermost: a request from another site or another name is refused before anything reads it
    app.add_middleware(GuardHosts, hosts=allowed_hosts(host, config.serve.allowed_hosts), has_token=bool(token))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.templates.TemplateResponse(request, "error.html", {"status": exc.status_code,
                                                                        "message": exc.detail},
                                                status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": problems}, status_code=422)

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
