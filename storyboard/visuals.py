"""What each shot shows, derived offline from its narration: numbers, comparisons, lists, quotes, headings.

Everything a graphic puts on screen is copied from the article (the value as written, its unit, a label
made of the article's own words); `traceable` checks that, and the planner falls back to a scene for a
graphic it cannot trace rather than show a figure the article does not contain.
"""

from __future__ import annotations

import re

from reelflow.models import (
    Bar,
    ChartVisual,
    CompareVisual,
    ImageVisual,
    Language,
    ListVisual,
    QuoteVisual,
    SceneVisual,
    StatVisual,
    TimelineEvent,
    TimelineVisual,
    TitleVisual,
    Visual,
)
from storyboard.against import side_labels, told_against, unlike_periods
from storyboard.ages import lone_age, lone_tenure
from storyboard.announced import announced_list
from storyboard.bare_range import bare_range
from storyboard.breakdowns import mixed_breakdown_around
from storyboard.change_ends import end_conditions
from storyboard.change_times import from_time_labels_zh
from storyboard.contrasts import (
    item_and_sum_en,
    named_ranks_en,
    new_against_old_en,
    places_en,
    thing_against_thing_en,
)
from storyboard.counts_against import counts_against
from storyboard.dated_changes import carried_change
from storyboard.figures import (
    ZH_CLASSIFIERS,
    Change,
    Figure,
    changes,
    is_verb_en,
    item_name,
    number_value,
    numbers,
    occurs,
    with_unit,
    zh_number,
)
from storyboard.frames import frame_figure
from storyboard.group_bounds import bounds_group, group_shares
from storyboard.label_edges import label_without_copula_en
from storyboard.means import beside_pair_en, means_labels
from storyboard.multiples import multiple_stat
from storyboard.need_against import need_against
from storyboard.parts import mark_parts, parts_chart
from storyboard.placed_figures import placed_ranking
from storyboard.present_side import restates_figure
from storyboard.range_against import range_against
from storyboard.rank_order import rank_order_around
from storyboard.rankings import ranked
from storyboard.rate_against import rate_against
from storyboard.respectively import respectively
from storyboard.segment import EN_STOPWORDS, EN_WORD, cjk_count, wordset
from storyboard.split_whole import split_around
from storyboard.stat_context import change_words, context_only, finding_label, replaced_stat, share_words_en
from storyboard.stat_labels_en import counted_label_en, share_done_en, spent_on_en
from storyboard.stat_note import difference_note, told_difference
from storyboard.thresholds import bars_are_bounds, bound_shares
from storyboard.time_rank import clause_time, in_time_order
from storyboard.time_sides import time_sided
from storyboard.told_parts import told_parts
from storyboard.worded_change import worded_change

__all__ = ["numbers", "number_value", "zh_number", "plan_visual", "traceable", "on_screen", "visual_of_kind",
           "shorten", "dated_event", "item_chart", "enumeration", "comparison", "opens_item", "change_chart",
           "breakdown_chart"]

_QUOTE = re.compile(r"[“「\"](?P<text>[^”」\"]{4,120})[”」\"]")
_ZH_SAY = re.compile(r"(说|表示|称|介绍|认为|指出|写道)")
_EN_SAY = re.compile(r"\b(said|says|told|explained|added|wrote|according to)\b", re.IGNORECASE)
_QUOTE_MAX = {"zh": 60, "en": 120}
LIST_MAX = {"zh": 12, "en": 7}  # characters / words an item may have on screen before it is shortened


def traceable(visual: Visual, article_text: str) -> bool:
    """Every string the visual puts on screen occurs in the article (numbers as the article writes them)."""
    return all(occurs(s, article_text) for s in on_screen(visual) if s)


def on_screen(visual: Visual) -> list[str]:
    """The strings a visual shows, for tracing and for tests (a shortened item's ellipsis is typography)."""
    match visual:
        case StatVisual():
            return [visual.value, visual.label, visual.note]
        case ChartVisual():
            return [visual.title] + [s for b in visual.bars for s in (b.label, b.value)]
        case ListVisual():
            return [visual.title, *(i.removesuffix("…") for i in visual.items)]
        case QuoteVisual():
            return [visual.text, visual.speaker]
        case TitleVisual():
            return [visual.text, visual.subtitle]
        case CompareVisual():
            return [*visual.items, *(s for a, vals in visual.rows for s in (a, *vals))]
        case TimelineVisual():
            return [s for e in visual.events for s in (e.when, e.what.removesuffix("…"))]
        case _:
            return []


# --- numbers: a comparison, a change, a series, or one stat ------------------------------------------------------


def _bars(figs: list[Figure], labels: list[str]) -> ChartVisual:
    """Bars of one measure; when their magnitudes differ (3万元 against 两千元) each value carries its own unit
    and the bars are drawn to scale."""
    one_unit = len({f.unit for f in figs}) == 1
    bars = [Bar(label=lab, value=f.written if one_unit else with_unit(f), number=f.scale)
            for f, lab in zip(figs, labels, strict=True)]
    order = in_time_order(labels, language="zh" if any(cjk_count(lab) for lab in labels) else "en")
    if order is not None:  # bars by time run as time does: "去年1280吨，比前年的960吨多" → 前年, 去年
        bars = [bars[k] for k in order]

    def own(x: str) -> bool:  # one bar's own subject ("人工挑运每吨" over bar 人工挑运) titles none of them
        return any(lab and (lab in x or x in lab) for lab in labels)

    title = next((f.of for f in figs if f.of and not own(f.of)), "") or next(
        (f.label for f in figs if f.label and not own(f.label)), "")  # shares: the whole they divide
    pers = {f.per for f in figs if not f.per.endswith("均")} - {""}  # 日均客流 says its rate in the label
    unit = figs[0].unit if one_unit else ""
    if len(pers) == 1 and unit:  # "人工挑运每吨要260元，骡马驮运约180元": 元/吨 for every bar, not bar 1's
        unit = f"{unit}/{pers.pop()}"
    return ChartVisual(unit=unit, bars=bars[:5], title=title)


def _by_measure(found: list[Figure]) -> list[list[Figure]]:
    """Figures that compare: one measure, one rate (每月150元 and 每小时2元 are two measures of money), levels
    apart from changes ("fell by 45 percent") and wholes apart from their parts ("$6 million of that")."""
    rates: dict[str, set[str]] = {}
    for f in found:
        rates.setdefault(f.measure, set()).add(f.per)
    # one item's figure and all items' together (每座30吨, 合计120吨) are two measures, never rival bars
    whole = {f.measure for f in found if f.each == "total"} & {f.measure for f in found if f.each == "item"}
    # "每个晚班补贴300元，医院每月为此支出约7.7万元": a figure ten times one item's or more is what all the items
    # add up to, said without a total word; one bar against the other would compare an item with the sum
    items = {f.measure: max(g.scale for g in found if g.measure == f.measure and g.each == "item")
             for f in found if f.each == "item"}
    summed = {f.measure for f in found if f.measure in items and f.each != "item" and f.scale >= 10 * items[f.measure]}
    groups: dict[str, list[Figure]] = {}
    for f in found:
        per = "/" + f.per if len(rates[f.measure] - {""}) > 1 else ""
        each = ("1" if f.each == "item" else "Σ") if f.measure in whole | summed else ""
        groups.setdefault(f.measure + per + each + ("±" if f.change else "") + ("⊂" if f.part else ""), []).append(f)
    out = []
    for group in groups.values():
        first = next((f.start for f in group if f.per), None)
        # "一部电梯花了62万元…二楼每户约1.2万元": a figure said before the first rate is a total, not one more
        # bar of it (a figure after the rate, with none of its own, shares it: 人工挑运每吨260元，骡马驮运约180元)
        out.append([f for f in group if first is None or f.per or f.start > first])
    return sorted(out, key=len, reverse=True)


def _head(label: str) -> str:
    """The noun a label ends on (夜市, 摊位总数 → 总数; "stalls" → stall): what a count counts."""
    if re.search(r"[\u4e00-\u9fff]", label):
        import jieba

        toks = [w for w in jieba.lcut(label) if w.strip()]
        return toks[-1] if toks else label
    ws = EN_WORD.findall(label.lower())
    return ws[-1].removesuffix("s") if ws else label


def _different_counts(labelled: list[Figure]) -> bool:
    """Counts (a classifier's 个, "trees") of things with different names, e.g. 夜市 14个 against 摊位总数 1200个:
    markets and stalls are two measures that share a classifier, so bars would compare what does not compare."""
    counts = all(f.counted or f.measure in ZH_CLASSIFIERS for f in labelled)
    return counts and len({_head(f.label) for f in labelled}) > 1


def _chart(found: list[Figure]) -> ChartVisual | None:
    """Bars where one measure recurs with distinct labels: the comparison the narration makes."""
    for group in _by_measure(found):
        labelled = [f for f in group if f.label]
        if len(labelled) >= 2 and len({f.label for f in labelled}) == len(labelled) and not _different_counts(labelled):
            return _bars(labelled, [f.label for f in labelled])
    return None


_EN_LEAD_WORDS = wordset("a an the and but while whereas or so yet then its their")
_ZH_SUBJECT_FLAGS = ("n", "j", "b", "s", "vn", "l")
# Common irregular verbs a clause's subject stops before ("The oyster reef came in at…").
_EN_IRREGULAR = wordset("came comes come went goes go got gets get took takes take made makes make gave gives give "
                        "ran runs run stood stands sat sits needs needed needs spent spends paid pays kept keeps "
                        "left leaves brought brings draw draws drew drawn use uses used consume consumes consumed "
                        "carry carries carried")
# Stopwords that still open a noun phrase ("The new lamps", "the old sodium lamps").
_EN_NP_OPENERS = wordset("new old other same next first last")


_EN_AFTER_VERB = wordset("out up about barely only just around nearly roughly almost")


def _verb_like_en(word: str, after: str) -> bool:
    """A verb the word list does not know, by its form and the word after it ("turns out up to", "managed about")."""
    return (word.endswith("ed") and len(word) > 4 and not word.endswith("eed")) or (
        word.endswith("s") and after in _EN_AFTER_VERB)


def _noun_like_en(word: str) -> bool:
    """A word that may be the second noun of "X and Y": no function word, verb or number."""
    return bool(word) and word not in EN_STOPWORDS and not is_verb_en(word) and word not in _EN_IRREGULAR \
        and not word[0].isdigit() and not word.endswith("ly")


