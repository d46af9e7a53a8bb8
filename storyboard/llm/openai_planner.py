"""The `openai` planner: any OpenAI-compatible chat-completions endpoint.

OpenAI, DeepSeek, Qwen (DashScope compatible mode), Moonshot, Ollama, vLLM and LM Studio all speak
POST {base}/chat/completions. They differ in what `response_format` they accept, so the request
starts with a JSON schema and steps down to `json_object`, then to none, when an endpoint rejects
it (the step is remembered for the planner's later requests). 429, 5xx, timeouts and dropped
connections are retried with exponential backoff, waiting as long as Retry-After asks when it asks.

The API key comes from OPENAI_API_KEY when a request is made; it is not stored in settings, and it
is kept out of every message, log line and storyboard.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from reelflow.retry_after import parse_retry_after
from reelflow.settings import OpenAISettings
from storyboard.llm.base import BackendError, LLMPlanner, Message, redact
from storyboard.planners import register

log = logging.getLogger("storyboard.llm")

FORMATS = ("json_schema", "json_object", "plain")
MAX_BACKOFF = 30.0
MAX_RETRY_AFTER = 120.0
DEFAULT_MODEL = "gpt-4o-mini"


class Transient(Exception):
    """A failure worth retrying (429, 5xx, timeout, dropped connection)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(Exception):
    """The endpoint refused the request's response_format (HTTP 400/422)."""


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """Retry-After as seconds or an HTTP date, or the retry-after-ms some APIs send; None if absent."""
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    return parse_retry_after(headers.get("retry-after"))


def _excerpt(response: httpx.Response, limit: int = 300) -> str:
    try:
        data = response.json()
        err = data.get("error") if isinstance(data, dict) else None
        text = (err.get("message") if isinstance(err, dict) else err) or response.text
    except ValueError:
        text = response.text
    return redact(" ".join(str(text).split()))[:limit]


class OpenAIBackend:
    """One endpoint and model; `complete` returns the text of the first choice."""

    def __init__(self, base_url: str, model: str | None, *, timeout: float, max_retries: int, backoff: float,
                 temperature: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.temperature = temperature
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)))
        self._format = 0
        self._backoff = wait_exponential(multiplier=backoff, max=MAX_BACKOFF) + wait_random(0, backoff / 2)
        self.model = model or self._discover_model()

    def close(self) -> None:
        self.client.close()

    @property
    def where(self) -> str:
        return redact(f"{self.base_url}/chat/completions")

    def _headers(self) -> dict[str, str]:
        key = os.environ.get("OPENAI_API_KEY")
        return {"Authorization": f"Bearer {key}"} if key else {}

    def _discover_model(self) -> str:
        """No model configured: the endpoint's first listed model (Ollama, vLLM, LM Studio list theirs)."""
        try:
            r = self.client.get(f"{self.base_url}/models", headers=self._headers(), timeout=min(self.timeout, 10.0))
            ids = [m["id"] for m in r.json().get("data", []) if isinstance(m, dict) and m.get("id")]
        except (httpx.HTTPError, ValueError, AttributeError, KeyError, TypeError):
            ids = []
        model = ids[0] if ids else DEFAULT_MODEL
        log.info("No openai.model set (REELFLOW_OPENAI__MODEL); using %r.", model)
        return model

    def complete(self, messages: list[Message], schema: dict[str, Any], *, seed: int) -> str:
        while True:
            fmt = FORMATS[self._format]
            body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": self.temperature,
                                    "seed": seed}
            if fmt == "json_schema":
                body["response_format"] = {"type": "json_schema",
                                           "json_schema": {"name": "storyboard", "strict": True, "schema": schema}}
            elif fmt == "json_object":
                body["response_format"] = {"type": "json_object"}
            try:
                return self._post(body)
            except Rejected as exc:
                if self._format + 1 >= len(FORMATS):
                    raise BackendError(f"{self.where} rejected the request: {exc}") from None
                self._format += 1
                log.info("%s does not take response_format %s (%s); trying %s.", self.where, fmt, exc,
                         FORMATS[self._format])

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return min(exc.retry_after, MAX_RETRY_AFTER)
        return float(self._backoff(state))

    def _post(self, body: dict[str, Any]) -> str:
        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.warning("%s: %s; retrying in %.1f s (attempt %d of %d).", self.where, exc,
                        state.upcoming_sleep, state.attempt_number + 1, self.max_retries + 1)

        retrying = Retrying(stop=stop_after_attempt(self.max_retries + 1), wait=self._wait,
                            retry=retry_if_exception_type(Transient), before_sleep=before_sleep, reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    return self._post_once(body)
        except Transient as exc:
            n = self.max_retries + 1
            raise BackendError(f"{self.where} failed {n} time{'s' if n > 1 else ''}; last: {exc}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _post_once(self, body: dict[str, Any]) -> str:
        url = f"{self.base_url}/chat/completions"
        try:
            r = self.client.post(url, json=body, headers=self._headers())
        except httpx.TimeoutException:
            raise Transient(f"no answer within {self.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise Transient(f"connection failed ({type(exc).__name__}: {redact(str(exc))[:200]})") from None
        if r.status_code == 429 or r.status_code >= 500:
            raise Transient(f"HTTP {r.status_code}: {_excerpt(r)}", retry_after_seconds(r.headers))
        if r.status_code in (400, 422) and "response_format" in body:
            raise Rejected(f"HTTP {r.status_code}: {_excerpt(r)}")
        if r.status_code in (401, 403):
            raise BackendError(f"{self.where} refused the credentials (HTTP {r.status_code}); check OPENAI_API_KEY")
        if r.status_code == 404:
            raise BackendError(f"{self.where} answered 404: wrong base URL (openai.base_url / OPENAI_BASE_URL) "
                               f"or unknown model {self.model!r}: {_excerpt(r)}")
        if r.status_code >= 400:
            raise BackendError(f"{self.where} answered HTTP {r.status_code}: {_excerpt(r)}")
        try:
            data = r.json()
            message = data["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise Transient(f"an answer that is not a chat completion: {_excerpt(r)}") from None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        if not content and isinstance(message, dict) and message.get("refusal"):
            raise BackendError(f"the model refused: {redact(str(message['refusal']))[:200]}")
        return content or ""


@register("openai", needs={"network", "key"}, settings=OpenAISettings)
class OpenAIPlanner(LLMPlanner):
    """Storyboards from an OpenAI-compatible endpoint (settings [openai], OPENAI_BASE_URL, OPENAI_API_KEY)."""

    name = "openai"

    def make_backend(self) -> OpenAIBackend:
        s = self.settings.openai
        return OpenAIBackend(s.base_url, s.model, timeout=s.timeout, max_retries=s.max_retries,
                             backoff=s.backoff, temperature=s.temperature)
