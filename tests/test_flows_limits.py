"""Limits shared through the Prefect server: GPU slots around GPU renders, a rate limit on the online voice."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ARTICLES

from reelflow.settings import load_settings


def _limit(name: str):  # noqa: ANN202
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_global_concurrency_limit_by_name(name)


def _wait_for_render_task(runner: threading.Thread, since: datetime, timeout: float = 240.0) -> None:
    """Until a render-shot task run started after `since` is Running (inside it, the render asks for a GPU slot)."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        TaskRunFilter,
        TaskRunFilterName,
        TaskRunFilterStartTime,
        TaskRunFilterState,
        TaskRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    running = TaskRunFilter(name=TaskRunFilterName(like_="render-shot"),
                            start_time=TaskRunFilterStartTime(after_=since),
                            state=TaskRunFilterState(type=TaskRunFilterStateType(any_=[StateType.RUNNING])))
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while not client.read_task_runs(task_run_filter=running):
            assert runner.is_alive(), "the run ended before its render started"
            assert time.monotonic() < deadline, "timed out waiting for the render to start"
            time.sleep(0.1)


def test_gpu_renders_wait_for_a_free_gpu_slot(prefect_server, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.concurrency.sync import concurrency

    from flows.article_to_video import article_to_video
    from flows.limits import ensure_limits

    name = f"test-gpu-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("REELFLOW_GPU_LIMIT", name)
    monkeypatch.setenv("REELFLOW_GPU_SLOTS", "1")
    monkeypatch.setenv("REELFLOW_GPU_RENDERERS", '["graphics"]')  # treat the CPU source as a GPU one here
    ensure_limits(load_settings())
    assert _limit(name).limit == 1

    shots = data_dir / "cache" / "shots"
    result: dict[str, object] = {}
    with concurrency(name, occupy=1):  # another run holds the only GPU
        runner = threading.Thread(target=lambda: result.update(draft=article_to_video(
            str(ARTICLES / "zh_bom.md"), preset="preview", max_seconds=8)))
        since = datetime.now(UTC)
        runner.start()
        _wait_for_render_task(runner, since)  # the render has started and is waiting for the slot
        time.sleep(1.0)  # an unlimited render of this shot takes a fraction of this
        assert runner.is_alive()
        assert not [p for p in shots.glob("*.mp4") if not p.name.startswith(".")]  # nothing rendered meanwhile
        released = time.time()
    runner.join(240)
    assert not runner.is_alive() and "draft" in result
    finished = [p for p in shots.glob("*.mp4") if not p.name.startswith(".")]
    assert finished and all(p.stat().st_mtime >= released for p in finished)
    assert _limit(name).active_slots == 0  # every render gave its slot back


def test_online_voice_calls_are_rate_limited(prefect_server, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.limits import ensure_limits, voice_slot

    name = f"test-tts-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("REELFLOW_TTS_LIMIT", name)
    monkeypatch.setenv("REELFLOW_TTS_PER_SECOND", "4")
    settings = load_settings()
    ensure_limits(settings)
    limit = _limit(name)
    assert limit.slot_decay_per_second == 4 and limit.limit == 4

    start = time.monotonic()
    for _ in range(12):
        voice_slot("espeak", settings.tts_limit)  # the offline voice is not limited
    assert time.monotonic() - start < 2

    start = time.monotonic()
    for _ in range(12):
        voice_slot("edge", settings.tts_limit)
    # A burst of 4, then 4 a second: the other 8 calls take about 2 s.
    assert time.monotonic() - start >= 1.5
