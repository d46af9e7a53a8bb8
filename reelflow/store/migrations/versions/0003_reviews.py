"""Review decisions on drafts: approve, reject, revise (with the shot edits), or no answer in time.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26

A sibling of 0002 (publications): both branch from 0001 and `Store.upgrade()` applies all
heads. Written by hand and self-contained, like 0001; tests/test_store.py checks that the
migrated schema matches tables.py.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECISIONS = "'pending', 'approve', 'reject', 'revise', 'timeout'"
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("edits", JSON, nullable=False),
        sa.Column("accounts", JSON, nullable=False),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("flow_run_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"decision IN ({DECISIONS})", name=op.f("ck_reviews_decision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_reviews_draft_id_drafts"),
                                ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_reviews_draft_id"), "reviews", ["draft_id"])


def downgrade() -> None:
    op.drop_table("reviews")
