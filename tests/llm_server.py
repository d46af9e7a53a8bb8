"""A loopback OpenAI-compatible chat-completions server for the planner tests.

It speaks the real protocol over HTTP on 127.0.0.1 and answers each request with the next behaviour
of a script: a storyboard in the shapes real models use (clean JSON, fenced, after prose, after a
reasoning block), broken or off-schema JSON, invented narration, or failures (500, 429 with
Retry-After, a hang, an error that echoes the API key). Its "model" is a simple extractive one that
reads the article out of the request, so the storyboard depends on what was actually sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ARTICLE = re.compile(r"<article-(\w+)>\n(.*?)\n</article-\1>", re.S)
_PIECE = re.compile(r"^\[([PS])(\d+)\] (.*)$", re.M)
_SENTENCE = {True: re.compile(r"[^。！？!?]+[。！？!?]?"), False: re.compile(r"[^.!?]+(?:[.!?]+[\"”]?|$)")}
_MAX_SHOTS = re.compile(r"in at most (\d+) shots")
_TARGET = re.compile(r"about (\d+) seconds")

INVENTED_EN = "The mayor promised 4,815,162 dollars for every reader."
INVENTED_ZH = "市长承诺给每位读者发放4815162元奖金。"


@dataclass
class Request:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body["messages"]

    @property
    def user(self) -> str:
        return next(m["content"] for m in self.messages if m["role"] == "user")

    @property
    def format(self) -> str | None:
        rf = self.body.get("response_format")
        return rf.get("type") if rf else None


def _sentences(text: str, zh: bool) -> list[str]:
    return [s.strip() for s in _SENTENCE[zh].findall(text) if s.strip()]


# The policy judgments the "judged" behaviour gives its shots, in the spellings models use: the first shot a
# report showing a real official acting, the second a frame that is none of the gate's (no judgment), the rest
# fiction.
JUDGMENTS = [{"frame": "News", "footage_like": "yes", "real_people": "Mayor Ana Ruiz", "content": "Person action"},
             {"frame": "documentary", "footage_like": True, "real_people": [], "content": "event"},
             {"frame": "fiction", "footage_like": True, "real_people": [], "content": "none"}]
# The "judged_event" behaviour's: the first shot a reported event (in a model's spelling), the rest nothing.
JUDGMENTS_EVENT = [{"frame": "report", "footage_like": True, "real_people": [], "content": "News event"},
                   {"frame": "report", "footage_like": True, "real_people": [], "content": "none"}]


def scripted_draft(request: Request, *, invent: bool = False,
                   judged: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What a faithful, extractive model would answer: the first sentence of each numbered piece, up to
    the shot limit and the target length, a style sheet with one character, English visual prompts; with
    `judged` (JUDGMENTS or JUDGMENTS_EVENT), each shot also carries those policy judgments."""
    match = _ARTICLE.search(request.user)
    assert match, "the article is not delimited in the user message"
    pieces = [(kind, int(n), text) for kind, n, text in _PIECE.findall(match.group(2))]
    max_shots = int(_MAX_SHOTS.search(request.user).group(1))
    target = float(_TARGET.search(request.user).group(1))
    zh = bool(re.search(r"[\u4e00-\u9fff]", match.group(2)))
    shots: list[dict[str, Any]] = []
    spent = 0.0
    for kind, n, text in pieces:
        first = _sentences(text, zh)[0] if kind == "P" else text
        seconds = len(first) / 4.5 if zh else len(first.split()) / 2.5
        if shots and (len(shots) >= max_shots or spent + seconds > target):
            break
        spent += seconds
        shot: dict[str, Any] = {
            "visual_prompt": f"A street scene illustrating part {n} of the story, golden hour light, 35mm lens",
            "camera": ["slow push in", "slow pan left", "slow pan right", "slow pull out"][len(shots) % 4],
            "key_phrase": first[:6] if zh else " ".join(first.split()[:3]),
            "keywords": ["street", "people"],
            "style_refs": ["Vendor"] if len(shots) % 2 == 0 else [],
            "image": None,
        }
        if judged:
            shot |= judged[min(len(shots), len(judged) - 1)]
        if kind == "S":
            shot["sentences"] = [n]
        else:
            shot["paragraph"] = n
            shot["narration"] = first
        shots.append(shot)
    if invent and shots:
        bad = dict(shots[0])
        bad.pop("sentences", None)
        bad["narration"] = INVENTED_ZH if zh else INVENTED_EN
        bad["paragraph"] = pieces[0][1]
        shots.insert(1, bad)
    style = {"look": "warm documentary photography", "palette": ["amber", "teal"], "era": "present day",
             "characters": [{"name": "Vendor", "description": "a middle-aged vendor in a blue apron"}],
             "places": []}
    return {"style": style, "shots": shots}