def _subject_en(before: str) -> str:
    """The noun phrase a clause opens with ("A concrete seawall costs about" → "concrete seawall", "a volunteer" →
    "volunteer"): the words up to the first verb, function word or number."""
    toks = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*|\d\S*", before))
    while toks and toks[0].group().lower() in _EN_LEAD_WORDS:
        toks = toks[1:]
    kept: list[re.Match[str]] = []
    for k, t in enumerate(toks):
        w = t.group().lower()
        after = toks[k + 1].group().lower() if k + 1 < len(toks) else ""
        if w in ("and", "or") and kept and _noun_like_en(after):
            kept.append(t)  # "Phones and tablets", "bags or rucksacks": one item named by two nouns
            continue
        if (w in EN_STOPWORDS and not (w in _EN_NP_OPENERS and not kept)) or is_verb_en(w) or w in _EN_IRREGULAR \
                or w[0].isdigit() or w.endswith("ly") or len(kept) == 4 or (kept and _verb_like_en(w, after)):
            break
        kept.append(t)
    while kept and kept[-1].group().lower() in ("and", "or"):
        kept.pop()
    if not kept:
        return ""
    rest = EN_WORD.findall(before[kept[-1].end():].lower())
    # "the lances on the beginner slope make barely": a place after the noun, then its verb
    place = len(rest) > 2 and rest[0] in ("on", "in", "at") and any(
        is_verb_en(w) or w in _EN_IRREGULAR for w in rest[1:5])
    if rest and not (is_verb_en(rest[0]) or rest[0] in _EN_IRREGULAR or rest[0].endswith("ly") or place
                     or _verb_like_en(rest[0], rest[1] if len(rest) > 1 else "")):
        return ""  # "far above the 10 percent limit": no subject and verb, a modifier
    return before[kept[0].start():kept[-1].end()]


_EN_FOR = re.compile(r"^[$€£¥]?[\d,.]+(?:\s*[A-Za-z%]+)?(?:\s+(?:per|an?|each)\s+[a-z]+)?\s+for\s+"
                     r"(?:the\s+|a\s+|an\s+)?"
                     r"(?P<what>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3}?)(?=\s*(?:[,;.]|\band\b|$))")


def _for_whom_en(rest: str) -> str:
    """"100 watts for the old sodium lamps": the thing a figure is said of, after it."""
    m = _EN_FOR.match(rest)
    if not m or any(w.lower() in EN_STOPWORDS | _EN_LEAD_WORDS for w in m.group("what").split()[-1:]):
        return ""
    return m.group("what")


_ZH_SUBJECT_VERB_STOP = wordset("相比 需要 只要 达到 超过 只有 约为 仅为 占到 提高 降低 增加 减少 下降 上升 增长 "
                                "降到 降至 升到 升至 涨到 涨至 增至 减至 调到 调至 卖到 变成 "
                                "提高到 增加到 减少到 下降到 上升到")


_ZH_TIME_OF_DAY = wordset("白天 夜间 晚间 夜里 上午 下午 早上 晚上 凌晨 日间 夜晚 午间 早间 周末 工作日")


def _subject_zh(before: str) -> str:
    """The nouns a clause opens with ("救护车平均" → 救护车, "二楼住户每户" → 二楼住户)."""
    import jieba.posseg

    taken: list[tuple[str, str]] = []
    toks = jieba.posseg.lcut(before)
    while toks and not taken and (toks[0].flag in ("t", "c") or toks[0].word in ("而", "但", "则")):
        if toks[0].word in _ZH_TIME_OF_DAY and len(toks) > 1 and toks[1].flag.startswith("n"):
            toks[0].flag = "n"  # "白天|门诊": a time of day that names which clinic, not when the figure holds
            break
        toks = toks[1:]  # "今年|机采鲜叶的收购价", "而|手采的…": the subject comes after the time or conjunction
    if len(toks) > 1 and toks[0].flag in ("v", "b") and cjk_count(toks[0].word) == 2 and toks[1].word == "的" and \
            toks[0].word not in _ZH_SUBJECT_VERB_STOP:
        return toks[0].word  # "手洗的老式毛巾": the way of doing that the figure is for
    for k, p in enumerate(toks):
        if taken and p.flag in ("v", "vn") and k + 1 < len(toks) and toks[k + 1].word in ("为", "是", "成"):
            break  # "夜班车票价|统一|为2元": the verb links the subject to its figure, and names nothing
        inner = taken and p.flag in ("i", "a", "b")  # "社区|微循环|线", "干线|快|巴": one compound noun
        if p.flag.startswith(_ZH_SUBJECT_FLAGS) or inner or (p.flag == "m" and not taken and
                                                             not re.search(r"\d", p.word)):
            taken.append((p.word, p.flag))
        elif p.flag == "v" and taken and taken[-1][1].startswith("n") and cjk_count(p.word) == 2 and \
                p.word not in _ZH_SUBJECT_VERB_STOP:
            taken.append((p.word, "vn"))  # a way of doing named by its act: "人工|瞭望", "骡马|驮运"
            break
        elif p.flag == "v" and len(taken) == 1 and cjk_count(taken[0][0]) == 1 and cjk_count(p.word) == 1:
            taken.append((p.word, "vn"))  # "手|采" against 机采: one way of picking, not a hand
            break
        else:
            break
    while taken and taken[-1][1] in ("i", "a", "b", "m"):
        taken.pop()
    out = "".join(w for w, _ in taken)
    return out if cjk_count(out) >= 2 else ""


def _clause_start(text: str, at: int, language: Language) -> int:
    marks = "，,；;。.!?！？：:\n" if language == "zh" else ";.!?:\n"
    k = at
    while k > 0 and text[k - 1] not in marks:
        k -= 1
    if language == "en":  # English items said in a row part at commas and "and" ("a volunteer 11 minutes and…")
        cut = 0
        for m in re.finditer(r",\s*|\s(?:and|but|while|whereas)\s", text[k:at]):
            # "and" parts items only after a figure: "Phones and tablets make up 12%" names one item
            if m.group().strip() != "and" or re.search(r"\d", text[k + cut:k + m.start()]):
                cut = m.end()
        k += cut
    return k


def _subject_chart(found: list[Figure], narration: str, language: Language) -> ChartVisual | None:
    """Figures of one measure said one after another, each in its own clause with its own subject ("救护车平均19分钟，
    志愿者11分钟，无人机7分钟"; "A concrete seawall costs about $9,000 per metre… A salt marsh costs around $2,500
    per metre"): bars by subject, the comparison the sentences make without colons or labels."""
    for group in _by_measure(found):
        # English counts of one noun compare ("28 watts … 100 watts for the old lamps"); Chinese classifiers count
        # things of different names (夜市 14个, 摊位 1200个) and are set side by side instead
        group = [f for f in group if f.measure != "share" and not (f.counted and language == "zh")
                 and f.measure not in ZH_CLASSIFIERS]
        if not 2 <= len(group) <= 5 or len({f.when for f in group if f.when}) > 1:
            continue
        subjects = []
        for f in group:
            k = _clause_start(narration, f.start, language)
            before = narration[k:f.start]
            subjects.append((_subject_zh(before) if language == "zh" else
                             _subject_en(before) or _for_whom_en(narration[f.start:])) or f.label)
        if language == "zh" and not (all(subjects) and len(set(subjects)) == len(subjects)):
            # "青菜在这里每斤2.5元，在北门超市卖3.3元": the same thing priced in different places, bars by place
            places = [_place_zh(narration[_clause_start(narration, f.start, language):f.start]) for f in group]
            subjects = places if all(places) and len(set(places)) == len(places) else subjects
        if language == "zh" and not (all(subjects) and len(set(subjects)) == len(subjects)):
            # "改造前…3200人次，重新开业第一个月升到4500人次，今年5月稳定在5100人次": one measure at stages in time
            stages = [_stage_zh(narration[_clause_start(narration, f.start, language):f.start]) for f in group]
            subjects = stages if all(stages) and len(set(stages)) == len(stages) else subjects
        if language == "zh" and not (all(subjects) and len(set(subjects)) == len(subjects)):
            # "夏季场均观众120人，而冬季只有35人左右", "平日…1.2万人次，节假日翻了一番，达到2.4万人次": bars by the time
            # each figure's part of the sentence opens with
            times = [_opening_time_zh(narration, f.start, group[k - 1].start + 1 if k else 0)
                     for k, f in enumerate(group)]
            subjects = times if all(times) and len(set(times)) == len(times) else subjects
        if language == "en":  # "posting costs £8 for small items and £15 for anything larger": bars by what for
            fors = [_for_whom_en(narration[f.start:]) for f in group]
            subjects = fors if all(fors) and len(set(fors)) == len(fors) else subjects
        if language == "zh" and not (all(subjects) and len(set(subjects)) == len(subjects)) and \
                len({f.scale for f in group}) == len(group) and not _quoted(narration, group[0].start):
            acts = [_act_zh(narration[_clause_start(narration, f.start, language):f.start]) for f in group]
            subjects = acts if all(acts) and len(set(acts)) == len(acts) else subjects
        per = {m.group(1) for f in group if (m := _ZH_PER_BEFORE.search(
            narration[_clause_start(narration, f.start, language):f.start]))} if language == "zh" else set()
        subjects = [_ZH_PER_END.sub("", x) if language == "zh" else x for x in subjects]
        if all(cjk_count(x) >= 2 or language == "en" for x in subjects) and all(subjects) and \
                len(set(subjects)) == len(subjects):
            chart = _bars(group, subjects)
            if len(per) == 1 and chart.unit and "/" not in chart.unit:  # 元/吨 for every bar, not bar 1's
                chart = chart.model_copy(update={"unit": f"{chart.unit}/{per.pop()}"})
            return chart
    return None


_ZH_LEAD_CONJ = re.compile(r"^(?:而|但|但是|则|可|却|而且)")
_ZH_LINK_END = re.compile(r"(?:需要|只要|只需|要|需|约|大约|近|仅|只|才|花|得|为|是|达|高达|"
                          r"升到|降到|涨到|增至|降至|升至|"
                          r"达到|稳定在|调到|调至|增加到|减少到|提高到|下降到|上升到)+$")


def _quoted(text: str, at: int) -> bool:
    """Position `at` is inside quoted speech (“…”)."""
    return text.rfind("“", 0, at) > text.rfind("”", 0, at)


_ZH_PLACE = re.compile(r"在(?P<place>[\u4e00-\u9fff]{2,8}?)(?:上|里|中)?(?:卖|售价|售|要|是|买)?"
                       r"(?:每[\u4e00-\u9fff]{1,2})?(?:要|约|只要|才|仅)?$")


_ZH_STAGE = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}[：:])?(?P<when>(?:(?:19|20)\d{2}年|今年|去年|前年)\d{1,2}月"
                       r"|(?:19|20)\d{2}年(?:底|初)?|[\u4e00-\u9fff]{2,4}(?:前|后|之前|之后)"
                       r"|[\u4e00-\u9fff]{0,4}第[一二三四五六七八九十\d]+个?(?:月|年|周|天|季度))(?=[\u4e00-\u9fff])")


def _stage_zh(before: str) -> str:
    """When a clause's figure holds, said as the clause opens ("改造前", "重新开业第一个月", "今年5月")."""
    m = _ZH_STAGE.match(before.strip())
    return m.group("when") if m else ""


_ZH_SEASONS = wordset("旺季 淡季 平日 平时 节假日 假日 双休日 寒假 暑假 雨季 旱季")  # times jieba tags as nouns


