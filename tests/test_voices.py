"""The online voice at the wire: edge-tts's own client against a loopback server speaking its protocol.

edge-tts reads its endpoints from module constants (`edge_tts.communicate.WSS_URL`,
`edge_tts.voices.VOICE_LIST`); pointing them at tests/edge_server.py exercises the real handshake,
frame parsing, word boundaries, our retries and our cache, with no network.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import edge_tts.communicate
import edge_tts.voices
import pytest
from edge_server import TAIL_S, EdgeServer
from typer.testing import CliRunner

from editing.presets import get_preset
from editing.subtitles import cues_for_narration
from generator.speech import forget_unavailable, say
from generator.speech.edge import ATTEMPTS
from generator.speech.voices import BUILTIN, list_voices
from reelflow.cli import app
from reelflow.media import probe

EN = "Small libraries do much more than lend books."
ZH = "夜市是城市的另一张面孔，天黑以后街道两旁摆满了小吃摊。人们排队购买臭豆腐和烤鱿鱼，孩子们在灯光下追逐玩耍。"


@pytest.fixture
def edge(monkeypatch: pytest.MonkeyPatch) -> Iterator[EdgeServer]:
    for var in ("WSS_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "wss_proxy", "https_proxy", "http_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    forget_unavailable()
    with EdgeServer() as server:
        monkeypatch.setattr(edge_tts.communicate, "WSS_URL", server.ws_url)
        monkeypatch.setattr(edge_tts.voices, "VOICE_LIST", server.voices_url)
        yield server
    forget_unavailable()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_word_boundaries_and_prosody_over_the_wire(edge: EdgeServer, tmp_path: Path) -> None:
    n = say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.1, pitch=-5, volume=20)
    assert (n.engine, n.voice) == ("edge", "en-US-AriaNeural")
    (request,) = edge.requests
    assert request.text == EN and request.word_boundaries
    assert (request.rate, request.pitch, request.volume) == ("+10%", "-5Hz", "+20%")
    assert request.voice == "Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)"
    sent = edge.spoken[0].words
    assert [w.text for w in n.words] == [w for w, _, _ in sent]
    shift = sent[0][1] - n.words[0].start  # the audio was trimmed; every word moves by the same amount
    for word, (_, offset, _) in zip(n.words, sent, strict=True):
        assert word.start == pytest.approx(offset - shift, abs=0.002)
    info = probe(n.audio_path)
    assert (info.sample_rate, info.channels) == (48000, 1)
    assert n.duration == pytest.approx(info.duration, abs=0.02)
    assert n.duration - n.words[-1].end < 0.4 < TAIL_S  # the service's long tail is trimmed


def test_chinese_boundaries_drive_the_subtitles(edge: EdgeServer, tmp_path: Path) -> None:
    n = say(ZH, "zh", engine="edge", cache_dir=tmp_path)
    assert n.engine == "edge" and n.voice == "zh-CN-XiaoxiaoNeural"
    sent = edge.spoken[0].words
    assert [w.text for w in n.words] == [w for w, _, _ in sent]  # two-character words, as sent
    # Each hanzi of the text belongs to one boundary word; every cue starts within its first word.
    owner = [k for k, w in enumerate(n.words) for _ in w.text]
    hanzi = [i for i, ch in enumerate(ZH) if "\u4e00" <= ch <= "\u9fff"]
    cues = cues_for_narration(n.text, n.words, "zh")
    assert len(cues) >= 2
    for cue in cues:
        at = ZH.index(cue.lines[0])
        word = n.words[owner[hanzi.index(at)]]
        assert word.start - 1e-3 <= cue.start <= word.end + 1e-3


def test_transient_failures_are_retried(edge: EdgeServer, tmp_path: Path) -> None:
    edge.fail_handshakes = 1  # HTTP 503 on the first handshake
    edge.drop_streams = 1  # then a connection closed before any audio
    n = say(EN, "en", engine="edge", cache_dir=tmp_path)
    assert n.engine == "edge"
    assert edge.handshakes == 3 and edge.connections == 2 and len(edge.requests) == 1


def test_persistent_failure_falls_back_after_the_retries(
    edge: EdgeServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    edge.fail_handshakes = 99
    caplog.set_level(logging.INFO, logger="reelflow.speech")
    n = say(EN, "en", engine="edge", cache_dir=tmp_path)
    assert n.engine == "espeak"
    assert edge.handshakes == ATTEMPTS
    messages = [r.getMessage() for r in caplog.records if r.name == "reelflow.speech"]
    assert sum("retrying" in m for m in messages) == ATTEMPTS - 1
    assert any("503" in m and "offline espeak-ng voice" in m for m in messages)
    assert not any("TrustedClientToken" in m or "127.0.0.1:" in m and "ws://" in m for m in messages)


def test_cache_key_is_text_voice_rate_pitch_volume(edge: EdgeServer, tmp_path: Path) -> None:
    first = say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.05)
    again = say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.05)
    assert again == first and edge.handshakes == 1  # served from the cache: the service is not asked
    variants = [
        say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.05, pitch=10),
        say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.05, volume=-10),
        say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.2),
        say(EN, "en", engine="edge", cache_dir=tmp_path, rate=1.05, voice="en-US-GuyNeural"),
        say(EN + " Really.", "en", engine="edge", cache_dir=tmp_path, rate=1.05),
    ]
    assert edge.handshakes == 6
    assert len({v.audio_path for v in [first, *variants]}) == 6
    assert [r.pitch for r in edge.requests[1:3]] == ["+10Hz", "+0Hz"]
    assert edge.requests[2].volume == "-10%" and edge.requests[3].rate == "+20%"


def test_preset_voice_styles() -> None:
    douyin, youtube = get_preset("douyin"), get_preset("youtube")
    assert douyin.voice_style("zh").voice == "zh-CN-XiaoxiaoNeural" and douyin.voice_style("zh").rate > 1.0
    assert youtube.voice_style("en").voice == "en-US-GuyNeural" and youtube.voice_style("en").rate == 1.0
    mine = douyin.voice_style("zh", voice="zh-CN-YunxiNeural", pitch=-4)
    assert (mine.voice, mine.rate, mine.pitch, mine.volume) == ("zh-CN-YunxiNeural", 1.08, -4, 0)


# ---------------------------------------------------------------- listing voices


def test_list_voices_online(edge: EdgeServer) -> None:
    found = list_voices("zh", timeout=3)
    assert found.source == "online" and found.reason is None
    assert [v.name for v in found.voices] == ["zh-CN-XiaoxiaoNeural", "zh-CN-YunyeNeural"]
    assert found.voices[0].traits == ("Warm",) and found.offline == ["cmn-latn-pinyin"]
    assert edge.voice_list_requests == 1


def test_list_voices_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edge_tts.voices, "VOICE_LIST", f"http://127.0.0.1:{_closed_port()}/voices/list?x=1")
    found = list_voices("en", timeout=3)
    assert found.source == "built-in" and "cannot connect to 127.0.0.1" in (found.reason or "")
    assert found.voices and all(v.locale.startswith("en-") for v in found.voices)
    assert {v.name for v in found.voices} <= {v.name for v in BUILTIN}


def test_cli_voices_says_where_the_list_came_from(edge: EdgeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    online = runner.invoke(app, ["voices", "--language", "en"])
    assert online.exit_code == 0, online.output
    assert "en-US-AriaNeural" in online.output and "voice service (online)" in online.output
    assert "zh-CN-XiaoxiaoNeural" not in online.output

    monkeypatch.setattr(edge_tts.voices, "VOICE_LIST", f"http://127.0.0.1:{_closed_port()}/voices/list?x=1")
    offline = runner.invoke(app, ["voices", "-l", "zh", "--timeout", "2"])
    assert offline.exit_code == 0
    assert "built-in list" in offline.output and "zh-CN-YunxiNeural" in offline.output
    assert "cmn-latn-pinyin" in offline.output
