"""The publishing ledger's rows: one per clip × account, claimed before the first byte goes out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from reelflow.errors import ReelflowError
from reelflow.models import PublicationRecord
from reelflow.store.sessions import Sessions
from reelflow.store.tables import PUBLICATION_STATUSES, PublicationRow, utcnow


class PublicationStore(Sessions):
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




def _publication(row: PublicationRow) -> PublicationRecord:
    return PublicationRecord(
        key=row.key, draft_key=row.draft_key, platform=row.platform, account=row.account,
        video_path=row.video_path, status=row.status, session=dict(row.session or {}), remote_id=row.remote_id,
        url=row.url, reason=row.reason, scheduled_at=row.scheduled_at, published_at=row.published_at,
        owner=row.owner, lease_until=row.lease_until, attempts=row.attempts,
    )