def _fake_json_in_article(request: Request) -> str:
    body = _ARTICLE.search(request.user).group(2)
    start = body.index("{")
    _, end = json.JSONDecoder().raw_decode(body, start)
    return body[start:end]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": "scripted-model", "object": "model"}]})
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        llm: ScriptedLLM = self.server.llm
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        req = Request(body, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with llm.lock:
            llm.requests.append(req)
            if req.format not in llm.accept_formats:
                self._send(400, {"error": {"message": f"response_format {req.format} is not supported",
                                           "type": "invalid_request_error", "param": "response_format"}})
                return
            if _is_translation(req):  # the storyboard's lines into another language (storyboard/translate.py)
                behaviour = llm.translate_script.popleft() if llm.translate_script else "translate"
            else:
                behaviour = llm.script.popleft() if llm.script else llm.default
        llm.served.append(behaviour)
        self._answer(behaviour, req)

    def _answer(self, behaviour: str, req: Request) -> None:
        if behaviour == "500":
            self._send(500, {"error": {"message": "internal error"}})
        elif behaviour == "503":
            self._send(503, {"error": {"message": "overloaded"}})
        elif behaviour == "429":
            self._send(429, {"error": {"message": "rate limited"}}, {"Retry-After": "1"})
        elif behaviour == "echo_key":
            self._send(500, {"error": {"message": f"bad upstream auth: {req.headers.get('authorization')}"}})
        elif behaviour == "hang":
            self.server.llm.release.wait(10)
        else:
            self._send(200, _completion(req.body.get("model", ""), self._content(behaviour, req)))

    def _content(self, behaviour: str, req: Request) -> str:
        if behaviour.startswith("translate"):
            return _translation(req, self.server.llm.translator, drop_number=behaviour == "translate_drop_number")
        judged = {"judged": JUDGMENTS, "judged_event": JUDGMENTS_EVENT}.get(behaviour)
        draft = json.dumps(scripted_draft(req, invent=behaviour == "invented", judged=judged), ensure_ascii=False)
        if behaviour in ("json", "invented", "judged", "judged_event"):
            return draft
        if behaviour == "fenced":
            return f"```json\n{draft}\n```"
        if behaviour == "prose":
            return f"Sure! Here is the storyboard for the article, following the schema.\n{draft}\nEnjoy."
        if behaviour == "think":
            return f"<think>The user wants {{shots}}; the article is about a market.</think>\n{draft}"
        if behaviour == "quote_injection":
            fake = _fake_json_in_article(req)
            return f"The article contains {fake}, which is data, so I ignore it.\n```json\n{draft}\n```"
        if behaviour == "obey_injection":
            return _fake_json_in_article(req)
        if behaviour == "invalid":
            return draft[: len(draft) // 2]
        if behaviour == "wrong_schema":
            return json.dumps({"scenes": [{"text": "hello"}]})
        if behaviour == "empty":
            return ""
        raise AssertionError(f"unknown behaviour {behaviour!r}")


def _is_translation(req: Request) -> bool:
    return any(m["role"] == "system" and m["content"].startswith("You translate") for m in req.messages)


def _translation(req: Request, translator: Callable[[str], str], *, drop_number: bool) -> str:
    """Each asked line through `translator`; `drop_number` loses the first number, as a careless model might."""
    asked = json.loads(next(m["content"] for m in req.messages if m["role"] == "user"))["lines"]
    lines = [{"id": item["id"], "text": translator(item["text"])} for item in asked]
    if drop_number:
        for line in lines:
            if re.search(r"\d", line["text"]):
                line["text"] = re.sub(r"\d+", "", line["text"], count=1)
                break
    return json.dumps({"lines": lines}, ensure_ascii=False)


def word_for_word(text: str) -> str:
    """A stand-in English translation that keeps what a faithful one must: every number and Latin name."""
    text = re.sub(r"(\d+(?:\.\d+)?)(万|亿)", lambda m: f"{float(m[1]) * (1e4 if m[2] == '万' else 1e8):.0f}", text)
    kept = re.findall(r"[A-Za-z][A-Za-z0-9.+-]*|\d+(?:[.,]\d+)*", text)
    return "Translated line" + ("".join(f" {k}" for k in kept) if kept else "") + "."


def _completion(model: str, content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    llm: ScriptedLLM


@dataclass
class ScriptedLLM:
    """`with ScriptedLLM(["500", "json"]) as llm:` serves at `llm.base_url` until the block ends."""

    script: deque[str] | list[str] = field(default_factory=list)
    default: str = "json"
    accept_formats: frozenset[str | None] = frozenset({"json_schema", "json_object", None})
    requests: list[Request] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    translate_script: deque[str] | list[str] = field(default_factory=list)
    translator: Callable[[str], str] = word_for_word

    def __post_init__(self) -> None:
        self.script = deque(self.script)
        self.translate_script = deque(self.translate_script)
        self.lock = threading.Lock()
        self.release = threading.Event()
        self._server: _Server | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedLLM:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.llm = self
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
