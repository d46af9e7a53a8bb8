"""Bring-your-own narration: the user's recording of the article, cut per shot, with word timings.

No speech model is downloaded. The shots' narration text is spoken by espeak-ng, whose WORD events
give exact word times in *that* audio; both recordings become log-mel cepstra (numpy), dynamic time
warping lines the two up, and each espeak word time is carried through the warping path into the
user's recording. Shot boundaries fall in the quietest moment between one shot's last word and the
next one's first, and each shot becomes its own 48 kHz mono WAV with its words, like any engine's.

Accuracy: word onsets land within ~0.1 s of where they are spoken when the recording says the text
(checked against espeak recordings at another rate, voice and pitch with pauses added). A reading
that strays from the text still gets sensible shot cuts, but its subtitles drift where it strays.
"""

from __future__ import annotations

import hashlib
import logging
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.speech.base import (
    NORMAL,
    SAMPLE_RATE,
    Prosody,
    decode_mono,
    trim_silence,
    word_timings,
    write_wav,
)
from generator.speech.espeak import EspeakEngine
from reelflow.errors import BadInput, ReelflowError
from reelflow.media import atomic_write_text, scratch_dir
from reelflow.models import Narration, Shot, content_hash

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac")
ALIGN_VERSION = 1  # bump when alignment changes, to void cached per-shot narrations

HOP_S = 0.01  # one feature frame every 10 ms
WIN_S = 0.025
N_FFT = 2048
N_MELS = 40
N_CEPS = 13
FMIN, FMAX = 80.0, 7600.0
SHOT_GAP_S = 0.3  # silence between shots in the reference
BAND_MIN_S = 8.0  # the warping path may stray this far (at least) from the straight line

log = logging.getLogger("reelflow.speech")


# ---------------------------------------------------------------- finding the file


def find_own_audio(article_path: str | Path) -> Path | None:
    """The narration recorded for an article: a file with the article's stem and an audio suffix."""
    article = Path(article_path)
    for suffix in AUDIO_SUFFIXES:
        for candidate in (article.with_suffix(suffix), article.with_suffix(suffix.upper())):
            if len(candidate.name.encode()) > 255:  # no such file can exist (a 255-byte article name)
                continue
            if candidate.is_file() and candidate != article:
                return candidate
    return None


# ---------------------------------------------------------------- features


