"""Round 14a: numbers, labels and hooks that say only what the article says, tested on sentences of no article.

An age is one person's, not a count; a key phrase is a whole phrase; a count is labelled by what its clause says of
it; bars told apart by time are labelled by their times; a breakdown with a rest told without a figure is drawn
whole."""

from __future__ import annotations

import pytest

from reelflow.models import ChartVisual, StatVisual
from storyboard import rules
from storyboard.phrase_edges import bad_end_en, bad_span_en
from storyboard.visuals import plan_visual


def _plan(sentence: str, language: str, article: str = ""):
    return plan_visual(sentence, language, article or sentence)


def _bars(v: object) -> list[tuple[str, str]]:
    assert isinstance(v, ChartVisual), v
    return [(b.label, b.value) for b in v.bars]


def _phrase(sentence: str, language: str) -> str:
    weights = rules._normalised(rules.keyword_weights(sentence, language, 10))
    return rules.key_phrase(sentence, language, weights)


# --- an age counts nothing -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "age"), [
    ("班上最年长的是七十九岁的刘阿姨，她每周都来上课。", "zh", "七十九"),
    ("最小的队员只有12岁，是一名初一学生。", "zh", "12"),
    ("75岁的张大爷每天早上都来公园练太极。", "zh", "75"),
    ("Mrs Lee, who is 78 years old, learned to send photos to her grandchildren.", "en", "78"),
])
def test_an_age_is_never_drawn_as_a_count(sentence: str, language: str, age: str) -> None:
    v = _plan(sentence, language)
    assert not (isinstance(v, StatVisual) and v.value == age), v


@pytest.mark.parametrize(("sentence", "language", "value"), [
    ("参加培训的学员平均年龄是68岁。", "zh", "68"),
    ("The average age of the choir's members is 67 years.", "en", "67"),
])
def test_an_average_age_is_still_a_stat(sentence: str, language: str, value: str) -> None:
    v = _plan(sentence, language)
    assert isinstance(v, StatVisual) and v.value == value, v


# --- key phrases are whole -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "not_end"), [
    ("每周三晚上，老年大学的教室里总是坐得满满当当。", "坐"),  # verb cut from 得…
    ("本学期一共开设了24门课。", "一共"),  # the word that binds the figure
    ("每期课程共12节，每节90分钟。", "共"),
    ("今年全区已有三百多名报名参加培训的老人。", "三百多名"),  # count cut from its noun after 的
    ("本市今年已出现九个最低气温低于零下十度的寒冷天。", "最低气温"),
])
def test_a_chinese_key_phrase_never_ends_inside_a_phrase(sentence: str, not_end: str) -> None:
    phrase = _phrase(sentence, "zh")
    assert phrase and not phrase.endswith(not_end), phrase


def test_a_chinese_key_phrase_never_opens_on_a_complement_or_inside_a_date() -> None:
    phrase = _phrase("每周二下午两点，和平社区活动室里总是坐得满满当当。", "zh")
    assert phrase not in ("满满当当", "二下午") and "活动室" in phrase, phrase


@pytest.mark.parametrize(("words", "b"), [
    (["a", "reply", "sent", "a", "fortnight", "later", "is", "too", "late"], 5),  # "…a fortnight | later"
    (["the", "hall", "built", "forty", "years", "ago", "still", "stands"], 4),  # "…forty years | ago"
    (["the", "child", "was", "eight", "years", "old", "then"], 5),
])
def test_an_english_key_phrase_never_ends_before_the_word_that_closes_a_span(words: list[str], b: int) -> None:
    assert bad_end_en(words, b)


def test_an_english_key_phrase_never_runs_from_a_relative_clause_into_the_main_verb() -> None:
    words = ["residents", "who", "bought", "a", "bike", "last", "spring", "said", "the", "lanes", "felt", "safer"]
    assert bad_span_en(words, 4, 8)  # "bike last spring said": the bike did not say it
    phrase = _phrase("Residents who bought a bike last spring said the lanes felt safer.", "en")
    assert not phrase.lower().startswith("bike last spring said"), phrase


# --- a count is labelled by what its clause says of it ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "value", "label"), [
    ("Just 40 buses run after midnight.", "40", "run after midnight"),
    ("Only 6 clinics across the district have been fitted with ramps.", "6", "fitted with ramps"),
    ("About 120 volunteers turned up on Saturday.", "120", "turned up on Saturday"),
])
def test_a_count_with_no_label_is_labelled_by_its_clause(sentence: str, value: str, label: str) -> None:
    v = _plan(sentence, "en")
    assert isinstance(v, StatVisual) and (v.value, v.label) == (value, label), v


# --- bars told apart by time carry their times ------------------------------------------------------------------------

