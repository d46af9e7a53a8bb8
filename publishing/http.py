"""One HTTP client for every platform: backoff that honours Retry-After, one refresh on 401, no leaked secrets.

Bodies are always bytes (never a stream), so a request can be sent again as it was: the
google-api-python-client pitfall of re-sending an already-read stream cannot happen here.
Known secrets are registered with `SECRETS`; they are cut out of every error message
and of httpx's own log lines.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any, NoReturn, Protocol

import httpx

from publishing.errors import Deferred, PublishError, Rejected, Transient, Unauthorized
from reelflow.retry_after import parse_retry_after
from reelflow.settings import PublishingSettings

log = logging.getLogger("reelflow.publishing")


class _Secrets:
    """Strings that must never be shown: tokens, client secrets, signing keys."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, *values: str | None) -> None:
        with self._lock:
            self._values.update(v for v in values if v and len(v) >= 6)

    def scrub(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, "***")
        return text


SECRETS = _Secrets()


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = SECRETS.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


for _name in ("httpx", "httpcore", "httpcore.http11", "httpcore.connection", "reelflow.publishing"):
    logging.getLogger(_name).addFilter(_ScrubFilter())


class Auth(Protocol):
    """How a platform's requests are authorised (a bearer token, a header, a signature)."""

    def apply(self, request: httpx.Request, *, sign_body: bool) -> None: ...

    def refresh(self) -> None: ...

    def revoked(self, detail: str) -> Exception: ...


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After as seconds (it may be a number or an HTTP date); None when absent or unreadable."""
    return parse_retry_after(response.headers.get("Retry-After"))


def short(text: str, limit: int = 300) -> str:
    """One scrubbed line of a platform's answer, for an error message."""
    line = " ".join(SECRETS.scrub(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def json_of(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PublishError(f"{what}: the platform answered HTTP {response.status_code} with no JSON: "
                           f"{short(response.text)}") from None
    if not isinstance(data, dict):
        raise PublishError(f"{what}: unexpected answer {short(response.text)}")
    return data


def any_json(response: httpx.Response, what: str) -> Any:
    """The answer's JSON, whatever its shape; a PublishError naming the HTTP status when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise PublishError(f"{what}: HTTP {response.status_code}: {short(response.text)}") from None


def raise_coded(code: Any, message: str, status: int, *, auth: set[int], later: set[int],
                transient: frozenset[int] = frozenset()) -> NoReturn:
    """A platform's error code as one of ours: auth troubles (refresh and retry), transient ones (back off),
    quota and permissions (the row stays pending, like HTTP 403), else the clip is rejected."""
    if code in auth:
        raise Unauthorized()
    if code in transient:
        raise Transient(message)
    if code in later or status == 403:
        raise Deferred(f"{message}; the publication stays pending, run it again later")
    raise Rejected(message)


class Api:
    """An httpx client with the retry rules every publisher shares."""

    def __init__(self, settings: PublishingSettings, auth: Auth | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.auth = auth
        self.sleep = sleep
        self.client = httpx.Client(timeout=settings.timeout_seconds, follow_redirects=False,
                                   headers={"User-Agent": "reelflow-publisher/0.1"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def backoff(self, attempt: int, after: float | None, what: str) -> None:
        """Wait before retry `attempt` (0-based); Retry-After wins over our own schedule."""
        cap = self.settings.backoff_max_seconds
        if after is not None:
            if after > cap:
                raise Deferred(f"{what}: the platform asked to wait {after:.0f} s (more than "
                               f"publishing.backoff_max_seconds = {cap:.0f}); run the publish again later")
            delay = after
        else:
            delay = min(cap, self.settings.backoff_seconds * (2**attempt)) * random.uniform(0.5, 1.0)
        log.info("%s: retrying in %.1f s", what, delay)
        self.sleep(delay)

    def send(self, method: str, url: str, *, what: str, authorise: bool = True, sign_body: bool = True,
             retry: bool = True, check: Callable[[httpx.Response], None] | None = None,
             **kwargs: Any) -> httpx.Response:
        """Send a request; 401 → refresh once; 429/5xx/timeouts/drops → backoff (unless `retry` is False).

        `check` inspects a response and may raise Unauthorized/Transient (handled here) or a
        PublishError (passed on). With `retry=False` a Transient is raised to the caller, which
        then decides how to resume (e.g. by asking a resumable session for its state).
        """
        attempt = 0
        refreshed = False
        while True:
            try:
                request = self.client.build_request(method, url, **kwargs)
                if authorise and self.auth is not None:
                    self.auth.apply(request, sign_body=sign_body)
                try:
                    response = self.client.send(request)
                except httpx.TimeoutException as exc:
                    raise Transient(f"{what}: timed out ({type(exc).__name__})") from None
                except httpx.TransportError as exc:
                    raise Transient(f"{what}: connection lost ({type(exc).__name__})") from None
                if response.status_code == 401:
                    raise Unauthorized()
                if response.status_code == 429 or response.status_code >= 500:
                    raise Transient(f"{what}: HTTP {response.status_code}", retry_after(response))
                if check is not None:
                    check(response)
                return response
            except Unauthorized:
                if not authorise or self.auth is None:
                    raise PublishError(f"{what}: the platform refused our credentials (HTTP 401)") from None
                if refreshed:
                    raise self.auth.revoked("the platform refused a freshly refreshed token") from None
                refreshed = True
                self.auth.refresh()
                continue
            except Transient as exc:
                if not retry:
                    raise
                if attempt >= self.settings.retries:
                    raise PublishError(f"{exc} (gave up after {attempt + 1} attempts; run the publish again "
                                       "to resume)") from None
                self.backoff(attempt, exc.retry_after, what)
                attempt += 1
