"""YouTube Data API v3: videos.insert over the resumable upload protocol, then thumbnails.set.

The protocol, as the client follows it:
1. POST {upload_url}/videos?uploadType=resumable&part=snippet,status with the video resource
   (X-Upload-Content-Length/-Type) → 200 with the session URI in Location. The URI goes into
   the ledger before any byte is sent.
2. PUT chunks (multiples of 256 KiB) with `Content-Range: bytes A-B/TOTAL`; 308 Resume
   Incomplete says what the server holds (`Range: bytes=0-N`, absent = nothing); 200/201 carry
   the finished video resource.
3. After any failure — a dropped connection, a timeout, a 5xx, a lost answer — the client asks
   the session (`PUT`, empty, `Content-Range: bytes */TOTAL`) instead of guessing: 308 → resume
   from the acknowledged byte; 200/201 → the upload had finished (the lost-final-answer case,
   which a client that starts over turns into a second video); 404/410 → the session expired
   before completing, so no video exists and a new session is safe.
The resource sets status.containsSyntheticMedia (the altered-or-synthetic disclosure),
selfDeclaredMadeForKids, privacyStatus and, for a scheduled post, publishAt (private until then).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from publishing.base import Job, Limits, Outcome, post_text
from publishing.errors import AuthRevoked, Deferred, PublishError, Rejected, Transient
from publishing.http import json_of, short
from publishing.oauth import OAuthConfig
from reelflow.settings import Settings

log = logging.getLogger("reelflow.publishing")

UNIT = 256 * 1024
SCOPES = ("https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly")
LANGUAGES = {"zh": "zh-Hans", "en": "en"}
# 403 reasons that are about quota or permission, not the clip: leave the publication pending.
LATER = {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "uploadLimitExceeded", "forbidden",
         "insufficientPermissions", "youtubeSignupRequired", "dailyLimitExceeded", "accessNotConfigured"}
EXPIRED = object()


def _reason(response: httpx.Response) -> tuple[str, str]:
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        return "", short(response.text)
    errors = error.get("errors") or [{}]
    return str(errors[0].get("reason") or ""), short(str(error.get("message") or response.text))


def _fail(response: httpx.Response, what: str) -> PublishError:
    reason, message = _reason(response)
    text = f"{what}: HTTP {response.status_code} {reason or ''} {message}".replace("  ", " ")
    if reason in LATER or (response.status_code == 403 and not reason):
        return Deferred(f"{text}; the publication stays pending, run it again later")
    return Rejected(text)


def _next_offset(response: httpx.Response) -> int:
    """The first byte the server does not have yet, from a 308's Range header."""
    value = response.headers.get("Range", "")
    if not value.startswith("bytes=") or "-" not in value:
        return 0
    return int(value.split("-", 1)[1]) + 1


def _no_angles(text: str) -> str:
    return text.replace("<", "‹").replace(">", "›")


def _trim_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


