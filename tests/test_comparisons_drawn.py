"""Comparisons told in phrasings the first rules did not know are drawn as graphics, with the article's numbers
and words: a thing against another's figure, a ranking led by name, changes with dated ends or told over two
clauses or sentences, and two counts set against each other. Sentences here are new, not any dev article's."""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual, CompareVisual
from storyboard.visuals import comparison, plan_visual


def _bars(v: object) -> list[tuple[str, str]]:
    assert isinstance(v, ChartVisual), v
    return [(b.label, b.value) for b in v.bars]


@pytest.mark.parametrize(("sentence", "bars", "unit"), [
    ("The heat pump uses 3,000 kWh a year, versus 11,000 kWh for a gas boiler.",
     [("heat pump", "3,000"), ("gas boiler", "11,000")], "kWh a year"),
    ("Each LED lasts 20 years, compared to 4 for the old bulbs.", [("LED", "20"), ("old bulbs", "4")], "years"),
    ("An electric van emits 12 grams a mile, against 180 grams for the diesel model it replaced.",
     [("electric van", "12"), ("diesel model", "180")], "grams a mile"),
])
def test_a_thing_against_the_figure_for_another_is_bars_by_thing(sentence: str, bars: list, unit: str) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert _bars(v) == bars and v.unit == unit


def test_a_name_it_never_writes_whole_is_no_bar() -> None:
    s = "An electric bus costs 9p a mile, against 31p for a diesel one."
    assert not isinstance(plan_visual(s, "en", s), ChartVisual)


@pytest.mark.parametrize(("sentence", "bars", "unit"), [
    ("Oak Lane was by far the most popular at 61%, ahead of Elm Road at 22%.",
     [("Oak Lane", "61%"), ("Elm Road", "22%")], ""),
    ("Central Library leads with 9,200 loans a month, then Northgate with 4,100 and Southbank with 2,300.",
     [("Central Library", "9,200"), ("Northgate", "4,100"), ("Southbank", "2,300")], "loans a month"),
])
def test_a_ranking_led_by_its_top_name_is_bars_by_name(sentence: str, bars: list, unit: str) -> None:
    v = comparison(sentence, "en")
    assert _bars(v) == bars and v.unit == unit


def test_and_with_alone_is_no_ranking() -> None:
    s = "Prices rose by 5 and Bolton with 6 dogs."
    assert not isinstance(plan_visual(s, "en", s), ChartVisual)


@pytest.mark.parametrize(("sentence", "bars", "title"), [
    ("Membership rose from 1,200 in 2019 to 3,400 in 2024.", [("2019", "1,200"), ("2024", "3,400")], "Membership"),
    ("Reported burglaries on the estate fell from 96 last year to 41 this year.",
     [("last year", "96"), ("this year", "41")], "Reported burglaries on the estate"),
    ("The waiting list for allotments has shrunk, from 340 in 2021 to 120 this year.",
     [("2021", "340"), ("this year", "120")], "waiting list for allotments"),
    ("The average number of buses running late on the ring road each morning fell from 18 to 6.",
     [("from", "18"), ("to", "6")], "average number of buses running late"),
])
def test_a_change_with_dated_ends_is_bars_by_date(sentence: str, bars: list, title: str) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert _bars(v) == bars and v.title == title


def test_a_range_is_no_change() -> None:
    s = "Fees at the four pools ranged from 310 in 2023 to 450 depending on the lane."
    assert not isinstance(plan_visual(s, "en", s), ChartVisual)


@pytest.mark.parametrize(("sentence", "lang", "bars"), [
    ("Before the trial, the average wait was 14 days; it has since been cut to 3 days.", "en",
     [("Before the trial", "14"), ("cut to", "3")]),
    ("Last year the club had 40 volunteers, but that has grown to 65.", "en",
     [("Last year", "40"), ("grown to", "65")]),
    ("改造前每户每月电费约120元，装上光伏板后降到40元左右。", "zh", [("改造前", "120"), ("降到", "40")]),
    ("以往窗口平均要排30分钟，今年开通线上预约后缩短到8分钟。", "zh", [("以往", "30"), ("今年", "8")]),
])
def test_a_level_said_earlier_then_taken_to_another_is_a_change(sentence: str, lang: str, bars: list) -> None:
    v = plan_visual(sentence, lang, sentence)  # type: ignore[arg-type]
    assert _bars(v) == bars


