"""Round 13a: numbers that name things are no figures; hook lines end on whole phrases; breakdowns keep every part,
their whole's name and their and-joined labels; a sentence told across a shot cut keeps its graphic. Every sentence
here is new (none is an article's), each fault in several phrasings and both languages."""

from __future__ import annotations

import pytest

from reelflow.models import QuoteVisual, SceneVisual, StatVisual
from storyboard.figures import numbers
from storyboard.rules import key_phrase
from storyboard.run_on import keep_across_cut, runs_on
from storyboard.split_whole import split_whole
from storyboard.visuals import plan_visual

# --- a number inside a name or category is not an amount -------------------------------------------------------


@pytest.mark.parametrize("sentence, kept", [
    ("Under-14 squads now train on Tuesdays.", []),
    ("The Route 22 bus now runs every 15 minutes.", ["15"]),
    ("Year 9 pupils sat 3 mock exams.", []),
    ("The airline's A320 fleet flew 410 flights.", ["410"]),
    ("Over-60s make up 35% of members.", ["35"]),
    ("Platform 4 reopened after 6 weeks.", ["6"]),
    ("Since COVID-19, 45 shops have closed.", ["45"]),
    ("The club now has 14 squads.", ["14"]),  # a real count stays
])
def test_numbers_in_names_are_not_figures_en(sentence: str, kept: list[str]) -> None:
    assert [f.written for f in numbers(sentence, "en")] == kept


@pytest.mark.parametrize("sentence, kept", [
    ("14岁以下的孩子有260人免费入场。", ["260"]),
    ("8号线日均客流超过30万人次。", ["30"]),
    ("五年级共有210名学生。", ["210"]),
    ("K128次列车晚点了40分钟。", ["40"]),
    ("65岁及以上老人占到两成。", ["两"]),
    ("3号楼住着80户人家。", ["80"]),
])
def test_numbers_in_names_are_not_figures_zh(sentence: str, kept: list[str]) -> None:
    assert [f.written for f in numbers(sentence, "zh")] == kept


@pytest.mark.parametrize("sentence, language", [
    ("Several under-11 squads now share one pitch.", "en"),
    ("Two Year 6 classes now share a single teacher.", "en"),
    ("几支12岁以下球队现在共用一名教练。", "zh"),
    ("两个三年级班级现在合用一间教室。", "zh"),
])
def test_a_category_number_is_never_drawn(sentence: str, language: str) -> None:
    visual = plan_visual(sentence, language, sentence)
    assert not isinstance(visual, StatVisual), visual


# --- hook lines: whole phrases ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, weights, never", [
    ("Last spring only 12 families in Eastwick had a rooftop battery.",
     {"eastwick": 1.0, "rooftop": 0.6, "battery": 0.6}, "Eastwick had"),
    ("Back in May, just 30 shops on Mill Lane had a card reader.",
     {"mill": 1.0, "lane": 1.0, "card": 0.6, "reader": 0.6}, "Mill Lane had"),
    ("Families with school-age children said the change came too fast.",
     {"school-age": 1.0, "children": 1.0, "change": 0.6}, "children said"),
])
def test_hook_never_makes_an_object_its_subject_en(sentence: str, weights: dict[str, float], never: str) -> None:
    """"84 homes in | Millbrook had a heat pump" on screen says Millbrook had one."""
    phrase = key_phrase(sentence, "en", weights)
    assert phrase and never not in phrase, phrase


@pytest.mark.parametrize("sentence, weights", [
    ("When the river floods, Carlow's volunteer wardens have roughly two hours to act.",
     {"carlow's": 1.0, "volunteer": 1.0, "wardens": 1.0, "roughly": 0.5}),
    ("Most winters, the town's gritting teams need about 40 tonnes of salt.",
     {"town's": 1.0, "gritting": 1.0, "teams": 1.0, "about": 0.5}),
    ("A typical two-bedroom retrofit in Hallam costs between $9,000 and $12,000.",
     {"typical": 1.0, "two-bedroom": 1.0, "retrofit": 1.0, "hallam": 1.0, "costs": 0.5}),
])
def test_hook_never_ends_on_a_verb_or_an_approximation_en(sentence: str, weights: dict[str, float]) -> None:
    phrase = key_phrase(sentence, "en", weights)
    last = phrase.split()[-1].lower()
    assert last not in ("roughly", "about", "around", "have", "need", "costs", "had", "has"), phrase


