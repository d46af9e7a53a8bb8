"""One GET against a stock API with the retries a rate-limited service needs, and errors that name no key.

429, 5xx, timeouts and dropped connections are retried up to `retries` times. The wait is what the
service says: Retry-After (the project's one parser), or Pexels' X-Ratelimit-Reset (a UNIX time) when
X-Ratelimit-Remaining is 0; without either, a short doubling backoff. A wait longer than
`max_wait_seconds` is not slept through: the provider fails now, so the next one can be tried.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx

from generator.video.stock.keys import scrub
from generator.video.stock.options import StockOptions
from reelflow.errors import ReelflowError
from reelflow.retry_after import parse_retry_after

log = logging.getLogger("reelflow.stock")

RETRYABLE = frozenset({429, 500, 502, 503, 504})
BACKOFF = 0.5  # first wait without a hint from the service; doubles each retry
SITE = {"pexels": "Pexels", "pixabay": "Pixabay"}


class StockError(ReelflowError):
    """One provider or one item failed; the message is one line that names the provider and no key."""


def server_wait(response: httpx.Response) -> float | None:
    """Seconds the service asks us to wait before the next request, if it says."""
    wait = parse_retry_after(response.headers.get("Retry-After"))
    if wait is not None:
        return wait
    if response.headers.get("X-Ratelimit-Remaining") == "0":
        reset = response.headers.get("X-Ratelimit-Reset", "")
        try:
            return max(0.0, float(reset) - time.time())
        except ValueError:
            return None
    return None


def _body_line(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    try:
        data = response.json()
        if isinstance(data, dict) and isinstance(data.get("error") or data.get("message"), str):
            text = data.get("error") or data.get("message")
    except ValueError:
        pass
    return text[:160]


def get(client: httpx.Client, provider: str, url: str, opts: StockOptions, *, params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None, secret: str | None = None, what: str = "search") -> httpx.Response:
    """GET `url`, retrying what can pass; any other answer raises a one-line StockError."""
    site = SITE.get(provider, provider)
    attempt = 0
    while True:
        problem: str
        wait: float | None = None
        try:
            response = client.get(url, params=params, headers=headers, timeout=opts.timeout_seconds)
        except httpx.TimeoutException:
            problem = f"no answer within {opts.timeout_seconds:g} s"
        except httpx.TransportError as exc:
            problem = f"connection failed ({type(exc).__name__})"
        else:
            if response.status_code < 400:
                return response
            problem = f"answered {response.status_code}"
            if response.status_code not in RETRYABLE:
                detail = scrub(_body_line(response), secret)
                raise StockError(f"{site} {what} failed: {problem}" + (f": {detail}" if detail else ""))
            wait = server_wait(response)
        if attempt >= opts.retries:
            tries = "once" if attempt == 0 else f"{attempt + 1} times"
            raise StockError(f"{site} {what} failed: {problem} {tries}")
        if wait is None:
            wait = min(BACKOFF * 2**attempt, opts.max_wait_seconds)
        if wait > opts.max_wait_seconds:
            raise StockError(f"{site} {what} failed: {problem} and asks to wait {wait:.0f} s "
                             f"(more than stock.max_wait_seconds = {opts.max_wait_seconds:g})")
        attempt += 1
        log.info("%s %s: %s; retry %d of %d in %.1f s.", site, what, problem, attempt, opts.retries, wait)
        time.sleep(wait)