def test_a_change_in_two_units_of_time_is_drawn_to_one_scale() -> None:
    s = "原来办理开业登记平均要2个月，今年实行“一网通办”后压缩到10天。"
    v = plan_visual(s, "zh", s)
    assert isinstance(v, ChartVisual) and [b.value for b in v.bars] == ["2个月", "10天"]
    assert v.bars[0].number > v.bars[1].number  # two months is longer than ten days, whatever the digits say


def test_a_change_told_over_two_sentences_shows_in_the_shot_that_gives_the_new_level() -> None:
    article = ("In 2023 the trust paid £3.4 million for agency nurses. After a recruitment drive, it expects the "
               "bill to drop to about £1.9 million this year.")
    shot = "After a recruitment drive, it expects the bill to drop to about £1.9 million this year."
    v = plan_visual(shot, "en", article)
    assert _bars(v) == [("2023", "£3.4"), ("this year", "£1.9")] and v.title == "bill"


@pytest.mark.parametrize(("sentence", "lang", "items", "values"), [
    ("全镇有老人3200名，养老床位却只有180张。", "zh", ["老人", "养老床位"], ["3200名", "180张"]),
    ("报名的学生有450人，而名额只有120个。", "zh", ["学生", "名额"], ["450人", "120个"]),
    ("The estate has 860 households but only 420 parking spaces.", "en", ["households", "parking spaces"],
     ["860 households", "420 parking spaces"]),
])
def test_two_counts_set_against_each_other_stand_side_by_side(sentence: str, lang: str, items: list,
                                                               values: list) -> None:
    v = plan_visual(sentence, lang, sentence)  # type: ignore[arg-type]
    assert isinstance(v, CompareVisual) and v.items == items and v.rows[0][1] == values


def test_a_zh_sentence_split_over_shots_shows_its_dated_series() -> None:
    s = "今年1至9月，全市新开通公交线路23条，而去年全年只有9条。"
    v = comparison(s, "zh")
    assert _bars(v) == [("去年", "9"), ("今年", "23")]  # drawn as time runs (round 13b), not as told


def test_three_levels_of_one_measure_stay_a_series_not_a_two_bar_change() -> None:
    s = "开放前公园日均游客约900人次，开放第一个月升到1500人次，今年国庆增长到2600人次左右。"
    v = plan_visual(s, "zh", s)
    assert not (isinstance(v, ChartVisual) and len(v.bars) == 2 and v.bars[1].label == "升到")


def test_a_later_season_labels_the_new_level() -> None:
    s = "Evening visits to the museum rose from 4,000 in 2021 to 11,500 last winter."
    assert _bars(plan_visual(s, "en", s)) == [("2021", "4,000"), ("last winter", "11,500")]


def test_a_shot_telling_part_of_a_series_shows_the_whole_series_not_a_two_bar_change() -> None:
    sentence = "改造前馆内日均读者约800人次，重新开放第一个月升到1300人次，今年3月稳定在1600人次左右。"
    shot = "改造前馆内日均读者约800人次，重新开放第一个月升到1300人次，"
    whole = comparison(sentence, "zh")
    assert isinstance(whole, ChartVisual) and len(whole.bars) == 3
    assert plan_visual(shot, "zh", sentence, compared=whole) == whole


def test_a_change_is_not_replaced_by_the_breakdown_that_follows_it() -> None:
    sentence = "数据显示，车位从改造前的约60个增加到150个，其中地面车位90个、地下车位40个、机械车位20个。"
    shot = "数据显示，车位从改造前的约60个增加到150个，"
    whole = comparison(sentence, "zh")
    v = plan_visual(shot, "zh", sentence, compared=whole)
    assert isinstance(v, ChartVisual) and [b.value for b in v.bars] == ["60", "150"]
