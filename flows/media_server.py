"""A small HTTP server for drafts and shot thumbnails, so the Prefect dashboard can show them.

The dashboard's artifacts are Markdown with links and images; the files they point at live in the
data dir. This serves only its `drafts/` and `thumbs/` folders (nothing else of the data dir, such as
the database), read-only, with HTTP range requests so that a browser can play and seek an mp4.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from reelflow.errors import ReelflowError
from reelflow.settings import Settings
from reelflow.storage import MediaStorage

SERVED = ("drafts", "thumbs")


def base_url(settings: Settings) -> str:
    """The media server as the reviewer's browser reaches it."""
    if settings.media_url:
        return settings.media_url.rstrip("/")
    host = "127.0.0.1" if settings.media_host in ("0.0.0.0", "::", "") else settings.media_host
    return f"http://{host}:{settings.media_port}"


def link(settings: Settings, path: str | Path) -> str | None:
    """The URL of a file under a served folder of the data dir; None for anything else."""
    try:
        rel = Path(path).resolve().relative_to(settings.data_dir.resolve())
    except ValueError:
        return None
    if not rel.parts or rel.parts[0] not in SERVED:
        return None
    return f"{base_url(settings)}/{quote(rel.as_posix())}"


class _FromStorage:
    """Static files of one served folder; a file this machine lacks is first fetched from the media
    storage (drafts and thumbnails made by a worker on another machine), then served like the rest."""

    def __init__(self, folder: Path, name: str, storage: MediaStorage) -> None:
        self.static = StaticFiles(directory=folder)
        self.folder, self.name, self.storage = folder, name, storage

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            rel = PurePosixPath(self.static.get_path(scope))
            if rel.parts and ".." not in rel.parts and not rel.is_absolute() and not (self.folder / rel).is_file():
                ref = f"{self.storage.url}/{self.name}/{rel.as_posix()}"
                with contextlib.suppress(ReelflowError):  # not there either: StaticFiles answers 404
                    await run_in_threadpool(self.storage.fetch, ref)
        await self.static(scope, receive, send)


def media_app(data_dir: Path, storage: MediaStorage | None = None) -> Starlette:
    async def health(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    routes: list[Route | Mount] = [Route("/healthz", health)]
    for name in SERVED:
        folder = data_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        # StaticFiles refuses paths that climb out of the folder and answers Range requests.
        app: ASGIApp = (_FromStorage(folder, name, storage) if storage is not None and storage.shared
                        else StaticFiles(directory=folder))
        routes.append(Mount(f"/{name}", app=app, name=name))
    return Starlette(routes=routes)


class MediaServer:
    """Runs the media app with uvicorn in a daemon thread; `port=0` picks a free port."""

    def __init__(self, data_dir: Path, host: str = "127.0.0.1", port: int = 0, storage: MediaStorage | None = None
                 ) -> None:
        config = uvicorn.Config(media_app(data_dir, storage), host=host, port=port, log_level="warning",
                                access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="reelflow-media", daemon=True)
        self.host = host

    def start(self, timeout: float = 10.0) -> MediaServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ReelflowError(f"the media server could not start on {self.host} "
                                    "(is the port taken? set media_port)")
            time.sleep(0.02)
        return self

    @property
    def port(self) -> int:
        return self._server.servers[0].sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
