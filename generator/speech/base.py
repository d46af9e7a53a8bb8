"""What every speech engine shares: the protocol, the registry, default voices and the audio finish.

Engines differ in how they make sound and find word boundaries; everything after that (resampling to
48 kHz mono 16-bit, trimming silence, turning boundary marks into monotonic word timings) is done here
once, so the editor can rely on one format whichever engine spoke.
"""

from __future__ import annotations

import unicodedata
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import numpy as np

from reelflow.backends import registry
from reelflow.errors import ReelflowError
from reelflow.media import atomic_path, run_ffmpeg, scratch_dir
from reelflow.models import Narration, WordTiming

SAMPLE_RATE = 48_000
LEAD_KEEP_S = 0.15  # leading silence kept before the first sound
TAIL_KEEP_S = 0.25  # trailing silence kept after the last sound
SILENCE_REL = 0.02  # a sample is "sound" above 2 % of the peak (about -34 dB)
FADE_S = 0.005  # short fades so a cut inside low-level noise never clicks

DEFAULT_VOICES: dict[str, dict[str, str]] = {
    "edge": {"zh": "zh-CN-XiaoxiaoNeural", "en": "en-US-AriaNeural"},
    "espeak": {"zh": "cmn-latn-pinyin", "en": "en-us"},
}


@dataclass(frozen=True)
class Prosody:
    """How the voice speaks: relative rate (1.0 = normal), pitch shift in Hz, volume change in percent.

    Part of every cache key; each engine maps it onto its own controls.
    """

    rate: float = 1.0
    pitch: int = 0
    volume: int = 0

    def __post_init__(self) -> None:
        if not 0.3 < self.rate < 3.0:
            raise ValueError(f"speaking rate {self.rate} is out of range (0.3–3.0, 1.0 = normal)")
        if not -100 <= self.pitch <= 100 or not -100 <= self.volume <= 100:
            raise ValueError(f"pitch {self.pitch} Hz / volume {self.volume} % out of range (-100–100)")


NORMAL = Prosody()


class EngineUnavailable(ReelflowError):  # noqa: N818 - names the condition, like BadInput
    """The engine cannot be reached or used right now (network, timeout, missing library).

    Distinct from bad text: this is the signal to fall back to another engine. `reason` is the short
    cause (e.g. "timed out after 8 s") for a one-line warning.
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


@runtime_checkable
class SpeechEngine(Protocol):
    """Turns text into a 48 kHz mono WAV at out_path and returns its Narration."""

    name: str

    def synthesize(self, text: str, language: str, voice: str | None, out_path: Path, *, prosody: Prosody = NORMAL,
                   timeout: float | None = None) -> Narration: ...

    def knows_voice(self, voice: str) -> bool:
        """Whether `voice` is one of this engine's voices (so a fallback knows to replace it)."""
        ...

    def available(self) -> bool:
        """Whether the engine can work here at all (library installed); cheap, no network."""
        ...


ENGINES = registry("voice")  # name -> engine class; instances are cheap and stateless

E = TypeVar("E", bound=type)


def register(cls: E) -> E:
    """Class decorator: list the engine class under its `name` (with its `needs`, e.g. {"network"}, and its
    `settings_model`, read as `settings.<name>`), so `say` and `doctor` find it by name."""
    ENGINES.add(cls.name, cls, needs=getattr(cls, "needs", ()), settings=getattr(cls, "settings_model", None))
    return cls


def default_voice(engine: str, language: str) -> str:
    """The engine's voice for a language; ValueError for an unknown engine or language."""
    try:
        voices = DEFAULT_VOICES[engine]
    except KeyError:
        raise ValueError(f"unknown speech engine {engine!r}; known: {', '.join(sorted(DEFAULT_VOICES))}") from None
    try:
        return voices[language]
    except KeyError:
        raise ValueError(f"speech engine {engine!r} has no voice for language {language!r}") from None


_SPOKEN_MARKS = frozenset("%‰‱#&@")  # punctuation by Unicode category, but read aloud


