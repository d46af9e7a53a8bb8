"""kill -9 in the middle of a run, then run the article again: it carries on from what the store says is done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, ffmpeg
from flows_support import Reviewer, flow_run, folder_account

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
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for(what: str, check, proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before {what}: {proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            _kill(proc)
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

    article = ARTICLES / "en_article.md"  # 4 shots on 3 workers: a render is always left when one is done
    store = Store(load_settings().db_url)
    proc = _start(article, 25, data_dir)
    total = 0

    def mid_render() -> bool:
        nonlocal total
        counts = _counts(store)
        total = counts.get("shots", 0)
        return total > 0 and 1 <= counts.get("renders", 0) < total

    _wait_for("the first shot rendered", mid_render, proc)
    _kill(proc)
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
    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.2")
    article = ARTICLES / "en_article.md"
    store = Store(load_settings().db_url)
    proc = _start(article, 10, data_dir, review=True)

    def waiting() -> bool:
        """The question is stored and the run is paused on it (the question is stored just before the pause:
        a kill in between would leave a run the server still calls Running; see the closing note)."""
        try:
            return any(r.decision == "pending" and r.flow_run_id and flow_run(r.flow_run_id).state.is_paused()
                       for r in store.list_reviews())
        except Exception:  # noqa: BLE001 - no database yet
            return False

    _wait_for("the review question", waiting, proc)
    _kill(proc)
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


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """kill -9 the run and everything it started (its ffmpeg children too), as when its machine dies."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in children.read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


def _ffmpeg_writing(pid: int, folder: Path) -> Path | None:
    """The file in `folder` that an ffmpeg child of `pid` is writing right now, if one is."""
    for child in _children(pid):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:  # it exited meanwhile
            continue
        if argv and "ffmpeg" in Path(argv[0]).name:
            for arg in argv[1:]:
                if arg.startswith(str(folder) + os.sep) and arg.endswith(".mp4"):
                    return Path(arg)
    return None


def _probe(path: Path) -> dict[str, float]:
    """Container, video and audio durations, read with PyAV (what the project ships; no system ffprobe)."""
    import av

    with av.open(str(path)) as c:
        found = {"format": c.duration / 1_000_000}
        for stream in c.streams:
            if stream.duration is not None and stream.time_base is not None:
                found[stream.type] = float(stream.duration * stream.time_base)
    return found


def _decodes_cleanly(path: Path) -> bool:
    """Every frame decodes without an error: the file was written to its end."""
    proc = subprocess.run([ffmpeg(), "-v", "error", "-nostdin", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True)
    return proc.returncode == 0 and not proc.stderr.strip()


def _narration_seconds(data_dir: Path) -> float:
    return sum(_probe(p)["format"] for p in (data_dir / "cache" / "speech").rglob("*.wav"))


def test_kill_mid_cut_then_resume(prefect_server, data_dir: Path) -> None:
    from flows.article_to_video import article_to_video
    from reelflow.pipeline.steps import LEAD

    article = ARTICLES / "en_article.md"
    drafts = data_dir / "drafts"
    store = Store(load_settings().db_url)
    proc = _start(article, 10, data_dir)
    writing: list[Path] = []

    def mid_cut() -> bool:
        found = _ffmpeg_writing(proc.pid, drafts)
        writing.extend([found] if found else [])
        return found is not None

    _wait_for("the cut's encode", mid_cut, proc)
    _kill(proc)
    counts = store.counts()
    assert counts["drafts"] == 0 and counts["renders"] == counts["shots"] > 0  # every shot done, no draft yet
    assert writing[0].name.startswith("."), "the encode writes to a hidden temp name"
    assert not [p for p in drafts.glob("*.mp4") if not p.name.startswith(".")], "nothing under a finished name"
    before = _rendered(data_dir)

    draft = article_to_video(str(article), preset="preview", max_seconds=10)
    assert draft.metadata["outcome"] == "made"
    assert _rendered(data_dir) == before  # no shot rendered again: the same files, untouched
    after = store.counts()
    assert (after["renders"], after["storyboards"], after["drafts"]) == (counts["renders"], 1, 1)

    # Every file that looks finished is whole: the one draft, decoding to its end, as long as its narration.
    finished = [p for p in drafts.glob("*.mp4") if not p.name.startswith(".")]
    assert finished == [Path(draft.video_path)]
    assert _decodes_cleanly(finished[0])
    lengths = _probe(finished[0])
    start, seconds = draft.metadata["shot_times"][-1]
    assert abs(lengths["video"] - (start + seconds)) < 0.1 and abs(lengths["audio"] - lengths["video"]) < 0.1
    spoken, shots = _narration_seconds(data_dir), counts["shots"]
    assert spoken < lengths["format"] < spoken + shots * (LEAD + load_settings().shot_pad) + 0.5
    assert draft.duration == pytest.approx(lengths["format"], abs=0.05)
    store.dispose()


def test_kill_mid_publish_then_resume_posts_once(prefect_server, data_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The flow approves, starts a YouTube upload, dies mid-upload; a re-run finishes that same upload."""
    from platform_servers import YouTubeServer, publishing_settings

    from flows.article_to_video import article_to_video
    from publishing.accounts import Account, open_account_store
    from publishing.oauth import apply_tokens

    chunk = 256 * 1024
    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.2")
    article = ARTICLES / "en_article.md"
    store = Store(load_settings().db_url)
    with YouTubeServer() as server:
        settings = publishing_settings(data_dir, tmp_path / "config" / "accounts.key",
                                       youtube=server.settings() | {"chunk_bytes": chunk, "privacy": "public"})
        monkeypatch.setenv("REELFLOW_PUBLISHING", settings.publishing.model_dump_json())
        access, refresh = server.issue()
        open_account_store(settings).save(apply_tokens(
            Account(name="yt", platform="youtube", client_id=server.client_id, client_secret=server.client_secret),
            {"access_token": access, "refresh_token": refresh, "expires_in": 3600}))
        server.pause_after(0)  # the upload's first chunk is held until the test lets go (the clip is one chunk)

        with Reviewer([{"decision": "approve", "accounts": ["yt"]}]) as reviewer:
            proc = _start(article, 8, data_dir, review=True)
            _wait_for("the upload", server.paused.is_set, proc)
            _kill(proc)
        assert not reviewer.errors and len(reviewer.answered) == 1
        (row,) = store.list_publications()
        assert row.status == "uploading" and row.session["session_uri"] and row.owner
        assert server.videos == {} and len(server.sessions) == 1  # killed mid-upload: a session, no video
        server.resume()

        draft = article_to_video(str(article), preset="preview", max_seconds=8, review=True)

        assert draft.metadata["outcome"] == "published"
        (video,) = server.videos.values()  # exactly one post, byte for byte the draft
        assert video.data == Path(draft.video_path).read_bytes()
        assert len(server.sessions) == 1, "the same upload session went on"
        (row,) = store.list_publications()  # exactly one ledger row, for this clip and account
        assert (row.status, row.remote_id, row.account) == ("published", video.id, "yt")
        assert [r.decision for r in store.list_reviews()] == ["approve"]  # not asked again
        assert store.counts()["drafts"] == 1

        again = article_to_video(str(article), preset="preview", max_seconds=8, review=True)
        assert again.metadata["outcome"] == "published"
        assert len(server.videos) == 1 and len(server.sessions) == 1 and len(store.list_publications()) == 1
    store.dispose()
