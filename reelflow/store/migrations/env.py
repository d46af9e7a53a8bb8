"""Alembic environment for the store; configured in code, no alembic.ini.

`Store.upgrade()` hands over an open connection in ``config.attributes["connection"]``;
for the `alembic` command line, set ``config.attributes["url"]`` or the
``sqlalchemy.url`` main option. The whole upgrade runs in one transaction that first
takes a database-wide lock, so concurrent upgrades queue up instead of racing to
create the same tables: the second one then finds the schema at head and does nothing.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from reelflow.store.tables import Base

# Any constant works; it only has to be the same for every process migrating this database.
PG_LOCK_KEY = 0x7265656C666C6F77 & 0x7FFFFFFFFFFFFFFF  # b"reelflow"


def lock_for_migration(connection: Connection) -> None:
    """Serialise migrations. Must run inside the migration's transaction."""
    if connection.dialect.name == "postgresql":
        # Released at commit or rollback, so a crashed migrator never leaves it held.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    # SQLite: the store's engine opens every transaction with BEGIN IMMEDIATE, which
    # already holds the database's single write lock until commit.


def run_on(connection: Connection) -> None:
    # Our own transaction, so Alembic treats it as external and runs every statement
    # inside it; with SQLAlchemy emitting BEGIN on SQLite, DDL is transactional there too.
    with connection.begin():
        lock_for_migration(connection)
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


def run_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    from reelflow.store.store import make_engine

    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: set config.attributes['url'] or sqlalchemy.url")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            run_on(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_online()
