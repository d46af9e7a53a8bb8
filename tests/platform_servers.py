"""Loopback HTTP servers that speak each platform's documented protocol, with faults on demand.

They stand in for what is outside the machine — YouTube, TikTok, Bilibili, Douyin and a
webhook receiver — at the wire: real sockets on 127.0.0.1, the platforms' paths, headers,
status codes and JSON shapes, OAuth with PKCE checks and refresh-token rotation, Bilibili's
HMAC signature, TikTok's chunk rules. Every finished upload is kept with its bytes' sha256
so a test can assert "exactly one video, byte-identical, AI flag set".

Faults are queued per request kind (`server.faults["put"].append(...)`):
  ("drop", n)      read n bytes of the body (keeping what the platform would keep), then cut
                   the connection without an answer
  ("status", code, retry_after)   answer with that status and store nothing
  ("expire_token",)               the access token dies now: this request gets a 401
  ("lose_reply",)  do the work, then cut the connection instead of answering
  ("expire_session",)  (YouTube) the upload session is gone: 404 now and on every later request
and `server.pause_after(n)` makes the request after the n-th upload chunk wait until the
test releases it (so a test can kill the client between chunks).
"""

from __future__ import annotations

import base64
import contextlib
import email.parser
import hashlib
import hmac
import http.server
import json
import secrets
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- plumbing


class Drop(Exception):  # noqa: N818
    """Cut the connection without answering."""


@dataclass
class Request:
    handler: http.server.BaseHTTPRequestHandler
    method: str
    path: str
    query: dict[str, str]
    headers: Any
    _body: bytes | None = None

    @property
    def length(self) -> int:
        return int(self.headers.get("Content-Length") or 0)

    def body(self) -> bytes:
        if self._body is None:
            self._body = self.handler.rfile.read(self.length) if self.length else b""
        return self._body

    def read_some(self, n: int) -> bytes:
        """Read at most n bytes of the body (for a connection cut mid-upload)."""
        return self.handler.rfile.read(min(n, self.length))

    def json(self) -> dict[str, Any]:
        raw = self.body()
        return json.loads(raw) if raw else {}

    def form(self) -> dict[str, str]:
        fields = dict(urllib.parse.parse_qsl(self.body().decode("utf-8")))
        return {**self.query, **fields}

    def multipart(self) -> dict[str, tuple[str | None, bytes]]:
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = email.parser.BytesParser().parsebytes(head + self.body())
        parts = {}
        for part in message.get_payload():
            parts[part.get_param("name", header="content-disposition")] = (part.get_filename(),
                                                                            part.get_payload(decode=True))
        return parts


@dataclass
class Reply:
    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _dispatch(self) -> None:
        app: PlatformServer = self.server.app  # type: ignore[attr-defined]
        split = urllib.parse.urlsplit(self.path)
        request = Request(self, self.command, split.path, dict(urllib.parse.parse_qsl(split.query)), self.headers)
        try:
            reply = app.handle(request)
            if request._body is None and request.length:  # drain what the route did not read
                request.body()
        except Drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = reply.body
        if not isinstance(body, bytes | bytearray):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            reply.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _dispatch  # noqa: N815

    def log_message(self, *_args: Any) -> None:
        return


