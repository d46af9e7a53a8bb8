"""kill -9 in the middle of a run, then run the article again: it carries on from what the store says is done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT
from flows_support import Reviewer, folder_account

from reelflow.settings import load_settings
from reelflow.store import Store

RUN = """
import sys
from flows.article_to_video import article_to_video
article_to_video(sys.argv[1], preset="preview", max_seconds=float(sys.argv[2]), review=sys.argv[3] == "review")
"""


def _start(article: Path, max_seconds: float, data_dir: Path, review: bool = False) -> subprocess.Popen[bytes]:
    """The flow in a child process, against the test's Prefect server and data dir."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, REELFLOW_DATA_DIR=str(data_dir), PREFECT_API_URL=str(PREFECT_API_URL.value()))
    return subprocess.Popen([sys.executable, "-c", RUN, str(article), str(max_seconds),
                             "review" if review else "make"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(what: str, check, proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before {what}: {proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _counts(store: Store) -> dict[str, int]:
    try:
        return store.counts()
    except Exception:  # noqa: BLE001 - the child has not created the database yet
        return {}


def _rendered(data_dir: Path) -> dict[Path, int]:
    """Finished shot files (a render in progress writes to a hidden temp name first)."""
    return {p: p.stat().st_mtime_ns for p in (data_dir / "cache" / "shots").glob("*.mp4")
            if not p.name.startswith(".")}


def test_kill_mid_render_then_resume(prefect_server, data_dir: Path) -> None:
    from flows.article_to_video import article_to_video

    article = ARTICLES / "zh_article.md"
    store = Store(load_settings().db_url)
    proc = _start(article, 25, data_dir)
    total = 0

    def mid_render() -> bool:
        nonlocal total
        counts = _counts(store)
        total = counts.get("shots", 0)
        return total > 0 and 1 <= counts.get("renders", 0) < total

    _wait_for("the first shot rendered", mid_render, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    before = _rendered(data_dir)
    recorded = store.counts()["renders"]
    assert 1 <= recorded < total and len(before) >= recorded  # killed with shots left to render

    draft = article_to_video(str(article), preset="preview", max_seconds=25)
    after = _rendered(data_dir)
    # No shot finished before the kill was rendered again: same files, untouched.
    assert all(after[p] == mtime for p, mtime in before.items())
    counts = store.counts()
    if counts["storyboards"] != 1:  # say how the re-run's plan differed from the killed run's
        a, b = (store.get_storyboard(i).model_dump() for i in (1, 2))
        diff = {k: (a[k], b[k]) for k in a if k != "shots" and a[k] != b[k]}
        diff.update({f"shot {i} {k}": (x[k], y[k]) for i, (x, y) in enumerate(zip(a["shots"], b["shots"],
                     strict=False)) for k in x if x[k] != y[k]})
        pytest.fail(f"the re-run planned another storyboard: {diff}")
    assert counts["renders"] == total and counts["drafts"] == 1
    assert len(after) == total
    assert Path(draft.video_path).is_file() and draft.metadata["outcome"] == "made"

    again = article_to_video(str(article), preset="preview", max_seconds=25)
    assert again.metadata["outcome"] == "reused" and store.counts()["drafts"] == 1
    store.dispose()


def test_kill_during_review_then_resume_asks_again_and_publishes_once(
        prefect_server, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.article_to_video import article_to_video

    published = folder_account(tmp_path, monkeypatch)
    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.5")
    article = ARTICLES / "en_article.md"
    store = Store(load_settings().db_url)
    proc = _start(article, 10, data_dir, review=True)

    def waiting() -> bool:
        try:
            return any(r.decision == "pending" for r in store.list_reviews())
        except Exception:  # noqa: BLE001 - no database yet
            return False

    _wait_for("the review question", waiting, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    renders = store.counts()["renders"]

    answer = {"decision": "approve", "accounts": ["team-folder"]}
    with Reviewer([answer]) as reviewer:
        draft = article_to_video(str(article), preset="preview", max_seconds=10, review=True)
    assert not reviewer.errors and draft.metadata["outcome"] == "published"
    (review,) = store.list_reviews()  # the same question, answered once
    assert review.decision == "approve" and review.accounts == ["team-folder"]
    assert store.counts()["drafts"] == 1 and store.counts()["renders"] == renders
    assert len(list(published.iterdir())) == 1
    store.dispose()
