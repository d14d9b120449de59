"""``newsfuse serve``: the web app and REST API over a store (see :mod:`newsfuse.server.app`)."""

from newsfuse.server.app import LOCAL_HOSTS, create_app

__all__ = ["LOCAL_HOSTS", "create_app"]
