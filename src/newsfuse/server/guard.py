"""What keeps a server on localhost from being driven by other web pages.

A page open in the user's browser can send a "simple" cross-origin request (a form
POST, a ``text/plain`` fetch) without a CORS preflight, and a DNS-rebinding page can
make its own name resolve to 127.0.0.1 and reach the server as same-origin. So:

- every request must name this server in ``Host``: a loopback name, the name it was
  started on, or one of ``serve.allowed_hosts`` (Django's ``ALLOWED_HOSTS`` idea);
  a server listening on every address (0.0.0.0) takes any name unless the setting
  lists some;
- a write (POST, PUT, PATCH, DELETE) coming from a web page (it carries ``Origin``,
  or ``Referer`` when a browser leaves ``Origin`` out) must come from this server's
  own origin, unless the server has a token (every write then needs it, from any
  origin). Clients that are not browsers (curl, scripts) send neither header and are
  not affected.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def allowed_hosts(listening_on: str | None, extra: str = "") -> frozenset[str] | None:
    """The names requests may give in ``Host`` (lower case, no port); None for any: a server
    on every address with no names set."""
    named = {h.strip().lower().strip("[]") for h in extra.split(",") if h.strip()}
    if "*" in named:
        return None
    listening = (listening_on or "").strip().lower().strip("[]")
    if listening in WILDCARD_ADDRESSES and listening_on is not None and not named:
        return None
    return frozenset(LOOPBACK_NAMES | named | ({listening} if listening else set()))


def split_host(value: str) -> tuple[str, int | None] | None:
    """A ``Host`` header or an origin's authority as (name, port); None when malformed."""
    try:
        parts = urlsplit("//" + value.strip())
        name, port = parts.hostname, parts.port
    except ValueError:
        return None
    return (name.lower(), port) if name else None


def origin_of(header: str) -> tuple[str, str, int | None] | None:
    """(scheme, name, port) of an ``Origin`` or ``Referer`` value; None for "null" or junk."""
    try:
        parts = urlsplit(header.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return parts.scheme, parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None


class GuardHosts:
    """ASGI middleware: refuses (400) a request whose ``Host`` is not this server's, and
    (403) a write sent by a web page of another origin when the server has no token."""

    def __init__(self, app, hosts: frozenset[str] | None, has_token: bool):
        self.app = app
        self.hosts = hosts
        self.has_token = has_token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        given = headers.get("host", "")
        host = split_host(given)
        if self.hosts is not None and (host is None or host[0] not in self.hosts):
            return await json_error(send, 400, f"Host {given!r} is not this server's name; it answers to "
                                            f"{', '.join(sorted(self.hosts))} (serve.allowed_hosts adds names)")
        if scope["method"] in WRITES and not self.has_token:
            problem = self._foreign_origin(headers, host, scope.get("scheme", "http"))
            if problem:
                return await json_error(send, 403, problem)
        return await self.app(scope, receive, send)

    def _foreign_origin(self, headers: dict[str, str], host: tuple[str, int | None] | None, scheme: str
                        ) -> str | None:
        """Why a write from this origin is refused, or None when it comes from this server's
        own pages (or from no web page at all)."""
        header = "origin" if "origin" in headers else "referer" if "referer" in headers else None
        if header is None:
            return None
        origin = origin_of(headers[header])
        port = (host[1] if host else None) or (443 if scheme == "https" else 80)
        own = host is not None and origin is not None and origin[1] == host[0] and origin[2] == port
        loopback = origin is not None and origin[1] in LOOPBACK_NAMES and origin[2] == port and (
            host is not None and host[0] in LOOPBACK_NAMES)
        if own or loopback:
            return None
        return (f"refused a write from the web page at {headers[header]!r} ({header.title()}): this server takes "
                f"writes only from its own pages, or with a token (newsfuse serve --token)")


async def json_error(send, status: int, message: str) -> None:
    """Answer a request with ``{"error": message}`` from ASGI middleware (before any route)."""
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
