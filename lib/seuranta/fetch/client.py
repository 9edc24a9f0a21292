"""A polite client of one PxWeb API 2.0 server: its stated rate limit, timeouts, retries.

- **Rate limit.** ``/config`` states ``maxCallsPerTimeWindow`` calls per ``timeWindow``
  seconds; every request (a retry too) waits until it fits in the window.
- **Retries.** A 429 or 5xx answer, a timeout or a dropped connection is tried again, up to
  ``retries`` times, after ``backoff`` seconds doubling each time (or the server's
  ``Retry-After``, when it gives one, up to a minute).
- **Errors.** Everything else is one :class:`FetchError` line naming the source and the
  URL: no answer (no network, a wrong host), an HTML page where JSON or data was expected,
  the server's own message for a 4xx.
"""

from __future__ import annotations

import collections
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from seuranta.errors import SeurantaError

# httpx logs every request at INFO; the command reports what it fetched itself.
logging.getLogger("httpx").setLevel(logging.WARNING)

#: Seconds to wait for the server to connect and to answer a request.
TIMEOUT = 30.0
#: How many times a 429, a 5xx, a timeout or a dropped connection is tried again.
RETRIES = 4
#: The first wait before a retry, in seconds; it doubles each time.
BACKOFF = 1.0
#: The longest ``Retry-After`` honoured, in seconds.
MAX_RETRY_AFTER = 60.0
USER_AGENT = "seuranta-fetch (PxWeb API 2.0 client)"


class FetchError(SeurantaError):
    """One line: the source, the URL and what went wrong; ``status`` the HTTP status of a
    4xx answer."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimit:
    """At most ``calls`` requests in any ``window`` seconds (a sliding window).

    A request counts from the moment its answer has arrived (:meth:`done`), not from when
    it was sent: the server counts a request when it arrives, somewhere in between, so a
    window measured from each answer holds on the server's side too.
    """

    def __init__(
        self,
        calls: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.calls, self.window = max(1, calls), max(0.0, window)
        self.clock, self.sleep = clock, sleep
        self.sent: collections.deque[float] = collections.deque()

    def wait(self) -> None:
        """Return when one more request fits in the window."""
        now = self.clock()
        while self.sent and now - self.sent[0] >= self.window:
            self.sent.popleft()
        while len(self.sent) >= self.calls:
            self.sleep(max(0.0, self.sent[0] + self.window - now))
            self.sent.popleft()
            now = self.clock()

    def done(self) -> None:
        """A request has been answered (or has failed)."""
        self.sent.append(self.clock())


def _url(url: str, params: Mapping[str, str] | None) -> str:
    return str(httpx.URL(url, params=params or None))


class Server:
    """The API root of one server, asked on behalf of one ``source`` (for the messages)."""

    def __init__(
        self,
        root: str,
        source: str,
        *,
        timeout: float = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.root = root.rstrip("/")
        self.source = source
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.client = httpx.Client(
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*"},
            follow_redirects=True,
        )
        # Until /config says otherwise: one call a second.
        self.limit = RateLimit(1, 1.0, sleep=sleep)
        self.calls = 0  # requests sent, retries included
        self._config: dict[str, Any] | None = None

    def close(self) -> None:
        self.client.close()

    def fail(self, url: str, what: str, status: int | None = None) -> FetchError:
        return FetchError(f"{self.source}: {url}: {what}", status)

    def config(self) -> dict[str, Any]:
        """``GET /config`` (asked once); its rate limit applies from the next request on."""
        if self._config is not None:
            return self._config
        config = self._config = self.json("/config")
        calls, window = config.get("maxCallsPerTimeWindow"), config.get("timeWindow")
        if isinstance(calls, int) and isinstance(window, int | float) and calls > 0:
            self.limit.calls, self.limit.window = calls, float(window)
        return config

    def json(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """A JSON object from ``path``; an answer that is not one is an error."""
        url = _url(self.root + path, params)
        response = self.get(path, params)
        try:
            doc = json.loads(response.content)
        except ValueError:
            raise self.fail(url, f"expected JSON, the server answered {_kind(response)}") from None
        if not isinstance(doc, dict):
            raise self.fail(url, f"expected a JSON object, found {type(doc).__name__}")
        return doc

    def get(self, path: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        """A successful answer to ``GET <root><path>?<params>``, after any retries."""
        url = _url(self.root + path, params)
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self.limit.wait()
            self.calls += 1
            try:
                response = self.client.get(url)
            except httpx.TimeoutException:
                self.limit.done()
                problem = f"no answer within {self.client.timeout.read:g} s"
            except httpx.TransportError as err:
                self.limit.done()
                # No route, refused, a name that does not resolve: no use waiting for it.
                if isinstance(err, httpx.ConnectError | httpx.UnsupportedProtocol):
                    raise self.fail(url, f"cannot connect ({_reason(err)})") from None
                problem = f"the connection failed ({_reason(err)})"
            else:
                self.limit.done()
                if response.status_code == 429 or response.status_code >= 500:
                    problem = f"HTTP {response.status_code}{_said(response)}"
                    wait = max(wait, _retry_after(response))
                elif response.status_code >= 400:
                    raise self.fail(
                        url, f"HTTP {response.status_code}{_said(response)}", response.status_code
                    )
                elif _is_html(response):
                    raise self.fail(
                        url,
                        "the server answered with an HTML page, not the API: "
                        "is the API root right?",
                    )
                else:
                    return response
            if attempt == self.retries:
                raise self.fail(url, f"{problem}, after {self.retries + 1} tries")
            self.sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")


def _reason(err: Exception) -> str:
    return str(err).strip() or type(err).__name__


def _is_html(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "").lower()
    head = response.content[:200].lstrip().lower()
    return "html" in kind or head.startswith((b"<!doctype html", b"<html"))


def _kind(response: httpx.Response) -> str:
    if _is_html(response):
        return "an HTML page"
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    return f"{kind or 'something else'} ({len(response.content)} bytes)"


def _said(response: httpx.Response) -> str:
    """The server's own words about an error: PxWeb answers RFC 7807 problem JSON."""
    try:
        doc = json.loads(response.content)
    except ValueError:
        return ""
    if not isinstance(doc, dict):
        return ""
    words = [str(doc[k]) for k in ("title", "detail") if doc.get(k)]
    return f": {' - '.join(words)}" if words else ""


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(response.headers.get("retry-after", ""))))
    except ValueError:
        return 0.0
