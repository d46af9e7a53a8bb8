"""Figures of one measure told against each other, drawn as bars labelled by what tells them apart.

"crews filled 3,180 potholes, compared with 2,240 over the same period last year", "共有五千四百名学生报名，比去年的
两千六百人多", "开通第一个月日均客流约一千一百人次，今年八月已达到两千三百人次", "outside the Carver Street bus stop
measured 51°C. …of Linden Avenue, it was 34°C": two or more levels of one measure (人, 人次 and 名 are one: people)
whose sides (a time, a place, before/after) are each said or implied beside them. A figure without a side, or two
with the same one, makes no bars: an unlabelled bar says nothing true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers
from storyboard.present_side import present_side_en
from storyboard.sides import counterpart, people_measure, place_en, place_zh, time_en, time_spans, time_zh
from storyboard.stat_note import told_difference
from storyboard.time_rank import in_time_order

__all__ = ["against_runs", "side_labels", "told_across", "told_against", "unlike_periods"]

_EN_AGAINST = re.compile(r",?\s+(?:compared\s+(?:with|to)|against|versus|vs\.?|as\s+against|up\s+from|down\s+from"
                         r"|and|but|while|whereas)\s+"
                         r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|just\s+|only\s+|almost\s+)?"
                         r"(?P<num>[$€£¥]?\d[\d,]*(?:\.\d+)?)(?:\s+(?P<mag>million|billion|thousand))?", re.IGNORECASE)
_EN_MAG = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
_STOPS = {"en": ".;!?\n", "zh": "。；！？\n"}
_CLAUSE = {"en": ",.;!?\n", "zh": "，。；！？,\n"}


def _elided_en(narration: str, found: list[Figure]) -> list[Figure]:
    """"3,180 potholes…, compared with 2,240": the later figure said without the unit it shares with the one
    before, which `numbers` leaves out, in that figure's unit (and the one before, where `numbers` has none)."""
    out = []
    for m in _EN_AGAINST.finditer(narration):
        if any(f.start == m.start("num") for f in found):
            continue
        sentence = max(narration.rfind(c, 0, m.start()) for c in ".;!?\n") + 1
        a = max((f for f in found if sentence <= f.start < m.start()), key=lambda f: f.start, default=None)
        bare = _bare_en(narration, sentence, m.start()) if a is None else None
        a = a or bare
        if a is None or (m.group("mag") or "") != (a.unit if a.unit in _EN_MAG else ""):
            continue
        cur = m.group("num")[0] if m.group("num")[0] in "$€£¥" else ""
        if cur != (a.written[0] if a.written[0] in "$€£¥" else ""):
            continue
        value = float(m.group("num").lstrip("$€£¥").replace(",", ""))
        out.extend([bare] if bare else [])
        out.append(a._replace(written=m.group("num"), value=value, scale=value * _EN_MAG.get(a.unit, 1.0),
                              label="", when="", start=m.start("num"), change="", part=False, each=""))
    return out + _next_sentence_en(narration, sorted(found + out, key=lambda f: f.start))


_EN_BARE_LEVEL = re.compile(r"(?<![\d,.$€£¥])(?P<num>\d[\d,]*(?:\.\d+)?)"
                            r"(?=\s*(?:[.;]|,\s|$|\s+(?:this|last|in|a|the)\b))")


def _next_sentence_en(narration: str, found: list[Figure]) -> list[Figure]:
    """"In 2020 the shelter took in 340 dogs. Last year it took in 510.": a bare number in a later sentence is the
    same count again, in the unit of the counted figure before it."""
    out = []
    for m in _EN_BARE_LEVEL.finditer(narration):
        if any(f.start == m.start() for f in found) or re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue
        before = max((f for f in found if f.start < m.start()), key=lambda f: f.start, default=None)
        if before is None or not before.counted or not re.search(r"[.;]\s", narration[before.start:m.start()]):
            continue
        value = float(m.group("num").replace(",", ""))
        out.append(before._replace(written=m.group("num"), value=value, scale=value, label="", when="",
                                   start=m.start(), change="", part=False, each=""))
    return out


_EN_BARE = re.compile(r"(?P<num>[$€£¥]?\d[\d,]*(?:\.\d+)?)(?:\s+(?P<mag>million|billion|thousand))?"
                      r"(?:\s+(?P<unit>(?!this\b|last\b|that\b|the\b|a\b|an\b|in\b|on\b|at\b|per\b|over\b|from\b)"
                      r"[a-z][\w-]*))?")


