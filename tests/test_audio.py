"""The soundtrack mix and the generated music bed, on real files with the real ffmpeg."""

from __future__ import annotations

import re
import subprocess
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from editing.audio import measure_loudness, mix_narration, read_audio
from editing.presets import get_preset
from generator.music import make_bed, pick_music
from reelflow.media import ffmpeg_exe, probe

PRESET = get_preset("douyin")
SR = 48_000


def ffmpeg(*args: str) -> str:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args], capture_output=True, text=True, check=True
    )
    return proc.stderr


def speechlike(path: Path, source: str, seconds: float) -> Path:
    """A mono 24 kHz 'voice': an ffmpeg test source gated on and off a few times a second, like syllables."""
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"{source}:d={seconds}",
        "-af",
        "volume='0.1+0.9*gt(sin(2*PI*3.3*t)+0.4*sin(2*PI*1.1*t),-0.2)':eval=frame",
        "-ar",
        "24000",
        "-ac",
        "1",
        str(path),
    )
    return path


def write_wav(path: Path, samples: np.ndarray, rate: int = SR) -> Path:
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[1] if samples.ndim == 2 else 1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness and true peak, parsed here independently of editing.audio."""
    log = ffmpeg("-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    summary = log[log.rindex("Summary:") :]
    i = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    tp = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return i, tp


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("voices")
    return [
        speechlike(d / "a.wav", "sine=f=220:sample_rate=24000", 5.0),
        speechlike(d / "b.wav", "anoisesrc=c=pink:a=0.4:seed=5:sample_rate=24000", 6.0),
    ]


def test_mix_with_music_bed(tmp_path: Path, voices: list[Path]) -> None:
    bed = make_bed(20.0, tmp_path / "bed.wav", seed=1)
    out = tmp_path / "mix.wav"
    report = mix_narration([(voices[0], 0.6), (voices[1], 6.2)], 14.0, out, music=bed, preset=PRESET)

    assert report.path == out and out.exists() and not list(tmp_path.glob(".*"))
    info = probe(out)
    assert (info.sample_rate, info.channels, info.audio_codec) == (48000, 2, "pcm_s16le")
    assert info.duration == pytest.approx(14.0, abs=0.05)
    assert report.normalization == "linear"
    assert report.integrated_lufs == pytest.approx(PRESET.loudness_lufs, abs=1.0)
    assert report.true_peak_db <= PRESET.true_peak_db
    assert (report.integrated_lufs, report.true_peak_db) == measure_loudness(out)
    i, tp = ebur128(out)
    assert i == pytest.approx(-14.0, abs=1.0) and tp <= -1.0

    # The music fills the pauses: audible before the narration starts, silent nowhere in the middle.
    audio = read_audio(out)
    gap = audio[round(5.7 * SR) : round(6.1 * SR)]
    assert 1e-4 < np.sqrt(np.mean(gap**2)) < 0.05


def test_mix_without_music_and_silence(tmp_path: Path, voices: list[Path]) -> None:
    report = mix_narration([(voices[1], 1.0)], 8.0, tmp_path / "voice.wav", music=None, preset=PRESET)
    assert report.integrated_lufs == pytest.approx(-14.0, abs=1.0) and report.true_peak_db <= -1.0
    audio = read_audio(report.path)
    assert len(audio) == 8 * SR
    assert np.abs(audio[: SR - 100]).max() == 0  # nothing before the segment's start

    silent = mix_narration([], 3.0, tmp_path / "silent.wav", music=None, preset=PRESET)
    assert silent.normalization == "none"
    assert len(read_audio(silent.path)) == 3 * SR and np.abs(read_audio(silent.path)).max() == 0


def test_loudness_targets_come_from_the_preset(tmp_path: Path, voices: list[Path]) -> None:
    """A preset asking for -16 LUFS and -2 dBTP gets them, measured on the file (not the defaults)."""
    quiet = replace(PRESET, name="quiet", loudness_lufs=-16.0, true_peak_db=-2.0)
    bed = make_bed(10.0, tmp_path / "bed.wav", seed=2)
    report = mix_narration([(voices[0], 0.5)], 8.0, tmp_path / "quiet.wav", music=bed, preset=quiet)
    i, tp = ebur128(report.path)
    assert i == pytest.approx(-16.0, abs=0.7) and tp <= -2.0
    assert abs(i - PRESET.loudness_lufs) > 1.3  # clearly not the default -14


def test_music_is_ducked_under_the_voice(tmp_path: Path) -> None:
    """Voice: a 1 kHz tone from 4 s to 7.5 s. Music: a 110 Hz sine. The 110 Hz component of the
    mix must drop by at least 6 dB while the voice speaks."""
    t = np.arange(12 * SR) / SR
    music = write_wav(tmp_path / "hum.wav", np.repeat((0.5 * np.sin(2 * np.pi * 110 * t))[:, None], 2, axis=1))
    voice = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=f=1000:d=3.5:sample_rate=24000", "-ac", "1", str(voice))
    report = mix_narration([(voice, 4.0)], 10.0, tmp_path / "duck.wav", music=music, preset=PRESET)
    mono = read_audio(report.path).mean(axis=1)

    def level_110(a: float, b: float) -> float:
        seg = mono[round(a * SR) : round(b * SR)]
        window = np.hanning(len(seg))
        amplitude = 2 * np.abs(np.fft.rfft(seg * window)) / window.sum()  # independent of the window length
        freqs = np.fft.rfftfreq(len(seg), 1 / SR)
        return 20 * np.log10(amplitude[(freqs > 100) & (freqs < 120)].max())

    quiet, speaking = level_110(1.5, 3.5), level_110(5.0, 7.0)
    assert speaking <= quiet - 6.0, (quiet, speaking)
    assert level_110(7.95, 8.35) > speaking + 3  # and comes back after the voice stops

    # The music fades in at the start and out at the end (the hum itself is steady throughout).
    def rms_db(a: float, b: float) -> float:
        return 20 * np.log10(np.sqrt(np.mean(mono[round(a * SR) : round(b * SR)] ** 2)) + 1e-9)

    steady = rms_db(1.5, 3.5)
    assert rms_db(0.0, 0.1) < steady - 15 and rms_db(0.5, 0.6) < steady - 3
    assert rms_db(9.9, 10.0) < steady - 15 and rms_db(9.0, 9.1) < steady - 1


# ---------------------------------------------------------------- music bed


def test_bed_is_deterministic_and_well_formed(tmp_path: Path) -> None:
    a = make_bed(9.5, tmp_path / "a.wav", seed=4)
    b = make_bed(9.5, tmp_path / "b.wav", seed=4)
    c = make_bed(9.5, tmp_path / "c.wav", seed=5)
    d = make_bed(9.5, tmp_path / "d.wav", seed=4, mood="bright")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes() and a.read_bytes() != d.read_bytes()
    info = probe(a)
    assert (info.sample_rate, info.channels, info.audio_codec) == (48000, 2, "pcm_s16le")
    assert info.duration == pytest.approx(9.5, abs=0.01)
    with wave.open(str(a)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2) / 32768
    peak_db = 20 * np.log10(np.abs(samples).max())
    assert -7.0 <= peak_db <= -3.0
    assert np.sqrt(np.mean(samples[SR : 8 * SR] ** 2)) > 0.02  # not silent
    assert np.abs(samples[:, 0] - samples[:, 1]).max() > 1e-3  # a little stereo width


def test_pick_music(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bed = pick_music(None, 6.0, cache, seed=3)
    assert bed.parent == cache and bed.suffix == ".wav"
    mtime = bed.stat().st_mtime_ns
    assert pick_music(tmp_path / "missing", 6.0, cache, seed=3) == bed and bed.stat().st_mtime_ns == mtime
    assert pick_music(None, 6.0, cache, seed=4) != bed

    tracks = tmp_path / "music"
    tracks.mkdir()
    for name in ("b.mp3", "a.WAV", "c.flac", "notes.txt", ".hidden.mp3"):
        (tracks / name).write_bytes(b"")
    picks = {pick_music(tracks, 6.0, cache, seed=s).name for s in range(6)}
    assert picks == {"a.WAV", "b.mp3", "c.flac"}
    assert pick_music(tracks, 6.0, cache, seed=7) == pick_music(tracks, 9.0, cache, seed=7)


def test_music_folder_sidecars_and_mood(tmp_path: Path) -> None:
    from generator.music import choose_track, library
    from reelflow.errors import BadInput

    music, cache = tmp_path / "music", tmp_path / "cache"
    music.mkdir()
    for name in ("rain.mp3", "sun.wav", "plain.flac", "drums.ogg"):
        (music / name).write_bytes(b"")
    (music / "rain.toml").write_text('mood = "Calm"\nlicence = "CC-BY-4.0"\ntitle = "Rain"\nartist = "R"\n')
    (music / "sun.json").write_text('{"mood": "bright", "license": "CC0-1.0"}')  # either spelling
    (music / "drums.json").write_text('{"mood": "tense"}')

    tracks = {t.path.name: t for t in library(music)}
    assert tracks["rain.mp3"].mood == "calm" and tracks["rain.mp3"].licence == "CC-BY-4.0"
    assert tracks["sun.wav"].licence == "CC0-1.0" and tracks["sun.wav"].title == "sun"
    assert tracks["plain.flac"].mood is None and tracks["plain.flac"].licence is None

    assert {choose_track(music, "calm", 10, cache, seed=s).path.name for s in range(4)} == {"rain.mp3"}
    assert choose_track(music, "bright", 10, cache, seed=3).path.name == "sun.wav"
    # No track of the mood: the ones with no mood given, never another mood's.
    assert {choose_track(music, "warm", 10, cache, seed=s).path.name for s in range(4)} == {"plain.flac"}
    credit = choose_track(music, "calm", 10, cache, seed=0).credit()
    assert credit == {"title": "Rain", "artist": "R", "licence": "CC-BY-4.0", "mood": "calm", "generated": False,
                      "file": "rain.mp3"}

    bed = choose_track(tmp_path / "empty", "serious", 6.0, cache, seed=1)
    assert bed.generated and bed.mood == "serious" and bed.licence and bed.path.is_file()

    (music / "drums.json").write_text('{"mood": "tense", "licnce": "CC0"}')
    with pytest.raises(BadInput, match=r"drums\.json.*unknown key 'licnce'"):
        library(music)
    (music / "drums.json").write_text('{"mood": 3}')
    with pytest.raises(BadInput, match=r"drums\.json.*'mood' must be text"):
        library(music)
    (music / "drums.json").unlink()
    (music / "drums.toml").write_text("mood = \n")
    with pytest.raises(BadInput, match=r"drums\.toml.*cannot read"):
        library(music)
