"""Review in the dashboard, answered through Prefect's API: revise, reject, approve, no answer in time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ARTICLES, parse_srt
from flows_support import Reviewer, flow_run, folder_account, run_artifacts

from reelflow.settings import load_settings
from reelflow.store import Store

NEW_NARRATION = "屋顶菜园让邻居们重新认识了彼此。"


@pytest.fixture
def quick_review(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.2")
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT", "240")


def _store() -> Store:
    store = Store(load_settings().db_url)
    store.upgrade()
    return store


def test_revise_rerenders_only_changed_shot_then_reject(prefect_server, data_dir: Path, tmp_path: Path,
                                                        quick_review) -> None:
    """With the writer's own recording beside the article: v1 is all theirs; the rewritten shot is voiced."""
    import storyboard
    from flows.article_to_video import article_to_video
    from generator.speech.base import Prosody
    from generator.speech.espeak import EspeakEngine

    article = tmp_path / "rooftop.md"
    shutil.copy(ARTICLES / "zh_article.md", article)
    board = storyboard.plan(storyboard.read(article), "rules", max_seconds=14)
    # The writer reads the narration aloud (espeak-ng in another voice stands in for them).
    EspeakEngine().synthesize("".join(s.narration for s in board.shots), "zh", "cmn-latn-pinyin+m3",
                              tmp_path / "rooftop.wav", prosody=Prosody(rate=0.9, pitch=10))
    answers = [
        # Not applicable (no such shot, and an edit with nothing in it): asked again, saying why at the top.
        {"decision": "revise", "shots": [{"shot": 99, "narration": "x"}]},
        {"decision": "revise", "shots": [{"shot": 2, "narration": ""}]},
        {"decision": "revise", "notes": "shot 2 reads badly", "shots": [{"shot": 2, "narration": NEW_NARRATION}]},
        {"decision": "reject", "notes": "off-brand after all"},
    ]
    with Reviewer(answers) as reviewer:
        state = article_to_video(str(article), preset="preview", max_seconds=14, review=True, return_state=True)
    assert not reviewer.errors and not reviewer.answers
    assert state.name == "Rejected" and "off-brand after all" in state.message
    draft = state.result()
    assert draft.metadata["outcome"] == "rejected" and draft.metadata["version"] == 2
    # v2: the recording for every shot but the rewritten one, which the offline voice reads.
    assert sorted(v.split(":")[0] for v in draft.metadata["voices"]) == ["espeak", "own"]

    store = _store()
    reviews = store.list_reviews()
    assert [r.decision for r in reviews] == ["revise", "reject"]
    assert reviews[0].edits == [{"shot": 2, "narration": NEW_NARRATION, "prompt": ""}]
    assert reviews[1].notes == "off-brand after all"  # the reason is stored
    counts = store.counts()
    shots_v1 = len(store.get_storyboard(1).shots)
    assert counts["drafts"] == 2 and counts["storyboards"] == 2
    # The revision rendered exactly one new shot: every other shot of v2 is v1's render.
    assert counts["renders"] == shots_v1 + 1
    store.dispose()

    v2 = Path(draft.video_path)
    assert v2.name.endswith("-v2.mp4") and v2.is_file()
    v1 = v2.with_name(v2.name.replace("-v2.mp4", ".mp4"))
    assert v1.is_file()  # the first draft is kept as it was
    said_v2 = "".join(text for _, _, text in parse_srt(v2.with_suffix(".srt"))).replace("\n", "")
    assert "邻居们重新认识了彼此" in said_v2
    said_v1 = "".join(text for _, _, text in parse_srt(v1.with_suffix(".srt"))).replace("\n", "")
    assert "邻居们重新认识了彼此" not in said_v1
    assert json.loads(v1.with_suffix(".json").read_text(encoding="utf-8"))["metadata"]["voices"] == ["own:rooftop.wav"]

    # The run's page: storyboard table, render progress at 100 %, the review page with the draft's link.
    arts = run_artifacts(reviewer.answered[0])
    kinds = [a.type for a in arts]
    assert "table" in kinds and "progress" in kinds and "markdown" in kinds
    assert all(a.data == 100.0 for a in arts if a.type == "progress")
    table = next(a for a in arts if a.type == "table")
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert len(rows) == shots_v1 and rows[0]["shot"] == 1 and rows[0]["narration"]
    pages = [a.data for a in arts if a.type == "markdown" and "Play the draft" in a.data]
    assert len(pages) == 4  # asked about v1 three times (two answers could not be applied), then about v2
    assert "not applied" not in pages[0]
    assert pages[1].startswith("> **⚠ Your last answer was not applied:** there is no shot 99; shots are numbered 1 to")
    assert pages[2].startswith("> **⚠ Your last answer was not applied:** shot 2: give a new narration")
    assert "not applied" not in pages[3]
    store = _store()
    v1_board = store.get_storyboard(1)
    store.dispose()
    assert "/drafts/" in pages[3] and v2.name in pages[3] and NEW_NARRATION in pages[3]
    # v2 marks the changed shot, on the sheet and in the list, with its narration before and after.
    assert "**Changed since v1: shot 2**" in pages[3] and "Changed since" not in pages[0]
    assert f"v1: ~~{v1_board.shots[1].narration}~~ → v2: **{NEW_NARRATION}**" in pages[3]
    assert pages[3].count("✎ changed") == 1
    # A contact sheet (one image of every shot) and a player page with a seek link per shot.
    assert pages[3].count("-sheet.jpg") == 1 and pages[3].count("-player.html#t=") == shots_v1
    assert all((data_dir / "thumbs").glob("*-shot1.jpg"))