def test_before_and_now_label_the_bars_not_the_subject_and_the_word_figure() -> None:
    s = "Before the new rota, crews needed 40 minutes to clear a street; the number is now 25 minutes."
    assert _bars(_plan(s, "en")) == [("Before the new rota", "40"), ("Now", "25")]


def test_a_split_sentence_keeps_the_time_said_in_its_first_shot() -> None:
    article = "今年前八个月，辖区内发生的入室盗窃案有12起，去年同期是20起，下降四成。"
    told = rules._Sentence(index=0, paragraph=0, text=article, seconds=99.0, first_in_paragraph=True,
                           heading_like=False)
    chart = rules._comparisons([told], "zh")
    assert chart and _bars(chart[0]) == [("今年前八个月", "12"), ("去年同期", "20")]


def test_a_time_set_against_a_thing_is_not_drawn() -> None:
    shot = "辖区内发生的入室盗窃案有12起，去年同期是20起。"  # the first bar's time was said in the shot before
    v = _plan(shot, "zh", "今年前八个月，" + shot)
    assert not (isinstance(v, ChartVisual) and [b.label for b in v.bars] == ["辖区内发生的入室盗窃案", "去年同期"]), v


# --- a breakdown with a rest told without a figure --------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("在全部投诉中，噪音约占五成，停车问题占两成，其余涉及环境卫生和物业服务。", "zh",
     [("噪音", "五成"), ("停车问题", "两成"), ("其余", "")]),
    ("Lessons took 40% of the budget and fuel 25%, while the rest went on insurance and repairs.", "en",
     [("Lessons", "40%"), ("fuel", "25%"), ("insurance and repairs", "")]),
    ("Roughly 60% of the land is farmed, 15% is woodland, and the remainder is towns and roads.", "en",
     [("farmed", "60%"), ("woodland", "15%"), ("towns and roads", "")]),
])
def test_shares_and_an_unnumbered_rest_are_drawn_whole(sentence: str, language: str, bars: list) -> None:
    assert _bars(_plan(sentence, language)) == bars


def test_a_share_restated_exactly_is_one_part() -> None:
    s = ("Dogs accounted for just under half of the calls, 47%; stray cats made up 21%; birds, foxes and "
         "hedgehogs made up the rest.")
    assert _bars(_plan(s, "en")) == [("Dogs", "47%"), ("stray cats", "21%"), ("the rest", "")]


@pytest.mark.parametrize(("text", "language", "title", "values"), [
    ("The festival cost £90,000 to run. Of that, £50,000 went on stages and £25,000 on security; the rest paid "
     "for cleaning and first aid.", "en", "£90,000", ["£50,000", "£25,000"]),
    ("这笔180万元的经费里，其中100万元用于设备，50万元用于培训，余下的用于日常运营。", "zh", "180万元", ["100", "50"]),
])
def test_sums_with_an_unnumbered_rest_are_titled_by_their_whole(text: str, language: str, title: str,
                                                                values: list[str]) -> None:
    v = _plan(text, language)
    assert isinstance(v, ChartVisual) and title in v.title and [b.value for b in v.bars] == values, v


# --- a bound is a condition, not a level -----------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "bars"), [
    ("调查显示，约三成居民每月网购20次以上，每月网购5次以下的占四成。", "zh",
     [("20次以上", "约三成"), ("5次以下", "四成")]),
    ("Nearly half of households set their thermostat to 18C or below, while only a fifth keep it at 21C or above.",
     "en", [("18C or below", "Nearly half"), ("21C or above", "a fifth")]),
])
def test_shares_on_each_side_of_a_bound_are_the_bars(sentence: str, language: str, bars: list) -> None:
    assert _bars(_plan(sentence, language)) == bars


def test_bounds_alone_are_never_bars() -> None:
    s = "多数学校把午休时间定在40分钟以上，也有学校定在20分钟以下。"
    v = _plan(s, "zh")
    assert not (isinstance(v, ChartVisual) and {b.value for b in v.bars} <= {"40", "20"}), v


def test_the_shot_that_tells_the_rest_shows_the_whole_breakdown() -> None:
    article = ("Households on the estate spend about £1,200 a year on energy. Of that, roughly £700 goes on heating "
               "and £300 on hot water; the rest pays for lighting, cooking and appliances.\n\nA later paragraph "
               "says 40% of homes have new boilers, against 25% in 2020.\n")
    shot = "the rest pays for lighting, cooking and appliances."
    v = plan_visual(shot, "en", article)
    assert isinstance(v, ChartVisual) and "£1,200" in v.title and [b.value for b in v.bars] == ["£700", "£300"], v
    other = plan_visual("A later paragraph says 40% of homes have new boilers, against 25% in 2020.", "en", article)
    assert not (isinstance(other, ChartVisual) and "£700" in [b.value for b in other.bars]), other