class PlatformServer:
    """A threaded HTTP server on a free loopback port with routes, OAuth state and faults."""

    def __init__(self, client_id: str = "test-client", client_secret: str = "test-client-secret-0123") -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.lock = threading.RLock()
        self.routes: dict[tuple[str, str], Callable[[Request], Reply]] = {}
        self.faults: dict[str, list[tuple]] = defaultdict(list)
        self.log: list[tuple[str, str]] = []
        self.access: dict[str, float] = {}  # token → expiry (monotonic)
        self.refresh_tokens: set[str] = set()
        self.revoked = False
        self.refreshes = 0
        self.codes: dict[str, dict[str, str]] = {}
        self.chunks_seen = 0
        self._pause_after: int | None = None
        self.paused = threading.Event()
        self.release = threading.Event()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.app = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> PlatformServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, method: str, path: str, fn: Callable[[Request], Reply]) -> None:
        self.routes[(method, path)] = fn

    def handle(self, request: Request) -> Reply:
        with self.lock:
            self.log.append((request.method, request.path))
        fn = self.routes.get((request.method, request.path))
        if fn is None:
            return Reply(404, {"error": f"no route {request.method} {request.path}"})
        return fn(request)

    def fault(self, kind: str) -> tuple | None:
        with self.lock:
            queue = self.faults.get(kind)
            return queue.pop(0) if queue else None

    def pause_after(self, chunks: int) -> None:
        self._pause_after = chunks

    def resume(self) -> None:
        """End a pause: the held request is dropped (its client is gone) and later ones go through."""
        with self.lock:
            self._pause_after = None
        self.release.set()

    def gate(self) -> None:
        """Called before an upload chunk is taken: hold it when the test asked for a pause."""
        with self.lock:
            hold = self._pause_after is not None and self.chunks_seen >= self._pause_after
        if hold:
            self.paused.set()
            self.release.wait(30)
            raise Drop()

    # -- OAuth ----------------------------------------------------------------------------

    def issue(self, lifetime: float = 3600.0, rotate_from: str | None = None) -> tuple[str, str]:
        with self.lock:
            access = "at-" + secrets.token_urlsafe(24)
            refresh = "rt-" + secrets.token_urlsafe(24)
            self.access[access] = time.monotonic() + lifetime
            if rotate_from is not None:
                self.refresh_tokens.discard(rotate_from)
            self.refresh_tokens.add(refresh)
            return access, refresh

    def valid(self, token: str | None) -> bool:
        with self.lock:
            return bool(token) and self.access.get(token or "", 0) > time.monotonic()

    def expire_tokens(self) -> None:
        with self.lock:
            for token in self.access:
                self.access[token] = 0

    def revoke(self) -> None:
        with self.lock:
            self.revoked = True
            self.refresh_tokens.clear()
            self.expire_tokens()

    def consent(self, request: Request, client_param: str, redirect_param: str,
                pkce: str | None) -> Reply:
        """The consent screen, already clicked 'allow': redirect back with a code."""
        q = request.query
        if q.get(client_param) != self.client_id:
            return Reply(400, b"unknown client")
        code = "code-" + secrets.token_urlsafe(12)
        self.codes[code] = {"redirect": q[redirect_param], "challenge": q.get("code_challenge", ""), "pkce": pkce or ""}
        target = q[redirect_param] + "?" + urllib.parse.urlencode({"code": code, "state": q.get("state", "")})
        return Reply(302, b"", {"Location": target})

    def check_code(self, form: dict[str, str]) -> bool:
        info = self.codes.pop(form.get("code", ""), None)
        if info is None:
            return False
        if info["pkce"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode())
            expected = (digest.hexdigest() if info["pkce"] == "hex"
                        else base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode())
            if expected != info["challenge"]:
                return False
        return True


def consent_follower(url_holder: list[str]) -> Callable[[str], None]:
    """An `open_url` for oauth.authorize that plays the user's browser: GET the consent URL, follow the redirect."""
    import httpx

    def open_url(url: str) -> None:
        url_holder.append(url)

        def browse() -> None:
            with httpx.Client(follow_redirects=True, timeout=10) as client:
                client.get(url)

        threading.Thread(target=browse, daemon=True).start()

    return open_url


# ---------------------------------------------------------------- YouTube