@pytest.mark.parametrize("sentence, weights, whole", [
    ("走进西岭镇杏林村，抬头就能看到成片的果园。", {"西岭": 1.0, "杏林": 1.0, "走进": 0.5}, "杏林村"),
    ("走进河口镇芦苇村，路边就是一排排鱼塘。", {"河口镇": 1.0, "芦苇": 1.0, "走进": 0.5}, "芦苇村"),
    ("小区门口的红色旧书回收箱，很多人路过时会顺手放进去几本。",
     {"小区": 1.0, "门口": 1.0, "红色": 1.0, "旧书": 1.0, "回收": 1.0}, "回收箱"),
])
def test_hook_never_ends_inside_a_name_or_compound_zh(sentence: str, weights: dict[str, float], whole: str) -> None:
    """jieba splits 杨柳|村 and 回收|箱; a hook ending between them shows half a name."""
    phrase = key_phrase(sentence, "zh", weights)
    assert phrase and (whole in phrase or not phrase.endswith(whole[:-1])), phrase
    assert not phrase.endswith(("，", "。"))


@pytest.mark.parametrize("sentence", ["很多老人散步时会顺手带走几张传单。", "附近的上班族中午都能在这里吃上一份热饭。"])
def test_hook_never_ends_on_a_modal_zh(sentence: str) -> None:
    phrase = key_phrase(sentence, "zh", {"会": 1.5, "能": 1.5, "都": 1.0})
    assert phrase and not phrase.endswith(("会", "能", "都", "要")), phrase


# --- breakdowns: every part, the whole's name, labels with "and" --------------------------------------------------


def test_breakdown_title_is_the_whole_and_labels_keep_and_en() -> None:
    chart, _ = split_whole("The school's bursar set out the new £240 trip fee: coach travel takes £120, food and "
                           "drink £60, museum entry and guides £40, and insurance £20.", "en")
    assert chart.title == "the new £240 trip fee"
    assert [b.label for b in chart.bars] == ["coach travel", "food and drink", "museum entry and guides", "insurance"]


def test_breakdown_with_the_rest_named_after_it_zh() -> None:
    chart, _ = split_whole("以一套三居室的9000元装修预算为例：人工费约4000元，材料费约3000元，设计和监理费约1200元，"
                           "其余800元是垃圾清运和杂费。", "zh")
    assert [b.value for b in chart.bars] == ["4000", "3000", "1200", "800"]
    assert chart.bars[-1].label == "垃圾清运和杂费"
    assert chart.title.endswith("9000元装修预算")


def test_shares_with_an_unnamed_rest_are_all_drawn_zh() -> None:
    chart, _ = split_whole("一袋回收塑料里，大约60%可以再生造粒；约25%被做成燃料棒；"
                           "剩下15%左右由于污染太重，只能填埋。", "zh")
    assert [b.value for b in chart.bars] == ["60", "25", "15"]
    assert chart.bars[-1].label == "剩下"
    assert chart.title == "一袋回收塑料"


# --- a sentence told across a cut keeps its graphic --------------------------------------------------------------


def test_a_quote_runs_on_into_its_attribution() -> None:
    quote = QuoteVisual(text="We cannot grit every lane by dawn", speaker="Tom Reid")
    assert runs_on(4, 4, starts_sentence=False)
    assert not runs_on(4, 5, starts_sentence=True)
    assert keep_across_cut(quote, SceneVisual(), "the council's highways manager.", "en") == quote
    assert keep_across_cut(quote, SceneVisual(), "该站站长说。", "zh") == quote


def test_a_figure_stays_only_while_no_other_figure_is_said() -> None:
    stat = StatVisual(value="one in four", label="drivers")
    assert keep_across_cut(stat, SceneVisual(), "says the change came too late.", "en") == stat
    assert isinstance(keep_across_cut(stat, SceneVisual(), "and nearly half of the others said it was too costly.",
                                      "en"), SceneVisual)
    assert isinstance(keep_across_cut(stat, SceneVisual(), "每户每年的费用控制在150元以内。", "zh"), SceneVisual)
    own = QuoteVisual(text="It works", speaker="")
    assert keep_across_cut(stat, own, "“It works,” she says.", "en") == own


