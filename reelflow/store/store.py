"""The store: the only code that talks to the database.

Callers pass and get back plain models (and integer ids); ORM rows never leave this
package. Every public method is one short transaction, so a failure part-way through
leaves nothing half-written. The same code runs on SQLite (the default, one file in
the data dir) and PostgreSQL (shared by several workers). The parts, one per aggregate:
content.py (articles, storyboards, shots, renders, drafts), publications.py (the publishing
ledger), reviews.py (review decisions); sessions.py is the plumbing they share.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from reelflow.store.content import ContentStore
from reelflow.store.publications import PublicationStore
from reelflow.store.reviews import ReviewStore
from reelflow.store.sessions import SQLITE_BUSY_SECONDS, make_engine
from reelflow.store.tables import TABLES

__all__ = ["SQLITE_BUSY_SECONDS", "MIGRATIONS", "Store", "make_engine"]

MIGRATIONS = Path(__file__).with_name("migrations")

# alembic.context is a process-wide proxy, so two threads must not run env.py at once;
# other processes are kept apart by the database lock taken in env.py.
_MIGRATE_LOCK = threading.Lock()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


@cache
def _heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(_alembic_config()).get_heads())


class Store(ContentStore, PublicationStore, ReviewStore):
    """Everything reelflow keeps: what was made (content), what was posted (publications), what was decided
    (reviews). Thread-safe: each call checks out its own connection."""

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def upgrade(self) -> None:
        """Bring the schema to the newest migration; a no-op (one query) when it is already there.

        Safe to call from several threads and processes at once: they queue on a lock
        and all but the first find nothing to do.
        """
        try:
            with self._connect(write=False) as conn:
                current = set(MigrationContext.configure(conn).get_current_heads())
            if current == _heads():
                return
            with _MIGRATE_LOCK, self._connect(write=True) as conn:
                config = _alembic_config()
                config.attributes["connection"] = conn
                # "heads": branches added side by side (one per feature) all apply.
                command.upgrade(config, "heads")
        except DBAPIError as exc:
            raise self._fail("migration", exc) from exc

    def counts(self) -> dict[str, int]:
        """Rows per table, keyed by table name; for tests and `reelflow doctor`."""
        with self._session("counting rows", write=False) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in TABLES.values()
            }


