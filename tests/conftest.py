"""Shared fixtures: an isolated data folder, a Prefect test server, media measurements."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
ROOT = Path(__file__).parent.parent

# Tests never depend on the network: the online voice is tried only where a test asks for it.
os.environ.setdefault("REELFLOW_SPEECH_ENGINE", "espeak")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder (store, caches, drafts) for one test."""
    path = tmp_path / "data"
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(path))
    monkeypatch.delenv("REELFLOW_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # so no reelflow.toml of the developer's is picked up
    return path


def postgres_url() -> str:
    """The test PostgreSQL server's URL; skips (or fails, where CI requires PostgreSQL) without one."""
    url = os.environ.get("REELFLOW_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("REELFLOW_REQUIRE_POSTGRES") == "1":
        pytest.fail("REELFLOW_REQUIRE_POSTGRES=1 but REELFLOW_TEST_POSTGRES_URL is not set; "
                    'run: eval "$(bash .ci/postgres.sh)"')
    pytest.skip("REELFLOW_TEST_POSTGRES_URL is not set")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file (in a folder the store has to create), or a new
    schema on the test PostgreSQL server, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'reelflow.db'}"
        return
    import uuid

    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.pool import NullPool

    base = make_url(postgres_url())
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator:
    """A migrated store on `db_url`."""
    from reelflow.store import Store

    s = Store(db_url)
    s.upgrade()
    yield s
    s.dispose()


@pytest.fixture
def youtube_server() -> Iterator:
    """The loopback YouTube Data API server (OAuth, resumable uploads) of tests/platform_servers.py."""
    from platform_servers import YouTubeServer

    with YouTubeServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One real (temporary) Prefect server for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def ffmpeg() -> str:
    from reelflow.media import ffmpeg_exe

    return ffmpeg_exe()


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) measured by ffmpeg's EBU R128 meter."""
    out = subprocess.run(
        [ffmpeg(), "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr
    summary = out[out.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


def parse_srt(path: Path) -> list[tuple[float, float, str]]:
    def secs(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        start, end = (secs(x.strip()) for x in lines[1].split("-->"))
        cues.append((start, end, "\n".join(lines[2:])))
    return cues


def mp4_tags(path: Path) -> dict[str, str]:
    import av

    with av.open(str(path)) as c:
        return {k.lower(): v for k, v in c.metadata.items()}


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- markers for a quick loop: `pytest -m "not slow"` ------------------------------------------------------
SLOW_MODULES = {"test_scale", "test_review_browser", "test_flows_inbox", "test_flows_serve", "test_docker",
                "test_flows_suspend"}
BROWSER_MODULES = {"test_review_browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by what they start: a Prefect server (`prefect`), Chromium (`browser`), and the slow ones
    (whole-system tests, full-size renders), so `-m "not slow"` is the quick loop."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if "prefect_server" in fixtures:
            item.add_marker(pytest.mark.prefect)
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if module in SLOW_MODULES or item.get_closest_marker("fullsize") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