_FERRY = """# How Kestrel Bay keeps its island ferry running

The Kestrel Bay ferry carries about 1,400 passengers on a summer weekday, twice as many as in winter.

The crossing takes 25 minutes, and the first boat leaves at 6:10 am so that nurses and shop staff reach the island \
before their shifts start.

"Passengers see the boat sitting at the pier and wonder why we do not just leave a few minutes early for them," says \
Martin Achebe, the harbour operations manager.

The ferry company runs two boats this year, one more than in 2022, and plans to add a third in 2026.

Fuel is the largest cost, and the company says it now spends more on diesel than on crew wages for the first time.
"""


def test_the_attribution_shot_of_a_split_quote_keeps_the_quote(tmp_path) -> None:
    import storyboard

    path = tmp_path / "en_ferry.md"
    path.write_text(_FERRY, encoding="utf-8")
    board = storyboard.plan(storyboard.read(path), max_seconds=60)
    tail = [s for s in board.shots if "harbour operations manager" in s.narration]
    assert tail
    for shot in tail:  # wherever the planner cuts the sentence, its last part still shows the quote
        assert isinstance(shot.visual, QuoteVisual), shot.visual
        assert shot.visual.speaker == "Martin Achebe"


# --- a change's two ends labelled by what each holds for, not "from" / "to" ----------------------------------------


@pytest.mark.parametrize("sentence, labels", [
    ("The commute went from 50 minutes by bus to 20 minutes by bike.", ["bus", "bike"]),
    ("Annual running costs dropped from £480 with the old boilers to £300 under the new contract.",
     ["old boilers", "new contract"]),
    ("Each household's bill fell from $95 a month using gas to $60 using solar.", ["gas", "solar"]),
])
def test_change_ends_are_labelled_by_their_conditions_en(sentence: str, labels: list[str]) -> None:
    chart = plan_visual(sentence, "en", sentence)
    assert [b.label.lower() for b in chart.bars] == labels


def test_change_without_conditions_keeps_its_lead_words_en() -> None:
    chart = plan_visual("Prices rose from £2.10 to £2.40.", "en", "Prices rose from £2.10 to £2.40.")
    assert [b.label for b in chart.bars] == ["from", "to"]


@pytest.mark.parametrize("sentence, first", [
    ("Bins are emptied in a set order: schools and clinics first, then shops, and homes last.", "schools and clinics"),
    ("Volunteers sort the donations into three piles: tins and jars, fresh fruit, and bread.", "tins and jars"),
    ("Ploughs clear the routes in turn: hospital roads and fire stations first, then bus routes, and lanes last.",
     "hospital roads and fire stations"),
])
def test_a_list_item_keeps_its_own_and_en(sentence: str, first: str) -> None:
    visual = plan_visual(sentence, "en", sentence)
    assert visual.kind == "list" and visual.items[0].startswith(first), visual


@pytest.mark.parametrize("sentence, language, label", [
    ("Under-12 players pay £60 a season.", "en", "Under-12 players"),
    ("The A380 burns 11 tonnes of fuel an hour.", "en", "A380"),
    ("COVID-19 cases fell by 30%.", "en", "COVID-19 cases"),
    ("5号线每天运送20万人次。", "zh", "5号线"),
    ("2号线工作日运送15万人次。", "zh", "2号线"),
])
def test_a_name_with_a_number_is_the_label_whole(sentence: str, language: str, label: str) -> None:
    """The figure is drawn, labelled by the whole name ("Under-12 players"), never by its remnant (号线…)."""
    visual = plan_visual(sentence, language, sentence)
    assert isinstance(visual, StatVisual) and visual.label.startswith(label), visual
    assert not visual.label.startswith("号")


@pytest.mark.parametrize("sentence, speaker", [
    ("“周末人多的时候，一条船根本坐不下，”客运站站长李海涛在接受记者采访时说。", "李海涛"),
    ("“我们每天五点就要起来检查船况，”船长周立新在例会上表示。", "周立新"),
])
def test_a_speaker_is_found_past_the_occasion_zh(sentence: str, speaker: str) -> None:
    """"…在接受采访时说": the quote keeps its speaker, so a quote split over two shots is a quote in both."""
    visual = plan_visual(sentence, "zh", sentence)
    assert isinstance(visual, QuoteVisual) and visual.speaker == speaker, visual