def _opening_time_zh(narration: str, at: int, floor: int) -> str:
    """The time word (夏季, 节假日, 平日) that opens the figure's clause, or the clauses of its sentence before it
    back to `floor` (the previous figure): which time each figure of a contrast holds for."""
    import jieba.posseg

    k = _clause_start(narration, at, "zh")
    while k >= floor:
        toks = jieba.posseg.lcut(_ZH_LEAD_CONJ.sub("", narration[k:at].strip()))
        if toks and (toks[0].flag == "t" or toks[0].word in _ZH_TIME_OF_DAY | _ZH_SEASONS) and \
                cjk_count(toks[0].word) == len(toks[0].word) >= 2:
            return toks[0].word
        if k < 2 or narration[k - 1] not in "，,":
            return ""
        at, k = k - 1, max(narration.rfind(c, 0, k - 1) for c in "，,；;。！？：:\n") + 1
    return ""


def _place_zh(before: str) -> str:
    """Where a figure holds when its clause names a place, not a subject ("在北门超市卖" → 北门超市)."""
    m = _ZH_PLACE.search(before)
    return m.group("place") if m else ""


def _act_zh(before: str) -> str:
    """What costs or takes the figure when it is an act, not a noun ("清洗一件校服的成本约6元，而新买一套要180元":
    清洗一件校服的成本, 新买一套): the clause before the figure, less its conjunction and link verbs."""
    import jieba.posseg

    text = _ZH_LINK_END.sub("", _ZH_LEAD_CONJ.sub("", before.strip()))
    if not 3 <= cjk_count(text) <= 10 or cjk_count(text) != len(text):
        return ""
    flags = [p.flag for p in jieba.posseg.lcut(text)]
    return text if "v" in flags and flags[-1] not in ("p", "c", "u", "uj", "d") else ""


# A rate said in a subject ("人工挑运每吨"): the per-unit belongs to the chart's unit, not to one bar's label.
_ZH_PER_END = re.compile(r"每([\u4e00-\u9fff]{1,2})$")
_ZH_PER_BEFORE = re.compile(r"每([\u4e00-\u9fff]{1,2}?)(?:要|需要|需|约|只要|只需|仅|才|花|大约)*$")


def _side_by_side(found: list[Figure]) -> CompareVisual | None:
    """Two or three counts of different things (夜市 14个, 摊位总数 1200个): each its own figure, side by side."""
    for group in _by_measure(found):
        labelled = list({f.label: f for f in reversed(group) if f.label}.values())[::-1]
        if 2 <= len(labelled) <= 3 and _different_counts(labelled):
            return CompareVisual(items=[f.label for f in labelled], rows=[("", [with_unit(f) for f in labelled])])
    return None


_EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_EN_IN_WHEN = re.compile(rf"^\s+in\s+((?:{_EN_MONTHS})(?:\s+(?:19|20)\d{{2}})?|(?:19|20)\d{{2}})\b")


def _named_bars(found: list[Figure], narration: str, language: Language) -> ChartVisual | None:
    """Figures of one measure each named where no subject is: "19 days in October, compared with 4 days in
    February" (bars by the month said after each), "儿科最忙，每晚接诊约70人次；内科次之，约55人次" (bars by the noun
    that opens each figure's part of the sentence)."""
    by: dict[str, list[Figure]] = {}
    for f in found:  # one measure (每晚 said before some of them is the same rate: "每晚接诊约70人次；…约55人次")
        by.setdefault(f.measure, []).append(f)
    for group in by.values():
        if not 2 <= len(group) <= 5 or any(f.change or f.part or f.each for f in group):
            continue
        labels: list[str] = []
        for f in group:
            end = f.start + len(f.written) + (len(f.unit) if language == "zh" else 0)
            if language == "en":
                m = _EN_IN_WHEN.match(narration[end:]) or _EN_IN_WHEN.match(narration[end + len(f.unit) + 1:])
                labels.append(m.group(1) if m else "")
            else:
                labels.append(_opening_noun_zh(narration, f.start))
        if all(labels) and len(set(labels)) == len(labels):
            first = group[0].start
            title = ""
            if language == "en":
                lead = narration[:first].split()
                while lead and lead[-1].lower() in EN_STOPWORDS:
                    lead = lead[:-1]
                title = " ".join(lead) if 2 <= len(lead) <= 10 else ""
            else:
                title = _act_zh(narration[_clause_start(narration, first, language):first])
            return _bars(group, labels).model_copy(update={"title": title})
    return None


def _opening_noun_zh(narration: str, at: int) -> str:
    """"内科次之，约55人次": the noun opening the short clause just before the figure's own."""
    k = _clause_start(narration, at, "zh")  # the figure's own clause; the noun opens the one before it
    if k < 2 or narration[k - 1] not in "，,":
        return ""
    head = narration[max(narration.rfind(c, 0, k - 1) for c in "，,；;。！？：:\n") + 1:k - 1]
    if not head or cjk_count(head) > 6 or cjk_count(head) != len(head):
        return ""
    return _subject_zh(head)


def comparison(sentence: str, language: Language) -> ChartVisual | None:
    """The bars a sentence's figures make (by subject, or by label), for a sentence told over several shots: each
    of its shots shows the whole comparison ("人工瞭望平均要25分钟，|摄像头只要4分钟，无人机8分钟左右")."""
    found = unranged(mark_parts(sentence, numbers(sentence, language), language), sentence, language)
    if shares := group_shares(sentence, found, language):
        return shares
    found = [f for f in found if not bounds_group(f, sentence, language)]
    chart, said = _chart(found), _subject_chart(found, sentence, language)
    if language == "en":  # "Maple Hill led with 81% of households": the name, not the counted noun
        chart, said = named_ranks_en(chart, found, sentence), named_ranks_en(said, found, sentence)
    own = said if said and (not chart or len(said.bars) >= len(chart.bars)) else chart
    if own is not None and restates_figure([b.label for b in own.bars], language):  # "…; the figure is now 38"
        own = told_against(sentence, language, sentence)
    ranged = any(_range_span(f, sentence, language) for f in numbers(sentence, language))
    return parts_chart(found, sentence, language) or placed_ranking(sentence, language) or respectively(
        sentence, language) or own or _named_bars(
        found, sentence, language) or _things_side_by_side(sentence, language) or _series(found) or (
        range_against(sentence, language, sentence, _range_span) if ranged else None) or rate_against(
        sentence, language) or worded_change(sentence, language)  # round 13b: each shot of it shows it whole


def _things_side_by_side(sentence: str, language: Language) -> ChartVisual | None:
    """Bars by thing or by place that no figure's label names (storyboard/contrasts.py, English only), and
    rankings, rivals and baselines told clause by clause (storyboard/rankings.py)."""
    return ((new_against_old_en(sentence) or thing_against_thing_en(sentence) or places_en(sentence)
             or beside_pair_en(sentence)) if language == "en" else None) or ranked(
        sentence, language)


def change_chart(sentence: str, language: Language) -> ChartVisual | None:
    """The change a sentence states, for a sentence told over several shots: each of its shots shows it whole
    ("called out 142 times in 2026," | "up from 118 the year before")."""
    return _change(next(iter(changes(sentence, language)), None), sentence, language)


def item_chart(items: list[str], language: Language) -> ChartVisual | None:
    """Items said one after another, each named before a colon with its figures ("Plane: 80 minutes…", "Car:
    about 9.5 hours…"): the measure most of them give, as bars by item, the comparison the items make."""
    names, figs = [], []
    for item in items:
        name = item_name(item, language)
        own = [f._replace(label=name) for f in numbers(item, language)] if name else []
        if own:  # every figure of the item is the item's ("Plane: 80 minutes in the air, but 4.5 hours door to door")
            names.append(name)
            figs.extend(own)
    for group in _by_measure(figs):
        firsts = {f.label: f for f in reversed(group)}  # each item's first figure of the measure
        if len(firsts) >= 2 and len(firsts) == len({n for n in names if n in firsts}):
            ordered = [firsts[n] for n in dict.fromkeys(names) if n in firsts]
            return _bars(ordered, [f.label for f in ordered])
    return None


def _series(found: list[Figure]) -> ChartVisual | None:
    """One measure at different times ("第一年只建了86个 … 到2023年底，已经达到1450个"): bars labelled by when."""
    for group in _by_measure(found):
        timed = [f for f in group if f.when]
        if len(timed) >= 2 and len({f.when for f in timed}) == len(timed):
            return _bars(timed, [f.when for f in timed])
    return None


def _one_unit(a: Figure, b: Figure) -> tuple[Figure, Figure]:
    """"from $2.80 to $3.05 per cubic metre", "from 11.2 kg per week to 8.4 kg": both ends of a change are in the
    unit that one of them says in full, so no bar reads as a different measure and the chart shows the unit once."""
    if a.unit == b.unit or a.scale != a.value or b.scale != b.value:  # "$1.4 million": a magnitude, kept its own
        return a, b
    if not a.unit or (b.unit.startswith(a.unit) and len(b.unit) > len(a.unit)):
        return a._replace(unit=b.unit), b
    if not b.unit or (a.unit.startswith(b.unit) and len(a.unit) > len(b.unit)):
        return a, b._replace(unit=a.unit)
    return a, b


def _change(change: Change | None, narration: str = "", language: Language = "zh",
            article_text: str = "") -> ChartVisual | None:
    """A measure going from one value to another: two bars under the measure's name, told apart by when each held
    or else by the words that lead them ("from" / "to", 从 / 降到), never two bars with no label."""
    if change is None:
        return None
    a, b = _one_unit(change.before, change.after)
    labels = [a.when, b.when] if a.when and b.when and a.when != b.when else ["", ""]
    if not all(labels) and narration:  # "…is £1.4 million, up from £1.1 million": each end's time, said or implied
        told = [f for f in numbers(narration, language) if f.start not in (change.before.start, change.after.start)]
        labels = side_labels([change.before, change.after], narration, [*told, change.before, change.after],
                             language, article_text or narration) or labels
    if not all(labels):  # "from $2,150 with heating oil to $1,380 with a heat pump": what tells the ends apart
        labels = means_labels(change.before, change.after, narration, language) or labels
    if not all(labels):  # the same idea from round 13a (change_ends.py): what each end holds for
        labels = end_conditions(change.before, change.after, narration, language)
    if not all(labels) and language == "zh" and narration:  # 从三年前的12%升到31%: 三年前 and now, not 从…的 | 升到
        labels = from_time_labels_zh(change.before, change.after, narration, article_text or narration) or labels
    if not all(labels):  # else the words that lead each end ("from" / "to", 从 / 降到)
        labels = change_words(change.before, change.after, narration, language)
    if not all(labels) and narration:  # "Now each teacher has 28 pupils, compared with 22 a decade ago"
        times = [clause_time(narration, f.start, language) for f in (change.before, change.after)]
        labels = times if all(times) and times[0] != times[1] else labels
    chart = _bars([a, b], labels)  # a title that only repeats the unit ("items", "items") says nothing
    return chart.model_copy(update={"title": change.label if change.label != chart.unit else ""})


