"""The one small interface every platform implements, and what a publisher gets to work with.

A publisher never talks to the database: it reports progress through `Job.checkpoint`,
which writes the ledger row (and renews the lease) before the next network step, so a
crash at any point leaves the row saying exactly what the platform already has.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from publishing.accounts import Account
from publishing.auth import Style
from publishing.disclosure import Disclosure
from publishing.errors import PublishError, Transient
from publishing.http import Api
from publishing.oauth import OAuthConfig
from reelflow.errors import BadInput
from reelflow.media import probe
from reelflow.models import Draft, PublicationRecord
from reelflow.settings import Settings

AuthStyle = Style  # "bearer", "access-token", or the platform's own signer (publishing/auth.py)

AI_NOTICE = {
    "zh": "【AI生成】本视频的画面与配音均由人工智能生成（AIGC）。",
    "en": "[AI-generated] The pictures and voice in this video were generated with AI.",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_seconds: float | None = None


@dataclass(frozen=True)
class Outcome:
    status: Literal["published", "processing", "scheduled"]
    remote_id: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    scheduled_at: datetime | None = None


@dataclass(frozen=True)
class PostText:
    title: str
    description: str
    tags: list[str]
    language: str
    notice: str
    body: str = ""


def post_text(draft: Draft) -> PostText:
    """Title, description and tags from the draft's metadata, the AI notice always included."""
    meta = draft.metadata
    language = str(meta.get("language") or "zh")
    title = " ".join(str(meta.get("title") or Path(draft.video_path).stem).split())
    notice = AI_NOTICE.get(language, AI_NOTICE["en"])
    body = str(meta.get("description") or title).strip()
    tags = [str(t) for t in meta.get("tags", []) if str(t).strip()] if isinstance(meta.get("tags"), list) else []
    return PostText(title, f"{body}\n\n{notice}", tags, language, notice, body)


def post_fields(job: Job) -> dict[str, Any]:
    """What every post says, for platforms that hand it on as data (folder metadata, webhook body):
    its key, text, and AI disclosure (visible notice, implicit AIGC label, C2PA manifest)."""
    text = post_text(job.draft)
    return {
        "key": job.record.key,
        "title": text.title,
        "description": text.description,
        "tags": text.tags,
        "language": text.language,
        "ai_generated": job.disclosure.ai_generated,
        "ai_notice": text.notice,
        "aigc": job.disclosure.implicit,
        "c2pa": job.disclosure.c2pa,
    }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Job:
    """One publication in progress: the clip, the account, the ledger row and a way to update it."""

    draft: Draft
    account: Account
    settings: Settings
    record: PublicationRecord
    disclosure: Disclosure
    when: datetime | None
    api: Api | None = None
    save: Callable[..., PublicationRecord] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def video(self) -> Path:
        return Path(self.draft.video_path)

    @property
    def size(self) -> int:
        return self.video.stat().st_size

    @property
    def session(self) -> dict[str, Any]:
        return self.record.session

    @property
    def http(self) -> Api:
        if self.api is None:
            raise RuntimeError("this job has no HTTP client (a dry run)")
        return self.api

    def read(self, offset: int, length: int) -> bytes:
        with open(self.video, "rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def checkpoint(self, status: str | None = None, **session: Any) -> None:
        """Record progress in the ledger before taking the next step (also renews the lease)."""
        if self.save is None:
            return
        changes: dict[str, Any] = {"session": {**self.record.session, **session}}
        if status is not None:
            changes["status"] = status
        self.record = self.save(**changes)

    def reset_session(self, status: str = "pending") -> None:
        """Forget an upload the platform no longer knows (an expired session) and start over."""
        if self.save is not None:
            self.record = self.save(status=status, session={})

    def create_once(self, flag: str, what: str, find: Callable[[], str | None],
                    send: Callable[[], dict[str, Any]], key: str, missing: str) -> str:
        """The id (`key`) of what `send` creates, created at most once: `flag` goes into the ledger before
        the first try, and after a lost answer (a crash, a retried timeout) `find` looks for it first."""
        attempt = 0
        while True:
            if self.session.get(flag):
                found = find()
                if found:
                    return found
            else:
                self.checkpoint(**{flag: time.time()})
            try:
                data = send()
            except Transient as exc:
                if attempt >= self.settings.publishing.retries:
                    raise PublishError(f"{exc} (gave up; run the publish again)") from None
                self.http.backoff(attempt, exc.retry_after, what)
                attempt += 1
                continue
            if not data.get(key):
                raise PublishError(missing)
            return str(data[key])

    def poll(self, what: str, check: Callable[[], Outcome | None], fallback: Outcome) -> Outcome:
        """Ask `check` until it has an answer or publishing.poll_timeout_seconds pass (then `fallback`)."""
        deadline = time.monotonic() + self.settings.publishing.poll_timeout_seconds
        while True:
            outcome = check()
            if outcome is not None:
                return outcome
            if time.monotonic() >= deadline:
                self.notes.append(f"{what}: still processing; `reelflow publish` again later confirms it")
                return fallback
            time.sleep(self.settings.publishing.poll_seconds)


class Publisher(Protocol):
    """A platform. Add one = one module with a class like this + one registration line (publishing/registry.py,
    or a plugin's own `registry("platform").add(...)`); its sign-in, token answers and auth style live here."""

    name: str
    native_schedule: bool  # can the platform hold a post until a given time?
    auth_style: AuthStyle | None  # None: no tokens (folder, webhook)

    def oauth(self, settings: Settings) -> OAuthConfig | None:
        """How `accounts add` signs in and how tokens refresh; None when the platform has no OAuth (then it
        has `new_account(name, *, path, url, secret, ask) -> Account`, which `accounts add` calls instead)."""
        ...

    def limits(self, settings: Settings) -> Limits: ...

    def plan(self, job: Job) -> dict[str, Any]:
        """What would be sent, without sending anything (for --dry-run); never includes a secret."""
        ...

    def publish(self, job: Job) -> Outcome:
        """Upload and post, or resume what `job.session` says was started."""
        ...

    def confirm(self, job: Job) -> Outcome:
        """A row left 'processing': ask the platform where the post stands now."""
        ...


def check_limits(name: str, limits: Limits, draft: Draft, size: int) -> None:
    """Refuse a clip the platform would refuse, before a byte is sent, naming the limit.

    The length is measured from the file itself, not taken from the draft's word for it.
    """
    if size > limits.max_bytes:
        raise BadInput(draft.video_path, f"{size:,} bytes is more than {name} accepts "
                                         f"({limits.max_bytes:,} bytes)")
    if limits.max_seconds is not None:
        seconds = max(draft.duration, probe(draft.video_path).duration)
        if seconds > limits.max_seconds:
            raise BadInput(draft.video_path, f"{seconds:.1f} s is longer than {name} accepts "
                                             f"({limits.max_seconds:.0f} s)")