def _mel_filterbank(sr: int) -> np.ndarray:
    """Triangular mel filters (N_MELS, N_FFT // 2 + 1)."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    def hz(m: np.ndarray) -> np.ndarray:
        return 700.0 * (10 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(FMIN), mel(FMAX), N_MELS + 2))
    bins = np.fft.rfftfreq(N_FFT, 1.0 / sr)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (bins[None, :] - lo) / (mid - lo)
    down = (hi - bins[None, :]) / (hi - mid)
    return np.maximum(0.0, np.minimum(up, down)).astype(np.float32)


def features(samples: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """Mean- and variance-normalised cepstra (frames, N_CEPS) plus a loudness track, every 10 ms.

    Normalising per recording removes the voice and the room; the floor on the mel energies makes
    silence look alike in both recordings whatever their noise level.
    """
    x = samples.astype(np.float32) / 32768.0
    x = np.append(x[0], x[1:] - 0.97 * x[:-1])  # pre-emphasis
    hop, win = round(HOP_S * sr), round(WIN_S * sr)
    n = max(1, 1 + (len(x) - win) // hop) if len(x) >= win else 1
    x = np.pad(x, (0, max(0, (n - 1) * hop + win - len(x))))
    window, bank = np.hamming(win).astype(np.float32), _mel_filterbank(sr).T
    mel = np.empty((n, N_MELS), dtype=np.float32)
    for c in range(0, n, 1024):  # in blocks: a whole recording's spectra at once would take GBs
        rows = np.arange(c, min(n, c + 1024))
        frames = x[np.arange(win)[None, :] + hop * rows[:, None]] * window
        mel[rows] = (np.abs(np.fft.rfft(frames, N_FFT)) ** 2).astype(np.float32) @ bank
    floor = max(float(mel.max()) * 1e-5, 1e-12)
    logmel = np.log(np.maximum(mel, floor))
    k = np.arange(N_MELS)
    dct = np.cos(np.pi / N_MELS * (k[None, :] + 0.5) * np.arange(N_CEPS)[:, None])  # DCT-II basis
    ceps = logmel @ dct.T
    ceps = (ceps - ceps.mean(axis=0)) / (ceps.std(axis=0) + 1e-6)
    return ceps.astype(np.float32)


# ---------------------------------------------------------------- dynamic time warping


def dtw_path(ref: np.ndarray, usr: np.ndarray, band: int | None = None) -> np.ndarray:
    """The least-cost monotonic alignment of two feature sequences, as (k, 2) index pairs.

    Rows are computed whole with numpy: within a row the horizontal recurrence
    D[j] = min(T[j], c[j] + D[j-1]) is a prefix minimum, D = S + minimum.accumulate(T - S) with S
    the running sum of c, so the only Python loop is over rows. A band around the straight line
    from corner to corner (at least `band` frames wide) bounds time and memory for long recordings.
    """
    n, m = len(ref), len(usr)
    if band is None:
        band = max(n, m)
    centre = (np.arange(n) * (m - 1) / max(n - 1, 1)).round().astype(int)
    lo = np.clip(centre - band, 0, m - 1)
    hi = np.clip(centre + band + 1, 1, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # windows must not move backwards...
    hi = np.maximum.accumulate(hi)  # ...and must overlap from row to row
    lo[0], hi[-1] = 0, m
    width = int((hi - lo).max())
    moves = np.zeros((n, width), dtype=np.int8)  # 0 diagonal, 1 from above, 2 from the left
    usr_sq = (usr.astype(np.float64) ** 2).sum(axis=1)
    prev = np.full(m + 1, np.inf)  # prev[j + 1] = D[i-1, j]; prev[0] stays inf
    cur = np.full(m + 1, np.inf)
    for i in range(n):
        a, b = int(lo[i]), int(hi[i])
        r = ref[i].astype(np.float64)
        cost = np.sqrt(np.maximum(usr_sq[a:b] - 2.0 * (usr[a:b] @ r) + r @ r, 0.0))
        if i == 0:
            diag = np.full(b - a, np.inf)
            diag[0] = 0.0
            up = np.full(b - a, np.inf)
        else:
            diag, up = prev[a : b], prev[a + 1 : b + 1]  # D[i-1, j-1] and D[i-1, j]
        from_up = up < diag
        t = cost + np.where(from_up, up, diag)
        s = np.cumsum(cost)
        run = np.minimum.accumulate(t - s)
        d = s + run
        move = np.where(from_up, 1, 0).astype(np.int8)
        move[(t - s) > run] = 2  # the running minimum came from further left: a horizontal step
        moves[i, : b - a] = move
        cur[:] = np.inf
        cur[a + 1 : b + 1] = d
        prev, cur = cur, prev
    path = []
    i, j = n - 1, m - 1
    while i >= 0 and j >= 0:
        path.append((i, j))
        move = moves[i, j - lo[i]]
        if i == 0 and j == 0:
            break
        if move == 0:
            i, j = i - 1, j - 1
        elif move == 1:
            i -= 1
        else:
            j -= 1
    return np.array(path[::-1])


def warp(path: np.ndarray, ref_frames: np.ndarray) -> np.ndarray:
    """The first user frame aligned to each given reference frame (for onsets)."""
    n = int(path[:, 0].max()) + 1
    first = np.full(n, -1)
    # Paths are monotonic: the first occurrence of each reference index carries its first user frame.
    rows, idx = np.unique(path[:, 0], return_index=True)
    first[rows] = path[idx, 1]
    return first[np.clip(ref_frames, 0, n - 1)]


# ---------------------------------------------------------------- the reference


@dataclass(frozen=True)
class _Reference:
    samples: np.ndarray  # 48 kHz mono int16, all shots with SHOT_GAP_S before, between and after them
    words: list[list[tuple[str, float]]]  # per shot: (word, start seconds in `samples`)
    ends: list[float]  # per shot: end of its speech in `samples`
    speech_seconds: float


def _reference(shots: list[Shot], language: str, prosody: Prosody, work: Path) -> _Reference:
    engine = EspeakEngine()
    chunks: list[np.ndarray] = []
    words: list[list[tuple[str, float]]] = []
    ends: list[float] = []
    gap = np.zeros(round(SHOT_GAP_S * SAMPLE_RATE), dtype=np.int16)
    chunks.append(gap)  # silence first, for a recording's lead-in to line up with
    t = SHOT_GAP_S
    for k, shot in enumerate(shots):
        wav = work / f"ref-{k}.wav"
        n = engine.synthesize(shot.narration, language, None, wav, prosody=prosody)
        with wave.open(str(wav), "rb") as w:  # the engine writes 48 kHz mono 16-bit
            samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        starts = _snap_to_sound(samples, [w.start for w in n.words], [w.end for w in n.words])
        words.append([(w.text, t + s) for w, s in zip(n.words, starts, strict=True)])
        ends.append(t + (n.words[-1].end if n.words else n.duration))
        chunks += [samples, gap]
        t += len(samples) / SAMPLE_RATE + SHOT_GAP_S
    audio = np.concatenate(chunks)
    return _Reference(audio, words, ends, _speech_seconds(audio))


def _snap_to_sound(samples: np.ndarray, starts: list[float], ends: list[float]) -> list[float]:
    """Move word starts that sit in silence (espeak puts the first word at 0 ms, before the lead-in)
    to the word's first sound, so they map to the first sound of the recording, not its lead-in."""
    frame = round(0.01 * SAMPLE_RATE)
    n = len(samples) // frame
    if n == 0:
        return starts
    rms = np.sqrt((samples[: n * frame].astype(np.float64).reshape(n, frame) ** 2).mean(axis=1))
    loud = rms > np.percentile(rms, 95) * 0.05
    out = []
    for a, b in zip(starts, ends, strict=True):
        i, j = int(a / 0.01), min(n, max(int(b / 0.01), int(a / 0.01) + 1))
        hits = np.flatnonzero(loud[i:j])
        out.append((i + int(hits[0])) * 0.01 if i < n and not loud[min(i, n - 1)] and hits.size else a)
    return out


