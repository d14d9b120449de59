"""Fetch: articles from URLs, politely and safely.

A URL is fetched only over http or https, with a timeout and a size limit,
at most once per ``ingest.host_delay`` seconds per host, when the host's
robots.txt allows it. A host that resolves to a private, loopback,
link-local or otherwise reserved address is refused (every redirect is
checked too) unless ``ingest.allow_private`` is set, so newsfuse run on a
server cannot be made to read its own network.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from urllib.parse import urlparse

from newsfuse.config import IngestConfig
from newsfuse.ingest import InputError, decode
from newsfuse.model import Article

USER_AGENT = "newsfuse/0.1 (+https://pypi.org/project/newsfuse)"


def is_url(item: object) -> bool:
    return isinstance(item, str) and item.lower().startswith(("http://", "https://"))


class Fetcher:
    """Fetches URLs under one configuration; remembers robots.txt and the last visit per host."""

    def __init__(self, config: IngestConfig | None = None):
        self.config = config or IngestConfig()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_CheckedRedirects(self))

    def check(self, url: str) -> None:
        """Refuse a URL newsfuse must not fetch; the message says why."""
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(url, "only http and https URLs with a host are fetched")
        if self.config.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as e:
            raise InputError(url, f"host {parts.hostname} cannot be resolved ({e})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if not address.is_global:
                raise InputError(url, f"refused: {parts.hostname} is a private, loopback or reserved address "
                                      f"({address}); --allow-private (ingest.allow_private) allows it")

    def fetch(self, url: str, article_id: str | None = None) -> Article:
        self.check(url)
        if not self._allowed(url):
            raise InputError(url, "refused by the site's robots.txt")
        body, kind, final = self._get(url)
        html = "html" in kind or body.lstrip()[:100].lower().startswith((b"<!doctype html", b"<html"))
        text = decode(body, url, html=html)
        return Article(id=article_id or _id_of(final), raw=text, format="html" if html else "text", origin=url,
                       url=final)

    def _get(self, url: str) -> tuple[bytes, str, str]:
        host = urlparse(url).hostname or ""
        wait = self._last.get(host, -1e9) + self.config.host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
        try:
            with self._opener.open(request, timeout=self.config.fetch_timeout) as response:
                limit = self.config.max_fetch_bytes
                body = response.read(limit + 1)
                if len(body) > limit:
                    raise InputError(url, f"too large: more than {limit:,} bytes (ingest.max_fetch_bytes)")
                return body, response.headers.get("Content-Type", ""), response.geturl()
        except urllib.error.HTTPError as e:
            raise InputError(url, f"HTTP {e.code} {e.reason}") from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, InputError):
                raise e.reason from None
            raise InputError(url, f"cannot be fetched ({e.reason})") from None
        except (TimeoutError, socket.timeout):
            raise InputError(url, f"timed out after {self.config.fetch_timeout} s (ingest.fetch_timeout)") from None
        finally:
            self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlparse(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            rules = urllib.robotparser.RobotFileParser()
            try:
                body, _, _ = self._get(root + "/robots.txt")
                rules.parse(body.decode("utf-8", errors="replace").splitlines())
            except InputError:
                rules = None  # no robots.txt (or none readable): nothing is forbidden
            self._robots[root] = rules
        rules = self._robots[root]
        return rules is None or rules.can_fetch(USER_AGENT, url)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect target is checked as the first URL was: no way round the refusal."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            self.fetcher.check(newurl)
        except InputError as e:
            raise urllib.error.URLError(e) from None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _id_of(url: str) -> str:
    parts = urlparse(url)
    path = parts.path.rstrip("/").rsplit("/", 1)[-1] or "index"
    return f"{parts.hostname}-{path}"[:80]
