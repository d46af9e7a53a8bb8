"""What tells two figures of one measure apart: the time, place or before/after said beside each.

An article compares by setting one figure against another ("3,180 potholes, compared with 2,240 over the same
period last year", 共有五千四百名学生报名，比去年的两千六百人多, "outside the Carver Street bus stop… 51°C. …of
Linden Avenue, it was 34°C"). Each figure's side is read from the words beside it; where one side is said and the
other only implied by it (last year → this year, 改造前 → 改造后, 以前 → 现在), the implied one is its counterpart.
Where a figure has no side at all there is no label, and a caller draws no bars.
"""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.segment import wordset

__all__ = ["counterpart", "people_measure", "place_en", "place_zh", "time_en", "time_spans", "time_zh"]

_EN_PERIOD = r"(?:year|month|week|winter|summer|spring|autumn|season|quarter|term|school\s+year)"
_EN_TIME = re.compile(
    rf"\b(?:(?:the\s+same\s+(?:period|months?|weeks?|quarter|time|season)\s+(?:of\s+|in\s+)?)?"
    rf"(?P<rel>(?:last|this|next)\s+{_EN_PERIOD}|(?:a|one|two|three|four|five|ten)\s+{_EN_PERIOD}s?\s+"
    rf"(?:earlier|ago|before)|the\s+{_EN_PERIOD}\s+before|the\s+previous\s+{_EN_PERIOD}|(?:in\s+)?(?:19|20)\d\d"
    # "before it started", "after the app was introduced": an event's clause whole, before its first two words
    r"|(?:before|after|since)\s+(?:it|they|this|that|the\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:started|began|opened|"
    r"launched|arrived|came\s+in|was\s+introduced|were\s+introduced|took\s+over|changed)"
    r"|before\s+the\s+[a-z]+(?:\s+[a-z]+)?|after\s+the\s+[a-z]+(?:\s+[a-z]+)?|(?:under|with)\s+the\s+(?:old|new|"
    r"previous)\s+[a-z]+|now|today|previously|at\s+the\s+start|at\s+first|(?:on\s+)?weekdays"
    r"|(?:at\s+|on\s+)?weekends))\b", re.IGNORECASE)
_EN_MONTHS = wordset("january february march april may june july august september october november december "
                     "monday tuesday wednesday thursday friday saturday sunday")
_EN_PLACE = re.compile(r"\b(?:at|in|outside|under|on|near|along|of|inside|beside|by)\s+(?:the\s+)?(?:old\s+|new\s+)?"
                       r"(?:[a-z]+\s+){0,3}?(?:of\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})")
_ZH_TIME = re.compile(
    r"(?P<t>(?:\d{4}年|[去今前明]年|上个?月|本月|这个月|上半年|下半年|上周|本周)"
    r"(?:同期|上半年|下半年|底|初|前[一二三四五六七八九十\d]{1,2}个月|(?:[一二三四五六七八九十\d]{1,2}(?:到|至|-|—))?[一二三四五六七八九十\d]{1,3}月(?:份|底|初)?"
    r"|(?:国庆|春节|五一|暑假|寒假|黄金周)(?:[一二三四五六七八九十\d]{1,2}天)?)?"
    r"|开通(?:第一个月|之初|初期)|(?:(?!到了|进入|截至|直到|到第)[\u4e00-\u9fff]{2})?"
    r"(?:第[一二三四五六七八九十\d]{1,2}(?:年|个月|季度)|首年|首月)"
    r"|最初|起初|当初|现在|目前|如今|此前|以前|过去|"
    r"(?:(?<![\u4e00-\u9fff])|(?<=[比较从到在于自与和是]))[\u4e00-\u9fff]{2}(?:之前|之后|之初|前|后))")
_EN_COUNTER = [(re.compile(rf"^(?:last|the\s+previous)\s+(?P<p>{_EN_PERIOD})$", re.I), "this {p}"),
               (re.compile(rf"^this\s+(?P<p>{_EN_PERIOD})$", re.I), "last {p}"),
               (re.compile(rf"^(?:a|one)\s+(?P<p>{_EN_PERIOD})\s+(?:earlier|ago|before)$", re.I), "this {p}"),
               (re.compile(rf"^the\s+(?P<p>{_EN_PERIOD})\s+before$", re.I), "this {p}"),
               (re.compile(r"^(?:before\s+the\s+[a-z ]+|(?:(?:under|with)\s+the\s+)?(?:old|previous)\s+[a-z]+"
                           r"|previously|at\s+the\s+start|at\s+first)$", re.I), "now")]
