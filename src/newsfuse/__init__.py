"""newsfuse: read one news event through many outlets.

    >>> import newsfuse
    >>> b = newsfuse.brief(["examples/harbour-bridge/"], words=80)
    >>> b.summary[0].text, b.summary[0].sources

The stages are modules you can use alone: :mod:`newsfuse.ingest`,
:mod:`newsfuse.clean`, :mod:`newsfuse.segment`, :mod:`newsfuse.align`,
:mod:`newsfuse.summarise` and :mod:`newsfuse.report`.
"""

__version__ = "0.1.0"

from newsfuse.ingest import InputError, read  # noqa: E402
from newsfuse.model import Article, Brief, Fact, Removal, Sentence, Skipped, SummarySentence  # noqa: E402
from newsfuse.pipeline import NoArticlesError, brief  # noqa: E402

__all__ = [
    "Article", "Brief", "Fact", "InputError", "NoArticlesError", "Removal", "Sentence",
    "Skipped", "SummarySentence", "brief", "read", "__version__",
]
