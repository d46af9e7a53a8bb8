"""Round 12b: figures of one measure told against each other are drawn as bars, each labelled by its side.

Every sentence here is new (none is from a development article): the rule is the idea (two levels of one measure,
told apart by a time, a place, or before/after said or implied beside each), not any article's phrasing.
"""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual
from storyboard.against import told_across, told_against
from storyboard.figures import occurs
from storyboard.visuals import plan_visual, traceable


def _bars(v: object) -> list[tuple[str, str]]:
    assert isinstance(v, ChartVisual), v
    return [(b.label, b.value) for b in v.bars]


EN_TIMES = [
    ("Volunteers collected 4,600 bags of litter this spring, compared with 3,100 last spring.",
     [("Last spring", "3,100"), ("This spring", "4,600")]),
    ("The clinic saw 920 patients in 2025, against 760 in 2024.", [("2024", "760"), ("2025", "920")]),
    ("Ticket sales reached 18,000 this season, up from 12,500 last season.",
     [("Last season", "12,500"), ("This season", "18,000")]),
    ("The market now has 64 stalls, compared with 41 before the refurbishment.",
     [("Before the refurbishment", "41"), ("Now", "64")]),
    ("The food bank handed out 2,300 parcels last winter, down from 2,900 the winter before.",
     [("The winter before", "2,900"), ("Last winter", "2,300")]),
]


@pytest.mark.parametrize(("sentence", "bars"), EN_TIMES)
def test_en_two_times_of_one_measure_are_bars_by_time(sentence: str, bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)


def test_en_an_implied_side_is_the_said_ones_counterpart_as_the_article_writes_it() -> None:
    """"versus 5,900 a year earlier": the other figure is this year's, a label the article itself uses."""
    sentence = "Members borrowed 7,300 e-books, versus 5,900 a year earlier."
    article = sentence + " This year the branch also began lending tablets."
    assert _bars(plan_visual(sentence, "en", article)) == [("A year earlier", "5,900"), ("This year", "7,300")]
    # where the article never says the counterpart, no bar is labelled with it: no chart of empty labels
    assert told_against(sentence, "en", sentence) is None


def test_en_a_figure_without_a_side_makes_no_bars() -> None:
    assert told_against("Crews filled 3,180 potholes, compared with 2,240.", "en") is None
    assert plan_visual("Crews filled 3,180 potholes, compared with 2,240.", "en",
                       "Crews filled 3,180 potholes, compared with 2,240.").kind == "stat"


def test_en_an_up_from_change_is_labelled_by_its_times() -> None:
    """"…is £3.2 million, up from £2.6 million": bars that say which year is which, never two empty labels."""
    sentence = "This year's grant to youth clubs is £3.2 million, up from £2.6 million."
    article = "Funding was cut last year. " + sentence
    v = plan_visual(sentence, "en", article)
    assert _bars(v) == [("Last year", "£2.6"), ("This year", "£3.2")] and traceable(v, article)


def test_en_places_over_two_sentences_are_bars_by_place() -> None:
    first = "At noon the playground at Riverside School reached 47°C."
    second = "In the shade of Elm Park, the thermometer read 31°C."
    assert _bars(told_across(first, second, "en")) == [("Riverside School", "47"), ("Elm Park", "31")]
    joined = f"{first} {second}"
    assert _bars(plan_visual(joined, "en", joined)) == [("Riverside School", "47"), ("Elm Park", "31")]
    # one sentence alone holds one side: nothing to compare
    assert told_against(first, "en") is None


def test_label_capital_is_typography() -> None:
    assert occurs("Last year", "compared with the same period last year")
    assert not occurs("Last month", "compared with the same period last year")


ZH_TIMES = [
    ("今年上半年全市共受理投诉3200件，比去年同期的4100件减少了两成多。",
     [("去年同期", "4100"), ("今年上半年", "3200")]),
    ("改造后每天接待游客约5000人次，改造前只有2000人左右。", [("改造前", "2000人"), ("改造后", "5000人次")]),
    ("这家食堂现在每天供应600份午餐，比开业之初的250份多了一倍多。", [("开业之初", "250"), ("现在", "600")]),
    ("目前全市有充电桩4800个，较上个月的4100个又增加了不少。", [("上个月", "4100"), ("目前", "4800")]),
    ("开馆第一年接待读者九千人次，今年前八个月已达到一万五千人次。",
     [("开馆第一年", "九千"), ("今年前八个月", "一万五千")]),
    ("首月平均每天借出图书三百册，到了第六个月已增加到每天八百册。", [("首月", "三百"), ("第六个月", "八百")]),
]


@pytest.mark.parametrize(("sentence", "bars"), ZH_TIMES)
def test_zh_two_times_of_one_measure_are_bars_by_time(sentence: str, bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, "zh", sentence)
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)


def test_zh_people_counted_as_人_名_人次_are_one_measure() -> None:
    """比去年的…人: 名 and 人 both count people (each value keeps its own word); 去年 implies 今年 where the article
    says it."""
    sentence = "共有三千二百名志愿者报名，比去年的一千九百人多了不少。"
    article = "今年的马拉松定在十一月。" + sentence
    assert _bars(plan_visual(sentence, "zh", article)) == [("去年", "一千九百人"), ("今年", "三千二百名")]
    assert told_against(sentence, "zh", sentence) is None  # the article never says 今年: no invented label


