"""Bars told apart by time are labelled by their times. "Before it started, officers took about 95 minutes…; the
figure is now 38 minutes" drawn as "officers 95 | figure 38" names neither side ("figure" is the measure said
again, not a thing); "今年前九个月，…报案有7起，去年同期是10起" drawn as "社区老人遭遇电信诈骗 7 | 去年同期 10" sets a
time against a thing. Where each bar's figure has its own time said before it (since the figure before) or right
after it, the bars take those times; where one bar is labelled by a time and another's time cannot be read, the
chart is dropped: a misleading label is worse than no chart."""

from __future__ import annotations

import re

from reelflow.models import ChartVisual, Language
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
    """Each value's own time: the last said between the figure before it and it, else one said right after it."""
    out, floor = [], 0
    for value in values:
        at = narration.find(value, floor)
        if at < 0:
            return []
        before = narration[floor:at]
        after = re.split(r"[,;.!?，；。！？]", narration[at + len(value):], maxsplit=1)[0]
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


def time_sided(chart: ChartVisual | None, narration: str, language: Language) -> ChartVisual | None:
    """The chart with its bars labelled by their times where it sets times against each other; the chart as it is
    where it does not; None where one bar is a time and another bar's time is not said."""
    if chart is None or len(chart.bars) < 2:
        return chart
    labels = [b.label for b in chart.bars]
    timed = [_is_time(lab, language) for lab in labels]
    anaphor = any(lab.lower().removeprefix("the ") in (_ZH_ANAPHORS if language == "zh" else _EN_ANAPHORS)
                  for lab in labels)
    if all(timed) or not (any(timed) or anaphor):
        return chart
    ordered = sorted(chart.bars, key=lambda b: narration.find(b.value) if b.value in narration else 10 ** 6)
    times = _times(narration, [b.value for b in ordered], language)
    if len(times) != len(ordered) or not all(times) or len(set(times)) != len(times):
        return None
    said = {b.value: t for b, t in zip(ordered, times, strict=True)}
    bars = [b.model_copy(update={"label": said[b.value][:1].upper() + said[b.value][1:]}) for b in chart.bars]
    return chart.model_copy(update={"bars": bars})
