"""Starting `article-to-video` for one file: in this process, or as a run of the served deployment.

The inbox uses this. In this process (tests, a one-off) the call returns when the run ends. Through
the deployment (`reelflow serve`) each article is its own run, executed by the serve process and
shown in the dashboard, and the caller only waits until the draft is made: a run that pauses for
review counts as done here, since from then on it is in a person's hands.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from prefect import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.states import State

from flows.article_to_video import article_to_video
from flows.inbox import Handler
from flows.pools import DEPLOYMENT
from reelflow.errors import ReelflowError
from reelflow.media import copy_atomic
from reelflow.models import Draft
from reelflow.settings import load_settings
from reelflow.storage import storage_for


def in_process(review: bool = False, **options: Any) -> Handler:
    def handle(path: Path) -> str:
        state: State[Any] = article_to_video(str(path), review=review, return_state=True, **options)
        return describe(state)

    return handle


def via_deployment(review: bool = True, poll: float = 2.0, **options: Any) -> Handler:
    def handle(path: Path) -> str:
        run, state = start_and_wait(path, review, poll, **options)
        if state.is_paused():
            return f"draft made; awaits review in run {run.name}: {run_url(run.id)}"
        if not state.is_completed():
            raise ReelflowError(state.message or f"run {run.name} ended {state.name}")
        return f"run {run.name}: {state.name}"

    return handle


def start_and_wait(path: Path, review: bool, poll: float, as_subflow: bool = False, **options: Any
                   ) -> tuple[FlowRun, State[Any]]:
    """Start a run of the served deployment for `path`; wait until it pauses for review or ends.

    The run gets a copy of the article that stays where it is (the inbox files the original away once
    the run waits): a run that waited for review suspended is started again from the top when the
    reviewer answers, and reads the article again. With shared media storage the run may land on
    another machine: the copy goes by URL.
    """
    settings = load_settings()
    storage = storage_for(settings)
    article = storage.put(path) if storage.shared else str(kept_copy(path, settings.dir("articles")))
    run = run_deployment(f"article-to-video/{DEPLOYMENT}", parameters={"article_path": article, "review": review,
                         **options}, timeout=0, as_subflow=as_subflow)
    with get_client(sync_client=True) as client:
        while True:
            state = client.read_flow_run(run.id).state
            if state is not None and (state.is_paused() or state.is_final()):
                return run, state
            time.sleep(poll)


def run_url(run_id: object) -> str:
    """The dashboard page of a flow run (where its Resume button is)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    ui = PREFECT_UI_URL.value() or (PREFECT_API_URL.value() or "").removesuffix("/api")
    return f"{ui.rstrip('/')}/runs/flow-run/{run_id}"


def kept_copy(path: Path, folder: Path) -> Path:
    """`path` copied (once) to `folder/<content hash>/<its name>`, where nothing moves it."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    kept = folder / digest / path.name
    if not kept.is_file():
        copy_atomic(path, kept)
    return kept


def describe(state: State[Any]) -> str:
    """A one-line note on a finished in-process run; raises with the run's reason if it failed."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise ReelflowError(str(result)) from result
    if not state.is_completed():
        raise ReelflowError(state.message or f"the run ended {state.name}")
    if isinstance(result, Draft):
        return f"{result.metadata.get('outcome', state.name)}: {result.video_path}"
    return state.name or "done"
