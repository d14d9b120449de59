"""What every route of the web app shares: :class:`Served`, the state of one app over one
store (its one writer and lock, a reading connection per thread, the parser's process),
and the dependency that hands it to a route."""

from __future__ import annotations

import dataclasses
import logging
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse

from newsfuse import service
from newsfuse.config import Config
from newsfuse.dates import BadDate, parse_since
from newsfuse.model import Article, Skipped
from newsfuse.store import Added, Store, StoreError

RETRY_AFTER = 30  # seconds a client is told to wait while another process writes to the store


class Served:
    """One app's hold on its store. Reads use a connection of their own per thread (WAL:
    never blocked by a write); writes go through one store object under a lock, so articles
    are clustered one at a time in arrival order."""

    def __init__(self, store: str | Path, config: Config, token: str | None = None, annotator=None):
        self.path = Path(store)
        self.config = config
        self.token = token
        self.annotator = annotator  # the parser used in this process; None: the worker process's
        self.writer: Store | None = None  # opened by the app's lifespan
        self.pool = None  # the parser's process, when there is one
        self.writer_lock = threading.Lock()
        self._readers = threading.local()  # opening a connection per request costs more than keeping one
        self._opened: list[Store] = []  # every thread's, closed at shutdown
        self.consolidated = None  # what the last scheduled consolidation did
        self._consolidated_upto = None

    # ---- reading ---------------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[Store]:
        store = getattr(self._readers, "store", None)
        if store is None:
            store = self._readers.store = Store(self.path, self.config)
            self._opened.append(store)
        yield store

    def close_readers(self) -> None:
        for store in self._opened:
            store.close()
        self._opened.clear()

    def list_page(self, since: str | None, limit: int, q: str | None, after: str | None):
        """One page of the story list; a bad date or cursor is a 422 naming its parameter."""
        try:
            day = parse_since(since) if since else None
        except BadDate as e:
            raise HTTPException(422, f"since: {e}") from None
        with self.reader() as s:
            try:
                return s.page(since=day, limit=limit, query=q or None, after=after or None, members=False)
            except ValueError as e:
                raise HTTPException(422, f"after: {e}") from None

    def make_brief(self, story_id: int, format: str) -> str:
        """The story's brief as JSON (cached, else made and kept), Markdown or HTML; 404 when
        there is no such story."""
        from newsfuse.report import render

        with self.reader() as s:
            try:
                if format == "json":
                    return service.brief_json(s, story_id)
                return render(service.brief(s, story_id), format)
            except KeyError:
                raise HTTPException(404, f"no story {story_id}") from None

    # ---- writing ---------------------------------------------------------------------------

    def authorised(self, request: Request, form_token: str | None = None) -> None:
        """401 unless the request carries the server's token (when it has one)."""
        if not self.token:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or form_token or ""
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(401, "this server takes articles only with its token "
                                     "(header 'Authorization: Bearer TOKEN')")

    def add(self, records: list[dict | Article]) -> list[Added | Skipped]:
        """Prepare each record (in the worker process, when there is one), then add it to the
        store under the writer's lock; one result per record, in the order given."""
        out: list[Added | Skipped] = []
        for record in records:
            done = self.pool.submit(prepare, [record], self.config).result() if self.pool else \
                prepare([record], self.config, self.annotator)
            out += done.skipped
            for prepared in done.articles:
                with self.writer_lock:
                    try:
                        out.append(self.writer.add(prepared))
                    except StoreError as e:
                        raise busy(e) from None
                    except Exception as e:  # noqa: BLE001 - one article that cannot be stored: said, not fatal
                        out.append(Skipped(prepared.article.origin or prepared.id,
                                           f"could not be stored ({type(e).__name__}: {e})"))
        return out

    def remove(self, article_id: str) -> int:
        """Remove an article under the writer's lock; its story's id (404 when there is none)."""
        with self.writer_lock:
            try:
                return self.writer.remove(article_id)
            except KeyError:
                raise HTTPException(404, f"no article {article_id!r}") from None
            except StoreError as e:
                raise busy(e) from None

    def consolidate_now(self) -> None:
        """`newsfuse consolidate` by the one writer, under its lock, when articles were added
        since the last run; a failed run is logged and the next one tries again."""
        log = logging.getLogger("newsfuse.server")
        with self.writer_lock:
            try:
                latest = self.writer.db.execute("SELECT max(n) FROM articles").fetchone()[0]
                if latest is None or latest == self._consolidated_upto:
                    return  # nothing added since the last run: nothing to heal
                # the briefs of changed stories are made when a reader asks: the lock is not held for them
                done = service.consolidate(self.writer, briefs=False)
                self._consolidated_upto = latest
            except Exception as e:  # noqa: BLE001
                log.warning("consolidation failed: %s: %s", type(e).__name__, e)
                return
        self.consolidated = done
        if done.merged or done.split:
            log.warning("consolidated %d articles: %d merged, %d split", done.articles, len(done.merged),
                        len(done.split))

    # ---- the parser's process --------------------------------------------------------------

    def start_parser(self) -> None:
        """The parser runs in a process of its own, loaded now: parsing a new article holds
        Python's lock for a tenth of a second, and readers must not wait for it."""
        if not self.config.analyse.enabled or self.annotator is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(self.config,))
        self.pool.submit(prepare, [], self.config).result()  # waits until the model is loaded

    def stop_parser(self) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def served(request: Request) -> Served:
    """The dependency every route takes: the app's :class:`Served`."""
    return request.app.state.served


def busy(e: StoreError) -> HTTPException:
    """503: another process (a `newsfuse ingest`) is writing to the store; try again later."""
    return HTTPException(503, str(e), headers={"Retry-After": str(RETRY_AFTER)})


def moved(request: Request, path: str) -> RedirectResponse:
    """308 to where a merged story's id leads now, the query string kept."""
    return RedirectResponse(path + (f"?{request.url.query}" if request.url.query else ""), status_code=308)


_worker_annotator = None  # the parser of the worker process that prepares added articles


def _start_worker(config: Config) -> None:
    global _worker_annotator
    import os

    from newsfuse.annotate import default_annotator

    os.nice(10)  # parsing new articles is background work: readers waiting on a page come first

    # one process: the annotator's own fork pool is for batch ingests
    _worker_annotator = default_annotator(dataclasses.replace(config.annotate, n_process=1))
    _worker_annotator.nlp


def prepare(records: list[dict | Article], config: Config, annotator=None):
    """Read, clean and annotate records (dicts or read articles: never a path or a URL a
    client gave)."""
    from newsfuse.pipeline import prepare as prepare_inputs

    assert all(isinstance(r, (dict, Article)) for r in records)
    return prepare_inputs(records, config, annotator=annotator or _worker_annotator)