def _is_punct_or_space(ch: str) -> bool:
    return ch.isspace() or (unicodedata.category(ch).startswith("P") and ch not in _SPOKEN_MARKS)


def strip_punct(word: str) -> str:
    """Drop whitespace and punctuation at a word's edges; keep inner marks (we'll, 3.5, AI-generated)."""
    start, end = 0, len(word)
    while start < end and _is_punct_or_space(word[start]):
        start += 1
    while end > start and _is_punct_or_space(word[end - 1]):
        end -= 1
    return word[start:end]


def decode_mono(src: Path, work_dir: Path) -> np.ndarray:
    """Decode any audio ffmpeg reads into 48 kHz mono int16 samples (resampling with ffmpeg)."""
    raw = work_dir / "decoded.s16le"
    run_ffmpeg(
        ["-i", str(src), "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-acodec", "pcm_s16le", str(raw)],
        "decoding narration audio",
    )
    return np.fromfile(raw, dtype="<i2")


def trim_silence(samples: np.ndarray, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, float, float]:
    """Cut leading silence beyond LEAD_KEEP_S and trailing beyond TAIL_KEEP_S.

    Returns (trimmed samples, seconds removed from the front, end of the last sound in the trimmed audio).
    Engines pad generously (edge-tts leaves about a second after each sentence); the cut needs tight clips.
    """
    if samples.size == 0:
        return samples, 0.0, 0.0
    magnitude = np.abs(samples.astype(np.int32))
    peak = int(magnitude.max())
    if peak == 0:
        return samples, 0.0, samples.size / rate
    loud = np.flatnonzero(magnitude > peak * SILENCE_REL)
    first, last = int(loud[0]), int(loud[-1]) + 1
    begin = max(0, first - round(LEAD_KEEP_S * rate))
    end = min(samples.size, last + round(TAIL_KEEP_S * rate))
    out = samples[begin:end].astype(np.float32)
    fade = min(round(FADE_S * rate), out.size // 2)
    if fade > 0:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        if begin > 0:
            out[:fade] *= ramp
        if end < samples.size:
            out[-fade:] *= ramp[::-1]
    return np.round(out).astype(np.int16), begin / rate, (last - begin) / rate


def write_wav(samples: np.ndarray, out_path: Path, rate: int = SAMPLE_RATE) -> None:
    """Write 16-bit mono PCM atomically, so a crash never leaves a half WAV in the cache."""
    with atomic_path(out_path) as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())


def word_timings(
    marks: Sequence[tuple[str, float]], shift: float, speech_end: float, duration: float
) -> list[WordTiming]:
    """Turn (word, start in source seconds) marks into touching, monotonic timings within [0, duration].

    Each word lasts until the next one starts; the last until the speech ends. Marks with no text after
    stripping are dropped; their time goes to the word before.
    """
    cleaned: list[tuple[str, float]] = []
    floor = 0.0
    for text, start in marks:
        text = text.strip()
        if not text:
            continue
        t = min(max(start - shift, floor, 0.0), duration)
        cleaned.append((text, t))
        floor = t
    words: list[WordTiming] = []
    for i, (text, start) in enumerate(cleaned):
        end = cleaned[i + 1][1] if i + 1 < len(cleaned) else min(max(speech_end, start), duration)
        words.append(WordTiming(text=text, start=round(start, 4), end=round(end, 4)))
    return words


def finish(src: Path, marks: Sequence[tuple[str, float]], out_path: Path) -> tuple[float, list[WordTiming]]:
    """Convert an engine's raw audio file to the 48 kHz WAV at out_path; return (duration, words).

    `marks` are (word, start seconds) in the source's timeline; they are shifted by whatever was trimmed.
    """
    with scratch_dir(out_path.parent, "speech") as scratch:
        samples = decode_mono(src, Path(scratch))
    if samples.size == 0:
        raise ReelflowError("the speech engine produced no audio")
    trimmed, shift, speech_end = trim_silence(samples)
    write_wav(trimmed, out_path)
    duration = trimmed.size / SAMPLE_RATE
    return duration, word_timings(marks, shift, speech_end, duration)
