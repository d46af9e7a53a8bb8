"""Review decisions and the draft lookups the resumable flow needs; mixed into `Store`.

Kept apart from store.py so that the review step's queries sit together; they use the same
one-transaction-per-call sessions as the rest of the store.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelflow.models import Draft, Storyboard
from reelflow.store.tables import REVIEW_DECISIONS, ArticleRow, DraftRow, ReviewRow, StoryboardRow, utcnow


class ReviewRecord(BaseModel):
    """One question put to a reviewer about one draft, and the answer once there is one."""

    id: int
    draft_id: int
    decision: str = Field(description="pending, approve, reject, revise or timeout.")
    notes: str = ""
    edits: list[dict[str, Any]] = Field(default_factory=list, description="For revise: the shot edits; for "
                                        "approve: the changes to the post, as one {\"post\": {...}} item.")
    accounts: list[str] = Field(default_factory=list)
    publish_at: datetime | None = None
    flow_run_id: str | None = None
    created_at: datetime
    updated_at: datetime


class DraftRecord(BaseModel):
    """A stored draft with the ids the flow needs to carry on from it."""

    id: int
    storyboard_id: int
    draft: Draft


class _Sessions(Protocol):
    def _session(self, what: str, *, write: bool = True) -> AbstractContextManager[Session]: ...


def _review(row: ReviewRow) -> ReviewRecord:
    return ReviewRecord(
        id=row.id, draft_id=row.draft_id, decision=row.decision, notes=row.notes or "", edits=list(row.edits or []),
        accounts=list(row.accounts or []), publish_at=row.publish_at, flow_run_id=row.flow_run_id,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def _video_is_here(draft: Draft) -> bool:
    return Path(draft.video_path).is_file()


def _draft(row: DraftRow) -> Draft:
    return Draft(
        video_path=row.video_path, srt_path=row.srt_path, ass_path=row.ass_path, thumbnail_path=row.thumbnail_path,
        duration=row.duration, preset=row.preset, width=row.width, height=row.height, metadata=row.meta,
    )


class ReviewStore:
    """The review half of `Store`."""

    def find_draft_record(self: _Sessions, source_hash: str, preset: str, options_hash: str,
                          exists: Callable[[Draft], bool] | None = None) -> DraftRecord | None:
        """Like `find_draft`, with the draft's and storyboard's ids: the newest finished draft whose video exists.

        `exists` says whether a draft's files can still be had (default: its video is a local file);
        with shared media storage a draft made on another worker counts too.
        """
        exists = exists or _video_is_here
        stmt = (
            select(DraftRow)
            .join(StoryboardRow, DraftRow.storyboard_id == StoryboardRow.id)
            .join(ArticleRow, StoryboardRow.article_id == ArticleRow.id)
            .where(
                ArticleRow.content_hash == source_hash,
                DraftRow.preset == preset,
                DraftRow.options_hash == options_hash,
                DraftRow.status == "done",
            )
            .order_by(DraftRow.created_at.desc(), DraftRow.id.desc())
        )
        with self._session("looking up a draft", write=False) as session:
            for row in session.scalars(stmt):
                draft = _draft(row)
                if exists(draft):
                    return DraftRecord(id=row.id, storyboard_id=row.storyboard_id, draft=draft)
        return None

    def cuts_of(self: _Sessions, draft_id: int) -> list[DraftRecord]:
        """The cuts made from one render: the draft itself (the first cut) and every finished later cut, in the
        order they were made. A later cut made again (another run) counts once, its newest."""
        stmt = (select(DraftRow).where(DraftRow.parent_id == draft_id, DraftRow.status == "done")
                .order_by(DraftRow.id))
        with self._session("listing a draft's cuts", write=False) as session:
            first = session.get(DraftRow, draft_id)
            if first is None:
                return []
            newest: dict[tuple[str, str], DraftRow] = {}
            for row in session.scalars(stmt):
                newest.pop((row.preset, row.options_hash), None)
                newest[(row.preset, row.options_hash)] = row
            return [DraftRecord(id=row.id, storyboard_id=row.storyboard_id, draft=_draft(row))
                    for row in (first, *newest.values())]

    def set_parent(self: _Sessions, draft_id: int, parent_id: int) -> None:
        """Make a draft a later cut of `parent_id` (a cut found made before, now one of this render's)."""
        with self._session("linking a cut to its render", write=True) as session:
            row = session.get(DraftRow, draft_id)
            if row is not None and draft_id != parent_id:
                row.parent_id = parent_id

    def drafts_of(self: _Sessions, source_hash: str) -> list[Draft]:
        """Every finished draft of this article content (any preset or settings), oldest first."""
        stmt = (
            select(DraftRow)
            .join(StoryboardRow, DraftRow.storyboard_id == StoryboardRow.id)
            .join(ArticleRow, StoryboardRow.article_id == ArticleRow.id)
            .where(ArticleRow.content_hash == source_hash, DraftRow.status == "done")
            .order_by(DraftRow.created_at, DraftRow.id)
        )
        with self._session("listing an article's drafts", write=False) as session:
            return [_draft(row) for row in session.scalars(stmt)]

    def storyboards_of(self: _Sessions, source_hash: str) -> list[tuple[int, Storyboard]]:
        """Every storyboard planned for this article content, newest first, with its id.

        A re-run after a crash carries on with the storyboard it planned before, rather than plan
        again: a planner need not give the same storyboard twice (a language model does not).
        """
        stmt = (
            select(StoryboardRow.id, StoryboardRow.data)
            .join(ArticleRow, StoryboardRow.article_id == ArticleRow.id)
            .where(ArticleRow.content_hash == source_hash)
            .order_by(StoryboardRow.created_at.desc(), StoryboardRow.id.desc())
        )
        with self._session("listing storyboards", write=False) as session:
            return [(board_id, Storyboard.model_validate(data)) for board_id, data in session.execute(stmt)]

    def drafted_articles(self: _Sessions, source_hashes: list[str]) -> set[str]:
        """Which of these article contents already have a finished draft (of any preset)."""
        found: set[str] = set()
        for start in range(0, len(source_hashes), 500):  # keep the IN list small
            chunk = source_hashes[start:start + 500]
            stmt = (
                select(ArticleRow.content_hash)
                .join(StoryboardRow, StoryboardRow.article_id == ArticleRow.id)
                .join(DraftRow, DraftRow.storyboard_id == StoryboardRow.id)
                .where(ArticleRow.content_hash.in_(chunk), DraftRow.status == "done")
                .distinct()
            )
            with self._session("looking up drafted articles", write=False) as session:
                found.update(session.scalars(stmt))
        return found

    def open_review(self: _Sessions, draft_id: int, flow_run_id: str | None, *,
                    waiting: Callable[[str], bool] | None = None) -> ReviewRecord:
        """The pending review of this draft, or a new one; it remembers which run is waiting on it.

        One draft, one open review, one waiting run: when another run is recorded on the pending
        review and `waiting(its id)` says it still waits (the default assumes so), the row is left
        as it is and returned with that run's id, so the caller sees it is not its question to wait
        on. A run that no longer waits (killed during review) is replaced by this one.
        """
        with self._session("opening a review") as session:
            # The draft's row, locked (PostgreSQL; SQLite's write transactions are serial already), so two
            # runs opening a review of one draft at once take turns and the second sees the first's row.
            session.scalars(select(DraftRow.id).where(DraftRow.id == draft_id).with_for_update()).first()
            row = session.scalars(
                select(ReviewRow).where(ReviewRow.draft_id == draft_id).order_by(ReviewRow.id.desc())
            ).first()
            if row is None or row.decision != "pending":
                row = ReviewRow(draft_id=draft_id, decision="pending", notes="", edits=[], accounts=[])
                session.add(row)
            elif row.flow_run_id and flow_run_id and row.flow_run_id != flow_run_id and (
                    waiting is None or waiting(row.flow_run_id)):
                return _review(row)  # someone else waits on this question; nothing changes
            row.flow_run_id = flow_run_id
            row.updated_at = utcnow()
            session.flush()
            return _review(row)

    def decide_review(self: _Sessions, review_id: int, decision: str, *, notes: str = "",
                      edits: list[dict[str, Any]] | None = None, accounts: list[str] | None = None,
                      publish_at: datetime | None = None) -> ReviewRecord:
        """Record the answer to a review (or that none came in time)."""
        if decision not in REVIEW_DECISIONS or decision == "pending":
            raise ValueError(f"unknown review decision {decision!r}")
        with self._session("recording a review decision") as session:
            row = session.get(ReviewRow, review_id)
            if row is None:
                raise LookupError(f"no review with id {review_id}")
            row.decision, row.notes = decision, notes
            row.edits, row.accounts, row.publish_at = list(edits or []), list(accounts or []), publish_at
            row.updated_at = utcnow()
            session.flush()
            return _review(row)

    def latest_review(self: _Sessions, draft_id: int) -> ReviewRecord | None:
        stmt = select(ReviewRow).where(ReviewRow.draft_id == draft_id).order_by(ReviewRow.id.desc())
        with self._session("reading a review", write=False) as session:
            row = session.scalars(stmt).first()
            return _review(row) if row is not None else None

    def list_reviews(self: _Sessions, draft_id: int | None = None) -> list[ReviewRecord]:
        """Reviews, oldest first; all of them or one draft's."""
        stmt = select(ReviewRow).order_by(ReviewRow.id)
        if draft_id is not None:
            stmt = stmt.where(ReviewRow.draft_id == draft_id)
        with self._session("listing reviews", write=False) as session:
            return [_review(row) for row in session.scalars(stmt)]

    def draft_record(self: _Sessions, draft_id: int) -> DraftRecord:
        with self._session("reading a draft", write=False) as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                raise LookupError(f"no draft with id {draft_id}")
            return DraftRecord(id=row.id, storyboard_id=row.storyboard_id, draft=_draft(row))