_ZH_PEOPLE = frozenset({"人", "人次", "名", "位"})


def people_measure(measure: str) -> str:
    """人, 人次, 名, 位 all count people: one measure for bars."""
    return "人" if measure in _ZH_PEOPLE else measure


def time_en(text: str) -> str:
    """The last time said in `text` ("over the same period last year" → "last year", "in 2022" → "2022")."""
    found = list(_EN_TIME.finditer(text))
    if not found:
        return ""
    rel = re.sub(r"\s+", " ", found[-1].group("rel"))
    rel = re.sub(r"^(?:in|under|with|on|at)\s+", "", rel, flags=re.IGNORECASE)
    return re.sub(r"^the\s+(?=old\s|new\s|previous\s)", "", rel)


def time_spans(text: str, language: Language) -> list[tuple[int, int]]:
    """Where times are said ("今年前八个月", "the same period last year"): a number inside one is part of the time,
    not a figure to compare."""
    pattern = _ZH_TIME if language == "zh" else _EN_TIME
    return [m.span() for m in pattern.finditer(text)]


def place_en(text: str) -> str:
    """The proper name of a place said in `text` ("outside the Carver Street bus stop" → "Carver Street"); not a
    month or a weekday."""
    for m in reversed(list(_EN_PLACE.finditer(text))):
        name = m.group("name")
        if name.split()[0].lower() not in _EN_MONTHS:
            return name
    return ""


_ZH_PLACE = re.compile(r"(?:在|于)(?P<p>[\u4e00-\u9fff]{1,6}(?:区|县|市|镇|乡|村|街道|社区|小区|路|街|城|省|州|岛"
                       r"|公园|站|校区))(?=[，,、]|[\u4e00-\u9fff])")


def place_zh(text: str) -> str:
    """The place a Chinese clause says it is about (在老城区 → 老城区, 在新区 → 新区)."""
    found = [m.group("p") for m in _ZH_PLACE.finditer(text)]
    return found[-1] if found else ""


def time_zh(text: str) -> str:
    """The last time said in a Chinese clause (比去年的 → 去年, 开通第一个月, 改造后, 今年八月)."""
    found = [m.group("t") for m in _ZH_TIME.finditer(text)]
    found = [t for t in found if not re.fullmatch(r"[\u4e00-\u9fff]{2}[前后]", t) or t[:2] not in _ZH_NOT_TIME]
    return found[-1] if found else ""


# two characters before 前/后 that make no time ("之后" is one, 提前, 落后, 最后, 然后, 随后, 背后)
_ZH_NOT_TIME = wordset("提前 落后 最后 然后 随后 背后 前后 之前 之后 往后 向前 身后 门前 眼前 面前 午后 饭后 "
                       "课后 会前")


def counterpart(side: str, language: Language, article_text: str) -> str:
    """The other side a said one implies ("last year" → "this year", 去年 → 今年, 改造前 → 改造后, 以前 → 现在), as
    the article writes it somewhere; "" when the article never says it."""
    if language == "zh":
        pairs = {"去年": "今年", "上月": "本月", "上个月": "这个月", "最初": "现在", "起初": "现在",
                 "当初": "现在", "以前": "现在", "过去": "现在", "此前": "现在", "去年同期": "今年"}
        other = pairs.get(side, "")
        if not other and re.fullmatch(r"[\u4e00-\u9fff]{2}(?:之)?前", side):
            other = side[:2] + "后"
        return other if other and other in article_text else ""
    for pattern, template in _EN_COUNTER:
        m = pattern.match(side)
        if m:
            other = template.format(**m.groupdict())
            found = re.search(r"\b" + re.escape(other) + r"\b", article_text, re.IGNORECASE)
            return found.group(0) if found else ""
    return ""
