"""How a figure compares, when the sentence gives the difference but not the other level: "42 plows this winter,
six more than last year", "a total of 1,300 riders, up 200 on last spring", "全区共有38家，比去年多了5家",
"今年报名人数达到860人，较上年增加120人". The other level (36) is not in the article and is never computed; the
difference is shown in the article's own words as a line under the figure, so the comparison is on screen.
"""

from __future__ import annotations

import re

from reelflow.models import Language

__all__ = ["difference_note", "told_difference"]

_EN_COUNT = (r"(?:about\s+|some\s+|nearly\s+|almost\s+|roughly\s+|just\s+|only\s+)?"
             r"(?:[$€£¥]?\d[\d,]*(?:\.\d+)?%?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+dozen"
             r"|twenty|thirty|forty|fifty|a\s+hundred|a\s+third|a\s+quarter|half|twice|double|triple)"
             r"(?:\s+(?:percent|per\s+cent|times))?")
_EN_NOTE = re.compile(
    rf"^(?:\s+[a-z]+){{0,4}}?,?\s+(?:which\s+is\s+|that\s+is\s+|or\s+)?(?P<note>(?:{_EN_COUNT}\s+(?:[a-z]+\s+)?"
    r"(?:more|fewer|less|higher|lower|bigger|smaller)\s+than|(?:up|down)\s+"
    rf"{_EN_COUNT}\s+(?:on|from)|(?:an?\s+)?(?:increase|rise|drop|fall|decrease)\s+of\s+{_EN_COUNT}\s+(?:on|from|over)"
    r"|(?:twice|double|three\s+times|half)\s+(?:as\s+many\s+as|as\s+much\s+as|the\s+number\s+of|that\s+of))\s+"
    r"(?:in\s+|the\s+|a\s+)?[a-z0-9][\w'’-]*(?:\s+[a-z][\w'’-]*){0,3}?)(?=\s*[.;,!?]|\s*$)", re.I)
_ZH_NOTE = re.compile(r"^[^，。；！？]{0,6}?[，,]?(?P<note>(?:比|较|同比|环比)[^，。；！？\d]{0,6}?"
                      r"(?:多|少|增加|减少|增长|下降|提高|降低|上升|高|低)(?:了|出)?(?:约|近|将近)?(?:\d[\d,.]*|[一二两三四五六七八九十百千半]+)"
                      r"[^，。；！？]{0,4}?)(?=[，。；！？]|$)")


def difference_note(narration: str, start: int, end: int, language: Language) -> str:
    """The words after the figure at narration[start:end] that say by how much it differs from another level
    the sentence does not give; "" where none (or where the other level is given: that is a chart's)."""
    rest = narration[end:]
    rest = rest[:min([i for i in (rest.find(c) for c in ("。！？；;" if language == "zh" else ".;!?"))
                      if i >= 0] + [len(rest)])]
    if language == "zh":
        m = _ZH_NOTE.match(rest)
        if m is None:
            return ""
        note = m.group("note")
        return note if len(note) <= 16 else ""
    m = _EN_NOTE.match(rest)
    if m is None:
        return ""
    note = m.group("note").strip()
    return note if len(note.split()) <= 8 else ""


_ZH_DIFF_BEFORE = re.compile(r"(?:比|较|同比|环比)[^，。；！？\d]{0,8}?"
                             r"(?:多|少|高|低|增加|减少|增长|下降|提高|降低|上升|涨|降)[^，。；！？\d]{0,3}$")
_EN_DIFF_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:more|fewer|less|higher|lower)\s+than\b", re.I)


def told_difference(start: int, end: int, narration: str, language: Language) -> bool:
    """The figure at narration[start:end] is by how much a level differs from another ("比去年少招了60人",
    "较去年同期多出1300个", "12 more than in 2020"): a difference, never a level to draw as a bar."""
    if language == "zh":
        clause = narration[max(narration.rfind(c, 0, start) for c in "，。；！？,") + 1:start]
        return bool(_ZH_DIFF_BEFORE.search(clause))
    return bool(_EN_DIFF_AFTER.match(narration[end:]))
