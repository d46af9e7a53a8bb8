"""A generated background bed: soft pads on a slow chord loop, so a clip never needs downloaded music.

Everything is whole-array numpy (one vector expression per chord and note), so minutes of audio take
well under a second. The bed peaks at about −6 dBFS; the mix sets its final level and ducks it.
"""

from __future__ import annotations

import wave
import zlib
from pathlib import Path

import numpy as np

from reelflow.media import atomic_path

SAMPLE_RATE = 48_000
PEAK_DBFS = -6.0
BED_VERSION = 1  # bump when the sound changes, so cached beds are regenerated
AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".ogg", ".flac")

# Scale degrees (semitones above the tonic) of each chord's root, and the chord quality.
_PROGRESSIONS = {
    "major": [(0, "maj"), (7, "maj"), (9, "min"), (5, "maj")],  # I–V–vi–IV
    "minor": [(0, "min"), (8, "maj"), (3, "maj"), (10, "maj")],  # i–VI–III–VII
}
_TRIADS = {"maj": (0, 4, 7), "min": (0, 3, 7)}
# mood -> (progression, seconds per chord, pulse level, brightness of the pad)
_MOODS = {
    "calm": ("major", 4.0, 0.0, 0.10),
    "bright": ("major", 2.5, 0.18, 0.18),
    "warm": ("major", 5.0, 0.0, 0.06),
    "serious": ("minor", 4.0, 0.12, 0.08),
    "tense": ("minor", 2.0, 0.22, 0.14),
}


def _midi_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12)


def _pad_tone(freq: float, t: np.ndarray, brightness: float) -> np.ndarray:
    """A soft, slightly hollow tone: a sine plus a little third harmonic (sin 3x from sin x).

    The phase is wrapped to one cycle in float64 and the sine taken in float32, which is an
    order of magnitude faster and still far below audible error.
    """
    cycles = freq * t
    cycles -= np.floor(cycles)
    s = np.sin((2 * np.pi) * cycles.astype(np.float32))
    return s + np.float32(brightness) * (3 * s - 4 * (s * s * s))


def synthesize_bed(seconds: float, *, seed: int = 0, mood: str = "calm") -> np.ndarray:
    """The bed as float32 samples, shape (n, 2), peak at −6 dBFS; deterministic for its arguments.

    Unknown moods fall back to "calm" rather than failing a render over a cosmetic choice.
    """
    prog_name, chord_s, pulse_level, brightness = _MOODS.get(mood, _MOODS["calm"])
    rng = np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(mood.encode())])
    n = max(1, round(seconds * SAMPLE_RATE))
    out = np.zeros((n, 2), dtype=np.float32)
    tonic = 48 + int(rng.integers(0, 12))  # C3..B3
    if tonic > 54:
        tonic -= 12  # keep pads low and soft
    progression = _PROGRESSIONS[prog_name]
    attack, release = min(1.2, chord_s * 0.4), min(1.6, chord_s * 0.5)
    seg = round(chord_s * SAMPLE_RATE)
    tail = round(release * SAMPLE_RATE)
    t = np.arange(seg + tail) / SAMPLE_RATE
    # Raised-cosine attack, hold, raised-cosine release: no clicks and a crossfade between chords.
    env = np.ones(t.shape, dtype=np.float32)
    a = t < attack
    env[a] = 0.5 - 0.5 * np.cos(np.pi * t[a] / attack)
    r = t >= chord_s
    env[r] = 0.5 + 0.5 * np.cos(np.pi * np.minimum((t[r] - chord_s) / release, 1.0))
    detune = 2 ** (np.array([-3.0, 3.0]) / 1200)  # ±3 cents between the channels: a slow, wide chorus
    beat = 4 / chord_s  # pulses per second: four beats per chord

    for k, start in enumerate(range(0, n, seg)):
        degree, quality = progression[k % len(progression)]
        root = tonic + degree
        inversion = int(rng.integers(0, 3))
        notes = [root + iv + (12 if i < inversion else 0) for i, iv in enumerate(_TRIADS[quality])]
        notes += [root - 12]  # soft bass
        end = min(n, start + seg + tail)
        tt = t[: end - start]
        chord = np.zeros((end - start, 2), dtype=np.float32)
        for note in notes:
            gain = np.float32(0.7 if note < root else 1.0 / len(notes))
            for ch in range(2):
                chord[:, ch] += gain * _pad_tone(_midi_hz(note) * detune[ch], tt, brightness)
        if pulse_level > 0:  # a soft low thump on each beat
            phase = tt * beat
            phase -= np.floor(phase)
            thump = np.exp(phase.astype(np.float32) * np.float32(-9.0)) * _pad_tone(_midi_hz(root - 12), tt, 0.0)
            chord += np.float32(pulse_level) * thump[:, None]
        out[start:end] += chord * env[: end - start, None]

    fade = min(n // 4, round(1.5 * SAMPLE_RATE))
    if fade > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade))).astype(np.float32)
        out[:fade] *= ramp[:, None]
        out[n - fade :] *= ramp[::-1, None]
    peak = float(np.max(np.abs(out)))
    if peak > 0:
        out *= np.float32(10 ** (PEAK_DBFS / 20) / peak)
    return out


def write_wav(samples: np.ndarray, out_path: Path, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write float samples (n, channels) in [-1, 1] as 16-bit PCM WAV, atomically."""
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with atomic_path(out_path) as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(pcm.shape[1] if pcm.ndim == 2 else 1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())
    return Path(out_path)


def make_bed(seconds: float, out_path: Path, *, seed: int = 0, mood: str = "calm") -> Path:
    """Generate a quiet music bed of `seconds` as a 48 kHz stereo 16-bit WAV at `out_path`."""
    return write_wav(synthesize_bed(seconds, seed=seed, mood=mood), Path(out_path))
