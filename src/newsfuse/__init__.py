"""newsfuse: read one news event through many outlets.

    >>> import newsfuse
    >>> b = newsfuse.brief(["examples/varnholm-flood/"], words=80)
    >>> b.summary[0].text, b.summary[0].sources

``brief`` is ``fuse(prepare(...))``: :func:`prepare` does the per-article work
once (clean, split, annotate) and :func:`fuse` the per-story work. Every
setting is in :class:`Config`. The stages are modules you can use alone:
:mod:`newsfuse.ingest`, :mod:`newsfuse.clean`, :mod:`newsfuse.segment`,
:mod:`newsfuse.annotate`, :mod:`newsfuse.align`, :mod:`newsfuse.analyse`,
:mod:`newsfuse.summarise` and :mod:`newsfuse.report`.
"""

from newsfuse._version import __version__
from newsfuse.config import Config, ConfigError
from newsfuse.ingest import InputError
from newsfuse.inputs import read
from newsfuse.model import (
    Article, Brief, Fact, PreparedArticle, Removal, Sentence, Skipped, SummarySentence,
)
from newsfuse.pipeline import NoArticlesError, brief, brief_stories, fuse, prepare

__all__ = [
    "Article", "Brief", "Config", "ConfigError", "Fact", "InputError", "NoArticlesError", "PreparedArticle",
    "Removal", "Sentence", "Skipped", "SummarySentence", "brief", "brief_stories", "fuse", "prepare", "read",
    "__version__",
]
