"""A draft waiting for review holds no process: the run suspends, and its deployment starts it again.

`reelflow serve` with the inbox, one article dropped in: the run from the `article-to-video`
deployment makes the draft, then suspends for review. While it waits, no process runs it (none has
its flow-run id in its environment), so a hundred waiting drafts cost rows, not memory. The
reviewer's answer, sent as the dashboard's Resume form sends it, reschedules the run; serve's runner
starts it again, the pipeline finds the draft in the store, and the run publishes to a folder account.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ARTICLES, ROOT
from flows_support import Serve, folder_account
from test_review_browser import Budget

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
    with Serve(data_dir, tmp_path, budget.left(360), REELFLOW_PUBLISH_ACCOUNTS='["team-folder"]') as serve:
        api, inbox = serve.api, serve.inbox
        shutil.copy(ARTICLES / "zh_bom.md", inbox / "weekend-market.md")

        def suspended() -> dict | None:
            runs = serve.runs("PAUSED")
            return runs[0] if runs else None

        run = serve.until("the run to wait for review", suspended, budget.left(360))
        assert run["state"]["name"] == "Suspended", run["state"]
        # The process that made the draft has ended: nothing holds the waiting review.
        serve.until("the run's process to end", lambda: not processes_of(run["id"]), budget.left(60))
        time.sleep(2)
        assert processes_of(run["id"]) == []
        assert (inbox / "done" / "weekend-market.md").is_file()  # the inbox saw it waiting

        # The same article again, under another name, while the first waits: one draft, one open review,
        # one waiting run. The second run finds the draft and leaves the question where it is.
        shutil.copy(ARTICLES / "zh_bom.md", inbox / "weekend-market (copy).md")
        serve.until("the duplicate to be filed", lambda: (inbox / "done" / "weekend-market (copy).md").is_file(),
                    budget.left(300))
        by_state = sorted(r["state"]["name"] for r in serve.runs() if r["id"] != run["id"])
        assert by_state == ["AwaitingReview"], by_state
        assert len(serve.runs("PAUSED")) == 1

        # Each file's outcome is one line on serve's console, with the link to the run that waits...
        link = f"{serve.dashboard}/runs/flow-run/{run['id']}"
        said = serve.log.read_text(errors="replace")
        assert "weekend-market.md: draft made; awaits review in run" in said and link in said, said[-2000:]
        # ...and in `reelflow inbox status --json`.
        listing = subprocess.run([sys.executable, "-m", "reelflow.cli", "inbox", "status", "--json"], cwd=ROOT,
                                 env=serve.env, capture_output=True, text=True, timeout=120)
        assert listing.returncode == 0, listing.stderr
        rows = {r["file"]: r for r in json.loads(listing.stdout)}
        assert rows["weekend-market.md"]["outcome"] == "done" and link in rows["weekend-market.md"]["detail"]
        assert "AwaitingReview" in rows["weekend-market (copy).md"]["detail"]

        # The reviewer answers, once, as the dashboard's Resume form does (it does not retry).
        answer = {"decision": "approve", "notes": "Looks right.", "shots": [], "accounts": [], "post": []}
        resumed = httpx.post(f"{api}/flow_runs/{run['id']}/resume", json={"run_input": answer}, timeout=60)
        assert resumed.status_code < 300 and resumed.json()["status"] == "ACCEPT", resumed.text

        state = serve.until("the resumed run to finish", lambda: serve.finished(run["id"]), budget.left(300))
        assert state["type"] == "COMPLETED", (state.get("message"), serve.tail(4000))
        (post,) = list(published.iterdir())
        assert list(post.glob("*.mp4")) and (post / "publication.json").is_file()

        from reelflow.settings import load_settings
        from reelflow.store import Store

        with Store(load_settings().db_url) as store:
            assert store.counts()["drafts"] == 1  # started again, made nothing again
            (review,) = store.list_reviews()
            assert (review.decision, review.notes) == ("approve", "Looks right.")
