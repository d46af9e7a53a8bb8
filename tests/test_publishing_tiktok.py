"""TikTok publishing against a loopback server speaking the Content Posting API and its chunk rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_servers import MB, TikTokServer, consent_follower, make_clip, publishing_settings

from publishing import PublishError, publish
from publishing.accounts import Account, open_account_store
from publishing.http import Api
from publishing.oauth import apply_tokens, authorize
from publishing.registry import get_publisher
from publishing.tiktok import chunk_ranges, plan_chunks
from reelflow.errors import BadInput
from reelflow.models import Draft
from reelflow.store import Store


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Draft:
    folder = tmp_path_factory.mktemp("clip")
    return Draft.model_validate(make_clip(folder, folder / "signing"))


@pytest.fixture
def server() -> TikTokServer:
    with TikTokServer() as srv:
        yield srv


def settings_for(data_dir: Path, tmp_path: Path, server: TikTokServer, **tiktok):
    return publishing_settings(data_dir, tmp_path / "config" / "accounts.key",
                               tiktok=server.settings() | {"privacy": "PUBLIC_TO_EVERYONE"} | tiktok)


def add_account(settings, server: TikTokServer, lifetime: float = 86400) -> Account:
    access, refresh = server.issue(lifetime)
    account = apply_tokens(Account(name="tt", platform="tiktok", client_id=server.client_id,
                                   client_secret=server.client_secret),
                           {"access_token": access, "refresh_token": refresh, "expires_in": 86400,
                            "open_id": "open-123"})
    open_account_store(settings).save(account)
    return account


@pytest.mark.parametrize("size", [1, 3 * MB, 5 * MB - 1, 5 * MB, 50_000_123, 64 * 10**6, 64 * 10**6 + 1,
                                  64 * MB + 1, 70 * MB, 1_000_000_000, 4 * 1024**3])
@pytest.mark.parametrize("preferred", [5 * MB, 10_000_000, 64 * MB, 200 * MB])
def test_chunk_math_meets_the_media_transfer_rules(size: int, preferred: int) -> None:
    chunk, count = plan_chunks(size, preferred)
    assert TikTokServer.chunk_problem(size, chunk, count) is None
    ranges = chunk_ranges(size, chunk, count)
    assert ranges[0][0] == 0 and ranges[-1][1] == size - 1
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:], strict=False))
    assert all(end - start + 1 == chunk for start, end in ranges[:-1])
    assert ranges[-1][1] - ranges[-1][0] + 1 <= 128 * 10**6


def test_examples_from_the_guide() -> None:
    assert plan_chunks(50_000_123, 10_000_000) == (50_000_123, 1)  # up to 64 MB may go whole
    assert plan_chunks(70_000_123, 10_000_000) == (10_000_000, 7)  # the trailing bytes ride on the last chunk
    assert chunk_ranges(70_000_123, 10_000_000, 7)[-1] == (60_000_000, 70_000_122)
    assert plan_chunks(3 * MB) == (3 * MB, 1)


def test_sign_in_then_direct_post_with_ai_label(data_dir: Path, tmp_path: Path, server: TikTokServer,
                                                clip: Draft) -> None:
    settings = settings_for(data_dir, tmp_path, server)
    urls: list[str] = []
    with Api(settings.publishing) as api:
        answer = authorize(get_publisher("tiktok").oauth(settings), server.client_id, server.client_secret,
                           api=api, timeout=10, open_url=consent_follower(urls))
    assert "client_key=tt-client-key" in urls[0] and "scope=user.info.basic%2Cvideo.publish" in urls[0]
    account = apply_tokens(Account(name="tt", platform="tiktok", client_id=server.client_id,
                                   client_secret=server.client_secret), answer)
    assert account.open_id == "open-123"
    open_account_store(settings).save(account)

    result = publish(clip, "tt", settings=settings)

    (post,) = server.finished()
    assert bytes(post["data"]) == Path(clip.video_path).read_bytes()
    assert post["post_info"]["is_aigc"] is True and post["post_info"]["privacy_level"] == "PUBLIC_TO_EVERYONE"
    assert post["post_info"]["disable_stitch"] is True  # the creator has stitching off
    assert result.status == "published"
    assert result.url == f"https://www.tiktok.com/@reelflow_test/video/{result.remote_id}"


def test_big_file_in_chunks_survives_a_cut_chunk_and_an_expired_token(data_dir: Path, tmp_path: Path,
                                                                      server: TikTokServer) -> None:
    settings = settings_for(data_dir, tmp_path, server)
    big = Draft.model_validate(make_clip(tmp_path / "big", tmp_path / "signing", seconds=1, pad_bytes=70 * MB))
    add_account(settings, server, lifetime=0)  # the access token is already dead: refresh first
    server.faults["put"] += [("ok",), ("drop", 2 * MB), ("status", 503)]
    publish(big, "tt", settings=settings)
    (post,) = server.finished()
    size = Path(big.video_path).stat().st_size
    assert (post["chunk"], post["count"]) == plan_chunks(size, 10_000_000) and post["count"] == 7
    assert bytes(post["data"]) == Path(big.video_path).read_bytes()
    assert server.log.count(("PUT", "/upload/")) == 7 + 2, "the cut chunk and the 503 were sent again, no more"
    assert ("POST", "/v2/post/publish/status/fetch/") in server.log
    assert server.refreshes == 1
    # TikTok rotates refresh tokens: the store holds the new one, and the old one is dead.
    assert open_account_store(settings).get("tt").secret("refresh_token") in server.refresh_tokens


def test_creator_limits_refuse_before_any_byte(data_dir: Path, tmp_path: Path, clip: Draft) -> None:
    with TikTokServer(max_seconds=2) as server:
        settings = settings_for(data_dir, tmp_path, server)
        add_account(settings, server)
        with pytest.raises(BadInput, match=r"longer than this TikTok creator may post \(2 s\)"):
            publish(clip, "tt", settings=settings)
        assert ("POST", "/v2/post/publish/video/init/") not in server.log
    with TikTokServer(privacy=("SELF_ONLY",)) as server:
        settings = settings_for(data_dir, tmp_path, server)
        add_account(settings, server)
        with pytest.raises(BadInput, match="choose one of SELF_ONLY"):
            publish(clip, "tt", settings=settings)
        assert server.posts == {}


def test_inbox_upload(data_dir: Path, tmp_path: Path, server: TikTokServer, clip: Draft) -> None:
    settings = settings_for(data_dir, tmp_path, server, mode="inbox")
    add_account(settings, server)
    result = publish(clip, "tt", settings=settings)
    (post,) = server.finished()
    assert post["inbox"] and post["status"] == "SEND_TO_USER_INBOX"
    assert result.status == "published" and "inbox" in result.reason


def test_lost_201_finds_the_upload_complete(data_dir: Path, tmp_path: Path, server: TikTokServer,
                                            clip: Draft) -> None:
    settings = settings_for(data_dir, tmp_path, server)
    add_account(settings, server)
    server.faults["put"].append(("lose_reply",))
    result = publish(clip, "tt", settings=settings)
    assert len(server.posts) == 1 and len(server.finished()) == 1
    assert server.log.count(("PUT", "/upload/")) == 1 and result.status == "published"


def test_a_rerun_resumes_the_ledgers_post_instead_of_starting_another(data_dir: Path, tmp_path: Path,
                                                                      server: TikTokServer, clip: Draft) -> None:
    settings = settings_for(data_dir, tmp_path, server, privacy="SELF_ONLY")
    settings.publishing.retries = 0
    add_account(settings, server)
    server.faults["put"].append(("status", 503))
    with pytest.raises(PublishError, match="HTTP 503"):
        publish(clip, "tt", settings=settings)
    with Store(settings.db_url) as store:
        (row,) = store.list_publications()
    assert row.status == "uploading" and row.session["publish_id"] in server.posts
    result = publish(clip, "tt", settings=settings)
    assert len(server.posts) == 1 and len(server.finished()) == 1
    assert result.remote_id == row.session["publish_id"], "a private post has no public id: the publish_id stands"