def _bare_en(narration: str, begin: int, end: int) -> Figure | None:
    """"Ticket sales reached 18,000 this season, up from…", "borrowed 7,300 e-books, versus…": the figure a
    comparison starts from where `numbers` reads none, with the noun after it as its unit."""
    m = next(reversed(list(_EN_BARE.finditer(narration, begin, end))), None)
    if m is None or re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
        return None
    value = float(m.group("num").lstrip("$€£¥").replace(",", ""))
    mag, unit = m.group("mag") or "", m.group("unit") or ""
    cur = m.group("num")[0] if m.group("num")[0] in "$€£¥" else ""
    return Figure(m.group("num"), value, mag or unit, "", False, cur or unit, value * _EN_MAG.get(mag, 1.0), "",
                  bool(unit), m.start())


def _context(narration: str, f: Figure, found: list[Figure], language: Language) -> tuple[str, str, str]:
    """The words before a figure in its clause, after it (to its clause's end or the next figure), and before it
    back to its sentence's start (never past the figure before)."""
    stop, clause = _STOPS[language], _CLAUSE[language]
    prior = [g.start + len(g.written) for g in found if g.start < f.start]
    begin = max([narration.rfind(c, 0, f.start) + 1 for c in stop] + prior)
    clause_begin = max([narration.rfind(c, 0, f.start) + 1 for c in clause] + prior)
    end_at = f.start + len(f.written)
    ends = [i for i in (narration.find(c, end_at) for c in clause) if i >= 0]
    ends += [g.start for g in found if g.start > f.start]
    return (narration[clause_begin:f.start], narration[end_at:min(ends, default=len(narration))],
            narration[begin:f.start])


def _side(ctx: tuple[str, str, str], language: Language, kind: str) -> str:
    """A figure's time or place: said in its own clause first, else earlier in its sentence ("改造前，这条街…30起")."""
    before, after, sentence = ctx
    if language == "zh":
        if kind == "time":
            return time_zh(before) or time_zh(after) or time_zh(sentence)
        return place_zh(before) or place_zh(sentence)
    if kind == "time":
        return time_en(after) or time_en(before) or time_en(sentence)
    return place_en(after) or place_en(before) or place_en(sentence)


def _display(label: str, language: Language) -> str:
    """English time labels start with a capital ("Last year", "2022"), so a pair reads alike."""
    return label[:1].upper() + label[1:] if language == "en" else label


# an implied side needs the sentence to set the two against each other ("up from", "compared with", 比去年的)
_CONTRAST = {"en": re.compile(r"\b(?:compared|against|versus|vs|up\s+from|down\s+from|from|than)\b", re.I),
             "zh": re.compile(r"比|较|相比|同比|从|增至|增加到|达到|降至|减少到|升至|涨到|降到")}
# one item's figure ("平均每村11场", "38 kg per shop") is no rival to a total; a rate in time (每天) is no item
_AVERAGE = {"en": re.compile(r"\b(?:each|every|per)\s+(?!day|week|month|year|hour|night|evening)[a-z]+", re.I),
            "zh": re.compile(r"每(?![天日年月周晚小时])|场均|人均|户均|村均")}


# a part of a period ("国庆七天", "前十个月", "in March") against a whole one is no like-for-like pair, unless the
# other says it is the same part ("去年同期", "the same period last year")
_SUBPERIOD = {"zh": re.compile(r"国庆|春节|五一|暑假|寒假|假期|黄金周|季度|半年"
                               r"|[一二三四五六七八九十\d两]+(?:天|日|周|个月)|[一二三四五六七八九十\d]{1,2}月"),
              "en": re.compile(r"\b(?:january|february|march|april|june|july|august|september|october|november|"
                               r"december|weekend|quarter|half|first\s+\w+\s+months?)\b", re.I)}
_SAME = {"zh": re.compile(r"同期"), "en": re.compile(r"\bsame\b", re.I)}
# a rate in time said beside each figure ("每月收入3000元" against "每天能赚300元", "a week" against "a month")
_RATE = {"zh": re.compile(r"每(?P<r>天|日|月|年|周|小时|晚)|(?P<a>[日月年周])均"),
         "en": re.compile(r"\b(?:a|an|per|each|every)\s+(?P<r>day|week|month|year|hour|night)\b", re.I)}


def _one_rate(ctx: list[tuple[str, str, str]], language: Language) -> bool:
    """No two figures said per different times; a rate said once holds for both."""
    rates = set()
    for c in ctx:
        m = _RATE[language].search(c[0] + c[1]) or _RATE[language].search(c[2] + c[1])
        if m:
            rates.add((m.group("r") or m.group("a") if language == "zh" else m.group("r")).lower().replace("日", "天"))
    return len(rates) <= 1


