"""The pipeline's runner inside a Prefect flow: the same steps as tasks, with what Prefect is for.

Per-shot steps become task runs (retries, timeouts, a GPU slot and the voice's rate limit shared by
every run), the storyboard and the render progress become artifacts, held shots are put to a
person in the dashboard, and with a GPU work pool the shots go to a `render-shots` run there.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import get_run_logger
from prefect.deployments import run_deployment
from prefect.futures import as_completed

import generator.video as video
from editing.cut import CutOptions
from editing.presets import VoiceStyle
from flows import artifacts, stages
from flows.limits import uses_gpu
from flows.pools import DEPLOYMENT
from flows.review import BadEdit, apply_edits, ask_about_storyboard
from generator.video import RenderRequest
from reelflow import progress
from reelflow.errors import ReelflowError
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard
from reelflow.pipeline import Runner, gate
from reelflow.settings import Settings

if TYPE_CHECKING:
    from reelflow.pipeline import Job

RENDER_WORKERS = 3
RENDER_DEPLOYMENT = f"render-shots/{DEPLOYMENT}"  # `reelflow deploy` puts it on the GPU work pool


def task_timeout(seconds: float) -> float | None:
    """A task timeout where Prefect can enforce one (the main thread, by signal); else none, rather
    than a timeout that only warns (a run started from a batch runs in a worker thread)."""
    return seconds if threading.current_thread() is threading.main_thread() else None


class FlowRunner(Runner):
    """Runs the pipeline's steps as Prefect tasks of the current flow run."""

    workers = RENDER_WORKERS

    def __init__(self, review: bool) -> None:
        self.review = review
        self.asked = 0  # questions put to a person in this run (each pause needs its own key)
        # Questions about each review row, in this run: a run started again after a suspension finds the
        # newest draft at once, so its keys must not depend on questions about earlier drafts.
        self.asked_about: dict[int, int] = {}

    @property
    def log(self):  # type: ignore[override]  # Prefect's run logger: lines show in the dashboard
        return get_run_logger()

    @staticmethod
    def key(job: Job, what: str = "draft") -> str:
        return artifacts.artifact_key(what, Path(job.article_path).stem, job.article.source_hash[:8])

    def read(self, path: str, max_bytes: int) -> Article:
        return stages.read_article(path, max_bytes)

    def plan(self, article: Article, settings: Settings) -> Storyboard:
        return stages.plan_storyboard(article, settings)

    def storyboard_planned(self, job: Job, board: Storyboard, holds: list[gate.Hold]) -> None:
        artifacts.storyboard_table(board, holds, artifacts.artifact_key("storyboard", self.key(job)))

    def decide_holds(self, job: Job, board: Storyboard, holds: list[gate.Hold]) -> Storyboard | None:
        """Ask a person about the held shots until they approve, reject, or revise them clear."""
        if not self.review:
            return super().decide_holds(job, board, holds)
        while holds:
            self.asked += 1
            answer = ask_about_storyboard(board, holds, job.settings, f"storyboard-{board.hash()[:12]}-{self.asked}")
            if answer is None or answer.decision == "reject":
                artifacts.outcome_note(board.title, "rejected before rendering",
                                       answer.notes if answer else "no decision in time")
                return None
            if answer.decision == "approve":
                break
            try:
                board = apply_edits(board, answer.shots)
            except BadEdit as exc:
                artifacts.outcome_note(board.title, "revision not applied", str(exc))
                continue
            holds = gate.check(board, job.article, job.settings)
            self.storyboard_planned(job, board, holds)
        return board

    def voice(self, job: Job, shots: list[Shot], language: str, style: VoiceStyle) -> list[Narration]:
        s = job.settings
        cache = str(s.dir("cache", "speech"))
        futures = [stages.voice_shot.submit(shot, language, s.speech_engine, style, cache, s.edge.timeout,
                                            s.tts_limit) for shot in shots]
        return [f.result() for f in futures]

    def render(self, job: Job, board: Storyboard, requests: list[RenderRequest], shot_ids: list[int]
               ) -> list[ShotClip]:
        s = job.settings
        # auto may give some shots to a GPU source: then all of the article's shots go to the pool together.
        if s.gpu_pool and any(uses_gpu(video.source_of(r, s.renderer), s) for r in requests):
            return self._render_on_pool(job, board, requests, shot_ids)
        n = len(requests)
        progress.start("render", n)
        bar = artifacts.RenderProgress(n, f"Rendering {n} shots of “{board.title}” ({s.renderer})")
        futures = [stages.render_shot.submit(request, shot_id, s, job.store, job.storage)
                   for request, shot_id in zip(requests, shot_ids, strict=True)]
        clips: dict[int, ShotClip] = {}
        # Renders run in worker threads, where a task timeout cannot interrupt them; a render that hangs
        # is caught here instead, as the whole stage overrunning its budget.
        for future in as_completed(futures, timeout=s.render_timeout * math.ceil(n / self.workers)):
            clip = future.result()
            clips[clip.index] = clip
            bar.advance()
        progress.finish("render")
        return [clips[r.shot.index] for r in requests]

    def _render_on_pool(self, job: Job, board: Storyboard, requests: list[RenderRequest], shot_ids: list[int]
                        ) -> list[ShotClip]:
        """Hand the shots to a run of the `render-shots` deployment on the GPU pool and wait for it.

        One run renders all of an article's shots, so a worker loads the model once per article; many
        articles spread over many GPU workers. What was rendered is read from the store, not from the
        run's result, so nothing but the database and the media storage is shared.
        """
        s = job.settings
        n = len(requests)
        progress.start("render", n)
        self.log.info("Sending %d shot%s to the %r work pool to render.", n, "" if n == 1 else "s", s.gpu_pool)
        run = run_deployment(
            RENDER_DEPLOYMENT,
            parameters={"board": board.model_dump(mode="json"),
                        "requests": [{"seconds": r.seconds, "options": r.options} for r in requests],
                        "shot_ids": shot_ids, "renderer": s.renderer, "preset_name": job.preset.name},
            timeout=s.render_timeout * n, as_subflow=True,
        )
        state = run.state
        if state is None or not state.is_completed():
            reason = (state.message if state else None) or (state.name if state else "did not finish in time")
            raise ReelflowError(f"the shot renders on work pool {s.gpu_pool!r} (run {run.name}) failed: {reason}")
        renders = job.store.renders_of(shot_ids)
        missing = [r.shot.index + 1 for r, i in zip(requests, shot_ids, strict=True) if i not in renders]
        if missing:
            raise ReelflowError(f"run {run.name} finished but shot(s) {missing} have no recorded render")
        progress.finish("render")
        return [renders[i] for i in shot_ids]

    def cut(self, job: Job, board: Storyboard, narrations: list[Narration], clips: list[ShotClip], out: Path,
            work_dir: Path, options: CutOptions) -> Draft:
        task = stages.cut_clip.with_options(timeout_seconds=task_timeout(job.settings.cut_timeout))
        return task(board, narrations, clips, job.preset.name, str(out), str(work_dir), options,
                    job.article.source_hash[:32])
