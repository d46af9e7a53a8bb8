"""The README's examples go through the default policy gate untouched: its first command makes a clip from one of
them, and a hold there stops a new user's first run. Revision 9 had held every shot of the night-markets demo for
one clause — 遇到走失的孩子或突发不适的游客，工作人员可以在几分钟内赶到现场 — a service the market offers, read as a
child reported missing."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyboard
from reelflow.settings import load_settings
from storyboard.policy import check
from storyboard.policy_content import missing_person

EXAMPLES = sorted(p for p in (Path(__file__).parent.parent / "examples").iterdir() if p.suffix in {".md", ".html"})


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_pass_the_default_gate(path: Path) -> None:
    article = storyboard.read(path)
    board = storyboard.plan(article, max_seconds=60)
    assert check(board, article, load_settings()) == []


@pytest.mark.parametrize("sentence", [
    "如遇老人走失，志愿者会第一时间在广播里寻人。",
    "一旦有游客失联，景区会启动搜救预案。",
    "If a hiker is reported missing, the team searches the trail within the hour.",
])
def test_what_would_be_done_if_someone_went_missing_is_no_missing_person(sentence: str) -> None:
    assert missing_person(sentence) == []


@pytest.mark.parametrize("sentence", [
    "昨天傍晚，一名走失的孩子在公园东门被民警找到。",
    "搜救队仍在寻找落水的两名渔民。",
    "The coast guard resumed its search for the missing kayaker at dawn.",
])
def test_a_reported_search_still_is(sentence: str) -> None:
    assert missing_person(sentence)
