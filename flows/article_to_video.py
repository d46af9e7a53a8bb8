"""The `article-to-video` flow: read → plan → (voice → render) per shot → cut → review → publish.

This is where the stages meet Prefect and the store. The stages are plain functions wrapped as
tasks in flows/stages.py; this module decides what to do next from what the store says is finished,
so a run killed anywhere (mid-render, mid-cut, during review, mid-publish) carries on when the article
is run again: finished shots are not rendered again, the draft is not made twice, a decision is not
asked for twice, and the publishing ledger makes each post exactly once.

With `review=True` (deployments, the inbox, batches; `reelflow make --review`) the run pauses after
the cut until a person answers in the dashboard; `reelflow make` alone does not pause.
"""

from __future__ import annotations

import math
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.deployments import run_deployment
from prefect.futures import PrefectFuture, as_completed
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner

import generator.video as video
from editing.presets import Preset, get_preset
from flows import artifacts, own_voice, policy_gate
from flows.limits import ONLINE_ENGINES, ensure_limits, uses_gpu
from flows.pools import DEPLOYMENT
from flows.publish_step import publish_draft
from flows.review import BadEdit, ReviewInput, ShotEdit, apply_edits, ask, ask_about_storyboard, edits_of
from flows.stages import (
    PIPELINE_VERSION,
    cut_clip,
    cut_options,
    default_output,
    options_hash,
    plan_storyboard,
    read_article,
    render_shot,
    resolve_output,
    versioned,
    voice_shot,
    voice_style,
)
from generator.music import choose_track
from reelflow import progress
from reelflow.errors import ReelflowError
from reelflow.media import sweep_parts
from reelflow.models import Article, Draft, Narration, Publication, ShotClip, Storyboard
from reelflow.settings import Settings, load_settings
from reelflow.storage import MediaStorage, storage_for
from reelflow.store import Store
from reelflow.store.reviews import DraftRecord, ReviewRecord

__all__ = ["PIPELINE_VERSION", "article_to_video", "default_output", "options_hash", "resolve_output"]


@dataclass
class Job:
    """What one run of one article works with."""

    settings: Settings
    preset: Preset
    article: Article
    article_path: str
    out_path: Path
    store: Store
    storage: MediaStorage
    opts: str
    key: str
    planned: Storyboard | None = None
    asked: int = 0

    @property
    def render_options(self) -> dict[str, object]:
        return video.render_options(self.settings.renderer, self.settings)


RENDER_WORKERS = 3
RENDER_DEPLOYMENT = f"render-shots/{DEPLOYMENT}"  # `reelflow deploy` puts it on the GPU work pool
PUBLISH_TIMEOUT = 3600.0  # one account's upload, retries included


@flow(name="article-to-video", task_runner=ThreadPoolTaskRunner(max_workers=RENDER_WORKERS), log_prints=True)
def article_to_video(
    article_path: str,
    output: str | None = None,
    preset: str | None = None,
    planner: str | None = None,
    renderer: str | None = None,
    voice: str | None = None,
    max_seconds: float | None = None,
    force: bool = False,
    model: str | None = None,
    allow_cpu: bool = False,
    review: bool = False,
    accounts: list[str] | None = None,
) -> Any:
    """Turn one article into one finished, labelled clip; with `review`, wait for a person, then publish."""
    settings = load_settings(preset=preset, planner=planner, renderer=renderer, voice=voice,
                             max_seconds=max_seconds, model=model, allow_cpu=allow_cpu or None)
    logger = get_run_logger()
    the_preset = get_preset(settings.preset)
    storage = storage_for(settings)
    # An article handed over by URL (another machine's inbox or batch) is fetched to this data dir.
    local_article = str(storage.fetch(article_path)) if storage.is_ref(article_path) else article_path
    article = read_article(local_article, settings.max_file_bytes)
    renders_here = uses_gpu(settings.renderer, settings) and not settings.gpu_pool
    if renders_here or settings.speech_engine in ONLINE_ENGINES:
        ensure_limits(settings, gpu=renders_here)
    store = Store(settings.db_url)
    store.upgrade()
    job = Job(settings=settings, preset=the_preset, article=article, article_path=local_article,
              out_path=resolve_output(output, settings, article, the_preset), store=store, storage=storage,
              opts=options_hash(settings, the_preset),
              key=artifacts.artifact_key("draft", Path(article_path).stem, article.source_hash[:8]))
    try:
        record = None if force else store.find_draft_record(article.source_hash, the_preset.name, job.opts,
                                                            exists=lambda d: _reachable(storage, d))
        if record is not None:
            record = _localised(job, record)
            logger.info("This article was already made with the same settings; carrying on from %s "
                        "(use --force to make it again).", record.draft.video_path)
            outcome = "reused"
        else:
            made = None if force else _planned_before(job)
            made = made or _plan(job, review)
            if made is None:
                return Completed(name="Rejected", message="the storyboard was rejected before rendering")
            board, board_id = made
            record = _make_draft(job, board, board_id, version=1)
            outcome = "made"
        if not review:
            return _with_outcome(_deliver(record.draft, job.out_path), outcome)
        return _review_until_decided(job, record, accounts)
    finally:
        store.dispose()


