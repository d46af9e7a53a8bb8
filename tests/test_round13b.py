"""Round 13b: comparisons drawn, and drawn so that they read right. Each test uses sentences written for it (not
the development articles'), in both languages, phrased several ways: the rules must hold the idea, not a wording."""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual, StatVisual
from storyboard.visuals import on_screen, plan_visual, traceable


def _plan(sentence: str, language: str) -> object:
    return plan_visual(sentence, language, sentence)  # type: ignore[arg-type]


def _bars(v: object) -> list[tuple[str, str]]:
    assert isinstance(v, ChartVisual), v
    return [(b.label, b.value) for b in v.bars]


# --- a change's ends told apart by what is said beside each figure, not "from" / "to" ----------------------------

@pytest.mark.parametrize(("sentence", "language", "labels"), [
    ("The commute went from 50 minutes by bus to 20 minutes by bike.", "en", ["bus", "bike"]),
    ("Waiting times dropped from 40 minutes on the old system to 15 minutes under the new booking app.", "en",
     ["old system", "new booking app"]),
    ("Her water bill fell from $96 with the old boiler to $61 with a solar heater.", "en",
     ["old boiler", "solar heater"]),
    ("取暖费从烧煤时的每年3000元降到改用空气能后的1200元。", "zh", ["烧煤时", "改用空气能后"]),
    ("每月电费从用燃气时的300元降到改用电磁炉后的120元。", "zh", ["用燃气时", "改用电磁炉后"]),
    ("通勤时间从坐公交的50分钟缩短到骑车的20分钟。", "zh", ["坐公交", "骑车"]),
])
def test_a_change_is_labelled_by_what_differs_beside_each_figure(sentence: str, language: str,
                                                                  labels: list[str]) -> None:
    v = _plan(sentence, language)
    assert [lab for lab, _ in _bars(v)] == labels
    assert traceable(v, sentence)  # type: ignore[arg-type]


def test_a_change_with_nothing_beside_its_figures_keeps_its_plain_labels() -> None:
    assert [lab for lab, _ in _bars(_plan("价格从20元降到15元。", "zh"))] == ["从", "降到"]
    assert [lab for lab, _ in _bars(_plan("Fares rose from $2 to $3.", "en"))] == ["from", "to"]


# --- a ranking run goes on through a place said in lower case -------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Northgate topped the list with 41 complaints, followed by the harbour area with 30 and the old market with 12.",
    "Eastfield leads with 640 members, followed by Hill Road with 410 and the riverside estate with 205.",
])
def test_a_ranking_keeps_its_lower_case_places(sentence: str) -> None:
    assert len(_bars(_plan(sentence, "en"))) == 3


# --- bars by time run as time does ------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "order"), [
    ("今年报名的学生有540人，比三年前的320人多了不少。", "zh", ["三年前", "今年"]),
    ("去年全市收集废电池约46吨，比前年的31吨多了一半。", "zh", ["前年", "去年"]),
    ("The library lent 5,200 books this year, compared with 4,100 two years ago.", "en",
     ["Two years ago", "This year"]),
    ("Sales reached 900 units in May, up from 600 in March.", "en", ["March", "May"]),
])
def test_bars_by_time_run_earliest_first(sentence: str, language: str, order: list[str]) -> None:
    assert [lab for lab, _ in _bars(_plan(sentence, language))] == order


# --- a range against one value: the range whole, never one end --------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("过去公交30到40分钟一班，现在10分钟一班。", "zh", [("过去", "30到40"), ("现在", "10")]),
    ("去年每斤收购价2.4元，今年只有每斤1.5元到1.8元。", "zh", [("去年", "2.4元"), ("今年", "1.5元到1.8元")]),
    ("A ticket cost $4 last year; this year it costs $6 to $8.", "en",
     [("Last year", "$4"), ("This year", "$6 to $8")]),
    ("Last year a repair took 10 days; now it takes 3 to 4 days.", "en", [("Last year", "10"), ("Now", "3 to 4")]),
])
def test_a_range_is_one_side_shown_whole(sentence: str, language: str, bars: list[tuple[str, str]]) -> None:
    v = _plan(sentence, language)
    assert _bars(v) == bars
    assert traceable(v, sentence)  # type: ignore[arg-type]


# --- a change in counts said in words -----------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "values"), [
    ("明年把会诊从每周两次增加到每周三次。", "zh", ["每周两次", "每周三次"]),
    ("公交班次由每天三趟增加到五趟，方便了村民。", "zh", ["每天三趟", "五趟"]),
    ("课程从三个月缩短为两个月。", "zh", ["三个月", "两个月"]),
    ("Collections went from once a week to twice a week.", "en", ["once a week", "twice a week"]),
    ("The plant moved from two shifts a day to three.", "en", ["two shifts a day", "three"]),
])
def test_a_change_in_worded_counts_is_drawn(sentence: str, language: str, values: list[str]) -> None:
    v = _plan(sentence, language)
    assert [val for _, val in _bars(v)] == values
    assert v.bars[0].number != v.bars[1].number  # type: ignore[union-attr]


