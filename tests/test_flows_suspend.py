"""A draft waiting for review holds no process: the run suspends, and its deployment starts it again.

`reelflow serve` with the inbox, one article dropped in: the run from the `article-to-video`
deployment makes the draft, then suspends for review. While it waits, no process runs it (none has
its flow-run id in its environment), so a hundred waiting drafts cost rows, not memory. The
reviewer's answer, sent as the dashboard's Resume form sends it, reschedules the run; serve's runner
starts it again, the pipeline finds the draft in the store, and the run publishes to a folder account.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ARTICLES, ROOT
from flows_support import folder_account
from test_review_browser import Budget, _free_port, _until

BUDGET = 700.0


def processes_of(run_id: str) -> list[int]:
    """Live processes whose environment names this flow run (how Prefect's runner starts one)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            env = (proc / "environ").read_bytes()
        except OSError:
            continue
        if f"PREFECT__FLOW_RUN_ID={run_id}".encode() in env.split(b"\0"):
            pids.append(int(proc.name))
    return pids


def test_waiting_review_holds_no_process(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    budget = Budget(BUDGET)
    published = folder_account(tmp_path, monkeypatch)
    prefect_port, media_port = _free_port(), _free_port()
    inbox = tmp_path / "inbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        REELFLOW_DATA_DIR=str(data_dir), REELFLOW_INBOX_DIR=str(inbox), REELFLOW_INBOX_SETTLE="0.5",
        REELFLOW_INBOX_POLL="0.2", REELFLOW_SERVE_POLL="0.5", REELFLOW_PRESET="preview", REELFLOW_MAX_SECONDS="8",
        REELFLOW_PUBLISH_ACCOUNTS='["team-folder"]', REELFLOW_PREFECT_PORT=str(prefect_port),
        REELFLOW_MEDIA_PORT=str(media_port), PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_RUNNER_POLL_FREQUENCY="2",
    )
    api = f"http://127.0.0.1:{prefect_port}/api"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "serve"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        _until("the deployment", lambda: httpx.get(f"{api}/deployments/name/article-to-video/reelflow",
                                                   timeout=5).status_code == 200, proc, log, budget.left(360))
        shutil.copy(ARTICLES / "zh_bom.md", inbox / "weekend-market.md")

        def suspended() -> dict | None:
            runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}},
                              timeout=10).json()
            return runs[0] if runs else None

        run = _until("the run to wait for review", suspended, proc, log, budget.left(360))
        assert run["state"]["name"] == "Suspended", run["state"]
        # The process that made the draft has ended: nothing holds the waiting review.
        _until("the run's process to end", lambda: not processes_of(run["id"]), proc, log, budget.left(60))
        time.sleep(2)
        assert processes_of(run["id"]) == []
        assert (inbox / "done" / "weekend-market.md").is_file()  # the inbox saw it waiting

        # The same article again, under another name, while the first waits: one draft, one open review,
        # one waiting run. The second run finds the draft and leaves the question where it is.
        shutil.copy(ARTICLES / "zh_bom.md", inbox / "weekend-market (copy).md")
        _until("the duplicate to be filed", lambda: (inbox / "done" / "weekend-market (copy).md").is_file(), proc, log,
               budget.left(300))
        runs = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=10).json()
        by_state = sorted(r["state"]["name"] for r in runs if r["id"] != run["id"])
        assert by_state == ["AwaitingReview"], by_state
        assert len(httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}},
                              timeout=10).json()) == 1

        # Each file's outcome is one line on serve's console, with the link to the run that waits...
        link = f"http://127.0.0.1:{prefect_port}/runs/flow-run/{run['id']}"
        said = log.read_text(errors="replace")
        assert "weekend-market.md: draft made; awaits review in run" in said and link in said, said[-2000:]
        # ...and in `reelflow inbox status --json`.
        listing = subprocess.run([sys.executable, "-m", "reelflow.cli", "inbox", "status", "--json"], cwd=ROOT,
                                 env=env, capture_output=True, text=True, timeout=120)
        assert listing.returncode == 0, listing.stderr
        rows = {r["file"]: r for r in json.loads(listing.stdout)}
        assert rows["weekend-market.md"]["outcome"] == "done" and link in rows["weekend-market.md"]["detail"]
        assert "AwaitingReview" in rows["weekend-market (copy).md"]["detail"]

        # The reviewer answers, as the dashboard's Resume form does.
        answer = {"decision": "approve", "notes": "Looks right.", "shots": [], "accounts": [], "post": []}
        # serve's Prefect server is on SQLite: under load it can answer 503 (database locked), and the reviewer
        # presses Submit again (issue 16, defect 7, is about making that unnecessary).
        for _ in range(5):
            resumed = httpx.post(f"{api}/flow_runs/{run['id']}/resume", json={"run_input": answer}, timeout=30)
            if resumed.status_code != 503:
                break
            time.sleep(2)
        assert resumed.status_code < 300 and resumed.json()["status"] == "ACCEPT", resumed.text

        def finished() -> dict | None:
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=5).json()["state"]
            return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = _until("the resumed run to finish", finished, proc, log, budget.left(300))
        assert state["type"] == "COMPLETED", (state.get("message"), log.read_text(errors="replace")[-4000:])
        (post,) = list(published.iterdir())
        assert list(post.glob("*.mp4")) and (post / "publication.json").is_file()

        from reelflow.settings import load_settings
        from reelflow.store import Store

        with Store(load_settings().db_url) as store:
            assert store.counts()["drafts"] == 1  # started again, made nothing again
            (review,) = store.list_reviews()
            assert (review.decision, review.notes) == ("approve", "Looks right.")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
