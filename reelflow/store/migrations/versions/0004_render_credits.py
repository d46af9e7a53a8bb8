"""Where each render's picture came from: the stock item's attribution, and why better sources were passed over.

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-04

Another sibling of 0002 and 0003 (all branch from 0001; `Store.upgrade()` applies every head).
Both columns are nullable: renders made before keep working and simply have no credit.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("renders") as batch:
        batch.add_column(sa.Column("credit", JSON, nullable=True))
        batch.add_column(sa.Column("fallbacks", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("renders") as batch:
        batch.drop_column("fallbacks")
        batch.drop_column("credit")
