"""Narration: text in, a 48 kHz mono WAV with word timings out, cached and with an offline fallback.

`say` prefers the natural online voice (edge-tts) and falls back to espeak-ng when it cannot be
reached. The failure is remembered for the rest of the process, so a 12-shot video pays the network
timeout once, not 12 times, and the user sees one warning.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from generator.speech import edge as _edge  # noqa: F401 - registers the engine
from generator.speech import espeak as _espeak  # noqa: F401 - registers the engine
from generator.speech.base import ENGINES, NORMAL, EngineUnavailable, Prosody, SpeechEngine, default_voice
from reelflow.media import atomic_write_text
from reelflow.models import Narration, content_hash

__all__ = [
    "ENGINES", "NORMAL", "EngineUnavailable", "Prosody", "SpeechEngine", "default_voice", "forget_unavailable", "say",
]

OFFLINE_ENGINE = "espeak"
CACHE_VERSION = 2  # bump when the audio finish (trim, format) changes, to void old cache entries

log = logging.getLogger("reelflow.speech")

_down_lock = threading.Lock()
_down: dict[str, str] = {}  # engine name -> why it was unavailable, for the rest of the process


def forget_unavailable() -> None:
    """Let `say` try engines that failed earlier again (a long-lived process whose network came back)."""
    with _down_lock:
        _down.clear()


def _cache_paths(cache_dir: Path, engine: str, voice: str, prosody: Prosody, language: str,
                 text: str) -> tuple[Path, Path]:  # fmt: skip
    """Keyed by everything that changes the sound: text, engine, voice, rate, pitch and volume."""
    key = content_hash(CACHE_VERSION, engine, voice, prosody.rate, prosody.pitch, prosody.volume, language, text)
    return cache_dir / f"{key}.wav", cache_dir / f"{key}.json"


def _cached(wav: Path, sidecar: Path) -> Narration | None:
    """The cached narration if both files are there and agree; else None (and it is made again)."""
    if not (wav.is_file() and sidecar.is_file()):
        return None
    try:
        narration = Narration.model_validate_json(sidecar.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if Path(narration.audio_path) != wav:
        narration = narration.model_copy(update={"audio_path": str(wav)})  # the cache dir was moved
    return narration


def _voice_with(name: str, language: str, voice: str | None, prosody: Prosody, text: str, cache_dir: Path,
                timeout: float) -> Narration:  # fmt: skip
    """Narrate with one engine, through the cache."""
    engine = ENGINES[name]()
    voice = voice or default_voice(name, language)
    wav, sidecar = _cache_paths(cache_dir, name, voice, prosody, language, text)
    hit = _cached(wav, sidecar)
    if hit is not None:
        return hit
    narration = engine.synthesize(text, language, voice, wav, prosody=prosody, timeout=timeout)
    atomic_write_text(sidecar, narration.model_dump_json(indent=2))
    return narration


def say(
    text: str,
    language: str,
    *,
    engine: str = "edge",
    voice: str | None = None,
    cache_dir: Path,
    timeout: float = 8.0,
    rate: float = 1.0,
    pitch: int = 0,
    volume: int = 0,
) -> Narration:
    """Narrate `text` in `language` ("zh" or "en"); the WAV lands in cache_dir, keyed by its content.

    If `engine` is unavailable (EngineUnavailable), fall back to the offline espeak-ng voice, warn once per
    process, and skip the unavailable engine for the rest of the process. `rate` is relative (1.0 = normal),
    `pitch` a shift in Hz, `volume` a change in percent; all three are part of the cache key.
    """
    if not text or not text.strip():
        raise ValueError("cannot narrate empty text")
    if engine not in ENGINES:
        raise ValueError(f"unknown speech engine {engine!r}; known: {', '.join(sorted(ENGINES))}")
    default_voice(engine, language)  # ValueError now for a language no engine speaks
    prosody = Prosody(rate=rate, pitch=pitch, volume=volume)
    cache_dir = Path(cache_dir)

    if engine != OFFLINE_ENGINE and engine not in _down:
        try:
            return _voice_with(engine, language, voice, prosody, text, cache_dir, timeout)
        except EngineUnavailable as exc:
            with _down_lock:
                first = engine not in _down
                _down[engine] = exc.reason
            if first:
                log.warning(
                    "Online voice %s is unreachable (%s); using the offline espeak-ng voice instead.",
                    "edge-tts" if engine == "edge" else engine,
                    exc.reason,
                )

    fallback_voice = voice
    if engine != OFFLINE_ENGINE and voice is not None and not ENGINES[OFFLINE_ENGINE]().knows_voice(voice):
        fallback_voice = None  # the user's voice belongs to the engine that failed
    return _voice_with(OFFLINE_ENGINE, language, fallback_voice, prosody, text, cache_dir, timeout)
