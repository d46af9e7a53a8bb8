"""TikTok Content Posting API: creator info, video/init with FILE_UPLOAD, chunked PUTs, status polling.

1. POST /v2/post/publish/creator_info/query/ — asked before every post, as TikTok requires:
   the privacy options the creator allows and the longest video they may post.
2. POST /v2/post/publish/video/init/ (direct post; `post_info` carries `is_aigc: true`, which
   labels the post "Creator labeled as AI-generated") or /v2/post/publish/inbox/video/init/
   (upload to the creator's inbox; the creator finishes the post, and the AI label, in the app)
   → publish_id and upload_url (valid one hour). Both go into the ledger before the first PUT.
3. PUT the chunks to upload_url in order, `Content-Range: bytes A-B/TOTAL`; 206 = more wanted,
   201 = all there. Chunk rules (media transfer guide): chunks of 5–64 MB, the last one may be
   larger (up to 128 MB) to take the trailing bytes, total_chunk_count = floor(size / chunk),
   at most 1000 chunks; a video under 5 MB (and any up to 64 MB) may go as one chunk.
4. POST /v2/post/publish/status/fetch/ until PUBLISH_COMPLETE, SEND_TO_USER_INBOX or FAILED.
   After a failure mid-upload the status's `uploaded_bytes` says where to go on from; after a
   crash the ledger's publish_id is asked the same, so no second post is started.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

import httpx

from publishing.base import Job, Limits, Outcome, post_text
from publishing.errors import Deferred, PublishError, Rejected, Transient, Unauthorized
from publishing.http import json_of, short
from publishing.oauth import OAuthConfig
from reelflow.errors import BadInput
from reelflow.settings import Settings

log = logging.getLogger("reelflow.publishing")

MIN_CHUNK = 5 * 1024 * 1024
MAX_CHUNK = 64_000_000  # "64 MB" read as the smaller of the two meanings, so both are met
MAX_LAST = 128_000_000
MAX_CHUNKS = 1000
URL_LIFETIME = 55 * 60  # upload_url is valid for an hour; stop trusting it a little earlier
SCOPES = ("user.info.basic", "video.publish", "video.upload")
LATER = {"spam_risk_too_many_posts", "spam_risk_too_many_pending_share", "spam_risk_user_banned_from_posting",
         "reached_active_user_cap", "unaudited_client_can_only_post_to_private_accounts", "scope_not_authorized",
         "scope_permission_missed"}
RETRYABLE_FAILS = {"internal", "video_pull_failed"}


def plan_chunks(size: int, preferred: int = 10_000_000) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) for a file of `size` bytes under TikTok's chunk rules."""
    if size <= 0:
        raise ValueError("an empty file cannot be uploaded")
    if size <= MAX_CHUNK:  # under 5 MB it must be one chunk; up to 64 MB it may be
        return size, 1
    chunk = min(max(preferred, MIN_CHUNK), MAX_CHUNK, size // 2)  # over 64 MB: at least two chunks
    if size // chunk > MAX_CHUNKS:
        chunk = -(-size // MAX_CHUNKS)
        if chunk > MAX_CHUNK:
            raise ValueError(f"{size} bytes needs more than {MAX_CHUNKS} chunks of at most {MAX_CHUNK} bytes")
    return chunk, size // chunk


def chunk_ranges(size: int, chunk: int, count: int) -> list[tuple[int, int]]:
    """Inclusive byte ranges; the last chunk takes the trailing bytes."""
    ranges = [(i * chunk, (i + 1) * chunk - 1) for i in range(count - 1)]
    ranges.append(((count - 1) * chunk, size - 1))
    if count > 1 and ranges[-1][1] - ranges[-1][0] + 1 > MAX_LAST:
        raise ValueError("the last chunk would be over 128 MB")
    return ranges


def _check(what: str) -> Any:
    def check(response: httpx.Response) -> None:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        code = str(error.get("code") or ("ok" if response.status_code < 300 else response.status_code))
        if code == "ok":
            return
        message = f"{what}: {code}: {short(str(error.get('message') or response.text), 200)}"
        if code == "access_token_invalid":
            raise Unauthorized()
        if code == "rate_limit_exceeded":
            raise Transient(message)
        if code in LATER:
            raise Deferred(f"{message}; the publication stays pending, run it again later")
        raise Rejected(message)

    return check


class TikTok:
    name = "tiktok"
    native_schedule = False
    auth_style = "bearer"

    def oauth(self, settings: Settings) -> OAuthConfig:
        cfg = settings.publishing.tiktok
        return OAuthConfig("tiktok", cfg.auth_url, cfg.token_url, SCOPES, client_param="client_key",
                           scope_sep=",", pkce="S256-hex")

    def limits(self, settings: Settings) -> Limits:
        return Limits(max_bytes=4 * 1024**3, max_seconds=600)

    def post_info(self, job: Job, creator: dict[str, Any] | None = None) -> dict[str, Any]:
        text = post_text(job.draft)
        caption = " ".join([text.title, *(f"#{t}" for t in text.tags)])
        creator = creator or {}
        return {
            "title": caption[:2200],
            "privacy_level": job.settings.publishing.tiktok.privacy,
            "disable_comment": bool(creator.get("comment_disabled", False)),
            "disable_duet": bool(creator.get("duet_disabled", False)),
            "disable_stitch": bool(creator.get("stitch_disabled", False)),
            "video_cover_timestamp_ms": int(min(1000, job.draft.duration * 500)),
            "brand_content_toggle": False,
            "brand_organic_toggle": False,
            "is_aigc": job.disclosure.ai_generated,
        }

    def init_body(self, job: Job, creator: dict[str, Any] | None = None) -> dict[str, Any]:
        chunk, count = plan_chunks(job.size, job.settings.publishing.tiktok.chunk_bytes)
        body: dict[str, Any] = {"source_info": {"source": "FILE_UPLOAD", "video_size": job.size,
                                                "chunk_size": chunk, "total_chunk_count": count}}
        if job.settings.publishing.tiktok.mode == "direct":
            body["post_info"] = self.post_info(job, creator)
        return body

    def _init_path(self, job: Job) -> str:
        inbox = job.settings.publishing.tiktok.mode == "inbox"
        return "/v2/post/publish/inbox/video/init/" if inbox else "/v2/post/publish/video/init/"

    def plan(self, job: Job) -> dict[str, Any]:
        return {"endpoint": job.settings.publishing.tiktok.api_url + self._init_path(job),
                "body": self.init_body(job),
                "note": "privacy and duration are checked against creator_info/query at publish time"}

    # -- the API ------------------------------------------------------------------------

    def _post(self, job: Job, path: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        response = job.http.send("POST", job.settings.publishing.tiktok.api_url + path, what=what, json=body,
                                 headers={"Content-Type": "application/json; charset=UTF-8"}, check=_check(what))
        data = json_of(response, what).get("data")
        return data if isinstance(data, dict) else {}

    def _creator(self, job: Job) -> dict[str, Any]:
        creator = self._post(job, "/v2/post/publish/creator_info/query/", {}, "tiktok: asking for the creator's info")
        longest = creator.get("max_video_post_duration_sec")
        if longest and job.draft.duration > float(longest):
            raise BadInput(job.draft.video_path, f"{job.draft.duration:.1f} s is longer than this TikTok creator "
                                                 f"may post ({longest} s)")
        options = creator.get("privacy_level_options") or []
        wanted = job.settings.publishing.tiktok.privacy
        if job.settings.publishing.tiktok.mode == "direct" and options and wanted not in options:
            raise BadInput("publishing.tiktok.privacy", f"{wanted!r} is not allowed for this creator; "
                                                        f"choose one of {', '.join(options)}")
        return creator

    def _status(self, job: Job, publish_id: str) -> dict[str, Any]:
        return self._post(job, "/v2/post/publish/status/fetch/", {"publish_id": publish_id},
                          "tiktok: checking the post's status")

    # -- publishing ---------------------------------------------------------------------

    def publish(self, job: Job) -> Outcome:
        creator = self._creator(job)
        username = creator.get("creator_username")
        publish_id = job.session.get("publish_id")
        if publish_id:
            resumed = self._resume(job, publish_id, username)
            if resumed is not None:
                return resumed
        if not job.session.get("publish_id"):
            data = self._post(job, self._init_path(job), self.init_body(job, creator), "tiktok: starting the post")
            if not data.get("publish_id") or not data.get("upload_url"):
                raise PublishError("tiktok: video/init answered without a publish_id or upload_url")
            chunk, count = plan_chunks(job.size, job.settings.publishing.tiktok.chunk_bytes)
            job.checkpoint("uploading", publish_id=data["publish_id"], upload_url=data["upload_url"],
                           url_issued=time.time(), chunk_size=chunk, chunks=count, next_chunk=0)
        self._upload(job)
        return self._wait(job, job.session["publish_id"], username)

    def confirm(self, job: Job) -> Outcome:
        return self._wait(job, job.session["publish_id"], None)

    def _resume(self, job: Job, publish_id: str, username: str | None) -> Outcome | None:
        """Pick up the post the ledger names; None means upload (more of) it, after a reset if it is dead."""
        status = self._status(job, publish_id)
        state = status.get("status")
        uploaded = int(status.get("uploaded_bytes") or 0)
        if state in ("PUBLISH_COMPLETE", "SEND_TO_USER_INBOX"):
            log.info("tiktok: the earlier post %s had gone through; no second post", publish_id)
            return self._outcome(job, status, username)
        if state == "FAILED":
            if status.get("fail_reason") not in RETRYABLE_FAILS:
                raise Rejected(f"tiktok: the post failed: {status.get('fail_reason')}")
        elif state != "PROCESSING_UPLOAD" or uploaded >= job.size:
            return self._wait(job, publish_id, username)  # every byte is there: it is being processed
        elif time.time() - float(job.session.get("url_issued", 0)) < URL_LIFETIME:
            self._seek(job, status)
            log.info("tiktok: resuming the upload at chunk %d of %d", job.session["next_chunk"] + 1,
                     job.session["chunks"])
            return None
        # The post failed in a retryable way, or its upload URL lapsed before all bytes were there:
        # it can never complete, so a new one cannot be a duplicate.
        log.info("tiktok: the earlier upload can no longer finish; starting a new post")
        job.reset_session("pending")
        return None

    def _seek(self, job: Job, status: dict[str, Any]) -> None:
        uploaded = int(status.get("uploaded_bytes") or 0)
        chunk, count = int(job.session["chunk_size"]), int(job.session["chunks"])
        job.checkpoint(next_chunk=min(uploaded // chunk, count))

    def _upload(self, job: Job) -> None:
        size = job.size
        chunk, count = int(job.session["chunk_size"]), int(job.session["chunks"])
        ranges = chunk_ranges(size, chunk, count)
        stalls = 0
        index = int(job.session.get("next_chunk", 0))
        while index < count:
            start, end = ranges[index]
            what = f"tiktok: sending chunk {index + 1} of {count}"

            def check(response: httpx.Response, what: str = what) -> None:
                if response.status_code not in (200, 201, 206):
                    raise Rejected(f"{what}: HTTP {response.status_code}: {short(response.text)}")

            try:
                response = job.http.send("PUT", job.session["upload_url"], what=what, retry=False,
                                         authorise=False, check=check, content=job.read(start, end - start + 1),
                                         headers={"Content-Type": "video/mp4",
                                                  "Content-Range": f"bytes {start}-{end}/{size}"})
            except Transient as exc:
                if stalls >= job.settings.publishing.retries:
                    raise PublishError(f"{exc} (gave up; run the publish again to resume)") from None
                job.http.backoff(stalls, exc.retry_after, what)
                stalls += 1
                self._seek(job, self._status(job, job.session["publish_id"]))
                index = int(job.session["next_chunk"])
                continue
            stalls = 0
            index += 1
            job.checkpoint(next_chunk=index)
            if response.status_code == 201:
                break

    def _wait(self, job: Job, publish_id: str, username: str | None) -> Outcome:
        def check() -> Outcome | None:
            status = self._status(job, publish_id)
            state = status.get("status")
            if state == "FAILED":
                raise Rejected(f"tiktok: the post failed: {status.get('fail_reason')}")
            if state in ("PUBLISH_COMPLETE", "SEND_TO_USER_INBOX"):
                return self._outcome(job, status, username)
            return None

        job.checkpoint("processing")
        return job.poll("tiktok: processing", check, Outcome("processing", publish_id))

    def _outcome(self, job: Job, status: dict[str, Any], username: str | None) -> Outcome:
        publish_id = job.session.get("publish_id")
        posts = status.get("publicaly_available_post_id") or []  # sic: TikTok's spelling
        if status.get("status") == "SEND_TO_USER_INBOX":
            job.notes.append("tiktok: sent to the creator's inbox; they finish the post (and its AI label) in the app")
        if posts:
            post = str(posts[0])
            url = f"https://www.tiktok.com/@{username}/video/{post}" if username else None
            return Outcome("published", post, url, published_at=datetime.now(UTC))
        # Posts that are not public (SELF_ONLY, unaudited apps) get no public id.
        return Outcome("published", publish_id, None, published_at=datetime.now(UTC))
