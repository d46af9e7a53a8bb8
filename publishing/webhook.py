"""The webhook "platform": the clip's metadata and a link, POSTed to a URL and signed.

The body is signed with HMAC-SHA256 over its exact bytes under the account's signing
secret (header `X-Reelflow-Signature: sha256=<hex>`), and carries an `Idempotency-Key`
header (the publication's key) so a receiver can drop the repeats that retries make.
The body is fixed at the first attempt and kept in the ledger, so every retry sends the
same bytes with the same signature. 429/5xx/timeouts are retried with backoff.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from publishing.accounts import Account
from publishing.base import Job, Limits, Outcome, post_fields
from publishing.errors import Rejected
from publishing.http import short
from publishing.oauth import OAuthConfig
from reelflow.errors import BadInput
from reelflow.settings import Settings

SIGNATURE_HEADER = "X-Reelflow-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def link(settings: Settings, path: str) -> str:
    """Where the receiver can fetch a file: under media_base_url when set, else a file:// URI."""
    file = Path(path).resolve()
    base = settings.publishing.media_base_url
    if base:
        try:
            relative = file.relative_to(settings.data_dir.resolve())
        except ValueError:
            relative = Path(file.name)
        return base.rstrip("/") + "/" + quote(relative.as_posix())
    return file.as_uri()


class Webhook:
    name = "webhook"
    native_schedule = False
    auth_style = None

    def oauth(self, settings: Settings) -> OAuthConfig | None:
        return None

    def new_account(self, name: str, *, url: str | None = None, secret: str | None = None,
                    ask: Callable[[str], str], **_: Any) -> Account:
        """`accounts add webhook --url URL [--secret S]`: where to POST and the HMAC key (asked for if not given)."""
        if not url or not url.startswith(("http://", "https://")):
            raise BadInput("--url", "a webhook account needs --url http(s)://...")
        return Account(name=name, platform=self.name, target=url, signing_secret=secret or ask("Signing secret"))

    def limits(self, settings: Settings) -> Limits:
        return Limits(max_bytes=1 << 62)

    def payload(self, job: Job) -> dict[str, Any]:
        draft = job.draft
        return {
            "event": "reelflow.publication",
            **post_fields(job),
            "video": {"url": link(job.settings, draft.video_path), "sha256": job.record.draft_key,
                      "bytes": job.size, "duration": draft.duration, "width": draft.width, "height": draft.height},
            "thumbnail": link(job.settings, draft.thumbnail_path),
            "subtitles": link(job.settings, draft.srt_path),
            "scheduled_at": job.when.isoformat() if job.when else None,
            "sent_at": datetime.now(UTC).isoformat(),
        }

    def plan(self, job: Job) -> dict[str, Any]:
        return {"url": job.account.target, "headers": [SIGNATURE_HEADER, "Idempotency-Key"],
                "body": self.payload(job)}

    def publish(self, job: Job) -> Outcome:
        url = job.account.target
        secret = job.account.secret("signing_secret")
        if not url or not secret:
            raise BadInput(job.account.name, "this webhook account lacks its URL or signing secret; add it again "
                                             "with --url and --secret")
        body_text = job.session.get("body")
        if body_text is None:
            body_text = json.dumps(self.payload(job), ensure_ascii=False, separators=(",", ":"))
            job.checkpoint("uploading", body=body_text)
        body = body_text.encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(secret, body),
                   "Idempotency-Key": job.record.key}

        def check(response: httpx.Response) -> None:
            if response.status_code >= 300:
                raise Rejected(f"webhook {url}: HTTP {response.status_code}: {short(response.text)}")

        response = job.http.send("POST", url, what=f"webhook {url}", content=body, headers=headers, check=check)
        remote = None
        try:
            answer = response.json()
            if isinstance(answer, dict) and answer.get("id") is not None:
                remote = str(answer["id"])
        except ValueError:
            pass
        return Outcome("published", remote_id=remote or job.record.key[:16], url=url, published_at=datetime.now(UTC))

    def confirm(self, job: Job) -> Outcome:
        return self.publish(job)