# -- planning ---------------------------------------------------------------------------


def _plan(job: Job, review: bool) -> tuple[Storyboard, int] | None:
    """Plan the storyboard and pass it through the policy gate; None if a person rejected it."""
    settings = job.settings
    board = plan_storyboard(job.article, settings.planner, settings.max_seconds, settings.seed)
    job.planned = board
    holds = policy_gate.check(board, job.article, settings)
    artifacts.storyboard_table(board, holds, artifacts.artifact_key("storyboard", job.key))
    while holds and settings.hold_blocks_render:
        numbers = ", ".join(str(h.shot_index + 1) for h in holds)
        if not review:
            raise ReelflowError(f"{job.article_path}: the policy gate held shot(s) {numbers} "
                                f"({holds[0].reason}); run with --review to decide, or change the article")
        job.asked += 1
        answer = ask_about_storyboard(board, holds, settings, f"storyboard-{board.hash()[:12]}-{job.asked}")
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
        holds = policy_gate.check(board, job.article, settings)
        artifacts.storyboard_table(board, holds, artifacts.artifact_key("storyboard", job.key))
    article_id = job.store.upsert_article(job.article)
    return board, job.store.save_storyboard(article_id, board)


def _planned_before(job: Job) -> tuple[Storyboard, int] | None:
    """The storyboard an earlier, unfinished run of this article planned with these settings, if any."""
    s = job.settings
    for board_id, board in job.store.storyboards_of(job.article.source_hash):
        if (board.planner, board.target_seconds, board.seed) == (s.planner, s.max_seconds, s.seed):
            get_run_logger().info("Carrying on with the storyboard planned before (%d shots).", len(board.shots))
            # Shown again; not asked about again: a held storyboard was saved only once a person let it through.
            artifacts.storyboard_table(board, policy_gate.check(board, job.article, s),
                                       artifacts.artifact_key("storyboard", job.key))
            return board, board_id
    return None


def _planned(job: Job) -> Storyboard:
    """The storyboard as planned (before any revision): what an own recording was read from."""
    if job.planned is None:
        s = job.settings
        job.planned = plan_storyboard(job.article, s.planner, s.max_seconds, s.seed)
    return job.planned


# -- making a draft ---------------------------------------------------------------------


