"""Where a side's time lies on one line from past to future, so bars by time run as time does (left to right, top
to bottom) however the sentence tells them: "去年1280吨，比前年的960吨多" is drawn 前年 → 去年, "this year 42,
two years ago 30" two years ago → this year, "5月…3月" 3月 → 5月. A label that is no time, or one whose place on
the line is unsure ("the year before" of what?), has no rank, and its pair keeps the order told.
"""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.sides import time_en, time_zh

__all__ = ["time_rank", "in_time_order"]

_ZH_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_DIGITS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10}
_UNIT_YEARS = {"年": 1.0, "月": 1 / 12, "个月": 1 / 12, "周": 1 / 52, "星期": 1 / 52, "天": 1 / 365,
               "year": 1.0, "month": 1 / 12, "week": 1 / 52, "day": 1 / 365, "decade": 10.0}

# relative times in years from now; the longest word first so 大前年 is not read as 前年
_ZH_WORDS = [("大前年", -3.0), ("前年", -2.0), ("去年", -1.0), ("上一年", -1.0), ("上年", -1.0), ("今年", 0.0),
             ("本年", 0.0), ("明年", 1.0), ("后年", 2.0), ("上个月", -1 / 12), ("上月", -1 / 12), ("本月", 0.0),
             ("这个月", 0.0), ("下个月", 1 / 12), ("上周", -1 / 52), ("本周", 0.0), ("这周", 0.0), ("昨天", -1 / 365),
             ("今天", 0.0), ("现在", 0.0), ("目前", 0.0), ("如今", 0.0), ("眼下", 0.0), ("当前", 0.0), ("今后", 0.5)]
_EN_WORDS = [(r"the\s+year\s+before\s+last", -2.0), (r"last\s+year|a\s+year\s+ago", -1.0),
             (r"last\s+(?:winter|summer|spring|autumn|fall|season)", -1.0),
             (r"this\s+(?:year|winter|summer|spring|autumn|fall|season)", 0.0), (r"next\s+year", 1.0),
             (r"last\s+month", -1 / 12), (r"this\s+month", 0.0), (r"next\s+month", 1 / 12), (r"last\s+week", -1 / 52),
             (r"this\s+week", 0.0), (r"yesterday", -1 / 365), (r"today|now|currently|these\s+days|at\s+present", 0.0)]
_ZH_AGO = re.compile(r"^(?P<n>\d+|[一两二三四五六七八九十]+)(?P<unit>年|个月|月|周|星期|天)(?:前|以前|之前)")
_EN_AGO = re.compile(r"^(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                     r"(?P<unit>year|month|week|day|decade)s?\s+(?:ago|earlier|before)\b", re.I)
_YEAR = re.compile(r"^(?:in\s+)?(?P<y>(?:19|20)\d\d)(?:年)?")


def _count(word: str) -> float | None:
    if word.isdigit():
        return float(word)
    if word in _EN_DIGITS:
        return float(_EN_DIGITS[word])
    if all(c in _ZH_DIGITS for c in word):
        if word == "十":
            return 10.0
        if word.startswith("十"):
            return 10.0 + _ZH_DIGITS[word[1]]
        if len(word) == 2 and word[1] == "十":
            return _ZH_DIGITS[word[0]] * 10.0
        if len(word) == 3 and word[1] == "十":
            return _ZH_DIGITS[word[0]] * 10.0 + _ZH_DIGITS[word[2]]
        return float(_ZH_DIGITS[word]) if len(word) == 1 else None
    return None


def time_rank(label: str, language: Language) -> tuple[str, float] | None:
    """The label's place in time: (scale, position), where positions of one scale compare ("rel": years from now,
    "year": the calendar year); None where the label is no time or unsure (a month without its year)."""
    text = label.strip()
    m = _YEAR.match(text)
    if m:
        return "year", float(m.group("y"))
    if language == "zh":
        m = _ZH_AGO.match(text)
        if m and (n := _count(m.group("n"))) is not None:
            return "rel", -n * _UNIT_YEARS[m.group("unit")]
        return next((("rel", v) for w, v in _ZH_WORDS if text.startswith(w)), None)
    m = _EN_AGO.match(text)
    if m and (n := _count(m.group("n").lower())) is not None:
        return "rel", -n * _UNIT_YEARS[m.group("unit").lower()]
    return next((("rel", v) for w, v in _EN_WORDS if re.match(rf"(?:{w})\b", text, re.I)), None)


def in_time_order(labels: list[str], language: Language) -> list[int] | None:
    """The order (indices into `labels`) that runs the labels from earliest to latest, where every label has a
    place on one scale and no two share it; else None (keep the order told)."""
    ranks = [time_rank(lab, language) for lab in labels]
    if len(labels) < 2 or any(r is None for r in ranks) or len({r[0] for r in ranks if r}) != 1 or \
            len({r[1] for r in ranks if r}) != len(ranks):
        return None
    return sorted(range(len(labels)), key=lambda k: ranks[k][1])  # type: ignore[index]


_EN_AGO_ANY = re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?:year|month|week|day|decade)s?\s+(?:ago|earlier|before)\b", re.I)
_ZH_AGO_ANY = re.compile(r"(?:\d+|[一两二三四五六七八九十]+)(?:年|个月|周|天)(?:前|以前|之前)")


def clause_time(narration: str, start: int, language: Language) -> str:
    """The time said in the clause of the figure at `start` ("Now each teacher has 28", "22 a decade ago",
    "而三年前只需要20人"), as written; "" where the clause says none."""
    stops = "，。；！？,;" if language == "zh" else ",.;!?"
    lo = max([narration.rfind(c, 0, start) for c in stops] + [-1]) + 1
    his = [i for i in (narration.find(c, start) for c in stops) if i >= 0]
    clause = narration[lo:min(his, default=len(narration))]
    ago = (_ZH_AGO_ANY if language == "zh" else _EN_AGO_ANY).search(clause)
    said = time_zh(clause) if language == "zh" else time_en(clause)
    found = ago.group() if ago and (not said or said in ago.group()) else said or (ago.group() if ago else "")
    return found[:1].upper() + found[1:] if language == "en" else found
