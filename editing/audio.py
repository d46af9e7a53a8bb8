"""The soundtrack: narration placed on the timeline, music ducked under it, loudness to the preset.

The voice track is assembled with numpy (exact sample placement, no adelay rounding); ffmpeg
does the rest: music loop/trim/fades, sidechain ducking, the mix, and a two-pass `loudnorm`
in linear mode — a single clean gain, so speech is not pumped by loudnorm's dynamic mode.
When that gain would push true peaks over the limit, a look-ahead limiter runs first so
linear mode still applies. Every intermediate stays in float; only the result is 16-bit.
"""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from editing.presets import Preset
from reelflow.errors import ReelflowError
from reelflow.media import atomic_path, run_ffmpeg

SAMPLE_RATE = 48_000
LRA_TARGET = 11.0
# Ducking: the sidechain is first brought to SIDECHAIN_LUFS so the threshold means the same for any
# voice (threshold 0.03 is about -30 dBFS); ratio 8 then takes the music down about 10–11 dB under
# speech (measured on gated noise; ~9 dB under a steady tone), recovering within the 400 ms release.
SIDECHAIN_LUFS = -20.0
DUCK = "threshold=0.03:ratio=8:attack=20:release=400:knee=2"
SILENCE_LUFS = -70.0


# Headroom kept below the true-peak ceiling for the lossy encode after the mix.
CODEC_HEADROOM_DB = 1.0  # 0.6 left the AAC file at -0.4 dBTP once (a flaky test): more margin


@dataclass(frozen=True)
class MixReport:
    """The written soundtrack and its loudness as measured on the file itself."""

    path: Path
    integrated_lufs: float
    true_peak_db: float
    normalization: str = "linear"
    """loudnorm's mode: "linear" (one gain, as intended), "dynamic" (its fallback), or "none" (silence)."""


# ---------------------------------------------------------------- reading and measuring


def read_audio(path: str | Path) -> np.ndarray:
    """Decode any audio file to float32 samples (n, 2) at 48 kHz with PyAV."""
    import av

    chunks: list[np.ndarray] = []
    try:
        with av.open(str(path)) as container:
            stream = next(iter(container.streams.audio), None)
            if stream is None:
                raise ReelflowError(f"{path}: no audio stream")
            resampler = av.AudioResampler(format="flt", layout="stereo", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1, 2))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1, 2))
    except av.FFmpegError as exc:
        raise ReelflowError(f"cannot read audio {path}: {exc}") from exc
    return np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.float32)


def _db(value: str | float) -> float:
    """A dB figure from ffmpeg's logs; '-inf' and friends become -inf."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return -math.inf


@dataclass(frozen=True)
class Loudness:
    """An EBU R128 summary: what loudnorm's second pass wants as its measured_* values."""

    integrated: float
    threshold: float
    lra: float
    true_peak: float


def _ebur128_summary(stderr: str, name: str | None = None) -> Loudness:
    """Parse the summary an `ebur128=peak=true` instance (named `name`, if given) printed at exit."""
    if name is not None:  # the named instance's summary, not just any line it logged
        m = re.search(r"\[ebur128@" + re.escape(name) + r" @ [^\]]*\] Summary:", stderr)
        start = m.start() if m else -1
    else:
        start = stderr.rfind("Summary:")
    if start < 0:
        raise ReelflowError("ebur128 printed no loudness summary")
    summary = stderr[start : start + 800]

    def field(pattern: str, default: float) -> float:
        m = re.search(pattern, summary)
        return _db(m.group(1)) if m else default

    return Loudness(
        integrated=field(r"I:\s+(\S+) LUFS", SILENCE_LUFS),
        threshold=field(r"I:\s+\S+ LUFS\s+Threshold:\s+(\S+) LUFS", SILENCE_LUFS),
        lra=field(r"LRA:\s+(\S+) LU", 0.0),
        true_peak=field(r"True peak:\s+Peak:\s+(\S+) dBFS", -math.inf),
    )