_ANNOUNCES = {"zh": re.compile(r"^[^，。；！？：:]{0,6}[：:]"),
              "en": re.compile(r"^[^,.;!?:]{0,30}:", re.IGNORECASE)}


def _announces_list(f: Figure, narration: str, language: Language) -> bool:
    """"计划做三件事：一是…", "面临三个难题：", "three changes:": a count that announces the items named after it is
    the list's heading, not a figure to show on its own."""
    if f.measure not in ZH_CLASSIFIERS and not f.counted:
        return False
    return bool(_ANNOUNCES[language].match(narration[f.start + len(f.written) + len(f.unit):]))


_ZH_SAMPLE = (re.compile(r"(?:针对|对|向|调查了?|访问了?|询问了?|采访了?|抽取了?|走访了?|回访了?)$"),
              re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:的)?(?:问卷|调查|访谈|抽样|研究|测试|民调|回访|走访|调研|采访|电话)"))
_ZH_ASKED = re.compile(r"(?:调查|访问|询问|采访|抽取|走访|回访|抽查|调研|访谈)了?(?:约|近|大约|超过)?$")
_EN_SAMPLE = (re.compile(r"\b(?:survey|poll|study|questionnaire)\s+of\s+(?:about\s+|some\s+|nearly\s+)?$"
                         r"|\b(?:surveyed|polled|interviewed|asked|questioned)\s+(?:about\s+|some\s+|nearly\s+)?$",
                         re.IGNORECASE), re.compile(r"^"))


def _sample_size(f: Figure, narration: str, language: Language) -> bool:
    """"一份针对1200名家长的问卷显示", "a survey of 1,200 parents": how many were asked is not what the survey found,
    and never the shot's number."""
    before, after = narration[:f.start], narration[f.start + len(f.written) + len(f.unit):]
    pattern_before, pattern_after = _ZH_SAMPLE if language == "zh" else _EN_SAMPLE
    if language == "zh" and _ZH_ASKED.search(before):  # "调查了1,200户沿河居民": the verb says they were asked
        return True
    return bool(pattern_before.search(before)) and bool(pattern_after.match(after))


_ZH_SURVEY_AHEAD = re.compile(r"^(?:[^，,。；;！？：:]|(?<=\d),(?=\d))*?"
                              r"(?:调查|访问了|走访|采访|问卷|访谈|调研|抽样|民调|回访|询问)")
_ZH_FINDING = re.compile(r"显示|发现|表明|结果")
_EN_SURVEY_AHEAD = re.compile(r"^(?:[^,;.!?:]|(?<=\d)[,.](?=\d))*?\b(?:surveyed|interviewed|polled|questioned)\b",
                              re.IGNORECASE)
_EN_SAMPLE_BEHIND = re.compile(r"\b(?:survey(?:ed)?|poll(?:ed)?|interviewed|questioned|asked|study)\b[^,;.!?:\d]*"
                               r"[\d,.]+[^,;.!?:\d]*\b(?:in|across|at|from)\s+(?:about\s+|some\s+)?$", re.IGNORECASE)


_ZH_BASELINE = re.compile(r"(?:比|较|低于|高于|相比)[^，,。；;！？\d]{0,10}?(?:的)?(?:约|近|大约)?$")
_EN_BASELINE = re.compile(r"\b(?:than|compared\s+(?:with|to)|against|versus|vs\.?)\s+(?:the\s+)?"
                          r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+)?[$€£¥]?$", re.IGNORECASE)


def _baseline(f: Figure, found: list[Figure], narration: str, language: Language) -> bool:
    """"认为影响休息的占17%，比去年同期的41%明显减少": the figure a sentence measures another against is not its
    news; drawn alone it would put the old value on screen as if it were the finding."""
    rival = any(g is not f and g.measure == f.measure for g in found)
    return rival and bool((_ZH_BASELINE if language == "zh" else _EN_BASELINE).search(narration[:f.start]))


def _survey_frame(f: Figure, narration: str, language: Language) -> bool:
    """"对周边6个小区的1,000户居民做了问卷调查", "在12个乡镇访问了600名村民", "interviewed 600 people in 12 villages":
    a figure said in a survey's own clause before its verb (or after its sample, as where it was taken) is who or
    where was asked, never what the survey found."""
    after = narration[f.start + len(f.written) + len(f.unit):]
    if language == "zh":
        ahead = _ZH_SURVEY_AHEAD.match(after)
        return bool(ahead) and not _ZH_FINDING.search(ahead.group(0))
    cuts = re.finditer(r"(?<!\d)[,.]|[,.](?!\d)|[;!?:\n]", narration[:f.start])  # 2,000 is one number
    clause = narration[max((c.end() for c in cuts), default=0):f.start]
    return bool(_EN_SURVEY_AHEAD.match(after)) or bool(_EN_SAMPLE_BEHIND.search(clause))


_ZH_SUM = re.compile(r"合计|总共|一共|总计|共计")


def _total_label(f: Figure, narration: str) -> str:
    """A sum's label is its clause up to the figure ("9条线路合计约1620万元" → 9条线路合计, "全区一年合计"): the
    measure's name alone (运营成本) would pass all the lines' cost off as one line's."""
    a = max(narration.rfind(c, 0, f.start) for c in "，,；;。！？!?：:\n") + 1
    text = _ZH_LINK_END.sub("", _ZH_LEAD_CONJ.sub("", narration[a:f.start].strip()))
    text = re.sub(r"每[\u4e00-\u9fff].*$", "", text)  # "8台合计每天收": the rate goes to the unit (亩/天)
    return text if _ZH_SUM.search(text) and 3 <= cjk_count(text) <= 10 else ""


_ZH_SHARE_BEFORE = re.compile(r"(?:大约|将近|接近|大概|约|近|超过|不到|逾)$")
_ZH_SHARE_AFTER = re.compile(r"^(?:多|左右|以上)")


def _share_words(f: Figure, narration: str) -> str:
    """"近一成", "约三成", "一成多", "四成半", "近一半": a Chinese share is drawn whole, its approximation kept — "一"
    alone in big type reads as a dash, and 近 dropped says more than the article. "" for any other figure."""
    if not (f.unit.startswith("成") or f.measure == "share") or not re.fullmatch(r"[零〇一二两三四五六七八九十]+|一半",
                                                                              f.written):
        return ""
    end = f.start + len(f.written) + len(f.unit)
    before = _ZH_SHARE_BEFORE.search(narration[:f.start])
    after = _ZH_SHARE_AFTER.match(narration[end:])
    return (before.group(0) if before else "") + f.written + f.unit + (after.group(0) if after else "")


_ZH_RANGE = re.compile(r"(?<![\d.])\d[\d,.]*[万亿千百]?[^\d\s，,。；;！？：:、]{0,3}?(?:到|至|~|～|-|－|—|–)"
                       r"\d[\d,.]*[万亿千百]?")
_EN_RANGE_SPAN = re.compile(r"(?:\bbetween\s+(?P<a>[$€£¥]?\d[\d,.]*(?:\s*%|\s+[a-z]+)?)\s+and\s+"
                            r"|(?<!\bfrom\s)(?<![\d.$€£¥])(?P<b>[$€£¥]?\d[\d,.]*(?:\s*%|\s+[a-z]+)?)"
                            r"(?:\s+to\s+|\s*[-–—]\s*))[$€£¥]?\d[\d,.]*", re.IGNORECASE)


_ZH_CHANGE_WORD = re.compile(r"增|减|降|升|涨|提高|缩短|延长|变|调|跌|翻")


def _same_kind_en(span: str, before: str) -> bool:
    """Both ends of an English range are written alike (£10 to £25, 2 to 4 days, 10-15%), and no "by" makes the
    first a change."""
    ends = re.findall(r"([$€£¥]?)\d[\d,.]*(\s*%)?", span)
    return len(ends) == 2 and ends[0][0] == ends[1][0] and not (ends[0][1] and not ends[1][1]) and \
        not re.search(r"\bby\s+$", before)


def unranged(found: list[Figure], narration: str, language: Language) -> list[Figure]:
    """The figures that are no end of a range ("4元到6元", "£10 to £25"): only these may be bars, since a bar of
    one end would draw a figure the article never gave as the value."""
    return [f for f in found if _range_span(f, narration, language) is None]


def _range_span(f: Figure, narration: str, language: Language) -> str | None:
    """"只有4元到6元", "between £4 and £6", "3-4 hours": the range a figure is one end of, as written (its unit
    after it), so a stat draws the range whole and never one end as if it were the figure; None for no range."""
    end = f.start + len(f.written)
    pattern = _ZH_RANGE if language == "zh" else _EN_RANGE_SPAN
    for m in pattern.finditer(narration):
        if language == "zh" and _ZH_CHANGE_WORD.search(m.group(0)):
            continue  # "约80个增加到210个": a change, not a range
        if language == "en" and not _same_kind_en(m.group(0), narration[:m.start()]):
            continue  # "rose by 18% to £96,000": a change and the level it reached
        if m.start() <= f.start < m.end() or m.start() < end <= m.end():
            a = m.start("a") if language == "en" and m.group("a") else m.start()
            stop = m.start() + len(m.group(0).rstrip(".,"))  # "£10 to £25." ends on its figure, not the full stop
            if narration[stop:].startswith(f.unit) and f.unit:
                stop += len(f.unit)
            elif language == "en" and f.unit and narration[stop:].startswith(" " + f.unit):
                stop += len(f.unit) + 1
            return narration[a:stop]
    return None


_ZH_MONEY_ACT = re.compile(r"节省|节约|省下|省了|花费|花了|支出|投入|补贴")
_ZH_COUNT_ACT = re.compile(r"(?:接诊|接待|服务|运送|载客|借阅|办理|救治|出动|受理)$")


def _money_act_zh(f: Figure, narration: str) -> str:
    """"平均节省约210元" → 平均节省, "夜间门诊累计接诊2.9万人次" → 夜间门诊累计接诊: money, or people or cases served,
    with no noun before it is named by what was done."""
    acts = _ZH_MONEY_ACT if f.measure == "元" else _ZH_COUNT_ACT if f.measure in ("人次", "次", "件", "例") else None
    if acts is None:
        return ""
    act = _ZH_LINK_END.sub("", _ZH_LEAD_CONJ.sub("", narration[_clause_start(narration, f.start, "zh"):f.start]))
    act = act.strip().removesuffix("了")
    whole = 2 <= cjk_count(act) == len(act)  # words only: no figure, no punctuation
    return act if whole and cjk_count(act) <= 10 and acts.search(act) else ""


_EN_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_WHEN_AFTER = re.compile(rf"^\s+(?P<when>(?:on|in|during|over|at|each|every|a|per)\s+(?:(?:a|an|the|one|each)\s+)?"
                            rf"(?:[a-z]+\s+)?(?:{_EN_DAYS}|day|night|week|weekend|month|year|morning|evening|"
                            rf"afternoon|shift|season)(?:\s+to\s+(?:{_EN_MONTHS}))?)\b")


