"""The whole review journey, as a person does it: `reelflow serve`, the review in a real browser.

On a fresh data dir: a folder account added as the README says, an article dropped in the inbox, the
paused run opened in the Prefect dashboard in headless Chromium (Debian's `chromium`, driven by
Playwright). The reviewer reads the contact sheet in the Resume form, plays the draft on the player
page and seeks to a shot, submits a revise that cannot be applied and reads why at the top of the next
form, revises one shot, sees it marked in v2 (v1 → v2 narration), and approves with an edited title —
pressing Submit once while a batch renders — and the post lands in the folder under that title.
A failing step leaves screenshots of the page under the test's tmp_path (printed with the failure).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ARTICLES, ROOT
from flows_support import Serve, new_articles

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")

# One budget for the whole test, under pytest's per-test timeout (900 s), so that a slow machine fails
# with our message and serve's log rather than a stack dump.
BUDGET = 840.0
UI_WAIT_MS = 180_000  # the longest any single step in the browser may take
NEW_TITLE = "屋顶菜园：城市里的一小块绿"
NEW_NARRATION = "屋顶上的菜园让邻居们重新认识了彼此。"


class Budget:
    """What is left of the test's time; every wait takes at most that."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self, cap: float) -> float:
        return max(1.0, min(cap, self.deadline - time.monotonic()))

    def ms(self, cap_ms: float = UI_WAIT_MS) -> float:
        return self.left(cap_ms / 1000) * 1000


def _fonts(tmp_path: Path) -> dict[str, str]:
    """A fontconfig file that adds reelflow's bundled CJK font, so Chromium draws the Chinese it is shown."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ROOT / "reelflow" / "assets" / "fonts"}</dir>
<cachedir>{tmp_path / "fontcache"}</cachedir></fontconfig>""", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


class Reviewer:
    """The person at the browser: opens the run, reads the form, fills it in, presses Submit."""

    def __init__(self, page: Any, serve: Serve, run_id: str, budget: Budget, shots_dir: Path) -> None:
        self.page, self.serve, self.run_id, self.budget, self.shots_dir = page, serve, run_id, budget, shots_dir
        self.step = "opening the run"

    def snap(self, name: str) -> None:
        """A screenshot under the test's tmp_path; with REELFLOW_TEST_SCREENSHOTS=DIR, also into DIR at 1280
        and 1400 px wide (how the pages were looked at: bench/out/)."""
        self.page.screenshot(path=str(self.shots_dir / f"{name}.png"), full_page=True)
        keep = os.environ.get("REELFLOW_TEST_SCREENSHOTS")
        if keep and not name.startswith("failed"):
            size = self.page.viewport_size
            for width in (1280, 1400):
                self.page.set_viewport_size({"width": width, "height": 1000})
                self.page.wait_for_timeout(500)
                self.page.screenshot(path=str(Path(keep) / f"{name.rsplit('-', 1)[0]}-{width}.png"))
            self.page.set_viewport_size(size)

    def open_form(self) -> Any:
        page = self.page
        page.goto(f"{self.serve.dashboard}/runs/flow-run/{self.run_id}", wait_until="domcontentloaded")
        page.get_by_text("Suspended", exact=True).first.wait_for(timeout=self.budget.ms())
        page.get_by_role("button", name="Resume").click()
        form = page.locator(".p-modal__body")
        form.locator("img").first.wait_for(timeout=self.budget.ms())
        page.wait_for_function("() => [...document.querySelectorAll('.p-modal__body img')].every(i => i.complete)",
                               timeout=self.budget.ms())
        return form

    def field(self, scope: Any, label: str) -> Any:
        """A form field by its label (the dashboard adds " (Optional)" to those with a default)."""
        names = f"normalize-space(.)='{label}' or normalize-space(.)='{label} (Optional)'"
        return scope.locator(f"xpath=.//div[contains(@class,'schema-form-property')][./div[contains(@class,"
                             f"'p-label__header')]//span[contains(@class,'schema-form-property__label')][{names}]]"
                             ).first

    def choose(self, scope: Any, option: str) -> None:
        control = scope.locator(".p-select-button__control").first
        control.click()
        self.page.keyboard.press("ArrowDown")  # opens the list of choices
        self.page.get_by_role("option", name=option, exact=True).click()
        assert option in control.inner_text()
        self.page.keyboard.press("Escape")  # a multiple choice stays open

    def submit(self, form: Any) -> None:
        """Press Submit once, and wait for the server's answer (closing the page earlier could cancel it)."""
        with self.page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/resume"),
                                       timeout=self.budget.ms(120_000)) as resumed:
            self.page.get_by_role("button", name="Submit").click()
        assert resumed.value.ok, (resumed.value.status, resumed.value.text())

    def asked_again(self, after: str) -> str:
        """Wait until the run, started again by the answer, is suspended on a new question; its key."""
        def suspended() -> str | None:
            state = self.serve.state(self.run_id)
            key = ((state.get("state_details") or {}).get("run_input_keyset") or {}).get("response", "")
            return key if state["name"] == "Suspended" and key and key != after else None

        return self.serve.until("the run to ask again", suspended, self.budget.left(420))

    def key(self) -> str:
        return self.serve.state(self.run_id)["state_details"]["run_input_keyset"]["response"]