def _make_draft(job: Job, board: Storyboard, board_id: int, version: int) -> DraftRecord:
    """Voice, render and cut one storyboard into a recorded draft, reusing every finished piece."""
    store, settings = job.store, job.settings
    store.set_status("storyboard", board_id, "running")
    narrations = _voice(job, board)
    clips = _render(job, board, narrations, store.shot_ids(board_id))
    total = sum(c.seconds for c in clips)
    music = choose_track(settings.data_dir / "music", board.mood, total, settings.dir("cache", "music"), board.seed)
    options = cut_options(settings, board, music)
    work_dir = settings.dir("work", board.hash()[:16])
    out = versioned(job.out_path, version)
    for part in sweep_parts(out, older_than=settings.cut_timeout):
        get_run_logger().info("Removed %s, left by a cut that was killed.", part.name)
    draft = cut_clip.with_options(timeout_seconds=_timeout(settings.cut_timeout))(
        board, narrations, clips, job.preset.name, str(out), str(work_dir), options, job.article.source_hash[:32])
    starts = [float(t) for t in draft.metadata["timeline"]]  # where the cut put each shot
    draft = draft.model_copy(update={"metadata": {
        **draft.metadata, "version": version, "storyboard_hash": board.hash(),
        "shot_times": [[round(s, 3), round(c.seconds, 3)] for s, c in zip(starts, clips, strict=True)],
        **_stored(job.storage, draft),
    }})
    draft_id = store.record_draft(board_id, job.opts, draft)
    store.set_status("storyboard", board_id, "done")
    store.set_status("article", store.upsert_article(job.article), "done")
    shutil.rmtree(work_dir, ignore_errors=True)
    return DraftRecord(id=draft_id, storyboard_id=board_id, draft=draft)


def _timeout(seconds: float) -> float | None:
    """A task timeout where Prefect can enforce one (the main thread, by signal); else none, rather
    than a timeout that only warns (a run started from a batch runs in a worker thread)."""
    return seconds if threading.current_thread() is threading.main_thread() else None


def _voice(job: Job, board: Storyboard) -> list[Narration]:
    settings = job.settings
    n = len(board.shots)
    progress.start("voice", n)
    cache = settings.dir("cache", "speech")
    recording = own_voice.find(job.article_path, settings)
    own = own_voice.narrations(recording, _planned(job), board, settings.dir("cache", "own")) if recording else {}
    if recording:
        get_run_logger().info("Narration from %s for %d of %d shots.", recording.name, len(own), n)
    style = voice_style(settings, job.preset, board.language, settings.speech_engine)
    futures: dict[int, PrefectFuture[Narration]] = {
        shot.index: voice_shot.submit(shot, board.language, settings.speech_engine, style, str(cache),
                                      settings.speech_timeout)
        for shot in board.shots if shot.index not in own
    }
    narrations = [own[s.index] if s.index in own else futures[s.index].result() for s in board.shots]
    progress.finish("voice")
    return narrations


def _render(job: Job, board: Storyboard, narrations: list[Narration], shot_ids: dict[int, int]) -> list[ShotClip]:
    """Every shot's clip as a local file, rendered here or by the GPU pool's workers."""
    settings = job.settings
    if settings.gpu_pool and uses_gpu(settings.renderer, settings):
        clips = _render_on_pool(job, board, narrations, shot_ids)
    else:
        clips = _render_here(job, board, narrations, shot_ids)
    # A clip made on another machine is fetched from the media storage (once; then it is local).
    return [c.model_copy(update={"path": str(job.storage.fetch(c.path))}) for c in clips]


def _render_on_pool(job: Job, board: Storyboard, narrations: list[Narration], shot_ids: dict[int, int]
                    ) -> list[ShotClip]:
    """Hand the shots to a run of the `render-shots` deployment on the GPU pool and wait for it.

    One run renders all of an article's shots, so a worker loads the model once per article, not per
    shot; many articles spread over many GPU workers. What was rendered is read from the store, not
    from the run's result, so nothing but the database and the media storage is shared.
    """
    settings = job.settings
    n = len(board.shots)
    progress.start("render", n)
    get_run_logger().info("Sending %d shot%s to the %r work pool to render.", n, "" if n == 1 else "s",
                          settings.gpu_pool)
    ids = [shot_ids[s.index] for s in board.shots]
    run = run_deployment(
        RENDER_DEPLOYMENT,
        parameters={"board": board.model_dump(mode="json"),
                    "narrations": [x.model_dump(mode="json") for x in narrations],
                    "shot_ids": ids, "renderer": settings.renderer, "preset_name": job.preset.name,
                    "pad": settings.shot_pad, "options": job.render_options},
        timeout=settings.render_timeout * n, as_subflow=True,
    )
    state = run.state
    if state is None or not state.is_completed():
        reason = (state.message if state else None) or (state.name if state else "did not finish in time")
        raise ReelflowError(f"the shot renders on work pool {settings.gpu_pool!r} (run {run.name}) failed: {reason}")
    renders = job.store.renders_of(ids)
    missing = [s.index + 1 for s in board.shots if shot_ids[s.index] not in renders]
    if missing:
        raise ReelflowError(f"run {run.name} finished but shot(s) {missing} have no recorded render")
    progress.finish("render")
    return [renders[shot_ids[s.index]] for s in board.shots]


