"""`reelflow serve`: everything one machine needs to run reelflow every day.

- a Prefect server with its dashboard, started on loopback when PREFECT_API_URL names none;
- the deployments, served from this process: `article-to-video/reelflow` (run it from the dashboard
  with an article path, or let the inbox do it) and `batch/reelflow` on its cron schedule;
- the inbox watcher, which hands each settled file to the article-to-video deployment;
- the media server, so the dashboard's review pages can show stills and play drafts;
- the GPU and online-voice limits, created or resized to match the settings.

`plan()` works out all of that without starting anything; `reelflow serve --print` shows it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from flows.limits import gpu_slots, tts_burst
from flows.media_server import base_url
from flows.pools import DEPLOYMENT, batch_plan
from reelflow.errors import ReelflowError
from reelflow.settings import Settings


@dataclass(frozen=True)
class DeploymentPlan:
    flow: str
    name: str
    schedule: str | None
    parameters: dict[str, Any]
    pool: str | None = None  # None: served from the `reelflow serve` process itself

    @property
    def full_name(self) -> str:
        return f"{self.flow}/{self.name}"


@dataclass(frozen=True)
class ServePlan:
    api_url: str
    start_server: bool
    dashboard: str
    deployments: list[DeploymentPlan]
    inbox: Path
    media_listen: str
    media_url: str
    limits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    database: str = "SQLite"


def inbox_dir(settings: Settings) -> Path:
    return (settings.inbox_dir or settings.data_dir / "inbox").expanduser()


def plan(settings: Settings, api_url: str | None = None) -> ServePlan:
    """What `reelflow serve` would start with these settings; starts nothing."""
    given = api_url if api_url is not None else os.environ.get("PREFECT_API_URL")
    url = given or f"http://127.0.0.1:{settings.prefect_port}/api"
    batch_params, schedule = batch_plan(settings)
    notes = []
    if schedule is None:
        notes.append("batch is not scheduled: set batch_source to the folder to take articles from")
    return ServePlan(
        api_url=url,
        start_server=not given,
        dashboard=url.removesuffix("/api"),
        deployments=[
            DeploymentPlan("article-to-video", DEPLOYMENT, None, {"review": True}, settings.cpu_pool),
            DeploymentPlan("batch", DEPLOYMENT, schedule, batch_params, settings.cpu_pool),
            *([DeploymentPlan("render-shots", DEPLOYMENT, None, {}, settings.gpu_pool)] if settings.gpu_pool else []),
        ],
        inbox=inbox_dir(settings),
        media_listen=f"{settings.media_host}:{settings.media_port}",
        media_url=base_url(settings),
        limits=[(f"{settings.gpu_limit}-<GPU machine>: one per machine of the {settings.gpu_pool!r} pool, a slot "
                 "per GPU" if settings.gpu_pool else f"{settings.gpu_limit}: {gpu_slots(settings)} slot(s)")
                + f", held by {', '.join(settings.gpu_renderers)} renders",
                f"{settings.tts_limit}: {settings.tts_per_second:g} online voice call(s) a second "
                f"(bursts of {tts_burst(settings)})"],
        notes=notes,
        database=prefect_database(),
    )


def prefect_database() -> str:
    """What the Prefect server that serve starts keeps its state in: PostgreSQL when
    PREFECT_API_DATABASE_CONNECTION_URL names one, else SQLite under PREFECT_HOME."""
    url = os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL", "")
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def describe(p: ServePlan, running: bool = False) -> str:
    lines = [
        "reelflow serve is running:" if running else "reelflow serve would start:",
        f"  Prefect server   {'start one on ' + p.dashboard if p.start_server else 'use ' + p.api_url}"
        f"  (dashboard: {p.dashboard}" + (f"; database: {p.database})" if p.start_server else ")"),
    ]
    for d in p.deployments:
        params = ", ".join(f"{k}={v!r}" for k, v in d.parameters.items())
        where = f"work pool {d.pool!r}" if d.pool else "served here"
        lines.append(f"  deployment       {d.full_name}  ({where})  schedule: {d.schedule or 'none (run on demand)'}"
                     f"  parameters: {params}")
    lines.append(f"  inbox watcher    {p.inbox}  (then processing/, done/, failed/)")
    lines.append(f"  media server     {p.media_listen}  (links in the dashboard: {p.media_url})")
    lines += [f"  limit            {limit}" for limit in p.limits]
    lines += [f"  note: {note}" for note in p.notes]
    return "\n".join(lines)


def start_prefect_server(p: ServePlan, log: Path, timeout: float = 120.0) -> subprocess.Popen[bytes]:
    """`prefect server start` on loopback, its output in `log`; returns once it answers."""
    port = p.dashboard.rsplit(":", 1)[1]
    # The dashboard asks the server where its API is: tell it this port, not the default 4200.
    # Its database is SQLite unless PREFECT_API_DATABASE_CONNECTION_URL names a PostgreSQL one (several
    # machines want the PostgreSQL server of docker/compose.yaml). On SQLite, flows/prefect_server.py
    # makes its writes wait their turn (a reviewer's Submit got 503 under a batch), and a wait for a
    # lock may last 60 s (default 10 s) before the API answers 503, since the dashboard does not retry.
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_API_HOST="127.0.0.1",
               PREFECT_SERVER_API_PORT=port, PREFECT_UI_API_URL=p.api_url)
    env.setdefault("PREFECT_API_DATABASE_TIMEOUT", "60")
    env.pop("PREFECT_API_URL", None)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "flows.prefect_server", "start", "--host", "127.0.0.1",
                                 "--port", port], stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ReelflowError(f"the Prefect server stopped at start-up (port {port} taken?); see {log}")
        if _answers(p.api_url):
            return proc
        time.sleep(0.5)
    proc.terminate()
    raise ReelflowError(f"the Prefect server did not answer within {timeout:.0f} s; see {log}")


def _answers(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def run(settings: Settings, p: ServePlan) -> None:
    """Start everything in the plan and serve until interrupted (Ctrl-C or SIGTERM)."""
    server = None
    if p.start_server and not _answers(p.api_url):  # one left running on that port is used as it is
        server = start_prefect_server(p, settings.dir("logs") / "prefect-server.log")
    os.environ["PREFECT_API_URL"] = p.api_url  # for child processes and code that reads the environment
    try:
        _serve(settings, p)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()


def _serve(settings: Settings, p: ServePlan) -> None:
    from prefect import serve
    from prefect.context import refresh_global_settings_context
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.article_to_video import article_to_video
    from flows.batch import batch
    from flows.dispatch import via_deployment
    from flows.inbox import Inbox
    from flows.limits import ensure_limits
    from flows.media_server import MediaServer
    from reelflow.storage import storage_for

    # Prefect reads the environment once, at import; make every thread (the inbox's too) see the API URL.
    refresh_global_settings_context()
    ensure_limits(settings, gpu=not settings.gpu_pool)  # with a GPU pool, each GPU machine makes its own
    if settings.cpu_pool or settings.gpu_pool:
        from flows.deploy import deploy

        deploy(settings)  # the pools' workers run these; this process only watches and serves media
    make, batches = p.deployments[:2]
    deployments = [
        article_to_video.to_deployment(
            make.name, parameters=make.parameters, entrypoint_type=EntrypointType.MODULE_PATH,
            description="One article → a reviewed, published clip."),
        batch.to_deployment(
            batches.name, parameters=batches.parameters, entrypoint_type=EntrypointType.MODULE_PATH,
            schedule=Cron(settings.batch_cron, timezone=settings.batch_timezone) if batches.schedule else None,
            description="Every new article in the source folder."),
    ]
    media = MediaServer(settings.data_dir, settings.media_host, settings.media_port,
                        storage=storage_for(settings)).start()
    try:
        # A file that cannot be an article (binary, empty, undecodable, too large, too short) is refused
        # by the watcher reading it (flows.inbox.readable_article), in one line, before any run starts.
        inbox = Inbox(p.inbox, via_deployment(review=True, poll=settings.serve_poll), settle=settings.inbox_settle,
                      poll=settings.inbox_poll, workers=settings.inbox_workers, record_outcomes=True).start()
        try:
            print(describe(p, running=True), flush=True)
            if settings.cpu_pool:
                _wait_for_stop()
            else:
                serve(*deployments, limit=None, query_seconds=settings.serve_poll, print_starting_message=False)
        finally:
            inbox.stop(timeout=10)
    finally:
        media.stop()


def _wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM, then return so that the callers' clean-up runs (Prefect's own
    runner does this when it serves the flows; with work pools nothing here does)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