def _like_for_like(ctx: list[tuple[str, str, str]], sides: list[str], language: Language, *, timed: bool) -> bool:
    """Figures of like periods: a part of a period its label does not name ("今年1到10月" labelled 今年) is set
    against a whole one only where the other says it is the same part ("去年同期")."""
    said = [(c[2] + c[1]).replace(side, "") if side else c[2] + c[1] for c, side in zip(ctx, sides, strict=True)]
    if not timed:
        return True
    parts = [bool(_SUBPERIOD[language].search(t)) for t in said]
    return all(parts) or not any(parts) or all(p or _SAME[language].search(t) for p, t in zip(parts, said,
                                                                                                strict=True))


def side_labels(figs: list[Figure], narration: str, found: list[Figure], language: Language,
                article_text: str) -> list[str] | None:
    """Each figure's side, one kind for all (every figure's place, else every figure's time), distinct; a single
    said time for two figures stands against its counterpart (last year / this year, 去年 / 今年). None where any
    figure is left without one."""
    ctx = [_context(narration, f, found, language) for f in figs]
    for kind in ("place", "time"):
        sides = [_side(c, language, kind) for c in ctx]
        if any(sides) and not (_like_for_like(ctx, sides, language, timed=kind == "time") and _one_rate(ctx, language)):
            return None
        if all(sides) and len({s.lower() for s in sides}) == len(sides):
            return [_display(s, language) if kind == "time" else s for s in sides]
        if kind == "time" and len(figs) == 2 and sum(bool(s) for s in sides) == 1 and _CONTRAST[language].search(
                narration[min(f.start + len(f.written) for f in figs):max(f.start for f in figs)]):
            said = next(s for s in sides if s)
            other = counterpart(said, language, article_text)
            if not other and language == "en":  # "has reached 19 weeks, compared with 9 weeks in 2019": now
                other = present_side_en(said, next(c[2] for c, s in zip(ctx, sides, strict=True) if not s),
                                        article_text)
            if other:
                return [_display(s or other, language) for s in sides]
    return None


_EN_EARLIER = re.compile(r"^(?:last|the\s+previous|(?:a|one|two|three|four|five|ten)\s+\w+\s+(?:earlier|ago|before)"
                         r"|the\s+\w+\s+before|before\b|old\b|previous|previously|at\s+(?:the\s+start|first))", re.I)
_ZH_EARLIER = re.compile(r"^(?:去年|前年|上个?月|上周|最初|起初|当初|以前|过去|此前|开通(?:第一个月|之初|初期)"
                         r"|.{2}之?前$|.{2}之初$|.{0,2}(?:第一|首))")


_EN_LATER = re.compile(r"^(?:this|now|today|after)\b", re.I)
_ZH_LATER = re.compile(r"^(?:今年|本月|这个月|本周|现在|目前|如今|.{2}之?后$)")


def _earlier(label: str, language: Language) -> bool:
    return bool((_ZH_EARLIER if language == "zh" else _EN_EARLIER).match(label))


def _later(label: str, language: Language) -> bool:
    return bool((_ZH_LATER if language == "zh" else _EN_LATER).match(label))


def _earlier_first(pairs: list[tuple[Figure, str]], language: Language) -> list[tuple[Figure, str]]:
    """A pair told "now against then" is drawn then → now, as time runs; years in their order."""
    labels = [lab for _, lab in pairs]
    order = in_time_order(labels, language)  # 去年…比前年…: 前年 first, whichever the sentence said first
    if order is not None:
        return [pairs[k] for k in order]
    if all(re.match(r"(?:19|20)\d\d", lab) for lab in labels):
        return sorted(pairs, key=lambda p: p[1])
    if len(pairs) == 2 and _later(labels[0], language) and (
            _earlier(labels[1], language) or re.match(r"(?:19|20)\d\d", labels[1])):
        return [pairs[1], pairs[0]]
    return pairs


