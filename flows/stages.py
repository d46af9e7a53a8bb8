"""The pipeline's steps as Prefect tasks: what can be retried, what can hang, what is limited.

Each task wraps a plain step from reelflow/pipeline/steps.py. Caching is the pipeline's, not
Prefect's: every output is a file named by the content hash of its inputs and the store records
what is finished, so Prefect's own result cache would be a second copy the store cannot see.

Retries are where a failure can pass: the online voice (network), a render (a GPU out of memory
beside another job), publishing (the platform). Bad input is never retried. Timeouts are where a
step can hang: voice, render, cut and publish.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from prefect.tasks import exponential_backoff

import generator.video as video
from editing.cut import CutOptions
from editing.presets import VoiceStyle, get_preset
from flows.limits import gpu_slot, voice_slot
from generator.video import RenderRequest
from reelflow.errors import BadInput
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard
from reelflow.pipeline import steps
from reelflow.settings import Settings
from reelflow.storage import MediaStorage
from reelflow.store import Store


def worth_retrying(_task: Task[Any, Any], _run: TaskRun, state: State[Any]) -> bool:
    """Retry failures that can pass; a bad input fails the same way every time."""
    try:
        state.result()
    except BadInput:
        return False
    except Exception:  # noqa: BLE001 - anything else may be transient
        return True
    return False


@task(name="read-article", cache_policy=NO_CACHE)
def read_article(path: str, max_bytes: int) -> Article:
    return steps.read_article(path, max_bytes)


@task(name="plan-storyboard", cache_policy=NO_CACHE)
def plan_storyboard(article: Article, settings: Settings) -> Storyboard:
    return steps.plan_storyboard(article, settings)


@task(name="voice-shot", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=exponential_backoff(2),
      retry_jitter_factor=0.5, retry_condition_fn=worth_retrying)
def voice_shot(shot: Shot, language: str, engine: str, style: VoiceStyle, cache_dir: str, timeout: float,
               tts_limit: str) -> Narration:
    """One shot's narration; the online voice first takes a slot of the shared rate limit."""
    voice_slot(engine, tts_limit)
    return steps.voice_shot(shot, language, engine, style, cache_dir, timeout)


@task(name="render-shot", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5,
      retry_condition_fn=worth_retrying)
def render_shot(request: RenderRequest, shot_id: int, settings: Settings, store: Store, storage: MediaStorage
                ) -> ShotClip:
    """One shot's clip, holding a GPU slot (of the limit shared by every run) while a GPU renders it."""
    return steps.render_shot(request, settings.renderer, shot_id, store=store, storage=storage,
                             cache_dir=settings.dir("cache", "shots"),
                             slot=lambda: gpu_slot(video.source_of(request, settings.renderer), settings))


@task(name="cut-clip", cache_policy=NO_CACHE)
def cut_clip(board: Storyboard, narrations: list[Narration], clips: list[ShotClip], preset_name: str,
             out_path: str, work_dir: str, options: CutOptions, content_id: str) -> Draft:
    return steps.cut_clip(board, narrations, clips, get_preset(preset_name), Path(out_path), Path(work_dir), options,
                          content_id)
