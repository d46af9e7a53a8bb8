"""A loopback stand-in for the Pexels and Pixabay APIs and their file hosts, speaking their real protocol.

One threaded HTTP server on 127.0.0.1 answers:

    /pexels/videos/search, /pexels/v1/search    Pexels: `Authorization: KEY`, query, orientation, size, locale,
                                                page, per_page (≤ 80), `next_page`, X-Ratelimit-* headers
    /pixabay/api/videos/, /pixabay/api/         Pixabay: `key` and q, lang, orientation (photos), image_type,
                                                page, per_page (3–200), totalHits, "[ERROR 400] ..." bodies
    /pexels-file/NAME                           a 302 to /files/NAME, as Pexels' video links redirect to a CDN
    /files/NAME                                 the media bytes, with Range (206) support

Search is by words: an item matches when one query word is in its tags (or alt text). A Chinese query
finds Chinese tags only when the request says the language (Pexels `locale=zh-*`, Pixabay `lang=zh`),
the way an English-only search would find nothing.

Media are real: small H.264 MP4s of one solid colour each (so a test can tell which item a frame came
from) and JPEGs, made with ffmpeg once per test session. Faults:
  server.faults[route].append(("status", code, headers))   one answer with that status (route: "pexels",
                                                             "pixabay" or "file:NAME")
  server.faults["file:NAME"].append(("truncate", fraction))  promise the whole file, send a part, hang up
  Media.garbage(...)                                       random bytes named .mp4
  server.no_length.add(NAME)                               stream a file without Content-Length
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelflow.media import ffmpeg_exe

CJK = re.compile(r"[\u3400-\u9fff]")
PEXELS_PLAN = 25_000  # requests a month: what X-Ratelimit-Limit says


class Media:
    """Small real media files, made once and reused across tests (a session fixture owns one)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def video(self, colour: str, width: int, height: int, seconds: float) -> Path:
        path = self.folder / f"{colour}-{width}x{height}-{seconds:g}s.mp4"
        if not path.exists():
            subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                            f"color=c={colour}:s={width}x{height}:r=30:d={seconds}", "-c:v", "libx264",
                            "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)],
                           check=True)
        return path

    def photo(self, colour: str, width: int, height: int) -> Path:
        path = self.folder / f"{colour}-{width}x{height}.jpg"
        if not path.exists():
            subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                            f"color=c={colour}:s={width}x{height}", "-frames:v", "1", str(path)], check=True)
        return path

    def garbage(self, name: str, size: int = 40_000) -> Path:
        path = self.folder / name
        if not path.exists():
            path.write_bytes(os.urandom(size))
        return path


@dataclass
class File:
    """One rendition the server hosts."""

    path: Path
    width: int
    height: int
    quality: str = "sd"

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Item:
    """One stock item in the server's catalogue."""

    id: int
    kind: str  # video | photo
    tags: str  # Pixabay's tags; Pexels' alt text and page slug come from them
    files: list[File]
    duration: float = 0.0
    user: str = "Ann Lee"
    user_id: int = 42

    @property
    def width(self) -> int:
        return max(f.width for f in self.files)

    @property
    def height(self) -> int:
        return max(f.height for f in self.files)

    def matches(self, query: str, chinese_ok: bool, every: bool = False) -> bool:
        """Pexels finds items with any of the words; Pixabay only those with every word (`every`)."""
        tags = self.tags.lower()
        words = [w for w in re.split(r"[\s,+]+", query.lower()) if w]
        hits = [w in tags and (chinese_ok or not CJK.search(w)) for w in words]
        return bool(hits) and (all(hits) if every else any(hits))

    def shape(self) -> str:
        return "portrait" if self.height > self.width else "landscape" if self.width > self.height else "square"


