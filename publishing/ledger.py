"""Exactly once: every publication goes through a ledger row written before the upload starts.

The row is keyed by an idempotency key, sha256(video hash, platform, account), so the same
clip can reach an account once. Its states: pending → uploading (with the resumable session)
→ processing → published | scheduled | failed (with a reason). One process at a time holds a
row's lease; a crashed holder's lease is taken over when its process is seen to be gone (same
host) or when the lease runs out. A re-run then resumes the recorded session or asks the
platform what became of it; it never starts a second post for a row that has begun one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publishing.accounts import Account, AccountStore, open_account_store
from publishing.auth import TokenAuth
from publishing.base import Job, Outcome, check_limits, file_sha256
from publishing.disclosure import require_disclosure
from publishing.errors import AuthRevoked, Busy, Deferred, PublishError, Rejected
from publishing.http import SECRETS, Api
from publishing.registry import get_publisher
from reelflow.errors import BadInput, ReelflowError
from reelflow.models import Draft, Publication, PublicationRecord
from reelflow.settings import Settings
from reelflow.store import Store

log = logging.getLogger("reelflow.publishing")

DONE = ("published", "scheduled", "failed")


def idempotency_key(draft_key: str, platform: str, account: str) -> str:
    return hashlib.sha256(f"reelflow-publication\0{draft_key}\0{platform}\0{account}".encode()).hexdigest()


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_local_owner(owner: str | None) -> str | None:
    """`owner` if it names a process on this host that no longer exists (it crashed)."""
    if not owner:
        return None
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return owner
    except PermissionError:
        return None
    return None


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        raise BadInput("--at", f"{when.isoformat()} has no time zone; give one, e.g. 2026-12-01T09:00+08:00")
    return when.astimezone(UTC)


def _prepare(draft: Draft, account: str, settings: Settings) -> tuple[Account, AccountStore, Any, Path]:
    store = open_account_store(settings)
    acct = store.get(account)
    publisher = get_publisher(acct.platform)
    video = Path(draft.video_path)
    if not video.is_file():
        raise BadInput(video, "the clip does not exist")
    return acct, store, publisher, video


def _checked(draft: Draft, account: str, settings: Settings
             ) -> tuple[Account, AccountStore, Any, Path, Any, int, str, str]:
    """What publish and its dry run check before anything is sent: the account and platform, the clip's
    AI labels and the platform's limits; with the clip's size, content hash and idempotency key."""
    acct, accounts, publisher, video = _prepare(draft, account, settings)
    disclosure = require_disclosure(video)
    size = video.stat().st_size
    check_limits(publisher.name, publisher.limits(settings), draft, size)
    draft_key = file_sha256(video)
    return acct, accounts, publisher, video, disclosure, size, draft_key, idempotency_key(draft_key, acct.platform,
                                                                                          acct.name)


def publish(draft: Draft, account: str, *, settings: Settings, when: datetime | None = None) -> Publication:
    """Publish `draft` to `account` once; calling again returns or resumes the same publication.

    `when` in the future: platforms that can hold a post (YouTube) get it scheduled; for the
    others the ledger records the time and the publication stays pending until a call at or
    after it. Raises AuthRevoked, Deferred (quota, permissions: the row stays pending and a
    later call resumes), Rejected (the platform refused the clip: the row is failed), Busy,
    or BadInput (the clip has no AI label, is too long/large: refused before any byte).
    """
    when = _utc(when)
    acct, accounts, publisher, video, disclosure, _, draft_key, key = _checked(draft, account, settings)

    with Store(settings.db_url) as store:
        store.upgrade()
        record = store.claim_publication(key=key, draft_key=draft_key, platform=acct.platform, account=acct.name,
                                         video_path=str(video), scheduled_at=when)
        if record.status in DONE:
            log.info("%s: %s on %r is already %s", video.name, acct.platform, acct.name, record.status)
            return record.public()
        owner = _owner()
        lease = settings.publishing.lease_seconds
        leased = store.lease_publication(key, owner, lease, dead_owner=_dead_local_owner(record.owner))
        if leased is None:
            raise Busy(f"{video.name} → {acct.name!r} is being published by another process ({record.owner}); "
                       "run again later")
        try:
            return _run(store, leased, owner, draft, acct, accounts, publisher, disclosure, settings, when)
        finally:
            store.release_publication(key, owner)


def _run(store: Store, record: PublicationRecord, owner: str, draft: Draft, acct: Account, accounts: AccountStore,
         publisher: Any, disclosure: Any, settings: Settings, when: datetime | None) -> Publication:
    lease = settings.publishing.lease_seconds
    key = record.key

    def save(**changes: Any) -> PublicationRecord:
        return store.update_publication(key, owner, lease_seconds=lease, **changes)

    when = when or record.scheduled_at
    now = datetime.now(UTC)
    if when is not None and when > now and not publisher.native_schedule and record.status == "pending":
        waiting = save(scheduled_at=when, reason=f"waiting until {when.isoformat()}: {publisher.name} cannot "
                                                 "schedule posts; call publish again at or after that time")
        return waiting.public()

    refresh_api = Api(settings.publishing)
    auth = None
    if publisher.auth_style is not None:
        auth = TokenAuth(acct, accounts, publisher.oauth(settings), refresh_api, publisher.auth_style)
    api = Api(settings.publishing, auth)
    job = Job(draft=draft, account=acct, settings=settings, record=record, disclosure=disclosure,
              when=when if when is not None and when > now else None, api=api, save=save)
    try:
        outcome: Outcome = publisher.confirm(job) if record.status == "processing" else publisher.publish(job)
    except Deferred as exc:
        _note(job, save, "pending" if not job.record.session else None, str(exc))
        raise
    except Rejected as exc:
        _note(job, save, "failed", str(exc))
        raise
    except BadInput as exc:  # refused on our side before the post began (a creator's limits, settings)
        _note(job, save, "pending" if not job.record.session else None, str(exc))
        raise
    except (AuthRevoked, PublishError) as exc:
        _note(job, save, None, str(exc))
        raise
    finally:
        api.close()
        refresh_api.close()
    final = save(status=outcome.status, remote_id=outcome.remote_id, url=outcome.url,
                 published_at=outcome.published_at or (now if outcome.status == "published" else None),
                 scheduled_at=outcome.scheduled_at or job.record.scheduled_at,
                 reason="; ".join(job.notes) or None)
    log.info("%s: %s on %r: %s %s", Path(draft.video_path).name, acct.platform, acct.name, final.status,
             final.url or final.remote_id or "")
    return final.public()


def _note(job: Job, save: Any, status: str | None, reason: str) -> None:
    changes: dict[str, Any] = {"reason": SECRETS.scrub(reason)}
    if status is not None:
        changes["status"] = status
    try:
        save(**changes)
    except ReelflowError:  # the lease was lost meanwhile; the new holder will write its own
        log.warning("could not record why publication %s stopped", job.record.key[:12])


def preview(draft: Draft, account: str, *, settings: Settings, when: datetime | None = None) -> dict[str, Any]:
    """What publish() would send where (`--dry-run`): no upload, no token use, no ledger change."""
    when = _utc(when)
    acct, _, publisher, video, disclosure, size, draft_key, key = _checked(draft, account, settings)
    with Store(settings.db_url) as store:
        store.upgrade()
        existing = store.get_publication(key)
    record = existing or PublicationRecord(key=key, draft_key=draft_key, platform=acct.platform,
                                           account=acct.name, video_path=str(video), status="pending")
    job = Job(draft=draft, account=acct, settings=settings, record=record, disclosure=disclosure, when=when)
    return {
        "platform": acct.platform,
        "account": acct.name,
        "clip": str(video),
        "bytes": size,
        "ledger": existing.status if existing else "new",
        "key": key,
        "when": when.isoformat() if when else "now",
        "ai_label": disclosure.implicit.get("Label"),
        "request": publisher.plan(job),
    }


def retry_failed_publication(draft: Draft, account: str, *, settings: Settings) -> bool:
    """Let a publication the ledger marks failed be tried again; True if there was one."""
    acct, _, _, video = _prepare(draft, account, settings)
    key = idempotency_key(file_sha256(video), acct.platform, acct.name)
    with Store(settings.db_url) as store:
        store.upgrade()
        record = store.get_publication(key)
        if record is None or record.status != "failed":
            return False
        store.reset_publication(key)
        return True
