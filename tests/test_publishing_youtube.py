"""YouTube publishing against a loopback server speaking the Data API's resumable upload protocol."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from platform_servers import YouTubeServer, consent_follower, make_clip, publishing_settings

from publishing import AuthRevoked, Deferred, publish
from publishing.accounts import Account, open_account_store
from publishing.http import Api
from publishing.oauth import apply_tokens, authorize
from publishing.registry import get_publisher
from reelflow.errors import BadInput
from reelflow.models import Draft
from reelflow.store import Store

ROOT = Path(__file__).parent.parent
CHUNK = 512 * 1024


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Draft:
    folder = tmp_path_factory.mktemp("clip")
    return Draft.model_validate(make_clip(folder, folder / "signing"))


@pytest.fixture
def server(youtube_server: YouTubeServer) -> YouTubeServer:
    return youtube_server


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path, server: YouTubeServer):
    return publishing_settings(data_dir, tmp_path / "config" / "accounts.key",
                               youtube=server.settings() | {"chunk_bytes": CHUNK, "privacy": "public"})


def add_account(settings, server: YouTubeServer, name: str = "yt", lifetime: float = 3600) -> Account:
    """An account as `accounts add` leaves it, with tokens the server issued."""
    access, refresh = server.issue(lifetime)
    account = Account(name=name, platform="youtube", client_id=server.client_id, client_secret=server.client_secret)
    account = apply_tokens(account, {"access_token": access, "refresh_token": refresh, "expires_in": 3600})
    open_account_store(settings).save(account)
    return account


def the_video(server: YouTubeServer, clip: Draft):
    assert len(server.videos) == 1, f"expected exactly one video, got {len(server.videos)}"
    video = next(iter(server.videos.values()))
    assert video.data == Path(clip.video_path).read_bytes()
    return video


def test_sign_in_then_publish_a_short(settings, server: YouTubeServer, clip: Draft) -> None:
    urls: list[str] = []
    config = get_publisher("youtube").oauth(settings)
    with Api(settings.publishing) as api:
        answer = authorize(config, server.client_id, server.client_secret, api=api, timeout=10,
                           open_url=consent_follower(urls))
    assert "code_challenge_method=S256" in urls[0] and "access_type=offline" in urls[0]
    account = apply_tokens(Account(name="yt", platform="youtube", client_id=server.client_id,
                                   client_secret=server.client_secret), answer)
    assert account.refresh_token is not None and account.expires_at > datetime.now(UTC)
    open_account_store(settings).save(account)

    result = publish(clip, "yt", settings=settings)

    video = the_video(server, clip)
    assert result.status == "published" and result.remote_id == video.id
    assert result.url == f"https://www.youtube.com/shorts/{video.id}"
    status, snippet = video.meta["status"], video.meta["snippet"]
    assert status["containsSyntheticMedia"] is True
    assert status["selfDeclaredMadeForKids"] is False and status["privacyStatus"] == "public"
    assert snippet["title"].endswith("#Shorts") and "AI" in snippet["description"]
    assert video.thumbnail == Path(clip.thumbnail_path).read_bytes()
    assert len(server.put_starts) == -(-len(video.data) // CHUNK)


def test_cut_connection_resumes_from_the_servers_byte(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    # The second chunk's connection is cut after 300,000 bytes; the server keeps 262,144 of them.
    server.faults["put"] += [("ok",), ("drop", 300_000)]
    publish(clip, "yt", settings=settings)
    the_video(server, clip)
    assert len(server.sessions) == 1
    assert server.put_starts[:3] == [0, CHUNK, CHUNK + 262_144], "resumed where the server said, not at a chunk"
    assert server.log.count(("PUT", "/upload/youtube/v3/videos")) > len(server.put_starts), "asked for status"


def test_lost_answer_to_the_last_chunk_makes_no_second_video(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    chunks = -(-Path(clip.video_path).stat().st_size // CHUNK)
    server.faults["put"] += [("ok",)] * (chunks - 1) + [("lose_reply",)]
    result = publish(clip, "yt", settings=settings)
    video = the_video(server, clip)
    assert result.remote_id == video.id and len(server.sessions) == 1
    assert len(server.put_starts) == chunks, "no byte was sent again"


def test_500_and_429_are_retried_honouring_retry_after(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    server.faults["put"] += [("ok",), ("status", 500), ("status", 429, 1)]
    started = time.monotonic()
    publish(clip, "yt", settings=settings)
    assert time.monotonic() - started >= 1.0, "Retry-After: 1 was honoured"
    the_video(server, clip)


def test_token_expired_mid_upload_is_refreshed(settings, server: YouTubeServer, clip: Draft) -> None:
    account = add_account(settings, server)
    server.faults["put"] += [("ok",), ("expire_token",)]
    publish(clip, "yt", settings=settings)
    the_video(server, clip)
    assert server.refreshes == 1
    saved = open_account_store(settings).get("yt")
    assert saved.secret("access_token") != account.secret("access_token")


def test_revoked_token_names_the_account_and_the_fix(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server, lifetime=3600)
    server.revoke()
    with pytest.raises(AuthRevoked) as caught:
        publish(clip, "yt", settings=settings)
    message = str(caught.value)
    assert "'yt'" in message and "reelflow accounts add youtube --name yt" in message
    assert server.videos == {}


def test_quota_error_leaves_it_pending_then_a_rerun_publishes(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    server.faults["start"].append(("status", 403, "quotaExceeded"))
    with pytest.raises(Deferred, match="quotaExceeded"):
        publish(clip, "yt", settings=settings)
    with Store(settings.db_url) as store:
        (row,) = store.list_publications()
    assert row.status == "pending" and "quotaExceeded" in row.reason
    assert publish(clip, "yt", settings=settings).status == "published"
    the_video(server, clip)


def test_scheduled_post_uses_publish_at(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    when = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    result = publish(clip, "yt", settings=settings, when=when)
    status = the_video(server, clip).meta["status"]
    assert result.status == "scheduled" and result.scheduled_at == when
    assert status["privacyStatus"] == "private" and status["publishAt"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_unlabelled_clip_is_refused_before_any_request(settings, server: YouTubeServer, tmp_path: Path) -> None:
    add_account(settings, server)
    bare = Draft.model_validate(make_clip(tmp_path / "bare", tmp_path / "signing", labelled=False))
    with pytest.raises(BadInput, match="no AIGC implicit label"):
        publish(bare, "yt", settings=settings)
    assert server.log == []


def test_killed_between_chunks_then_a_new_process_resumes(settings, server: YouTubeServer, clip: Draft,
                                                           tmp_path: Path) -> None:
    add_account(settings, server)
    server.pause_after(2)
    env = {**os.environ, "REELFLOW_DATA_DIR": str(settings.data_dir),
           "REELFLOW_PUBLISHING": settings.publishing.model_dump_json()}
    code = ("import sys; from reelflow.models import Draft; from reelflow.settings import load_settings; "
            "from publishing import publish; "
            "publish(Draft.model_validate_json(sys.argv[1]), 'yt', settings=load_settings())")
    child = subprocess.Popen([sys.executable, "-c", code, clip.model_dump_json()], env=env, cwd=tmp_path)
    try:
        assert server.paused.wait(60), "the child never reached its third chunk"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Store(settings.db_url) as store:
        (row,) = store.list_publications()
    assert row.status == "uploading" and row.session["session_uri"] and row.owner
    server.resume()

    result = publish(clip, "yt", settings=settings)  # a new process: the dead owner's lease is taken over

    video = the_video(server, clip)
    assert result.status == "published" and len(server.sessions) == 1
    assert server.put_starts[2] == 2 * CHUNK, "the upload went on from the third chunk"
    assert json.loads(json.dumps(result.model_dump(mode="json")))["remote_id"] == video.id


def test_session_expiring_mid_upload_starts_a_new_one(settings, server: YouTubeServer, clip: Draft) -> None:
    add_account(settings, server)
    server.faults["put"] += [("ok",), ("expire_session",)]
    result = publish(clip, "yt", settings=settings)
    video = the_video(server, clip)
    assert len(server.sessions) == 2 and result.remote_id == video.id
    assert server.put_starts[:2] == [0, 0], "the new session starts from the first byte"