@dataclass
class Logged:
    route: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        owner = self.server.owner
        path = url.path
        route = ("pexels" if path.startswith("/pexels/") else "pixabay" if path.startswith("/pixabay/")
                 else f"redirect:{path.rsplit('/', 1)[-1]}" if path.startswith("/pexels-file/")
                 else f"file:{path.rsplit('/', 1)[-1]}")
        entry = Logged(route, path, query, {k.lower(): v for k, v in self.headers.items()})
        with owner.lock:
            owner.requests.append(entry)
            fault = owner.faults[route].popleft() if owner.faults[route] else None
        try:
            if fault and fault[0] == "status":
                entry.status = fault[1]
                body = b"[ERROR %d] try again later" % fault[1] if route == "pixabay" else json.dumps(
                    {"error": "Rate limit exceeded" if fault[1] == 429 else "Server error"}).encode()
                self._send(fault[1], body, "text/plain" if route == "pixabay" else "application/json",
                           fault[2] if len(fault) > 2 else None)
            elif path.startswith("/pexels-file/"):
                entry.status = 302
                self._send(302, b"", "text/plain", {"Location": "/files/" + path.rsplit("/", 1)[-1]})
            elif path.startswith("/files/"):
                self._file(path.rsplit("/", 1)[-1], fault, entry)
            elif path in ("/pexels/videos/search", "/pexels/v1/search"):
                owner.pexels(self, entry, "video" if "/videos/" in path else "photo")
            elif path in ("/pixabay/api/videos/", "/pixabay/api/"):
                owner.pixabay(self, entry, "video" if "/videos/" in path else "photo")
            else:
                entry.status = 404
                self._send(404, b"Not found", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _file(self, name: str, fault: tuple | None, entry: Logged) -> None:
        owner = self.server.owner
        path = owner.files.get(name)
        if path is None:
            entry.status = 404
            self._send(404, b"Not found", "text/plain")
            return
        data = path.read_bytes()
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if match:
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else len(data) - 1
            if start >= len(data):
                entry.status = 416
                self._send(416, b"", "text/plain", {"Content-Range": f"bytes */{len(data)}"})
                return
            body = data[start:end + 1]
            entry.status = 206
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{start + len(body) - 1}/{len(data)}")
        else:
            body = data
            entry.status = 200
            self.send_response(200)
        self.send_header("Content-Type", "image/jpeg" if name.endswith(".jpg") else "video/mp4")
        self.send_header("Accept-Ranges", "bytes")
        if name in owner.no_length:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault and fault[0] == "truncate":  # promise everything, send a part, hang up
            self.wfile.write(body[:int(len(body) * fault[1])])
            self.wfile.flush()
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(body)


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: StockServer


@dataclass
class StockServer:
    """Both APIs and their file host on one loopback port; tests fill `catalogue` and read `requests`."""

    pexels_key: str = "pexels-test-key-5f1e"
    pixabay_key: str = "pixabay-test-key-93ab"
    catalogue: dict[str, list[Item]] = field(default_factory=lambda: {"pexels": [], "pixabay": []})
    files: dict[str, Path] = field(default_factory=dict)
    no_length: set[str] = field(default_factory=set)
    requests: list[Logged] = field(default_factory=list)
    faults: defaultdict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def pexels_url(self) -> str:
        return self.base + "/pexels"

    @property
    def pixabay_url(self) -> str:
        return self.base + "/pixabay/api"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, provider: str, item: Item) -> Item:
        for f in item.files:
            self.files[f.name] = f.path
        self.catalogue[provider].append(item)
        return item

    def hits(self, route: str) -> list[Logged]:
        """Requests to one route: "pexels", "pixabay", or "file:NAME" ("file:" for any file)."""
        return [r for r in self.requests if r.route == route or (route == "file:" and r.route.startswith("file:"))]

    # --------------------------------------------------------------------------------- Pexels

    def pexels(self, h: _Handler, entry: Logged, kind: str) -> None:
        q = entry.query
        headers = {"X-Ratelimit-Limit": str(PEXELS_PLAN), "X-Ratelimit-Remaining": str(PEXELS_PLAN - 1),
                   "X-Ratelimit-Reset": str(int(time.time()) + 3600)}
        if h.headers.get("Authorization") != self.pexels_key:
            entry.status = 401
            return h._send(401, json.dumps({"error": "Authorization field missing or invalid"}).encode(),
                           "application/json")
        page, per_page = int(q.get("page", 1)), int(q.get("per_page", 15))
        if not q.get("query"):
            entry.status = 400
            return h._send(400, json.dumps({"error": "query is required"}).encode(), "application/json")
        per_page = max(1, min(per_page, 80))
        chinese_ok = q.get("locale", "en-US").startswith("zh")
        items = [i for i in self.catalogue["pexels"] if i.kind == kind and i.matches(q["query"], chinese_ok)]
        if q.get("orientation"):
            items = [i for i in items if i.shape() == q["orientation"]]
        if q.get("size"):
            floor = {"large": 2160, "medium": 1080, "small": 720}.get(q["size"], 0)
            items = [i for i in items if min(i.width, i.height) >= floor]
        chunk = items[(page - 1) * per_page:page * per_page]
        slug = "videos" if kind == "video" else ""
        payload: dict[str, Any] = {"page": page, "per_page": per_page, "total_results": len(items),
                                   "url": f"https://www.pexels.com/search/{slug}/{urllib.parse.quote(q['query'])}/"}
        if page * per_page < len(items):
            nxt = dict(q, page=str(page + 1))
            payload["next_page"] = f"{self.pexels_url}{entry.path.removeprefix('/pexels')}?" + \
                urllib.parse.urlencode(nxt)
        if page > 1:
            payload["prev_page"] = f"{self.pexels_url}{entry.path.removeprefix('/pexels')}?" + \
                urllib.parse.urlencode(dict(q, page=str(page - 1)))
        payload["videos" if kind == "video" else "photos"] = [self._pexels_item(i) for i in chunk]
        entry.status = 200
        h._send(200, json.dumps(payload, ensure_ascii=False).encode(), "application/json", headers)

    def _pexels_item(self, i: Item) -> dict[str, Any]:
        slug = "-".join(w for w in re.split(r"[\s,]+", i.tags) if w.isascii() and w) or "item"
        user = {"id": i.user_id, "name": i.user, "url": f"https://www.pexels.com/@{i.user.lower().replace(' ', '')}"}
        if i.kind == "video":
            return {"id": i.id, "width": i.width, "height": i.height, "duration": round(i.duration),
                    "url": f"https://www.pexels.com/video/{slug}-{i.id}/", "image": "", "tags": [], "user": user,
                    "video_files": [{"id": i.id * 10 + n, "quality": f.quality, "file_type": "video/mp4",
                                     "width": f.width, "height": f.height, "fps": 30.0,
                                     "link": f"{self.base}/pexels-file/{f.name}"} for n, f in enumerate(i.files)]
                    + [{"id": i.id * 10 + 9, "quality": "hls", "file_type": "video/mp4", "width": None,
                        "height": None, "fps": 30.0, "link": f"{self.base}/files/playlist.m3u8"}],
                    "video_pictures": []}
        f = i.files[0]
        src = {k: f"{self.base}/files/{f.name}" + ("" if k == "original" else f"?auto=compress&{k}")
               for k in ("original", "large2x", "large", "medium", "small", "portrait", "landscape", "tiny")}
        return {"id": i.id, "width": f.width, "height": f.height, "url": f"https://www.pexels.com/photo/{slug}-{i.id}/",
                "photographer": i.user, "photographer_url": user["url"], "photographer_id": i.user_id,
                "avg_color": "#808080", "src": src, "liked": False, "alt": i.tags.replace(",", " ")}

    # -------------------------------------------------------------------------------- Pixabay

    def pixabay(self, h: _Handler, entry: Logged, kind: str) -> None:
        q = entry.query
        headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "99", "X-RateLimit-Reset": "60"}
        if q.get("key") != self.pixabay_key:
            entry.status = 400
            return h._send(400, b"[ERROR 400] Invalid or missing API key (https://pixabay.com/api/docs/).",
                           "text/plain")
        page, per_page = int(q.get("page", 1)), int(q.get("per_page", 20))
        if not 3 <= per_page <= 200:
            entry.status = 400
            return h._send(400, b'[ERROR 400] "per_page" is out of valid range.', "text/plain")
        if len(q.get("q", "")) > 100:
            entry.status = 400
            return h._send(400, b'[ERROR 400] "q" exceeds the maximum length of 100 characters.', "text/plain")
        chinese_ok = q.get("lang", "en") == "zh"
        items = [i for i in self.catalogue["pixabay"]
                 if i.kind == kind and i.matches(q.get("q", ""), chinese_ok, every=True)]
        if kind == "photo" and q.get("orientation") in ("horizontal", "vertical"):
            want = "portrait" if q["orientation"] == "vertical" else "landscape"
            items = [i for i in items if i.shape() == want]
        if (page - 1) * per_page >= max(len(items), 1) and page > 1:
            entry.status = 400
            return h._send(400, b"[ERROR 400] page is out of valid range.", "text/plain")
        chunk = items[(page - 1) * per_page:page * per_page]
        payload = {"total": len(items), "totalHits": len(items), "hits": [self._pixabay_item(i) for i in chunk]}
        entry.status = 200
        h._send(200, json.dumps(payload, ensure_ascii=False).encode(), "application/json", headers)

    def _pixabay_item(self, i: Item) -> dict[str, Any]:
        common = {"id": i.id, "tags": i.tags, "user": i.user, "user_id": i.user_id, "views": 100, "downloads": 10,
                  "likes": 1, "comments": 0, "userImageURL": ""}
        if i.kind == "video":
            sizes = ["large", "medium", "small", "tiny"]
            files = sorted(i.files, key=lambda f: -f.width * f.height)
            videos = {name: {"url": "", "width": 0, "height": 0, "size": 0, "thumbnail": ""} for name in sizes}
            for name, f in zip(sizes[4 - len(files):] if len(files) < 4 else sizes, files, strict=False):
                videos[name] = {"url": f"{self.base}/files/{f.name}", "width": f.width, "height": f.height,
                                "size": f.path.stat().st_size, "thumbnail": ""}
            return {**common, "pageURL": f"https://pixabay.com/videos/id-{i.id}/", "type": "film",
                    "duration": round(i.duration), "videos": videos}
        f = i.files[0]
        return {**common, "pageURL": f"https://pixabay.com/photos/{i.tags.split(',')[0].strip()}-{i.id}/",
                "type": "photo", "previewURL": f"{self.base}/files/{f.name}?preview", "previewWidth": 150,
                "previewHeight": 150, "webformatURL": f"{self.base}/files/{f.name}?web", "webformatWidth": f.width,
                "webformatHeight": f.height, "largeImageURL": f"{self.base}/files/{f.name}", "imageWidth": f.width,
                "imageHeight": f.height, "imageSize": f.path.stat().st_size}


