"""Articles, storyboards, shots, renders and drafts, keyed by content hashes: what the pipeline makes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from reelflow.errors import ReelflowError
from reelflow.models import Article, Credit, Draft, ShotClip, Storyboard
from reelflow.store.sessions import Sessions
from reelflow.store.tables import STATUSES, TABLES, ArticleRow, DraftRow, RenderRow, ShotRow, StoryboardRow, utcnow


class ContentStore(Sessions):
    def upsert_article(self, article: Article) -> int:
        """The id of the article with this content hash, inserting it or updating its path and title."""
        values = {
            "source_path": article.source_path,
            "content_hash": article.source_hash,
            "title": article.title,
            "language": article.language,
            "encoding": article.encoding,
        }
        with self._session("saving an article") as session:
            for _ in range(2):  # the second pass only runs after losing an insert race
                row = session.scalars(select(ArticleRow).where(ArticleRow.content_hash == article.source_hash)).first()
                if row is not None:
                    if (row.source_path, row.title) != (article.source_path, article.title):
                        row.source_path, row.title = article.source_path, article.title
                    return row.id
                new_id = self._insert_new(session, ArticleRow, values, ["content_hash"])
                if new_id is not None:
                    return new_id
        raise ReelflowError(f"database {self.url}: article {article.source_hash[:12]} vanished while saving")

    def save_storyboard(self, article_id: int, storyboard: Storyboard) -> int:
        """Store a storyboard and its shots; the same storyboard for the same article is stored once."""
        digest = storyboard.hash()
        values = {
            "article_id": article_id,
            "planner": storyboard.planner,
            "content_hash": digest,
            "data": storyboard.model_dump(mode="json"),
        }
        with self._session("saving a storyboard") as session:
            storyboard_id = self._insert_new(session, StoryboardRow, values, ["article_id", "content_hash"])
            if storyboard_id is None:
                return session.scalars(
                    select(StoryboardRow.id).where(
                        StoryboardRow.article_id == article_id, StoryboardRow.content_hash == digest
                    )
                ).one()
            session.add_all(
                ShotRow(
                    storyboard_id=storyboard_id,
                    index=shot.index,
                    narration=shot.narration,
                    visual_prompt=shot.visual_prompt,
                    camera=shot.camera,
                    seconds=shot.seconds,
                )
                for shot in storyboard.shots
            )
            return storyboard_id

    def record_render(self, shot_id: int, renderer: str, content_hash: str, clip: ShotClip,
                      status: str = "done") -> int:
        """Remember a rendered clip so that the same inputs are not rendered again."""
        _check_status(status)
        row = RenderRow(
            shot_id=shot_id,
            renderer=renderer,
            content_hash=content_hash,
            path=clip.path,
            seconds=clip.seconds,
            width=clip.width,
            height=clip.height,
            fps=clip.fps,
            credit=clip.credit.model_dump(mode="json") if clip.credit else None,
            fallbacks=list(clip.fallbacks) or None,
            status=status,
        )
        with self._session("recording a render") as session:
            session.add(row)
            session.flush()
            return row.id

    def record_draft(self, storyboard_id: int, options_hash: str, draft: Draft, status: str = "done", *,
                     parent_id: int | None = None, language: str | None = None) -> int:
        """Remember a finished draft so that `find_draft` can return it next time; a later cut of one render
        names the article's first cut as its `parent_id`."""
        _check_status(status)
        row = DraftRow(
            storyboard_id=storyboard_id,
            preset=draft.preset,
            options_hash=options_hash,
            video_path=draft.video_path,
            srt_path=draft.srt_path,
            ass_path=draft.ass_path,
            thumbnail_path=draft.thumbnail_path,
            duration=draft.duration,
            width=draft.width,
            height=draft.height,
            meta=draft.metadata,
            status=status,
            parent_id=parent_id,
            language=language,
        )
        with self._session("recording a draft") as session:
            session.add(row)
            session.flush()
            return row.id

    def set_status(self, kind: str, id: int, status: str) -> None:
        """Set the status of one row; `kind` is article, storyboard, shot, render or draft."""
        model = TABLES.get(kind)
        if model is None:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(TABLES)}")
        _check_status(status)
        with self._session(f"setting the status of {kind} {id}") as session:
            result = session.execute(
                update(model).where(model.id == id).values(status=status, updated_at=utcnow()),
                execution_options={"synchronize_session": False},
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise LookupError(f"no {kind} with id {id}")

    # -- reads ------------------------------------------------------------------------

    def find_draft(self, source_hash: str, preset: str, options_hash: str) -> Draft | None:
        """The newest finished draft of this article content, preset and options whose video still exists."""
        record = self.find_draft_record(source_hash, preset, options_hash)
        return record.draft if record is not None else None

    def find_render(self, content_hash: str, exists: Callable[[str], bool] | None = None) -> ShotClip | None:
        """The newest finished render with this content hash whose file still exists.

        `exists` says whether a recorded path is still there (default: a local file); the media
        storage passes its own, since a path may be a URL in shared storage.
        """
        exists = exists or _is_file
        stmt = (
            select(RenderRow, ShotRow.index)
            .join(ShotRow, RenderRow.shot_id == ShotRow.id)
            .where(RenderRow.content_hash == content_hash, RenderRow.status == "done")
            .order_by(RenderRow.created_at.desc(), RenderRow.id.desc())
        )
        with self._session("looking up a render", write=False) as session:
            for row, index in session.execute(stmt):
                if exists(row.path):
                    return _clip(row, index)
        return None

    def renders_of(self, shot_ids: Sequence[int]) -> dict[int, ShotClip]:
        """Shot id → its newest finished render, for the shots that have one (made by any worker)."""
        stmt = (
            select(RenderRow, ShotRow.index)
            .join(ShotRow, RenderRow.shot_id == ShotRow.id)
            .where(RenderRow.shot_id.in_(list(shot_ids)), RenderRow.status == "done")
            .order_by(RenderRow.created_at, RenderRow.id)
        )
        with self._session("reading renders", write=False) as session:
            return {row.shot_id: _clip(row, index) for row, index in session.execute(stmt)}

    def shot_ids(self, storyboard_id: int) -> dict[int, int]:
        """Shot index → shot id, for recording renders against the right rows."""
        stmt = select(ShotRow.index, ShotRow.id).where(ShotRow.storyboard_id == storyboard_id)
        with self._session("listing shots", write=False) as session:
            return {index: shot_id for index, shot_id in session.execute(stmt)}

    def get_storyboard(self, storyboard_id: int) -> Storyboard:
        with self._session("reading a storyboard", write=False) as session:
            data = session.scalars(select(StoryboardRow.data).where(StoryboardRow.id == storyboard_id)).first()
        if data is None:
            raise LookupError(f"no storyboard with id {storyboard_id}")
        return Storyboard.model_validate(data)

    def list_drafts(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest drafts with their article titles, for `reelflow list`."""
        stmt = (
            select(
                DraftRow.id,
                ArticleRow.title,
                DraftRow.preset,
                DraftRow.video_path.label("path"),
                DraftRow.created_at,
                DraftRow.status,
            )
            .join(StoryboardRow, DraftRow.storyboard_id == StoryboardRow.id)
            .join(ArticleRow, StoryboardRow.article_id == ArticleRow.id)
            .order_by(DraftRow.created_at.desc(), DraftRow.id.desc())
            .limit(limit)
        )
        with self._session("listing drafts", write=False) as session:
            return [dict(row._mapping) for row in session.execute(stmt)]



def _is_file(path: str) -> bool:
    return Path(path).is_file()


def _clip(row: RenderRow, index: int) -> ShotClip:
    return ShotClip(index=index, path=row.path, seconds=row.seconds, width=row.width, height=row.height,
                    fps=row.fps, renderer=row.renderer, fallbacks=list(row.fallbacks or []),
                    credit=Credit.model_validate(row.credit) if row.credit else None)


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