def _render_here(job: Job, board: Storyboard, narrations: list[Narration], shot_ids: dict[int, int]
                 ) -> list[ShotClip]:
    """Render every shot (in parallel, GPU slots permitting), moving a progress artifact as they finish."""
    settings = job.settings
    n = len(board.shots)
    progress.start("render", n)
    bar = artifacts.RenderProgress(n, f"Rendering {n} shots of “{board.title}” ({settings.renderer})")
    futures = [
        render_shot.submit(shot, narration, board, settings.renderer, job.preset.name, settings.shot_pad,
                           str(settings.dir("cache", "shots")), shot_ids[shot.index], settings.db_url,
                           job.render_options)
        for shot, narration in zip(board.shots, narrations, strict=True)
    ]
    clips: dict[int, ShotClip] = {}
    # Renders run in worker threads, where a task timeout cannot interrupt them; a render that hangs
    # is caught here instead, as the whole stage overrunning its budget.
    waves = math.ceil(n / RENDER_WORKERS)
    for future in as_completed(futures, timeout=settings.render_timeout * waves):
        clip = future.result()
        clips[clip.index] = clip
        bar.advance()
    progress.finish("render")
    return [clips[s.index] for s in board.shots]


# -- review and publishing ---------------------------------------------------------------


def _review_until_decided(job: Job, record: DraftRecord, accounts: list[str] | None) -> Any:
    """Ask about the draft until it is approved (then publish), rejected, or left unanswered."""
    store, settings = job.store, job.settings
    board = store.get_storyboard(record.storyboard_id)
    default_accounts = list(accounts if accounts is not None else settings.publish_accounts)
    while True:
        last = store.latest_review(record.id)
        if last is not None and last.decision == "approve":
            return _publish(job, record, board, last)
        if last is not None and last.decision == "reject":
            reason = last.notes or "no reason given"
            artifacts.outcome_note(board.title, "rejected", reason)
            return Completed(name="Rejected", message=f"Rejected: {reason}",
                             data=_with_outcome(record.draft, "rejected", reason=reason))
        if last is not None and last.decision == "revise":
            # Decided (in this run or one that was killed) but not yet made: make the revision now.
            board = apply_edits(board, [ShotEdit.model_validate(e) for e in last.edits])
            version = int(record.draft.metadata.get("version", 1)) + 1
            board_id = store.save_storyboard(store.upsert_article(job.article), board)
            record = _make_draft(job, board, board_id, version)
            continue
        holds = policy_gate.check(board, job.article, settings)
        version = int(record.draft.metadata.get("version", 1))
        description = artifacts.review_page(record.draft, board, holds, settings, job.key, version)
        job.asked += 1
        pending, answer = ask(store, record.id, description, settings, default_accounts, job.asked)
        if answer is None:
            artifacts.outcome_note(board.title, "unpublished", "No decision came within the review timeout; "
                                   "the draft stays unpublished. Run the article again to ask again.")
            return Completed(name="Unpublished", message="No review decision in time; not published",
                             data=_with_outcome(record.draft, "unpublished"))
        _record_answer(job, pending, answer, board, default_accounts)


def _record_answer(job: Job, pending: ReviewRecord, answer: ReviewInput, board: Storyboard,
                   default_accounts: list[str]) -> None:
    """Store the reviewer's answer; a revise that cannot be applied is explained and asked again."""
    if answer.decision == "revise":
        try:
            apply_edits(board, answer.shots)
        except BadEdit as exc:
            artifacts.outcome_note(board.title, "revision not applied", f"{exc}. Please answer again.")
            return
    job.store.decide_review(pending.id, answer.decision, notes=answer.notes, edits=edits_of(answer),
                            accounts=answer.accounts or default_accounts, publish_at=answer.publish_at)