def library_for(server: StockServer, article: Path, media: Media, max_seconds: float) -> int:
    """One portrait video on Pexels for every stock search term the rules planner gives `article`'s scene
    shots (a real small MP4 each, in its own colour, by its own author); returns how many were added."""
    import storyboard
    from generator.video.stock.search import shot_terms

    board = storyboard.plan(storyboard.read(article), "rules", max_seconds=max_seconds)
    terms = sorted({t for s in board.shots if s.visual is not None and s.visual.kind == "scene" for t in shot_terms(s)})
    colours = ["red", "blue", "green", "white", "yellow", "purple", "orange", "cyan"]
    for n, term in enumerate(terms):
        video = File(media.video(colours[n % len(colours)], 360, 640, 6.0), 360, 640)
        server.add("pexels", Item(id=500 + n, kind="video", tags=f"{term}, night", files=[video], duration=6.0,
                                  user=f"Photographer {n}"))
    return len(terms)


def point_reelflow_at(server: StockServer, monkeypatch: Any) -> None:
    """reelflow's stock source as a user with both keys would have it, talking to `server`."""
    monkeypatch.setenv("PEXELS_API_KEY", server.pexels_key)
    monkeypatch.setenv("PIXABAY_API_KEY", server.pixabay_key)
    monkeypatch.setenv("REELFLOW_STOCK__PEXELS_URL", server.pexels_url)
    monkeypatch.setenv("REELFLOW_STOCK__PIXABAY_URL", server.pixabay_url)