def told_against(narration: str, language: Language, article_text: str = "",
                 figures: list[Figure] | None = None) -> ChartVisual | None:
    """Bars for the two figures of one measure that the narration tells against each other, each labelled by its side
    (three or more are a series or stages, told by other rules);
    None where they are not one measure or any lacks a side. `figures`: the narration's figures where the caller
    has joined some (a range as one figure), else its numbers."""
    article_text = article_text or narration
    found = [f for f in (numbers(narration, language) if figures is None else figures) if not f.part
             and f.unit != "倍" and not (re.fullmatch(r"(?:19|20)\d\d", f.written) and f.unit in ("", "年"))
             and not told_difference(f.start, f.start + len(f.written) + len(f.unit), narration, language)]
    spans = time_spans(narration, language)
    found = [f for f in found if not any(a <= f.start < b for a, b in spans)]
    if language == "en":
        found = sorted(found + _elided_en(narration, found), key=lambda f: f.start)
    groups: dict[str, list[Figure]] = {}
    for f in found:
        groups.setdefault(people_measure(f.measure), []).append(f)
    for figs in groups.values():  # a rate said once holds for the figures after it (日均客流1100人次，今年2300人次)
        averaged = [bool(_AVERAGE[language].search(_context(narration, f, found, language)[2])) for f in figs]
        named = {f.label for f in figs if f.counted and f.label}  # 27条线路 against 12条“干线快巴”: two things
        if any(f.change for f in figs) or len(named) > 1:  # a change among them ("新增35条") is stages, not sides
            continue
        eaches, rates = {f.each for f in figs}, {f.per.removesuffix("均") for f in figs} - {""}
        if (any(averaged) and not all(averaged)) or len(rates) > 1 or len(figs) != 2 or (
                len(eaches) > 1 and "item" in eaches):
            continue
        labels = side_labels(figs, narration, found, language, article_text)
        if labels is None:
            continue
        pairs = _earlier_first(list(zip(figs, labels, strict=True)), language)
        one_unit = len({f.unit for f in figs}) == 1  # else each value in its own words (两千六百人 against 五千四百名)
        unit = figs[0].unit if one_unit else ""
        bars = [Bar(label=lab, value=f.written if one_unit else f.written + f.unit, number=f.scale)
                for f, lab in pairs]
        # what the first-told figure measures, unless it only names one side ("playground at Riverside School")
        title = figs[0].label if not any(lab in figs[0].label or figs[0].label in lab for lab in labels) else ""
        return ChartVisual(unit=unit, bars=bars, title=title)
    return None


def told_across(first: str, second: str, language: Language, article_text: str = "") -> ChartVisual | None:
    """"…outside the Carver Street bus stop measured 51°C. A few hundred metres away, …of Linden Avenue, it was
    34°C": a comparison told over two neighbouring sentences, each holding one side of it; None where either
    sentence alone makes it or holds none of its figures."""
    joined = first + ("" if language == "zh" else " ") + second
    chart = told_against(joined, language, article_text)
    if chart is None or told_against(first, language, article_text) or told_against(second, language, article_text):
        return None
    said_first = [b for b in chart.bars if b.value in first]
    if not said_first or not any(b.value in second for b in chart.bars if b not in said_first):
        return None
    return chart.model_copy(update={"title": ""})  # each sentence names its own subject: neither titles both


class _Told(Protocol):
    index: int
    paragraph: int
    text: str


def against_runs(chosen: Sequence[_Told], language: Language, article_text: str) -> dict[int, ChartVisual]:
    """For each of two neighbouring narrated sentences of a paragraph that tell one comparison between them, that
    comparison: the shot saying either half shows both sides."""
    out: dict[int, ChartVisual] = {}
    for a, b in zip(chosen, chosen[1:], strict=False):
        if b.index == a.index + 1 and b.paragraph == a.paragraph and a.index not in out:
            chart = told_across(a.text, b.text, language, article_text)
            if chart is not None:
                out.update({a.index: chart, b.index: chart})
    return out


def unlike_periods(narration: str, language: Language) -> bool:
    """Two figures of one measure, each with its time, that are no like-for-like pair ("去年一共127起，今年1到10月
    19起" labelled 去年 / 今年): bars by time would mislead, so none are drawn by their times."""
    spans = time_spans(narration, language)
    found = [f for f in numbers(narration, language) if not f.part and not f.change
             and not any(a <= f.start < b for a, b in spans)]
    groups: dict[str, list[Figure]] = {}
    for f in found:
        groups.setdefault(people_measure(f.measure), []).append(f)
    for figs in groups.values():
        ctx = [_context(narration, f, found, language) for f in figs]
        sides = [_side(c, language, "time") for c in ctx]
        timed = [(c, side) for c, side in zip(ctx, sides, strict=True) if side]
        if len(timed) >= 2 and not _like_for_like([c for c, _ in timed], [side for _, side in timed], language,
                                                  timed=True):
            return True
    return False
