"""Helpers for the flow tests: a reviewer who answers paused runs through Prefect's API, artifact reads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from reelflow.settings import load_settings


class Reviewer:
    """Answers, in order, each run that pauses for review, through `resume_flow_run`: what the dashboard's
    Resume form does. The answer goes to the Prefect server as the run's input; the paused run picks it up.

    Only runs that started after the reviewer did are answered (a run killed by a test stays paused).
    `on_pause(run)` is called before each answer, to look at the world while the run waits.
    """

    def __init__(self, answers: list[dict[str, Any]], timeout: float = 240.0,
                 on_pause: Callable[[Any], None] | None = None) -> None:
        self.answers = list(answers)
        self.answered: list[str] = []  # flow run ids, in the order answered
        self.errors: list[BaseException] = []
        self._timeout, self._on_pause = timeout, on_pause
        self._since = datetime.now(UTC) - timedelta(seconds=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Reviewer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _paused(self, client: Any) -> list[Any]:
        from prefect.client.schemas.filters import (
            FlowRunFilter,
            FlowRunFilterStartTime,
            FlowRunFilterState,
            FlowRunFilterStateType,
        )
        from prefect.client.schemas.objects import StateType

        return client.read_flow_runs(flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED])),
            start_time=FlowRunFilterStartTime(after_=self._since)))

    def _run(self) -> None:
        from prefect import get_client
        from prefect.exceptions import NotPausedError
        from prefect.flow_runs import resume_flow_run

        try:
            deadline = time.monotonic() + self._timeout
            done: set[UUID] = set()  # Paused states answered (a run may pause more than once)
            with get_client(sync_client=True) as client:
                while self.answers and not self._stop.is_set() and time.monotonic() < deadline:
                    waiting = [r for r in self._paused(client) if r.state and r.state.id not in done]
                    if not waiting:
                        time.sleep(0.2)
                        continue
                    run = waiting[0]
                    if self._on_pause:
                        self._on_pause(run)
                    try:
                        resume_flow_run(run.id, run_input=self.answers[0])
                    except NotPausedError:
                        continue
                    except RuntimeError as exc:
                        if "schema not found" not in str(exc):
                            raise
                        time.sleep(0.2)  # paused, but the run has not stored its form yet
                        continue
                    done.add(run.state.id)
                    self.answered.append(str(run.id))
                    self.answers.pop(0)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(exc)


def run_artifacts(flow_run_id: str | UUID) -> list[Any]:
    """The artifacts a flow run made, oldest first."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(str(flow_run_id))])))
    return sorted(found, key=lambda a: a.created)


def flow_run(flow_run_id: str | UUID) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(str(flow_run_id)))


def folder_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "team-folder") -> Path:
    """A real folder publishing account, kept in an encrypted accounts file under tmp_path."""
    from publishing.accounts import Account, open_account_store

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    target = tmp_path / "published"
    target.mkdir()
    open_account_store(load_settings()).save(Account(name=name, platform="folder", target=str(target)))
    return target


def paused_runs(api: str, count: int) -> list[str]:
    """`count` flow runs of a throw-away flow, each paused as a review pauses a run (ids returned).

    Setting them up retries a 503 (that is not what is measured)."""
    flow = _post_until_answered(f"{api}/flows/", {"name": "submit-load-probe"})
    ids = []
    for _ in range(count):
        run = _post_until_answered(f"{api}/flow_runs/", {"flow_id": flow["id"], "state": {"type": "RUNNING"}})
        _post_until_answered(f"{api}/flow_runs/{run['id']}/set_state", {"state": {
            "type": "PAUSED", "name": "Paused", "state_details": {"pause_reschedule": False}}, "force": True})
        ids.append(run["id"])
    return ids


def _post_until_answered(url: str, body: dict[str, Any]) -> Any:
    import httpx

    for _ in range(20):
        answer = httpx.post(url, json=body, timeout=120)
        if answer.status_code != 503:
            break
        time.sleep(1)
    assert answer.status_code < 300, (url, answer.status_code, answer.text)
    return answer.json()


def resume_once(api: str, run_id: str) -> tuple[int, float]:
    """One Submit of the Resume form, not retried: the HTTP status and how long it took."""
    import httpx

    began = time.monotonic()
    answer = httpx.post(f"{api}/flow_runs/{run_id}/resume", json={}, timeout=120)
    return answer.status_code, time.monotonic() - began


