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
from flows.review import (
    BadEdit,
    ReviewInput,
    ShotEdit,
    apply_edits,
    ask,
    edits_of,
    post_changes,
    stored_post_changes,
    waiting_elsewhere,
)
from flows.runner import RENDER_WORKERS, FlowRunner, task_timeout
from reelflow.errors import BadInput, ReelflowError
from reelflow.models import Draft, Publication, Storyboard
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
    presets: list[str] | None = None,
    languages: list[str] | None = None,
) -> Any:
    """Turn one article into one finished, labelled clip; with `review`, wait for a person, then publish.

    With `presets` and/or `languages`, one render is cut into every shape × language; one review covers
    them all, and each account gets the cut it takes."""
    settings = load_settings(preset=presets[0] if presets else preset, presets=presets, languages=languages,
                             language=languages[0] if languages else None, planner=planner, renderer=renderer,
                             voice=voice, max_seconds=max_seconds, dit={"model": model, "allow_cpu": allow_cpu or None})
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
        later = _later_cut_jobs(job, article_path, runner)
        if not review:
            first = files.with_outcome(files.deliver(record.draft, job.out_path), outcome)
            drafts = [first]
            for cut_job in later:
                cut_job.parent = record.id
                made = pipeline.draft_for(cut_job, force=force)
                if made is not None:
                    drafts.append(files.deliver(made[0].draft, cut_job.out_path))
            return files.list_all(drafts)[0]
        return _review_until_decided(job, runner, record, accounts, later)
    finally:
        store.dispose()


def _later_cut_jobs(job: Job, article_path: str, runner: FlowRunner) -> list[Job]:
    """The render's other cuts (each further preset × language), as jobs sharing the first cut's store."""
    s = job.settings
    names = list(dict.fromkeys(s.presets)) or [s.preset]
    languages = list(dict.fromkeys(s.languages)) or [job.language]
    cuts = [(language, name) for language in languages for name in names][1:]
    return [pipeline.start(article_path, s.model_copy(update={"preset": name, "language": language}),
                           store=job.store, storage=job.storage, output=None, runner=runner)
            for language, name in cuts]


def _cuts_of(first: DraftRecord, later: list[Job], board: Storyboard, board_id: int, version: int,
             make: bool) -> list[DraftRecord]:
    """Every cut of the render whose first cut is `first`: found, or (`make`) made from `board` as `version`."""
    records = [first]
    for cut_job in later:
        cut_job.parent = first.id
        if make:
            records.append(pipeline.make_draft(cut_job, board, board_id, version))
        else:
            found = pipeline.draft_for(cut_job)
            if found is not None:
                records.append(found[0])
    return records


# -- review and publishing ---------------------------------------------------------------


def _review_until_decided(job: Job, runner: FlowRunner, record: DraftRecord, accounts: list[str] | None,
                          later: list[Job]) -> Any:
    """Ask about the draft (all its cuts) until it is approved (then publish), rejected, or left unanswered."""
    store, settings = job.store, job.settings
    board = store.get_storyboard(record.storyboard_id)
    previous = _previous_board(job, record)
    default_accounts = list(accounts if accounts is not None else settings.publish_accounts)
    version = int(record.draft.metadata.get("version", 1))
    cuts = _cuts_of(record, later, board, record.storyboard_id, version, make=False)
    choices = _existing_accounts(settings)
    problem: str | None = None
    while True:
        last = store.latest_review(record.id)
        if last is not None and last.decision == "approve":
            return _publish(job, cuts, board, last)
        if last is not None and last.decision == "reject":
            reason = last.notes or "no reason given"
            artifacts.outcome_note(board.title, "rejected", reason)
            return Completed(name="Rejected", message=f"Rejected: {reason}",
                             data=files.with_outcome(record.draft, "rejected", reason=reason))
        if last is not None and last.decision == "revise":
            # Decided (in this run or one that was killed) but not yet made: make the revision now.
            previous, board = board, apply_edits(board, [ShotEdit.model_validate(e) for e in last.edits])
            version = int(record.draft.metadata.get("version", 1)) + 1
            board_id = store.save_storyboard(store.upsert_article(job.article), board)
            record = pipeline.make_draft(job, board, board_id, version)
            cuts = _cuts_of(record, later, board, board_id, version, make=True)  # each cut re-made, shots reused
            continue
        if last is not None and (waiting := waiting_elsewhere(last)):
            # One draft, one open review, one waiting run: a duplicate of the article (or a re-run)
            # leaves the question with the run that already waits, suspended, for its answer.
            get_run_logger().info("This draft already waits for review in run %s; answer there.", waiting)
            return Completed(name="AwaitingReview", message=f"the draft already waits for review in run {waiting}",
                             data=files.with_outcome(record.draft, "awaiting review", run=waiting))
        holds = policy_gate.check(board, job.article, settings)
        version = int(record.draft.metadata.get("version", 1))
        description = artifacts.review_page(record.draft, board, holds, settings, runner.key(job), version,
                                            previous=previous, problem=problem, cuts=[c.draft for c in cuts])
        pending, answer = ask(store, record.id, description, settings, default_accounts, runner.asked_about, choices)
        if answer is None:
            artifacts.outcome_note(board.title, "unpublished", "No decision came within the review timeout; "
                                   "the draft stays unpublished. Run the article again to ask again.")
            return Completed(name="Unpublished", message="No review decision in time; not published",
                             data=files.with_outcome(record.draft, "unpublished"))
        problem = _record_answer(job, pending, answer, board, default_accounts)


