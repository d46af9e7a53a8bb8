"""The store's plumbing: the engine (SQLite or PostgreSQL, set up the way the store relies on) and
one short transaction per call. The parts of the store (content.py, publications.py, reviews.py)
build on it; store.py puts them together.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from reelflow.errors import ReelflowError
from reelflow.store.tables import (
    Base,
)

# How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_SECONDS = 30.0

def _scrub(message: str, url: URL) -> str:
    """First line of a driver message, with the password cut out should a driver echo it."""
    line = (message.strip().splitlines() or ["unknown error"])[0]
    return line.replace(url.password, "***") if url.password else line


def make_engine(url: str | URL) -> Engine:
    """An engine set up the way the store relies on.

    SQLite: the folder is created; WAL lets readers run beside the writer; foreign keys
    are on (they are off by default); writers wait up to SQLITE_BUSY_SECONDS for the
    lock instead of failing; and SQLAlchemy, not the sqlite3 module, emits BEGIN, so DDL
    is transactional and write transactions can take the lock up front (BEGIN IMMEDIATE)
    rather than fail when upgrading a read lock.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        # The text may hold a password, so it is not repeated.
        raise ReelflowError("invalid database URL (expected e.g. sqlite:///path/to/reelflow.db)") from None
    backend = parsed.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
    elif backend == "postgresql":
        kwargs["pool_pre_ping"] = True
        if parsed.get_driver_name() in ("psycopg", "psycopg2"):
            kwargs["connect_args"] = {"connect_timeout": 10}
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        shown = parsed.render_as_string(hide_password=True)
        raise ReelflowError(f"cannot use database {shown}: {_scrub(str(exc), parsed)}") from None
    if backend == "sqlite":
        _sqlite_events(engine)
    return engine


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_SECONDS * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _enable_wal(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _enable_wal(cursor: sqlite3.Cursor) -> None:
    """Switch a database file to WAL, which then sticks to the file.

    Switching needs an exclusive lock and SQLite reports "database is locked" at once,
    without waiting, when another connection is opening the same new file; so retry.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    delay = 0.005
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() in ("wal", "memory"):  # in-memory databases cannot use WAL
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


class Sessions:
    """A database and one short transaction per call: what every part of the store is built on.

    Thread-safe: each call checks out its own connection.
    """

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close pooled connections (SQLite: lets the WAL be checkpointed and the file moved)."""
        self.engine.dispose()

    # -- plumbing ---------------------------------------------------------------------

    def _fail(self, what: str, exc: DBAPIError) -> ReelflowError:
        reason = _scrub(str(exc.orig) if exc.orig is not None else str(exc), self.engine.url)
        return ReelflowError(f"database {self.url}: {what} failed: {reason}")

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        try:
            conn = self.engine.connect()
        except DBAPIError as exc:
            reason = _scrub(str(exc.orig) if exc.orig is not None else str(exc), self.engine.url)
            raise ReelflowError(f"cannot connect to database {self.url}: {reason}") from None
        with conn:
            if not write:
                # Readers need no write lock; only writers queue up on SQLite.
                conn.execution_options(sqlite_begin="DEFERRED")
            yield conn

    @contextmanager
    def _session(self, what: str, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed if the block returns, rolled back if it raises."""
        with self._connect(write=write) as conn:
            try:
                with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                    yield session
            except DBAPIError as exc:
                raise self._fail(what, exc) from exc

    @staticmethod
    def _insert_new(session: Session, model: type[Base], values: dict[str, Any], keys: Sequence[str]) -> int | None:
        """Insert a row and return its id, or None if a row with the same `keys` exists.

        ON CONFLICT DO NOTHING, so a concurrent writer inserting the same row makes this
        return None instead of raising; other errors (foreign keys) still raise.
        """
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:  # pragma: no cover - other databases are not supported, but plain INSERT works
            from sqlalchemy import insert as plain_insert

            return session.execute(plain_insert(model).values(values).returning(model.id)).scalar_one()
        stmt = insert(model).values(values).on_conflict_do_nothing(index_elements=list(keys))
        return session.execute(stmt.returning(model.id)).scalar_one_or_none()

