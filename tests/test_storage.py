"""The media storage layer: a file made on one worker is fetched by another that shares no disk with it.

Two data dirs stand for two machines. The storage is a folder (what every worker could mount) or a
real S3 API: moto's S3 server on 127.0.0.1, spoken to over HTTP by s3fs, as MinIO would be.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reelflow.errors import ReelflowError
from reelflow.storage import MediaStorage


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    keys = {"AWS_ACCESS_KEY_ID": "reelflow-test", "AWS_SECRET_ACCESS_KEY": "reelflow-test-secret",
            "AWS_DEFAULT_REGION": "us-east-1"}
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    import s3fs

    with contextlib.suppress(FileExistsError):  # moto keeps buckets for the life of the process
        s3fs.S3FileSystem(endpoint_url=endpoint).mkdir("media")
    try:
        yield endpoint
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _machines(tmp_path: Path, url: str, endpoint: str | None = None) -> tuple[MediaStorage, MediaStorage]:
    return (MediaStorage(tmp_path / "gpu-box", url, endpoint), MediaStorage(tmp_path / "cpu-box", url, endpoint))


def _made_on(storage: MediaStorage, rel: str, data: bytes) -> Path:
    path = storage.data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_a_file_made_on_one_worker_is_fetched_by_another(kind: str, tmp_path: Path, request: pytest.FixtureRequest
                                                        ) -> None:
    if kind == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        url = f"s3://media/{tmp_path.name}"
    else:
        endpoint, url = None, str(tmp_path / "shared")
    gpu, cpu = _machines(tmp_path, url, endpoint)
    payload = os.urandom(300_000)
    made = _made_on(gpu, "cache/shots/ab12.mp4", payload)

    ref = gpu.put(made)
    assert ref.endswith("/cache/shots/ab12.mp4") and "://" in ref
    assert cpu.exists(ref) and not (cpu.data_dir / "cache/shots/ab12.mp4").exists()

    local = cpu.fetch(ref)
    # Same layout on every machine: the copy lands at the same path under the other data dir.
    assert local == cpu.data_dir / "cache/shots/ab12.mp4"
    assert local.read_bytes() == payload
    assert not list(local.parent.glob("*.part-*"))

    # Fetched once: a second fetch finds the local copy (same size) and does not download again.
    stamp = local.stat().st_mtime_ns
    assert cpu.fetch(ref) == local and local.stat().st_mtime_ns == stamp

    # The worker that made it gets its own file back without a copy.
    assert gpu.fetch(ref) == made


def test_folder_storage_leaves_no_partial_file(tmp_path: Path) -> None:
    gpu, _ = _machines(tmp_path, str(tmp_path / "shared"))
    made = _made_on(gpu, "drafts/clip.mp4", b"x" * 1000)
    gpu.put(made)
    assert sorted(p.name for p in (tmp_path / "shared" / "drafts").iterdir()) == ["clip.mp4"]


def test_without_a_storage_url_files_stay_where_they_are(tmp_path: Path) -> None:
    local = MediaStorage(tmp_path / "data")
    made = _made_on(local, "cache/shots/x.mp4", b"abc")
    assert not local.shared
    assert local.put(made) == str(made)
    assert local.fetch(str(made)) == made
    assert local.exists(str(made)) and not local.exists(str(made) + ".gone")


def test_missing_files_are_named_in_one_line(tmp_path: Path, s3_endpoint: str) -> None:
    gpu, cpu = _machines(tmp_path, f"s3://media/{tmp_path.name}", s3_endpoint)
    with pytest.raises(ReelflowError, match=r"does-not-exist\.mp4: cannot store"):
        gpu.put(tmp_path / "does-not-exist.mp4")
    ref = f"s3://media/{tmp_path.name}/cache/shots/never-made.mp4"
    assert not cpu.exists(ref)
    with pytest.raises(ReelflowError, match=r"never-made\.mp4: not found in the media storage"):
        cpu.fetch(ref)
    with pytest.raises(ReelflowError, match="file not found"):
        cpu.fetch(str(tmp_path / "nowhere.mp4"))


def test_files_outside_the_data_dir_get_a_stable_key(tmp_path: Path) -> None:
    storage = MediaStorage(tmp_path / "data", str(tmp_path / "shared"))
    outside = tmp_path / "elsewhere" / "article.md"
    outside.parent.mkdir()
    outside.write_text("# hi", encoding="utf-8")
    key = storage.key_of(outside)
    assert key.startswith("external/") and key.endswith("/article.md") and key == storage.key_of(outside)
    ref = storage.put(outside)
    other = MediaStorage(tmp_path / "other", str(tmp_path / "shared"))
    assert other.fetch(ref).read_text(encoding="utf-8") == "# hi"


def test_media_server_serves_a_draft_made_on_another_worker(tmp_path: Path) -> None:
    import httpx

    from flows.media_server import MediaServer

    worker, reviewer = _machines(tmp_path, str(tmp_path / "shared"))
    payload = os.urandom(50_000)
    worker.put(_made_on(worker, "drafts/clip-1a2b.mp4", payload))
    (reviewer.data_dir / "reelflow.db").parent.mkdir(parents=True, exist_ok=True)
    (reviewer.data_dir / "reelflow.db").write_bytes(b"secret")
    server = MediaServer(reviewer.data_dir, storage=reviewer).start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        whole = httpx.get(f"{base}/drafts/clip-1a2b.mp4")
        assert whole.status_code == 200 and whole.content == payload
        part = httpx.get(f"{base}/drafts/clip-1a2b.mp4", headers={"Range": "bytes=100-199"})
        assert part.status_code == 206 and part.content == payload[100:200]
        assert httpx.get(f"{base}/drafts/never-made.mp4").status_code == 404
        for path in ("/drafts/../reelflow.db", "/drafts/%2e%2e/reelflow.db"):
            response = httpx.get(base + path)
            assert response.status_code == 404 and b"secret" not in response.content, path
    finally:
        server.stop()


@pytest.mark.usefixtures("prefect_server")
def test_a_draft_made_on_one_machine_is_reused_by_another(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two data dirs, one store, one shared media folder: the second machine finds the first one's
    draft in the storage and fetches it instead of making it again; its shots too."""
    from flows.article_to_video import article_to_video
    from reelflow.store import Store

    article = Path(__file__).parent / "fixtures" / "articles" / "en_article.md"
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REELFLOW_DATABASE_URL", db)
    monkeypatch.setenv("REELFLOW_STORAGE_URL", str(tmp_path / "shared-media"))

    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "box-a"))
    made = article_to_video(str(article), preset="preview", max_seconds=8)
    assert made.metadata["outcome"] == "made"
    stored = made.metadata["stored"]
    assert set(stored) >= {".mp4", ".srt", ".ass", ".jpg"}
    assert all(ref.startswith("file://" + str(tmp_path / "shared-media")) for ref in stored.values())

    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "box-b"))
    again = article_to_video(str(article), preset="preview", max_seconds=8)
    assert again.metadata["outcome"] == "reused"
    local = Path(again.video_path)
    assert local.is_file() and str(local).startswith(str(tmp_path / "box-b"))
    assert local.read_bytes() == Path(made.video_path).read_bytes()
    assert not (tmp_path / "box-b" / "cache" / "shots").exists()  # nothing rendered on box B
    with Store(db) as store:
        assert store.counts()["drafts"] == 1


def test_doctor_checks_the_storage_with_a_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     s3_endpoint: str) -> None:
    from reelflow.doctor import check_storage

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REELFLOW_STORAGE_URL", raising=False)
    local = check_storage()
    assert local.ok and not local.essential and "local files" in local.detail

    monkeypatch.setenv("REELFLOW_STORAGE_URL", f"s3://media/{tmp_path.name}")
    monkeypatch.setenv("REELFLOW_STORAGE_ENDPOINT", s3_endpoint)
    s3 = check_storage()
    assert s3.ok and "put, fetch and delete work" in s3.detail
    import s3fs

    assert s3fs.S3FileSystem(endpoint_url=s3_endpoint).find(f"media/{tmp_path.name}") == []  # probe removed

    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("REELFLOW_STORAGE_URL", str(blocker / "media"))  # a folder inside a file: unusable
    broken = check_storage()
    assert not broken.ok and broken.essential and "storage_url" in broken.advice
