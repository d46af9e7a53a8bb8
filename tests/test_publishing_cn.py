"""Bilibili and Douyin publishing against loopback servers speaking their open platforms' protocols."""

from __future__ import annotations

from pathlib import Path

import pytest
from platform_servers import BilibiliServer, DouyinServer, consent_follower, make_clip, publishing_settings

from publishing import AuthRevoked, publish
from publishing.accounts import Account, open_account_store
from publishing.http import Api
from publishing.oauth import apply_tokens, authorize
from publishing.registry import get_publisher
from reelflow.models import Draft


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Draft:
    folder = tmp_path_factory.mktemp("clip")
    return Draft.model_validate(make_clip(folder, folder / "signing"))


def sign_in(settings, platform: str, server, name: str) -> Account:
    """The consent flow `reelflow accounts add` runs, against the loopback platform."""
    urls: list[str] = []
    with Api(settings.publishing) as api:
        answer = authorize(get_publisher(platform).oauth(settings), server.client_id, server.client_secret,
                           api=api, timeout=10, open_url=consent_follower(urls))
    account = apply_tokens(Account(name=name, platform=platform, client_id=server.client_id,
                                   client_secret=server.client_secret), answer)
    open_account_store(settings).save(account)
    return account


def test_bilibili_signed_upload_in_parts_then_archive(data_dir: Path, tmp_path: Path, clip: Draft) -> None:
    with BilibiliServer() as server:
        settings = publishing_settings(data_dir, tmp_path / "k" / "key", bilibili=server.settings())
        account = sign_in(settings, "bilibili", server, "bili")
        assert account.expires_at.year >= 2026  # the absolute expires_in was read as a time, not a duration
        server.faults["put"] += [("ok",), ("drop", 100_000)]

        result = publish(clip, "bili", settings=settings)

        (resource, archive), = server.archives.items()
        assert archive["data"] == Path(clip.video_path).read_bytes()
        assert archive["meta"]["desc"].startswith("【AI生成】") and "AI生成" in archive["meta"]["tag"].split(",")
        assert archive["meta"]["tid"] == 201 and archive["meta"]["cover"].startswith("https://")
        assert server.bad_signatures == 0
        assert result.status == "published" and result.url == f"https://www.bilibili.com/video/{resource}"


def test_bilibili_lost_submit_answer_finds_the_archive(data_dir: Path, tmp_path: Path, clip: Draft) -> None:
    with BilibiliServer() as server:
        settings = publishing_settings(data_dir, tmp_path / "k" / "key", bilibili=server.settings())
        sign_in(settings, "bilibili", server, "bili")
        server.faults["add"].append(("lose_reply",))
        result = publish(clip, "bili", settings=settings)
        assert len(server.archives) == 1 and result.remote_id in server.archives
        assert ("GET", "/arcopen/fn/archive/viewlist") in server.log


def test_douyin_parts_refresh_and_lost_create_answer(data_dir: Path, tmp_path: Path, clip: Draft) -> None:
    with DouyinServer() as server:
        settings = publishing_settings(data_dir, tmp_path / "k" / "key", douyin=server.settings())
        sign_in(settings, "douyin", server, "dy")
        server.expire_tokens()  # 2190008 on the first call: refresh (Douyin refreshes without the secret)
        server.faults["create"].append(("lose_reply",))

        result = publish(clip, "dy", settings=settings)

        (item, post), = server.items.items()
        assert post["data"] == Path(clip.video_path).read_bytes()
        assert "#AI生成" in post["text"] and "【AI生成】" in post["text"]
        assert server.refreshes == 1 and len(server.parts) == 1
        assert result.status == "published" and result.remote_id == item


def test_douyin_revoked_refresh_token(data_dir: Path, tmp_path: Path, clip: Draft) -> None:
    with DouyinServer() as server:
        settings = publishing_settings(data_dir, tmp_path / "k" / "key", douyin=server.settings())
        sign_in(settings, "douyin", server, "dy")
        server.revoke()
        with pytest.raises(AuthRevoked, match="reelflow accounts add douyin --name dy"):
            publish(clip, "dy", settings=settings)
        assert server.items == {} and server.videos == {}
