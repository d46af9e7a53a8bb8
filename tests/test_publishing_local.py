"""Folder and webhook publishing, account storage, the CLI, and secrets kept out of everything."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from platform_servers import WebhookServer, YouTubeServer, make_clip, publishing_settings

from publishing import AuthRevoked, publish
from publishing.accounts import Account, FileAccountStore, open_account_store
from publishing.oauth import apply_tokens
from publishing.webhook import sign
from reelflow.errors import ReelflowError
from reelflow.models import Draft

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Draft:
    folder = tmp_path_factory.mktemp("clip")
    return Draft.model_validate(make_clip(folder, folder / "signing"))


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path):
    return publishing_settings(data_dir, tmp_path / "config" / "reelflow" / "accounts.key")


def test_folder_gets_clip_sidecars_and_metadata_once(settings, clip: Draft, tmp_path: Path) -> None:
    out = tmp_path / "synced"
    out.mkdir()
    open_account_store(settings).save(Account(name="nas", platform="folder", target=str(out)))
    first = publish(clip, "nas", settings=settings)
    second = publish(clip, "nas", settings=settings)
    (folder,) = out.iterdir()
    assert first == second and first.url == folder.as_uri() and first.status == "published"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["clip.mp4", "clip.srt", "clip.ass", "clip.jpg", "clip.json", "publication.json"])
    assert (folder / "clip.mp4").read_bytes() == Path(clip.video_path).read_bytes()
    meta = json.loads((folder / "publication.json").read_text(encoding="utf-8"))
    assert meta["ai_generated"] is True and meta["aigc"]["Label"] == "1" and meta["key"] == first.key
    assert meta["title"] == "夜市 night market" and "AI" in meta["ai_notice"]


def test_webhook_is_signed_retried_and_delivered_once(settings, clip: Draft) -> None:
    secret = "whsec-0123456789abcdef"
    with WebhookServer(secret) as server:
        open_account_store(settings).save(Account(name="hook", platform="webhook", target=server.url + "/hook",
                                                  signing_secret=secret))
        server.faults["post"] += [("status", 500), ("lose_reply",)]
        result = publish(clip, "hook", settings=settings)
        assert publish(clip, "hook", settings=settings) == result
        assert server.attempts == 3 and server.rejected == 0
        ((key, body),) = server.deliveries.items()
        assert key == result.key and body["ai_generated"] is True and body["aigc"]["Label"] == "1"
        assert body["video"]["url"] == Path(clip.video_path).resolve().as_uri()
        assert body["video"]["sha256"] == hashlib.sha256(Path(clip.video_path).read_bytes()).hexdigest()
        # A forged body with the old signature is turned away by the receiver.
        forged = json.dumps({**body, "title": "forged"}).encode()
        answer = httpx.post(server.url + "/hook", content=forged,
                            headers={"X-Reelflow-Signature": sign("wrong-secret", forged)})
        assert answer.status_code == 401


def test_account_file_is_private_encrypted_and_keyed_elsewhere(settings, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_account_store(settings)
    account = apply_tokens(Account(name="yt", platform="youtube", client_id="cid", client_secret="cs-SECRET-123"),
                           {"access_token": "at-SECRET-456", "refresh_token": "rt-SECRET-789", "expires_in": 60})
    store.save(account)
    path, key = settings.data_dir / "accounts.enc", settings.publishing.key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.parent != path.parent
    raw = path.read_bytes()
    assert b"SECRET" not in raw and b"at-" not in raw
    assert store.get("yt").secret("refresh_token") == "rt-SECRET-789"
    assert "SECRET" not in repr(store.get("yt")) and "SECRET" not in str(store.get("yt").summary())

    monkeypatch.setenv("REELFLOW_SECRET_KEY", "a long passphrase for tests")
    with pytest.raises(ReelflowError, match="encrypted with the key file"):
        open_account_store(settings).get("yt")
    other = FileAccountStore(tmp_path / "pass.enc", tmp_path / "unused.key", "a long passphrase for tests")
    other.save(account)
    assert not (tmp_path / "unused.key").exists()
    assert other.get("yt").secret("access_token") == "at-SECRET-456"
    with pytest.raises(ReelflowError, match="wrong key"):
        FileAccountStore(tmp_path / "pass.enc", tmp_path / "unused.key", "another passphrase!!").get("yt")


def test_cli_accounts_and_publish(settings, clip: Draft, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from reelflow.cli import app

    with YouTubeServer() as server:
        publishing = json.loads(settings.publishing.model_dump_json()) | {
            "youtube": server.settings() | {"chunk_bytes": 1 << 20}}
        monkeypatch.setenv("REELFLOW_PUBLISHING", json.dumps(publishing))
        env = {**os.environ, "REELFLOW_DATA_DIR": str(settings.data_dir)}
        # `accounts add` in its own process: the consent URL on stderr, the secret at a hidden prompt.
        add = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "accounts", "add", "youtube", "--name", "yt",
                                "--client-id", server.client_id, "--no-browser"], stdin=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
        add.stdin.write(server.client_secret + "\n")
        add.stdin.flush()
        consent = next(line.strip() for line in add.stderr if line.startswith("http"))
        threading.Thread(target=httpx.get, args=(consent,), kwargs={"follow_redirects": True}, daemon=True).start()
        _, rest = add.communicate(timeout=60)
        assert add.returncode == 0 and "Added youtube account 'yt'" in rest, rest

        runner = CliRunner()
        listed = runner.invoke(app, ["accounts", "list"])
        assert listed.exit_code == 0 and "yt" in listed.output and "youtube" in listed.output
        (token,) = server.access
        assert token not in listed.output and server.client_secret not in listed.output

        draft_json = str(Path(clip.video_path).with_suffix(".json"))
        dry = runner.invoke(app, ["publish", draft_json, "--account", "yt", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        plan = json.loads(dry.stdout)
        assert plan["ledger"] == "new" and plan["request"]["video"]["status"]["containsSyntheticMedia"] is True
        assert server.videos == {}

        done = runner.invoke(app, ["publish", draft_json, "--account", "yt"])
        assert done.exit_code == 0, done.output
        (video,) = server.videos.values()
        assert done.stdout.strip().endswith(f"https://www.youtube.com/shorts/{video.id}")
        assert runner.invoke(app, ["publish", draft_json, "--account", "yt"]).exit_code == 0
        assert len(server.videos) == 1

        bare = make_clip(tmp_path / "bare", tmp_path / "signing", labelled=False)
        refused = runner.invoke(app, ["publish", str(Path(bare["video_path"]).with_suffix(".json")),
                                      "--account", "yt"])
        assert refused.exit_code == 2 and "not fit to publish" in refused.output
        missing = runner.invoke(app, ["publish", draft_json, "--account", "nobody"])
        assert missing.exit_code == 1 and "accounts add PLATFORM --name nobody" in " ".join(missing.output.split())


def test_no_secret_in_logs_errors_store_or_files(settings, clip: Draft, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with YouTubeServer() as server:
        settings = settings.model_copy(update={"publishing": settings.publishing.model_copy(
            update={"youtube": settings.publishing.youtube.model_copy(update=server.settings())})})
        access, refresh = server.issue()
        account = apply_tokens(Account(name="yt", platform="youtube", client_id=server.client_id,
                                       client_secret=server.client_secret),
                               {"access_token": access, "refresh_token": refresh, "expires_in": 3600})
        open_account_store(settings).save(account)
        server.faults["put"].append(("expire_token",))  # refresh mid-upload: a new token appears
        publish(clip, "yt", settings=settings)
        second = Draft.model_validate(make_clip(Path(clip.video_path).parent / "two", settings.data_dir / "sig",
                                                name="two"))
        server.revoke()
        with pytest.raises(AuthRevoked) as caught:
            publish(second, "yt", settings=settings)
        secrets = [server.client_secret, refresh, *server.access]
        assert len(secrets) >= 4
        dump = "\n".join(sqlite3.connect(settings.data_dir / "reelflow.db").iterdump())
        files = b"".join(p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file())
        for secret in secrets:
            assert secret not in caplog.text
            assert secret not in str(caught.value) and secret not in repr(caught.value)
            assert secret not in dump
            assert secret.encode() not in files
        assert "youtube" in dump and "published" in dump  # the ledger itself is there
        assert datetime.now(UTC).year >= 2026


def test_accounts_in_prefect_secret_blocks(prefect_server: None, settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.blocks.system import Secret
    from prefect.settings import PREFECT_API_URL

    from flows.secrets_store import block_name

    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())

    def choosing(store: str):  # noqa: ANN202
        return settings.model_copy(update={"publishing": settings.publishing.model_copy(
            update={"account_store": store})})

    assert type(open_account_store(choosing("auto"))).__name__ == "FileAccountStore"  # a server alone switches nothing
    store = open_account_store(choosing("prefect"))
    assert type(store).__name__ == "PrefectSecretStore" and "Prefect Secret blocks on http" in store.where()
    account = apply_tokens(Account(name="Team_TT", platform="tiktok", client_id="ck", client_secret="cs-PREFECT-1"),
                           {"access_token": "at-PREFECT-2", "refresh_token": "rt-PREFECT-3", "expires_in": 60,
                            "open_id": "o1"})
    store.save(account)
    assert store.get("Team_TT").secret("refresh_token") == "rt-PREFECT-3"
    assert [a.name for a in store.list()] == ["Team_TT"]
    block = Secret.load(block_name("Team_TT"))
    assert "PREFECT" not in repr(block) and "PREFECT" not in str(block.value)  # shown obfuscated
    assert not (settings.data_dir / "accounts.enc").exists()
    assert store.remove("Team_TT") and store.list() == []


SERVED_RUN = """
import sys
from prefect import flow
from flows.publish_step import publish_draft
from reelflow.models import Draft

