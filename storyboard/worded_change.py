"""A change whose two ends are counts said in words: "把清运频率从每周一次提高到每周两次", "班次由每天三趟增加到五趟",
"collections went from once a week to twice a week", "from two shifts a day to three". No figure is written in
digits, so the figure rules see nothing; yet the change is the sentence's point. Both ends are shown as written,
each bar as tall as its count, only where both ends count the same thing (one skeleton: 每周X次) or the second
leaves the thing unsaid ("三趟" → "五趟", "two shifts" → "three").
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import number_value

__all__ = ["worded_change"]

_ZH_NUM = "一二两三四五六七八九十百千半"
_ZH_CHANGE = re.compile(rf"(?P<from>[从由])(?P<a>[^，。；！？从由到至\d]{{0,5}}?[{_ZH_NUM}]"
                        rf"[^，。；！？从由到至\d]{{1,4}}?)(?P<verb>(?:提高|增加|增至|降低|减少|缩短|延长|调整|扩大|"
                        rf"提升|下降|上升|改|变|加|减|升|降|涨|增)?(?:到|至|为|成)了?)"
                        rf"(?P<b>[^，。；！？\d]{{0,5}}?[{_ZH_NUM}][^，。；！？\d]{{1,4}}?)(?=[，。；！？、]|$|了|的)")
_EN_WORD_NUMS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12}
_EN_NUMW = r"(?:once|twice|thrice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen)"
_EN_END = rf"{_EN_NUMW}(?:\s+(?:times|time))?(?:\s+(?!to\b|from\b)[a-z]+){{0,3}}?"
_EN_CHANGE = re.compile(rf"\bfrom\s+(?P<a>{_EN_END})\s+to\s+(?P<b>{_EN_END})(?=\s*[,.;!?]|\s*$|\s+(?:in|by|after|"
                        rf"since|this|last|and|but)\b)", re.I)


_ZH_POINT = re.compile(r"^(?:点|时|月|日|号|楼|层|期|代|级|年级|版)")


def _zh_what(before: str) -> str:
    """What changes: the noun 把/将 takes (同时把清运频率从… → 清运频率), or a short clause that is only it
    (清运频率从…); else none, rather than a title cut from the middle of a clause."""
    clause = re.split(r"[，。；！？：:、]", before)[-1]
    m = re.search(r"[把将]([\u4e00-\u9fff]{2,6})$", clause)
    if m:
        return m.group(1)
    return clause if 2 <= len(clause) <= 6 and not re.search(r"[是了的把将在]", clause) else ""


def _zh_count(end: str) -> tuple[float, str] | None:
    """The count in a worded end ("每周两次" → 2, "每周{}次") and its skeleton."""
    m = re.search(rf"[{_ZH_NUM}]+", end)
    if m is None:
        return None
    word = m.group()
    value = 0.5 if word == "半" else number_value(word)
    if value is None:
        return None
    return value, end[:m.start()] + "{}" + end[m.end():]


def _en_count(end: str) -> tuple[float, str] | None:
    m = re.match(_EN_NUMW, end, re.I)
    if m is None:
        return None
    word = re.sub(r"\s+", " ", m.group().lower())
    rest = end[m.end():]
    if word in ("once", "twice", "thrice"):
        rest = " times" + rest
    rest = re.sub(r"^\s+times?\b", " times", rest)
    return float(_EN_WORD_NUMS[word]), rest.strip()


def _same_thing(a: str, b: str) -> bool:
    """One skeleton, or the second end leaves the counted thing unsaid (its skeleton a tail of the first's)."""
    return a == b or (bool(b) and a.endswith(b)) or (b in ("{}", "", "times"))


def worded_change(narration: str, language: Language) -> ChartVisual | None:
    """Bars for a change from one worded count to another, each shown as written; None where there is none or the
    ends count different things."""
    if language == "zh":
        m = _ZH_CHANGE.search(narration)
        if m is None:
            return None
        a, b = m.group("a"), m.group("b")
        ca, cb = _zh_count(a), _zh_count(b)
        what = _zh_what(narration[:m.start("from")])
        labels = [m.group("from"), m.group("verb").rstrip("了")]  # 变成了四场: the verb, not its aspect
    else:
        m = _EN_CHANGE.search(narration)
        if m is None:
            return None
        a, b = m.group("a"), m.group("b")
        ca, cb = _en_count(a), _en_count(b)
        what = ""
        labels = ["from", "to"]
    if language == "en" and re.search(r"o'clock|\b[ap]\.?m\b|\bnoon\b|\bmidnight\b", a + " " + b, re.I):
        return None  # "from eight o'clock to ten": a time of day is a point, no amount
    if ca is None or cb is None or ca[0] == cb[0] or not _same_thing(ca[1], cb[1]):
        return None
    if language == "zh" and any(_ZH_POINT.match(c[1].split("{}", 1)[-1]) for c in (ca, cb)):
        return None  # 从晚上八点延长到十一点: a time of day or a date is a point, no amount to draw as a bar
    bars = [Bar(label=labels[0], value=a, number=ca[0]), Bar(label=labels[1], value=b, number=cb[0])]
    return ChartVisual(unit="", bars=bars, title=what if 2 <= len(what) <= 6 else "")
