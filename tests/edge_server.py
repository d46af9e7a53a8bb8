"""A loopback stand-in for Microsoft's read-aloud service, speaking the same websocket protocol.

edge-tts connects to `edge_tts.communicate.WSS_URL` and fetches `edge_tts.voices.VOICE_LIST`; tests
point those two module constants here, so everything from the websocket handshake to the frame
parsing is edge-tts's own code. Per request the server answers like the real service:

    text   Path:turn.start
    text   Path:audio.metadata   {"Metadata":[{"Type":"WordBoundary","Data":{"Offset":..,"Duration":..,"text":..}}]}
    binary <2-byte header length><headers ... Path:audio, Content-Type:audio/mpeg> MP3 bytes   (repeated)
    binary <header with Path:audio and no Content-Type> (empty: end of audio)
    text   Path:turn.end

The audio is 24 kHz mono 48 kbit/s MP3 (the format edge-tts asks for), a tone burst per word placed
exactly at its reported offset, so a test knows where every word really is. Faults for retry tests:
`fail_handshakes` answers the next N websocket handshakes with HTTP 503; `drop_streams` accepts the
next N and closes them after the request without any audio.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import threading
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

import numpy as np
from aiohttp import WSMsgType, web

from reelflow.media import ffmpeg_exe

WS_PATH = "/consumer/speech/synthesize/readaloud/edge/v1"
VOICES_PATH = "/consumer/speech/synthesize/readaloud/voices/list"
TICKS = 10_000_000
LEAD_S = 0.1  # the service starts speaking after a short silence
WORD_GAP_S = 0.08
TAIL_S = 0.9  # and leaves almost a second after the sentence (see the field notes)

VOICES = [
    {"Name": "Microsoft Server Speech Text to Speech Voice (zh-CN, XiaoxiaoNeural)", "ShortName":
     "zh-CN-XiaoxiaoNeural", "Gender": "Female", "Locale": "zh-CN", "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
     "FriendlyName": "Microsoft Xiaoxiao Online (Natural) - Chinese (Mainland)", "Status": "GA",
     "VoiceTag": {"ContentCategories": ["News", "Novel"], "VoicePersonalities": ["Warm"]}},
    {"Name": "Microsoft Server Speech Text to Speech Voice (zh-CN, YunyeNeural)", "ShortName": "zh-CN-YunyeNeural",
     "Gender": "Male", "Locale": "zh-CN", "VoiceTag": {"VoicePersonalities": ["Calm"]}},
    {"Name": "Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)", "ShortName": "en-US-AriaNeural",
     "Gender": "Female", "Locale": "en-US", "VoiceTag": {"VoicePersonalities": ["Positive", "Confident"]}},
]  # fmt: skip


@dataclass
class Request:
    """What one synthesis request asked for, as the server parsed it from the SSML."""

    text: str
    voice: str
    rate: str
    pitch: str
    volume: str
    word_boundaries: bool


@dataclass
class Spoken:
    """What the server answered: the words and their offsets (seconds from the audio's start)."""

    words: list[tuple[str, float, float]] = field(default_factory=list)


def split_words(text: str) -> list[str]:
    """The service's idea of words: Latin words and numbers whole, hanzi in pairs, punctuation dropped."""
    out: list[str] = []
    for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9'.%-]*[A-Za-z0-9%]|[A-Za-z0-9]|[\u4e00-\u9fff]+", text):
        token = m.group()
        if "\u4e00" <= token[0] <= "\u9fff":
            out += [token[i : i + 2] for i in range(0, len(token), 2)]
        else:
            out.append(token)
    return out


def mp3_for(words: list[str], rate: float) -> tuple[bytes, list[tuple[str, float, float]]]:
    """An MP3 with one tone burst per word, and the (word, offset, duration) of each burst."""
    sr = 24_000
    t, spans = LEAD_S, []
    for i, w in enumerate(words):
        d = (0.12 + 0.09 * len(w)) / rate
        spans.append((w, round(t, 4), round(d, 4)))
        t += d + WORD_GAP_S * (1 + i % 3)
    n = round((t + TAIL_S) * sr)
    pcm = np.zeros(n, dtype=np.float32)
    for i, (_, start, d) in enumerate(spans):
        a, b = round(start * sr), round((start + d) * sr)
        k = np.arange(b - a) / sr
        pcm[a:b] = 0.3 * np.sin(2 * np.pi * (180 + 40 * (i % 4)) * k) * np.hanning(b - a)
    mp3 = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "f32le", "-ar", str(sr), "-ac", "1", "-i", "-",
         "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "-"],
        input=pcm.tobytes(), capture_output=True, check=True,
    ).stdout  # fmt: skip
    return mp3, spans