def _speech_seconds(samples: np.ndarray) -> float:
    """Seconds of the recording above -40 dB of its loud frames: how long the talking takes."""
    frame = round(0.02 * SAMPLE_RATE)
    n = len(samples) // frame
    if n == 0:
        return 0.0
    rms = np.sqrt((samples[: n * frame].astype(np.float64).reshape(n, frame) ** 2).mean(axis=1))
    loud = np.percentile(rms, 95)
    return float((rms > loud * 0.01).sum() * 0.02) if loud > 0 else 0.0


def _quietest(samples: np.ndarray, a: float, b: float) -> float:
    """The quietest 20 ms moment in [a, b] seconds (where one shot ends and the next begins)."""
    i0, i1 = round(a * SAMPLE_RATE), round(b * SAMPLE_RATE)
    frame = round(0.02 * SAMPLE_RATE)
    if i1 - i0 < 2 * frame:
        return (a + b) / 2
    n = (i1 - i0) // frame
    energy = (samples[i0 : i0 + n * frame].astype(np.float64).reshape(n, frame) ** 2).mean(axis=1)
    quiet = np.concatenate([[0], (energy <= energy.min() * 1.5 + 1e-9).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(quiet))  # starts and ends of the quiet stretches, alternating
    runs = edges.reshape(-1, 2)
    first, last = runs[np.argmax(runs[:, 1] - runs[:, 0])]
    best = (first + last - 1) / 2  # the middle of the longest quiet stretch
    return float((i0 + (best + 0.5) * frame) / SAMPLE_RATE)


# ---------------------------------------------------------------- the public functions


def align_words(audio: np.ndarray, shots: list[Shot], language: str,
                work: Path) -> tuple[list[list[tuple[str, float]]], list[float]]:  # fmt: skip
    """Word onsets per shot in `audio` (48 kHz mono int16), and the cut points between shots.

    Returns ([[(word, start seconds)] per shot], [cut seconds]) with len(shots) + 1 cut points,
    the first 0 and the last the recording's end.
    """
    user_speech = _speech_seconds(audio)
    if user_speech < 0.3:
        raise ValueError("the recording is silent")
    ref = _reference(shots, language, NORMAL, work)
    # Speak the reference at the user's pace, so the warping path stays near the straight line.
    rate = float(np.clip(ref.speech_seconds / user_speech, 0.5, 2.5))
    if abs(rate - 1.0) > 0.08:
        ref = _reference(shots, language, Prosody(rate=round(rate, 2)), work)
    f_ref, f_usr = features(ref.samples), features(audio)
    band = max(round(BAND_MIN_S / HOP_S), round(0.3 * max(len(f_ref), len(f_usr))))
    path = dtw_path(f_ref, f_usr, band)

    def to_user(seconds: list[float]) -> list[float]:
        frames = np.round(np.asarray(seconds) / HOP_S).astype(int)
        return (warp(path, frames) * HOP_S).tolist()

    per_shot = [[(w, t) for (w, _), t in zip(ws, to_user([s for _, s in ws]), strict=True)] for ws in ref.words]
    ends = to_user(ref.ends)
    total = len(audio) / SAMPLE_RATE
    cuts = [0.0]
    for k in range(len(shots) - 1):
        a = ends[k]
        b = per_shot[k + 1][0][1] if per_shot[k + 1] else a
        cuts.append(_quietest(audio, min(a, b), max(a, b)))
    cuts.append(float(total))
    for k in range(1, len(cuts)):  # never a negative-length shot
        cuts[k] = max(cuts[k], cuts[k - 1])
    return per_shot, cuts


def narrations_from_audio(audio_path: str | Path, shots: list[Shot], language: str,
                          cache_dir: str | Path) -> list[Narration]:  # fmt: skip
    """One Narration per shot, cut from the user's recording, with word timings aligned to it.

    Cached in `cache_dir` by the recording's bytes, the shots' text and the language.
    """
    audio_path, cache_dir = Path(audio_path), Path(cache_dir)
    if not shots:
        return []
    try:
        digest = hashlib.sha256(audio_path.read_bytes()).hexdigest()
    except OSError as exc:
        raise BadInput(audio_path, f"cannot read the narration recording ({exc.strerror or exc})") from None
    key = content_hash("own-narration", ALIGN_VERSION, digest, [s.narration for s in shots], language)[:24]
    sidecars = [cache_dir / f"own-{key}-{k}.json" for k in range(len(shots))]
    if all(p.is_file() and p.with_suffix(".wav").is_file() for p in sidecars):
        return [Narration.model_validate_json(p.read_text(encoding="utf-8")) for p in sidecars]

    with scratch_dir(cache_dir, "own") as scratch:
        work = Path(scratch)
        try:
            audio = decode_mono(audio_path, work)
        except ReelflowError as exc:
            raise BadInput(audio_path, f"cannot decode the narration recording ({exc})") from None
        try:
            per_shot, cuts = align_words(audio, shots, language, work)
        except ValueError as exc:
            raise BadInput(audio_path, str(exc)) from None

    cache_dir.mkdir(parents=True, exist_ok=True)
    out: list[Narration] = []
    for k, shot in enumerate(shots):
        a, b = round(cuts[k] * SAMPLE_RATE), round(cuts[k + 1] * SAMPLE_RATE)
        piece = audio[a:b]
        if piece.size == 0:
            piece = np.zeros(round(0.1 * SAMPLE_RATE), dtype=np.int16)
        trimmed, shift, speech_end = trim_silence(piece)
        duration = trimmed.size / SAMPLE_RATE
        marks = [(w, t - cuts[k]) for w, t in per_shot[k]]
        wav = sidecars[k].with_suffix(".wav")
        write_wav(trimmed, wav)
        narration = Narration(
            text=shot.narration,
            audio_path=str(wav),
            duration=duration,
            words=word_timings(marks, shift, speech_end, duration),
            voice=audio_path.name,
            engine="own",
        )
        atomic_write_text(sidecars[k], narration.model_dump_json(indent=2))
        out.append(narration)
    log.info("Aligned %d shots of narration to %s.", len(out), audio_path.name)
    return out
