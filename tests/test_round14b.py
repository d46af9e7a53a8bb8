"""Round 14b: comparisons and rankings an article tells are drawn, and drawn right. Every sentence here is new
(none is from a dev or held-out article): the rules are meant to hold for the idea, not the phrasing."""

from __future__ import annotations

import pytest

from storyboard.figures import numbers
from storyboard.group_bounds import bounds_group
from storyboard.rankings import ranked
from storyboard.respectively import respectively
from storyboard.visuals import comparison, plan_visual, traceable


def _bars(v) -> list[tuple[str, str]]:
    return [(b.label, b.value) for b in v.bars]


# --- a ranking told by place words: each figure under its name, never under the place word -------------------

ZH_PLACED = [
    ("全市七个区里，南湖区以5.2亿元位居榜首，其次是北岸区，3.1亿元；",
     [("南湖区", "5.2"), ("北岸区", "3.1")]),
    ("东城店排名第一，月销量1200份，西城店以950份紧随其后，南城店垫底，只卖了400份。",
     [("东城店", "1200"), ("西城店", "950"), ("南城店", "400")]),
    ("三所学校中，实验小学以86人居首，育才小学64人次之。",
     [("实验小学", "86"), ("育才小学", "64")]),
    ("问到最常用的功能，视频通话排在第一，占52%；移动支付其次，占30%。",
     [("视频通话", "52"), ("移动支付", "30")]),
]


@pytest.mark.parametrize(("sentence", "bars"), ZH_PLACED)
def test_zh_ranking_by_place_words_is_bars_by_name(sentence: str, bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, "zh", sentence)
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)
    assert not any(w in b.label for b in v.bars for w in ("居首", "次之", "第一", "其次", "榜首", "垫底"))


EN_PLACED = [
    ("Harlow is the busiest of the three depots at 420 trucks a day: Denton handles 310, and Selby 150.",
     [("Harlow", "420"), ("Denton", "310"), ("Selby", "150")]),
    ("Pinewood has the longest list of the county's clinics: Oakfield averages 12 weeks, Brook Street 9, "
     "and Millgate, the shortest, 5.", [("Oakfield", "12"), ("Brook Street", "9"), ("Millgate", "5")]),
]


@pytest.mark.parametrize(("sentence", "bars"), EN_PLACED)
def test_en_list_after_a_superlative_is_a_ranking(sentence: str, bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)


def test_en_superlative_said_of_it_takes_its_figure_from_the_sentence_before() -> None:
    article = ("The average wait at the Norton clinic has reached 16 weeks, compared with 7 weeks in 2020. "
               "That makes it the slowest of the city's four clinics: Ashgate averages 12 weeks, Fenby 10, and "
               "Lowe Park, the quickest, 6. Nobody expects that to change now.")
    v = plan_visual("That makes it the slowest of the city's four clinics: Ashgate averages 12 weeks, Fenby 10, "
                    "and Lowe Park, the quickest, 6.", "en", article)
    assert v.kind == "chart" and _bars(v) == [("Norton", "16"), ("Ashgate", "12"), ("Fenby", "10"),
                                               ("Lowe Park", "6")]


def test_en_ranking_run_goes_on_past_an_aside() -> None:
    v = ranked("Oakdale topped the league with 64 goals, followed by Fenwick with 51, and Marsh Town, last "
               "year's champions, managed 40.", "en")
    assert v is not None and _bars(v) == [("Oakdale", "64"), ("Fenwick", "51"), ("Marsh Town", "40")]


# --- a figure that bounds a group is not that group's value -------------------------------------------------

GROUPS = [
    ("月收入低于3000元的家庭占三成，8000元以上的只有一成半。", "zh",
     [("低于3000元", "三成"), ("8000元以上", "一成半")]),
    ("约六成受访者每天用手机超过5小时，不到1小时的只有一成。", "zh",
     [("超过5小时", "约六成"), ("不到1小时", "一成")]),
    ("Nearly half of households set the thermostat to 21°C or higher, while only one in five keeps it at 18°C "
     "or lower.", "en", [("21°C or higher", "Nearly half"), ("18°C or lower", "one in five")]),
]


@pytest.mark.parametrize(("sentence", "language", "bars"), GROUPS)
def test_groups_defined_by_bounds_are_compared_by_their_shares(sentence: str, language: str,
                                                               bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, language, sentence)  # type: ignore[arg-type]
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)


@pytest.mark.parametrize("sentence", ["三成家庭把热水器设在60℃以上，设在50℃及以下的约有四成。",
                                      "Two in five drivers keep to 70 mph or less, and nearly half drive at 80 "
                                      "mph or more."])
def test_bounds_are_never_drawn_as_values(sentence: str) -> None:
    language = "zh" if "℃" in sentence else "en"
    v = plan_visual(sentence, language, sentence)  # type: ignore[arg-type]
    shown = [b.value for b in getattr(v, "bars", [])] + [getattr(v, "value", "")]
    assert not {"60", "50", "70", "80"} & set(shown)


# --- a change whose old level is said before a cut or a share -----------------------------------------------

def test_zh_before_and_after_works_past_a_share_between_them() -> None:
    text = "试点之前，每辆车平均要排队40分钟；试点之后，窗口增加了一倍，排队时间缩短到15分钟。"
    v = plan_visual(text, "zh", text)
    assert v.kind == "chart" and _bars(v) == [("试点之前", "40"), ("试点之后", "15")]
    article = "整治前，高峰时段平均要堵25分钟；整治后路口拓宽了三成，通行时间缩短到10分钟左右。\n\n居民很满意。"
    v = plan_visual("整治后路口拓宽了三成，通行时间缩短到10分钟左右。居民很满意。", "zh", article)
    assert v.kind == "chart" and _bars(v) == [("整治前", "25"), ("整治后", "10")]


