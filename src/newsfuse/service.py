"""The service: what the CLI, the web app and the engines ask of a store, made here.

The store (:mod:`newsfuse.store`) keeps: articles, stories, the stream
clusterer's state, redirects and cached briefs, and knows nothing of the
pipeline or the report. This layer makes things with the pipeline and has the
store keep them:

- :func:`ingest` reads, prepares (on an engine) and adds inputs;
- :func:`brief` and :func:`brief_json` give a story's brief, from the store's
  cache when the story has not changed since, else made and kept;
- :func:`refresh` briefs every changed story on an engine;
- :func:`consolidate` regroups stories with the learned same-story model and
  briefs the changed ones again.

The CLI (``newsfuse ingest``, ``refresh``, ``consolidate``, ``brief --story``),
the web app and the benchmarks all come through here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from newsfuse.config import Config
from newsfuse.inputs import InputLike, stream_inputs
from newsfuse.model import Article, Brief, Skipped
from newsfuse.pipeline import LocalEngine, Progress, no_progress, stored_story_brief
from newsfuse.store import Consolidation, Store


def brief(store: Store, story: int, config: Config | None = None) -> Brief:
    """The story's brief, from the store's cache when the story has not changed since it
    was made; else made now (its articles parsed if they were stored without it) and kept."""
    text = store.cached_brief_json(story, config)
    if text is not None:
        return Brief.from_dict(json.loads(text))
    return _make(store, story, config or store.config)[0]


def brief_json(store: Store, story: int, config: Config | None = None) -> str:
    """The story's brief exactly as ``newsfuse brief --format json`` prints it (the cache
    holds that text, so a cached brief is served without being parsed)."""
    text = store.cached_brief_json(story, config)
    return text if text is not None else _make(store, story, config or store.config)[1]


def _make(store: Store, story: int, config: Config) -> tuple[Brief, str]:
    from newsfuse.report import to_json

    made, annotated = stored_story_brief(store.articles(story), config)
    text = to_json(made)
    store.put_annotations(annotated)  # parsed for this brief: kept, never parsed again
    store.put_brief(story, text, config)
    return made, text


def consolidate(store: Store, group=None, *, progress: Progress | None = None, briefs: bool = True,
                around: Iterable[int] | None = None) -> Consolidation:
    """Regroup the store's stories (:meth:`Store.consolidate <newsfuse.store.Store.consolidate>`:
    its latest window, or ``around`` the stories an ingest added to) with ``group``
    (articles, their stories now -> a label each; default: the shipped same-story model,
    :func:`newsfuse.story_model.consolidate`). Then the changed stories' briefs are made
    again, as :func:`refresh` makes them (with ``briefs``; without, they are made when
    next asked for); a brief that cannot be made is in ``brief_errors``."""
    if group is None:
        from newsfuse.story_model import PairFeatures, SameStoryModel
        from newsfuse.story_model import consolidate as model_consolidate

        model = SameStoryModel.load()
        cluster = store.config.cluster

        # around an ingest the round is the new articles' neighbourhood, not a sample of the stream:
        # it cannot say what cosine is usual, so it is read as a small window is (no zscore), nor
        # which join its stories hold best at, so it joins at the one the training chose
        chosen = model.small if around is not None and model.small is not None else model
        join = chosen.threshold if around is not None else None

        def group(articles, current):  # a window of headlines keeps the stream clusterer's stories
            return model_consolidate(articles, chosen, threshold=join, current=current,
                                     features=PairFeatures.of(cluster))

    done = store.consolidate(group, around=around)
    if briefs and done.changed:
        for story, error in refresh(store, store.config, progress=progress, stories=done.changed):
            if error:
                done.brief_errors.append((story, error))
    return done


def refresh(store, config: Config | None = None, *, engine=None, progress: Progress | None = None,
            stories: Iterable[int] | None = None) -> Iterator[tuple[int, str]]:
    """Brief every story of ``store`` that changed since its last brief (only those among
    ``stories`` when given), with ``engine``, and keep the briefs in the store. Yields (story
    id, "" or what went wrong)."""
    config = config or Config()
    engine = engine or LocalEngine()
    stale = store.stale_stories(config)
    if stories is not None:
        wanted = set(stories)
        stale = [story for story in stale if story in wanted]
    work = ((story, store.articles(story)) for story in stale)  # read as the engine asks: memory follows it
    for story, text, error, annotated in (progress or no_progress)(engine.brief(work, config), len(stale),
                                                                     "briefing"):
        if annotated:  # parsed on the engine for this brief: kept, never parsed again
            store.put_annotations(annotated)
        if text is not None:
            store.put_brief(story, text, config)
        yield story, error


def ingest(store, inputs: InputLike | Iterable[InputLike], config: Config | None = None, *, annotator=None,
           stdin: BinaryIO | None = None, progress: Progress | None = None, engine=None):
    """Add the inputs to ``store`` (a :class:`~newsfuse.store.Store`). Yields what became of
    each input: a :class:`~newsfuse.store.Added` once its transaction is committed, or a
    :class:`~newsfuse.model.Skipped`. One bad input never stops the rest.

    The inputs are read one at a time, in batches of ``ingest.batch`` articles; ``engine``
    (this process by default, or :class:`newsfuse.engines.dask.DaskEngine`) prepares the
    batches with :func:`prepare_batch`, in any order, and each prepared article is staged in
    the store as it comes back. Then the staged articles join their stories in publish
    order (a known date first, by date; input order for the rest and for ties), so the
    stories are the same whatever engine prepared them and however its work was split."""
    engine = engine or LocalEngine(annotator)
    config = config or Config()
    # annotate later: articles are prepared without the parse, which a story's brief makes when
    # it first compares them (stored_story_brief; the store keeps it); most articles of a stream
    # never meet a second
    prepare_config = config.set({"analyse.enabled": False}) if config.ingest.annotate == "later" else config
    store.clear_staged()
    skipped: list[Skipped] = []
    sequence: dict[str, int] = {}  # article id -> its place in the input (ids are unique in one ingest)

    def batches() -> Iterator[list[Article]]:
        batch: list[Article] = []
        for item in stream_inputs(inputs, stdin, config):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            sequence[item.id] = len(sequence)
            batch.append(item)
            if len(batch) >= config.ingest.batch:
                yield batch
                batch = []
        if batch:
            yield batch

    done = engine.run(batches(), prepare_config)
    for result in (progress or no_progress)(done, None, "preparing"):
        yield from skipped
        skipped.clear()
        yield from result.skipped
        store.stage([(sequence[p.id], p) for p in result.articles])
    yield from skipped
    yield from store.add_staged(progress)