def _when_label_en(f: Figure, narration: str) -> str:
    """"the office can receive 150 items on a wet Friday": a count with no subject is labelled by when it holds,
    so "150 items" never reads as a total."""
    m = _EN_WHEN_AFTER.match(narration[f.start + len(f.written):].removeprefix(" " + f.unit)) if f.counted else None
    return m.group("when") if m else ""


def _stat(found: list[Figure], narration: str = "", language: Language = "zh", *,
          findings: bool = True) -> StatVisual | None:
    """The largest figure whose measure is known (labelled, or a count of named things), save a count that
    announces a list."""
    found = [f for f in found if not (narration and (_announces_list(f, narration, language)
                                                     or findings and lone_age(f, narration, language)
                                                     or findings and lone_tenure(f, narration, language)
                                                     or _sample_size(f, narration, language)
                                                     or _survey_frame(f, narration, language)
                                                     or findings and frame_figure(f, narration, language)
                                                     or _baseline(f, found, narration, language)))]
    # a when-clause's figure, or the age that qualifies a share, is context: the other is the fact; and what a share
    # found labels it. Both change what is drawn, never which sentences are chosen (`findings` off for that)
    if narration and findings:
        found = [f for f in found if not context_only(f, found, narration, language)] or found
        found = [f if f.label else f._replace(label=finding_label(f, narration, language)) for f in found]
    found = [f._replace(label=_total_label(f, narration) or f.label) if language == "zh" and f.each == "total" else f
             for f in found]
    if language == "zh" and narration:  # "平均节省约210元": money saved or spent, named by its act
        found = [f if f.label else f._replace(label=_money_act_zh(f, narration)) for f in found]
    if language == "en" and narration and findings:  # what money went on, what a share has been: never who spent
        found = [f._replace(label=spent_on_en(f, narration) or share_done_en(f, narration) or f.label)
                 for f in found]
    if language == "en" and narration:
        found = [f if f.label else f._replace(label=_when_label_en(f, narration)) for f in found]
        found = [f._replace(label=label_without_copula_en(f.label)) for f in found]  # "30% | were working adults"
    if findings:  # 翻了一倍: a change's size, and 一 in big type reads as a dash (what is drawn, not what is chosen)
        found = [f for f in found if f.measure != "倍"]
    usable = [f for f in found if f.label] or [f for f in found if f.counted]
    if not usable:
        return None
    f = max(usable, key=lambda f: f.scale)
    if language == "en" and narration and findings and not f.label:  # "19 | firms" says nothing of them
        f = f._replace(label=counted_label_en(f, narration))
    # a share in words ("a third") and a duration in two units ("1 hour 10") do not count up
    exact = not f.approx and f.measure != "share" and not re.search(r"[A-Za-z]\s", f.written)
    # 收费标准 150 元/月, not 150 元 (人均日采摘量 says its rate in the label)
    unit = f"{f.unit}/{f.per}" if f.per and f.unit and not f.per.endswith("均") else f.unit
    share = _share_words(f, narration) if language == "zh" else share_words_en(f, narration) if narration else ""
    span = _range_span(f, narration, language) if narration else None
    if span is not None:  # a range drawn whole, or nothing: one end alone would be a figure the article never gave
        return StatVisual(value=span, number=None, unit="", label=f.label) if f.label else None
    if share:
        return StatVisual(value=share, number=None, unit="", label=f.label,
                          change=f.change if f.change in ("up", "down") else "")
    # "42 plows this winter, six more than last year": the difference in the article's words, never the other level
    note = difference_note(narration, f.start, f.start + len(f.written), language) \
        if narration and findings and not f.change else ""
    return StatVisual(value=f.written, number=f.value if exact else None, unit=unit, label=f.label,
                      change=f.change if f.change in ("up", "down") else "", note=note)


# --- lists ---------------------------------------------------------------------------------------------------------


def shorten(item: str, language: Language, limit: int | None = None) -> str:
    """An item that fits the screen: whole as it is when short enough, else cut at a phrase boundary (English:
    before a function word; Chinese: between jieba words, never after a particle) with an ellipsis."""
    limit = limit or LIST_MAX[language]
    if language == "zh":
        if cjk_count(item) <= limit:
            return item
        import jieba.posseg

        out, best = "", ""
        for p in jieba.posseg.lcut(item):
            if cjk_count(out + p.word) > limit - 1:
                break
            out += p.word
            if not (p.flag.startswith("u") or p.flag in ("p", "c", "d") or p.word in "的地得和与及"):
                best = out
        return best + "…" if best else ""
    toks = list(EN_WORD.finditer(item))
    if len(toks) <= limit:
        return item
    cut = 0
    for k in range(1, limit):  # end before a function word, so the kept words are a phrase
        if toks[k].group().lower() in EN_STOPWORDS and toks[k - 1].group().lower() not in EN_STOPWORDS:
            cut = k
    return item[:toks[cut - 1].end()] + "…" if cut else ""


_ZH_ITEM_COPULAS = {"是", "为", "即", "有", "包括", "包含", "像", "如", "要数", "当属", "分别是", "依次是"}


def _zh_edge_item(text: str, size: float, *, first: bool) -> str:
    """The first or last item of a 、-list, whose other edge is not marked: the run of whole jieba words nearest
    in length to the middle items, starting (first) or ending (last) at the enumeration comma."""
    import jieba.posseg

    toks = [(p.word, p.flag) for p in jieba.posseg.lcut(text)]
    if first:
        toks = toks[::-1]
    best, out = "", ""
    for k, (word, flag) in enumerate(toks):
        out = word + out if first else out + word
        if (flag.startswith("u") and (first or word != "的")) or flag in ("p", "c", "x"):
            continue  # an item neither opens nor ends on a particle, preposition or conjunction ("修手表的" may)
        if first and word in _ZH_ITEM_COPULAS and best:
            break  # nor opens on, or reaches past, the verb that introduces the list ("依次是婚宴": 婚宴)
        if k + 1 < len(toks) and _nominal(flag) and _nominal(toks[k + 1][1]):
            continue  # nor inside a compound noun ("闲置|停车场")
        if not best or abs(cjk_count(out) - size) < abs(cjk_count(best) - size):
            best = out
        if cjk_count(out) > size + 4:
            break
    return best


def _nominal(flag: str) -> bool:
    return flag.startswith("n") or flag in ("j", "vn", "a", "b")


_ZH_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]+"
_ZH_BREAKDOWN_ITEM = re.compile(r"^(?:其中|包括|分别是|分别为)?(?P<label>[\u4e00-\u9fff/]{2,10}?)(?:有|约|为|占|共)?"
                                r"(?P<num>\d[\d,.]*)(?P<unit>[\u4e00-\u9fff%％]{0,2})$")
_ZH_GLUED_FIGURE = re.compile(r"[\u4e00-\u9fff]\d[\d,.]*[\u4e00-\u9fff%％]{0,2}$")


def breakdown_chart(narration: str, language: Language) -> ChartVisual | None:
    """"其中小吃类120个、百货类55个、手工和文创类35个": a whole split into named parts, each with its figure in
    one unit, is bars by part (a list would glue the figures into its items, and cut 手工和文创类 in two)."""
    if language != "zh":
        return _breakdown_en(narration)
    found = numbers(narration, language)
    at = 0
    for clause in re.split(r"([，。！？；：:;…]+)", narration):
        parts, k = [], at
        for p in clause.split("、"):
            parts.append((k, p))
            k += len(p) + 1
        at += len(clause)
        if len(parts) < 2:
            continue
        last = parts[-1][1]
        tail = re.split(r"(?<=[\u4e00-\u9fff%％])(?:以及|和|与|及)(?=[\u4e00-\u9fff][^、]*\d)", last, maxsplit=1)
        if len(tail) == 2 and re.search(r"\d", tail[0]):  # "…、百货类55个和文创类35个": the last two parts
            k0 = parts[-1][0]
            parts[-1:] = [(k0, tail[0]), (k0 + len(parts[-1][1]) - len(tail[1]), tail[1])]
        items = [(k, _ZH_BREAKDOWN_ITEM.match(p)) for k, p in parts]
        if not all(m for _, m in items) or len({m.group("unit") for _, m in items if m}) != 1:
            continue
        figs, labels = [], []
        for k, m in items:
            assert m is not None
            f = next((f for f in found if f.start == k + m.start("num")), None)
            if f is None:
                break
            figs.append(f)
            labels.append(_ZH_BREAKDOWN_LEAD.split(m.group("label"))[-1])  # "三个村分别是|东村"
        if len(figs) == len(items) and len(set(labels)) == len(labels) and all(cjk_count(x) >= 2 for x in labels):
            return _bars(figs, labels).model_copy(update={"title": ""})
    return None


_ZH_BREAKDOWN_LEAD = re.compile(r"分别是|分别为|依次是|依次为|包括|其中|是")
_EN_BREAKDOWN_ON = re.compile(r"^\s+(?:on|for)\s+(?P<what>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3})\s*$")


def _breakdown_en(narration: str) -> ChartVisual | None:
    """"spent £6,000 on heating, £2,500 on insurance and £1,200 on cleaning", "roads £4.2 million, schools
    £3.1 million": a series whose every item is a figure and what it went on (one unit) is bars by item; glued
    into a list the figures would read as part of the items' names, and the first one's is lost."""
    found = [f for f in numbers(narration, "en") if f.measure != "of"]
    for segment in re.finditer(r"[^;:!?]+?(?:\.(?!\d)|$)", narration):
        text = segment.group().rstrip(".")
        cuts = list(re.finditer(r"(?:(?<!\d),|,(?!\d{3}(?!\d)))\s*(?:and\s+)?|\s+and\s+", text))
        spans = zip([0, *[c.end() for c in cuts]], [*[c.start() for c in cuts], len(text)], strict=True)
        figs, labels = [], []
        for a, b in spans:
            item = text[a:b]
            own = [f for f in found if segment.start() + a <= f.start < segment.start() + b]
            if len(own) != 1:
                continue
            f = own[0]
            rel = f.start - segment.start() - a
            after = item[rel + len(f.written):]
            after = after[len(f.unit):] if after.startswith(f.unit) else after[len(f.unit) + 1:] if \
                after.startswith(" " + f.unit) and f.unit else after
            on = _EN_BREAKDOWN_ON.match(after)
            before = item[:rel].strip()
            if on and not any(w.lower() in EN_STOPWORDS for w in on.group("what").split()):
                labels.append(on.group("what"))
            elif not after.strip() and 1 <= len(before.split()) <= 3 and not re.search(r"\d", before) and not any(
                    w.lower() in EN_STOPWORDS for w in before.split()):
                labels.append(before)
            else:
                continue
            figs.append(f)
        if len(figs) >= 3 and len({f.unit for f in figs}) == 1 and len(set(labels)) == len(labels):
            return _bars(figs, labels).model_copy(update={"title": ""})
    return None


