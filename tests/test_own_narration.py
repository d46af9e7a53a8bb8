"""Bring-your-own narration: a recording beside the article, cut per shot, subtitles aligned to it.

The "user's recording" is espeak-ng in another voice variant, at another rate and pitch, with pauses
of different lengths between sentences, a lead-in, light noise, and (for one language) MP3 encoding.
Its true word onsets are espeak's own WORD events for that recording. The aligner knows only the
text and the audio file.
"""

from __future__ import annotations

import math
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from conftest import parse_srt

from editing.cut import CutOptions, cut
from editing.presets import get_preset
from generator.speech.base import SAMPLE_RATE, Prosody
from generator.speech.espeak import EspeakEngine
from generator.speech.own import find_own_audio, narrations_from_audio
from reelflow.errors import BadInput
from reelflow.media import ffmpeg_exe, probe
from reelflow.models import Shot, ShotClip, Storyboard

SHOTS = {
    "en": [
        ["Libraries are quiet places.", "But small libraries in villages do much more than lend books."],
        ["They host classes for children after school.", "Older people come to read the newspaper and talk."],
        ["In 2023, one library opened a repair cafe.", "Volunteers fixed 300 lamps, radios and bicycles."],
    ],
    "zh": [
        ["夜市是城市的另一张面孔。", "天黑以后，街道两旁摆满了小吃摊。"],
        ["人们排队购买臭豆腐和烤鱿鱼。", "孩子们在灯光下追逐玩耍。"],
        ["2023年，这条夜市接待了300万游客。", "摊主们说，生意比以前好多了。"],
    ],
}
SPEAKER = {"en": ("en-us+f3", 1.3), "zh": ("cmn-latn-pinyin+m3", 0.8)}
PAUSES = [0.4, 1.1, 0.3, 0.9, 0.6, 0.2]
LEAD_IN = 0.8


def _read_wav(path: str | Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (SAMPLE_RATE, 1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def record(language: str, tmp: Path, suffix: str) -> tuple[Path, list[list[tuple[str, float]]], list[Shot]]:
    """The user's recording (at tmp/article<suffix>), its true word onsets per shot, and the shots."""
    voice, rate = SPEAKER[language]
    engine = EspeakEngine()
    pieces, truth, t = [np.zeros(round(LEAD_IN * SAMPLE_RATE), np.int16)], [], LEAD_IN
    k = 0
    for sentences in SHOTS[language]:
        onsets = []
        for sentence in sentences:
            n = engine.synthesize(sentence, language, voice, tmp / f"said{k}.wav", prosody=Prosody(rate=rate, pitch=14))
            samples = _read_wav(n.audio_path)
            onsets += [(w.text, t + w.start) for w in n.words]
            pause = np.zeros(round(PAUSES[k % len(PAUSES)] * SAMPLE_RATE), np.int16)
            pieces += [samples, pause]
            t += (len(samples) + len(pause)) / SAMPLE_RATE
            k += 1
        truth.append(onsets)
    audio = np.clip(np.concatenate(pieces) + np.random.default_rng(1).normal(0, 120, sum(map(len, pieces))),
                    -32768, 32767).astype("<i2")  # fmt: skip
    wav = tmp / "article.raw.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(audio.tobytes())
    out = tmp / f"article{suffix}"
    if suffix == ".wav":
        wav.rename(out)
    else:
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav), "-b:a", "128k",
                        str(out)], check=True)  # fmt: skip
    joiner = "" if language == "zh" else " "
    shots = [Shot(index=i, narration=joiner.join(s), visual_prompt="-", seconds=3, key_phrase="-")
             for i, s in enumerate(SHOTS[language])]  # fmt: skip
    return out, truth, shots


def decoded(path: Path) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(SAMPLE_RATE), "-f",
                          "s16le", "-"], capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(raw, "<i2")


def offset_in(audio: np.ndarray, piece: np.ndarray) -> float:
    """Where `piece` (cut from `audio`, faded only at its ends) sits in `audio`, in seconds."""
    mid = len(piece) // 2
    window = piece[mid : mid + 400]
    for pos in np.flatnonzero(audio == window[0]):
        if np.array_equal(audio[pos : pos + len(window)], window):
            return (pos - mid) / SAMPLE_RATE
    raise AssertionError("the shot's audio is not a piece of the recording")


