"""Narration with real espeak-ng audio, and the fallback from an unreachable edge-tts.

The fallback test points edge-tts (through aiohttp's WSS_PROXY) at a local server that accepts and
never answers, so it exercises the timeout path whether or not this machine has a network.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import unicodedata
import wave
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from generator.speech import ENGINES, default_voice, forget_unavailable, say
from generator.speech.base import SAMPLE_RATE, trim_silence
from generator.speech.espeak import word_marks
from reelflow.media import probe
from reelflow.models import Narration

ZH = "人工智能正在改变我们创作短视频的方式。"
ZH_LONG = (
    "人工智能正在深刻地改变内容创作的方式。过去，制作一条短视频需要策划、拍摄、剪辑和配音等多个环节，"
    "往往要花上好几天的时间。如今，我们只需输入一篇文章，系统就能自动生成分镜脚本、旁白和字幕。"
)
EN = "The quick brown fox jumps over the lazy dog, and then it rests."


def _letters(text: str) -> str:
    """Text without whitespace and punctuation: what the word timings must cover."""
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


def _read_wav(path: str | Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (SAMPLE_RATE, 1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def _check_narration(n: Narration) -> None:
    """The format and timing invariants every narration must satisfy."""
    p = probe(n.audio_path)
    assert (p.sample_rate, p.channels, p.audio_codec) == (48000, 1, "pcm_s16le")
    assert abs(p.duration - n.duration) < 0.02
    assert n.words
    prev_end = 0.0
    for i, w in enumerate(n.words):
        assert w.text.strip()
        assert 0.0 <= w.start <= w.end <= n.duration + 1e-6
        assert w.start >= prev_end - 1e-6
        if i + 1 < len(n.words):
            assert w.end == pytest.approx(n.words[i + 1].start)
        prev_end = w.end
    assert n.words[0].start < 0.3  # leading silence trimmed
    assert n.duration - n.words[-1].end < 0.4  # trailing silence trimmed to 0.25 s


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "speech"


@pytest.fixture
def fresh_fallback() -> Iterator[None]:
    forget_unavailable()
    yield
    forget_unavailable()


def test_chinese_narration(cache: Path) -> None:
    n = say(ZH, "zh", engine="espeak", cache_dir=cache)
    _check_narration(n)
    assert (n.engine, n.voice) == ("espeak", "cmn-latn-pinyin")
    assert 2.0 < n.duration < 8.0
    assert "".join(w.text for w in n.words) == _letters(ZH)
    assert len(n.words) == len(_letters(ZH))  # one per hanzi


def test_english_words(cache: Path) -> None:
    n = say(EN, "en", engine="espeak", cache_dir=cache)
    _check_narration(n)
    assert n.voice == "en-us"
    assert [w.text for w in n.words] == [w.strip(",.") for w in EN.split()]


def test_mixed_chinese_english_numbers(cache: Path) -> None:
    text = "我们用AI生成2025年的视频，成本降低了30%！"
    n = say(text, "zh", engine="espeak", cache_dir=cache)
    _check_narration(n)
    spoken = [w.text for w in n.words]
    assert "AI" in spoken and "2025" in spoken
    assert "".join(spoken) == _letters(text) + "%"  # '%' is read aloud, so it stays with its number


def test_timings_are_real(cache: Path) -> None:
    n = say(ZH_LONG, "zh", engine="espeak", cache_dir=cache)
    _check_narration(n)
    assert "".join(w.text for w in n.words) == _letters(ZH_LONG)
    assert n.words[-1].end - n.words[0].start > 0.85 * n.duration
    lengths = np.array([w.end - w.start for w in n.words])
    assert lengths.std() / lengths.mean() > 0.15  # not an even spread over the characters
    # Sentence ends pause: the character before a full stop lasts longer than the median one.
    before_stop = next(w for w in n.words if w.text == "式")
    assert before_stop.end - before_stop.start > np.median(lengths)


def test_audio_is_trimmed(cache: Path) -> None:
    n = say(EN, "en", engine="espeak", cache_dir=cache)
    samples = np.abs(_read_wav(n.audio_path).astype(np.int32))
    loud = np.flatnonzero(samples > samples.max() * 0.02)
    assert loud[0] / SAMPLE_RATE <= 0.16
    assert (samples.size - loud[-1]) / SAMPLE_RATE <= 0.26


def test_trim_silence_keeps_a_short_lead_and_tail() -> None:
    tone = (np.sin(np.linspace(0, 2000, SAMPLE_RATE)) * 10000).astype(np.int16)
    padded = np.concatenate([np.zeros(SAMPLE_RATE, np.int16), tone, np.zeros(2 * SAMPLE_RATE, np.int16)])
    out, shift, speech_end = trim_silence(padded)
    assert shift == pytest.approx(1.0 - 0.15, abs=0.01)
    assert out.size / SAMPLE_RATE == pytest.approx(0.15 + 1.0 + 0.25, abs=0.01)
    assert speech_end == pytest.approx(0.15 + 1.0, abs=0.01)


def test_word_marks_handle_espeak_number_events() -> None:
    # Events espeak-ng really sends for this text: '2025' is reported three times, overlapping.
    text = "我们用AI生成2025年的视频"
    events = [(1, 1, 0), (2, 1, 206), (3, 1, 408), (4, 2, 639), (6, 1, 744), (7, 1, 1053), (8, 4, 1398),
              (9, 4, 1594), (9, 4, 1966), (12, 1, 2593), (13, 1, 2855), (14, 1, 2995), (15, 1, 3250)]  # fmt: skip
    marks = word_marks(text, events)
    assert [m[0] for m in marks] == ["我", "们", "用", "AI", "生", "成", "2025", "年", "的", "视", "频"]
    assert [m[1] for m in marks] == sorted(m[1] for m in marks)
    # A position going backwards ('Dr.' then 51 after 52) is dropped, not re-ordered.
    assert [m[0] for m in word_marks("Ask Dr. Smith", [(1, 3, 0), (5, 2, 300), (4, 0, 500), (9, 5, 700)])] == [
        "Ask",
        "Dr",
        "Smith",
    ]


def test_cache_hit_does_not_resynthesize(cache: Path) -> None:
    first = say(ZH, "zh", engine="espeak", cache_dir=cache)
    mtime = Path(first.audio_path).stat().st_mtime_ns
    time.sleep(0.01)
    second = say(ZH, "zh", engine="espeak", cache_dir=cache)
    assert second == first
    assert Path(second.audio_path).stat().st_mtime_ns == mtime
    assert Path(first.audio_path).with_suffix(".json").is_file()
    other_rate = say(ZH, "zh", engine="espeak", cache_dir=cache, rate=1.3)
    assert other_rate.audio_path != first.audio_path
    assert other_rate.duration < first.duration


def test_concurrent_synthesis(cache: Path) -> None:
    texts = [f"第{i}个镜头：我们正在测试并发合成。" for i in range(1, 5)] + ["Four threads at once, all fine."]
    langs = ["zh"] * 4 + ["en"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda tl: say(tl[0], tl[1], engine="espeak", cache_dir=cache), zip(texts, langs, strict=True))
        )
    assert len({r.audio_path for r in results}) == len(texts)
    for text, r in zip(texts, results, strict=True):
        _check_narration(r)
        assert r.text == text
        assert _read_wav(r.audio_path).size == pytest.approx(r.duration * SAMPLE_RATE, abs=1)


def _hanging_proxy() -> socket.socket:
    """A TCP server that accepts connections (the kernel's backlog does) and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


def test_fallback_when_edge_is_unreachable(
    cache: Path, fresh_fallback: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    server = _hanging_proxy()
    try:
        for var in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("WSS_PROXY", f"http://127.0.0.1:{server.getsockname()[1]}")
        caplog.set_level(logging.WARNING, logger="reelflow.speech")

        started = time.monotonic()
        first = say(ZH, "zh", engine="edge", voice="zh-CN-YunxiNeural", cache_dir=cache, timeout=1.5)
        first_took = time.monotonic() - started
        assert (first.engine, first.voice) == ("espeak", default_voice("espeak", "zh"))
        assert first_took < 5.0
        _check_narration(first)

        started = time.monotonic()
        second = say(EN, "en", engine="edge", cache_dir=cache, timeout=1.5)
        assert time.monotonic() - started < 1.0  # edge is not tried again in this process
        assert (second.engine, second.voice) == ("espeak", "en-us")
    finally:
        server.close()
    warnings = [r for r in caplog.records if r.name == "reelflow.speech" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "edge-tts is unreachable" in warnings[0].getMessage()
    assert "offline espeak-ng voice" in warnings[0].getMessage()


def test_fallback_inside_a_running_event_loop(
    cache: Path, fresh_fallback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: connections are refused at once
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WSS_PROXY", f"http://127.0.0.1:{port}")

    async def narrate() -> Narration:
        return say("你好，世界。", "zh", engine="edge", cache_dir=cache, timeout=2.0)

    n = asyncio.run(narrate())
    assert n.engine == "espeak"
    _check_narration(n)


def test_rejects_bad_requests(cache: Path) -> None:
    with pytest.raises(ValueError):
        say("  \n ", "zh", engine="espeak", cache_dir=cache)
    with pytest.raises(ValueError):
        say("hi", "en", engine="nope", cache_dir=cache)
    with pytest.raises(ValueError):
        say("hi", "fr", engine="espeak", cache_dir=cache)


def test_registry_and_voices() -> None:
    assert set(ENGINES) >= {"edge", "espeak"}
    assert default_voice("edge", "zh") == "zh-CN-XiaoxiaoNeural"
    assert default_voice("edge", "en") == "en-US-AriaNeural"
    assert ENGINES["edge"]().knows_voice("zh-CN-XiaoxiaoNeural")
    assert not ENGINES["edge"]().knows_voice("en-us")
    assert ENGINES["espeak"]().knows_voice("en-us")
    assert not ENGINES["espeak"]().knows_voice("zh-CN-XiaoxiaoNeural")
    assert all(cls().available() for cls in ENGINES.values())
