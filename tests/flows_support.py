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