class YouTube:
    name = "youtube"
    native_schedule = True
    auth_style = "bearer"

    def oauth(self, settings: Settings) -> OAuthConfig:
        cfg = settings.publishing.youtube
        return OAuthConfig("youtube", cfg.auth_url, cfg.token_url, SCOPES,
                           extra_auth_params={"access_type": "offline", "prompt": "consent"})

    def limits(self, settings: Settings) -> Limits:
        return Limits(max_bytes=256 * 1024**3, max_seconds=12 * 3600)

    # -- the request --------------------------------------------------------------------

    def is_short(self, job: Job) -> bool:
        return job.draft.height > job.draft.width and job.draft.duration <= 180

    def resource(self, job: Job) -> dict[str, Any]:
        cfg = job.settings.publishing.youtube
        text = post_text(job.draft)
        title, description = _no_angles(text.title), _no_angles(text.description)
        if self.is_short(job) and "#shorts" not in (title + description).lower():
            if len(title) + 8 <= 100:
                title += " #Shorts"
            else:
                description += "\n#Shorts"
        language = LANGUAGES.get(text.language, text.language)
        tags, used = [], 0
        for tag in text.tags:  # the API caps all tags together at 500 characters
            used += len(tag) + 1
            if used > 500:
                break
            tags.append(_no_angles(tag))
        status: dict[str, Any] = {
            "privacyStatus": cfg.privacy,
            "selfDeclaredMadeForKids": cfg.made_for_kids,
            "containsSyntheticMedia": job.disclosure.ai_generated,
            "embeddable": True,
            "license": "youtube",
        }
        if job.when is not None:
            status["privacyStatus"] = "private"  # publishAt only works on a private video
            status["publishAt"] = job.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "snippet": {"title": title[:100], "description": _trim_bytes(description, 5000), "tags": tags,
                        "categoryId": cfg.category_id, "defaultLanguage": language, "defaultAudioLanguage": language},
            "status": status,
        }

    def plan(self, job: Job) -> dict[str, Any]:
        chunk = max(UNIT, job.settings.publishing.youtube.chunk_bytes // UNIT * UNIT)
        return {"endpoint": f"{job.settings.publishing.youtube.upload_url}/videos?uploadType=resumable"
                            "&part=snippet,status",
                "video": self.resource(job), "chunks": -(-job.size // chunk), "chunk_bytes": chunk,
                "thumbnail": Path(job.draft.thumbnail_path).is_file()}

    # -- the upload ---------------------------------------------------------------------

    def publish(self, job: Job) -> Outcome:
        if job.session.get("video_id"):
            return self._finish(job, job.session["video_id"])
        total = job.size
        uri = job.session.get("session_uri")
        offset = 0
        if uri:
            state = self._query(job, uri, total)
            if state is EXPIRED:
                log.info("youtube: the earlier upload session expired unfinished; starting a new one")
                job.reset_session("pending")
                uri = None
            elif isinstance(state, dict):
                log.info("youtube: the earlier upload had finished; no second upload")
                return self._finish(job, self._uploaded(job, state))
            else:
                offset = int(state)  # type: ignore[call-overload]
                log.info("youtube: resuming the upload at byte %d of %d", offset, total)
        for _ in range(3):  # a session that expires before completing made no video: start another
            if not uri:
                uri = self._start(job, total)
                job.checkpoint("uploading", session_uri=uri, total=total, acked=0)
                offset = 0
            resource = self._send(job, uri, offset, total)
            if resource is not EXPIRED:
                return self._finish(job, self._uploaded(job, resource))  # type: ignore[arg-type]
            log.info("youtube: the upload session expired mid-upload; starting a new one")
            job.reset_session("pending")
            uri = None
        raise PublishError("youtube: upload sessions keep expiring mid-upload; run the publish again later")

    def confirm(self, job: Job) -> Outcome:
        return self.publish(job)

    def _start(self, job: Job, total: int) -> str:
        cfg = job.settings.publishing.youtube
        what = "youtube: starting the upload session"

        def check(response: httpx.Response) -> None:
            if response.status_code >= 300:
                raise _fail(response, what)

        response = job.http.send(
            "POST", f"{cfg.upload_url}/videos", what=what, check=check,
            params={"uploadType": "resumable", "part": "snippet,status"}, json=self.resource(job),
            headers={"X-Upload-Content-Length": str(total), "X-Upload-Content-Type": "video/mp4"},
        )
        location = response.headers.get("Location")
        if not location:
            raise PublishError(f"{what}: the answer had no session URI (Location header)")
        return urljoin(str(response.request.url), location)  # a relative Location is resolved, not trusted as-is

    def _query(self, job: Job, uri: str, total: int) -> object:
        """What the session holds: the next offset, the finished resource (a dict) or EXPIRED."""
        what = "youtube: asking the upload session how far it got"

        def check(response: httpx.Response) -> None:
            if response.status_code not in (200, 201, 308, 404, 410):
                raise _fail(response, what)

        response = job.http.send("PUT", uri, what=what, check=check, content=b"",
                                 headers={"Content-Range": f"bytes */{total}"})
        if response.status_code == 308:
            return _next_offset(response)
        if response.status_code in (404, 410):
            return EXPIRED
        return json_of(response, what)

    def _send(self, job: Job, uri: str, offset: int, total: int) -> object:
        chunk = max(UNIT, job.settings.publishing.youtube.chunk_bytes // UNIT * UNIT)
        retries = job.settings.publishing.retries
        stalls = 0
        while True:
            end = min(offset + chunk, total) - 1
            what = f"youtube: sending bytes {offset}-{end} of {total}"

            def check(response: httpx.Response, what: str = what) -> None:
                if response.status_code not in (200, 201, 308, 404, 410):
                    raise _fail(response, what)

            try:
                response = job.http.send("PUT", uri, what=what, retry=False, check=check,
                                         content=job.read(offset, end - offset + 1),
                                         headers={"Content-Range": f"bytes {offset}-{end}/{total}",
                                                  "Content-Type": "video/mp4"})
            except Transient as exc:
                if stalls >= retries:
                    raise PublishError(f"{exc} (gave up after {stalls + 1} attempts; run the publish again "
                                       "to resume from the last acknowledged byte)") from None
                job.http.backoff(stalls, exc.retry_after, what)
                stalls += 1
                state = self._query(job, uri, total)
                if state is EXPIRED or isinstance(state, dict):
                    return state
                offset = int(state)  # type: ignore[call-overload]
                job.checkpoint(acked=offset)
                continue
            if response.status_code in (200, 201):
                return json_of(response, what)
            if response.status_code in (404, 410):
                return EXPIRED
            acked = _next_offset(response)
            if acked <= offset:
                stalls += 1
                if stalls > retries:
                    raise PublishError(f"{what}: the server keeps not taking the chunk; run the publish again")
            else:
                stalls = 0
            offset = acked
            job.checkpoint(acked=offset)

    def _uploaded(self, job: Job, resource: dict[str, Any]) -> str:
        video_id = resource.get("id")
        if not video_id:
            raise PublishError("youtube: the finished upload came back without a video id")
        status = resource.get("status") or {}
        if status.get("uploadStatus") in ("rejected", "failed"):
            reason = status.get("rejectionReason") or status.get("failureReason") or "unknown"
            raise Rejected(f"youtube: video {video_id} was {status['uploadStatus']} ({reason})")
        job.checkpoint("processing", video_id=video_id)
        return str(video_id)

    # -- after the upload ---------------------------------------------------------------

    def _finish(self, job: Job, video_id: str) -> Outcome:
        if "thumbnail" not in job.session:
            job.checkpoint(thumbnail=self._thumbnail(job, video_id))
        url = (f"https://www.youtube.com/shorts/{video_id}" if self.is_short(job)
               else f"https://www.youtube.com/watch?v={video_id}")
        if job.when is not None:
            done = Outcome("scheduled", video_id, url, scheduled_at=job.when)
        else:
            done = Outcome("published", video_id, url, published_at=datetime.now(UTC))
        if job.settings.publishing.poll_timeout_seconds <= 0:
            return done
        return job.poll("youtube: processing", lambda: self._processed(job, video_id, done),
                        Outcome("processing", video_id, url))

    def _thumbnail(self, job: Job, video_id: str) -> str:
        path = Path(job.draft.thumbnail_path)
        if not path.is_file():
            return "none"
        if path.stat().st_size > 2 * 1024 * 1024:
            job.notes.append("youtube: the cover is over 2 MB, so it was not set")
            return "too large"
        what = "youtube: setting the thumbnail"
        try:
            job.http.send("POST", f"{job.settings.publishing.youtube.upload_url}/thumbnails/set", what=what,
                          params={"videoId": video_id, "uploadType": "media"}, content=path.read_bytes(),
                          headers={"Content-Type": "image/jpeg"}, check=lambda r: _raise_if_error(r, what))
        except PublishError as exc:  # a channel may not be allowed custom thumbnails; the video still stands
            job.notes.append(str(exc))
            log.warning("%s", exc)
            return "failed"
        return "set"

    def _processed(self, job: Job, video_id: str, done: Outcome) -> Outcome | None:
        """The video's state after upload; an unanswerable question does not undo a finished upload."""
        what = "youtube: checking the video's processing"
        try:
            response = job.http.send("GET", f"{job.settings.publishing.youtube.api_url}/videos", what=what,
                                     params={"part": "status,processingDetails", "id": video_id},
                                     check=lambda r: _raise_if_error(r, what))
            items = json_of(response, what).get("items") or []
        except PublishError as exc:
            if isinstance(exc, AuthRevoked):
                raise
            job.notes.append(f"{exc} (the upload itself finished)")
            return done
        if not items:
            return None
        status = items[0].get("status") or {}
        state = status.get("uploadStatus")
        if state in ("rejected", "failed", "deleted"):
            reason = status.get("rejectionReason") or status.get("failureReason") or state
            raise Rejected(f"youtube: video {video_id} was {state} after upload ({reason})")
        return done if state == "processed" else None


def _raise_if_error(response: httpx.Response, what: str) -> None:
    if response.status_code >= 300:
        raise _fail(response, what)
