"""The database schema as SQLAlchemy declarative tables; private to `reelflow.store`.

Migration 0001 creates exactly these tables (a test diffs the two), so a change here
needs a new migration. Only the store imports this module: everything else sees the
plain pydantic models.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("pending", "running", "done", "failed")

# Explicit constraint names, so that the migration, autogenerate and both databases agree.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    SQLite stores no offset and PostgreSQL returns the session's zone; this normalises
    both so that comparisons and sorting never mix naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# JSON on SQLite, JSONB (indexable, compact) on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")


def status_column(default: str = "pending") -> Mapped[str]:
    """A VARCHAR with a CHECK constraint rather than a native enum: adding a state needs no ALTER TYPE."""
    return mapped_column(
        Enum(*STATUSES, name="status", native_enum=False, create_constraint=True, length=16),
        default=default,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ArticleRow(Timestamped, Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    encoding: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = status_column()


class StoryboardRow(Timestamped, Base):
    __tablename__ = "storyboards"
    # Unique so that two workers saving the same storyboard end up with one row.
    __table_args__ = (UniqueConstraint("article_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    planner: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = status_column()


class ShotRow(Timestamped, Base):
    __tablename__ = "shots"
    __table_args__ = (UniqueConstraint("storyboard_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    storyboard_id: Mapped[int] = mapped_column(ForeignKey("storyboards.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    narration: Mapped[str] = mapped_column(Text)
    visual_prompt: Mapped[str] = mapped_column(Text)
    camera: Mapped[str] = mapped_column(String(64))
    seconds: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = status_column()


class RenderRow(Timestamped, Base):
    __tablename__ = "renders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shot_id: Mapped[int] = mapped_column(ForeignKey("shots.id", ondelete="CASCADE"), index=True)
    renderer: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    seconds: Mapped[float] = mapped_column(Float)
    # Kept so that a cache hit can be handed back as a complete ShotClip.
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    fps: Mapped[int] = mapped_column(Integer)
    # Attribution of a picture that is someone else's work (stock), and why better sources were passed over.
    credit: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    fallbacks: Mapped[list[str] | None] = mapped_column(JSONType, nullable=True)
    status: Mapped[str] = status_column()


class DraftRow(Timestamped, Base):
    __tablename__ = "drafts"
    __table_args__ = (Index(None, "storyboard_id", "preset", "options_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    storyboard_id: Mapped[int] = mapped_column(ForeignKey("storyboards.id", ondelete="CASCADE"))
    preset: Mapped[str] = mapped_column(String(64))
    options_hash: Mapped[str] = mapped_column(String(64))
    video_path: Mapped[str] = mapped_column(Text)
    srt_path: Mapped[str] = mapped_column(Text)
    # ass_path, width and height too, so that a cache hit is a complete Draft.
    ass_path: Mapped[str] = mapped_column(Text)
    thumbnail_path: Mapped[str] = mapped_column(Text)
    duration: Mapped[float] = mapped_column(Float)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    # `metadata` is reserved on declarative classes; the column keeps the plain name.
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType)
    status: Mapped[str] = status_column()
    # Cuts of one render (several presets or languages): each later cut points at the article's first.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True,
                                                 nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)



PUBLICATION_STATUSES = ("pending", "uploading", "processing", "scheduled", "published", "failed")


class PublicationRow(Timestamped, Base):
    """The publishing ledger: one row per (video, account), written before the first byte is sent.

    `session` holds what a resumed upload needs (a resumable session URI, an upload id,
    the bytes the platform acknowledged), never a token. `owner`/`lease_until` let one
    process at a time work on a row; a crashed owner's lease runs out or is seen to be dead.
    """

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("draft_key", "account"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    draft_key: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(String(128))
    video_path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        Enum(*PUBLICATION_STATUSES, name="status", native_enum=False, create_constraint=True, length=16),
        default="pending",
    )
    session: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    remote_id: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    owner: Mapped[str | None] = mapped_column(String(255))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)

TABLES: dict[str, type[Base]] = {
    "article": ArticleRow,
    "storyboard": StoryboardRow,
    "shot": ShotRow,
    "render": RenderRow,
    "draft": DraftRow,
}


REVIEW_DECISIONS = ("pending", "approve", "reject", "revise", "timeout")


class ReviewRow(Timestamped, Base):
    """A person's decision on a draft (migration 0003). A draft gets one row per time it is asked about;
    `pending` while the run waits, so a run killed during review asks again rather than guessing."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(
        Enum(*REVIEW_DECISIONS, name="decision", native_enum=False, create_constraint=True, length=16),
        default="pending",
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    edits: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    accounts: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
