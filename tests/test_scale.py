"""Scale-out without Docker: the compose topology as real processes on one machine.

A Prefect server on PostgreSQL; `reelflow deploy` puts `article-to-video` and `batch` on the `cpu`
pool and `render-shots` on the `gpu` pool; one `prefect worker start` per pool, each with its own data
dir; media in an S3 API on loopback. A batch of four articles must come out as exactly one draft each,
every article made on the CPU pool, every shot rendered (by the tiny random DiT) on the GPU pool, and
the files crossing between the workers only through the media storage.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import postgres_url

pytest.importorskip("diffusers")
pytest.importorskip("s3fs")
pytest.importorskip("moto")

from dit_tiny import build  # noqa: E402
from topology import Topology, copy_articles  # noqa: E402

from reelflow.media import probe  # noqa: E402
from reelflow.storage import MediaStorage  # noqa: E402
from reelflow.store import Store  # noqa: E402

ARTICLES = ["en_article.md", "zh_article.md", "zh_gbk.txt", "zh_page.html"]


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    url = postgres_url()
    root = tmp_path_factory.mktemp("scale")
    topo = Topology(root, url, build("wan", root / "tiny-wan"))
    try:
        topo.start(gpu_workers=1)
        yield topo
    finally:
        topo.close()


@pytest.mark.postgres
def test_a_batch_is_split_across_cpu_and_gpu_workers_one_draft_per_article(topology: Topology,
                                                                             tmp_path: Path) -> None:
    source = copy_articles(ARTICLES, tmp_path / "batch")
    run = topology.run_batch(source)
    assert run.state.is_completed(), f"batch ended {run.state.name}: {run.state.message}\n{topology.log_tail()}"

    runs = topology.flow_runs()
    articles = [r for name, r in runs if name == "article-to-video"]
    renders = [r for name, r in runs if name == "render-shots"]
    assert len(articles) == 4 and all(r.state.is_completed() for r in articles)
    assert len(renders) == 4 and all(r.state.is_completed() for r in renders)
    # Each kind of work ran on its own pool's worker.
    assert {r.work_pool_name for r in articles} == {"cpu"}
    assert {r.work_pool_name for r in renders} == {"gpu"}
    # The GPU box made its own limit (a slot per GPU it has); the CPU side made no GPU limit.
    limits = topology.limits()
    assert limits.get("reelflow-gpu-gpu-box") == 1 and "reelflow-gpu" not in limits

    store = Store(topology.store_url)
    try:
        drafts = {name: store.drafts_of(hashlib.sha256((source / name).read_bytes()).hexdigest())
                  for name in ARTICLES}
        counts = store.counts()
    finally:
        store.dispose()
    assert {name: len(d) for name, d in drafts.items()} == dict.fromkeys(ARTICLES, 1)  # exactly one each
    assert counts["drafts"] == 4

    # No shared disk: the shots were rendered in the GPU box's data dir and reached the CPU box
    # through the media storage (same layout, fetched), and every draft is in the storage.
    gpu_shots = {p.name for p in (topology.root / "gpu-box" / "cache" / "shots").rglob("*.mp4")}
    cpu_shots = {p.name for p in (topology.root / "cpu-box" / "cache" / "shots").rglob("*.mp4")}
    assert gpu_shots and cpu_shots == gpu_shots
    reader = MediaStorage(tmp_path / "reviewer-box", topology.storage_url, topology.s3_endpoint)
    for (draft,) in drafts.values():
        ref = draft.metadata["stored"][".mp4"]
        assert ref.startswith(topology.storage_url + "/drafts/")
        info = probe(reader.fetch(ref))
        assert (info.width, info.height, info.video_codec, info.audio_codec) == (270, 480, "h264", "aac")
        assert abs(info.duration - draft.duration) < 0.5

    # The same batch again makes nothing: every article already has its draft.
    again = topology.run_batch(source)
    assert again.state.is_completed()
    after = topology.flow_runs()
    assert sum(1 for name, _ in after if name == "article-to-video") == 4
    assert sum(1 for name, _ in after if name == "render-shots") == 4


def test_deploy_says_what_is_missing(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "REELFLOW_"))}
    env["REELFLOW_DATA_DIR"] = str(tmp_path / "data")
    cmd = [sys.executable, "-m", "reelflow.cli", "deploy"]
    no_pool = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert no_pool.returncode == 2 and "no work pool is set" in no_pool.stderr
    no_server = subprocess.run(cmd, capture_output=True, text=True, env=dict(env, REELFLOW_GPU_POOL="gpu"),
                               cwd=tmp_path, timeout=120)
    assert no_server.returncode == 1 and "PREFECT_API_URL is not set" in no_server.stderr