class Serve:
    """`reelflow serve` in a subprocess, as a person starts it after following the README: its own Prefect
    server (database under tmp_path) and media server on free ports, the inbox under tmp_path, a batch
    source folder when `batch` (the batch deployment is then scheduled too). `env` adds or overrides
    settings. Used as a context manager; stops it with SIGTERM.

    `until(what, check, timeout)` polls a cheap check and fails with serve's log if serve stopped."""

    def __init__(self, data_dir: Path, tmp_path: Path, timeout: float = 360.0, *, batch: bool = False,
                 **env: str) -> None:
        import os
        import socket

        def free_port() -> int:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                return s.getsockname()[1]

        self.prefect_port, self.media_port = free_port(), free_port()
        self.inbox, self.source = tmp_path / "inbox", tmp_path / "articles"
        self.api = f"http://127.0.0.1:{self.prefect_port}/api"
        self.dashboard = f"http://127.0.0.1:{self.prefect_port}"
        self.log = tmp_path / "serve.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        self.env.update(
            REELFLOW_DATA_DIR=str(data_dir), REELFLOW_INBOX_DIR=str(self.inbox), REELFLOW_INBOX_SETTLE="0.5",
            REELFLOW_INBOX_POLL="0.2", REELFLOW_SERVE_POLL="0.5", REELFLOW_REVIEW_POLL="0.5",
            REELFLOW_PRESET="preview", REELFLOW_MAX_SECONDS="8", REELFLOW_PREFECT_PORT=str(self.prefect_port),
            REELFLOW_MEDIA_PORT=str(self.media_port), PREFECT_HOME=str(tmp_path / "prefect-home"),
            PREFECT_RUNNER_POLL_FREQUENCY="2")
        if batch:
            self.env["REELFLOW_BATCH_SOURCE"] = str(self.source)
        self.env.update(env)
        self._timeout = timeout
        self.proc: Any = None
        self.batch_run = ""  # a batch run a test started, to wait for

    def __enter__(self) -> Serve:
        import subprocess
        import sys

        import httpx
        from conftest import ROOT

        with self.log.open("wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "serve"], cwd=ROOT, env=self.env,
                                         stdout=out, stderr=subprocess.STDOUT)
        self.until("the deployment", lambda: httpx.get(f"{self.api}/deployments/name/article-to-video/reelflow",
                                                       timeout=5).status_code == 200, self._timeout)
        return self

    def __exit__(self, *_exc: object) -> None:
        import signal
        import subprocess

        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def until(self, what: str, check: Callable[[], Any], timeout: float) -> Any:
        import httpx

        deadline = time.monotonic() + timeout
        while True:
            try:
                found = check()
            except httpx.HTTPError:
                found = None
            if found:
                return found
            if self.proc.poll() is not None:
                pytest.fail(f"reelflow serve stopped before {what}:\n{self.tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def runs(self, *states: str, flow: str | None = None) -> list[dict[str, Any]]:
        """Flow runs in these state types (all if none), of this flow if named."""
        import httpx

        body: dict[str, Any] = {"flow_runs": {"state": {"type": {"any_": list(states)}}} if states else {}}
        if flow:
            body["flows"] = {"name": {"any_": [flow]}}
        return httpx.post(f"{self.api}/flow_runs/filter", json=body, timeout=30).json()

    def state(self, run_id: str) -> dict[str, Any]:
        import httpx

        return httpx.get(f"{self.api}/flow_runs/{run_id}", timeout=10).json()["state"]

    def finished(self, run_id: str) -> dict[str, Any] | None:
        state = self.state(run_id)
        return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None


def new_articles(folder: Path, count: int, tag: str) -> list[Path]:
    """`count` articles in `folder`, copies of the Chinese examples each with a line of its own (new bytes:
    new articles that are rendered, not found made already)."""
    from conftest import ARTICLES, ROOT

    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "examples").glob("zh_*.md")) + [ARTICLES / "zh_article.md", ARTICLES / "zh_bom.md"]
    made = []
    for i in range(count):
        src = sources[i % len(sources)]
        path = folder / f"{tag}-{i}{src.suffix}"
        path.write_text(src.read_text(encoding="utf-8-sig") + f"\n\n第{i + 1}篇，{tag}。\n", encoding="utf-8")
        made.append(path)
    return made