@dataclass
class Video:
    id: str
    data: bytes
    meta: dict[str, Any]
    thumbnail: bytes | None = None
    polls: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class YouTubeServer(PlatformServer):
    """OAuth (auth, token, refresh), videos.insert resumable sessions, thumbnails.set, videos.list."""

    KEEP = 256 * 1024  # what a cut connection leaves the server with is rounded down to this

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, Video] = {}
        self.put_starts: list[int] = []  # the first byte of every data PUT, in order
        self.route("GET", "/o/oauth2/v2/auth", lambda r: self.consent(r, "client_id", "redirect_uri", "S256"))
        self.route("POST", "/token", self.token)
        self.route("POST", "/upload/youtube/v3/videos", self.start)
        self.route("PUT", "/upload/youtube/v3/videos", self.put)
        self.route("POST", "/upload/youtube/v3/thumbnails/set", self.thumbnail)
        self.route("GET", "/youtube/v3/videos", self.list_videos)

    def settings(self) -> dict[str, str]:
        return {"auth_url": self.url + "/o/oauth2/v2/auth", "token_url": self.url + "/token",
                "api_url": self.url + "/youtube/v3", "upload_url": self.url + "/upload/youtube/v3"}

    @staticmethod
    def error(status: int, reason: str, message: str) -> Reply:
        return Reply(status, {"error": {"code": status, "message": message,
                                        "errors": [{"reason": reason, "message": message}]}})

    def token(self, request: Request) -> Reply:
        form = request.form()
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return Reply(401, {"error": "invalid_client"})
        if form.get("grant_type") == "authorization_code":
            if not self.check_code(form):
                return Reply(400, {"error": "invalid_grant", "error_description": "Bad code or verifier."})
            access, refresh = self.issue()
            return Reply(200, {"access_token": access, "expires_in": 3599, "refresh_token": refresh,
                               "scope": "https://www.googleapis.com/auth/youtube.upload", "token_type": "Bearer"})
        if form.get("grant_type") == "refresh_token":
            if self.revoked or form.get("refresh_token") not in self.refresh_tokens:
                return Reply(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
            self.refreshes += 1
            access, _ = self.issue()
            return Reply(200, {"access_token": access, "expires_in": 3599, "token_type": "Bearer"})
        return Reply(400, {"error": "unsupported_grant_type"})

    def _authorised(self, request: Request) -> bool:
        auth = request.headers.get("Authorization", "")
        return auth.startswith("Bearer ") and self.valid(auth[7:])

    def start(self, request: Request) -> Reply:
        fault = self.fault("start")
        if fault and fault[0] == "status":
            return self.error(fault[1], fault[2] if len(fault) > 2 else "backendError", "fault")
        if not self._authorised(request):
            return self.error(401, "authError", "Invalid Credentials")
        if request.query.get("uploadType") != "resumable" or "snippet" not in request.query.get("part", ""):
            return self.error(400, "badRequest", "uploadType=resumable and part=snippet,status expected")
        total = int(request.headers.get("X-Upload-Content-Length") or -1)
        if total <= 0:
            return self.error(400, "badRequest", "X-Upload-Content-Length missing")
        meta = request.json()
        if not meta.get("snippet", {}).get("title"):
            return self.error(400, "invalidTitle", "The video title is empty.")
        upload_id = secrets.token_urlsafe(16)
        with self.lock:
            self.sessions[upload_id] = {"total": total, "data": bytearray(), "meta": meta, "video": None}
        location = f"{self.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload_id}"
        return Reply(200, b"", {"Location": location})

    def _resource(self, video: Video) -> dict[str, Any]:
        return {"kind": "youtube#video", "id": video.id, "snippet": video.meta.get("snippet"),
                "status": {**video.meta.get("status", {}), "uploadStatus": "uploaded"}}

    def _range(self, got: int) -> dict[str, str]:
        return {"Range": f"bytes=0-{got - 1}"} if got else {}

    def put(self, request: Request) -> Reply:
        session = self.sessions.get(request.query.get("upload_id", ""))
        if session is None:
            return self.error(404, "notFound", "No such upload session.")
        spec = request.headers.get("Content-Range", "")
        total = session["total"]
        if spec == f"bytes */{total}":  # a status query
            fault = self.fault("query")
            if fault and fault[0] == "status":
                return Reply(fault[1], {"error": {"code": fault[1], "message": "fault"}})
            if session["video"] is not None:
                return Reply(200, self._resource(session["video"]))
            if session.get("expired"):
                return self.error(404, "notFound", "The upload session expired.")
            return Reply(308, b"", self._range(len(session["data"])))
        self.gate()
        fault = self.fault("put")
        if fault and fault[0] == "expire_session":
            session["expired"] = True
        if session.get("expired"):
            return self.error(404, "notFound", "The upload session expired.")
        if fault and fault[0] == "expire_token":
            self.expire_tokens()
        if fault and fault[0] == "status":
            headers = {"Retry-After": str(fault[2])} if len(fault) > 2 else {}
            return Reply(fault[1], {"error": {"code": fault[1], "message": "fault"}}, headers)
        if not self._authorised(request):
            return self.error(401, "authError", "Invalid Credentials")
        first, last = (int(x) for x in spec.removeprefix("bytes ").split("/")[0].split("-"))
        with self.lock:
            have = len(session["data"])
            self.put_starts.append(first)
        if first != have:  # not where the server is: say where it is
            return Reply(308, b"", self._range(have))
        if fault and fault[0] == "drop":
            got = request.read_some(fault[1])
            keep = (len(got) // self.KEEP) * self.KEEP
            with self.lock:
                session["data"] += got[:keep]
            raise Drop()
        body = request.body()
        if len(body) != last - first + 1:
            return self.error(400, "badContent", "Content-Range and body length differ")
        with self.lock:
            session["data"] += body
            self.chunks_seen += 1
            done = len(session["data"]) == total
            if done:
                video = Video("vid" + secrets.token_hex(5), bytes(session["data"]), session["meta"])
                session["video"] = video
                self.videos[video.id] = video
        if fault and fault[0] == "lose_reply":
            raise Drop()
        if done:
            return Reply(200, self._resource(session["video"]))
        return Reply(308, b"", self._range(len(session["data"])))

    def thumbnail(self, request: Request) -> Reply:
        if not self._authorised(request):
            return self.error(401, "authError", "Invalid Credentials")
        video = self.videos.get(request.query.get("videoId", ""))
        if video is None:
            return self.error(404, "videoNotFound", "No such video.")
        video.thumbnail = request.body()
        return Reply(200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url": "x"}}]})

    def list_videos(self, request: Request) -> Reply:
        if not self._authorised(request):
            return self.error(401, "authError", "Invalid Credentials")
        video = self.videos.get(request.query.get("id", ""))
        if video is None:
            return Reply(200, {"items": []})
        video.polls += 1
        state = "processed" if video.polls > 1 else "uploaded"
        return Reply(200, {"items": [{"id": video.id, "status": {"uploadStatus": state}}]})


# ---------------------------------------------------------------- TikTok

MB = 1024 * 1024


class TikTokServer(PlatformServer):
    """Login Kit OAuth (hex PKCE, rotating refresh tokens) and the Content Posting API."""

    def __init__(self, privacy: tuple[str, ...] = ("PUBLIC_TO_EVERYONE", "SELF_ONLY"), max_seconds: int = 600) -> None:
        super().__init__(client_id="tt-client-key")
        self.privacy = privacy
        self.max_seconds = max_seconds
        self.posts: dict[str, dict[str, Any]] = {}
        self.route("GET", "/v2/auth/authorize/", lambda r: self.consent(r, "client_key", "redirect_uri", "hex"))
        self.route("POST", "/v2/oauth/token/", self.token)
        self.route("POST", "/v2/post/publish/creator_info/query/", self.creator)
        self.route("POST", "/v2/post/publish/video/init/", lambda r: self.init(r, inbox=False))
        self.route("POST", "/v2/post/publish/inbox/video/init/", lambda r: self.init(r, inbox=True))
        self.route("PUT", "/upload/", self.put)
        self.route("POST", "/v2/post/publish/status/fetch/", self.status)

    def settings(self) -> dict[str, str]:
        return {"auth_url": self.url + "/v2/auth/authorize/", "token_url": self.url + "/v2/oauth/token/",
                "api_url": self.url}

    @staticmethod
    def answer(data: dict[str, Any] | None = None, code: str = "ok", status: int = 200, message: str = "") -> Reply:
        return Reply(status, {"data": data or {}, "error": {"code": code, "message": message, "log_id": "log1"}})

    def token(self, request: Request) -> Reply:
        form = request.form()
        if form.get("client_key") != self.client_id or form.get("client_secret") != self.client_secret:
            return Reply(401, {"error": "invalid_client", "error_description": "bad client", "log_id": "l"})
        if form.get("grant_type") == "authorization_code":
            if not self.check_code(form):
                return Reply(400, {"error": "invalid_grant", "error_description": "code", "log_id": "l"})
        elif form.get("grant_type") == "refresh_token":
            if self.revoked or form.get("refresh_token") not in self.refresh_tokens:
                return Reply(400, {"error": "invalid_grant", "error_description": "Refresh token is invalid or "
                                                                                  "expired.", "log_id": "l"})
            self.refreshes += 1
        else:
            return Reply(400, {"error": "invalid_request", "log_id": "l"})
        access, refresh = self.issue(86400, rotate_from=form.get("refresh_token"))
        return Reply(200, {"access_token": access, "expires_in": 86400, "open_id": "open-123",
                           "refresh_token": refresh, "refresh_expires_in": 31536000,
                           "scope": "user.info.basic,video.publish,video.upload", "token_type": "Bearer"})

    def _authorised(self, request: Request) -> Reply | None:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer ") and self.valid(auth[7:]):
            return None
        return self.answer(code="access_token_invalid", status=401, message="The access token is invalid.")

    def creator(self, request: Request) -> Reply:
        return self._authorised(request) or self.answer({
            "creator_avatar_url": "https://example.invalid/a.jpg", "creator_username": "reelflow_test",
            "creator_nickname": "Test", "privacy_level_options": list(self.privacy), "comment_disabled": False,
            "duet_disabled": False, "stitch_disabled": True, "max_video_post_duration_sec": self.max_seconds})

    def init(self, request: Request, inbox: bool) -> Reply:
        denied = self._authorised(request)
        if denied:
            return denied
        body = request.json()
        info = body.get("source_info") or {}
        size, chunk, count = info.get("video_size", 0), info.get("chunk_size", 0), info.get("total_chunk_count", 0)
        problem = self.chunk_problem(size, chunk, count)
        if info.get("source") != "FILE_UPLOAD" or problem:
            return self.answer(code="invalid_param", status=400, message=problem or "source")
        post = body.get("post_info") or {}
        if not inbox and post.get("privacy_level") not in self.privacy:
            return self.answer(code="privacy_level_option_mismatch", status=403, message="privacy")
        publish_id = ("v_inbox_file~v2." if inbox else "v_pub_file~v2-1.") + secrets.token_hex(6)
        token = secrets.token_urlsafe(8)
        with self.lock:
            self.posts[publish_id] = {"size": size, "chunk": chunk, "count": count, "data": bytearray(),
                                      "next": 0, "post_info": post, "inbox": inbox, "status": "PROCESSING_UPLOAD",
                                      "token": token, "polls": 0}
        return self.answer({"publish_id": publish_id,
                            "upload_url": f"{self.url}/upload/?upload_id={publish_id}&upload_token={token}"})

    @staticmethod
    def chunk_problem(size: int, chunk: int, count: int) -> str | None:
        """The media transfer guide's rules, as the server enforces them."""
        if size <= 0 or chunk <= 0 or count < 1 or count > 1000:
            return "sizes"
        if count != size // chunk:
            return "total_chunk_count must be floor(video_size / chunk_size)"
        if size < 5 * MB and (count != 1 or chunk != size):
            return "a video under 5 MB goes as one chunk of its whole size"
        if size > 64 * MB and count == 1:
            return "a video over 64 MB goes in several chunks"
        if count > 1 and not 5 * MB <= chunk <= 64 * MB:
            return "chunks are 5-64 MB"
        if size - (count - 1) * chunk > 128 * MB:
            return "the last chunk is at most 128 MB"
        return None

    def put(self, request: Request) -> Reply:
        post = self.posts.get(request.query.get("upload_id", ""))
        if post is None or request.query.get("upload_token") != post["token"]:
            return Reply(404, {"error": "no such upload"})
        self.gate()
        fault = self.fault("put")
        if fault and fault[0] == "status":
            headers = {"Retry-After": str(fault[2])} if len(fault) > 2 else {}
            return Reply(fault[1], {"error": "fault"}, headers)
        index = post["next"]
        first = index * post["chunk"]
        last = post["size"] - 1 if index == post["count"] - 1 else first + post["chunk"] - 1
        if request.headers.get("Content-Range") != f"bytes {first}-{last}/{post['size']}":
            return Reply(416, {"error": f"expected bytes {first}-{last}/{post['size']}"})
        if request.headers.get("Content-Type") not in ("video/mp4", "video/quicktime", "video/webm"):
            return Reply(400, {"error": "content type"})
        if fault and fault[0] == "drop":
            request.read_some(fault[1])  # a chunk only counts when all of it arrived
            raise Drop()
        body = request.body()
        if len(body) != last - first + 1:
            return Reply(400, {"error": "length"})
        with self.lock:
            post["data"] += body
            post["next"] += 1
            self.chunks_seen += 1
            done = post["next"] == post["count"]
            if done and post["inbox"]:
                post["status"] = "SEND_TO_USER_INBOX"
        if fault and fault[0] == "lose_reply":
            raise Drop()
        return Reply(201 if done else 206, b"")

    def status(self, request: Request) -> Reply:
        denied = self._authorised(request)
        if denied:
            return denied
        post = self.posts.get(request.json().get("publish_id", ""))
        if post is None:
            return self.answer(code="invalid_publish_id", status=400)
        with self.lock:
            complete = post["next"] == post["count"]
            post["polls"] += complete
            if post["status"] == "PROCESSING_UPLOAD" and complete and post["polls"] > 1:
                post["status"] = "PUBLISH_COMPLETE"
                if post["post_info"].get("privacy_level") == "PUBLIC_TO_EVERYONE":
                    post["post_id"] = str(7_000_000_000 + len(self.posts))
            return self.answer({"status": post["status"], "uploaded_bytes": len(post["data"]),
                                "publicaly_available_post_id": [post["post_id"]] if post.get("post_id") else []})

    def finished(self) -> list[dict[str, Any]]:
        return [p for p in self.posts.values() if p["next"] == p["count"]]


# ---------------------------------------------------------------- Bilibili


class BilibiliServer(PlatformServer):
    """Account OAuth (gourl, absolute expiry), signed arcopen calls, part upload, add-by-utoken."""

    def __init__(self) -> None:
        super().__init__(client_id="bili-client", client_secret="bili-app-secret-0123456")
        self.uploads: dict[str, dict[str, Any]] = {}
        self.archives: dict[str, dict[str, Any]] = {}
        self.bad_signatures = 0
        self.route("GET", "/auth/oauth", lambda r: self.consent(r, "client_id", "gourl", None))
        self.route("POST", "/x/account-oauth2/v1/token", self.token)
        self.route("POST", "/x/account-oauth2/v1/refresh_token", self.token)
        self.route("POST", "/arcopen/fn/archive/video/init", self.signed(self.init))
        self.route("POST", "/video/v2/part/upload", self.signed(self.part, body_signed=False))
        self.route("POST", "/arcopen/fn/archive/video/complete", self.signed(self.complete))
        self.route("POST", "/arcopen/fn/archive/cover/upload", self.signed(self.cover, body_signed=False))
        self.route("POST", "/arcopen/fn/archive/add-by-utoken", self.signed(self.add))
        self.route("GET", "/arcopen/fn/archive/viewlist", self.signed(self.viewlist))
        self.route("GET", "/arcopen/fn/archive/view", self.signed(self.view))

    def settings(self) -> dict[str, Any]:
        return {"auth_url": self.url + "/auth/oauth", "token_url": self.url + "/x/account-oauth2/v1/token",
                "refresh_url": self.url + "/x/account-oauth2/v1/refresh_token", "api_url": self.url,
                "upload_url": self.url, "tid": 201, "chunk_bytes": MB}

    @staticmethod
    def answer(data: Any = None, code: int = 0, message: str = "0") -> Reply:
        return Reply(200, {"code": code, "message": message, "ttl": 1, "data": data})

    def token(self, request: Request) -> Reply:
        form = request.form()
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return self.answer(code=-400, message="client")
        if form.get("grant_type") == "authorization_code":
            if not self.check_code(form):
                return self.answer(code=-400, message="code")
        elif self.revoked or form.get("refresh_token") not in self.refresh_tokens:
            return self.answer(code=-101, message="refresh_token 无效")
        else:
            self.refreshes += 1
        access, refresh = self.issue(86400, rotate_from=form.get("refresh_token"))
        return self.answer({"access_token": access, "expires_in": int(time.time()) + 86400 * 30,
                            "refresh_token": refresh, "scopes": ["ARC_BASE", "USER_INFO"]})

    def signed(self, fn: Callable[[Request], Reply], body_signed: bool = True) -> Callable[[Request], Reply]:
        def check(request: Request) -> Reply:
            h = request.headers
            x = {k: h.get(k, "") for k in ("x-bili-accesskeyid", "x-bili-content-md5", "x-bili-signature-method",
                                           "x-bili-signature-nonce", "x-bili-signature-version", "x-bili-timestamp")}
            canonical = "\n".join(f"{k}:{x[k]}" for k in sorted(x))
            expected = hmac.new(self.client_secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
            body_md5 = hashlib.md5(request.body() if body_signed else b"").hexdigest()
            if (x["x-bili-accesskeyid"] != self.client_id or h.get("Authorization") != expected
                    or x["x-bili-content-md5"] != body_md5):
                self.bad_signatures += 1
                return self.answer(code=-3, message="签名错误")
            if not self.valid(h.get("Access-Token")):
                return self.answer(code=-101, message="账号未登录")
            return fn(request)

        return check

    def init(self, request: Request) -> Reply:
        body = request.json()
        if not body.get("name"):
            return self.answer(code=-400, message="name")
        token = secrets.token_hex(16)
        with self.lock:
            self.uploads[token] = {"parts": {}, "merged": None, "used": False}
        return self.answer({"upload_token": token})

    def part(self, request: Request) -> Reply:
        upload = self.uploads.get(request.query.get("upload_token", ""))
        if upload is None:
            return self.answer(code=-404, message="upload_token")
        self.gate()
        fault = self.fault("put")
        if fault and fault[0] == "drop":
            request.read_some(fault[1])
            raise Drop()
        if fault and fault[0] == "status":
            return Reply(fault[1], b"fault")
        with self.lock:
            upload["parts"][int(request.query["part_number"])] = request.body()
            self.chunks_seen += 1
        return self.answer()

    def complete(self, request: Request) -> Reply:
        upload = self.uploads.get(request.query.get("upload_token", ""))
        if upload is None or not upload["parts"]:
            return self.answer(code=-404, message="upload_token")
        numbers = sorted(upload["parts"])
        if numbers != list(range(1, len(numbers) + 1)):
            return self.answer(code=-400, message="missing parts")
        upload["merged"] = b"".join(upload["parts"][n] for n in numbers)
        return self.answer()

    def cover(self, request: Request) -> Reply:
        parts = request.multipart()
        if "file" not in parts:
            return self.answer(code=-400, message="file")
        return self.answer({"url": "https://archive.biliimg.com/bfs/archive/" + secrets.token_hex(8) + ".jpg"})

    def add(self, request: Request) -> Reply:
        upload = self.uploads.get(request.query.get("upload_token", ""))
        if upload is None or upload["merged"] is None:
            return self.answer(code=-400, message="upload_token 未合片")
        if upload["used"]:
            return self.answer(code=21001, message="upload_token 已使用")
        body = request.json()
        if not body.get("title") or not body.get("tid"):
            return self.answer(code=-400, message="title/tid")
        resource = "BV1" + secrets.token_hex(5)
        with self.lock:
            upload["used"] = True
            self.archives[resource] = {"meta": body, "data": upload["merged"], "ctime": int(time.time()), "polls": 0}
        if self.fault("add"):
            raise Drop()
        return self.answer({"resource_id": resource})

    def viewlist(self, request: Request) -> Reply:
        items = [{"resource_id": r, "title": a["meta"]["title"], "ctime": a["ctime"]} for r, a in self.archives.items()]
        return self.answer({"list": items, "page": {"pn": 1, "ps": 20, "total": len(items)}})

    def view(self, request: Request) -> Reply:
        archive = self.archives.get(request.query.get("resource_id", ""))
        if archive is None:
            return self.answer(code=-404, message="resource")
        archive["polls"] += 1
        state = 0 if archive["polls"] > 1 else -30
        return self.answer({"resource_id": request.query["resource_id"], "title": archive["meta"]["title"],
                            "addit_info": {"state": state, "state_desc": "开放浏览" if state == 0 else "审核中"}})


# ---------------------------------------------------------------- Douyin


class DouyinServer(PlatformServer):
    """Douyin OAuth (data/error_code answers) and the video upload / create API."""

    def __init__(self) -> None:
        super().__init__(client_id="dy-client-key")
        self.parts: dict[str, dict[int, bytes]] = {}
        self.videos: dict[str, bytes] = {}
        self.items: dict[str, dict[str, Any]] = {}
        self.route("GET", "/platform/oauth/connect/", lambda r: self.consent(r, "client_key", "redirect_uri", None))
        self.route("POST", "/oauth/access_token/", self.token)
        self.route("POST", "/oauth/refresh_token/", self.token)
        base = "/api/douyin/v1/video/"
        for name, fn in (("upload_video", self.upload), ("init_video_part_upload", self.init),
                         ("upload_video_part", self.part), ("complete_video_part_upload", self.complete),
                         ("create_video", self.create), ("video_data", self.data)):
            self.route("POST", base + name + "/", self.authorised(fn))
        self.route("GET", base + "video_list/", self.authorised(self.video_list))

    def settings(self) -> dict[str, Any]:
        return {"auth_url": self.url + "/platform/oauth/connect/", "token_url": self.url + "/oauth/access_token/",
                "refresh_url": self.url + "/oauth/refresh_token/", "api_url": self.url,
                "direct_upload_bytes": MB, "chunk_bytes": 5 * MB}

    @staticmethod
    def answer(data: dict[str, Any] | None = None, code: int = 0, description: str = "") -> Reply:
        return Reply(200, {"data": {**(data or {}), "error_code": code, "description": description},
                           "extra": {"error_code": code, "description": description, "logid": "l"}})

    def token(self, request: Request) -> Reply:
        form = request.form()
        if form.get("client_key") != self.client_id:
            return self.answer(code=10013, description="client_key")
        if form.get("grant_type") == "authorization_code":
            if form.get("client_secret") != self.client_secret or not self.check_code(form):
                return self.answer(code=10007, description="code")
        elif self.revoked or form.get("refresh_token") not in self.refresh_tokens:
            return self.answer(code=10010, description="refresh_token 已过期")
        else:
            self.refreshes += 1
        access, refresh = self.issue(1296000, rotate_from=form.get("refresh_token"))
        return self.answer({"access_token": access, "expires_in": 1296000, "open_id": "dy-open-1",
                            "refresh_token": refresh, "refresh_expires_in": 2592000, "scope": "video.create.bind"})

    def authorised(self, fn: Callable[[Request], Reply]) -> Callable[[Request], Reply]:
        def check(request: Request) -> Reply:
            if request.query.get("open_id") != "dy-open-1":
                return self.answer(code=2190002, description="open_id")
            if not self.valid(request.headers.get("access-token")):
                return self.answer(code=2190008, description="access_token 过期")
            return fn(request)

        return check

    def _store(self, data: bytes) -> Reply:
        video_id = "v0" + secrets.token_hex(8)
        with self.lock:
            self.videos[video_id] = data
        return self.answer({"video": {"video_id": video_id, "width": 270, "height": 480}})

    def upload(self, request: Request) -> Reply:
        return self._store(request.multipart()["video"][1])

    def init(self, request: Request) -> Reply:
        upload_id = "up-" + secrets.token_hex(8)
        self.parts[upload_id] = {}
        return self.answer({"upload_id": upload_id})

    def part(self, request: Request) -> Reply:
        parts = self.parts.get(request.query.get("upload_id", ""))
        if parts is None:
            return self.answer(code=2190001, description="upload_id")
        self.gate()
        fault = self.fault("put")
        if fault and fault[0] == "drop":
            request.read_some(fault[1])
            raise Drop()
        parts[int(request.query["part_number"])] = request.multipart()["video"][1]
        self.chunks_seen += 1
        return self.answer()

    def complete(self, request: Request) -> Reply:
        parts = self.parts.get(request.query.get("upload_id", ""))
        if not parts or sorted(parts) != list(range(1, len(parts) + 1)):
            return self.answer(code=2190001, description="parts")
        return self._store(b"".join(parts[n] for n in sorted(parts)))

    def create(self, request: Request) -> Reply:
        body = request.json()
        data = self.videos.get(body.get("video_id", ""))
        if data is None:
            return self.answer(code=2190007, description="video_id")
        item = "@" + secrets.token_urlsafe(12)
        with self.lock:
            self.items[item] = {"text": body.get("text", ""), "data": data, "create_time": int(time.time()),
                                "polls": 0}
        if self.fault("create"):
            raise Drop()
        return self.answer({"item_id": item})

    def video_list(self, request: Request) -> Reply:
        items = [{"item_id": i, "title": v["text"], "create_time": v["create_time"]} for i, v in self.items.items()]
        return self.answer({"list": items, "cursor": 0, "has_more": False})

    def data(self, request: Request) -> Reply:
        out = []
        for item in request.json().get("item_ids", []):
            if item in self.items:
                self.items[item]["polls"] += 1
                out.append({"item_id": item, "is_reviewed": self.items[item]["polls"] > 1,
                            "share_url": "https://www.iesdouyin.com/share/video/1/"})
        return self.answer({"list": out})


# ---------------------------------------------------------------- webhook receiver


class WebhookServer(PlatformServer):
    """A receiver that verifies X-Reelflow-Signature and keeps one delivery per Idempotency-Key."""

    def __init__(self, signing_secret: str) -> None:
        super().__init__()
        self.signing_secret = signing_secret
        self.deliveries: dict[str, dict[str, Any]] = {}
        self.attempts = 0
        self.rejected = 0
        self.route("POST", "/hook", self.hook)

    def hook(self, request: Request) -> Reply:
        self.attempts += 1
        body = request.body()
        fault = self.fault("post")
        if fault and fault[0] == "status":
            return Reply(fault[1], b"busy", {"Retry-After": str(fault[2])} if len(fault) > 2 else {})
        expected = "sha256=" + hmac.new(self.signing_secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("X-Reelflow-Signature", ""), expected):
            self.rejected += 1
            return Reply(401, {"error": "bad signature"})
        key = request.headers.get("Idempotency-Key", "")
        with self.lock:
            first = key not in self.deliveries
            if first:
                self.deliveries[key] = json.loads(body)
        if fault and fault[0] == "lose_reply":
            raise Drop()
        return Reply(200 if first else 200, {"id": "hook-" + key[:8], "duplicate": not first})


# ---------------------------------------------------------------- clips


def make_clip(folder: Path, data_dir: Path, *, name: str = "clip", seconds: float = 3.0, labelled: bool = True,
              noise: int = 40, pad_bytes: int = 0) -> dict[str, Any]:
    """A real, labelled preview-size clip with its sidecars, as the cut leaves them; returns the Draft fields.

    It is encoded by ffmpeg with the AIGC implicit label, sealed with a C2PA manifest by
    editing.provenance (a development certificate made under `data_dir`), and described by a
    draft JSON that records the visible label. `pad_bytes` appends, before signing, a `uuid` box
    that players skip, to make a large file (TikTok only splits files over 64 MB).
    """
    from editing.c2pa_sign import ManifestInfo
    from editing.provenance import implicit_label_json, seal
    from reelflow.media import ffmpeg_exe
    from reelflow.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    video = folder / f"{name}.mp4"
    label = ["-metadata", "AIGC=" + implicit_label_json(hashlib.sha256(name.encode()).hexdigest()[:32])]
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=270x480:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds),
         "-vf", f"noise=alls={noise}:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart+use_metadata_tags",
         "-metadata", "title=夜市 night market", *(label if labelled else []), str(video)],
        check=True,
    )
    if pad_bytes:  # before signing, in a box the hash covers (a trailing `free` box would be refused as unsigned)
        with open(video, "ab") as handle:
            handle.write((pad_bytes + 24).to_bytes(4, "big") + b"uuid" + b"reelflow-padding")
            handle.write(b"\0" * pad_bytes)
    if labelled:
        info = ManifestInfo(title="夜市 night market", language="zh", article_hash="a" * 64, planner="rules",
                            renderers=("animatic",), voices=("espeak:cmn-latn-pinyin",), shots=1)
        seal(video, info, Settings(data_dir=data_dir))
    thumb = folder / f"{name}.jpg"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(video), "-frames:v", "1",
                    str(thumb)], check=True)
    srt = folder / f"{name}.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:02,000\n夜市\n", encoding="utf-8")
    ass = folder / f"{name}.ass"
    ass.write_text("[Script Info]\n", encoding="utf-8")
    draft = {"video_path": str(video), "srt_path": str(srt), "ass_path": str(ass), "thumbnail_path": str(thumb),
             "duration": seconds, "preset": "preview", "width": 270, "height": 480,
             "metadata": {"title": "夜市 night market", "language": "zh", "ai_label": "AI生成" if labelled else "",
                          "tags": ["夜市", "美食"]}}
    (folder / f"{name}.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    return draft


def publishing_settings(data_dir: Path, key_file: Path, **publishing: Any) -> Any:
    """Settings for a test: fast backoff and polling, the encrypted file store under the test's folders."""
    from reelflow.settings import Settings

    base: dict[str, Any] = {"retries": 4, "backoff_seconds": 0.01, "backoff_max_seconds": 5.0,
                            "poll_seconds": 0.01, "poll_timeout_seconds": 5.0, "timeout_seconds": 10.0,
                            "account_store": "file", "key_file": str(key_file)}
    return Settings(data_dir=data_dir, publishing=base | publishing)
