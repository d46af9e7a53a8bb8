"""The store: the only code that talks to the database.

Callers pass and get back plain models (and integer ids); ORM rows never leave this
module. Every public method is one short transaction, so a failure part-way through
leaves nothing half-written. The same code runs on SQLite (the default, one file in
the data dir) and PostgreSQL (shared by several workers).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, func, make_url, or_, select, update
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from reelflow.errors import ReelflowError
from reelflow.models import Article, Draft, PublicationRecord, ShotClip, Storyboard
from reelflow.store.reviews import ReviewStore
from reelflow.store.tables import (
    PUBLICATION_STATUSES,
    STATUSES,
    TABLES,
    ArticleRow,
    Base,
    DraftRow,
    PublicationRow,
    RenderRow,
    ShotRow,
    StoryboardRow,
    utcnow,
)

MIGRATIONS = Path(__file__).with_name("migrations")

# How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_SECONDS = 30.0

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


class Store(ReviewStore):
    """Articles, storyboards, shots, renders and drafts, keyed by content hashes.

    Thread-safe: each call checks out its own connection.
    """

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Store:
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

    # -- schema -----------------------------------------------------------------------

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

    # -- writes -----------------------------------------------------------------------

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
            status=status,
        )
        with self._session("recording a render") as session:
            session.add(row)
            session.flush()
            return row.id

    def record_draft(self, storyboard_id: int, options_hash: str, draft: Draft, status: str = "done") -> int:
        """Remember a finished draft so that `find_draft` can return it next time."""
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

    def counts(self) -> dict[str, int]:
        """Rows per table, keyed by table name; for tests and `reelflow doctor`."""
        with self._session("counting rows", write=False) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in TABLES.values()
            }


    # -- the publishing ledger ---------------------------------------------------------

    def claim_publication(self, *, key: str, draft_key: str, platform: str, account: str, video_path: str,
                          scheduled_at: datetime | None = None) -> PublicationRecord:
        """The ledger row for `key`, inserting a pending one first if there is none.

        Two processes claiming the same key at once end up with the same single row.
        """
        values = {
            "key": key, "draft_key": draft_key, "platform": platform, "account": account,
            "video_path": video_path, "status": "pending", "session": {}, "attempts": 0,
            "scheduled_at": scheduled_at, "created_at": utcnow(), "updated_at": utcnow(),
        }
        with self._session("claiming a publication") as session:
            self._insert_new(session, PublicationRow, values, ["key"])
            row = session.scalars(select(PublicationRow).where(PublicationRow.key == key)).one()
            return _publication(row)

    def get_publication(self, key: str) -> PublicationRecord | None:
        with self._session("reading a publication", write=False) as session:
            row = session.scalars(select(PublicationRow).where(PublicationRow.key == key)).first()
            return _publication(row) if row is not None else None

    def list_publications(self, limit: int = 50) -> list[PublicationRecord]:
        stmt = select(PublicationRow).order_by(PublicationRow.updated_at.desc(), PublicationRow.id.desc()).limit(limit)
        with self._session("listing publications", write=False) as session:
            return [_publication(row) for row in session.scalars(stmt)]

    def lease_publication(self, key: str, owner: str, seconds: float, *, dead_owner: str | None = None
                          ) -> PublicationRecord | None:
        """Take (or renew) the row's lease; None while another live owner holds it.

        A lease is free when nobody holds it, when it has run out, or when its holder is
        `dead_owner` (a process the caller has seen to be gone).
        """
        now = utcnow()
        free = or_(PublicationRow.owner.is_(None), PublicationRow.lease_until < now, PublicationRow.owner == owner)
        if dead_owner:
            free = or_(free, PublicationRow.owner == dead_owner)
        stmt = (
            update(PublicationRow)
            .where(PublicationRow.key == key, free)
            .values(owner=owner, lease_until=now + timedelta(seconds=seconds), updated_at=now,
                    attempts=PublicationRow.attempts + 1)
        )
        with self._session("leasing a publication") as session:
            if session.execute(stmt, execution_options={"synchronize_session": False}).rowcount == 0:  # type: ignore[attr-defined]
                return None
            return _publication(session.scalars(select(PublicationRow).where(PublicationRow.key == key)).one())

    def update_publication(self, key: str, owner: str, *, lease_seconds: float | None = None,
                           **changes: Any) -> PublicationRecord:
        """Record progress on a leased row; raises if `owner` no longer holds the lease.

        `changes` may set status, session, remote_id, url, reason, scheduled_at, published_at.
        """
        allowed = {"status", "session", "remote_id", "url", "reason", "scheduled_at", "published_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))} of a publication")
        if "status" in changes and changes["status"] not in PUBLICATION_STATUSES:
            raise ValueError(f"unknown publication status {changes['status']!r}")
        now = utcnow()
        values: dict[str, Any] = {**changes, "updated_at": now}
        if lease_seconds is not None:
            values["lease_until"] = now + timedelta(seconds=lease_seconds)
        stmt = update(PublicationRow).where(PublicationRow.key == key, PublicationRow.owner == owner).values(values)
        with self._session("recording publication progress") as session:
            if session.execute(stmt, execution_options={"synchronize_session": False}).rowcount == 0:  # type: ignore[attr-defined]
                raise ReelflowError(f"publication {key[:12]}: another process took it over; stopping here")
            return _publication(session.scalars(select(PublicationRow).where(PublicationRow.key == key)).one())

    def release_publication(self, key: str, owner: str) -> None:
        """Give the lease back (a no-op if `owner` no longer holds it)."""
        stmt = (
            update(PublicationRow)
            .where(PublicationRow.key == key, PublicationRow.owner == owner)
            .values(owner=None, lease_until=None, updated_at=utcnow())
        )
        with self._session("releasing a publication") as session:
            session.execute(stmt, execution_options={"synchronize_session": False})

    def reset_publication(self, key: str) -> None:
        """Let a failed publication be tried again (the ledger keeps its key)."""
        stmt = (
            update(PublicationRow)
            .where(PublicationRow.key == key, PublicationRow.status == "failed")
            .values(status="pending", session={}, reason=None, updated_at=utcnow())
        )
        with self._session("resetting a publication") as session:
            session.execute(stmt, execution_options={"synchronize_session": False})


def _is_file(path: str) -> bool:
    return Path(path).is_file()


def _clip(row: RenderRow, index: int) -> ShotClip:
    return ShotClip(index=index, path=row.path, seconds=row.seconds, width=row.width, height=row.height,
                    fps=row.fps, renderer=row.renderer)


def _publication(row: PublicationRow) -> PublicationRecord:
    return PublicationRecord(
        key=row.key, draft_key=row.draft_key, platform=row.platform, account=row.account,
        video_path=row.video_path, status=row.status, session=dict(row.session or {}), remote_id=row.remote_id,
        url=row.url, reason=row.reason, scheduled_at=row.scheduled_at, published_at=row.published_at,
        owner=row.owner, lease_until=row.lease_until, attempts=row.attempts,
    )

def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