def _list_zh(narration: str) -> ListVisual | None:
    for clause in re.split(r"[，。！？；：:;…]+|(?<!\d),|,(?!\d{3}(?!\d))", narration):  # 1,200 is one number
        parts = clause.split("、")
        if len(parts) < 2 or not all(re.fullmatch(_ZH_ITEM, p) for p in parts):
            continue
        if sum(bool(_ZH_GLUED_FIGURE.search(p)) for p in parts) >= 2:
            continue  # "小吃类120个、百货类55个": parts with their figures, bars (breakdown_chart) or nothing
        if re.search(r"(?:相比|相较|比较|比起来)$", clause):
            continue  # "与路费、误工和餐费相比": what a figure is set against, not a list to show
        tail = re.split(r"(?<=[\u4e00-\u9fff])(?:以及|和|与|及)(?=[\u4e00-\u9fff])", parts[-1], maxsplit=1)
        middle = parts[1:-1] + (tail[:1] if len(tail) == 2 else [])  # "A、B和C": B is a middle item
        if len(parts) + len(tail) - 1 < 3 or not middle:
            continue
        size = sum(cjk_count(p) for p in middle) / len(middle)
        cap = max(cjk_count(p) for p in middle) + 3
        first = parts[0] if cjk_count(parts[0]) <= cap else _zh_edge_item(parts[0], size, first=True)
        last_items = tail if len(tail) == 2 and cjk_count(tail[0]) <= cap else [parts[-1]]
        if cjk_count(last_items[-1]) > cap:
            last_items[-1] = _zh_edge_item(last_items[-1], size, first=False)
        items = [shorten(i, "zh") for i in [first, *parts[1:-1], *last_items]]
        if len([i for i in items if i]) >= 3 and all(items):
            return ListVisual(items=items[:6])
    return None


_EN_FINITE = wordset("is are was were has have had will would can could did does")
_EN_PREPOSITIONS = wordset("about with without for from in on at by of to into over under near after before during "
                           "across through")


_EN_RELATIVE_LEAD = re.compile(r"^(?:which|that|who|whose)\s+", re.IGNORECASE)
_EN_SERIES_LEAD = re.compile(r"^(?:and|or|but|counting|including|such as|plus|from)\s+", re.IGNORECASE)


def _list_en(narration: str) -> ListVisual | None:
    """"A, B(,) and C": at least three comma-separated items with "and"/"or" before the last one, each a whole
    phrase; the first item loses a lead-in longer than the other items ("there are boxes of books, toys and
    seeds" → "books")."""
    for segment in re.split(r"[;:.!?—–()]+(?:\s|$)|:\s*", narration):
        # a comma inside a number ("$40,000", "18,000") is part of the number, not a list
        parts = [p.strip() for p in re.split(r"(?<!\d),|,(?!\d{3}(?!\d))", segment) if p.strip()]
        if len(parts) < 2:
            continue
        last = re.split(r"^(?:and|or)\s+|\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)", parts[-1])
        if len(last) != 2:
            continue
        items = [*parts[:-1], *[x for x in last if x]] if last[0] else [*parts[:-1], last[1]]
        # "…cost £65 each, about £42,250 in total, and the rest went on shelving, labels and…": the series starts
        # after the last clause a conjunction opens ("and the rest went on", "counting flour, energy and labour")
        if any(_EN_RELATIVE_LEAD.match(p) for p in items[1:]):
            continue  # "…£15,000 a year, which covers water, fencing and skip hire": what a figure pays for, not a list
        lead = [k for k, p in enumerate(items[:-2]) if k and _EN_SERIES_LEAD.match(p)]
        if lead and any(re.search(r"\d", p) for p in items[:lead[-1]]):
            continue  # the figures before it are what the sentence says; the series only qualifies them
        if lead:
            items = [_EN_SERIES_LEAD.sub("", items[lead[-1]]), *items[lead[-1] + 1:]]
        if len(items) < 3:
            continue
        heads = {i.split()[0].lower() for i in items[1:]}
        if heads & _EN_PREPOSITIONS and len(heads) > 1:
            continue  # "about the size of a dollhouse, with a glass door and…": modifiers, not a list
        others = [len(EN_WORD.findall(i)) for i in items[1:]]
        words = EN_WORD.findall(items[0])
        if len(words) > max(others) + 1:  # the first item is the end of a lead-in: keep the words after its
            toks = list(EN_WORD.finditer(items[0]))  # last function word
            cuts = [k for k in range(1, len(toks)) if toks[k - 1].group().lower() in EN_STOPWORDS
                    and len(toks) - k <= max(others) + 1]
            joined = [k for k in cuts if toks[k - 1].group().lower() in ("and", "or")]
            if not cuts:
                continue
            if cuts != joined:  # "arterial roads and | bus routes first": an "and" inside one item is no lead-in
                items[0] = items[0][toks[next(k for k in cuts if k not in joined)].start():]
        if sum(bool(re.search(r"\d", i)) for i in items) >= 2:
            continue  # "£2,500 on insurance, £1,200 on cleaning": figures glued to items, bars or nothing
        if any(re.search(r"\d\s*%|\d\s*per\s*cent|\bhalf\s+of\b|\b(?:third|quarter|fifth)s?\s+of\b", i) for i in items):
            continue  # "54% of pupils walked, cycled or scooted": a share is a clause's subject, its verbs no list
        if any(w.lower() in _EN_FINITE for i in items for w in EN_WORD.findall(i)):
            continue  # "Until recently, most old blades were cut up and buried": clauses and verbs, not things
        items = [shorten(i, "en") for i in items]
        if all(items):
            return ListVisual(items=items[:6])
    return None


_ZH_ORDINAL = re.compile(r"(?:^|(?<=[，。；！？：]))(?:首先|第一|其次|第二|再次|第三|然后|此外|最后|"
                         r"[一二三四五六七八九]是(?=[^，。；！？]))[，,、]?(?:是|就是|便是)?")
# "First, …", and lowercase inside a sentence ("three proposals: first, …; second, …; third, …")
_EN_ORDINAL = re.compile(r"(?:^|(?<=[.;:]\s))(?:(?i:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly)|Then),\s*")
_ZH_DATE_PIECE = re.compile(r"^(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|初|中旬)?$")


_EN_DATE_PIECE = re.compile(rf"(?:(?:in|by|from|since|during)\s+)?(?:(?:early|late|mid-?)\s*)?"
                            rf"(?:(?:{_EN_MONTHS})(?:\s+(?:19|20)\d{{2}})?|(?:[A-Z][a-z]+\s+)?(?:19|20)\d{{2}})")


def _ordinal_items(narration: str, language: Language) -> tuple[list[str], list[str]]:
    """The clauses a 首先/其次/最后 (First/Second/Finally) enumeration names, each its first clause of substance,
    and the date each opens with ("" where none)."""
    marks = list((_ZH_ORDINAL if language == "zh" else _EN_ORDINAL).finditer(narration))
    if len(marks) < 2 or not marks[0].group().startswith(("首先", "第一", "一是", "First", "first")):
        return [], []
    items, dates = [], []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(narration)
        body = re.split(r"[；。！？;!?]|\.(?:\s|$)", narration[m.end():end])[0]
        pieces = [p.strip() for p in re.split(r"，|(?<!\d),|,(?!\d{3}(?!\d))", body) if p.strip()]
        when = ""
        while pieces and (_ZH_DATE_PIECE.fullmatch(pieces[0]) if language == "zh" else
                          _EN_DATE_PIECE.fullmatch(pieces[0])):  # "First, in March, three shops tried…"
            when = pieces.pop(0)
        if not pieces:
            return [], []
        items.append(pieces[0])
        dates.append(when)
    return items, dates


def _ordinal_list(narration: str, language: Language) -> ListVisual | TimelineVisual | None:
    """"首先是管道老化…；其次是夜间水压过高…；最后是偷接私接…": the things named in order, as a list; stages that
    each open on a date ("首先，2024年3月，撤销…；其次，2024年9月，新开…") as a timeline."""
    items, dates = _ordinal_items(narration, language)
    if not items:
        return None
    short = [shorten(i, language, _EVENT_MAX[language] if all(dates) else None) for i in items]
    if not all(short):
        return None
    if all(dates) and len(set(dates)) == len(dates):
        return TimelineVisual(events=[TimelineEvent(when=d, what=w) for d, w in zip(dates, short, strict=True)][:6])
    return ListVisual(items=short[:6])


def opens_item(sentence: str, language: Language) -> bool:
    """The sentence opens on an ordinal mark (其次, 二是, "second,"): an item of an enumeration, even when it is
    a paragraph of its own (a Markdown list's item)."""
    m = (_ZH_ORDINAL if language == "zh" else _EN_ORDINAL).match(sentence.lstrip())
    return m is not None and m.start() == 0


def enumeration(sentence: str, language: Language) -> ListVisual | TimelineVisual | None:
    """The ordinal enumeration a sentence makes (首先/其次/最后, 一是/二是/三是, First/Second/Finally), or the list
    a count announces ("three changes: …", 三项延伸服务：…), or None."""
    return _ordinal_list(sentence, language) or announced_list(sentence, language, LIST_MAX)


def _list(narration: str, language: Language) -> ListVisual | None:
    return announced_list(narration, language, LIST_MAX) or (
        _list_zh(narration) if language == "zh" else _list_en(narration))


# --- timelines -----------------------------------------------------------------------------------------------------

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_EN_DATED = re.compile(rf"^\W*(?:(?:in|by|on|since)\s+)?(?P<when>(?:(?:early|late|mid-?)\s*)?(?:(?:{_MONTHS})\.?\s+"
                       rf"(?:\d{{1,2}},?\s+)?)?(?:19|20)\d{{2}})(?:\s*[:,–—-]\s*|\s+)(?P<what>.+)$",
                       re.IGNORECASE)
_ZH_DATED = re.compile(r"^\W*(?:在|到|截至)?(?P<when>(?:19|20)\d{2}年"
                       r"(?:\d{1,2}月(?:\d{1,2}日)?|底|初|年底|年初|上半年|下半年)?|\d{1,2}月\d{1,2}日)(?:[：:，,]\s*|(?=[\u4e00-\u9fff]))(?P<what>.+)$")
_EVENT_MAX = {"zh": 18, "en": 10}


def dated_event(sentence: str, language: Language) -> TimelineEvent | None:
    """A sentence that opens on a date ("2020年9月：县里开通…", "In 2019, a petition…", "October 2022: …") is an
    event: the date as written and what happened, its first clause shortened to a whole phrase."""
    m = (_ZH_DATED if language == "zh" else _EN_DATED).match(sentence.strip())
    if not m:
        return None
    first = re.split(r"[，。；！？,;.!?](?:\s|$)|[，。；！？]", m.group("what").strip(), maxsplit=1)[0].strip()
    what = shorten(first, language, _EVENT_MAX[language])
    return TimelineEvent(when=m.group("when"), what=what) if what and len(first) >= 2 else None