def _box_shows(form: Any, selector: str) -> bool:
    """Whether the element is inside the visible part of the form's description box (not scrolled to)."""
    return form.evaluate("""(body, sel) => { const box = body.querySelector('article.markdown-renderer');
        const el = box.querySelector(sel); if (!el) return false;
        const b = box.getBoundingClientRect(), e = el.getBoundingClientRect();
        return box.scrollTop === 0 && e.top >= b.top - 1 && e.bottom <= b.bottom + 1 && e.height > 0; }""", selector)


def test_review_journey_in_the_dashboard(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    budget = Budget(BUDGET)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    published = tmp_path / "published"
    published.mkdir()
    # The account, added as the README says.
    added = subprocess.run([sys.executable, "-m", "reelflow.cli", "accounts", "add", "folder", "--name", "nas",
                            "--path", str(published)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    shots_dir = tmp_path / "screenshots"
    shots_dir.mkdir()
    with Serve(data_dir, tmp_path, batch=True, REELFLOW_MAX_SECONDS="30") as serve:
        serve.inbox.mkdir(exist_ok=True)
        shutil.copy(ARTICLES / "zh_article.md", serve.inbox / "rooftop.md")
        serve.until("the draft", lambda: (serve.inbox / "done" / "rooftop.md").is_file(), budget.left(360))
        (run,) = serve.runs("PAUSED")
        # The run reads a kept copy of the file (data/articles/<hash>/): the inbox files the original away.
        assert Path(run["parameters"]["article_path"]).is_relative_to(data_dir / "articles")

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, env=_fonts(tmp_path))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(budget.ms())
            page.set_default_navigation_timeout(budget.ms())
            person = Reviewer(page, serve, run["id"], budget, shots_dir)
            try:
                _journey(person, serve, page, browser, run, budget)
            except BaseException:
                person.snap(f"failed-{person.step.replace(' ', '-')}")
                print(f"screenshots of the failure: {shots_dir}", file=sys.stderr)
                raise
            finally:
                browser.close()

        state = serve.until("the run to finish", lambda: serve.finished(run["id"]), budget.left(300))
        assert state["type"] == "COMPLETED", (state, serve.tail())
        (post,) = list(published.iterdir())
        assert list(post.glob("*.mp4")) and post.name.startswith(NEW_TITLE.replace("：", "-"))
        assert json.loads((post / "publication.json").read_text(encoding="utf-8"))["title"] == NEW_TITLE

        from reelflow.settings import load_settings
        from reelflow.store import Store

        with Store(load_settings().db_url) as store:
            # This run's questions (the batch's articles wait for review too, each with a pending one).
            reviews = [r for r in store.list_reviews() if r.flow_run_id == run["id"]]
            assert [r.decision for r in reviews] == ["revise", "approve"]
            assert (reviews[1].notes, reviews[1].accounts) == ("Ship it with the new title.", ["nas"])
        # v1 and v2 of this article, nothing else made for it (the batch's articles have drafts of their own).
        made = sorted((p.name for p in (data_dir / "drafts").glob("rooftop-*.mp4")), key=len)
        assert len(made) == 2 and made[1] == made[0].replace(".mp4", "-v2.mp4"), made

        batch = serve.batch_run
        summary = serve.until("the batch", lambda: serve.finished(batch), budget.left(360))
        assert summary["type"] == "COMPLETED", serve.tail()
        (table,) = httpx.post(f"{serve.api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [batch]},
                              "type": {"any_": ["table"]}}}, timeout=5).json()
        rows = json.loads(table["data"]) if isinstance(table["data"], str) else table["data"]
        assert {r["status"] for r in rows} == {"awaiting review"} and len(rows) == 2
    assert serve.proc.returncode is not None  # serve, and the Prefect server it started, are gone


