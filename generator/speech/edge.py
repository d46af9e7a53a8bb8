"""The online voice: Microsoft Edge's read-aloud service via edge-tts, with WordBoundary timings.

It sounds natural but needs the network. Every failure to reach it (DNS, refused, proxy, timeout, a
websocket error) becomes EngineUnavailable so the caller can fall back to the offline voice; the whole
call is bounded by asyncio.wait_for because a stalled connection can hang far past edge-tts's own timeouts.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import math
import re
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from generator.speech.base import EngineUnavailable, default_voice, finish, register
from reelflow.models import Narration

TICKS_PER_SECOND = 10_000_000  # edge-tts offsets and durations are in 100-ns ticks
DEFAULT_TIMEOUT = 8.0
_VOICE_RE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}(-[A-Za-z]+)?-\w+Neural$")


def rate_string(rate: float) -> str:
    """edge-tts wants a relative rate like '+10%' or '-5%'."""
    return f"{round((rate - 1.0) * 100):+d}%"


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


def _run_bounded(make_coro: Callable[[], Coroutine[Any, Any, None]], timeout: float) -> None:
    """Run a coroutine under wait_for in this thread, or in a fresh thread if a loop already runs here.

    Shots are voiced from worker threads, which have no loop, so asyncio.run is the common path.
    """

    async def bounded() -> None:
        await asyncio.wait_for(make_coro(), timeout)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(bounded())
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, bounded()).result()


@register
class EdgeEngine:
    """edge-tts. `proxy` is passed through; aiohttp also honours WSS_PROXY from the environment."""

    name = "edge"

    def __init__(self, proxy: str | None = None) -> None:
        self.proxy = proxy

    def available(self) -> bool:
        """Installed, that is; whether the service answers is only known by trying."""
        return importlib.util.find_spec("edge_tts") is not None

    def knows_voice(self, voice: str) -> bool:
        return bool(_VOICE_RE.match(voice))

    def synthesize(
        self,
        text: str,
        language: str,
        voice: str | None,
        out_path: Path,
        *,
        rate: float = 1.0,
        timeout: float | None = None,
    ) -> Narration:
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

        with tempfile.TemporaryDirectory(prefix="reelflow-edge-") as scratch:
            mp3 = Path(scratch) / "edge.mp3"

            async def stream() -> None:
                communicate = edge_tts.Communicate(
                    text,
                    voice,
                    rate=rate_string(rate),
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

            try:
                _run_bounded(stream, timeout)
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
                raise EngineUnavailable(f"edge-tts could not be reached: {reason}", reason) from None
            duration, words = finish(mp3, marks, out_path)
        return Narration(
            text=text, audio_path=str(out_path), duration=duration, words=words, voice=voice, engine=self.name
        )
