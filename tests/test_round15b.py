"""Round 15b: comparisons an article tells are drawn: a gapped list (its verb said once), a level against its need
or target, a change between counts said in words. Every sentence here is new (none is from a dev or held-out
article): the rules are meant to hold for the idea, not the phrasing."""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual
from storyboard.gapped import gapped
from storyboard.multiples import multiple_stat
from storyboard.need_against import need_against, need_runs
from storyboard.rankings import ranked
from storyboard.visuals import comparison, plan_visual, traceable
from storyboard.worded_change import worded_change


def _bars(v) -> list[tuple[str, str]]:
    return [(b.label, b.value) for b in v.bars]


# --- a gapped list: "X verb N, Y N and Z N" ----------------------------------------------------------------

GAPPED = [
    ("Oakfield sold 340 tickets, Brampton 290 and Lee Green only 85.", "en",
     [("Oakfield", "340"), ("Brampton", "290"), ("Lee Green", "85")]),
    ("In 2024 the Riverside branch lent 5,400 books, Hill Road 3,100 and the mobile library about 900.", "en",
     [("Riverside branch", "5,400"), ("Hill Road", "3,100"), ("mobile library", "900")]),
    ("Last winter the north depot spent $1.2 million, the south depot $800,000.", "en",
     [("north depot", "$1.2 million"), ("south depot", "$800,000")]),
    ("The morning shift packed 1,150 parcels, the afternoon shift 980 and the night shift just 410, because of "
     "staff shortages.", "en",
     [("morning shift", "1,150"), ("afternoon shift", "980"), ("night shift", "410")]),
    ("今年东区受理投诉212件，西区148件，北区只有61件。", "zh", [("东区", "212"), ("西区", "148"), ("北区", "61")]),
    ("上个月城南店卖出了340份，城北店290份，新开的河西店仅85份。", "zh",
     [("城南店", "340"), ("城北店", "290"), ("河西店", "85")]),
]


@pytest.mark.parametrize(("sentence", "lang", "bars"), GAPPED)
def test_gapped_list_is_bars_by_name(sentence: str, lang: str, bars: list[tuple[str, str]]) -> None:
    chart = gapped(sentence, lang)  # type: ignore[arg-type]
    assert chart is not None and _bars(chart) == bars
    assert traceable(chart, sentence)


@pytest.mark.parametrize("sentence", [
    "Oakfield sold 340 tickets, Brampton 290 and Lee Green only 85.",
    "The morning shift packed 1,150 parcels, the afternoon shift 980 and the night shift just 410.",
])
def test_gapped_list_reaches_the_planner(sentence: str) -> None:
    assert isinstance(ranked(sentence, "en"), ChartVisual)
    v = comparison(sentence, "en")
    assert isinstance(v, ChartVisual) and len(v.bars) == 3


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The council spent 40% on roads, 30% on schools and 20% on parks.", "en"),  # a breakdown, not a gapped list
    ("Each run covers 620 km of routes and takes three to four hours.", "en"),
    ("She has 3 children, and her husband 2 dogs.", "en"),
    ("It rose by 12, and fell by 4 in May.", "en"),
    ("他今年38岁，去年种了12亩。", "zh"),
    # an apposition ("each costing …, or $2.4 million in all") is no list of names, and a decimal is never cut
    ("The city bought 40 new buses, each costing about $61,000, or $2.4 million in all.", "en"),
    # a list that goes on in a form not read is no chart of its first part
    ("Of the four pools, Westgate draws 900 swimmers, Bramley 640, and Fenwick, the smallest, 210.", "en"),
])
def test_no_gapped_list_where_none_is_told(sentence: str, lang: str) -> None:
    assert gapped(sentence, lang) is None  # type: ignore[arg-type]


# --- a level against its need or target ----------------------------------------------------------------------

NEEDS = [
    ("The food bank needs about 400 volunteers a month but has been getting roughly 250.", "en",
     [("needs", "400"), ("getting", "250")]),
    ("The hospital aims to see 95% of patients within four hours; last month it managed 71%.", "en",
     [("aims", "95%"), ("last month", "71%")]),
    ("Reservoirs have fallen to 41 days of supply, against a target of 90 days.", "en",
     [("target", "90"), ("fallen to", "41")]),
    ("诊所每天需要20名志愿者，目前只有12名。", "zh", [("需要", "20名"), ("目前", "12名")]),
    ("目标是每年种树5000棵，今年只种了3200棵。", "zh", [("目标", "5000棵"), ("今年", "3200棵")]),
    ("按标准要求配备8人，实际到岗5人。", "zh", [("标准", "8人"), ("实际", "5人")]),
]


