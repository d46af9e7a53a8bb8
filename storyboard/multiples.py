"""A multiple told without its baseline: "Nair's bill is twice what it was three years ago", "rents are now three
times what they were in 2015", "the waiting list has doubled since March", "电费是三年前的两倍", "租金比五年前翻了
一番". The sentence gives no level to draw and none may be computed; the number words in it ("three years ago",
"三年前") are times, never the figure. What is on screen is the multiple as written, under what it is of, with
what it is measured against as the note.
"""

from __future__ import annotations

import re

from reelflow.models import Language, StatVisual

__all__ = ["multiple_stat"]

_EN_MULT = r"(?:twice|double|triple|half|(?:two|three|four|five|six|ten|\d+(?:\.\d+)?)\s+times)"
_EN_IS = re.compile(
    rf"(?P<what>(?:[A-Z][\w'’]*|[a-z][\w'’]*)(?:\s+[a-z][\w'’]*){{0,3}})\s+(?:is|are|was|were|has\s+been|have\s+been)"
    rf"\s+(?:now\s+|nearly\s+|almost\s+|about\s+|roughly\s+|more\s+than\s+|at\s+least\s+)?(?P<mult>{_EN_MULT})\s+"
    r"(?P<base>(?:what\s+(?:it|they)\s+(?:was|were|used\s+to\s+be|had\s+been)|(?:as\s+(?:much|many|high|big|large|"
    r"long|expensive)\s+as|the\s+(?:level|size|figure|rate)\s+of|that\s+of))(?:\s+[^.,;!?]{1,30})?)(?=\s*[.,;!?]|\s*$)")
_EN_VERB = re.compile(
    r"(?P<what>(?:[A-Z][\w'’]*|[a-z][\w'’]*)(?:\s+[a-z][\w'’]*){0,3})\s+(?:has|have|had)\s+(?:more\s+than\s+|nearly\s+"
    r"|almost\s+)?(?P<mult>doubled|tripled|trebled|quadrupled|halved)(?:\s+(?P<base>(?:since|in|over|from)\s+"
    r"[^.,;!?]{1,30}))?(?=\s*[.,;!?]|\s*$)")
_EN_NOT_WHAT = {"it", "this", "that", "they", "which", "there"}

_ZH_MULT = r"(?:[一二两三四五六七八九十\d.]+倍(?:多)?)"
_ZH_IS = re.compile(rf"(?P<what>[\u4e00-\u9fff]{{2,8}}?)(?:已经|如今|现在|已)?(?:是|为|相当于)(?P<base>[^，。；！？]"
                    rf"{{1,10}}?)的(?P<mult>{_ZH_MULT})(?=[，。；！？]|$)")
_ZH_VERB = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,8}?)(?:已经|如今|现在|已)?(?P<base>比[^，。；！？\d]{1,10}?)"
                      r"(?P<mult>翻了[一两三]番|翻了一倍|翻番|翻倍|增加了一倍|多了一倍|涨了一倍)(?=[，。；！？]|$)")
_ZH_LEAD = re.compile(r"^(?:而|但|如今|现在|目前|其中|光是|仅)")


def _en(narration: str) -> StatVisual | None:
    m = _EN_IS.search(narration) or _EN_VERB.search(narration)
    if m is None:
        return None
    what = m.group("what")
    words = what.split()
    while words and words[0].lower() in ("the", "a", "an", "and", "but", "so", "now"):
        words = words[1:]
    if not words or words[0].lower() in _EN_NOT_WHAT:
        return None
    return StatVisual(value=m.group("mult"), number=None, label=" ".join(words), note=(m.group("base") or "").strip())


def _zh(narration: str) -> StatVisual | None:
    m = _ZH_IS.search(narration) or _ZH_VERB.search(narration)
    if m is None:
        return None
    what = _ZH_LEAD.sub("", re.split(r"[，。；！？]", m.group("what"))[-1]).split("的")[-1]
    what = re.sub(r"(?:就|也|都|还)$", "", what)
    if len(what) < 2 or re.match(r"(?:差不多|大约|大概|将近|接近|几乎|约|近|相当于|足足|已经)", what):
        return None  # "…2000个，差不多是现在的5倍": a hedge is no subject; the figure's own stat says it
        return None
    return StatVisual(value=m.group("mult"), number=None, label=what, note=m.group("base"))


def multiple_stat(narration: str, language: Language) -> StatVisual | None:
    """The multiple as a stat with its baseline as the note; None where the sentence tells no multiple."""
    return _zh(narration) if language == "zh" else _en(narration)
