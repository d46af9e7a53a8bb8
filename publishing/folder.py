"""The folder "platform": the clip, its sidecars and a metadata JSON, dropped into a folder at once.

For teams whose last step is their own (a sync client, a NAS, an editor's inbox). Each
publication is one sub-folder, built under a hidden temp name and renamed into place, so a
watcher never sees half of it; its name carries the idempotency key, so a re-run finds it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publishing.accounts import Account
from publishing.base import Job, Limits, Outcome, post_fields, post_text
from publishing.oauth import OAuthConfig
from reelflow.errors import BadInput
from reelflow.settings import Settings

META = "publication.json"


def _slug(text: str) -> str:
    cleaned = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", text, flags=re.UNICODE).strip("-_")
    return cleaned[:40] or "clip"


def _files(job: Job) -> list[Path]:
    draft = job.draft
    video = Path(draft.video_path)
    candidates = [video, Path(draft.srt_path), Path(draft.ass_path), Path(draft.thumbnail_path),
                  video.with_suffix(".json")]
    seen: list[Path] = []
    for path in candidates:
        if path.is_file() and path not in seen:
            seen.append(path)
    return seen


class Folder:
    name = "folder"
    native_schedule = False
    auth_style = None

    def oauth(self, settings: Settings) -> OAuthConfig | None:
        return None

    def new_account(self, name: str, *, path: Path | None = None, ask: Callable[[str], str], **_: Any) -> Account:
        """`accounts add folder --path DIR`: the folder publications go to, made if missing."""
        if path is None:
            raise BadInput("--path", "a folder account needs --path DIR")
        path.mkdir(parents=True, exist_ok=True)
        return Account(name=name, platform=self.name, target=str(path.resolve()))

    def limits(self, settings: Settings) -> Limits:
        return Limits(max_bytes=1 << 62)

    def _target(self, job: Job) -> tuple[Path, str]:
        if not job.account.target:
            raise BadInput(job.account.name, "this folder account has no folder; add it again with --path")
        root = Path(job.account.target)
        name = f"{_slug(post_text(job.draft).title)}-{job.record.key[:12]}"
        return root, name

    def metadata(self, job: Job) -> dict[str, Any]:
        return {
            **post_fields(job),
            "sha256": job.record.draft_key,
            "duration": job.draft.duration,
            "width": job.draft.width,
            "height": job.draft.height,
            "files": [p.name for p in _files(job)],
            "scheduled_at": job.when.isoformat() if job.when else None,
        }

    def plan(self, job: Job) -> dict[str, Any]:
        root, name = self._target(job)
        return {"folder": str(root / name), "metadata": self.metadata(job)}

    def publish(self, job: Job) -> Outcome:
        root, name = self._target(job)
        if not root.is_dir():
            raise BadInput(root, "the account's folder does not exist (create it or add the account again)")
        final = root / name
        found = self._existing(job, final)
        if found is not None:
            return found
        for stale in root.glob(f".{name}.partial-*"):  # a crash left a half-built copy behind
            shutil.rmtree(stale, ignore_errors=True)
        part = root / f".{name}.partial-{uuid.uuid4().hex[:8]}"
        part.mkdir()
        try:
            for path in _files(job):
                shutil.copyfile(path, part / path.name)
            meta = self.metadata(job) | {"published_at": datetime.now(UTC).isoformat()}
            (part / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            for path in part.iterdir():
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
            os.rename(part, final)
        except OSError:
            shutil.rmtree(part, ignore_errors=True)
            found = self._existing(job, final)  # another run got there first
            if found is not None:
                return found
            raise
        return Outcome("published", remote_id=name, url=final.as_uri(), published_at=datetime.now(UTC))

    def _existing(self, job: Job, final: Path) -> Outcome | None:
        meta = final / META
        if not meta.is_file():
            return None
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        if data.get("key") != job.record.key:
            return None
        published = data.get("published_at")
        return Outcome("published", remote_id=final.name, url=final.as_uri(),
                       published_at=datetime.fromisoformat(published) if published else None)

    def confirm(self, job: Job) -> Outcome:
        return self.publish(job)