@pytest.mark.parametrize(("sentence", "lang", "bars"), NEEDS)
def test_level_against_need(sentence: str, lang: str, bars: list[tuple[str, str]]) -> None:
    chart = need_against(sentence, lang)  # type: ignore[arg-type]
    assert chart is not None and _bars(chart) == bars
    assert traceable(chart, sentence)
    assert isinstance(plan_visual(sentence, lang, sentence), ChartVisual)  # type: ignore[arg-type]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The club needs 30 players to field two teams.", "en"),  # one figure: nothing to set against it
    ("Every ticket can help up to three families.", "en"),
    ("The minimum wage rose to £11.44 from £10.42 last year.", "en"),  # a change, no need
    ("项目需要三年完成，目前已进行了两年。", "zh"),  # durations, not a level against a need
])
def test_no_need_chart_where_none_is_told(sentence: str, lang: str) -> None:
    assert need_against(sentence, lang) is None  # type: ignore[arg-type]


class _S:
    def __init__(self, index: int, text: str) -> None:
        self.index, self.paragraph, self.text = index, 0, text


def test_need_and_level_in_neighbouring_sentences() -> None:
    first = _S(0, "The shelter needs about 80 beds a night in January.")
    second = _S(1, "So far this winter it has managed roughly 55, and its volunteers are stretched.")
    runs = need_runs([first, second], "en")
    assert set(runs) == {0, 1}
    assert _bars(runs[0]) == [("needs", "80"), ("this winter", "55")]
    first_zh = _S(0, "市血站每天需要400份血液。")
    second_zh = _S(1, "上个月日均只有260份，缺口很大。")
    assert _bars(need_runs([first_zh, second_zh], "zh")[1]) == [("需要", "400份"), ("上个月", "260份")]


def test_a_unitless_figure_before_the_target_is_another_measure() -> None:
    text = ("Over the past week it has handled roughly 950 a day, and its stock has fallen to 2.5 days' supply. The "
            "target is five days; last winter it held 4.2.")
    chart = need_against(text, "en")
    assert chart is not None and "950" not in [b.value for b in chart.bars]
    assert [b.value for b in chart.bars] == ["five", "2.5", "4.2"]
    assert chart.bars[1].label == "fallen to"  # "past week" is 950's time, not the stock's


# --- a change between counts said in words, with its aspect particle -----------------------------------------

@pytest.mark.parametrize(("sentence", "ends"), [
    ("换了新厨房以后，每天能做的团餐从三批变成了五批。", ("三批", "五批")),
    ("食堂的窗口从三个增加到了五个。", ("三个", "五个")),
])
def test_worded_change_with_le(sentence: str, ends: tuple[str, str]) -> None:
    chart = worded_change(sentence, "zh")
    assert chart is not None and tuple(b.value for b in chart.bars) == ends
    assert all("了" not in b.label for b in chart.bars)


# --- a multiple without its baseline: the multiple as written, never a computed level or a time's number -------

MULTIPLES = [
    ("The bakery's gas bill is now three times what it was in 2019.", "en", "three times", "what it was in 2019"),
    ("Membership has doubled since the pool reopened.", "en", "doubled", "since the pool reopened"),
    ("Rents in the old town are twice as high as in the suburbs.", "en", "twice", "as high as in the suburbs"),
    ("店里的水费已经是两年前的三倍。", "zh", "三倍", "两年前"),
    ("如今的报名人数比五年前翻了一番。", "zh", "翻了一番", "比五年前"),
]


@pytest.mark.parametrize(("sentence", "lang", "value", "note"), MULTIPLES)
def test_multiple_is_a_note_like_stat(sentence: str, lang: str, value: str, note: str) -> None:
    v = plan_visual(sentence, lang, sentence)  # type: ignore[arg-type]
    assert v.kind == "stat" and v.value == value and v.note == note  # type: ignore[union-attr]
    assert v.number is None  # type: ignore[union-attr]  # no count-up to a level the article never gives
    assert traceable(v, sentence)


@pytest.mark.parametrize(("sentence", "lang"), [
    ("It is twice as big.", "en"),  # no subject to put it under
    ("他今年是第三次参加比赛的。", "zh"),
    ("新建充电桩的目标是900个，大约是现在的3倍。", "zh"),  # a hedge is no subject: the target's own stat says it
])
def test_no_multiple_where_none_is_told(sentence: str, lang: str) -> None:
    assert multiple_stat(sentence, lang) is None  # type: ignore[arg-type]
