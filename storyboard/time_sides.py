"""Bars told apart by time are labelled by their times. "Before it started, officers took about 95 minutes…; the
figure is now 38 minutes" drawn as "officers 95 | figure 38" names neither side ("figure" is the measure said
again, not a thing); "今年前九个月，…报案有7起，去年同期是10起" drawn as "社区老人遭遇电信诈骗 7 | 去年同期 10" sets a
time against a thing. Where each bar's figure has its own time said before it (since the figure before) or right
after it, the bars take those times; where one bar is labelled by a time and another's time cannot be read, the
chart is dropped: a misleading label is worse than no chart."""

from __future__ import annotations

import re

from reelflow.models import ChartVisual, Language
from storyboard.need_against import names_need
from storyboard.sides import time_en, time_zh

__all__ = ["time_sided"]

# "before it started", "before the scheme began", "since it opened": the time of a change said by its event
_EN_EVENT_TIME = re.compile(r"\b(?P<t>(?:before|until|since|after)\s+(?:it|they|the\s+[a-z]+(?:\s+[a-z]+)?)\s+"
                            r"(?:started|began|opened|launched|arrived|came\s+in|was\s+introduced|were\s+introduced|"
                            r"took\s+over|changed|moved))\b", re.IGNORECASE)
_EN_NOW = re.compile(r"\b(?:is|are|was|were|has|have|stands?|sits?)\s+(?P<t>now|today|currently)\b", re.IGNORECASE)
# words that name the measure again or point back, never one side of a comparison
_EN_ANAPHORS = frozenset(("figure", "figures", "number", "numbers", "total", "rate", "level", "average", "it",
                          "this", "that", "the figure", "the number", "the total", "the average", "wait", "time"))
_ZH_ANAPHORS = frozenset(("数字", "数量", "数据", "这一数字", "这个数字", "人数", "总数", "这一比例"))


def _times(narration: str, values: list[str], language: Language) -> list[str]:
    """Each value's own time: the last said between the figure before it and it, else one said right after it
    (before the next figure)."""
    out, floor = [], 0
    for n, value in enumerate(values):
        at = narration.find(value, floor)
        if at < 0:
            return []
        before = narration[floor:at]
        nxt = narration.find(values[n + 1], at + len(value)) if n + 1 < len(values) else -1
        rest = narration[at + len(value):nxt if nxt >= 0 else len(narration)]
        after = re.split(r"[,;.!?，；。！？]", rest, maxsplit=1)[0]
        if language == "zh":
            t = time_zh(before) or time_zh(after)
        else:
            event = list(_EN_EVENT_TIME.finditer(before))
            now = _EN_NOW.search(before[-30:]) or _EN_NOW.search(after)
            t = (now.group("t") if now else "") or time_en(before) or (event[-1].group("t") if event else "") or \
                time_en(after)
        out.append(t)
        floor = at + len(value)
    return out


def _is_time(label: str, language: Language) -> bool:
    if language == "en" and (_EN_EVENT_TIME.fullmatch(label) or label.lower() in ("now", "today", "currently")):
        return True
    found = time_zh(label) if language == "zh" else time_en(label)
    return bool(found) and len(found) >= len(label) - (2 if language == "zh" else 4)


_EN_TIMEISH = re.compile(r"\b(?:ago|earlier|later|before|after|since|until|year|years|decade|decades|month|months|"
                         r"week|weeks|day|days|season|term|now|today|then|previously|originally|formerly|usually|first|old|new|previous|former|current|(?:19|20)\d\d|january|february|march|"
                         r"april|may|june|july|august|september|october|november|december|spring|summer|autumn|"
                         r"winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?)\b",
                         re.IGNORECASE)
_ZH_TIMEISH = re.compile(r"[年月季期周天]|[前后]$|以来|以往|原来|原先|起初|最初|当初|往常|平时|现在|目前|如今|"
                         r"当时|此前|以前|过去|今后|将来|未来|工作日|周末|平日|节假日|假期|寒假|暑假|旧|新")


def _timeish(label: str, language: Language) -> bool:
    """A label that names a time however it says it ("first year", "a decade ago", 开业初期): never a thing."""
    return _is_time(label, language) or bool((_ZH_TIMEISH if language == "zh" else _EN_TIMEISH).search(label))


# a change's end ("cut to", "grown to", 降到, 缩短到): the bar is the level a change reached, labelled so on purpose
_EN_CHANGE_END = re.compile(r"\b(?:to|by)$|^(?:up|down)\b|\b(?:cut|grown|grew|rose|risen|fell|fallen|dropped|"
                            r"climbed|increased|decreased|reduced|raised|lowered)\b", re.IGNORECASE)
_ZH_CHANGE_END = re.compile(r"[到至]$|降|升|增|减|缩|涨|提高|压缩|延长|翻")


def time_sided(chart: ChartVisual | None, narration: str, language: Language) -> ChartVisual | None:
    """The chart with its bars labelled by their times where it sets times against each other; the chart as it is
    where it does not; None where one bar is a time and another bar's time is not said."""
    if chart is None or len(chart.bars) < 2:
        return chart
    labels = [b.label for b in chart.bars]
    timed = [_is_time(lab, language) for lab in labels]
    anaphor = any(lab.lower().removeprefix("the ") in (_ZH_ANAPHORS if language == "zh" else _EN_ANAPHORS)
                  for lab in labels)
    timeish = [_timeish(lab, language) for lab in labels]
    if any((_ZH_CHANGE_END if language == "zh" else _EN_CHANGE_END).search(lab) for lab in labels):
        return chart
    if all(timeish) or not (any(timed) or anaphor):
        return chart
    if any(names_need(lab, language) for lab in labels):
        return chart  # "target 6 | last winter 4.5": a need names its side against the times (round 15b)
    ordered = sorted(chart.bars, key=lambda b: narration.find(b.value) if b.value in narration else 10 ** 6)
    times = _times(narration, [b.value for b in ordered], language)
    if len(times) != len(ordered) or not all(times) or len(set(times)) != len(times):
        return None  # a time against a thing, or "figure": no side is named
    said = {b.value: t for b, t in zip(ordered, times, strict=True)}
    bars = [b.model_copy(update={"label": said[b.value][:1].upper() + said[b.value][1:]}) for b in chart.bars]
    return chart.model_copy(update={"bars": bars})
