"""The per-shot visual plan: old storyboards still load, and every kind round-trips through JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reelflow.models import Shot, Storyboard


def _shot(**extra: object) -> dict:
    return {"index": 0, "narration": "夜市有14个。", "visual_prompt": "夜市，电影感", "seconds": 2.0,
            "key_phrase": "夜市", "keywords": ["夜市"], **extra}


def test_old_shot_json_gets_a_scene_from_its_prompt() -> None:
    shot = Shot.model_validate(_shot())
    assert shot.visual is not None and shot.visual.kind == "scene"
    assert shot.visual.prompt == "夜市，电影感" and shot.visual.search == ["夜市"]
    board = Storyboard(title="t", language="zh", target_seconds=10, seed=0, planner="rules", shots=[shot])
    again = Storyboard.model_validate_json(board.model_dump_json())
    assert again.shots[0].visual == shot.visual


@pytest.mark.parametrize("visual", [
    {"kind": "stat", "value": "14", "number": 14, "unit": "个", "label": "常态运营的夜市"},
    {"kind": "chart", "unit": "个", "bars": [{"label": "夜市", "value": "14", "number": 14},
                                            {"label": "摊位", "value": "1200", "number": 1200}]},
    {"kind": "compare", "items": ["A", "B"], "rows": [["时长", ["60秒", "4秒"]]]},
    {"kind": "list", "items": ["炒米粉", "烤生蚝"]},
    {"kind": "quote", "text": "夜市给了老手艺一个被看见的地方", "speaker": "刘大爷"},
    {"kind": "timeline", "events": [{"when": "三十多年前", "what": "马路边"}, {"when": "近几年", "what": "规划图"}]},
    {"kind": "title", "text": "灯火里的人间"},
    {"kind": "image", "image": "/a.png"},
])
def test_every_kind_round_trips(visual: dict) -> None:
    shot = Shot.model_validate(_shot(visual=visual))
    assert shot.visual is not None and shot.visual.kind == visual["kind"]
    assert Shot.model_validate_json(shot.model_dump_json()) == shot


def test_bad_visual_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Shot.model_validate(_shot(visual={"kind": "chart", "bars": [{"label": "a", "value": "1", "number": 1}]}))
    with pytest.raises(ValidationError):
        Shot.model_validate(_shot(visual={"kind": "hologram"}))
