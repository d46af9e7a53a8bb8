"""The online voice: Microsoft Edge's read-aloud service via edge-tts, with WordBoundary timings.

It sounds natural but needs the network. Failures split in two. Transient ones (the service answers
5xx or 429, drops the connection mid-stream, sends no audio) are retried a few times with backoff
(tenacity). Being unreachable (DNS, refused, proxy, timeout) is not retried: it becomes
EngineUnavailable at once so the caller falls back to the offline voice. Every attempt is bounded by
asyncio.wait_for because a stalled connection can hang far past edge-tts's own timeouts.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import logging
import math
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
    wait_random,
)

from generator.speech.base import NORMAL, EngineUnavailable, Prosody, default_voice, finish, register
from reelflow.media import scratch_dir
from reelflow.models import Narration
from reelflow.settings import EdgeSettings

TICKS_PER_SECOND = 10_000_000  # edge-tts offsets and durations are in 100-ns ticks
DEFAULT_TIMEOUT = 8.0
ATTEMPTS = 3  # one try and two retries on a transient failure
RETRY_WAIT = (0.3, 2.0)  # first backoff and the longest, seconds (jittered)

log = logging.getLogger("reelflow.speech")
T = TypeVar("T")
_VOICE_RE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}(-[A-Za-z]+)?-\w+Neural$")


def rate_string(rate: float) -> str:
    """edge-tts wants a relative rate like '+10%' or '-5%'."""
    return f"{round((rate - 1.0) * 100):+d}%"


def prosody_strings(prosody: Prosody) -> dict[str, str]:
    """The SSML prosody attributes edge-tts sends: rate '+8%', pitch '+5Hz', volume '-10%'."""
    return {"rate": rate_string(prosody.rate), "pitch": f"{prosody.pitch:+d}Hz", "volume": f"{prosody.volume:+d}%"}


def is_transient(exc: BaseException) -> bool:
    """Worth another try: the service answered but failed, or dropped us. Not: we could not reach it."""
    import aiohttp
    from edge_tts import exceptions as edge_errors

    if isinstance(exc, aiohttp.ClientResponseError):  # includes a failed websocket handshake
        return exc.status >= 500 or exc.status == 429
    if isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, proxy: unreachable
        return False
    return isinstance(
        exc,
        aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | aiohttp.ClientOSError
        | edge_errors.WebSocketError | edge_errors.NoAudioReceived | edge_errors.UnexpectedResponse,
    )


def _short(exc: BaseException, timeout: float) -> str:
    """A one-line reason without URLs (they carry the client token and connection id) or object reprs."""
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    host, port = getattr(exc, "host", None), getattr(exc, "port", None)
    if host is not None:  # aiohttp's connector errors: DNS, refused, proxy
        if type(exc).__name__ == "ClientConnectorDNSError":
            return f"DNS lookup failed for {host}"
        os_error = getattr(exc, "os_error", None)
        cause = getattr(os_error, "strerror", None) or type(exc).__name__
        return f"cannot connect to {host}:{port} ({cause})"
    message = str(exc).splitlines()[0] if str(exc) else ""
    message = re.sub(r"\b\w+://\S+", "<url>", message)
    return f"{type(exc).__name__}: {message[:100]}" if message else type(exc).__name__


def run_bounded(make_coro: Callable[[], Coroutine[Any, Any, T]], timeout: float) -> T:
    """Run a coroutine under wait_for in this thread, or in a fresh thread if a loop already runs here.

    Shots are voiced from worker threads, which have no loop, so asyncio.run is the common path.
    """

    async def bounded() -> T:
        return await asyncio.wait_for(make_coro(), timeout)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(bounded())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, bounded()).result()


@register
class EdgeEngine:
    """edge-tts. `proxy` is passed through; aiohttp also honours WSS_PROXY from the environment."""

    name = "edge"
    needs = frozenset({"network"})
    settings_model = EdgeSettings  # [edge]: timeout

    def __init__(self, proxy: str | None = None) -> None:
        self.proxy = proxy

    def available(self) -> bool:
        """Installed, that is; whether the service answers is only known by trying."""
        return importlib.util.find_spec("edge_tts") is not None

    def knows_voice(self, voice: str) -> bool:
        return bool(_VOICE_RE.match(voice))

    def synthesize(self, text: str, language: str, voice: str | None, out_path: Path, *, prosody: Prosody = NORMAL,
                   timeout: float | None = None) -> Narration:
        try:
            import aiohttp
            import edge_tts
            from edge_tts import exceptions as edge_errors
        except ImportError as exc:
            raise EngineUnavailable(f"edge-tts is not installed ({exc.name})") from None

        voice = voice or default_voice(self.name, language)
        timeout = timeout or DEFAULT_TIMEOUT
        whole_seconds = max(1, math.ceil(timeout))  # edge-tts insists on int socket timeouts
        marks: list[tuple[str, float]] = []

        with scratch_dir(out_path.parent, "edge") as scratch:
            mp3 = Path(scratch) / "edge.mp3"

            async def stream() -> None:
                marks.clear()  # a retry starts from nothing: no marks or audio from a failed attempt
                communicate = edge_tts.Communicate(
                    text,
                    voice,
                    **prosody_strings(prosody),
                    boundary="WordBoundary",  # 7.2+ sends only sentence boundaries unless asked
                    proxy=self.proxy,
                    connect_timeout=whole_seconds,
                    receive_timeout=whole_seconds,
                )
                with mp3.open("wb") as f:
                    async for chunk in communicate.stream():
                        if chunk["type"] == "audio":
                            f.write(chunk["data"])
                        elif chunk["type"] == "WordBoundary":
                            marks.append((chunk["text"], chunk["offset"] / TICKS_PER_SECOND))

            def before_sleep(state: RetryCallState) -> None:
                exc = state.outcome.exception() if state.outcome else None
                wait = state.next_action.sleep if state.next_action else 0.0
                log.info("edge-tts failed (%s); retrying in %.1f s", _short(exc, timeout) if exc else "?", wait)

            retrying = Retrying(
                retry=retry_if_exception(is_transient),
                stop=stop_after_attempt(ATTEMPTS) | stop_after_delay(2 * timeout),
                wait=wait_exponential(multiplier=RETRY_WAIT[0], max=RETRY_WAIT[1]) + wait_random(0, RETRY_WAIT[0]),
                before_sleep=before_sleep,
                reraise=True,
            )
            try:
                retrying(run_bounded, stream, timeout)
            except (
                aiohttp.ClientError,
                TimeoutError,
                OSError,
                edge_errors.WebSocketError,
                edge_errors.NoAudioReceived,
                edge_errors.UnexpectedResponse,
                edge_errors.UnknownResponse,
            ) as exc:
                reason = _short(exc, timeout)
                tries = retrying.statistics.get("attempt_number", 1)
                if tries > 1:
                    reason += f" ({tries} attempts)"
                raise EngineUnavailable(f"edge-tts could not be reached: {reason}", reason) from None
            duration, words = finish(mp3, marks, out_path)
        return Narration(
            text=text, audio_path=str(out_path), duration=duration, words=words, voice=voice, engine=self.name
        )
