"""Initial schema: articles, storyboards, shots, renders, drafts.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand to be self-contained (no import of reelflow.store.tables, which will
move on); tests/test_store.py checks that it still matches tables.py.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "'pending', 'running', 'done', 'failed'"
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def status(table: str) -> list[sa.Column | sa.CheckConstraint]:
    return [
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f(f"ck_{table}_status")),
    ]


def timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False),
        *status("articles"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    op.create_index(op.f("ix_articles_content_hash"), "articles", ["content_hash"], unique=True)

    op.create_table(
        "storyboards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("planner", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("data", JSON, nullable=False),
        *status("storyboards"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storyboards")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_storyboards_article_id_articles"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("article_id", "content_hash", name=op.f("uq_storyboards_article_id_content_hash")),
    )
    op.create_index(op.f("ix_storyboards_article_id"), "storyboards", ["article_id"])

    op.create_table(
        "shots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storyboard_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("narration", sa.Text(), nullable=False),
        sa.Column("visual_prompt", sa.Text(), nullable=False),
        sa.Column("camera", sa.String(64), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        *status("shots"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shots")),
        sa.ForeignKeyConstraint(
            ["storyboard_id"], ["storyboards.id"], name=op.f("fk_shots_storyboard_id_storyboards"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("storyboard_id", "index", name=op.f("uq_shots_storyboard_id_index")),
    )

    op.create_table(
        "renders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shot_id", sa.Integer(), nullable=False),
        sa.Column("renderer", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Integer(), nullable=False),
        *status("renders"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renders")),
        sa.ForeignKeyConstraint(["shot_id"], ["shots.id"], name=op.f("fk_renders_shot_id_shots"), ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_renders_shot_id"), "renders", ["shot_id"])
    op.create_index(op.f("ix_renders_content_hash"), "renders", ["content_hash"])

    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storyboard_id", sa.Integer(), nullable=False),
        sa.Column("preset", sa.String(64), nullable=False),
        sa.Column("options_hash", sa.String(64), nullable=False),
        sa.Column("video_path", sa.Text(), nullable=False),
        sa.Column("srt_path", sa.Text(), nullable=False),
        sa.Column("ass_path", sa.Text(), nullable=False),
        sa.Column("thumbnail_path", sa.Text(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("metadata", JSON, nullable=False),
        *status("drafts"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.ForeignKeyConstraint(
            ["storyboard_id"], ["storyboards.id"], name=op.f("fk_drafts_storyboard_id_storyboards"), ondelete="CASCADE"
        ),
    )
    op.create_index(
        op.f("ix_drafts_storyboard_id_preset_options_hash"), "drafts", ["storyboard_id", "preset", "options_hash"]
    )


def downgrade() -> None:
    for table in ("drafts", "renders", "shots", "storyboards", "articles"):
        op.drop_table(table)
