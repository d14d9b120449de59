"""Engines run the per-article and per-story work: ``LocalEngine`` (this process, in
:mod:`newsfuse.pipeline`) and ``DaskEngine`` (Dask workers, :mod:`newsfuse.engines.dask`).
They run the same stage functions; only where they run differs."""

from newsfuse.pipeline import LocalEngine

__all__ = ["LocalEngine"]
