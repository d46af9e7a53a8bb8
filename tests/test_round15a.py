"""Round 15a: numbers and labels on screen must be right. New sentences (not the dev articles'), both languages:
a tenure is no count; a whole told with its parts (some as shares, some as sums) is the title with every part a bar;
labels are never the sentence's verbs (从…的 | 升到, 受访者说, 是婚宴, "go out") or a cut crowd noun (八点人)."""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual, ListVisual, StatVisual
from storyboard.visuals import on_screen, plan_visual


def _plan(sentence: str, language: str):  # noqa: ANN202 - any visual
    return plan_visual(sentence, language, sentence)


# --- a tenure is no count -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, language, figure", [
    ("在老街经营裁缝铺二十年的周师傅认为，明年生意还会更难做。", "zh", "二十"),
    ("在这条街上卖了十多年煎饼的老李，今年第一次涨价。", "zh", "十多"),
    ("在社区医院工作八年的护士长说，来打疫苗的老人越来越多。", "zh", "八"),
    ("Tom Reid, who has driven a gritter for 22 years, says the new routes are longer.", "en", "22"),
    ("After 30 years behind the counter, the owner still opens at 7am.", "en", "30"),
])
def test_how_long_someone_has_done_something_is_never_a_stat(sentence: str, language: str, figure: str) -> None:
    visual = _plan(sentence, language)
    assert not (isinstance(visual, StatVisual) and visual.value == figure), visual


@pytest.mark.parametrize("sentence, language, value", [
    ("这批设备的平均使用年限是八年。", "zh", "八"),
    ("The average wait for a hip operation is 2 years.", "en", "2"),
])
def test_a_duration_the_label_names_is_still_a_stat(sentence: str, language: str, value: str) -> None:
    visual = _plan(sentence, language)
    assert isinstance(visual, StatVisual) and visual.value == value, visual


# --- a whole and its parts, some told as shares ------------------------------------------------------------------

@pytest.mark.parametrize("sentence, language, whole, parts", [
    ("这个项目总投资五百万元，其中区财政出资六成，街道自筹一百五十万元，剩下的五十万元来自企业捐赠。", "zh",
     "五百万", ["区财政出资", "街道自筹", "企业捐赠"]),
    ("小区共有住户一千二百户，其中老年家庭占四成，有孩子的家庭五百户，其余二百户是租户。", "zh",
     "一千二百", ["老年家庭", "有孩子的家庭", "租户"]),
    ("The festival cost $200,000 to run. Of that, a quarter went on security, stage hire took $90,000 and the "
     "remaining $60,000 paid for artists.", "en", "$200,000", ["security", "stage hire", "artists"]),
    ("Her bills last year came to £9,000: mortgage of £5,000; heating, about £2,500; and the remaining £1,500 on "
     "insurance.", "en", "£9,000", ["mortgage", "heating", "insurance"]),
    ("全村共有耕地三千亩，其中水稻占一半，玉米一千亩，剩下的五百亩种了蔬菜。", "zh", "三千", ["水稻", "玉米", "蔬菜"]),
    ("Last year the food bank handed out 12,000 parcels: 40% went to families with children, pensioners received "
     "3,000 parcels and the other 4,200 parcels went to single adults.", "en", "12,000",
     ["families with children", "pensioners", "single adults"]),
])
def test_a_whole_is_the_title_and_every_part_a_bar(sentence: str, language: str, whole: str,
                                                   parts: list[str]) -> None:
    chart = _plan(sentence, language)
    assert isinstance(chart, ChartVisual), chart
    assert whole in chart.title, chart
    assert [b.label for b in chart.bars] == parts, chart
    assert all(whole not in b.value for b in chart.bars), chart


@pytest.mark.parametrize("sentence, language", [
    ("Sales reached £5,000 over the summer: £3,000 in June and £2,000 in July.", "en"),
    ("Our weekly budget: rent £150, food £100 and travel £50.", "en"),
])
def test_one_measure_at_two_times_or_a_listed_item_is_no_whole(sentence: str, language: str) -> None:
    visual = _plan(sentence, language)
    assert not (isinstance(visual, ChartVisual) and visual.title.startswith(("Sales", "Our", "rent"))), visual


# --- labels are never verbs or cut words -------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, then, now", [
    ("骑车上班的人，比例从两年前的8%提高到了15%，现在还在涨。", "两年前", "现在"),
    ("投诉量从2022年的460件降到了今年的210件。", "2022年", "今年"),
    ("报名学书法的老人从三年前的40人增加到了今年的95人。", "三年前", "今年"),
])
def test_a_change_from_a_time_is_labelled_by_its_times(sentence: str, then: str, now: str) -> None:
    chart = _plan(sentence, "zh")
    assert isinstance(chart, ChartVisual), chart
    assert [b.label for b in chart.bars] == [then, now], chart


def test_the_crowd_that_is_most_is_not_part_of_the_time_ranked() -> None:
    chart = _plan("周末傍晚人最多，每小时约120人次；工作日中午次之，每小时约60人次。", "zh")
    assert isinstance(chart, ChartVisual), chart
    assert chart.bars[0].label == "周末傍晚", chart


@pytest.mark.parametrize("sentence", [
    "超过六成的受访居民说，“停车难”是小区最头疼的问题；",
    "约三成的家长表示，孩子每天看屏幕超过两小时；",
])
def test_a_share_who_said_something_is_not_labelled_by_the_verb(sentence: str) -> None:
    stat = _plan(sentence, "zh")
    assert isinstance(stat, StatVisual), stat
    assert not stat.label.endswith(("说", "表示")), stat


@pytest.mark.parametrize("sentence, first", [
    ("开支最大的三项依次是房租、人工和水电；", "房租"),
    ("居民最关心的问题是停车、电梯加装和垃圾分类。", "停车"),
])
def test_a_list_never_opens_on_the_verb_that_introduces_it(sentence: str, first: str) -> None:
    visual = _plan(sentence, "zh")
    assert isinstance(visual, ListVisual) and visual.items[0] == first, visual


@pytest.mark.parametrize("sentence", [
    "The manager decides each night whether the town's 9 snowploughs go out.",
    "If 12 volunteers turn up, the shop can open on Sundays.",
])
def test_a_count_in_an_open_question_is_not_labelled_by_its_verb(sentence: str) -> None:
    visual = _plan(sentence, "en")
    shown = " ".join(on_screen(visual))
    assert "go out" not in shown and "turn up" not in shown, visual