@pytest.mark.parametrize(("language", "suffix"), [("en", ".wav"), ("zh", ".mp3")])
def test_word_onsets_follow_the_recording(tmp_path: Path, language: str, suffix: str) -> None:
    audio_path, truth, shots = record(language, tmp_path, suffix)
    cache = tmp_path / "cache"
    narrations = narrations_from_audio(audio_path, shots, language, cache)
    assert len(narrations) == len(shots)
    audio = decoded(audio_path)
    errors, total = [], 0.0
    for n, onsets, shot in zip(narrations, truth, shots, strict=True):
        assert (n.engine, n.voice, n.text) == ("own", audio_path.name, shot.narration)
        samples = _read_wav(n.audio_path)
        assert n.duration == pytest.approx(len(samples) / SAMPLE_RATE, abs=1e-3)
        assert [w.text for w in n.words] == [w for w, _ in onsets]
        at = offset_in(audio, samples)
        errors += [abs(at + w.start - t) for w, (_, t) in zip(n.words, onsets, strict=True)]
        total += n.duration
    errors_arr = np.array(errors)
    assert (errors_arr <= 0.150).mean() >= 0.9, np.round(errors_arr, 3)
    assert np.median(errors_arr) <= 0.06
    # The shots cover the recording's speech without its long pauses: trimmed to a short lead and tail.
    assert total < len(audio) / SAMPLE_RATE

    # Cached: the second call reads the sidecars and does not write the WAVs again.
    mtimes = [Path(n.audio_path).stat().st_mtime_ns for n in narrations]
    assert narrations_from_audio(audio_path, shots, language, cache) == narrations
    assert [Path(n.audio_path).stat().st_mtime_ns for n in narrations] == mtimes


def test_subtitles_follow_the_recording_through_the_cut(tmp_path: Path) -> None:
    preset = get_preset("preview")
    audio_path, truth, shots = record("zh", tmp_path, ".m4a")
    narrations = narrations_from_audio(audio_path, shots, "zh", tmp_path / "cache")
    audio = decoded(audio_path)
    lead, clips, start, expected = 0.12, [], 0.0, []
    for i, (n, onsets) in enumerate(zip(narrations, truth, strict=True)):
        seconds = math.ceil((lead + n.duration + 0.35) * preset.fps) / preset.fps
        path = tmp_path / f"shot{i}.mp4"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"color=c=0x223344:s=270x480:r=30:d={seconds}", "-c:v", "libx264", "-preset", "ultrafast",
                        "-pix_fmt", "yuv420p", str(path)], check=True)  # fmt: skip
        clips.append(ShotClip(index=i, path=str(path), seconds=seconds, width=270, height=480, fps=30, renderer="t"))
        # Where each true onset lands on the video: the shot's start, the lead, and its place in the shot.
        at = offset_in(audio, _read_wav(n.audio_path))
        expected += [(w, start + lead + t - at) for w, t in onsets]
        start += seconds
    board = Storyboard(title="夜市", language="zh", target_seconds=20, seed=0, planner="t", shots=shots)
    out = tmp_path / "own.mp4"
    cut(board, narrations, clips, preset, out, tmp_path / "work", CutOptions(lead=lead))
    assert probe(out).duration == pytest.approx(start, abs=0.05)
    # Every cue starts within 150 ms of the true onset of the first word it shows.
    owner = [k for k, (w, _) in enumerate(expected) for _ in _alnum(w)]
    pos = 0
    cues = parse_srt(out.with_suffix(".srt"))
    assert "".join(_alnum(text) for _, _, text in cues) == "".join(_alnum(w) for w, _ in expected)
    for cue_start, _, text in cues:
        word = expected[owner[pos]]
        assert abs(cue_start - word[1]) <= 0.150, (text, cue_start, word)
        pos += len(_alnum(text))


def _alnum(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def test_finding_and_refusing_recordings(tmp_path: Path) -> None:
    article = tmp_path / "story.md"
    article.write_text("# 标题\n\n正文。", encoding="utf-8")
    assert find_own_audio(article) is None
    (tmp_path / "story.txt").write_text("not audio", encoding="utf-8")
    (tmp_path / "other.wav").write_bytes(b"")
    assert find_own_audio(article) is None
    (tmp_path / "story.MP3").write_bytes(b"not really audio")
    assert find_own_audio(article) == tmp_path / "story.MP3"
    (tmp_path / "story.wav").write_bytes(b"RIFF....")
    assert find_own_audio(article) == tmp_path / "story.wav"  # WAV first

    shots = [Shot(index=0, narration="正文。", visual_prompt="-", seconds=1, key_phrase="-")]
    with pytest.raises(BadInput, match=r"story\.MP3.*cannot decode"):
        narrations_from_audio(tmp_path / "story.MP3", shots, "zh", tmp_path / "cache")
    silent = tmp_path / "silent.wav"
    with wave.open(str(silent), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(np.zeros(SAMPLE_RATE * 2, "<i2").tobytes())
    with pytest.raises(BadInput, match=r"silent\.wav.*silent"):
        narrations_from_audio(silent, shots, "zh", tmp_path / "cache")
    with pytest.raises(BadInput, match=r"missing\.wav"):
        narrations_from_audio(tmp_path / "missing.wav", shots, "zh", tmp_path / "cache")
