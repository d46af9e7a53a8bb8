"""`reelflow serve --print`, and the media server the dashboard's review pages point at."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from conftest import ROOT

from flows.media_server import MediaServer, link
from reelflow.settings import load_settings


def test_media_server_serves_drafts_with_ranges_and_nothing_else(data_dir: Path) -> None:
    drafts = data_dir / "drafts"
    drafts.mkdir(parents=True)
    body = bytes(range(256)) * 400
    (drafts / "clip 1.mp4").write_bytes(body)
    (data_dir / "reelflow.db").write_bytes(b"secret rows")
    (data_dir / "accounts.enc").write_bytes(b"tokens")
    server = MediaServer(data_dir).start()
    try:
        settings = load_settings(media_port=server.port)
        url = link(settings, drafts / "clip 1.mp4")
        assert url == f"http://127.0.0.1:{server.port}/drafts/clip%201.mp4"
        assert link(settings, data_dir / "reelflow.db") is None  # only drafts/ and thumbs/ get links

        whole = httpx.get(url)
        assert whole.status_code == 200 and whole.content == body and whole.headers["accept-ranges"] == "bytes"
        part = httpx.get(url, headers={"Range": "bytes=1000-1999"})  # what a browser asks when seeking
        assert part.status_code == 206 and part.content == body[1000:2000]
        assert part.headers["content-range"] == f"bytes 1000-1999/{len(body)}"
        tail = httpx.get(url, headers={"Range": "bytes=-100"})
        assert tail.status_code == 206 and tail.content == body[-100:]
        assert httpx.get(url, headers={"Range": f"bytes={len(body) + 10}-"}).status_code == 416

        base = f"http://127.0.0.1:{server.port}"
        for path in ("/reelflow.db", "/accounts.enc", "/drafts/../reelflow.db", "/drafts/%2e%2e/reelflow.db",
                     "/thumbs/../accounts.enc"):
            response = httpx.get(base + path)
            assert response.status_code == 404 and b"secret" not in response.content, path
    finally:
        server.stop()


def test_serve_print_shows_what_would_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(REELFLOW_DATA_DIR=str(tmp_path / "data"), REELFLOW_BATCH_SOURCE=str(tmp_path / "articles"),
               REELFLOW_BATCH_CRON="30 6 * * 1-5", REELFLOW_BATCH_TIMEZONE="Asia/Shanghai", REELFLOW_GPU_SLOTS="2",
               REELFLOW_MEDIA_PORT="8899")
    proc = subprocess.run([sys.executable, "-m", "reelflow.cli", "serve", "--print"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "start one on http://127.0.0.1:4200" in out  # no PREFECT_API_URL: serve starts a server
    assert "article-to-video/reelflow" in out and "review=True" in out
    assert "batch/reelflow  (served here)  schedule: cron '30 6 * * 1-5' (Asia/Shanghai)" in out
    assert "render-shots" not in out  # no GPU pool: shots render in the article's own run
    assert str(tmp_path / "articles") in out and str(tmp_path / "data" / "inbox") in out
    assert "127.0.0.1:8899" in out and "reelflow-gpu: 2 slot(s)" in out and "reelflow-edge-tts" in out
    assert not (tmp_path / "data").exists()  # --print starts nothing and writes nothing

    # With work pools, the flows are the pools' workers' to run, and the shots go to the GPU pool.
    pooled = dict(env, REELFLOW_CPU_POOL="cpu", REELFLOW_GPU_POOL="gpu-a100")
    out = subprocess.run([sys.executable, "-m", "reelflow.cli", "serve", "--print"], capture_output=True, text=True,
                         env=pooled, cwd=tmp_path, timeout=120).stdout
    assert "article-to-video/reelflow  (work pool 'cpu')" in out and "batch/reelflow  (work pool 'cpu')" in out
    assert "render-shots/reelflow  (work pool 'gpu-a100')" in out
    assert "reelflow-gpu-<GPU machine>: one per machine of the 'gpu-a100' pool" in out

    env["PREFECT_API_URL"] = "http://prefect.internal:4200/api"
    proc = subprocess.run([sys.executable, "-m", "reelflow.cli", "serve", "--print"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "use http://prefect.internal:4200/api" in proc.stdout


def test_serve_with_work_pools_deploys_to_them_and_stops_on_sigterm(tmp_path: Path) -> None:
    """With pools set, `reelflow serve` registers the deployments on the pools (for their workers),
    runs no flow itself, and a SIGTERM stops it and the Prefect server it started."""
    import signal
    import socket
    import time

    ports = []
    for _ in range(2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
    prefect_port, media_port = ports
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "REELFLOW_"))}
    env.update(REELFLOW_DATA_DIR=str(tmp_path / "data"), REELFLOW_PREFECT_PORT=str(prefect_port),
               REELFLOW_MEDIA_PORT=str(media_port), REELFLOW_CPU_POOL="cpu", REELFLOW_GPU_POOL="gpu")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "serve"], stdout=out, stderr=subprocess.STDOUT,
                                env=env, cwd=tmp_path)
    api = f"http://127.0.0.1:{prefect_port}/api"
    try:
        deadline = time.monotonic() + 180
        while "reelflow serve is running" not in log.read_text(errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
        deployments = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
        placed = {(d["entrypoint"], d["work_pool_name"]) for d in deployments}
        assert placed == {("flows.article_to_video.article_to_video", "cpu"), ("flows.batch.batch", "cpu"),
                          ("flows.render_pool.render_shots", "gpu")}
        pools = {p["name"]: p["type"] for p in httpx.post(f"{api}/work_pools/filter", json={}, timeout=10).json()}
        assert pools.get("cpu") == "process" and pools.get("gpu") == "process"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
    assert code == 0, log.read_text(errors="replace")[-3000:]
    with socket.socket() as s:  # the Prefect server it started is gone with it: nothing listens there
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # connections in TIME_WAIT do not count
        s.bind(("127.0.0.1", prefect_port))
        s.listen()