def _timeline(narration: str, language: Language) -> TimelineVisual | None:
    """Two or more dated events said in a row: a timeline."""
    events = [e for e in (dated_event(x, language) for x in _sentences(narration, language)) if e]
    if len(events) >= 2 and len({e.when for e in events}) == len(events):
        return TimelineVisual(events=events[:6])
    return None


def _sentences(text: str, language: Language) -> list[str]:
    parts = re.split(r"(?<=[。！？；])" if language == "zh" else
                     r"(?<!\b(?:Dr|Mr|Ms|St)\.)(?<!\b(?:Mrs|Sen|Rep|Gen|Col)\.)(?<!\bProf\.)(?<=[.!?;])\s+(?=\S)", text)
    return [p for p in parts if p.strip()]


# --- quotes --------------------------------------------------------------------------------------------------------

# A title's full stop ("Dr. Hamid Rasuli") neither ends the sentence nor the name.
_EN_TITLES = r"(?:Dr|Prof|Mr|Mrs|Ms|St|Sen|Rep|Gen|Col|Capt|Sgt|Rev)\."
_TITLE_END = re.compile(rf"\b{_EN_TITLES}$")
_EN_NAME = rf"(?P<name>(?:{_EN_TITLES}\s+)?[A-Z][\w'’-]+(?:\s+(?:de|van|von|da|di|[A-Z][\w'’-]+)){{0,3}})"
# "Derek Hale, said", "Hale, the society's chairman, said": a name set off by commas, a title after it
_EN_APPOSITIVE = r"(?:,\s+(?:(?:the|its|their|a|an)\s+)?[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,4},|,)?"
_EN_SPEAKER = [
    # "…," said Maria Okafor; "…," said programme manager Aisha Khan (a title in lower case before the name)
    re.compile(rf"^\W*(?:said|says|told \w+|explained|added|wrote)\s+(?:(?:the\s+)?(?:[a-z]+\s+){{1,3}}?)?{_EN_NAME}"),
    re.compile(rf"^\W*{_EN_NAME}\s+(?:said|says|told|explained|added|wrote)\b"),  # "…," Becker says
    re.compile(rf"\baccording to\s+{_EN_NAME}"),  # according to Maria Okafor
    # Okafor said, "…"; "Its chairman, Derek Hale, said …": a name set off by commas is still the speaker's
    re.compile(rf"{_EN_NAME}{_EN_APPOSITIVE}\s+(?:said|says|told \w+|explained|added|wrote)(?:\s+that)?\W*$"),
    # Barrett said the balance was improving: "…" (what they said in short, then their words)
    re.compile(rf"{_EN_NAME}{_EN_APPOSITIVE}\s+(?:said|says|told \w+|explained|added|wrote)\s+[a-z][^\"“”.!?:]{{0,100}}"
               rf":\s*\W?$"),
]
_EN_NOT_NAMES = {"The", "A", "An", "This", "That", "These", "Those", "He", "She", "They", "It", "We", "I", "You",
                 "But", "And", "In", "On", "At", "As"}
# "…马文涛在接受采访时说", "…王丽在会上表示": the occasion between the speaker and the verb is not the speaker
_ZH_SPEAKER_AFTER = re.compile(r"^[”」\"]?[，,]?(?P<who>[^，。！？；“”「」\"]{2,16}?)"
                               r"(?:在[^，。！？；“”「」\"]{1,10}?(?:时|上|中))?(?:说|表示|称|介绍|指出|认为)")