@flow
def publish_approved(path: str) -> str:
    return publish_draft(Draft.model_validate_json(open(path, encoding="utf-8").read()), "nas", None).status

print(publish_approved(sys.argv[1]))
"""


def test_account_added_as_the_readme_says_is_found_by_served_runs(prefect_server: None, clip: Draft, data_dir: Path,
                                                                    tmp_path: Path) -> None:
    """`reelflow accounts add folder --name nas --path DIR` with no server set, then a run in its own process
    the way `reelflow serve` starts one (PREFECT_API_URL set) publishes to `nas`: one store on the machine."""
    from prefect.settings import PREFECT_API_URL

    outbox = tmp_path / "outbox"
    plain = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL" and not k.startswith("REELFLOW_PUBLISHING")}
    plain |= {"REELFLOW_DATA_DIR": str(data_dir), "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def reelflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "reelflow.cli", *args], env=env, capture_output=True, text=True,
                              cwd=tmp_path, timeout=180)

    add = reelflow("accounts", "add", "folder", "--name", "nas", "--path", str(outbox), env=plain)
    assert add.returncode == 0, add.stderr
    said = " ".join(add.stderr.split())
    assert f"It lives in the encrypted file {data_dir / 'accounts.enc'}" in said and "reelflow serve" in said

    served = plain | {"PREFECT_API_URL": PREFECT_API_URL.value()}
    listed = reelflow("accounts", "list", env=served)
    assert listed.returncode == 0 and "nas" in listed.stdout, listed.stderr
    draft_json = str(Path(clip.video_path).with_suffix(".json"))
    run = subprocess.run([sys.executable, "-c", SERVED_RUN, draft_json], env=served, capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0 and run.stdout.strip().splitlines()[-1] == "published", run.stderr[-3000:]
    (post,) = outbox.iterdir()
    assert (post / "clip.mp4").read_bytes() == Path(clip.video_path).read_bytes()
