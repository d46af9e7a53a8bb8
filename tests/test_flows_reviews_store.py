"""The store's review records and draft look-ups, on SQLite and PostgreSQL (fixtures from test_store)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_store import make_article, make_draft, make_storyboard

from reelflow.store import Store


def test_review_questions_and_answers(store: Store, tmp_path: Path) -> None:  # noqa: F811
    article_id = store.upsert_article(make_article())
    board_id = store.save_storyboard(article_id, make_storyboard())
    draft_id = store.record_draft(board_id, "opts", make_draft(tmp_path / "a.mp4"))
    assert store.latest_review(draft_id) is None

    asked = store.open_review(draft_id, "run-1")
    assert store.open_review(draft_id, "run-1").id == asked.id  # the same run asking again
    # A duplicate run while the first still waits: the row and its run are left alone.
    dup = store.open_review(draft_id, "run-dup")
    assert (dup.id, dup.flow_run_id) == (asked.id, "run-1")
    dup = store.open_review(draft_id, "run-dup", waiting=lambda run: run == "run-1")
    assert (dup.id, dup.flow_run_id) == (asked.id, "run-1") and store.latest_review(draft_id).flow_run_id == "run-1"
    again = store.open_review(draft_id, "run-2", waiting=lambda run: False)  # the first run was killed: new run
    assert again.id == asked.id and again.flow_run_id == "run-2" and again.decision == "pending"

    when = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    edits = [{"shot": 2, "narration": "新的旁白。", "prompt": None}]
    decided = store.decide_review(asked.id, "revise", notes="shot 2", edits=edits, accounts=["a"], publish_at=when)
    assert (decided.decision, decided.edits, decided.accounts, decided.publish_at) == ("revise", edits, ["a"], when)
    assert store.open_review(draft_id, "run-3").id != asked.id  # answered: a new question is a new row
    assert [r.decision for r in store.list_reviews(draft_id)] == ["revise", "pending"]
    assert len([r for r in store.list_reviews() if r.decision == "pending"]) == 1
    with pytest.raises(ValueError, match="decision"):
        store.decide_review(asked.id, "maybe")
    with pytest.raises(LookupError):
        store.decide_review(9999, "approve")


def test_draft_records_and_drafted_articles(store: Store, tmp_path: Path) -> None:  # noqa: F811
    article_id = store.upsert_article(make_article("b" * 64))
    board_id = store.save_storyboard(article_id, make_storyboard())
    assert store.drafted_articles(["b" * 64, "c" * 64]) == set()
    first = store.record_draft(board_id, "opts", make_draft(tmp_path / "v1.mp4"))
    second = store.record_draft(board_id, "opts", make_draft(tmp_path / "v2.mp4"))
    record = store.find_draft_record("b" * 64, "douyin", "opts")
    assert record is not None and (record.id, record.storyboard_id) == (second, board_id)
    assert record.draft.video_path.endswith("v2.mp4")
    (tmp_path / "v2.mp4").unlink()  # a draft whose file is gone is not offered
    assert store.find_draft_record("b" * 64, "douyin", "opts").id == first
    assert store.draft_record(first).draft.video_path.endswith("v1.mp4")
    assert store.drafted_articles(["b" * 64, "c" * 64]) == {"b" * 64}
    later = store.save_storyboard(article_id, make_storyboard(n=2, seed=7))
    assert [(i, b.seed, len(b.shots)) for i, b in store.storyboards_of("b" * 64)] == [(later, 7, 2), (board_id, 0, 3)]
    assert store.storyboards_of("c" * 64) == []


def test_one_open_review_when_runs_race(store: Store, tmp_path: Path) -> None:  # noqa: F811
    """Eight runs of byte-identical copies ask about one draft at once: one row, one waiting run."""
    from concurrent.futures import ThreadPoolExecutor

    article_id = store.upsert_article(make_article("d" * 64))
    board_id = store.save_storyboard(article_id, make_storyboard())
    draft_id = store.record_draft(board_id, "opts", make_draft(tmp_path / "d.mp4"))
    with ThreadPoolExecutor(8) as pool:
        records = list(pool.map(lambda i: store.open_review(draft_id, f"run-{i}"), range(8)))
    reviews = store.list_reviews(draft_id)
    assert len(reviews) == 1 and {r.id for r in records} == {reviews[0].id}
    winners = [r for i, r in enumerate(records) if r.flow_run_id == f"run-{i}"]
    assert len(winners) == 1 and {r.flow_run_id for r in records} == {winners[0].flow_run_id}