def _headers(path: str, request_id: str, content_type: str | None = "application/json; charset=utf-8") -> str:
    ct = f"Content-Type:{content_type}\r\n" if content_type else ""
    return f"X-RequestId:{request_id}\r\n{ct}Path:{path}\r\n"


def _binary(request_id: str, data: bytes, content_type: str | None = "audio/mpeg") -> bytes:
    head = (_headers("audio", request_id, content_type) + ("X-StreamId:0\r\n" if content_type else "")).encode()
    return len(head).to_bytes(2, "big") + head + data


def parse_ssml(ssml: str) -> tuple[str, str, str, str, str]:
    voice = re.search(r"<voice name='([^']*)'>", ssml)
    prosody = re.search(r"<prosody pitch='([^']*)' rate='([^']*)' volume='([^']*)'>(.*)</prosody>", ssml, re.S)
    if not voice or not prosody:
        raise ValueError("malformed SSML")
    pitch, rate, volume, text = prosody.groups()
    return unescape(text), voice.group(1), rate, pitch, volume


class EdgeServer:
    """Run with `with EdgeServer() as server:`; `server.ws_url` and `server.voices_url` go into edge-tts."""

    def __init__(self) -> None:
        self.connections = 0
        self.handshakes = 0
        self.fail_handshakes = 0
        self.drop_streams = 0
        self.voice_list_requests = 0
        self.requests: list[Request] = []
        self.spoken: list[Spoken] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> EdgeServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get(WS_PATH, self._ws)
        app.router.add_get(VOICES_PATH, self._voices)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{WS_PATH}?TrustedClientToken=loopback"

    @property
    def voices_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{VOICES_PATH}?trustedclienttoken=loopback"

    # ------------------------------------------------------------ handlers

    async def _voices(self, request: web.Request) -> web.Response:
        self.voice_list_requests += 1
        return web.json_response(VOICES)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        self.handshakes += 1
        if self.fail_handshakes > 0:
            self.fail_handshakes -= 1
            return web.Response(status=503, text="Service Unavailable")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.connections += 1
        word_boundaries = False
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            head, _, body = msg.data.partition("\r\n\r\n")
            headers = dict(line.split(":", 1) for line in head.split("\r\n") if ":" in line)
            if headers.get("Path") == "speech.config":
                options = json.loads(body)["context"]["synthesis"]["audio"]["metadataoptions"]
                word_boundaries = options["wordBoundaryEnabled"] == "true"
            elif headers.get("Path") == "ssml":
                if self.drop_streams > 0:
                    self.drop_streams -= 1
                    await ws.close()
                    break
                await self._answer(ws, headers.get("X-RequestId", uuid.uuid4().hex), body, word_boundaries)
        return ws

    async def _answer(self, ws: web.WebSocketResponse, request_id: str, ssml: str, word_boundaries: bool) -> None:
        text, voice, rate, pitch, volume = parse_ssml(ssml)
        self.requests.append(Request(text, voice, rate, pitch, volume, word_boundaries))
        speed = 1 + int(rate.rstrip("%")) / 100
        mp3, spans = await asyncio.to_thread(mp3_for, split_words(text), speed)
        self.spoken.append(Spoken(spans))
        await ws.send_str(_headers("turn.start", request_id) + "\r\n" + '{"context":{"serviceTag":"loopback"}}')
        if word_boundaries:
            for word, start, dur in spans:
                meta = {"Metadata": [{"Type": "WordBoundary", "Data": {
                    "Offset": round(start * TICKS), "Duration": round(dur * TICKS),
                    "text": {"Text": word, "Length": len(word), "BoundaryType": "WordBoundary"}}}]}  # fmt: skip
                await ws.send_str(_headers("audio.metadata", request_id) + "\r\n" + json.dumps(meta))
        for i in range(0, len(mp3), 4096):
            await ws.send_bytes(_binary(request_id, mp3[i : i + 4096]))
        await ws.send_bytes(_binary(request_id, b"", content_type=None))
        await ws.send_str(_headers("turn.end", request_id) + "\r\n" + "{}")