_ZH_SPEAKER_BEFORE = re.compile(r"(?P<who>[^，。！？；“”「」\"]{2,16}?)(?:说|表示|称|介绍|指出|认为|写道)[：:，,]?$")
_ZH_SURNAMES = frozenset("李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
                         "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
                         "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_ZH_PRONOUNS = ("他", "她", "它", "他们", "她们", "我", "我们", "对方")


def _speaker_en(before: str, after: str) -> str:
    for pattern, text in ((_EN_SPEAKER[0], after), (_EN_SPEAKER[1], after), (_EN_SPEAKER[2], after),
                          (_EN_SPEAKER[2], before), (_EN_SPEAKER[3], before), (_EN_SPEAKER[4], before)):
        m = pattern.search(text)
        if m and m.group("name").split()[0] not in _EN_NOT_NAMES:
            return m.group("name")
    return ""


def _speaker_zh(before: str, after: str) -> str:
    import jieba.posseg

    for m in (_ZH_SPEAKER_AFTER.match(after), _ZH_SPEAKER_BEFORE.search(before)):
        if m and m.group("who") not in _ZH_PRONOUNS:
            who = m.group("who").lstrip("的地得之")
            toks = jieba.posseg.lcut(who)
            names = [(k, p.word) for k, p in enumerate(toks) if p.flag in ("nr", "nrfg", "nrt")]
            if not names and len(toks) >= 2 and toks[-2].word in _ZH_SURNAMES and 1 <= len(toks[-1].word) <= 2 \
                    and cjk_count(toks[-1].word) == len(toks[-1].word):
                names = [(len(toks) - 2, toks[-2].word)]  # "村民张|立新": a name jieba does not know
            # the person's name where the attribution gives one ("村支书王建国指着自家屋顶" → "王建国"), else the
            # attribution as written when it is a noun phrase ("市消防救援支队的一位负责人")
            if names:
                k, name = names[-1]
                if len(name) == 1 and k + 1 < len(toks) and 1 <= len(toks[k + 1].word) <= 2 and \
                        all("\u4e00" <= c <= "\u9fff" for c in toks[k + 1].word):
                    name += toks[k + 1].word  # a surname jieba cut from its given name (周|立新)
                elif len(name) <= 2 and k and toks[k - 1].word in _ZH_SURNAMES:
                    name = toks[k - 1].word + name  # 李|红梅
                return name
            tags = jieba.posseg.lcut(who)
            if tags and tags[-1].flag.startswith("n") and not any(p.flag == "v" for p in tags):
                return who
    return ""


def _speaker(text: str, start: int, end: int, language: Language) -> str:
    """Who says the quote at text[start:end]: an attribution in its own sentence (before or after the quote)."""
    if language == "zh":
        sent_start = max(text.rfind(c, 0, start) for c in "。！？\n") + 1
        stop = [i for i in (text.find(c, end + 1) for c in "。！？\n“") if i >= 0]
        return _speaker_zh(text[sent_start:start], text[end:min(stop, default=len(text))])
    sent_start = max(text.rfind(c, 0, start) for c in ".!?\n\"“”") + 1 if start else 0
    stops = (m.start() for m in re.finditer(r"[.!?\n\"“]", text) if m.start() > end)
    stop = next((k for k in stops if not _TITLE_END.search(text[:k + 1])), len(text))  # "Dr." goes on
    return _speaker_en(text[sent_start:start], text[end:stop])


def _quote(narration: str, language: Language, article_text: str = "") -> QuoteVisual | None:
    """A quotation and its speaker: from the attribution in the narration ("said Maria Okafor", "王建国说"), else
    from the article, in the quote's own sentence or, for a quote that continues one, the paragraph's speaker."""
    m = max(_QUOTE.finditer(narration), key=lambda q: len(q.group("text")), default=None)  # not a quoted term
    if not m or len(m.group("text")) > _QUOTE_MAX[language]:
        return None
    text = m.group("text").strip("，。,. ")
    speaker = _speaker(narration, m.start(), m.end(), language)
    at = article_text.find(m.group("text"))
    if not speaker and at >= 0:
        speaker = _speaker(article_text, at - 1, at + len(m.group("text")) + 1, language)
        if not speaker:  # a quote that continues one: the last speaker named earlier in its paragraph
            para = article_text[article_text.rfind("\n", 0, at) + 1:at]
            for q in _QUOTE.finditer(para):
                speaker = _speaker(para, q.start(), q.end(), language) or speaker
        speaker = speaker or _pronoun_speaker(article_text, at, language)
    said = (_ZH_SAY if language == "zh" else _EN_SAY).search(narration)
    alone = len(re.sub(r"\W", "", narration)) <= len(re.sub(r"\W", "", m.group("text"))) + 2
    if not speaker and not said and not alone:  # a shot that says only the quote (a sign's words) shows it
        return None
    if not speaker and not alone and _scare_quote(narration, m, language):
        return None
    return QuoteVisual(text=text, speaker=speaker)


_ZH_PRONOUN_SAYS = re.compile(r"^[”」\"]?[，,]?(?:他|她)[\u4e00-\u9fff]{0,3}?(?:说|表示|道)")
_EN_PRONOUN_SAYS = re.compile(r"^\W*(?:(?:he|she)\s+(?:said|says|added|explained)|(?:said|says|added)\s+(?:he|she)\b)",
                              re.IGNORECASE)
_ZH_NAMED_SAYS = re.compile(r"[^，。！？；“”「」\"]{2,16}?(?:说|表示|称|介绍|指出|认为)")


def _pronoun_speaker(article_text: str, at: int, language: Language) -> str:
    """"“夜市要热闹…。”他说。", '"…," she said.': the pronoun stands for the person named with a say-verb earlier in
    the paragraph ("街道办主任刘志强表示，…"); none when the paragraph names no one, or two different people."""
    close = min((i for i in (article_text.find(c, at) for c in "”」\"") if i >= 0), default=-1)
    if at < 0 or close < 0:
        return ""
    after = article_text[close:close + 30]
    if not (_ZH_PRONOUN_SAYS if language == "zh" else _EN_PRONOUN_SAYS).match(after):
        return ""
    para = article_text[article_text.rfind("\n", 0, at) + 1:at - 1]
    if language == "zh":
        named = [_speaker_zh(m.group(0), "") for m in _ZH_NAMED_SAYS.finditer(para)]
    else:
        named = [_speaker_en(para[:m.end()], "") for m in re.finditer(
            r",?\s+(?:said|says|told \w+|explained|added|wrote)\b", para)]
    names = {n for n in named if n and n not in _ZH_PRONOUNS}
    return names.pop() if len(names) == 1 else ""


def _scare_quote(narration: str, m: re.Match[str], language: Language) -> bool:
    """认为“影响休息”的占17%, 'residents called the noise "unbearable" at night': a few quoted words inside a
    clause are a term the sentence uses, not words someone said; with no speaker they are no quote to show."""
    after = narration[m.end():m.end() + 1]
    short = cjk_count(m.group("text")) <= 8 if language == "zh" else len(EN_WORD.findall(m.group("text"))) <= 4
    return bool(re.match(r"[\w\u4e00-\u9fff]", after)) and short


_ARTICLE_QUOTE = re.compile(r"[“「\"](?P<text>[^”」\"\n]{4,600})[”」\"]")


def _locate(narration: str, article_text: str) -> tuple[int, int] | None:
    """Where the narration is told in the article (its first and last words, for a shot joined from sentences)."""
    at = article_text.find(narration)
    if at >= 0:
        return at, at + len(narration)
    head, tail = narration[:12], narration[-12:]
    a = article_text.find(head)
    b = article_text.find(tail, max(a, 0))
    return (a, b + len(tail)) if a >= 0 and b >= 0 else None


def spanning_quote(narration: str, language: Language, article_text: str) -> tuple[QuoteVisual, float] | None:
    """A quotation the shot tells only part of (it opens in an earlier shot or closes in a later one): still a quote,
    with its speaker whole: the whole quotation where it fits the screen, else the part this shot says. With the
    share of the shot's words the quotation takes."""
    where = _locate(narration.strip(), article_text)
    if where is None:
        return None
    a, b = where
    for m in _ARTICLE_QUOTE.finditer(article_text):
        if min(b, m.end()) - max(a, m.start()) < 1 or (m.start() >= a and m.end() <= b):
            continue  # not in this shot, or whole in it (the plain quote rule's)
        lo, hi = max(a, m.start("text")), min(b, m.end("text"))  # a shot of the attribution alone says none of it
        speaker = _speaker(article_text, m.start(), m.end(), language)
        if not speaker:  # a quote that continues one: the last speaker named earlier in its paragraph
            para_at = article_text.rfind("\n", 0, m.start()) + 1
            for q in _QUOTE.finditer(article_text[para_at:m.start()]):
                speaker = _speaker(article_text, para_at + q.start(), para_at + q.end(), language) or speaker
        if not speaker:
            return None
        whole = m.group("text").strip("，。,. ")
        text = whole if len(whole) <= _QUOTE_MAX[language] else article_text[lo:max(lo, hi)].strip("，。,.;；: ")
        if len(text) < 4 or len(text) > _QUOTE_MAX[language]:
            return None
        return QuoteVisual(text=text, speaker=speaker), max(0, hi - lo) / max(1, b - a)
    return None


def visual_weight(sentence: str, language: Language) -> float:
    """How much a sentence gives the screen, for choosing what to narrate: a change or comparison of figures
    most, then one figure whose measure is known, a list, a quotation."""
    # a count of some of a whole ("56 of the companies…") is drawn where it is said, but earns its sentence no
    # place: it leans on the whole said before it, and choosing it brings that lead-in along
    found = [f for f in unranged(numbers(sentence, language), sentence, language) if f.measure != "of"]
    if changes(sentence, language) or _chart(found) or _series(found) or _subject_chart(found, sentence, language) \
            or breakdown_chart(sentence, language):
        return 0.8
    if _things_side_by_side(sentence, language):
        return 0.8
    if _stat(found, sentence, language, findings=False) or _list(sentence, language) or \
            _ordinal_list(sentence, language):
        return 0.3
    return 0.15 if _QUOTE.search(sentence) else 0.0


# --- the plan --------------------------------------------------------------------------------------------------------


def plan_visual(narration: str, language: Language, article_text: str, *, title: str = "", heading: str = "",
                section: str = "", hook: str = "", image: str | None = None, prompt: str = "",
                search: list[str] | None = None, events: list[TimelineEvent] | None = None,
                compared: ChartVisual | None = None, listed: Visual | None = None) -> Visual:
    """The most informative visual the narration supports, traced to the article; else the section's heading
    (a shot that opens a section), the image, or a scene. `events` are the dated events told so far in a run of
    them that this shot continues (a timeline section told over several shots); `compared`, the chart of the named
    items this shot is one of; `listed`, the enumeration of the sentence this shot tells part of (its items are
    the list, never the count that announces them)."""
    fallback: Visual = ImageVisual(image=image) if image else SceneVisual(prompt=prompt, search=search or [])
    candidates: list[Visual | None] = []
    if title:
        candidates.append(TitleVisual(text=title, subtitle=hook))
    if heading:
        candidates.append(TitleVisual(text=heading, subtitle=hook))
    found = mark_parts(narration, numbers(narration, language), language)
    # a quotation told over two shots is a quote in each (a figure inside it is part of what is said)
    spanning = spanning_quote(narration, language, article_text)
    if spanning is not None and spanning[1] >= 0.5:
        candidates.append(spanning[0])
    # "人次在三百到八百之间", "房租从1500到3000元不等": a range is one stat, never its ends as bars or a change
    candidates.append(bare_range(narration, language))
    change = _change(next(iter(changes(narration, language)), None), narration, language, article_text)
    if change is not None and compared is not None and len(compared.bars) > len(change.bars) and {
            b.value for b in change.bars} <= {b.value for b in compared.bars}:
        candidates.append(compared)  # "改造前…3200人次，…升到4500人次，" | "今年5月…5100人次": the whole series
    candidates.append(change)
    # "…it expects this year's bill to fall to about £1.2 million": the old level said in the sentence before
    carried = carried_change(narration, article_text, language) if not any(c for c in candidates) else None
    candidates.append(_change(carried, "", language) if carried else None)
    all_found, found = found, unranged(found, narration, language)
    # "比去年少招了60人", "12 more than in 2020": a difference is no level, so no bar (the stat's note says it)
    found = [f for f in found if not told_difference(f.start, f.start + len(f.written) + len(f.unit), narration,
                                                     language)]
    # "设在24℃及以下的…近半数": a bound that defines a group is no value of it; the groups by their shares
    found = [f for f in found if not bounds_group(f, narration, language)]
    candidates.append(group_shares(narration, all_found, language))
    candidates.append(split_around(narration, article_text, language))  # shares or sums adding up to their whole
    candidates.append(bound_shares(narration, language))  # 24℃及以下 近半数 | 26℃或以上 五分之一: shares by bound
    # a whole with parts told as shares and as sums: every part (one told as a share would be left out below)
    candidates.append(mixed_breakdown_around(narration, article_text, language, with_share=True))
    candidates.append(parts_chart(found, narration, language))  # every part of a whole, never the whole as one
    candidates.append(mixed_breakdown_around(narration, article_text, language))  # 总花费…，菜品占七成，酒水一万五千元…
    chart, said = _chart(found), _subject_chart(found, narration, language)
    if language == "en":  # "Maple Hill led with 81% of households": the name, not the counted noun
        chart, said = named_ranks_en(chart, found, narration), named_ranks_en(said, found, narration)
    # bars by each clause's subject over bars by label where they are as many: "普通稻田每亩纯收入约900元，稻蟹田约
    # 3200元" compares 普通稻田 and 稻蟹田, not 纯收入 (the measure, the chart's title) and 稻蟹田
    own = said if said and (not chart or len(said.bars) >= len(chart.bars)) else chart
    if compared is not None and len(compared.bars) > (len(own.bars) if own else 0):
        candidates.append(compared)  # the whole comparison this shot tells part of, not its part alone
    candidates.append(told_parts(narration, language))  # parts told clause by clause
    candidates.append(placed_ranking(narration, language, article_text))  # 西关街道以186件居首，北门街道143件次之
    candidates.append(respectively(narration, language))  # 东城、西城、南城分别为120件、90件和60件
    # "X draws 40 watts, compared with 110 watts for the old Y": the two things, whatever the figures' labels say
    candidates.append(thing_against_thing_en(narration) if language == "en" else None)
    # "3,180 potholes, compared with 2,240 over the same period last year": one measure, each bar labelled by the
    # time or place said beside its figure, over bars labelled by whatever noun stands before each
    # "前年每公斤0.8元；今年只给0.3元到0.5元": the range is one side, as written, against the single value, and
    # never one end of it drawn as if the article gave it as the value
    ranged = any(_range_span(f, narration, language) for f in all_found)
    candidates.append(range_against(narration, language, article_text, _range_span) if ranged
                      else told_against(narration, language, article_text))
    candidates.append(worded_change(narration, language))  # 从每周一次提高到每周两次: counts said in words
    candidates.append(need_against(narration, language))  # 每天需要20名，目前只有12名: a level against its need
    candidates.append(multiple_stat(narration, language))  # "twice what it was three years ago": never a level
    candidates.append(rate_against(narration, language))  # 每名教练要带三十五个学员，而三年前只需带二十人
    unlike = unlike_periods(narration, language)  # 去年全年 against 今年1到10月 labelled 今年: no bars by year
    candidates.append(None if unlike else own)
    candidates.append(_things_side_by_side(narration, language))
    candidates.append(breakdown_chart(narration, language))
    candidates.append(None if unlike else _series(found))
    ordinal = _ordinal_list(narration, language)  # stages or causes in order say more than their counts
    whole = listed is not None and (ordinal is None or len(getattr(listed, "items", None) or getattr(
        listed, "events", [])) > len(getattr(ordinal, "items", None) or getattr(ordinal, "events", [])))
    candidates.extend([listed, ordinal] if whole else [ordinal, listed])  # the whole enumeration, not its part
    candidates.append(_side_by_side(found))
    candidates.append(counts_against(found, narration, language))  # 私家车600辆，车位却只有420个
    candidates.append(item_and_sum_en(found, narration) if language == "en" else None)
    candidates.append(said)
    candidates.append(_named_bars(found, narration, language))
    candidates.append(compared)
    candidates.append(_timeline(narration, language))
    if events and len(events) >= 2:
        candidates.append(TimelineVisual(events=events[-6:]))
    candidates.append(_list(narration, language))
    candidates.append(_quote(narration, language, article_text))
    candidates.append(spanning[0] if spanning is not None else None)
    candidates.append(replaced_stat(narration, language))  # "$65.40 instead of $60": the new value, never the old
    candidates.append(rank_order_around(narration, article_text, language))  # 排第二，仅次于X: places, in order
    candidates.append(_stat(all_found, narration, language))
    if section and not image:
        candidates.append(TitleVisual(text=section, subtitle=hook))
    for c in candidates:
        # "officers 95 | figure 38" told before and now: bars told apart by time are labelled by their times
        c = time_sided(c, narration, language) if isinstance(c, ChartVisual) else c
        if isinstance(c, ChartVisual) and bars_are_bounds(c, narration, language):
            continue  # 24 against 26 where the article says 24℃及以下 and 26℃或以上: conditions, not levels
        if c is not None and traceable(c, article_text):
            return c
    return fallback


KINDS_FROM_WORDS = ("chart", "stat", "list", "quote", "title", "scene")


def visual_of_kind(kind: str, narration: str, language: Language, *, key_phrase: str = "", prompt: str = "",
                   search: list[str] | None = None) -> Visual | None:
    """A visual of the kind a reviewer asked for, drawn from the shot's own words; None when they do not hold
    one (no numbers for a chart, no quote marks for a quote): nothing is invented to fill the kind."""
    found = numbers(narration, language)
    if kind == "chart":
        change = next(iter(changes(narration, language)), None)
        return _change(change, narration, language) or _chart(found) or _series(found)
    if kind == "stat":
        return _stat(found, narration, language)
    if kind == "list":
        return _list(narration, language)
    if kind == "quote":
        return _quote(narration, language)
    if kind == "title":
        return TitleVisual(text=key_phrase or narration[:24])
    if kind == "scene":
        return SceneVisual(prompt=prompt, search=search or [])
    return None