def test_no_decision_leaves_it_unpublished_then_approve_publishes_once(
        prefect_server, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.article_to_video import article_to_video

    published = folder_account(tmp_path, monkeypatch)
    monkeypatch.setenv("REELFLOW_PUBLISH_ACCOUNTS", '["team-folder"]')  # pre-filled in the form
    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.2")
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT", "2")
    article = str(ARTICLES / "zh_bom.md")

    # Nobody answers: the draft stays unpublished and the run ends cleanly, not failed.
    state = article_to_video(article, preset="preview", max_seconds=8, review=True, return_state=True)
    assert state.is_completed() and state.name == "Unpublished"
    assert state.result().metadata["outcome"] == "unpublished"
    store = _store()
    (timeout,) = store.list_reviews()
    assert timeout.decision == "timeout"
    assert flow_run(timeout.flow_run_id).state.name == "Unpublished"
    assert store.list_publications() == [] and not any(published.iterdir())
    renders = store.counts()["renders"]

    # Run again: the same draft (nothing rendered again) is put to review again, and approved.
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT", "240")
    with Reviewer([{"decision": "approve", "notes": "ship it"}]) as reviewer:
        state = article_to_video(article, preset="preview", max_seconds=8, review=True, return_state=True)
    assert not reviewer.errors and state.is_completed()
    draft = state.result()
    assert draft.metadata["outcome"] == "published"
    assert [p["account"] for p in draft.metadata["publications"]] == ["team-folder"]
    assert [r.decision for r in store.list_reviews()] == ["timeout", "approve"]
    assert store.counts()["drafts"] == 1 and store.counts()["renders"] == renders
    (post,) = list(published.iterdir())
    assert (post / Path(draft.video_path).name).stat().st_size == Path(draft.video_path).stat().st_size

    # And again: the decision stands, the ledger says it is out; no second post, no question.
    state = article_to_video(article, preset="preview", max_seconds=8, review=True, return_state=True)
    assert state.result().metadata["outcome"] == "published"
    assert len(list(published.iterdir())) == 1 and len(store.list_publications()) == 1
    assert len(store.list_reviews()) == 2
    store.dispose()


HELD_ARTICLE = """# A New Bridge for the River Town

Mayor Helen Park said on Monday that the town will build a new footbridge across the river by next spring.

The bridge will be made of timber and steel, and it will be wide enough for bicycles and prams. Families on the
east bank have waited for a safe crossing for many years.

Builders will start in the autumn, when the water is low. The old ferry will keep running until the bridge opens.
"""


def test_held_shots_wait_for_a_person_before_anything_renders(prefect_server, data_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch, quick_review) -> None:
    from flows.article_to_video import article_to_video
    from reelflow.errors import ReelflowError

    monkeypatch.setenv("REELFLOW_HOLD_BLOCKS_RENDER", "true")
    article = tmp_path / "bridge.md"
    article.write_text(HELD_ARTICLE, encoding="utf-8")

    # Without a reviewer (`reelflow make`), a held shot stops the run before any render, and says why.
    with pytest.raises(ReelflowError, match=r"policy gate held shot\(s\) 1 .*Helen"):
        article_to_video(str(article), preset="preview", max_seconds=14)
    assert not (data_dir / "cache" / "shots").exists()

    seen: list[int] = []

    def renders_so_far(_run: object) -> None:
        seen.append(len([p for p in (data_dir / "cache" / "shots").glob("*.mp4") if not p.name.startswith(".")])
                    if (data_dir / "cache" / "shots").is_dir() else 0)

    safe = "The town will build a new footbridge across the river by next spring."
    drawing = "flat vector illustration of a timber footbridge over a calm river, no people"
    answers = [{"decision": "revise", "shots": [{"shot": 1, "narration": safe, "prompt": drawing}]},  # before render
               {"decision": "reject", "notes": "not this week"}]  # after the cut
    with Reviewer(answers, on_pause=renders_so_far) as reviewer:
        state = article_to_video(str(article), preset="preview", max_seconds=14, review=True, return_state=True)
    assert not reviewer.errors and state.name == "Rejected"
    assert seen[0] == 0 and seen[1] > 0  # nothing rendered while the held shot waited
    store = _store()
    assert store.counts()["storyboards"] == 1  # only the revised storyboard was ever saved and rendered
    shot = store.get_storyboard(1).shots[0]
    assert (shot.narration, shot.visual_prompt) == (safe, drawing)  # the held wording never rendered
    store.dispose()
    tables = [a for a in run_artifacts(reviewer.answered[0]) if a.type == "table"]
    rows = [json.loads(t.data) if isinstance(t.data, str) else t.data for t in tables]
    assert rows[0][0]["policy"].startswith("HELD") and rows[-1][0]["policy"] == "ok"


def test_the_form_is_plain_boxes_with_hints_and_offers_the_accounts() -> None:
    """What the dashboard draws from the form's schema: no `type | None` toggles, a hint on every field,
    the accounts there are as choices (also when there is one), the default accounts filled in."""
    from flows.review import form_for

    schema = form_for(["nas"], ["nas"]).with_initial_data(description="page").model_json_schema()
    fields = {**schema["properties"], **{f"{name}.{k}": v for name, d in schema["$defs"].items()
                                         for k, v in d["properties"].items()}}
    assert "anyOf" not in json.dumps(schema)
    assert all(f.get("description") and len(f["description"]) <= 110 for f in fields.values()), fields
    assert schema["properties"]["accounts"]["items"] == {"type": "string", "enum": ["nas"]}
    assert schema["properties"]["accounts"]["default"] == ["nas"]
    assert form_for([], [])(decision="approve", accounts=["anything"]).accounts == ["anything"]


def test_approve_with_changes_to_the_post() -> None:
    from datetime import UTC, datetime

    from flows.review import BadEdit, ReviewInput, post_changes

    answer = ReviewInput(decision="approve", post=[{"title": "  新的  标题 ", "tags": "#夜市, 城市，美食",
                                                    "publish_at": "nas=2026-12-06 09:00, yt=2026-12-07T18:30+08:00"}])
    changes, when = post_changes(answer, ["nas", "yt"])
    assert when is None and changes.title == "新的 标题" and changes.tags == ["夜市", "城市", "美食"]
    assert changes.times == {"nas": datetime(2026, 12, 6, 9, tzinfo=UTC), "yt": datetime(2026, 12, 7, 10, 30,
                                                                                           tzinfo=UTC)}
    meta = changes.apply({"title": "old", "description": "old text", "tags": ["a"]})
    assert meta == {"title": "新的 标题", "description": "old text", "tags": ["夜市", "城市", "美食"]}
    _, once = post_changes(ReviewInput(decision="approve", post=[{"publish_at": "2026-12-06 09:00"}]), ["nas"])
    assert once == datetime(2026, 12, 6, 9, tzinfo=UTC)
    for bad, says in (("tomorrow", "is not a time"), ("bilibili=2026-12-06 09:00", "not one of the accounts"),
                      ("nas=", "is not account=time")):
        with pytest.raises(BadEdit, match=says):
            post_changes(ReviewInput(decision="approve", post=[{"publish_at": bad}]), ["nas"])
