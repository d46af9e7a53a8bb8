"""Numbers on screen are the right ones, labelled by what they are: every part of a whole (never the whole as a
part), a ranking's things by name, a share rather than the age that qualifies it, the new value rather than the
one it replaces, a survey's finding rather than its sample, and one unit for both ends of a change."""

from __future__ import annotations

import pytest

import storyboard
from reelflow.models import Article, ChartVisual, Language, StatVisual
from storyboard.visuals import comparison, plan_visual, traceable


def _visual(text: str, language: Language):
    v = plan_visual(text, language, text)
    assert traceable(v, text), v
    return v


@pytest.mark.parametrize(("text", "labels", "title"), [
    ("去年图书馆全年购书经费约120万元，其中纸质图书70万元，电子资源35万元，期刊报纸15万元。",
     ["纸质图书", "电子资源", "期刊报纸"], "120万元"),
    ("今年全区共新建口袋公园45个，其中城东30个，城西10个，城北5个。", ["城东", "城西", "城北"], "45个"),
    ("这座桥总投资9000万元，包括中央补助5000万元、省级配套2500万元和市县自筹1500万元。",
     ["中央补助", "省级配套", "市县自筹"], "9000万元"),
    ("全镇去年接待游客38万人次，其中外地游客21万人次、本地游客17万人次。", ["外地游客", "本地游客"], "38万人次"),
])
def test_a_whole_split_into_parts_is_bars_of_every_part_titled_by_the_whole(text: str, labels: list[str],
                                                                            title: str) -> None:
    v = _visual(text, "zh")
    assert isinstance(v, ChartVisual), v
    assert [b.label for b in v.bars] == labels  # the first part (the one 其中 opens) too, and never the whole
    assert title in v.title


def test_a_part_list_ends_where_a_clause_without_a_figure_or_a_rate_begins() -> None:
    """"其中政府补贴20万元，住户还可以…，剩下的按楼层分摊：二楼每户约1.2万元": per-household shares are no parts
    of the lift's cost; bars mixing them with the subsidy would compare what does not compare."""
    text = ("一台充电桩花了8万元，其中区里补贴3万元，业主还可以申请低息贷款，剩下的按户分摊：一楼每户约0.2万元，"
            "顶楼每户约0.6万元。")
    v = _visual(text, "zh")
    assert not (isinstance(v, ChartVisual) and "区里补贴" in [b.label for b in v.bars]), v


def test_a_ranking_names_its_leader_not_the_noun_its_share_counts() -> None:
    text = ("Results differed. Northside led with 76% of households setting out a recycling crate at least once a "
            "month, Millbrook followed at 59%, and Kings Cross trailed at 41%, mostly because many of its flats share "
            "one large crate.")
    chart = comparison(text, "en")
    assert chart is not None and [b.label for b in chart.bars] == ["Northside", "Millbrook", "Kings Cross"]


@pytest.mark.parametrize(("text", "language", "value", "label"), [
    # a share, not the age or length that qualifies what it counts
    ("The county owns 900 bridges, and nearly a quarter of them are more than 60 years old.", "en",
     "nearly a quarter", "60 years old"),
    ("全区约三分之一的供水管道已经使用超过40年。", "zh", "三分之一", ""),
    # a figure in a when-clause is context; the story's figure is the other one
    ("During the August heat, when temperatures hit 38°C, power demand in the city rose by 12%.", "en",
     "12", "power demand"),
    ("去年夏天气温达到38℃时，全市用电负荷增加了两成。", "zh", "两成", "用电负荷"),
    # the new value, labelled with the one it replaces
    ("A season ticket will cost $840 a year instead of $780.", "en", "$840", "instead of $780"),
    # a survey's finding, never its sample
    ("A poll of 1,200 tenants found 64% want longer leases.", "en", "64", "want longer leases"),
    ("In a survey of 500 drivers, nearly half said they had been caught in the new bus lanes.", "en",
     "nearly half", "said they had been caught"),
    ("区卫健委对860名护士做了问卷调查，结果显示，68%的受访者支持弹性排班。", "zh", "68", "支持弹性排班"),
    ("约七成的受访居民说晚上不敢在河边散步。", "zh", "约七成", "不敢在河边散步"),
])
def test_a_stat_shows_the_fact_not_its_context(text: str, language: Language, value: str, label: str) -> None:
    v = _visual(text, language)
    assert isinstance(v, StatVisual), v
    assert v.value == value and label in v.label, v


@pytest.mark.parametrize(("text", "language", "unit", "values"), [
    ("Bus fares go from $2.40 to $2.75 per trip.", "en", "per trip", ["$2.40", "$2.75"]),
    ("Average water use fell from 180 litres per day to 150 litres.", "en", "litres per day", ["180", "150"]),
])
def test_both_ends_of_a_change_share_the_unit_one_end_says_in_full(text: str, language: Language, unit: str,
                                                                  values: list[str]) -> None:
    v = _visual(text, language)
    assert isinstance(v, ChartVisual), v
    assert v.unit == unit and [b.value for b in v.bars] == values


def test_a_survey_s_sample_is_never_told_without_its_finding() -> None:
    """"街道对312名老人做了问卷调查。" alone would put the sample on screen as the news: the planner tells it with the
    next sentence (its finding), or not at all."""
    article = Article(source_path="t.md", title="社区食堂的一年", language="zh", encoding="utf-8", source_hash="s",
                      paragraphs=[
                          "去年春天，南门社区的第一家社区食堂在老邮局的旧址上开门营业，每天中午供应两荤两素的套餐。",
                          "食堂每份午餐定价10元，实际成本约14元，差价由区财政和街道各承担一半，周末也照常营业。",
                          "除了堂食，食堂还给行动不便的老人送餐上门，每天送出一百多份，送餐员大多是社区里的志愿者。",
                          "菜单每周更换一次，口味偏清淡，少油少盐，厨师每月还会根据老人的意见调整几道菜。",
                          "今年九月，街道对450名就餐老人做了问卷调查。结果显示，91%的受访者对饭菜表示满意，"
                          "不过也有不少老人希望晚上也能开门。",
                          "街道表示，明年计划在河西和北苑两个社区再开两家食堂，届时每天可供应一千多份午餐。"])
    for seconds in (30, 60):
        board = storyboard.plan(article, max_seconds=seconds)
        for k, shot in enumerate(board.shots):
            if "问卷调查" in shot.narration and "91%" not in shot.narration:
                later = board.shots[k + 1].narration if k + 1 < len(board.shots) else ""
                assert "91%" in later, [s.narration for s in board.shots]


@pytest.mark.parametrize(("text", "language", "labels"), [
    ("Parking permits go from $45 to $60 a year.", "en", ["from", "to"]),
    ("公交月票价格由原来的100元上涨至120元。", "zh", ["由原来的", "上涨至"]),
    ("平均候诊时间从45分钟缩短到20分钟。", "zh", ["从", "缩短到"]),
    ("The clinic saw 420 patients in 2022, up from 300 in 2021.", "en", ["2021", "2022"]),  # dates, where said
])
def test_the_bars_of_a_change_are_told_apart_by_the_article_s_words(text: str, language: Language,
                                                                    labels: list[str]) -> None:
    v = _visual(text, language)
    assert isinstance(v, ChartVisual), v
    assert [b.label for b in v.bars] == labels