def _journey(person: Reviewer, serve: Serve, page: Any, browser: Any, run: dict[str, Any], budget: Budget) -> None:
    # The run's artifacts: the storyboard table, render progress, the review page; nothing cut off at 1280 px.
    person.step = "reading the review page"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{serve.dashboard}/runs/flow-run/{run['id']}", wait_until="domcontentloaded")
    page.get_by_text("Suspended", exact=True).first.wait_for(timeout=budget.ms())
    page.get_by_text("Artifacts", exact=True).first.click()
    for text in ("TABLE", "PROGRESS", "MARKDOWN"):
        page.get_by_text(text).first.wait_for(timeout=budget.ms())
    page.get_by_text("Review draft v1").first.click()
    sheet = page.locator("img[alt^='Contact sheet']")
    sheet.wait_for(timeout=budget.ms())
    article = page.locator("article.markdown-renderer").first
    assert article.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the review page is cut off at 1280 px"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    person.snap("page-v1-1280")

    # The Resume form: the title, the play link and the contact sheet in the box the form leaves.
    person.step = "reading the contact sheet"
    page.set_viewport_size({"width": 1400, "height": 1000})
    form = person.open_form()
    assert _box_shows(form, "img[alt^='Contact sheet']"), "the contact sheet is not in view in the form"
    img = form.locator("img[alt^='Contact sheet']")
    assert img.evaluate("e => e.naturalWidth") > 0 and str(serve.media_port) in img.get_attribute("src")
    assert not form.locator("img[alt='cover']").count()
    from reelflow.settings import load_settings
    from reelflow.store import Store

    with Store(load_settings().db_url) as store:
        count = len(store.get_storyboard(1).shots)
    assert count >= 3
    shots_text = form.locator("article").first.inner_text()
    assert all(f"{n} · " in shots_text for n in range(1, count + 1)), shots_text
    person.snap("form-v1-1400")

    # The player page: the draft plays with its shot list beside it; a shot's link seeks to it.
    person.step = "playing the draft"
    player_url = form.get_by_role("link", name="Play the draft").get_attribute("href")
    video_url = form.get_by_role("link", name="video file").get_attribute("href")
    player = browser.new_page(viewport={"width": 1280, "height": 800})
    player.goto(player_url)
    player.wait_for_function("() => document.getElementById('v').readyState >= 2", timeout=budget.ms())
    assert player.evaluate("() => [document.getElementById('v').videoWidth, document.getElementById('v').videoHeight]"
                           ) == [270, 480]
    assert player.locator("#shots li").count() == count
    third = player.locator("#shots li a").nth(2)
    start = float(third.get_attribute("href").split("t=")[1])
    third.click()
    player.wait_for_function(f"() => Math.abs(document.getElementById('v').currentTime - {start}) < 0.6",
                             timeout=budget.ms(30_000))
    assert start > 1 and video_url.endswith(".mp4")
    if os.environ.get("REELFLOW_TEST_SCREENSHOTS"):
        player.screenshot(path=str(Path(os.environ["REELFLOW_TEST_SCREENSHOTS"]) / "player-1280.png"))
    player.close()

    # A revise that cannot be applied: shot 3 with nothing in it. The next form says why, at its top.
    person.step = "submitting an invalid revise"
    person.choose(person.field(form, "Decision"), "revise")
    shots = person.field(form, "Shots to revise")
    shots.get_by_role("button", name="Add item").click()
    person.field(shots, "Shot").locator("input").fill("3")
    first_key = person.key()
    person.submit(form)
    second_key = person.asked_again(first_key)
    form = person.open_form()
    reason = form.locator("article").first.locator(".markdown-renderer__blockquote").first
    assert "Your last answer was not applied" in reason.inner_text() and "shot 3" in reason.inner_text()
    assert _box_shows(form, ".markdown-renderer__blockquote")  # in view, at the top
    person.snap("form-reason-1400")

    # Revise one shot; v2 marks it, with its narration before and after.
    person.step = "revising shot 2"
    person.choose(person.field(form, "Decision"), "revise")
    shots = person.field(form, "Shots to revise")
    shots.get_by_role("button", name="Add item").click()
    person.field(shots, "Shot").locator("input").fill("2")
    person.field(shots, "New narration").locator("textarea").fill(NEW_NARRATION)
    person.submit(form)
    person.asked_again(second_key)
    form = person.open_form()
    text = form.locator("article").first.inner_text()
    assert "v2: " in text and "Changed since v1: shot 2" in text, text
    assert text.count("✎ changed") == 1 and f"→ v2: {NEW_NARRATION}" in text, text
    # v1's words, struck through:
    assert form.locator("article").first.locator(".markdown-renderer__text--del").count() == 1
    person.snap("form-v2-1400")

    # A batch starts rendering; the reviewer approves with a new title, publishing to the folder account
    # the form offers, and presses Submit once.
    person.step = "approving while a batch renders"
    new_articles(serve.source, 2, "batch")
    deployment = httpx.get(f"{serve.api}/deployments/name/batch/reelflow", timeout=30).json()
    serve.batch_run = httpx.post(f"{serve.api}/deployments/{deployment['id']}/create_flow_run", json={},
                                 timeout=60).json()["id"]
    serve.until("the batch's articles to render", lambda: serve.runs("RUNNING", flow="article-to-video"),
                budget.left(300))
    person.choose(person.field(form, "Decision"), "approve")
    person.field(form, "Notes").locator("textarea").fill("Ship it with the new title.")
    person.choose(person.field(form, "Publish to"), "nas")  # offered: the accounts there are
    post = person.field(form, "Change the post")
    post.get_by_role("button", name="Add item").click()
    person.field(post, "Title").locator("textarea").fill(NEW_TITLE)
    person.submit(form)
