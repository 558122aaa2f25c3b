"""The polite HTTP client every fetch goes through: one User-Agent, spacing, retries, a deadline.

A request either returns a complete, checked answer or raises UpstreamError with one line saying
why. Timeouts, 408, 429, 5xx and connections dropped mid-answer are tried again after a backoff
that doubles (or after the server's Retry-After, when it asks for longer); anything else fails at
once. Every wait and every request ends before the run's deadline: requests run in a helper
thread, so neither a slow DNS lookup nor a server that trickles bytes can hold the run past it.

The client reads the time and waits through the `clock` and `sleep` it is given (real time by
default), so tests can run every wait instantly and check it; only a request's own timeout is real.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

MAX_BYTES = 32 * 1024 * 1024  # a daily listing is well under 1 MiB; more is not a listing
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Policy:
    """How politely and how long to ask; every field is set in sources.yml (`client:`)."""

    user_agent: str
    timeout: float = 30.0  # seconds for one request, from connecting to the last byte
    retries: int = 3  # further tries after a timeout, 408, 429, 5xx or a dropped connection
    backoff: float = 5.0  # seconds before the first retry, doubled before each next one
    retry_after_cap: float = 120.0  # the longest Retry-After waited for; longer ones fail
    deadline: float = 900.0  # seconds for the whole run, waits included


class UpstreamError(Exception):
    """A request that failed for good; the message is one line fit for `error: SOURCE: ...`."""


class Transient(Exception):
    """Raised by an answer's check when the answer is incomplete: ask again, within the retries."""


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Client:
    """Sends GET requests for one run; `lane` groups the requests that share a spacing."""

    def __init__(
        self,
        policy: Policy,
        log: Callable[[str], None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        hosts: frozenset[str] = frozenset(),
    ) -> None:
        self.policy = policy
        self.hosts = hosts  # hosts a redirect may lead to, besides the one asked
        self.requests = 0
        self._log = log or (lambda message: None)
        self._clock = clock
        self._sleep = sleep
        self._end = clock() + policy.deadline
        self._last: dict[str, float] = {}  # lane -> when its last request finished

    def get(self, url: str, *, lane: str, spacing: float, check: Callable[[bytes], T]) -> T:
        """The checked answer to GET `url`, at least `spacing` seconds after the lane's last one.

        `check` turns the body into a value; it raises Transient to have the request retried and
        anything else to fail at once.
        """
        tries = 1 + self.policy.retries
        for attempt in range(1, tries + 1):
            self._pause(self._last.get(lane, -spacing) + spacing - self._clock(), "spacing requests")
            try:
                self._log(f"GET {url}")
                return check(self._fetch(url))
            except _Retry as exc:
                reason, retry_after = exc.reason, exc.retry_after
            except Transient as exc:
                reason, retry_after = str(exc), None
            finally:
                self._last[lane] = self._clock()
            if attempt == tries:
                raise UpstreamError(f"{reason} (gave up after {_plural(tries, 'try', 'tries')})")
            wait = self.policy.backoff * 2 ** (attempt - 1)
            if retry_after is not None:
                if retry_after > self.policy.retry_after_cap:
                    raise UpstreamError(
                        f"{reason}, asked to retry after {_seconds(retry_after)}, longer than "
                        f"client.retry_after_cap ({_seconds(self.policy.retry_after_cap)})"
                    )
                wait = max(wait, retry_after)
            self._log(f"{reason}; trying again in {_seconds(wait)}")
            self._pause(wait, reason)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, seconds: float, why: str) -> None:
        if seconds <= 0:
            return
        if self._clock() + seconds > self._end:
            raise UpstreamError(f"{why}: waiting {_seconds(seconds)} more would pass the {self._deadline}")
        self._sleep(seconds)

    @property
    def _deadline(self) -> str:
        return f"deadline of {_seconds(self.policy.deadline)} (client.deadline)"

    def _fetch(self, url: str) -> bytes:
        left = self._end - self._clock()
        if left <= 0:
            raise UpstreamError(f"the {self._deadline} was reached")
        limit = min(self.policy.timeout, left)
        request = urllib.request.Request(
            url, headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "identity"}
        )
        outcome: list[bytes | BaseException] = []

        def attempt() -> None:
            try:  # the socket's own timeout is a backstop: the join below decides, with one message
                outcome.append(_read(request, limit + 1, self.hosts))
            except BaseException as exc:  # handed to the waiting thread, raised there
                outcome.append(exc)

        self.requests += 1
        # A daemon thread: one that outlives its time (a stuck DNS lookup) never blocks the exit.
        worker = threading.Thread(target=attempt, name="paperfeed-request", daemon=True)
        worker.start()
        worker.join(limit)
        if not outcome:
            if limit < self.policy.timeout:
                raise UpstreamError(f"no answer before the {self._deadline}")
            raise _Retry(f"no answer within {_seconds(self.policy.timeout)}")
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to https (or the scheme asked) on the host asked or one of `hosts`:
    never to another scheme such as ftp://, never silently to a host nobody configured."""

    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        asked, target = urlsplit(req.full_url), urlsplit(newurl)
        if target.scheme not in ("https", asked.scheme):
            raise UpstreamError(f"refused a redirect to {printable(newurl)!r}: not https")
        if target.hostname != asked.hostname and target.hostname not in self.hosts:
            raise UpstreamError(
                f"refused a redirect to {printable(newurl)!r}: {target.hostname} is not a host in sources.yml"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(request: urllib.request.Request, timeout: float, hosts: frozenset[str] = frozenset()) -> bytes:
    """The body of a 200 answer, read whole; _Retry or UpstreamError otherwise."""
    host = urlsplit(request.full_url).hostname or request.full_url
    opener = urllib.request.build_opener(_Redirects(hosts))
    try:
        with opener.open(request, timeout=timeout) as response:
            if response.status != 200:
                raise UpstreamError(f"HTTP {response.status} {printable(response.reason)} (expected 200)")
            body = bytearray()
            while chunk := response.read(_CHUNK):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise UpstreamError(f"the answer is larger than {MAX_BYTES // 2**20} MiB")
            # read(amt) ends quietly where the connection did: a short body must be caught here
            promised = response.headers.get("Content-Length", "")
            if promised.isdigit() and len(body) < int(promised):
                raise _Retry(f"the connection closed mid-answer ({len(body)} of {promised} bytes)")
            return bytes(body)
    except urllib.error.HTTPError as exc:
        status = f"HTTP {exc.code} {printable(str(exc.reason))}".rstrip()
        if exc.code in (408, 429) or exc.code >= 500:
            raise _Retry(status, _retry_after(exc.headers.get("Retry-After"))) from None
        raise UpstreamError(status + _detail(exc)) from None
    except urllib.error.URLError as exc:
        raise _connection_error(exc.reason, host) from None
    except http.client.IncompleteRead as exc:
        raise _Retry(f"the connection closed mid-answer (after {len(exc.partial)} bytes)") from None
    except OSError as exc:  # timeouts and broken connections while reading the body
        raise _connection_error(exc, host) from None
    except http.client.HTTPException as exc:
        raise UpstreamError(f"not an HTTP answer ({type(exc).__name__}: {exc})") from None


def _connection_error(reason: object, host: str) -> Exception:
    """A failure to connect or to read, as _Retry when trying again could help."""
    if isinstance(reason, TimeoutError):
        return _Retry("no answer in time")
    if isinstance(reason, ConnectionRefusedError):
        return UpstreamError(f"cannot connect to {host}: connection refused")
    if isinstance(reason, ConnectionError):  # reset or aborted mid-answer: a network blip
        return _Retry(f"the connection to {host} broke ({reason.strerror or type(reason).__name__})")
    if isinstance(reason, socket.gaierror):  # no network, or a wrong host name: retrying won't fix it
        return UpstreamError(f"cannot find {host}: {reason.strerror or reason}")
    if isinstance(reason, ssl.SSLError):
        return UpstreamError(f"secure connection to {host} failed: {reason.reason or reason}")
    if isinstance(reason, OSError):
        return UpstreamError(f"cannot connect to {host}: {reason.strerror or reason}")
    return UpstreamError(f"cannot connect to {host}: {reason}")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _detail(exc: urllib.error.HTTPError) -> str:
    """What an error answer says about itself (a JSON `error` or an arXiv error summary), briefly."""
    try:
        text = exc.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    message = ""
    try:
        data = json.loads(text)
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            message = data["error"]
    except ValueError:
        match = re.search(r"<summary>(.*?)</summary>", text, re.DOTALL)
        message = match.group(1) if match else ""
    message = printable(message)
    return f": {message}" if message else ""


def printable(text: str, limit: int = 200) -> str:
    """Server text made safe for a terminal: one line, control characters (an ESC sequence could
    recolour or rewrite the terminal) shown as \\x.. escapes, at most `limit` characters."""
    one_line = " ".join(text.split())
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in one_line)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _seconds(value: float) -> str:
    return f"{value:g}s"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
