"""The offline voice: espeak-ng through its C API, with real word timings from its WORD events.

It sounds robotic but needs no network, so it is what every video falls back to. The library keeps
global state (one voice, one callback, one output buffer), so the process initialises it once and
every synthesis holds a module-level lock; shots synthesised from worker threads queue up here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.speech.base import NORMAL, EngineUnavailable, Prosody, default_voice, finish, register, strip_punct
from reelflow.errors import ReelflowError
from reelflow.media import scratch_dir
from reelflow.models import Narration

# espeak_ng/speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # without it a missing data dir calls exit() in our process
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1  # espeakRATE
_VOLUME = 2  # espeakVOLUME: 0-200, 100 = normal
_PITCH = 3  # espeakPITCH: 0-100, 50 = normal
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EE_OK = 0

# Chinese at 200 wpm comes to ~4.5 characters a second, the pace the planner budgets for.
BASE_WPM = {"zh": 200, "en": 165}
INSTALL_HINT = "install espeak-ng (apt-get install espeak-ng)"
HZ_PER_PITCH_STEP = 2.0  # espeak's pitch is a 0-100 scale; one step moves a male voice's base ~2 Hz


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based code-point index with espeakCHARS_UTF8
        ("length", ctypes.c_int),  # in code points
        ("audio_position", ctypes.c_int),  # milliseconds from the start of this synthesis
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),  # a union of int / char* / char[8]
    ]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass
class _Capture:
    """Where the callback puts one synthesis' audio chunks and word events."""

    chunks: list[np.ndarray] = field(default_factory=list)
    words: list[tuple[int, int, int]] = field(default_factory=list)  # (text_position, length, audio ms)


class _Library:
    """The loaded, initialised library; created once per process under _LOCK."""

    def __init__(self) -> None:
        path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(path)
        except OSError as exc:
            raise EngineUnavailable(f"espeak-ng library not found ({exc}); {INSTALL_HINT}") from None
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_Callback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint), ctypes.c_void_p,
        ]  # fmt: skip
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.argtypes = []
        lib.espeak_Synchronize.restype = ctypes.c_int

        self.sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, _INITIALIZE_DONT_EXIT)
        if self.sample_rate <= 0:
            raise EngineUnavailable(f"espeak-ng could not initialise (its voice data may be missing); {INSTALL_HINT}")
        self.capture = _Capture()
        self.voice: str | None = None
        self._callback = _Callback(self._on_synth)  # keep a reference: the library holds only the pointer
        lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav: ctypes._Pointer, count: int, events: ctypes._Pointer) -> int:
        if wav and count > 0:
            self.capture.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EVENT_WORD:
                self.capture.words.append((ev.text_position, ev.length, ev.audio_position))
            i += 1
        return 0  # 0 = continue

    def set_voice(self, voice: str) -> bool:
        if voice == self.voice:
            return True
        ok = self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) == _EE_OK
        self.voice = voice if ok else None
        return ok

    def synth(self, text: str, voice: str, wpm: int, pitch: int = 50, volume: int = 100) -> _Capture:
        if not self.set_voice(voice):
            raise ReelflowError(f"espeak-ng has no voice {voice!r} (try {default_voice('espeak', 'zh')!r} or 'en-us')")
        # Parameters are global to the library: set every one, every time.
        self.lib.espeak_SetParameter(_RATE, wpm, 0)
        self.lib.espeak_SetParameter(_PITCH, pitch, 0)
        self.lib.espeak_SetParameter(_VOLUME, volume, 0)
        self.capture = _Capture()
        data = text.encode("utf-8")
        err = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        if err != _EE_OK:
            raise ReelflowError(f"espeak-ng failed to synthesise (error {err})")
        return self.capture


_LOCK = threading.Lock()
_LIBRARY: _Library | None = None


def _library() -> _Library:
    """The initialised library; call with _LOCK held."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = _Library()
    return _LIBRARY


def word_marks(text: str, events: list[tuple[int, int, int]]) -> list[tuple[str, float]]:
    """Map WORD events (1-based position, length, ms) to (word, start seconds) in spoken order.

    Each word runs from its event's position to the next kept event's position, so together the words
    cover the whole text; edge punctuation is dropped. espeak reports numbers oddly ('2025' gives events
    at 2025, 025年, 025年; '12,000' at 12, and 2,0): events going backwards, repeating a position, or starting
    inside the previous event's span are skipped. Lengths are sometimes 0, so they only serve that check.
    """
    kept: list[tuple[int, int]] = []  # (0-based start, ms)
    span_end = 0
    for pos, length, ms in events:
        start = pos - 1
        if start < 0 or start >= len(text) or (kept and (start <= kept[-1][0] or start < span_end)):
            continue
        kept.append((start, ms))
        span_end = start + max(length, 0)
    marks: list[tuple[str, float]] = []
    for i, (start, ms) in enumerate(kept):
        seg_start = 0 if i == 0 else start  # text before the first event (an opening quote) joins it
        seg_end = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        word = strip_punct(text[seg_start:seg_end])
        if word:
            marks.append((word, ms / 1000))
    return marks


@register
class EspeakEngine:
    """espeak-ng: offline, fast, robotic; Chinese via the pinyin voice (the plain `cmn` voice misreads hanzi)."""

    name = "espeak"

    def synthesize(self, text: str, language: str, voice: str | None, out_path: Path, *, prosody: Prosody = NORMAL,
                   timeout: float | None = None) -> Narration:  # timeout: local and fast, nothing to time out
        voice = voice or default_voice(self.name, language)
        wpm = max(80, min(450, round(BASE_WPM.get(language, 175) * prosody.rate)))
        pitch = max(0, min(100, round(50 + prosody.pitch / HZ_PER_PITCH_STEP)))
        volume = max(0, min(200, 100 + prosody.volume))
        with _LOCK:
            lib = _library()
            capture = lib.synth(text, voice, wpm, pitch, volume)
            sample_rate = lib.sample_rate
        if not capture.chunks:
            raise ReelflowError(f"espeak-ng produced no audio for {text[:40]!r}")
        samples = np.concatenate(capture.chunks).astype("<i2")

        with scratch_dir(out_path.parent, "espeak") as scratch:
            src = Path(scratch) / "espeak.wav"
            with wave.open(str(src), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(sample_rate)
                w.writeframes(samples.tobytes())
            duration, words = finish(src, word_marks(text, capture.words), out_path)
        return Narration(
            text=text, audio_path=str(out_path), duration=duration, words=words, voice=voice, engine=self.name
        )

    def available(self) -> bool:
        try:
            with _LOCK:
                _library()
        except EngineUnavailable:
            return False
        return True

    def knows_voice(self, voice: str) -> bool:
        try:
            with _LOCK:
                return _library().set_voice(voice)
        except EngineUnavailable:
            return False