def _previous_board(job: Job, record: DraftRecord) -> Storyboard | None:
    """The storyboard of the version before this draft (None for v1), to mark what the revision changed.

    Read from the store, so that a run started again after a suspension marks the same shots."""
    version = int(record.draft.metadata.get("version", 1))
    if version <= 1:
        return None
    wanted = next((d.metadata.get("storyboard_hash") for d in job.store.drafts_of(job.article.source_hash)
                   if d.preset == record.draft.preset and int(d.metadata.get("version", 1)) == version - 1), None)
    return next((b for _, b in job.store.storyboards_of(job.article.source_hash) if b.hash() == wanted), None)


def _existing_accounts(settings: Any) -> list[str]:
    """The names of the accounts there are to publish to, for the form to offer; none if they cannot be read."""
    try:
        from publishing.accounts import open_account_store

        return [a.name for a in open_account_store(settings).list()]
    except Exception as exc:  # noqa: BLE001 - the form then takes names as text
        get_run_logger().info("The form takes account names as text: the accounts could not be listed (%s).",
                              type(exc).__name__)
        return []


def _record_answer(job: Job, pending: ReviewRecord, answer: ReviewInput, board: Storyboard,
                   default_accounts: list[str]) -> str | None:
    """Store the reviewer's answer; an answer that cannot be applied is not stored, and its reason is
    returned, for the next form to say at its top."""
    accounts = answer.accounts or default_accounts
    post, when = None, None
    try:
        if answer.decision == "revise":
            revised = apply_edits(board, answer.shots)
            for language in job.languages:  # every cut speaks the new lines: each needs its translation now
                if language != revised.language:
                    try:
                        pipeline.translated(job, revised, language)
                    except BadInput as exc:
                        raise BadEdit(f"the revised lines need a translation: {exc}") from None
        elif answer.decision == "approve":
            post, when = post_changes(answer, accounts)
        elif answer.decision == "reject" and not answer.notes.strip():
            raise BadEdit("reject needs a reason in notes")
    except BadEdit as exc:
        get_run_logger().warning("The answer was not applied: %s; asking again.", exc)
        artifacts.outcome_note(board.title, "answer not applied", f"{exc}. Please answer again.")
        return str(exc)
    job.store.decide_review(pending.id, answer.decision, notes=answer.notes, edits=edits_of(answer, post),
                            accounts=accounts, publish_at=when)
    return None


def _publish(job: Job, cuts: list[DraftRecord], board: Storyboard, decision: ReviewRecord) -> Any:
    """Each approved account gets the cut it takes (its preset and language), exactly once."""
    record = cuts[0]
    logger = get_run_logger()
    if not decision.accounts:
        logger.warning("Approved, but no account to publish to (set publish_accounts or name one in the form).")
        artifacts.outcome_note(board.title, "approved", "No account was named, so nothing was published.")
        return files.with_outcome(record.draft, "approved")
    published: list[Publication] = []
    failed: list[str] = []
    post = stored_post_changes(decision.edits)  # title/text/tags to the cuts in their language; times per account
    for account in decision.accounts:
        task = publish_draft.with_options(timeout_seconds=task_timeout(PUBLISH_TIMEOUT))
        cut = _cut_for(job, cuts, account)
        draft = cut.model_copy(update={"metadata": post.apply(cut.metadata)})
        state = task(draft, account, post.times.get(account, decision.publish_at), return_state=True)
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


def _cut_for(job: Job, cuts: list[DraftRecord], account: str) -> Draft:
    """The cut an account takes; with one cut, that cut (the account need not exist until publishing)."""
    if len(cuts) == 1:
        return cuts[0].draft
    from publishing.accounts import open_account_store
    from publishing.routing import cut_for

    return cut_for([c.draft for c in cuts], open_account_store(job.settings).get(account))
