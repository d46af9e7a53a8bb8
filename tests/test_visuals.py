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


# --- the rules planner's visuals -------------------------------------------------------------------

from pathlib import Path  # noqa: E402

import storyboard  # noqa: E402
from storyboard.rules import opens_with_connective  # noqa: E402
from storyboard.segment import sentences  # noqa: E402
from storyboard.visuals import numbers, on_screen, plan_visual, traceable, zh_number  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_chinese_numerals() -> None:
    assert zh_number("一千二百") == 1200 and zh_number("三十二") == 32 and zh_number("两千三百") == 2300
    assert zh_number("一千八百万") == 18_000_000 and zh_number("十") == 10 and zh_number("三亿五千万") == 350_000_000
    assert zh_number("四五") is None  # a range


def test_numbers_with_units_and_what_they_measure() -> None:
    found = numbers("目前常态运营的夜市已有14个，摊位总数超过1200个。这是第七个夜市。", "zh")
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [("14", 14, "个", "夜市"), ("1200", 1200, "个", "摊位总数")]
    found = numbers("去年茶叶销售收入超过一千八百万元。", "zh")
    assert found[0][:4] == ("一千八百万", 18_000_000, "元", "茶叶销售收入")


def test_recurring_unit_is_a_chart_and_every_label_traces() -> None:
    text = "目前常态运营的夜市已有14个，摊位总数超过1200个。"
    visual = plan_visual(text, "zh", text)
    assert visual.kind == "chart" and [b.number for b in visual.bars] == [14, 1200]
    assert traceable(visual, text)
    # the same narration against an article that does not contain those figures: no graphic is invented
    assert plan_visual(text, "zh", "别的文章。", prompt="p").kind == "scene"


def test_lists_quotes_and_titles() -> None:
    listing = "再往前走，是一排小吃摊：炒米粉、烤生蚝、臭豆腐、冰粉、手打柠檬茶。"
    visual = plan_visual(listing, "zh", listing)
    assert visual.kind == "list" and visual.items[:2] == ["炒米粉", "烤生蚝"]
    quote = "刘大爷说，“夜市给了老手艺一个被看见的地方”。"
    visual = plan_visual(quote, "zh", quote)
    assert visual.kind == "quote" and visual.text == "夜市给了老手艺一个被看见的地方" and visual.speaker == "刘大爷"
    en = '"I underestimated how much people like to browse," Becker said.'
    assert plan_visual(en, "en", en).kind == "quote"
    assert plan_visual("夜市很热闹。", "zh", "标题\n夜市很热闹。", title="标题").kind == "title"


def test_connectives() -> None:
    for s in ("例如左侧视频中的人物。", "而Pika的产品更快。", "这是第七个夜市。", "此外，还有。", "However, it rained.",
              "These boxes appeared."):
        assert opens_with_connective(s, "zh" if s[0] > "~" else "en"), s
    for s in ("夜市并不是新鲜事物。", "Librarians see the boxes as allies."):
        assert not opens_with_connective(s, "zh" if s[0] > "~" else "en"), s


FIXTURES = "../tests/fixtures/articles/"


@pytest.mark.parametrize("name", ["zh_city_night_markets.md", "zh_tea_harvest.html", "en_small_libraries.md",
                                  FIXTURES + "zh_article.md", FIXTURES + "en_article.md"])
@pytest.mark.timeout(60)
def test_example_storyboards(name: str) -> None:
    article = storyboard.read(EXAMPLES / name)
    text = "\n".join([article.title, article.text])
    for seconds in (30, 60, 120):
        board = storyboard.plan(article, max_seconds=seconds)
        assert board.shots[0].visual.kind == "title"  # the hook
        said = ("" if board.language == "zh" else " ").join(shot.narration for shot in board.shots)
        for shot in board.shots:
            assert all(s in text for s in on_screen(shot.visual) if s), (shot.index, shot.visual)
        sents = [s for p in article.paragraphs for s in sentences(p, board.language, split_long=False)]
        for prev, sent in zip(sents, sents[1:], strict=False):  # 0 unresolved connectives
            if sent in said and opens_with_connective(sent, board.language):
                assert prev.rstrip("。.") in said, (seconds, sent)


def test_llm_draft_visual_is_validated_and_traced() -> None:
    from storyboard.llm.schema import DraftShot

    stat = {"kind": "stat", "value": "14", "unit": "个"}
    good = DraftShot.model_validate({"narration": "夜市已有14个。", "visual_prompt": "夜市灯笼", "visual": stat})
    assert good.visual is not None and good.visual.kind == "stat"
    broken = {"kind": "chart", "bars": []}
    bad = DraftShot.model_validate({"narration": "夜市已有14个。", "visual_prompt": "夜市灯笼", "visual": broken})
    assert bad.visual is None  # a malformed graphic costs the graphic, not the answer
    assert traceable(good.visual, "夜市已有14个") and not traceable(good.visual, "夜市已有12个")
