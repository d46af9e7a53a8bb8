"""Round 12a: numbers and labels that must not be wrong or misleading. A whole split into parts is drawn whole
(found by its arithmetic, however worded), a ranking keeps its leader, places in a ranking are listed in order,
a figure that only frames a sentence (the pool ranked in, a shared condition) is never its stat, and a level
"reached" after an early one is a change. Every sentence here is new (none is from a held-out set)."""

from __future__ import annotations

import pytest

from storyboard.figures import numbers
from storyboard.rank_order import rank_order
from storyboard.rankings import ranked
from storyboard.split_whole import split_whole
from storyboard.visuals import change_chart, on_screen, plan_visual, traceable


def _bars(chart) -> list[tuple[str, str]]:
    return [(b.label, b.value) for b in chart.bars]


# --- a whole split into parts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "language", "labels"), [
    ("In the March count, 40% of riders were commuters, 35% were shoppers, 15% were tourists, and the last 10% "
     "were students.", "en", ["commuters", "shoppers", "tourists", "students"]),
    ("The festival cost $240,000 to stage. Around $130,000 paid for security; $70,000 went on stages and sound; "
     "and $40,000 covered cleaning.", "en", ["security", "stages and sound", "cleaning"]),
    ("This year's road budget is €3 million. Of this, €1.8 million goes on resurfacing, €900,000 on drainage, "
     "and the final €300,000 on road signs.", "en", ["resurfacing", "drainage", "road signs"]),
    ("新体育馆建设资金约两亿元，其中市财政约占六成，区财政约占三成，其余一成由企业赞助。", "zh",
     ["市财政", "区财政", "企业赞助"]),
    ("图书馆的年度经费中，购书约占百分之五十五，人员工资约占三成，水电和维护占百分之十五。", "zh",
     ["购书", "人员工资", "水电和维护"]),
    ("Of the £2 million, £1.2 million is for new buses and £800,000 for bus shelters.", "en",
     ["new buses", "bus shelters"]),
    ("Staff costs take up 60% of the budget, buildings 25% and transport 15%.", "en",
     ["Staff costs", "buildings", "transport"]),
    ("Wages make up 55% of spending, rent accounts for 30% and utilities for the other 15%.", "en",
     ["Wages", "rent", "utilities"]),
    ("About 48% of trips were by car, 30% by bus, 12% on foot and 10% by bike.", "en", ["car", "bus", "foot", "bike"]),
    ("Repairs cost £300,000, cleaning £150,000 and security £50,000, £500,000 in all.", "en",
     ["Repairs", "cleaning", "security"]),
    ("人工成本约占总支出的六成，房租约占两成五，水电等其他费用约占一成五。",
     "zh", ["人工成本", "房租", "水电等其他费用"]),
    ("在受访者中，支持的占百分之六十五，反对的占百分之二十，其余百分之十五表示无所谓。",
     "zh", ["支持", "反对", "表示无所谓"]),
    ("这笔钱中，市级补助300万元，区级配套150万元，企业出资50万元，合计500万元。",
     "zh", ["市级补助", "区级配套", "企业出资"]),
])
def test_parts_that_add_up_to_their_whole_are_one_chart(text, language, labels) -> None:
    got = split_whole(text, language)
    assert got is not None and [b.label for b in got[0].bars] == labels
    assert traceable(got[0], text)


@pytest.mark.parametrize(("text", "language"), [
    ("Turnout was 45% in Northside and 30% in Southside.", "en"),  # rivals, not the parts of one whole
    ("The hall cost £2 million, and the car park £400,000 more.", "en"),
    ("改造总投资约900万元。其中，屋顶改造约500万元，平均每栋25万元；外墙改造约300万元。", "zh"),  # a rate is no part
    ("今年的及格率为百分之八十五，前年为百分之十五。", "zh"),  # one rate at two times adds up by chance
    ("In 2022, 70% of trains ran on time; in 2024, 30% did.", "en"),
])
def test_figures_that_do_not_add_up_are_no_breakdown(text, language) -> None:
    got = split_whole(text, language)
    assert got is None or all("每" not in b.label for b in got[0].bars) and "前年" not in on_screen(got[0])


@pytest.mark.parametrize(("article", "shot", "language", "n"), [
    ("Staff counted 500 walkers in a week. 55% of walkers were dog owners, 25% were runners, and the remaining "
     "20% were families.", "and the remaining 20% were families.", "en", 3),
    ("The pool cost £1.2 million to refit. About £700,000 paid for the roof; £300,000 covered new tiles; and "
     "£200,000 went on changing rooms.", "The pool cost £1.2 million to refit.", "en", 3),
    ("这项工程总投入约六百万元，其中区财政约占五成，街道出资约占三成，剩下两成来自居民自筹。",
     "剩下两成来自居民自筹。", "zh", 3),
])
def test_every_shot_of_a_breakdown_shows_all_of_it(article, shot, language, n) -> None:
    visual = plan_visual(shot, language, article)
    assert visual.kind == "chart" and len(visual.bars) == n


def test_a_sum_followed_by_its_verb_is_a_sum_not_a_count() -> None:
    found = numbers("A further £75,000 funds new benches, and $90,000 goes on lighting.", "en")
    assert [(f.written, f.unit) for f in found] == [("£75,000", ""), ("$90,000", "")]