_FERRY_ZH = """# 渡口的早班船

每天清晨，石湾渡口的第一班船六点十分开出，船上多是去岛上上班的护士和店员。

夏季工作日，渡船每天运送乘客约1400人次，是冬季的两倍。

“乘客看到船停在码头，常常问我们为什么不能早开几分钟等等他们，其实每一班都要按时刻表走，不然后面的班次全乱了，”\
负责渡口调度的港务站副站长马文涛在接受采访时说。

岛上居民希望周五能加开一班晚船，区里表示明年春天会重新研究时刻表。
"""


def test_a_quote_told_over_two_shots_is_a_quote_in_each_zh(tmp_path) -> None:
    import storyboard

    path = tmp_path / "zh_ferry.md"
    path.write_text(_FERRY_ZH, encoding="utf-8")
    board = storyboard.plan(storyboard.read(path), max_seconds=30)
    told = [s for s in board.shots if "按时刻表" in s.narration or "马文涛" in s.narration]
    assert told
    for shot in told:
        assert isinstance(shot.visual, QuoteVisual) and shot.visual.speaker == "马文涛", shot.visual


@pytest.mark.parametrize("sentence, title", [
    ("Here is where the £90 ticket goes: £40 to the venue, £30 to the performers and £20 to booking costs.",
     "the £90 ticket"),
    ("The council explained its new £300 permit: staff time takes £150, signs and markings £90, and enforcement £60.",
     "its new £300 permit"),
])
def test_breakdown_title_is_a_noun_phrase_never_a_verb_fragment_en(sentence: str, title: str) -> None:
    chart = plan_visual(sentence, "en", sentence)
    assert chart.kind == "chart" and chart.title == title


@pytest.mark.parametrize("sentence, language", [
    ("以每月3000元的开支为例：房租1500元，伙食费1000元，其余500元用于交通。", "zh"),
    ("Our weekly budget: rent £150, food £100 and travel £50.", "en"),
])
def test_a_part_that_equals_the_rest_is_never_their_whole(sentence: str, language: str) -> None:
    """房租1500 = 伙食费1000 + 500 by chance: told in the same enumeration, it is a part, not the title."""
    chart = plan_visual(sentence, language, sentence)
    assert not chart.title.startswith(("房租", "rent")), chart


@pytest.mark.parametrize("sentence, weights, bad_ends", [
    ("Last month the Millford Rowing Club bought a second boat for its juniors.",
     {"millford": 1.0, "rowing": 1.0, "club": 1.0, "bought": 0.8}, ("bought", "second")),
    ("Every flat now has a small blue crate that sits beside the front door.",
     {"small": 1.0, "blue": 1.0, "crate": 1.0, "sits": 0.8, "beside": 0.8}, ("sits", "beside")),
    ("The first year of the scheme tells a clear story about demand.",
     {"first": 1.0, "year": 1.0, "scheme": 1.0, "tells": 0.8, "clear": 0.8}, ("tells", "clear")),
])
def test_hook_never_ends_before_its_object_en(sentence: str, weights: dict[str, float],
                                              bad_ends: tuple[str, ...]) -> None:
    """A word before "the"/"a" is a verb or preposition; a word after "a" before a noun is its modifier."""
    phrase = key_phrase(sentence, "en", weights)
    assert phrase and not phrase.lower().endswith(bad_ends), phrase


@pytest.mark.parametrize("sentence, weights", [
    ("周末的老街停车场里很难找到一个空位。", {"周末": 1.0, "老街": 1.0, "停车场": 1.0, "很难": 0.8}),
    ("雨天的菜市场门口很难打到一辆车。", {"雨天": 1.0, "菜市场": 1.0, "门口": 1.0, "很难": 0.8}),
])
def test_hook_never_ends_on_what_is_hard_nor_starts_inside_it_zh(sentence: str, weights: dict[str, float]) -> None:
    phrase = key_phrase(sentence, "zh", weights)
    assert phrase and not phrase.endswith(("很难", "很")) and not phrase.startswith("难"), phrase
