"""Publishing refuses a clip whose AI-content labels are missing or broken, before any request or ledger row.

Every variant is made from a real signed clip with real tools (ffmpeg, the signer, byte edits), then
offered to the YouTube loopback server: the good one is posted with its AI flag set, the others are
refused with one line naming the file and what is wrong, and neither the server nor the ledger sees them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from platform_servers import YouTubeServer, make_clip, publishing_settings

from publishing import publish
from publishing.accounts import Account, open_account_store
from publishing.oauth import apply_tokens
from reelflow.errors import BadInput
from reelflow.media import ffmpeg_exe
from reelflow.models import Draft
from reelflow.store import Store


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("signed")
    return make_clip(folder, folder / "signing", seconds=1.0) | {"signing": folder / "signing"}


@pytest.fixture
def server(youtube_server: YouTubeServer) -> YouTubeServer:
    return youtube_server


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path, server: YouTubeServer):
    settings = publishing_settings(data_dir, tmp_path / "config" / "accounts.key", youtube=server.settings())
    access, refresh = server.issue(3600)
    account = Account(name="yt", platform="youtube", client_id=server.client_id, client_secret=server.client_secret)
    open_account_store(settings).save(apply_tokens(account, {"access_token": access, "refresh_token": refresh,
                                                             "expires_in": 3600}))
    return settings


def _ffmpeg_copy(src: Path, dst: Path, *args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(src), "-c", "copy", *args,
                    str(dst)], check=True)


def _unsigned(src: Path, dst: Path, signed: dict) -> None:
    """Labels kept (AIGC metadata, visible-label record), C2PA manifest dropped by a remux."""
    _ffmpeg_copy(src, dst, "-map_metadata", "0", "-movflags", "+use_metadata_tags")


def _aigc_stripped(src: Path, dst: Path, signed: dict) -> None:
    """The AIGC tag stripped, then signed again, so only the implicit label is missing."""
    from editing.c2pa_sign import ManifestInfo
    from editing.provenance import seal
    from reelflow.settings import Settings

    _ffmpeg_copy(src, dst, "-map_metadata", "-1")
    seal(dst, ManifestInfo(title="t", language="zh", article_hash="b" * 64, planner="rules",
                           renderers=("animatic",), voices=("espeak:zh",), shots=1),
         Settings(data_dir=signed["signing"]))


def _tampered(src: Path, dst: Path, signed: dict) -> None:
    data = bytearray(src.read_bytes())
    data[data.find(b"mdat") + 2000] ^= 0x01
    dst.write_bytes(data)


def _free_box_appended(src: Path, dst: Path, signed: dict) -> None:
    dst.write_bytes(src.read_bytes() + (21).to_bytes(4, "big") + b"free" + b"unsigned tail")


def _no_visible_label(src: Path, dst: Path, signed: dict) -> None:
    shutil.copy(src, dst)
    draft = json.loads(src.with_suffix(".json").read_text(encoding="utf-8"))
    draft["metadata"]["ai_label"] = ""
    dst.with_suffix(".json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")


VARIANTS: dict[str, tuple[Callable[[Path, Path, dict], None], str]] = {
    "unsigned": (_unsigned, "no C2PA manifest"),
    "aigc-stripped": (_aigc_stripped, "no AIGC implicit label"),
    "tampered": (_tampered, "the C2PA manifest does not validate (assertion.bmffHash.mismatch"),
    "free-box-appended": (_free_box_appended, "bytes after the last signed MP4 box"),
    "no-visible-label": (_no_visible_label, "no visible AI label recorded"),
}


def _variant(signed: dict, tmp_path: Path, name: str) -> Draft:
    src = Path(signed["video_path"])
    dst = tmp_path / f"{name}.mp4"
    make, _ = VARIANTS[name]
    if not dst.with_suffix(".json").exists():
        shutil.copy(src.with_suffix(".json"), dst.with_suffix(".json"))
    make(src, dst, signed)
    return Draft.model_validate({**signed, "video_path": str(dst)})


def test_a_labelled_clip_is_posted_with_its_ai_flag(settings, server: YouTubeServer, signed: dict) -> None:
    result = publish(Draft.model_validate(signed), "yt", settings=settings)
    assert result.status == "published"
    (video,) = server.videos.values()
    assert video.meta["status"]["containsSyntheticMedia"] is True
    with Store(settings.db_url) as store:
        assert [p.status for p in store.list_publications()] == ["published"]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_clip_without_valid_labels_is_refused_before_any_request(settings, server: YouTubeServer, signed: dict,
                                                                     tmp_path: Path, name: str) -> None:
    draft = _variant(signed, tmp_path, name)
    others = [v for k, v in VARIANTS.items() if k != name]
    with pytest.raises(BadInput) as refused:
        publish(draft, "yt", settings=settings)
    line = str(refused.value)
    assert "\n" not in line and line.startswith(f"{draft.video_path}: not fit to publish: ")
    assert VARIANTS[name][1] in line and "publishing refused" in line
    assert not any(reason in line for _, reason in others), line  # only what this variant broke
    assert server.log == []
    with Store(settings.db_url) as store:
        store.upgrade()
        assert store.list_publications() == []