# --- rankings -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "labels"), [
    ("Northgate collected the most litter with 1,450 bags, followed by Canal Side with 980 and Old Market with "
     "720.", ["Northgate", "Canal Side", "Old Market"]),
    ("At the top was Westbrook, where 62% of homes recycle, followed by Hillcrest at 48% and Dunmore at 41%.",
     ["Westbrook", "Hillcrest", "Dunmore"]),
    ("Data from the trust show Kings Ward handled 3,200 visits, ahead of Elm Ward with 2,100.",
     ["Kings Ward", "Elm Ward"]),
    ("With 1,310 entries, Ashby won the most prizes, followed by Crane Hill with 870.", ["Ashby", "Crane Hill"]),
])
def test_a_ranking_run_keeps_the_leader_said_before_it(text, labels) -> None:
    chart = ranked(text, "en")
    assert chart is not None and [b.label for b in chart.bars] == labels


@pytest.mark.parametrize(("text", "language", "items"), [
    ("在全区36家社区食堂里，幸福里食堂的日均用餐人数排名第二，仅次于“东湖食堂”，排第三的是“桥南食堂”。", "zh",
     ["东湖食堂", "幸福里食堂", "桥南食堂"]),
    ("全市中学里，实验中学的升学率排名第一，第二名是育英中学，第三名是南山中学。", "zh",
     ["实验中学", "育英中学", "南山中学"]),
    ("Among the county's 58 libraries, Ferris Road now ranks second for loans, behind only Central, with Park "
     "Lane third.", "en", ["Central", "Ferris Road", "Park Lane"]),
    ("Millbank was the second-busiest station, behind only Queen Street.", "en", ["Queen Street", "Millbank"]),
])
def test_places_in_a_ranking_are_listed_in_rank_order(text, language, items) -> None:
    listed = rank_order(text, language)
    assert listed is not None and listed.items == items


def test_a_shot_telling_a_place_in_a_ranking_lists_it() -> None:
    article = "在全区36家社区食堂里，幸福里食堂的日均用餐人数排名第二，仅次于“东湖食堂”，排第三的是“桥南食堂”。"
    visual = plan_visual("仅次于“东湖食堂”，排第三的是“桥南食堂”。", "zh", article)
    assert visual.kind == "list" and visual.items[0] == "东湖食堂"


# --- figures that frame a sentence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "language", "frame"), [
    ("在全省112所高校中，江城大学的毕业生就业率排第三。", "zh", "112"),
    ("同样三个月，私人健身房一般要一千五到两千元。", "zh", "三"),
    ("Among the city's 47 bus routes, Route 3 now ranks second for daily riders.", "en", "47"),
    ("Out of 120 schools in the county, Hill Road has the highest reading scores.", "en", "120"),
    ("For the same six weeks, a private coding camp charges £450.", "en", "six"),
])
def test_a_figure_that_frames_the_sentence_is_never_its_stat(text, language, frame) -> None:
    visual = plan_visual(text, language, text)
    assert visual.kind != "stat" or frame not in on_screen(visual)[0]


# --- a level reached after an early one ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "values"), [
    ("新线开通首月日均客流约八百人次，今年五月已达到一千九百人次。", ["八百", "一千九百"]),
    ("新馆刚开放时每天接待读者约三百人，如今已突破八百人。", ["三百", "八百"]),
    ("活动首月报名约120人，到年底增加到450人。", ["120", "450"]),
])
def test_a_level_reached_after_an_early_one_is_a_change(text, values) -> None:
    chart = change_chart(text, "zh")
    assert chart is not None and [b.value for b in chart.bars] == values
    assert all(b.label not in ("突破", "达到") for b in chart.bars) and chart.title not in ("突破", "达到")


# --- labels and hooks that are no clause fragments --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "label"), [
    ("About 30% were working adults.", "working adults"),
    ("Roughly 40% were retirees living alone.", "retirees living alone"),
    ("Some 25% were reporting a new pothole.", "were reporting a new pothole"),  # the verb is the finding
])
def test_a_stat_label_drops_a_copula_before_a_noun_phrase(text, label) -> None:
    visual = plan_visual(text, "en", text)
    assert visual.kind == "stat" and visual.label == label


@pytest.mark.parametrize(("text", "b", "bad"), [
    ("the pool began opening until 8 pm", 4, True),   # "…began opening | until"
    ("the pool began opening until 8 pm", 3, True),   # "…began | opening"
    ("crews kept filling potholes", 3, True),
    ("the fair opened on may 14 this year", 5, True),  # "on May | 14"
    ("the pool opened early", 3, False),
])
def test_a_hook_never_ends_on_a_verb_whose_rest_follows_or_inside_a_date(text, b, bad) -> None:
    from storyboard.phrase_edges import bad_end_en

    assert bad_end_en(text.split(), b) is bad


def test_a_hook_never_starts_inside_a_name() -> None:
    from storyboard.rules import key_phrase
    from storyboard.segment import keyword_weights

    text = "Westfield Leisure Centre started opening at 6 am on weekends this summer."
    phrase = key_phrase(text, "en", dict(keyword_weights(text, "en", 10)))
    assert not phrase.startswith(("Leisure", "Centre")) and not phrase.endswith(("started", "opening"))


def test_a_ranking_of_shares_says_what_they_are_shares_of() -> None:
    chart = ranked("The survey ranks Eastbrook first: 71% of its homes have a smoke alarm, followed by Kettle Hill "
                   "at 64% and Barrow at 52%.", "en")
    assert chart is not None and [b.label for b in chart.bars] == ["Eastbrook", "Kettle Hill", "Barrow"]
    assert chart.title == "homes have a smoke alarm"


@pytest.mark.parametrize(("text", "icon"), [
    ("Under the old plane trees of Mill Road it was cooler.", "tree"),
    ("The plane landed an hour late.", "plane"),
])
def test_a_word_before_tree_names_the_tree(text, icon) -> None:
    from reelflow.pictograms import icon_for

    assert icon_for(text) == icon