def _publish(job: Job, record: DraftRecord, board: Storyboard, decision: ReviewRecord) -> Any:
    logger = get_run_logger()
    if not decision.accounts:
        logger.warning("Approved, but no account to publish to (set publish_accounts or name one in the form).")
        artifacts.outcome_note(board.title, "approved", "No account was named, so nothing was published.")
        return _with_outcome(record.draft, "approved")
    published: list[Publication] = []
    failed: list[str] = []
    for account in decision.accounts:
        task = publish_draft.with_options(timeout_seconds=_timeout(PUBLISH_TIMEOUT))
        state = task(record.draft, account, decision.publish_at, return_state=True)
        if state.is_completed():
            published.append(state.result())
        else:
            failed.append(f"{account}: {state.message}")
    lines = [f"- {p.account} ({p.platform}): {p.status}" + (f" — {p.url}" if p.url else "") for p in published]
    lines += [f"- FAILED {line}" for line in failed]
    artifacts.outcome_note(board.title, "published" if not failed else "publishing failed", "\n".join(lines))
    if failed:
        raise ReelflowError(f"publishing failed for {len(failed)} account(s): {'; '.join(failed)}; "
                            "run the article again to retry (posts already made are not repeated)")
    return _with_outcome(record.draft, "published",
                         publications=[p.model_dump(mode="json") for p in published])


def _files(draft: Draft) -> dict[str, Path]:
    """A draft's video and sidecars, by suffix."""
    video = Path(draft.video_path)
    return {".mp4": video, ".srt": Path(draft.srt_path), ".ass": Path(draft.ass_path),
            ".jpg": Path(draft.thumbnail_path), ".json": video.with_suffix(".json")}


def _stored(storage: MediaStorage, draft: Draft) -> dict[str, object]:
    """Put the draft and its sidecars in shared media storage; their references, for the draft's metadata."""
    if not storage.shared:
        return {}
    return {"stored": {suffix: storage.put(p) for suffix, p in _files(draft).items() if p.is_file()}}


def _reachable(storage: MediaStorage, draft: Draft) -> bool:
    """Whether a recorded draft can be had: here, or (made on another worker) in the media storage."""
    stored = draft.metadata.get("stored") or {}
    return Path(draft.video_path).is_file() or (".mp4" in stored and storage.exists(stored[".mp4"]))


def _localised(job: Job, record: DraftRecord) -> DraftRecord:
    """A recorded draft whose files are here: made on another worker, it is fetched from the storage."""
    draft = record.draft
    stored = draft.metadata.get("stored") or {}
    if Path(draft.video_path).is_file() or ".mp4" not in stored:
        return record
    local = {suffix: job.storage.fetch(ref) for suffix, ref in stored.items()}
    video = local[".mp4"]
    draft = draft.model_copy(update={
        "video_path": str(video),
        "srt_path": str(local.get(".srt", video.with_suffix(".srt"))),
        "ass_path": str(local.get(".ass", video.with_suffix(".ass"))),
        "thumbnail_path": str(local.get(".jpg", video.with_suffix(".jpg"))),
    })
    return DraftRecord(id=record.id, storyboard_id=record.storyboard_id, draft=draft)


def _with_outcome(draft: Draft, outcome: str, **extra: object) -> Draft:
    """The draft as returned to the caller, saying what became of it (made, reused, published…)."""
    return draft.model_copy(update={"metadata": {**draft.metadata, "outcome": outcome, **extra}})


def _deliver(draft: Draft, out_path: Path) -> Draft:
    """Copy an existing draft (and its sidecars) to where this run was asked to put it."""
    from reelflow.media import copy_atomic

    src = Path(draft.video_path)
    if src.resolve() == out_path.resolve() or not src.is_file():
        return draft
    for suffix, old in _files(draft).items():
        if old.is_file():
            copy_atomic(old, out_path.with_suffix(suffix))
    return draft.model_copy(update={
        "video_path": str(out_path),
        "srt_path": str(out_path.with_suffix(".srt")),
        "ass_path": str(out_path.with_suffix(".ass")),
        "thumbnail_path": str(out_path.with_suffix(".jpg")),
    })

