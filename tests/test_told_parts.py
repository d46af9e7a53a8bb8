"""Round 11a: parts of a whole told clause by clause, lists a count announces with a qualifier, and stat labels
that say what a figure measures. Every sentence here is new (none is from a held-out set)."""

from __future__ import annotations

import pytest

from storyboard.told_parts import part_runs, told_parts_en, told_parts_zh
from storyboard.visuals import on_screen, plan_visual, traceable


def _bars(chart) -> list[tuple[str, str]]:
    return [(b.label, b.value) for b in chart.bars]


@pytest.mark.parametrize(("text", "bars", "title"), [
    ("The new library cost $9 million overall. Of that, $5 million is state funding, $3 million comes from a "
     "private donor and the remaining $1 million is from the city's reserves.",
     [("state funding", "$5"), ("private donor", "$3"), ("city's reserves", "$1")],
     "The new library cost $9 million overall"),
    ("The budget totals £900,000: £500,000 for teachers, £250,000 for buildings and £150,000 for transport.",
     [("teachers", "£500,000"), ("buildings", "£250,000"), ("transport", "£150,000")], "The budget totals £900,000"),
    ("Staff accounted for €410,000. Energy made up €120,000, while insurance came to €60,000.",
     [("Staff", "€410,000"), ("Energy", "€120,000"), ("insurance", "€60,000")], ""),
    ("Roofing took the biggest slice at £88,000. Windows cost £40,000, lighting £21,000, and paint £9,000.",
     [("Roofing", "£88,000"), ("Windows", "£40,000"), ("lighting", "£21,000"), ("paint", "£9,000")], ""),
])
def test_english_parts_told_in_their_own_words_are_bars_of_every_part(text, bars, title) -> None:
    chart = told_parts_en(text)
    assert chart is not None and _bars(chart) == bars and chart.title == title
    assert traceable(chart, text)


@pytest.mark.parametrize("text", [
    "An ambulance takes 19 minutes on average, a volunteer 11 minutes and a drone 7 minutes.",
    "Fares rose from £2 to £3, passes from £40 to £55 and parking from £5 to £8.",
    "The hall cost £2 million in total. Of that, £1.5 million is a loan, £0.8 million a grant and £0.4 million "
    "comes from savings.",  # the parts add up to more than the whole: not its parts
])
def test_rival_values_changes_and_parts_over_the_whole_are_no_breakdown(text) -> None:
    assert told_parts_en(text) is None


@pytest.mark.parametrize(("text", "bars", "title"), [
    ("这笔50万元的资金里，区财政出资30万元，街道拿出12万元，剩下的8万元由商户自筹。",
     [("区财政", "30"), ("街道", "12"), ("商户", "8")], "这笔50万元的资金"),
    ("全年的120万元经费中，人员工资约70万元，设备维护30万元，其余20万元用于培训。",
     [("人员工资", "70"), ("设备维护", "30"), ("培训", "20")], "全年的120万元经费"),
    ("三年来全村种了800亩果树，其中苹果400亩，梨树250亩，桃树150亩。",
     [("苹果", "400"), ("梨树", "250"), ("桃树", "150")], "三年来全村种了800亩果树"),
])
def test_chinese_parts_after_their_whole_are_bars_titled_by_it(text, bars, title) -> None:
    chart = told_parts_zh(text)
    assert chart is not None and _bars(chart) == bars and chart.title == title
    assert traceable(chart, text)


def test_a_breakdown_over_two_sentences_shows_every_part_in_each_shot() -> None:
    class S:
        def __init__(self, index: int, text: str) -> None:
            self.index, self.paragraph, self.text = index, 0, text

    told = [S(0, "The refit cost £150,000 in total."), S(1, "Roofing took the biggest slice at £88,000."),
            S(2, "Windows cost £40,000, lighting £21,000, and paint £1,000.")]
    runs = part_runs(told, "en")
    assert set(runs) == {1, 2}
    assert [b.label for b in runs[1].bars] == ["Roofing", "Windows", "lighting", "paint"]
    assert runs[1] == runs[2]


@pytest.mark.parametrize(("sentence", "title", "first"), [
    ("The pool now has three rules for swimmers: shower first, no diving in the shallow end, and caps for long "
     "hair.", "three rules for swimmers", "shower first"),
    ("Tenants must meet two conditions in practice: a local address and a steady income.",
     "two conditions in practice", "a local address"),
])
def test_a_count_with_a_qualifier_before_its_colon_announces_a_list(sentence, title, first) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "list" and v.title == title and v.items[0] == first


@pytest.mark.parametrize(("sentence", "label"), [
    ("Last year the trust spent £3.4 million on agency nurses.", "agency nurses"),
    ("The city invested €4 million in bike lanes, officials said.", "bike lanes"),
    ("The school paid $36,000 for new laptops this spring.", "new laptops"),
])
def test_money_spent_is_labelled_by_what_it_went_on(sentence, label) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "stat" and v.label == label, v


@pytest.mark.parametrize(("sentence", "label"), [
    ("With half of the pipes replaced, the leaks have slowed.", "of the pipes replaced"),
    ("So far 1,200 meters are installed, or 35% of the total.", "installed"),
])
def test_a_share_of_work_done_is_labelled_by_what_was_done(sentence, label) -> None:
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "stat" and v.label == label, v


def test_a_times_figure_is_never_a_stat() -> None:
    sentence = "今年新开的网点有30个，比去年翻了一倍还多。"
    v = plan_visual(sentence, "zh", sentence)
    assert not (v.kind == "stat" and "倍" in "".join(on_screen(v)))
    alone = "改造后的数量翻了一倍还多。"
    assert plan_visual(alone, "zh", alone).kind != "stat"


def test_a_share_that_is_a_clause_subject_makes_its_verbs_no_list() -> None:
    sentence = "Before the change, 40% of staff drove, cycled or took the bus to work."
    assert plan_visual(sentence, "en", sentence).kind != "list"


@pytest.mark.parametrize(("narration", "lang", "not_phrase"), [
    ("The city council is replacing all 3,000 of its bins with larger ones.", "en", "city council is replacing"),
    ("Windows and doors took the biggest share at £52,000.", "en", "doors took the biggest"),
    ("The club allows two guests at a time on weekdays.", "en", "guests at a time"),
    ("在街道办主任张晓红看来，", "zh", "街道办主任张晓红看来"),
])
def test_a_key_phrase_is_no_fragment(narration, lang, not_phrase) -> None:
    from storyboard.rules import key_phrase
    from storyboard.segment import keyword_weights

    weights = dict(keyword_weights(narration, lang, 10))
    phrase = key_phrase(narration, lang, weights)
    assert phrase and phrase != not_phrase, phrase


def test_when_money_was_spent_is_no_label() -> None:
    sentence = "The district paid $85,000 in October 2025 for software that plans the routes."
    v = plan_visual(sentence, "en", sentence)
    assert v.kind == "stat" and v.label == "software", v
