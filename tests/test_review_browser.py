"""End to end, as a person uses it: `reelflow serve`, a file dropped in the inbox, the review in a real browser.

Headless Chromium (Debian's `chromium`) driven by Playwright opens the paused run in the Prefect
dashboard that `reelflow serve` started, checks what the reviewer sees (the artifacts, the stills and
the draft playing from the media server), picks "approve" in the Resume form and submits it; the run
then publishes to a folder account.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ARTICLES, ROOT
from flows_support import folder_account

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")

# One budget for the whole test, under pytest's per-test timeout (900 s), so that a slow machine fails
# with our message and serve's log rather than a stack dump. On a loaded 2-core machine the test has
# taken over 200 s (serve's own Prefect server, a flow run in a subprocess, Chromium drawing the UI).
BUDGET = 780.0
UI_WAIT_MS = 180_000  # the longest any single step in the browser may take


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Budget:
    """What is left of the test's time; every wait takes at most that."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self, cap: float) -> float:
        return max(1.0, min(cap, self.deadline - time.monotonic()))

    def ms(self, cap_ms: float = UI_WAIT_MS) -> float:
        return self.left(cap_ms / 1000) * 1000


def _until(what: str, check, proc: subprocess.Popen[bytes], log: Path, timeout: float):  # noqa: ANN001, ANN202
    """Poll `check` (cheap local reads) until it returns something; fail early if serve has stopped."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        if proc.poll() is not None:
            pytest.fail(f"reelflow serve stopped before {what}:\n{log.read_text(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n"
                        f"{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def test_review_in_the_dashboard_then_publish(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    budget = Budget(BUDGET)
    published = folder_account(tmp_path, monkeypatch)
    prefect_port, media_port = _free_port(), _free_port()
    inbox = tmp_path / "inbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        REELFLOW_DATA_DIR=str(data_dir), REELFLOW_INBOX_DIR=str(inbox), REELFLOW_INBOX_SETTLE="0.5",
        REELFLOW_INBOX_POLL="0.2", REELFLOW_SERVE_POLL="0.5", REELFLOW_REVIEW_POLL="0.5", REELFLOW_PRESET="preview",
        REELFLOW_MAX_SECONDS="8", REELFLOW_PUBLISH_ACCOUNTS='["team-folder"]',
        REELFLOW_PREFECT_PORT=str(prefect_port), REELFLOW_MEDIA_PORT=str(media_port),
        REELFLOW_BATCH_SOURCE=str(tmp_path / "articles"), REELFLOW_BATCH_CRON="15 6 * * *",
        PREFECT_HOME=str(tmp_path / "prefect-home"),  # the server's own database, thrown away after
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
        # The inbox hands the file to the deployment and files it under done/ once the run waits for review.
        _until("the draft", lambda: (inbox / "done" / "weekend-market.md").is_file(), proc, log, budget.left(360))
        runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}},
                          timeout=10).json()
        (run,) = runs
        # The run reads a kept copy of the file (data/articles/<hash>/): the inbox files the original away.
        assert run["parameters"]["article_path"].endswith("/weekend-market.md")
        assert Path(run["parameters"]["article_path"]).is_relative_to(data_dir / "articles")

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # Every wait below is on an event (an element, a response), bounded by what is left of the budget.
            page.set_default_timeout(budget.ms())
            page.set_default_navigation_timeout(budget.ms())
            page.goto(f"http://127.0.0.1:{prefect_port}/runs/flow-run/{run['id']}", wait_until="domcontentloaded")
            # Suspended: the run waits holding no process (review_suspend), and Resume starts it again.
            page.get_by_text("Suspended", exact=True).first.wait_for(timeout=budget.ms())

            # The run's artifacts: the storyboard table, render progress, the review page.
            page.get_by_text("Artifacts", exact=True).first.click()
            for text in ("TABLE", "PROGRESS", "MARKDOWN", "Review draft v1"):
                page.get_by_text(text).first.wait_for(timeout=budget.ms())

            page.get_by_role("button", name="Resume").click()
            form = page.locator(".p-modal__body")
            form.locator("img").first.wait_for(timeout=budget.ms())
            page.wait_for_function("() => [...document.querySelectorAll('.p-modal__body img')].every(i => i.complete)",
                                   timeout=budget.ms())
            stills = form.locator("img").all()
            assert len(stills) >= 2 and all(i.evaluate("e => e.naturalWidth") > 0 for i in stills)
            assert all(str(media_port) in (i.get_attribute("src") or "") for i in stills)
            # The draft plays in the browser, from the media server.
            href = form.get_by_role("link", name="Play the draft").get_attribute("href")
            played = page.evaluate("""([src, ms]) => new Promise((ok, bad) => {
                const v = document.createElement('video');
                v.muted = true; v.src = src;
                v.onloadeddata = () => ok([v.duration, v.videoWidth, v.videoHeight]);
                v.onerror = () => bad(String(v.error && v.error.code));
                setTimeout(() => bad('no video data after ' + ms + ' ms'), ms); })""", [href, budget.ms()])
            assert played[1:] == [270, 480] and played[0] > 1

            decision = form.locator(".p-select-button__control").first
            decision.click()
            page.keyboard.press("ArrowDown")  # opens the list of choices
            page.get_by_role("option", name="approve", exact=True).click()
            assert decision.inner_text().strip() == "approve"
            form.locator("textarea").first.fill("Looks right; ship it.")
            # Closing the browser before the UI's resume request has its answer could cancel it:
            # wait for that answer.
            # A Prefect server on SQLite answers 503 when its database is locked under load; the form
            # stays open with an error, and a person would press Submit again: so does the test.
            for attempt in range(3):
                with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/resume"),
                                          timeout=budget.ms()) as resumed:
                    page.get_by_role("button", name="Submit").click()
                if resumed.value.status != 503 or attempt == 2:
                    break
                page.wait_for_timeout(2000)
            assert resumed.value.ok, resumed.value.text()
            browser.close()

        def finished() -> dict | None:
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=5).json()["state"]
            return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = _until("the run to finish", finished, proc, log, budget.left(300))
        assert state["type"] == "COMPLETED", state
        (post,) = list(published.iterdir())
        assert list(post.glob("*.mp4")) and (post / "publication.json").is_file()
        from reelflow.settings import load_settings
        from reelflow.store import Store

        with Store(load_settings().db_url) as store:
            (review,) = store.list_reviews()
            assert (review.decision, review.notes, review.accounts) == ("approve", "Looks right; ship it.",
                                                                        ["team-folder"])

        # The batch deployment: on its cron schedule, and each new article a run of its own.
        batch = httpx.get(f"{api}/deployments/name/batch/reelflow", timeout=5).json()
        assert [s["schedule"]["cron"] for s in batch["schedules"]] == ["15 6 * * *"]
        (tmp_path / "articles").mkdir()
        shutil.copy(ARTICLES / "zh_gbk.txt", tmp_path / "articles" / "repair-shop.txt")
        shutil.copy(ARTICLES / "zh_bom.md", tmp_path / "articles" / "weekend-market.md")  # made already
        for attempt in range(5):  # the SQLite-backed server answers 503 while its database is locked under load
            answer = httpx.post(f"{api}/deployments/{batch['id']}/create_flow_run", json={}, timeout=10)
            if answer.status_code != 503:
                break
            time.sleep(1 + attempt)
        assert answer.status_code == 201, answer.text
        started = answer.json()

        def batch_done() -> dict | None:
            run_ = httpx.get(f"{api}/flow_runs/{started['id']}", timeout=5).json()
            return run_ if run_["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED") else None

        assert _until("the batch", batch_done, proc, log, budget.left(360))["state"]["type"] == "COMPLETED"
        (summary,) = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [
            started["id"]]}, "type": {"any_": ["table"]}}}, timeout=5).json()
        rows = {r["article"]: r["status"] for r in (json.loads(summary["data"]) if isinstance(summary["data"], str)
                                                   else summary["data"])}
        assert rows == {"repair-shop.txt": "awaiting review", "weekend-market.md": "already made"}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    with socket.socket() as s:  # the Prefect server that serve started is gone with it
        assert s.connect_ex(("127.0.0.1", prefect_port)) != 0