def test_zh_an_average_is_no_rival_to_a_total() -> None:
    """去年…2.1万场，平均每村11场: an item's average against the total is not this year against last."""
    sentence = "全县三百个村去年共放映电影4500场，平均每村15场。"
    assert told_against(sentence, "zh", "今年" + sentence) is None


def test_zh_stages_with_a_change_among_them_are_not_two_sides() -> None:
    sentence = "2023年撤并了18条线路；2024年新开9条快线；2025年又新增21条社区线。"
    assert told_against(sentence, "zh", sentence) is None


EN_PLACES = [
    ("About 60% of residents in Northfield recycle, against 35% in Eastbrook.",
     [("Northfield", "60"), ("Eastbrook", "35")]),
    ("A return ticket costs £4.20 at peak times in York, compared with £3.10 in Leeds.",
     [("York", "£4.20"), ("Leeds", "£3.10")]),
]


@pytest.mark.parametrize(("sentence", "bars"), EN_PLACES)
def test_en_two_places_of_one_measure_are_bars_by_place(sentence: str, bars: list[tuple[str, str]]) -> None:
    """Each figure's place is the one said in its own clause, never the one before it."""
    assert _bars(plan_visual(sentence, "en", sentence)) == bars


def test_a_part_of_a_period_against_a_whole_one_names_the_part_or_draws_no_bars() -> None:
    """去年全年 against 今年国庆七天 / 今年1到10月: the shorter period is in its label, never a bare 今年."""
    holiday = "去年全年共接待游客120万人次，今年国庆七天就接待了35万人次。"
    assert _bars(plan_visual(holiday, "zh", holiday)) == [("去年", "120"), ("今年国庆七天", "35")]
    months = "去年全年共查处违停2400起，今年1到9月为1500起。"
    assert _bars(plan_visual(months, "zh", months))[1] == ("今年1到9月", "1500")
    first_half = "The hall hosted 140 concerts last year, and 90 this year."
    assert _bars(plan_visual(first_half, "en", first_half)) == [("Last year", "140"), ("This year", "90")]
    part = "The hall hosted 140 concerts last year, and 90 in the first half of this year."
    v = plan_visual(part, "en", part)
    assert not (isinstance(v, ChartVisual) and ("This year", "90") in _bars(v))


@pytest.mark.parametrize("sentence", [
    "The report lists the wettest towns: Ashby, with 1,210 mm, followed by Kelso at 1,090 mm and Moffat at 980 mm.",
    "The survey names the busiest stations: Kings Cross, with 41,000 trips, followed by Euston at 30,000 and "
    "Victoria at 25,000.",
    "Three wards are the least covered: Northgate, where only 6% of homes have fibre, followed by Bankside at 9% "
    "and Elmwood at 14%.",
])
def test_en_a_ranking_opened_after_a_colon_is_bars_by_name(sentence: str) -> None:
    """"the hottest: Carver Park, where only 8%…, followed by Mill Lane at 11% and Station Quarter at 13%": the top
    is named after the colon, the rest after "followed by" and "and" (a percentage ends the one before)."""
    v = plan_visual(sentence, "en", sentence)
    assert isinstance(v, ChartVisual) and len(v.bars) == 3 and all(b.label[:1].isupper() for b in v.bars)


def test_figures_per_different_times_are_no_pair() -> None:
    """每月 against 每天, "a week" against "a month": two rates, not two sides of one."""
    zh = "去年他每月收入3000元，现在每天能赚300元。"
    assert told_against(zh, "zh", zh) is None
    en = "Last year the van delivered 400 parcels a week; now it delivers 1,500 a month."
    assert told_against(en, "en", en) is None


def test_a_year_against_now_is_drawn_in_time_order() -> None:
    sentence = "Founded in 1998, the club now has 400 members, up from 150 in 2010."
    assert _bars(plan_visual(sentence, "en", sentence)) == [("2010", "150"), ("Now", "400")]
    zh = "2019年，这里的房价每平方米8000元；如今已涨到每平方米2万元。"
    assert [lab for lab, _ in _bars(plan_visual(zh, "zh", zh))] == ["2019年", "如今"]


def test_zh_two_places_of_one_measure_are_bars_by_place() -> None:
    sentence = "在老城区，绿化覆盖率只有18%；而在新区，这一比例达到42%。"
    assert _bars(plan_visual(sentence, "zh", sentence)) == [("老城区", "18"), ("新区", "42")]


@pytest.mark.parametrize(("first", "second", "language", "bars"), [
    ("In 2020 the shelter took in 340 dogs.", "Last year it took in 510.", "en",
     [("2020", "340"), ("Last year", "510")]),
    ("On weekdays the pool sees about 600 swimmers.", "At weekends the number doubles to 1,200.", "en",
     [("Weekdays", "600"), ("Weekends", "1,200")]),
    ("2020年，这家收容所接收了340只流浪狗。", "去年，这个数字上升到510只。", "zh",
     [("2020年", "340"), ("去年", "510")]),
])
def test_a_comparison_told_over_two_sentences(first: str, second: str, language: str,
                                              bars: list[tuple[str, str]]) -> None:
    """Each sentence holds one side; the later figure may leave its unit to the earlier one ("took in 510")."""
    assert _bars(told_across(first, second, language)) == bars  # type: ignore[arg-type]
