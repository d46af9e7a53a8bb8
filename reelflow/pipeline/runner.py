"""How the pipeline's steps are run: here, in this process, per-shot steps on a few threads.

The pipeline says what happens in which order; a runner says how each step is executed. This one
calls the plain step functions directly. flows/ subclasses it to run the same steps as Prefect
tasks (retries, timeouts, concurrency limits, artifacts, a pause for a person, a GPU work pool),
which is all the flows add.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from editing.cut import CutOptions
from editing.presets import VoiceStyle
from generator.video import RenderRequest
from reelflow import progress
from reelflow.errors import ReelflowError
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard
from reelflow.pipeline import steps
from reelflow.pipeline.gate import Hold
from reelflow.settings import Settings

if TYPE_CHECKING:
    from reelflow.pipeline.article import Job

T = TypeVar("T")


class Runner:
    """Runs each step here; per-shot steps (voice, render) on `workers` threads, results in shot order."""

    workers = 3

    @property
    def log(self) -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
        return steps.log

    def _each(self, fn: Callable[..., T], calls: Sequence[tuple[object, ...]]) -> list[T]:
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(lambda args: fn(*args), calls))

    def read(self, path: str, max_bytes: int) -> Article:
        return steps.read_article(path, max_bytes)

    def plan(self, article: Article, settings: Settings) -> Storyboard:
        return steps.plan_storyboard(article, settings)

    def storyboard_planned(self, job: Job, board: Storyboard, holds: list[Hold]) -> None:
        """Called with every storyboard planned or revised, and the gate's holds on it (flows: an artifact)."""

    def decide_holds(self, job: Job, board: Storyboard, holds: list[Hold]) -> Storyboard | None:
        """The storyboard to go on with when the gate held shots; None if a person rejected it.

        Here nobody is asked: held shots stop the article (flows ask a person in the dashboard)."""
        numbers = ", ".join(str(h.shot_index + 1) for h in holds)
        raise ReelflowError(f"{job.article_path}: the policy gate held shot(s) {numbers} ({holds[0].reason}); "
                            "run with --review to decide, or change the article")

    def voice(self, job: Job, shots: list[Shot], language: str, style: VoiceStyle) -> list[Narration]:
        s = job.settings
        cache = str(s.dir("cache", "speech"))
        return self._each(steps.voice_shot, [(shot, language, s.speech_engine, style, cache, s.edge.timeout)
                                             for shot in shots])

    def render(self, job: Job, board: Storyboard, requests: list[RenderRequest], shot_ids: list[int]
               ) -> list[ShotClip]:
        s = job.settings
        progress.start("render", len(requests))
        cache = s.dir("cache", "shots")

        def one(request: RenderRequest, shot_id: int) -> ShotClip:
            return steps.render_shot(request, s.renderer, shot_id, store=job.store, storage=job.storage,
                                     cache_dir=cache)

        clips = self._each(one, list(zip(requests, shot_ids, strict=True)))
        progress.finish("render")
        return clips

    def cut(self, job: Job, board: Storyboard, narrations: list[Narration], clips: list[ShotClip], out: Path,
            work_dir: Path, options: CutOptions) -> Draft:
        return steps.cut_clip(board, narrations, clips, job.preset, out, work_dir, options,
                              job.article.source_hash[:32])
