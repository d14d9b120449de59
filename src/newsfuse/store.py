"""The store: prepared articles, their stories and the briefs made of them, in one SQLite file.

- WAL mode: readers read while an ingest writes; each article is added in its
  own transaction, so a crash or a kill loses at most the article being added,
  never one whose ingest was reported done, and never corrupts the file.
- A versioned schema (``PRAGMA user_version``) with migrations run on open.
- Articles are kept as ingested (``raw``) and as prepared (cleaned text,
  removals, sentences, tokens, annotations: ``PreparedArticle`` JSON); the
  same URL or the same cleaned text is added once.
- Stories come from :class:`~newsfuse.cluster.StoryClusterer`, whose learned
  state is saved with the store; articles added after the last save are
  replayed into it on open, so a kill never leaves the two out of step.
- Briefs are cached per story and configuration, and dropped when the story
  gains an article.
- Full-text search over titles and cleaned text with FTS5.

The store keeps; it makes nothing with the pipeline or the report: briefs,
refreshes and the learned consolidation are :mod:`newsfuse.service`'s, which
has the store keep what it made.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsfuse.cluster import StoryClusterer, article_terms, publish_time, stream_time, terms_of
from newsfuse.config import Config
from newsfuse.ingest import unique_id
from newsfuse.language import most_used
from newsfuse.model import PreparedArticle, Skipped, story_title
from newsfuse.text import url_host

TITLE_MEMBERS = 100  # a story's title is the consensus of at most this many headlines as articles arrive

MIGRATIONS = [
    # 1: articles, stories, briefs, full-text search, the clusterer's state
    """
    CREATE TABLE articles (
        n INTEGER PRIMARY KEY,              -- insertion order
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        text_hash TEXT NOT NULL,
        source TEXT,
        title TEXT,
        published TEXT,
        time REAL,
        story INTEGER NOT NULL,
        prepared TEXT NOT NULL,             -- PreparedArticle JSON, raw input included
        added TEXT NOT NULL
    );
    CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE UNIQUE INDEX articles_text ON articles(text_hash);
    CREATE INDEX articles_story ON articles(story);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        n_articles INTEGER NOT NULL,
        sources TEXT NOT NULL,              -- JSON list of outlets
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        changed TEXT NOT NULL
    );
    CREATE TABLE briefs (
        story INTEGER NOT NULL,
        config TEXT NOT NULL,               -- hash of the configuration it was made with
        brief TEXT NOT NULL,
        made TEXT NOT NULL,
        PRIMARY KEY (story, config)
    );
    CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, title, text);
    CREATE TABLE clusterer (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        upto INTEGER NOT NULL,              -- articles.n folded into the state
        state TEXT NOT NULL
    );
    """,
    # 2: articles prepared by an ingest and not yet in a story (put in stories in publish order)
    """
    CREATE TABLE staged (
        seq INTEGER PRIMARY KEY,            -- place in the ingest's input
        time REAL,                          -- the time stories are windowed by (null: unknown)
        prepared TEXT NOT NULL
    );
    CREATE INDEX staged_order ON staged(time IS NULL, time, seq);
    """,
    # 3: a story's dates are its articles' publish dates (null when none is dated, not the
    # day it was ingested), its outlets are sources or URL hosts, its title the consensus
    # headline; the list is paged in the order of its newest article, on an index
    """
    CREATE TABLE stories_new (
        id INTEGER PRIMARY KEY,
        title TEXT,
        n_articles INTEGER NOT NULL,
        sources TEXT NOT NULL,              -- JSON list of outlets (source, else the URL's host)
        first_seen TEXT,                    -- the oldest article's publish date (null: none dated)
        last_seen TEXT,                     -- the newest article's
        newest TEXT NOT NULL,               -- last_seen, '' when null: the list's order
        changed TEXT NOT NULL
    );
    INSERT INTO stories_new SELECT id, title, n_articles, sources, first_seen, last_seen, '', changed FROM stories;
    DROP TABLE stories;
    ALTER TABLE stories_new RENAME TO stories;
    CREATE INDEX stories_newest ON stories(newest DESC, id DESC);
    """,
    # 4: a search row's rowid is its article's n: a query joins articles by rowid (five times
    # faster than by the unindexed id when most articles match) and a removal finds its row
    """
    CREATE VIRTUAL TABLE search_new USING fts5(id UNINDEXED, title, text);
    INSERT INTO search_new(rowid, id, title, text) SELECT a.n, s.id, s.title, s.text FROM search s
        JOIN articles a ON a.id = s.id;
    DROP TABLE search;
    ALTER TABLE search_new RENAME TO search;
    """,
    # 5: a story merged into another by `newsfuse consolidate` leaves its id behind, pointing at
    # the story that holds its articles now (chains collapsed: ``new`` is always a live story)
    """
    CREATE TABLE IF NOT EXISTS redirects (
        old INTEGER PRIMARY KEY,
        new INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS redirects_new ON redirects(new);
    """,
    # 6: each article's language (ISO 639-1, null: not known) and each story's, as counts of its
    # articles' languages (JSON, the first seen first)
    """
    ALTER TABLE articles ADD COLUMN language TEXT;
    UPDATE articles SET language = json_extract(prepared, '$.article.language');
    ALTER TABLE stories ADD COLUMN languages TEXT NOT NULL DEFAULT '{}';
    """,
    # 7: each article's vector in the stream clusterer (JSON, term -> weight), as it was made
    # when the article came (with the word counts of that moment): a consolidation makes the
    # stories it changed again from their members' vectors instead of replaying every article.
    # Null for the articles of an older store until a full replay fills them.
    """
    ALTER TABLE articles ADD COLUMN vector TEXT;
    """,
    # 8: the stream clusterer's stories, a row each: a save writes the stories that changed since
    # the last one, not the whole state (which grows with the store: 12 MB of stories at 10,000
    # articles); an older store's stories, inside the state, move here at its first save
    """
    CREATE TABLE IF NOT EXISTS clusterer_stories (
        id INTEGER PRIMARY KEY,
        state TEXT NOT NULL                 -- StoryClusterer.story_state, as JSON
    );
    """,
]
# steps after which Python fills what SQL cannot compute (the stories' rows, made again once
# the last step is done)
RECOMPUTE_AFTER = {3, 6}


def _languages(codes) -> dict[str, int]:
    """How many articles are in each known language, the first seen first."""
    return dict(Counter(code for code in codes if code))


def _language_fields(languages: str) -> dict:
    """A story's ``language`` (as :func:`newsfuse.language.main_language` tells it from its
    articles; None: none known) and its ``languages`` (articles per language), from its row."""
    counts = json.loads(languages)
    return {"language": most_used(counts), "languages": counts}


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message names the file."""


class StoryMoved(KeyError):
    """A story id that `newsfuse consolidate` merged into another: ``new`` holds its articles."""

    def __init__(self, old: int, new: int):
        super().__init__(old)
        self.old, self.new = old, new

    def __str__(self) -> str:
        return f"story {self.old} was merged into {self.new}"


@dataclass
class Consolidation:
    """What :meth:`Store.consolidate` did: stories merged (old id, the id kept), split (the
    story, the new story's id), the stories whose articles changed (their briefs were made
    again), how many articles it looked at, and the briefs that could not be made (id, why)."""

    merged: list[tuple[int, int]] = field(default_factory=list)
    split: list[tuple[int, int]] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    articles: int = 0
    brief_errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Added:
    """What became of one article given to :meth:`Store.add`."""

    status: str  # "added" or "duplicate"
    article: str  # its id in the store (for a duplicate: the id it was given)
    story: int | None = None
    duplicate_of: str | None = None
    why: str = ""


def outcome(got: Added | Skipped) -> dict:
    """What became of one input of an ingest, as the CLI's ``--json`` lines and the API's
    answers both show it: ``status`` added, duplicate or skipped; ``article`` and ``story`` for
    an article that went in (and ``duplicate_of`` and ``why`` for a duplicate); ``input`` and
    ``error`` for one that could not be read."""
    if isinstance(got, Skipped):
        return {"status": "skipped", "input": got.input, "error": got.error}
    out: dict = {"status": got.status, "article": got.article, "story": got.story}
    if got.status == "duplicate":
        out.update(duplicate_of=got.duplicate_of, why=got.why)
    return out


def _latest_times(db: sqlite3.Connection, groups: Iterable[list[int]]) -> dict[int, float | None]:
    """For each article (``n``) of each group (its articles' n, ascending): the latest time
    of the stored articles added after it, up to and with the group's next article (for the
    last: up to the newest stored); None when none of them is timed. It tells whether a
    story left the stream clusterer's window between two of its articles."""
    import numpy as np

    groups = [g for g in groups if g]
    if not groups:
        return {}
    rows = db.execute("SELECT n, time FROM articles WHERE n > ? ORDER BY n", (min(g[0] for g in groups),)).fetchall()
    ns = np.array([n for n, _ in rows], dtype=np.int64)
    times = np.array([-np.inf if t is None else t for _, t in rows], dtype=float)
    after = np.maximum.accumulate(times[::-1])[::-1] if len(times) else times  # the latest from each place on
    out: dict[int, float | None] = {}
    for group in groups:
        for n, following in zip(group, [*group[1:], None]):
            lo = int(np.searchsorted(ns, n, side="right"))
            if following is None:
                latest = after[lo] if lo < len(times) else -np.inf
            else:
                hi = int(np.searchsorted(ns, following, side="right"))
                latest = times[lo:hi].max() if hi > lo else -np.inf
            out[n] = None if latest == -np.inf else float(latest)
    return out


def _vector_text(vector: dict[str, float]) -> str:
    """An article's clusterer vector as the store keeps it (``articles.vector``)."""
    return json.dumps(vector, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    """Of the cleaned text, spaces and case folded: the same article scraped twice."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


class Store:
    """One SQLite file of articles, stories and briefs. Use as a context manager."""

    SAVE_EVERY = 200  # articles between saves of the clusterer's state, at least (a replay covers the rest)
    # ... and at least this share of the articles it has read: a save writes the word and sentence
    # counts whole, which grow with the store (when every save wrote the whole state every 200
    # articles, saving took half of an ingest of 10,000), so saves grow apart with it; a replay
    # after a killed ingest covers at most about a tenth of the store
    SAVE_SHARE = 10

    def __init__(self, path: str | Path, config: Config | None = None):
        self.path = Path(path)
        self.config = config or Config()
        try:
            # check_same_thread off: a server hands one writing store from thread to thread, under its own lock
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: a committed article survives a killed process
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a newsfuse store that can be opened ({e})") from None
        self._clusterer: StoryClusterer | None = None
        self._unsaved = 0
        # story id -> its number of articles as clusterer_stories holds it: a story changes only by
        # taking an article, or in a consolidation, which marks those it made again; None: not
        # known, and the next save writes every story
        self._saved: dict[int, int] | None = None
        self._lock = None  # held while this store object writes articles: one writer at a time

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._clusterer is not None and self._unsaved and self._lock is not None:
            self._save_clusterer()
        self.db.close()
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    def _take_writer_lock(self) -> None:
        """Become the store's writer, once: one process adds articles at a time, since two
        would each cluster with their own copy of the stories. Readers are never blocked (WAL)."""
        import fcntl

        if self._lock is not None:
            return
        lock = open(self.path.with_name(self.path.name + ".lock"), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise StoreError(f"{self.path}: another newsfuse is adding articles to it; try again when it is done")
        self._lock = lock
        self._clusterer = None  # what the other writer added is in the file now: start from there

    @contextmanager
    def _transaction(self, clusterer: bool = False) -> Iterator[None]:
        """One write transaction: committed whole, or rolled back whole on any exception (a
        killed process too: SQLite never commits a half). ``clusterer``: the clusterer's state
        changed with it, and is forgotten on a rollback (made again from what is committed)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._saved = None  # a save in it is undone too: the next writes every story
            if clusterer:
                self._clusterer = None
            raise

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer newsfuse (schema {version}; this one knows "
                             f"{len(MIGRATIONS)})")
        for n, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                # once, after the last step: a recount reads every column the steps add
                if n == len(MIGRATIONS) and RECOMPUTE_AFTER & set(range(version + 1, n + 1)):
                    for (story,) in self.db.execute("SELECT id FROM stories").fetchall():
                        self._recount(story)
                self.db.execute(f"PRAGMA user_version={n}")

    # ---- the clusterer ---------------------------------------------------------------------

    @property
    def clusterer(self) -> StoryClusterer:
        """The stream clusterer as of the last article added: its saved state, plus the
        articles added after that save, replayed."""
        if self._clusterer is None:
            row = self.db.execute("SELECT upto, state FROM clusterer").fetchone()
            upto = 0
            if row is None:
                clusterer = StoryClusterer(self.config.cluster)
                self._saved = None
            else:
                upto, state = row
                state = json.loads(state)
                older = "stories" in state  # an older store kept them in the state: the next save moves them
                if not older:
                    rows = self.db.execute("SELECT state FROM clusterer_stories ORDER BY id").fetchall()
                    state["stories"] = [json.loads(story) for (story,) in rows]
                clusterer = StoryClusterer.from_state(state, self.config.cluster)
                self._saved = None if older else {story.id: len(story.members) for story in clusterer.stories_.values()}
            top = self._top_id()
            clusterer.next_id_ = max(clusterer.next_id_, (top or 0) + 1)
            self._unsaved += self._replay(clusterer, upto)
            self._clusterer = clusterer
        return self._clusterer

    def _replay(self, clusterer: StoryClusterer, upto: int, keep_vectors: bool = False) -> int:
        """Put the articles added after ``upto`` (``articles.n``) back in their stories, in the
        order they were added; how many. ``keep_vectors``: store the vectors of the articles
        that have none (a store older than the column)."""
        count = 0
        missing = []
        # only what the clusterer reads (the title, the sentences' tokens), not the whole prepared
        # article with its raw page and parse
        for n, story, article_id, title, tokens, time, has_vector in self.db.execute(
                "SELECT n, story, id, json_extract(prepared, '$.article.title'), json_extract(prepared, '$.tokens'), "
                "time, vector IS NOT NULL FROM articles WHERE n > ? ORDER BY n", (upto,)).fetchall():
            title_terms, body = terms_of(title, json.loads(tokens), self.config.cluster.lead_sentences)
            vector = clusterer.vector(title_terms, body)
            clusterer.replay_vector(story, article_id, vector, time)
            if keep_vectors and not has_vector:
                missing.append((_vector_text(vector), n))
            count += 1
        if missing:
            self.db.executemany("UPDATE articles SET vector = ? WHERE n = ?", missing)
        return count

    def _top_id(self) -> int | None:
        """The largest story id ever given, a merged story's included: an id is never reused."""
        return self.db.execute("SELECT max(id) FROM (SELECT max(id) AS id FROM stories "
                               "UNION ALL SELECT max(old) FROM redirects)").fetchone()[0]

    def _save_clusterer(self) -> None:
        """Save the clusterer's state: its counts whole, and the stories that changed since the
        last save, in one transaction."""
        if self.db.in_transaction:
            self._write_clusterer()
        else:
            with self._transaction():
                self._write_clusterer()

    def _write_clusterer(self) -> None:
        clusterer = self.clusterer
        upto = self.db.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]
        saved = self._saved or {}
        if not saved:
            self.db.execute("DELETE FROM clusterer_stories")
        live = clusterer.stories_
        self.db.executemany("DELETE FROM clusterer_stories WHERE id = ?", [(i,) for i in saved if i not in live])
        self.db.executemany("INSERT OR REPLACE INTO clusterer_stories(id, state) VALUES (?, ?)",
                            [(i, json.dumps(clusterer.story_state(story), separators=(",", ":")))
                             for i, story in live.items() if saved.get(i) != len(story.members)])
        state = json.dumps(clusterer.state(stories=False), separators=(",", ":"))
        self.db.execute("INSERT INTO clusterer(one, upto, state) VALUES (1, ?, ?) "
                        "ON CONFLICT(one) DO UPDATE SET upto = excluded.upto, state = excluded.state", (upto, state))
        self._saved = {i: len(story.members) for i, story in live.items()}
        self._unsaved = 0

    # ---- adding ----------------------------------------------------------------------------

    # ---- staging: an ingest's prepared articles wait here, then join stories in publish order

    def clear_staged(self) -> None:
        """Forget what an earlier ingest staged and did not add (it was stopped): that ingest
        reported none of them done, and a new one prepares its inputs again."""
        self._take_writer_lock()
        self.db.execute("DELETE FROM staged")

    def stage(self, items: Iterable[tuple[int, PreparedArticle]]) -> None:
        """Keep prepared articles, each with its place in the input, until :meth:`add_staged`."""
        self._take_writer_lock()
        rows = [(seq, stream_time(p.article), json.dumps(p.to_dict(), ensure_ascii=False)) for seq, p in items]
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO staged(seq, time, prepared) VALUES (?, ?, ?)", rows)

    def add_staged(self, progress=None) -> Iterator[Added | Skipped]:
        """Add the staged articles in publish order (a known date first, by date; then the
        rest; ties in input order), each in its own transaction with its removal from the
        staging table."""
        order = [r[0] for r in self.db.execute("SELECT seq FROM staged ORDER BY time IS NULL, time, seq")]
        for seq in (progress or (lambda items, total, what: items))(order, len(order), "adding to stories"):
            row = self.db.execute("SELECT prepared FROM staged WHERE seq = ?", (seq,)).fetchone()
            prepared = PreparedArticle.from_dict(json.loads(row[0]))
            try:
                yield self.add(prepared, staged=seq)
            except StoreError:
                raise  # the store itself cannot be written: no article can be
            except Exception as e:  # noqa: BLE001 - one article that cannot be stored must not stop the rest
                self.db.execute("DELETE FROM staged WHERE seq = ?", (seq,))
                yield Skipped(prepared.article.origin or prepared.id, f"could not be stored ({type(e).__name__}: {e})")

    def add(self, prepared: PreparedArticle, staged: int | None = None) -> Added:
        """Add one prepared article: a duplicate (same URL, or the same cleaned text) is not
        added again; otherwise it joins a story (or starts one), in one transaction (which
        also takes it off the staging table, when ``staged`` is its place there)."""
        self._take_writer_lock()
        article = prepared.article
        digest = text_hash(article.text or article.title or "")  # a headline alone is its text
        found = self.db.execute("SELECT id, url, story FROM articles WHERE (url = ? AND ? IS NOT NULL) OR text_hash = ?",
                                (article.url, article.url, digest)).fetchone()
        if found is not None:
            why = "the same URL" if article.url and found[1] == article.url else "the same text"
            if staged is not None:
                self.db.execute("DELETE FROM staged WHERE seq = ?", (staged,))
            return Added("duplicate", article.id, story=found[2], duplicate_of=found[0], why=why)
        # "id" and "id-N", found on the index (a LIKE read every row: 5 ms an article at 47,000)
        taken = {row[0] for row in self.db.execute("SELECT id FROM articles WHERE id = ? OR (id > ? AND id < ?)",
                                                   (article.id, article.id + "-", article.id + "."))}
        new_id = unique_id(article.id, taken)
        if new_id != article.id:
            prepared = _renamed(prepared, new_id)
            article = prepared.article
        time = stream_time(article)
        clusterer = self.clusterer
        title, body = article_terms(prepared, self.config.cluster.lead_sentences)
        vector = clusterer.vector(title, body)
        story = clusterer.assign(article.id, vector, time, headline=not any(body))
        now = _now()
        # a story's dates show any date known, a date line's too (it only opens no story window)
        seen = _iso(time if time is not None else publish_time(article.published))
        lead = prepared.sentences[0].text if prepared.sentences else None
        with self._transaction(clusterer=True):  # the insert above is undone with it
            n = self.db.execute(
                "INSERT INTO articles(id, url, text_hash, source, title, published, time, story, prepared, added, "
                "language, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.url, digest, article.source, article.title, article.published, time, story,
                 json.dumps(prepared.to_dict(), ensure_ascii=False), now, article.language,
                 _vector_text(vector))).lastrowid
            self.db.execute("INSERT INTO search(rowid, id, title, text) VALUES (?, ?, ?, ?)",
                            (n, article.id, article.title or "", article.text))
            row = self.db.execute("SELECT sources, first_seen, last_seen, n_articles, title, languages FROM stories "
                                  "WHERE id = ?", (story,)).fetchone()
            if row is None:
                self._put_story(story, story_title(article.title, lead), 1, [article.outlet] if article.outlet
                                else [], seen, seen, now, _languages([article.language]))
            else:
                sources, first, last, n, current = json.loads(row[0]), row[1], row[2], row[3] + 1, row[4]
                languages = json.loads(row[5])
                if article.language:
                    languages[article.language] = languages.get(article.language, 0) + 1
                if article.outlet and article.outlet not in sources:
                    sources.append(article.outlet)
                if seen is not None:
                    first, last = min(first or seen, seen), max(last or seen, seen)
                # the consensus of the first TITLE_MEMBERS headlines, as a brief of them finds it; a
                # larger story keeps its title until a brief of all its articles names it
                if n <= TITLE_MEMBERS and article.title:
                    current = self._title(story) or current
                self._put_story(story, current, n, sources, first, last, now, languages)
            self.db.execute("DELETE FROM briefs WHERE story = ?", (story,))  # the story changed
            if staged is not None:
                self.db.execute("DELETE FROM staged WHERE seq = ?", (staged,))
            self._unsaved += 1
            if self._unsaved >= max(self.SAVE_EVERY, clusterer.n_docs_ // self.SAVE_SHARE):
                self._save_clusterer()
        return Added("added", article.id, story)

    def _put_story(self, story: int, title: str | None, n: int, sources: list[str], first: str | None,
                   last: str | None, changed: str, languages: dict[str, int]) -> None:
        self.db.execute("INSERT OR REPLACE INTO stories(id, title, n_articles, sources, first_seen, last_seen, newest, "
                        "changed, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (story, title, n, json.dumps(sources, ensure_ascii=False), first, last, last or "", changed,
                         json.dumps(languages)))

    def _title(self, story: int) -> str | None:
        """The consensus headline of the story's first TITLE_MEMBERS articles with one."""
        from newsfuse.headlines import consensus_title

        return consensus_title([r[0] for r in self.db.execute(
            "SELECT title FROM articles WHERE story = ? AND title IS NOT NULL AND title != '' ORDER BY n LIMIT ?",
            (story, TITLE_MEMBERS))])

    def _recount(self, story: int) -> None:
        """The story's row made again from its articles (within the caller's transaction);
        a story left without articles is removed."""
        rows = self.db.execute("SELECT source, url, time, published, prepared, language FROM articles "
                               "WHERE story = ? ORDER BY n", (story,)).fetchall()
        if not rows:
            self.db.execute("DELETE FROM stories WHERE id = ?", (story,))
            return
        outlets = list(dict.fromkeys(o for o in (source or url_host(url) for source, url, *_ in rows) if o))
        seen = [d for d in (_iso(t if t is not None else publish_time(p)) for _, _, t, p, *_ in rows) if d]
        title = self._title(story)
        if title is None:  # no headline: the lead of its first article
            first = PreparedArticle.from_dict(json.loads(rows[0][4]))
            title = story_title(None, first.sentences[0].text if first.sentences else None)
        self._put_story(story, title, len(rows), outlets, min(seen, default=None), max(seen, default=None), _now(),
                        _languages([r[5] for r in rows]))

    # ---- reading ---------------------------------------------------------------------------

    def stories(self, since: str | None = None, limit: int | None = None, query: str | None = None) -> list[dict]:
        """Stories, newest article first (undated stories last): id, title, n_articles,
        n_sources, first_seen, last_seen, articles. ``since``: an ISO date; ``query``: words
        their articles hold."""
        return self.page(since=since, limit=limit, query=query).stories

    def page(self, since: str | None = None, limit: int | None = 50, query: str | None = None,
             after: str | None = None, members: bool = True) -> "StoriesPage":
        """One page of :meth:`stories`, after the cursor ``after`` (a page's ``next``), with the
        number of stories that match. Each page is one walk of an index, however deep it is."""
        where, args = [], []
        if since:
            where.append("newest >= ?")  # an undated story ('') is never "since" a date
            args.append(since)
        if query:
            # the stories matching, found once for the count and the page (a common word matches most)
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS matched(story INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.matched")
            self.db.execute("INSERT OR IGNORE INTO temp.matched SELECT story FROM articles WHERE n IN "
                            "(SELECT rowid FROM search WHERE search MATCH ?)", (_fts_query(query),))
            where.append("id IN temp.matched")
        total = self.db.execute("SELECT count(*) FROM stories" + (" WHERE " + " AND ".join(where) if where else ""),
                                args).fetchone()[0]
        if after:
            newest, story = _read_cursor(after)
            where.append("(newest < ? OR (newest = ? AND id < ?))")
            args += [newest, newest, story]
        sql = ("SELECT id, title, n_articles, sources, first_seen, last_seen, newest, languages FROM stories"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY newest DESC, id DESC")
        if limit:
            sql += " LIMIT ?"
            args.append(limit + 1)  # one more tells whether there is a next page
        rows = self.db.execute(sql, args).fetchall()
        more = bool(limit) and len(rows) > limit
        rows = rows[:limit] if limit else rows
        found = [{"id": sid, "title": title, "n_articles": n, "n_sources": len(json.loads(sources)),
                  "first_seen": first, "last_seen": last, **_language_fields(languages)}
                 for sid, title, n, sources, first, last, _, languages in rows]
        if members and found:
            ids: dict[int, list[str]] = {st["id"]: [] for st in found}
            marks = ",".join("?" * len(ids))
            for story, article in self.db.execute(f"SELECT story, id FROM articles WHERE story IN ({marks}) "
                                                  "ORDER BY n", list(ids)):
                ids[story].append(article)
            for st in found:
                st["articles"] = ids[st["id"]]
        return StoriesPage(found, total, _cursor(rows[-1][6], rows[-1][0]) if more else None)

    def story(self, story: int) -> dict:
        """One story as :meth:`stories` lists it, with its outlets; KeyError if there is none."""
        row = self.db.execute("SELECT id, title, n_articles, sources, first_seen, last_seen, languages FROM stories "
                              "WHERE id = ?", (story,)).fetchone()
        if row is None:
            self._moved(story)
            raise KeyError(story)
        sid, title, n, sources, first, last, languages = row
        members = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story = ? ORDER BY n", (sid,))]
        return {"id": sid, "title": title, "n_articles": n, "n_sources": len(json.loads(sources)),
                "sources": json.loads(sources), "first_seen": first, "last_seen": last,
                **_language_fields(languages), "articles": members}

    def article(self, article_id: str) -> tuple[PreparedArticle, int]:
        """One stored article, prepared, and its story's id; KeyError if there is none."""
        row = self.db.execute("SELECT prepared, story FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return PreparedArticle.from_dict(json.loads(row[0])), row[1]

    def remove(self, article_id: str) -> int:
        """Remove one article; returns its story's id. The story's counts and dates are
        recomputed and its cached briefs dropped; a story left empty is removed. The
        clusterer's centroid keeps the article's words until the story closes (its vector
        was weighted by the frequencies of its day, which cannot be undone exactly)."""
        self._take_writer_lock()
        row = self.db.execute("SELECT story, n FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        story, n = row
        with self._transaction():
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            self.db.execute("DELETE FROM search WHERE rowid = ?", (n,))
            self.db.execute("DELETE FROM briefs WHERE story = ?", (story,))
            self._recount(story)
        if self._clusterer is not None and story in self._clusterer.stories_:
            members = self._clusterer.stories_[story].members
            if article_id in members:
                members.remove(article_id)
        return story

    # ---- consolidating: stories regrouped, their ids kept -------------------------------------

    def resolve(self, story: int) -> int:
        """The story that holds a story id's articles now: the id itself, or the story it was
        merged into (one step: chains are collapsed as they are made)."""
        row = self.db.execute("SELECT new FROM redirects WHERE old = ?", (story,)).fetchone()
        return row[0] if row else story

    def _moved(self, story: int) -> None:
        """StoryMoved when the story was merged into another (a KeyError, for callers that
        only know a missing story)."""
        new = self.resolve(story)
        if new != story:
            raise StoryMoved(story, new)

    def consolidate(self, group, around: Iterable[int] | None = None) -> Consolidation:
        """Regroup the stories touched by the latest ``cluster.consolidate_window`` articles
        (all their members), with ``group`` (the prepared articles, in the order they were
        added, and the story each is in now -> a label each; :func:`newsfuse.service.consolidate`
        gives the shipped same-story model's).
        With ``around`` (the stories an ingest added to), the window is those stories and the
        ones their articles would be weighed against (the clusterer's candidates), all their
        members: what an ingest can have changed, in a second rather than a window's minute;
        in rounds of about ``cluster.consolidate_round`` articles (:meth:`_rounds`), each its
        own transaction, so a large ingest's consolidation takes the memory of one round.

        Ids stay stable: each old story's id goes to the new group holding most of its
        articles (ties: the group with the older articles); a group given several keeps the
        oldest (smallest) and the others are merged into it, each leaving a redirect; a group
        given none is a new story split off. Stories whose articles are unchanged are not
        touched (their briefs kept). One transaction: articles, story rows, redirects, the
        changed stories' briefs dropped (made again by the service, or when next asked for),
        the clusterer's state rebuilt."""
        self._take_writer_lock()
        result = Consolidation()
        for rows in self._round_rows(around):
            self._regroup(rows, group, result)
        return result

    def _round_rows(self, around: Iterable[int] | None) -> Iterator[list]:
        """The rows (n, story, prepared, id, vector, time) of each round, each read when its
        turn comes (after the round before it is committed): the stories of the latest
        ``cluster.consolidate_window`` articles as one round, or :meth:`_rounds` around
        the given stories."""
        columns = "SELECT n, story, prepared, id, vector, time FROM articles"
        if around is None:
            yield self.db.execute(
                f"{columns} WHERE story IN (SELECT story FROM articles ORDER BY n DESC LIMIT ?) ORDER BY n",
                (self.config.cluster.consolidate_window,)).fetchall()
            return
        for stories in self._rounds(around):
            yield self.db.execute(f"{columns} WHERE story IN ({','.join('?' * len(stories))}) ORDER BY n",
                                  stories).fetchall()

    def _rounds(self, around: Iterable[int]) -> list[list[int]]:
        """The stories an ingest added to and their neighbours (the stories their articles are
        weighed against), in rounds of at most ``cluster.consolidate_round`` articles (or one
        story, when it is larger): a breadth-first walk of the neighbours from the oldest story,
        so that a story and its neighbours are regrouped together unless a round fills up
        between them."""
        from collections import deque

        linked: dict[int, set[int]] = {}
        for story in set(around):
            linked.setdefault(story, set())
            for other in self.clusterer.neighbours(story):
                if other != story:
                    linked[story].add(other)
                    linked.setdefault(other, set()).add(story)
        if not linked:
            return []
        marks = ",".join("?" * len(linked))
        sizes = dict(self.db.execute(f"SELECT story, count(*) FROM articles WHERE story IN ({marks}) GROUP BY story",
                                     sorted(linked)))
        limit = self.config.cluster.consolidate_round
        rounds: list[list[int]] = []
        current: list[int] = []
        size = 0
        done: set[int] = set()
        for seed in sorted(linked):
            queue = deque([seed])
            while queue:
                story = queue.popleft()
                if story in done:
                    continue
                done.add(story)
                if current and size + sizes.get(story, 0) > limit:
                    rounds.append(current)
                    current, size = [], 0
                current.append(story)
                size += sizes.get(story, 0)
                queue.extend(sorted(linked[story] - done))
        rounds.append(current)
        return rounds

    def _regroup(self, rows: list, group, result: Consolidation) -> None:
        """One round of :meth:`consolidate` over ``rows`` (n, story, prepared, id, vector, time
        of every article of some stories, in the order added): regrouped in one transaction,
        what it did added to ``result``."""
        result.articles += len(rows)
        if not rows:
            return
        labels = list(group([PreparedArticle.from_dict(json.loads(row[2])) for row in rows], [row[1] for row in rows]))
        if len(labels) != len(rows):
            raise ValueError(f"the grouping gave {len(labels)} labels for {len(rows)} articles")
        final, merged, split, changed = self._new_ids([(row[0], row[1]) for row in rows], labels)
        if not changed and not merged:
            return
        moved = [(final[k], row[0]) for k, row in enumerate(rows) if final[k] != row[1]]
        gone = [old for old, _ in merged]
        now = _now()
        with self._transaction(clusterer=True):  # a failure leaves it to be made from what is committed
            self.db.executemany("UPDATE articles SET story = ? WHERE n = ?", moved)
            for story in changed + gone:
                self._recount(story)  # a merged story, left empty, is removed
            marks = ",".join("?" * len(changed + gone))
            self.db.execute(f"DELETE FROM briefs WHERE story IN ({marks})", changed + gone)
            for old, new in merged:
                self.db.execute("UPDATE redirects SET new = ? WHERE new = ?", (new, old))  # chains collapse
                self.db.execute("INSERT OR REPLACE INTO redirects(old, new, at) VALUES (?, ?, ?)", (old, new, now))
            self._clusterer = self._remade_clusterer(
                [(n, final[k], article_id, vector, time) for k, (n, _, _, article_id, vector, time) in enumerate(rows)],
                changed + gone)
            for story in changed + gone if self._saved is not None else ():
                self._saved[story] = -1  # made again whatever their size: written again, or deleted if gone
            self._save_clusterer()
        result.merged += merged
        result.split += split
        result.changed = sorted(set(result.changed) - set(gone) | set(changed))

    def _new_ids(self, members: list[tuple[int, int]], labels: list
                 ) -> tuple[list[int], list[tuple[int, int]], list[tuple[int, int]], list[int]]:
        """Stable ids for new groups of the window's articles (``members``: (n, old story)
        each): the story of each article, the merges (old, kept), the splits (story, new id)
        and the stories whose articles changed."""
        first: dict = {}  # label -> its oldest article's n
        overlap: Counter = Counter()  # (old story, label) -> articles
        before: dict[int, set[int]] = {}
        after: dict = {}
        labels_of: dict[int, set] = {}
        stories_of: dict = {}
        for (n, story), label in zip(members, labels):
            first.setdefault(label, n)
            overlap[story, label] += 1
            labels_of.setdefault(story, set()).add(label)
            stories_of.setdefault(label, set()).add(story)
            before.setdefault(story, set()).add(n)
            after.setdefault(label, set()).add(n)
        given: dict = {}  # label -> the old ids it was given
        for story in sorted(before):
            best = max(labels_of[story],
                       key=lambda label: (overlap[story, label], -first[label]))
            given.setdefault(best, []).append(story)
        top = max(self._top_id() or 0, self.clusterer.next_id_ - 1)
        ids: dict = {}
        merged, split = [], []
        for label in sorted(first, key=first.get):
            if label in given:
                ids[label] = min(given[label])
                merged += [(old, ids[label]) for old in sorted(given[label]) if old != ids[label]]
            else:
                top += 1
                ids[label] = top
                source = max(stories_of[label], key=lambda s: (overlap[s, label], -s))
                split.append((source, top))
        changed = sorted(ids[label] for label in after if after[label] != before.get(ids[label]))
        return [ids[label] for label in labels], merged, split, changed

    def _rebuild_clusterer(self) -> StoryClusterer:
        """A clusterer that learned every stored article in the order they were added, each in
        the story it is in now (within the caller's transaction)."""
        top = max(self._top_id() or 0, self._clusterer.next_id_ - 1 if self._clusterer else 0)
        clusterer = StoryClusterer(self.config.cluster)
        self._replay(clusterer, 0, keep_vectors=True)
        clusterer.next_id_ = max(clusterer.next_id_, top + 1)  # an id once given is never given again
        return clusterer

    def _remade_clusterer(self, members: list[tuple[int, int, str, str | None, float | None]],
                          stories: Iterable[int]) -> StoryClusterer:
        """The clusterer with ``stories`` made again from their articles' stored vectors
        (``members``: (n, story now, id, vector JSON, time) of every article of those stories
        and maybe others), as :meth:`_rebuild_clusterer` would make them, without replaying
        the store; that replay when an article lacks its vector (within the caller's
        transaction)."""
        stories = set(stories)
        mine = sorted(m for m in members if m[1] in stories)
        if any(vector is None for *_, vector, _ in mine):
            self._saved = None  # every story made again: every one written at the next save
            return self._rebuild_clusterer()
        top = max(self._top_id() or 0, self.clusterer.next_id_ - 1)
        clusterer = self.clusterer
        order: dict[int, list[int]] = {story: [] for story in stories}
        for n, story, *_ in mine:
            order[story].append(n)
        latest = _latest_times(self.db, order.values())
        remade: dict[int, list] = {story: [] for story in stories}
        for n, story, article_id, vector, time in mine:
            remade[story].append((article_id, json.loads(vector), time, latest[n]))
        clusterer.remake(remade)
        clusterer.next_id_ = max(clusterer.next_id_, top + 1)
        return clusterer

    def articles(self, story: int) -> list[PreparedArticle]:
        rows = self.db.execute("SELECT prepared FROM articles WHERE story = ? ORDER BY n", (story,)).fetchall()
        if not rows:
            self._moved(story)
            raise KeyError(story)
        return [PreparedArticle.from_dict(json.loads(r[0])) for r in rows]

    def cached_brief_json(self, story: int, config: Config | None = None) -> str | None:
        """The cached brief's JSON text, or None when the story changed since (or has none)."""
        row = self.db.execute("SELECT brief FROM briefs WHERE story = ? AND config = ?",
                              (story, _config_key(config or self.config))).fetchone()
        return row[0] if row else None

    def stale_stories(self, config: Config | None = None) -> list[int]:
        """Stories without a brief made since they last changed (with this configuration)."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM stories WHERE id NOT IN (SELECT story FROM briefs WHERE config = ?) ORDER BY id",
            (_config_key(config or self.config),))]

    def put_brief(self, story: int, text: str, config: Config | None = None) -> None:
        """Keep a brief (its JSON, made by the service or on a worker) as the story's cached
        brief; it names the story."""
        self.db.execute("INSERT OR REPLACE INTO briefs(story, config, brief, made) VALUES (?, ?, ?, ?)",
                        (story, _config_key(config or self.config), text, _now()))
        made = json.loads(text)
        self._name(story, story_title(made.get("title"), next((s["text"] for s in made.get("summary", [])), None)))

    def _name(self, story: int, title: str | None) -> None:
        """A brief of all the story's articles names it: the list shows the title its page does."""
        if title:
            self.db.execute("UPDATE stories SET title = ? WHERE id = ? AND title IS NOT ?", (title, story, title))

    def put_annotations(self, prepared: Iterable[PreparedArticle]) -> int:
        """Keep the parse of articles stored without it (``ingest.annotate = "later"``), made
        when a brief first needed them, so no article is parsed twice; an article that was
        removed, or annotated meanwhile, is left as it is. Returns how many were kept."""
        prepared = [p for p in prepared if p.annotations is not None]
        if not prepared:
            return 0
        kept = 0
        with self._transaction():
            for p in prepared:
                kept += self.db.execute(
                    "UPDATE articles SET prepared = ? WHERE id = ? AND json_extract(prepared, '$.annotations') IS NULL",
                    (json.dumps(p.to_dict(), ensure_ascii=False), p.id)).rowcount
        return kept

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Articles matching a full-text query, best first, with their stories."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.source, a.story, snippet(search, 2, '[', ']', '…', 12) FROM search "
            "JOIN articles a ON a.n = search.rowid WHERE search MATCH ? ORDER BY rank LIMIT ?",
            (_fts_query(query), limit)).fetchall()
        return [{"id": i, "title": t, "source": s, "story": st, "snippet": snip} for i, t, s, st, snip in rows]

    def counts(self) -> dict[str, int]:
        return {"articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
                "stories": self.db.execute("SELECT count(*) FROM stories").fetchone()[0]}


@dataclass
class StoriesPage:
    """A page of the story list: its stories, how many match in all, and the cursor of the
    next page (None on the last)."""

    stories: list[dict]
    total: int
    next: str | None = None


def _cursor(newest: str, story: int) -> str:
    return base64.urlsafe_b64encode(f"{newest}|{story}".encode()).decode().rstrip("=")


def _read_cursor(cursor: str) -> tuple[str, int]:
    """A page's cursor read back; ValueError when it is not one this store made."""
    try:
        newest, _, story = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().rpartition("|")
        return newest, int(story)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValueError(f"{cursor!r} is not a page cursor (use the 'next' of a page)") from None


def _iso(seconds: float | None) -> str | None:
    """A moment as the ISO text stories show and sort by (UTC)."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat() if seconds is not None else None


# sections of the configuration that change how articles arrive or are served, never a brief
_NOT_BRIEF = ("ingest", "serve")


@lru_cache(maxsize=16)  # asked on every brief read (a server's hot path): a Config is frozen
def _config_key(config: Config) -> str:
    """The cache key of a brief: its configuration (but the sections that cannot change a
    brief: a server and an ingest with other settings share the cache) and the code that made
    it (v3), so a brief made by an older newsfuse (which may read a story otherwise) is made again."""
    settings = json.dumps({k: v for k, v in config.to_dict().items() if k not in _NOT_BRIEF},
                          sort_keys=True).encode()
    return "v3:" + hashlib.sha256(settings + _code_key().encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _code_key() -> str:
    """A hash of the package's code and shipped models (a few ms, once a process)."""
    from pathlib import Path

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json") and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word a quoted term, all required."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"' for w in words) or '""'


def _renamed(prepared: PreparedArticle, new_id: str) -> PreparedArticle:
    from dataclasses import replace

    sentences = tuple(replace(s, article_id=new_id) for s in prepared.sentences)
    return replace(prepared, article=replace(prepared.article, id=new_id), sentences=sentences)