def measure_loudness(path: str | Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of a file, by ffmpeg's EBU R128 meter."""
    stderr = run_ffmpeg(
        ["-nostats", "-i", str(path), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"],
        f"measuring the loudness of {Path(path).name}",
    )
    loud = _ebur128_summary(stderr)
    return loud.integrated, loud.true_peak


# ---------------------------------------------------------------- the mix


def _voice_track(segments: list[tuple[Path, float]], n: int) -> np.ndarray:
    """All narration segments placed at their start times on a silent (n, 2) track."""
    track = np.zeros((n, 2), dtype=np.float32)
    for path, start in segments:
        samples = read_audio(path)
        at = max(0, round(start * SAMPLE_RATE))
        if at >= n or not len(samples):
            continue
        take = min(len(samples), n - at)
        track[at : at + take] += samples[:take]
    return track


def _input(path: Path) -> list[str]:
    """ffmpeg input arguments; our raw float voice track has no header, so say what it is."""
    if path.suffix == ".f32":
        return ["-f", "f32le", "-ar", str(SAMPLE_RATE), "-ch_layout", "stereo", "-i", str(path)]
    return ["-i", str(path)]


def _float_wav(path: Path) -> list[str]:
    """Output arguments for an intermediate: float WAV pinned to 48 kHz stereo (filters such as
    loudnorm negotiate other rates, and a headerless file would silently be misread)."""
    return ["-ar", str(SAMPLE_RATE), "-ac", "2", "-c:a", "pcm_f32le", "-f", "wav", str(path)]


def _music_chain(duration: float, n: int, gain_db: float) -> str:
    """Loop-trimmed music at `gain_db`, faded in 1 s and out 2 s (shorter for very short clips)."""
    fade_in = min(1.0, duration / 4)
    fade_out = min(2.0, duration / 4)
    return (
        f"aresample={SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
        f"atrim=end_sample={n},asetpts=N/SR/TB,volume={gain_db:.2f}dB,"
        f"afade=t=in:st=0:d={fade_in:.3f},afade=t=out:st={duration - fade_out:.3f}:d={fade_out:.3f}"
    )


def _measure_pair(voice: Path, music: Path, n: int) -> tuple[float, float]:
    """Integrated loudness of the voice track and of the music as it will be used, in one run."""
    stderr = run_ffmpeg(
        [
            "-nostats",
            *_input(voice),
            "-stream_loop",
            "-1",
            "-i",
            str(music),
            "-filter_complex",
            f"[0:a]ebur128@voice[v];[1:a]aresample={SAMPLE_RATE},atrim=end_sample={n},ebur128@music[m]",
            "-map",
            "[v]",
            "-f",
            "null",
            "-",
            "-map",
            "[m]",
            "-f",
            "null",
            "-",
        ],
        "measuring narration and music loudness",
    )
    return _ebur128_summary(stderr, "voice").integrated, _ebur128_summary(stderr, "music").integrated


def _run_measured(args: list[str], what: str) -> Loudness:
    return _ebur128_summary(run_ffmpeg(["-nostats", *args], what))


def mix_narration(
    segments: list[tuple[Path, float]],
    duration: float,
    out_path: Path,
    *,
    music: Path | None,
    preset: Preset,
    music_db: float = -20.0,
) -> MixReport:
    """Mix narration segments (WAV, start seconds) and optional music into the final soundtrack.

    The result is a 48 kHz stereo 16-bit WAV of exactly `duration` seconds at the preset's
    loudness and true-peak ceiling. `music_db` is the music's loudness relative to the narration
    (LU) before ducking; under speech it is ducked a further ~10 dB.

    Measurements use `ebur128=peak=true` (the same BS.1770 figures loudnorm's first pass prints,
    about 8x faster, since loudnorm's analysis runs at 192 kHz); the gain itself is loudnorm's
    second pass in linear mode.
    """
    if duration <= 0:
        raise ReelflowError(f"cannot mix a soundtrack of {duration} s")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    n = round(duration * SAMPLE_RATE)
    # The AAC encode that follows can lift true peaks by ~0.5 dB: master with that much headroom so
    # the finished file, not just this WAV, stays under the preset's ceiling.
    target_i, target_tp = preset.loudness_lufs, preset.true_peak_db - CODEC_HEADROOM_DB
    with tempfile.TemporaryDirectory(prefix=".mix-", dir=out_path.parent) as d:
        tmp = Path(d)
        pre = tmp / "voice.f32"
        _voice_track(segments, n).tofile(pre)

        # Pass 1: the pre-master (voice + music ducked under it), measured on the way out.
        if music is not None:
            voice_i, music_i = _measure_pair(pre, Path(music), n)
            reference = voice_i if voice_i > -60 else target_i
            music_gain = (reference + music_db - music_i) if music_i > -60 else 0.0
            sc_gain = min(64.0, max(1 / 64, 10 ** ((SIDECHAIN_LUFS - voice_i) / 20))) if voice_i > -60 else 1.0
            graph = (
                f"[0:a]asplit=2[v][sc];[1:a]{_music_chain(duration, n, music_gain)}[m];"
                f"[m][sc]sidechaincompress={DUCK}:level_sc={sc_gain:.4f}[duck];"
                "[v][duck]amix=inputs=2:normalize=0:duration=first:dropout_transition=0,"
                f"atrim=end_sample={n},ebur128=peak=true[out]"
            )
            premix = tmp / "premix.wav"
            loud = _run_measured(
                [
                    *_input(pre),
                    "-stream_loop",
                    "-1",
                    "-i",
                    str(music),
                    "-filter_complex",
                    graph,
                    "-map",
                    "[out]",
                    *_float_wav(premix),
                ],
                "mixing narration and music",
            )
            pre = premix
        else:
            loud = _run_measured(
                [*_input(pre), "-af", "ebur128=peak=true", "-f", "null", "-"], "measuring narration loudness"
            )

        with atomic_path(out_path) as final:
            if loud.integrated <= SILENCE_LUFS + 1:  # nothing audible to normalise
                chain = "anull"
            else:
                gain = target_i - loud.integrated
                if loud.true_peak + gain > target_tp - 0.1:
                    # Linear loudnorm needs the headroom: apply the gain, limit peaks 1 dB under the
                    # ceiling (true peaks sit a little above sample peaks), and measure again.
                    limited = tmp / "limited.wav"
                    limit = 10 ** ((target_tp - 1.0) / 20)
                    loud = _run_measured(
                        [
                            *_input(pre),
                            "-af",
                            f"volume={gain:.3f}dB,alimiter=limit={limit:.5f}:attack=5:release=80:level=0:latency=1,"
                            "ebur128=peak=true",
                            *_float_wav(limited),
                        ],
                        "limiting peaks before loudness normalisation",
                    )
                    pre = limited
                lra = min(50.0, max(LRA_TARGET, math.ceil(loud.lra * 10 + 1) / 10))
                chain = (
                    f"loudnorm=I={target_i}:TP={target_tp}:LRA={lra}"
                    f":measured_I={loud.integrated}:measured_LRA={max(loud.lra, 0.1)}"
                    f":measured_TP={loud.true_peak}:measured_thresh={loud.threshold}"
                    ":linear=true:print_format=json"
                )
            # Pass 2: one clean gain. loudnorm works at 192 kHz, so resample back and pin the length.
            stderr = run_ffmpeg(
                [
                    "-nostats",
                    *_input(pre),
                    "-af",
                    f"{chain},aresample={SAMPLE_RATE},apad,atrim=end_sample={n}",
                    "-ar",
                    str(SAMPLE_RATE),
                    "-ac",
                    "2",
                    "-c:a",
                    "pcm_s16le",
                    "-f",
                    "wav",
                    str(final),
                ],
                "normalising the soundtrack loudness",
            )
            kind = re.search(r'"normalization_type" : "(\w+)"', stderr)
            integrated, peak = measure_loudness(final)
    return MixReport(out_path, integrated, peak, kind.group(1) if kind else "none")
