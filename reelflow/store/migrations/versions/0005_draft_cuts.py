"""Cuts of one render: a draft's parent (the article's first cut) and the language it speaks.

Revision ID: 0005
Revises: 0001
Create Date: 2026-12-04

Another sibling branching from 0001 (`Store.upgrade()` applies every head). Both columns are nullable:
drafts made before are cuts of their own, in their storyboard's language.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("language", sa.String(8), nullable=True))
        batch.create_foreign_key("fk_drafts_parent_id_drafts", "drafts", ["parent_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_drafts_parent_id", ["parent_id"])


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_index("ix_drafts_parent_id")
        batch.drop_constraint("fk_drafts_parent_id_drafts", type_="foreignkey")
        batch.drop_column("language")
        batch.drop_column("parent_id")