@pytest.mark.parametrize(("sentence", "language"), [
    ("市图书馆把闭馆时间从晚上八点延长到十一点。", "zh"),  # a time of day is no amount
    ("社区把巡逻从每月两回改为每周一回。", "zh"),  # per month against per week: no one measure
    ("The shop now opens from eight o'clock to ten.", "en"),
])
def test_worded_ends_that_are_not_one_amount_make_no_bars(sentence: str, language: str) -> None:
    v = _plan(sentence, language)
    assert not isinstance(v, ChartVisual), v


# --- one quantity said twice with one verb, at two times ------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("如今每位医生每天要看60个病人，而五年前只看30个。", "zh", [("五年前", "30"), ("如今", "60")]),
    ("这家公司现在有80名快递员，每名快递员一天要送两百件，而两年前只需要送一百件左右。", "zh",
     [("两年前", "一百"), ("现在", "两百")]),
    ("Each nurse now looks after 12 patients, while five years ago a nurse looked after 8 patients.", "en",
     [("Five years ago", "8"), ("Now", "12")]),
])
def test_a_rate_told_then_and_now_is_the_comparison_drawn(sentence: str, language: str,
                                                         bars: list[tuple[str, str]]) -> None:
    assert _bars(_plan(sentence, language)) == bars


# --- a difference told without the other level ----------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "value", "note"), [
    ("The depot runs 58 buses this year, nine more than last year.", "en", "58", "nine more than last year"),
    ("Enrolment reached 860 pupils, an increase of 120 over last year.", "en", "860",
     "an increase of 120 over last year"),
    ("全区共有38家社区食堂，比去年多了5家。", "zh", "38", "比去年多了5家"),
    ("今年报名人数达到860人，较上年增加120人。", "zh", "860", "较上年增加120人"),
])
def test_a_difference_without_its_baseline_is_a_note_under_the_stat(sentence: str, language: str, value: str,
                                                                    note: str) -> None:
    v = _plan(sentence, language)
    assert isinstance(v, StatVisual), v
    assert (v.value, v.note) == (value, note)
    assert note in on_screen(v) and traceable(v, sentence)


def test_no_note_where_the_sentence_says_no_difference() -> None:
    v = _plan("全区共有38家社区食堂，其中12家在老城区。", "zh")
    assert not isinstance(v, StatVisual) or not v.note
    v = _plan("The depot runs 58 buses and 12 trams.", "en")
    assert not isinstance(v, StatVisual) or not v.note


# --- two figures of one measure, each with what it is for or by -----------------------------------------------------

@pytest.mark.parametrize(("sentence", "bars"), [
    ("A load costs $40 by van and $25 by cargo bike.", [("van", "$40"), ("cargo bike", "$25")]),
    ("The trip takes 50 minutes by bus but only 20 minutes by bike.", [("bus", "50"), ("bike", "20")]),
    ("Tickets are $12 for adults and $6 for children.", [("adults", "$12"), ("children", "$6")]),
])
def test_figures_told_apart_by_what_follows_each_are_bars(sentence: str, bars: list[tuple[str, str]]) -> None:
    assert _bars(_plan(sentence, "en")) == bars


def test_two_acts_are_no_comparison() -> None:
    v = _plan("The club raised $400 in March and spent $250 on kit.", "en")
    assert not isinstance(v, ChartVisual), v


def test_months_without_a_year_keep_the_order_told() -> None:
    # November then March may be one winter: a month alone does not say which came first
    v = _plan("The ferry was late on 12 days in November, compared with 3 days in March.", "en")
    assert [lab for lab, _ in _bars(v)] == ["November", "March"]


@pytest.mark.parametrize(("sentence", "bars"), [
    ("Gritters go out once 3 cm of ice has formed on bridges and 6 cm on quiet lanes.",
     [("bridges", "3"), ("quiet lanes", "6")]),
    ("Rainfall was 120 mm in the north and 45 mm in the south.", [("north", "120"), ("south", "45")]),
])
def test_small_length_units_are_figures_and_compare(sentence: str, bars: list[tuple[str, str]]) -> None:
    assert _bars(_plan(sentence, "en")) == bars


@pytest.mark.parametrize(("sentence", "language"), [
    ("今年招生480人，比去年少招了60人。", "zh"),
    ("全市共有公共充电桩5200个，较去年同期多出1300个。", "zh"),
    ("The council employs 64 wardens this year, 12 more than in 2020.", "en"),
])
def test_a_difference_is_never_drawn_as_the_other_level(sentence: str, language: str) -> None:
    v = _plan(sentence, language)
    assert not isinstance(v, ChartVisual), v  # 60 is how many fewer, not last year's intake
    if isinstance(v, StatVisual):
        assert v.value not in v.note.split()[:1] and v.note in sentence


@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("Now each teacher has 28 pupils, compared with 22 pupils a decade ago.", "en",
     [("A decade ago", "22"), ("Now", "28")]),
])
def test_a_change_told_now_then_is_labelled_by_the_times_in_its_clauses(sentence: str, language: str,
                                                                         bars: list[tuple[str, str]]) -> None:
    assert _bars(_plan(sentence, language)) == bars
