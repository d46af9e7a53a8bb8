"""Douyin open platform (抖音开放平台): OAuth, video upload (whole or in parts), then create_video.

Requests carry the user's token in the `access-token` header and `open_id` in the query.
1. Small clips: POST {api_url}/api/douyin/v1/video/upload_video/ (multipart `video`) →
   data.video.video_id. Larger ones: init_video_part_upload/ → data.upload_id (into the
   ledger), upload_video_part/?upload_id=…&part_number=N (1-based, multipart `video`) for
   each part (the ledger records the last part acknowledged), complete_video_part_upload/ →
   data.video.video_id. An uploaded video is not a post: nothing is visible until step 2.
2. POST {api_url}/api/douyin/v1/video/create_video/ {video_id, text, …} → data.item_id; the
   post then goes through review (visible only to its author meanwhile). Review is followed
   with POST …/video/video_data/ {item_ids} until is_reviewed.

Assumptions where the public docs are thin:
- create_video documents no AI-content switch; the disclosure goes into the documented
  `text` (the 【AI生成】 notice and #AI生成) and the file's GB 45438-2025 implicit label, which
  platforms in China must read and show.
- When the answer to create_video is lost, the account's video list (GET …/video/video_list/)
  is searched for a post with the same text created since the attempt, before creating again.
- Parts of at least 5 MB except the last; files up to 4 GB; videos up to 15 minutes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from publishing.base import Job, Limits, Outcome, post_text
from publishing.errors import PublishError
from publishing.http import any_json, json_of, raise_coded, short
from publishing.oauth import OAuthConfig, TokenRefused
from reelflow.settings import Settings

log = logging.getLogger("reelflow.publishing")

AUTH_CODES = {2190008, 28001003, 28001008, 10008}
LATER_CODES = {2114007, 28001014, 28001018, 2190004, 2100005}


def _code(data: dict[str, Any]) -> tuple[int, str]:
    inner = data.get("data") if isinstance(data.get("data"), dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    for source in (inner, extra, data):
        for key in ("error_code", "err_no"):
            if source.get(key) not in (None, 0, "0"):
                text = source.get("description") or source.get("err_msg") or extra.get("description") or ""
                return int(source[key]), str(text)
    return 0, ""


def _check(what: str) -> Any:
    def check(response: httpx.Response) -> None:
        data = any_json(response, what)
        code, text = _code(data if isinstance(data, dict) else {})
        if code == 0 and response.status_code < 300:
            return
        message = f"{what}: error {code or response.status_code}: {short(text or response.text, 200)}"
        raise_coded(code, message, response.status_code, auth=AUTH_CODES, later=LATER_CODES)

    return check


def unwrap_token_answer(data: dict[str, Any], what: str) -> dict[str, Any]:
    """Douyin wraps token answers in `data`, with an `error_code` that is 0 when all is well."""
    inner = data.get("data") if isinstance(data.get("data"), dict) else {}
    if inner.get("error_code") not in (0, None):
        raise TokenRefused(f"{what} was refused: {short(str(inner.get('description') or inner), 160)} "
                           f"(error_code {inner.get('error_code')})")
    return inner


class Douyin:
    name = "douyin"
    native_schedule = False
    auth_style = "access-token"

    def oauth(self, settings: Settings) -> OAuthConfig:
        cfg = settings.publishing.douyin
        return OAuthConfig("douyin", cfg.auth_url, cfg.token_url, ("user_info", "video.create.bind", "video.data.bind"),
                           refresh_url=cfg.refresh_url, client_param="client_key", scope_sep=",", pkce=None,
                           unwrap=unwrap_token_answer, refresh_sends_secret=False)

    def limits(self, settings: Settings) -> Limits:
        return Limits(max_bytes=4 * 1024**3, max_seconds=15 * 60)

    def text(self, job: Job) -> str:
        text = post_text(job.draft)
        tags = " ".join(f"#{t}" for t in dict.fromkeys(["AI生成", *text.tags]))
        return f"{text.title} {tags}\n{text.notice}"[:1000]

    def plan(self, job: Job) -> dict[str, Any]:
        cfg = job.settings.publishing.douyin
        parts = 1 if job.size <= cfg.direct_upload_bytes else -(-job.size // cfg.chunk_bytes)
        return {"upload": "upload_video" if parts == 1 else f"{parts} parts",
                "create_video": {"video_id": "<from the upload>", "text": self.text(job)}}

    def _url(self, job: Job, name: str) -> str:
        return f"{job.settings.publishing.douyin.api_url}/api/douyin/v1/video/{name}/"

    def _call(self, job: Job, method: str, name: str, what: str, params: dict[str, Any] | None = None,
              **kwargs: Any) -> dict[str, Any]:
        query = {"open_id": job.account.open_id or "", **(params or {})}
        response = job.http.send(method, self._url(job, name), what=what, params=query, check=_check(what), **kwargs)
        data = json_of(response, what).get("data")
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _video_id(data: dict[str, Any], what: str) -> str:
        video = data.get("video") if isinstance(data.get("video"), dict) else {}
        video_id = video.get("video_id") or data.get("video_id")
        if not video_id:
            raise PublishError(f"{what}: no video_id in the answer")
        return str(video_id)

    def publish(self, job: Job) -> Outcome:
        if not job.account.open_id:
            raise PublishError(f"douyin account {job.account.name!r} has no open_id; add it again")
        if not job.session.get("video_id"):
            job.checkpoint(video_id=self._upload(job))
        item = job.session.get("item_id") or self._create(job)
        job.checkpoint("processing", item_id=str(item))
        return self.confirm(job)

    def _create(self, job: Job) -> str:
        """create_video, never twice: after a lost answer, look for the post before trying again."""
        what = "douyin: creating the post"
        return job.create_once(
            "creating", what, lambda: self._find_post(job),
            lambda: self._call(job, "POST", "create_video", what, retry=False,
                               json={"video_id": job.session["video_id"], "text": self.text(job)}),
            "item_id", "douyin: create_video answered without an item_id")

    def _upload(self, job: Job) -> str:
        cfg = job.settings.publishing.douyin
        size, name = job.size, Path(job.draft.video_path).name
        if size <= cfg.direct_upload_bytes:
            job.checkpoint("uploading")
            what = "douyin: uploading the video"
            data = self._call(job, "POST", "upload_video", what,
                              files={"video": (name, job.read(0, size), "video/mp4")})
            return self._video_id(data, what)
        if not job.session.get("upload_id"):
            data = self._call(job, "POST", "init_video_part_upload", "douyin: starting a part upload", json={})
            if not data.get("upload_id"):
                raise PublishError("douyin: init_video_part_upload answered without an upload_id")
            job.checkpoint("uploading", upload_id=data["upload_id"], part_size=cfg.chunk_bytes, parts_done=0)
        upload_id, part = job.session["upload_id"], int(job.session["part_size"])
        count = -(-size // part)
        done = int(job.session.get("parts_done", 0))
        if done:
            log.info("douyin: resuming the upload at part %d of %d", done + 1, count)
        for number in range(done + 1, count + 1):
            start = (number - 1) * part
            chunk = job.read(start, min(part, size - start))
            self._call(job, "POST", "upload_video_part", f"douyin: sending part {number} of {count}",
                       params={"upload_id": upload_id, "part_number": number},
                       files={"video": (name, chunk, "video/mp4")})
            job.checkpoint(parts_done=number)
        what = "douyin: completing the part upload"
        return self._video_id(self._call(job, "POST", "complete_video_part_upload", what,
                                         params={"upload_id": upload_id}, json={}), what)

    def _find_post(self, job: Job) -> str | None:
        """After a lost create_video answer: the post it may have made, by text and time."""
        since = float(job.session.get("creating", 0)) - 120
        wanted = self.text(job)
        data = self._call(job, "GET", "video_list", "douyin: listing the account's posts", params={"cursor": 0,
                                                                                                  "count": 10})
        for item in data.get("list") or []:
            if item.get("title") == wanted and float(item.get("create_time") or 0) >= since and item.get("item_id"):
                log.info("douyin: the earlier post had gone through; not creating it again")
                return str(item["item_id"])
        return None

    def confirm(self, job: Job) -> Outcome:
        item = str(job.session["item_id"])

        def check() -> Outcome | None:
            data = self._call(job, "POST", "video_data", "douyin: checking the review", json={"item_ids": [item]})
            for entry in data.get("list") or []:
                if entry.get("item_id") != item:
                    continue
                if entry.get("is_reviewed"):
                    url = entry.get("share_url") or None
                    return Outcome("published", item, url, published_at=datetime.now(UTC))
            return None

        return job.poll("douyin: review", check, Outcome("processing", item))
