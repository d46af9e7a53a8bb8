"""The `article-to-video` flow: the pipeline (read → plan → gate → voice → render → cut), then review → publish.

The path itself is reelflow/pipeline/article.py, plain Python; this flow runs it with the runner in
flows/runner.py (its steps as Prefect tasks) and adds what only a flow can: GPU and voice limits on
the Prefect server, a pause in the dashboard for a person, and publishing what they approve. A run
killed anywhere (mid-render, mid-cut, during review, mid-publish) carries on when the article is run
again: the pipeline reuses finished work, the store remembers every question and answer, and the
publishing ledger makes each post exactly once.

With `review=True` (deployments, the inbox, batches; `reelflow make --review`) the run pauses after
the cut until a person answers in the dashboard; `reelflow make` alone does not pause.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows import artifacts, policy_gate
from flows.limits import ensure_limits, online, uses_gpu
from flows.publish_step import publish_draft
from flows.review import BadEdit, ReviewInput, ShotEdit, apply_edits, ask, edits_of, waiting_elsewhere
from flows.runner import RENDER_WORKERS, FlowRunner, task_timeout
from reelflow.errors import ReelflowError
from reelflow.models import Publication, Storyboard
from reelflow.pipeline import Job, files
from reelflow.pipeline import article as pipeline
from reelflow.settings import load_settings
from reelflow.storage import storage_for
from reelflow.store import Store
from reelflow.store.reviews import DraftRecord, ReviewRecord

__all__ = ["article_to_video"]

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
                             max_seconds=max_seconds, dit={"model": model, "allow_cpu": allow_cpu or None})
    storage = storage_for(settings)
    store = Store(settings.db_url)
    runner = FlowRunner(review=review)
    try:
        job = pipeline.start(article_path, settings, store=store, storage=storage, output=output, runner=runner)
        renders_here = uses_gpu(settings.renderer, settings) and not settings.gpu_pool
        if renders_here or online(settings.speech_engine):
            ensure_limits(settings, gpu=renders_here)
        store.upgrade()
        found = pipeline.draft_for(job, force=force)
        if found is None:
            return Completed(name="Rejected", message="the storyboard was rejected before rendering")
        record, outcome = found
        if not review:
            return files.with_outcome(files.deliver(record.draft, job.out_path), outcome)
        return _review_until_decided(job, runner, record, accounts)
    finally:
        store.dispose()


# -- review and publishing ---------------------------------------------------------------


def _review_until_decided(job: Job, runner: FlowRunner, record: DraftRecord, accounts: list[str] | None) -> Any:
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
                             data=files.with_outcome(record.draft, "rejected", reason=reason))
        if last is not None and last.decision == "revise":
            # Decided (in this run or one that was killed) but not yet made: make the revision now.
            board = apply_edits(board, [ShotEdit.model_validate(e) for e in last.edits])
            version = int(record.draft.metadata.get("version", 1)) + 1
            board_id = store.save_storyboard(store.upsert_article(job.article), board)
            record = pipeline.make_draft(job, board, board_id, version)
            continue
        if last is not None and (waiting := waiting_elsewhere(last)):
            # One draft, one open review, one waiting run: a duplicate of the article (or a re-run)
            # leaves the question with the run that already waits, suspended, for its answer.
            get_run_logger().info("This draft already waits for review in run %s; answer there.", waiting)
            return Completed(name="AwaitingReview", message=f"the draft already waits for review in run {waiting}",
                             data=files.with_outcome(record.draft, "awaiting review", run=waiting))
        holds = policy_gate.check(board, job.article, settings)
        version = int(record.draft.metadata.get("version", 1))
        description = artifacts.review_page(record.draft, board, holds, settings, runner.key(job), version)
        runner.asked += 1
        pending, answer = ask(store, record.id, description, settings, default_accounts, runner.asked)
        if answer is None:
            artifacts.outcome_note(board.title, "unpublished", "No decision came within the review timeout; "
                                   "the draft stays unpublished. Run the article again to ask again.")
            return Completed(name="Unpublished", message="No review decision in time; not published",
                             data=files.with_outcome(record.draft, "unpublished"))
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
        return files.with_outcome(record.draft, "approved")
    published: list[Publication] = []
    failed: list[str] = []
    for account in decision.accounts:
        task = publish_draft.with_options(timeout_seconds=task_timeout(PUBLISH_TIMEOUT))
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
    return files.with_outcome(record.draft, "published",
                         publications=[p.model_dump(mode="json") for p in published])