@pytest.mark.parametrize("sentence", ["Fares now stand at $4.50, compared with $3 in 2021.",
                                      "The queue has grown to 40 minutes, compared with 15 minutes in 2022."])
def test_en_present_level_against_a_past_year_is_now_against_then(sentence: str) -> None:
    v = plan_visual(sentence, "en", sentence + " Staff are now stretched.")  # "Now" is the article's word
    assert v.kind == "chart" and [b.label for b in v.bars] == ["20" + sentence.split(" 20")[1][:2], "Now"]


def test_en_past_level_against_a_year_is_not_called_now() -> None:
    text = "The mill produced 19 tonnes, compared with 9 tonnes in 2019. It is now closed."
    v = plan_visual(text.split(". ")[0] + ".", "en", text)
    assert "Now" not in [b.label for b in getattr(v, "bars", [])]


# --- a range whose unit is said before it is one stat ---------------------------------------------------------

RANGES = [
    ("每个摊位每晚的客流在两百到五百之间。", "zh", "两百到五百"),
    ("这一带的房租从1500到3000元不等。", "zh", "1500到3000元"),
    ("每户每月用水量介于8到12吨之间。", "zh", "8到12吨"),
    ("Daily visits at each library range from 300 to 800.", "en", "300 to 800"),
    ("Rents in the area vary from £900 to £1,400 a month.", "en", "£900 to £1,400"),
]


@pytest.mark.parametrize(("sentence", "language", "value"), RANGES)
def test_a_range_is_one_stat_never_its_ends(sentence: str, language: str, value: str) -> None:
    v = plan_visual(sentence, language, sentence)  # type: ignore[arg-type]
    assert v.kind == "stat" and v.value == value and v.label and traceable(v, sentence)


# --- one measure at two times, the later said of "the figure": sides by time, not by subject ----------------

@pytest.mark.parametrize(("sentence", "labels"), [
    ("Before the app was introduced, staff answered about 60 calls a day; that number is now 140 calls a day.",
     ["Before the app was introduced", "Now"]),
    ("Before the bypass opened, lorries took 50 minutes to cross town; the figure is now 20 minutes.",
     ["Before the bypass opened", "Now"]),
])
def test_en_the_figure_now_against_before_an_event_is_two_times(sentence: str, labels: list[str]) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "chart" and [b.label for b in v.bars] == labels
    whole = comparison(sentence, "en")  # told over two shots, each shows it: never bars by "figure" or "number"
    assert whole is None or [b.label for b in whole.bars] == labels


@pytest.mark.parametrize(("sentence", "language"), [
    ("One in three lamps fitted between 2012 and 2016 has since failed.", "en"),
    ("在2018年到2021年之间，这条街换了三任店主。", "zh"),
])
def test_a_span_of_years_is_no_range_stat(sentence: str, language: str) -> None:
    v = plan_visual(sentence, language, sentence)  # type: ignore[arg-type]
    assert not (v.kind == "stat" and "20" in v.value and ("到" in v.value or " and " in v.value))


@pytest.mark.parametrize(("sentence", "language", "value"), [
    ("超过2000人参加了开幕式，其中四成是外地游客。", "zh", "2000"),
    ("Over 2,000 people came to the opening, and 40% were visitors from out of town.", "en", "2,000"),
])
def test_an_approximate_level_in_its_own_clause_is_no_bound(sentence: str, language: str, value: str) -> None:
    level = next(f for f in numbers(sentence, language) if f.written == value)  # type: ignore[arg-type]
    assert not bounds_group(level, sentence, language)  # type: ignore[arg-type]
    near = "One in five had booked a test at a centre more than 50 miles away."
    assert bounds_group(next(f for f in numbers(near, "en") if f.written == "50"), near, "en")


# --- names and figures paired by order (分别, "respectively") ------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("东城、西城、南城三个区的投诉分别为120件、90件和60件。", "zh", [("东城", "120"), ("西城", "90"), ("南城", "60")]),
    ("排名前三的是东湖公园、西山公园和南河湿地，游客量分别为32万、25万和18万人次。", "zh",
     [("东湖公园", "32万"), ("西山公园", "25万"), ("南河湿地", "18万")]),
    ("Ashby, Kelford and Brindle received 380, 290 and 175 applications respectively.", "en",
     [("Ashby", "380"), ("Kelford", "290"), ("Brindle", "175")]),
    ("The Riverside and Oakwood branches lent 4,200 and 3,100 books respectively.", "en",
     [("Riverside", "4,200"), ("Oakwood", "3,100")]),
])
def test_names_and_figures_paired_by_order_are_bars_by_name(sentence: str, language: str,
                                                             bars: list[tuple[str, str]]) -> None:
    v = plan_visual(sentence, language, sentence)  # type: ignore[arg-type]
    assert v.kind == "chart" and _bars(v) == bars and traceable(v, sentence)


@pytest.mark.parametrize(("sentence", "language"), [("城南和城北两个片区的用电量分别增长了5%和8%。", "zh"),
                                                    ("Rents in Leeds and York rose 4% and 6% respectively.", "en")])
def test_changes_paired_by_order_are_not_drawn_as_levels(sentence: str, language: str) -> None:
    assert respectively(sentence, language) is None  # type: ignore[arg-type]
