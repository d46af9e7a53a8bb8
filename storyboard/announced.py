"""Lists a count announces before a colon ("three changes: A, B, and C", "三项延伸服务：A、B，以及C"): the items
are the list, under the words that announce them, even where an item carries a figure ("20 new docks"), since
the count says how many things follow and they are told as things, not as rival values.

The items must be exactly as many as the count says; anything else is no list.
"""

from __future__ import annotations

import re

from reelflow.models import Language, ListVisual
from storyboard.segment import EN_WORD

__all__ = ["announced_list"]

_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ZH_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
# the count's noun may be followed by a short qualifier before the colon: "four rules on the gate:", "three steps
# for residents:", "two conditions attached:", "five things to know:"
_EN_HEAD = re.compile(r"\b(?P<title>(?P<count>two|three|four|five|six|[2-6])\s+(?:[a-z-]+\s+){0,2}?[a-z-]+s"
                      r"(?:\s+(?:on|for|to|in|at|of|from|with|attached|apply|remain|stand|matter)"
                      r"(?:\s+[a-z'-]+){0,3})?)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_ZH_HEAD = re.compile(r"(?P<title>(?P<count>[两二三四五六2-6])(?:项|个|种|件|条|类|大|点|样)[\u4e00-\u9fff]{0,6})[：:]"
                      r"(?P<rest>[^。！？!?]+)")


def announced_list(text: str, language: Language, limit: dict[str, int] | None = None) -> ListVisual | None:
    """The items a count announces, each its first phrase, titled by the count and its noun as written."""
    if language == "zh":
        return _announced_zh(text, (limit or {}).get("zh", 12))
    return _announced_en(text, (limit or {}).get("en", 7))


def _count(word: str, table: dict[str, int]) -> int:
    return int(word) if word.isdigit() else table.get(word.lower(), 0)


def _shorten_en(item: str, limit: int) -> str:
    """An item whole where it fits, else cut before a function word (a phrase kept whole) with an ellipsis."""
    from storyboard.visuals import shorten

    return shorten(item, "en", limit)


def _announced_en(text: str, limit: int) -> ListVisual | None:
    m = _EN_HEAD.search(text)
    if m is None:
        return None
    n = _count(m.group("count"), _EN_COUNT)
    rest = re.split(r"\.(?:\s|$)|[!?]", m.group("rest"))[0]
    if ";" in rest:
        parts = [p for p in re.split(r";\s*", rest) if p.strip()]
    else:
        parts = [p for p in re.split(r"(?<!\d),(?!\d{3})\s*|,(?=\d{4})\s*|\s+(?:and|or)\s+(?=[^,]*$)", rest)
                 if p.strip()]
    items = []
    for p in parts:
        p = re.sub(r"^(?:and|or)\s+", "", p.strip())
        p = re.split(r",\s*(?:which|who|when|where|so|as)\b|\s+\(", p)[0].strip(" ,")  # its first phrase
        items.append(p)
    if len(items) != n or not all(EN_WORD.search(i) for i in items):
        return None
    short = [_shorten_en(i, limit) for i in items]
    if not all(short):
        return None
    return ListVisual(title=m.group("title"), items=short)


def _announced_zh(text: str, limit: int) -> ListVisual | None:
    m = _ZH_HEAD.search(text)
    if m is None:
        return None
    from storyboard.visuals import shorten

    n = _count(m.group("count"), _ZH_COUNT)
    sep = "；" if "；" in m.group("rest") else "、"
    parts = re.split(rf"{sep}|，?(?:以及|还有)|，(?:和|及)", m.group("rest"))
    if sep == "、":  # "A、B，以及C": a comma before the last item only
        parts = [x for p in parts for x in ([p] if "，" not in p else [p.split("，")[0]])]
    items = [p.strip("，,；; ") for p in parts if p.strip("，,；; ")]
    if len(items) != n or any(re.search(r"[一二三四]是|首先|其次", i) for i in items):
        return None
    short = [shorten(i, "zh", limit) for i in items]
    if not all(short):
        return None
    return ListVisual(title=m.group("title"), items=short)
