"""A range whose unit is said before it, not after: "每座公厕每天接待的人次在三百到八百之间", "每户月用水量介于8到12吨
之间", "房租从1500到3000元不等", "daily visits range from 300 to 800", "each stall serves between 150 and 400 meals".
`numbers` finds no figure where no unit follows the number, so the range would be a scene; it is one stat, its
two ends as written, under the words that say what it measures. One end alone is never shown.
"""

from __future__ import annotations

import re

from reelflow.models import Language, StatVisual

__all__ = ["bare_range"]

_ZH_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_ZH_RANGE = re.compile(rf"(?P<label>[\u4e00-\u9fff]{{2,12}}?)(?:大多|多|一般|通常|大约|约)?(?:在|介于|从)"
                       rf"(?P<value>{_ZH_NUM}(?:[\u4e00-\u9fff%]{{0,2}})?(?:到|至|～|~|-){_ZH_NUM}"
                       r"(?P<unit>[\u4e00-\u9fff%]{0,3}?))(?:之间|不等)")
_EN_NUM = r"[$€£¥]?\d[\d,]*(?:\.\d+)?%?"
_EN_RANGE = re.compile(rf"(?P<label>(?:[A-Za-z][\w'’-]*\s+){{1,6}}?)(?:(?:now|typically|usually|generally)\s+)?"
                       rf"(?:(?:ranges?|varies|vary)\s+from\s+|(?:[a-z]+s\s+)?(?=between\s))"
                       rf"(?P<value>(?:between\s+)?{_EN_NUM}\s+(?:to|and)\s+{_EN_NUM})"
                       r"(?:\s+(?P<unit>(?:[a-z]{3,}\s+)?(?:a|an|per)\s+(?:day|week|month|year|hour|night)|[a-z]{3,}))?")
_ZH_CHANGE = re.compile(r"[增减降升涨跌提缩扩]|变化|提高|下降")


def _years(value: str) -> bool:
    """"between 2010 and 2015", "2019年到2023年": a span of time, not a quantity."""
    return len(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", value)) == 2


def bare_range(narration: str, language: Language) -> StatVisual | None:
    """The range stat a clause tells; None where it tells none (or a span of years)."""
    if language == "zh":
        for clause in re.split(r"[，,；;。！？]", narration):
            m = _ZH_RANGE.search(clause)
            if m and not _ZH_CHANGE.search(clause) and not _years(m.group("value")):
                label = re.sub(r"^(?:而|但|其中|目前|现在|如今)", "", m.group("label"))
                return StatVisual(value=m.group("value"), number=None, unit="", label=label)
        return None
    for clause in re.split(r"[;.!?](?:\s|$)", narration):
        m = _EN_RANGE.search(clause)
        if m and not _years(m.group("value")) and not re.search(
                r"\b(?:rose|fell|grew|dropped|increased|decreased|climbed)\b", clause, re.I):
            label = re.sub(r"\s+(?:is|are|was|were|now)$", "", m.group("label").strip())
            unit = m.group("unit") or ""
            return StatVisual(value=m.group("value"), number=None, unit=unit if unit not in ("and", "to") else "",
                              label=label)
    return None
