"""Names and figures paired by order: "东城、西城、南城三个区的投诉分别为120件、90件和60件", "游客量分别为32万、25万
和18万人次", "Ashby, Kelford and Brindle received 380, 290 and 175 applications respectively". The k-th figure
belongs to the k-th name, so the comparison is bars by name; a count of the names (三个区) or one end of the run
of figures alone would say nothing of it. Names and figures must be as many, or there is no chart.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import number_value, zh_number

__all__ = ["respectively"]

_ZH_ITEM = r"[\u4e00-\u9fffA-Za-z0-9“”]{2,8}"
_ZH_NAMES = re.compile(rf"(?P<names>{_ZH_ITEM}(?:、{_ZH_ITEM})*(?:[、和与及]{_ZH_ITEM}))")
# what stands around the names in their clause: "排名前三的是东湖公园", "南城三个区的投诉"
_ZH_BEFORE = re.compile(r"^.*(?:是|为|有|的|在|：|:)")
_ZH_AFTER = re.compile(r"(?:[一二三四五六七八九十两\d]+[个家所座条位名处]|的|等|这|共|今年|去年).*$")
_CHANGE = re.compile(r"[增减降升涨跌]|提高|下降|\b(?:rose|fell|grew|dropped|increased|decreased|climbed|up|down|"
                     r"by)\b")
_ZH_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?:万|亿)?"
_ZH_RUN = re.compile(rf"分别(?:为|是|有|达到?|占|约|在)?(?P<run>{_ZH_NUM}[^\d、和与及，。；]{{0,3}}"
                     rf"(?:[、和与及]{_ZH_NUM}[^\d、和与及，。；]{{0,3}})+)")
_EN_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_EN_NUM = r"[$€£¥]?\d[\d,]*(?:\.\d+)?%?"
_EN = re.compile(rf"(?P<names>{_EN_NAME}(?:,\s+{_EN_NAME})*,?\s+and\s+{_EN_NAME})\b[^.;]{{0,60}}?"
                 rf"(?P<run>{_EN_NUM}(?:,\s+{_EN_NUM})*,?\s+and\s+{_EN_NUM})(?:\s+(?P<unit>[a-z]+))?"
                 r"(?:\s+[a-z]+){0,3},?\s+respectively")


def _zh_value(num: str) -> float | None:
    """"32万" → 320000, "一百二十" → 120."""
    scale = {"万": 1e4, "亿": 1e8}.get(num[-1], 1.0)
    core = num[:-1] if scale != 1.0 else num
    x = number_value(core) if re.match(r"\d", core) else zh_number(core)
    return x * scale if x is not None else None


def _zh(text: str) -> ChartVisual | None:
    run = _ZH_RUN.search(text)
    if run is None:
        return None
    start = max(text.rfind(c, 0, run.start()) for c in "。；！？\n") + 1
    heads = list(_ZH_NAMES.finditer(text, start, run.start()))
    if not heads:
        return None
    names = [n.strip("“”") for n in re.split(r"[、和与及]", heads[0].group("names"))]
    names[0], names[-1] = _ZH_BEFORE.sub("", names[0]), _ZH_AFTER.sub("", names[-1])
    if _CHANGE.search(text[heads[0].end():run.start()]) or any(len(n) < 2 for n in names):
        return None  # "分别增长了5%和8%": sizes of changes, not levels
    vals = [m.group(0) for m in re.finditer(rf"{_ZH_NUM}[^\d、和与及，。；]{{0,3}}", run.group("run"))]
    if len(names) != len(vals) or len(set(names)) != len(names) or len(names) > 6:
        return None
    # "32万、25万和18万人次": the unit said once, after the last; each value keeps what it wrote
    unit = re.sub(rf"^{_ZH_NUM}", "", vals[-1])
    nums = [re.match(_ZH_NUM, v).group(0) for v in vals]  # type: ignore[union-attr]
    if any(re.sub(rf"^{_ZH_NUM}", "", v) not in ("", unit) for v in vals):
        return None
    numbers = [_zh_value(n) for n in nums]
    if any(x is None for x in numbers):
        return None
    bars = [Bar(label=lab, value=n, number=x) for lab, n, x in zip(names, nums, numbers, strict=True) if x is not None]
    return ChartVisual(unit=unit, bars=bars, title="")


def _en(text: str) -> ChartVisual | None:
    m = _EN.search(text)
    if m is None:
        return None
    if _CHANGE.search(text[m.end("names"):m.start("run")]):
        return None  # "rose 4% and 6% respectively": sizes of changes, not levels
    names = [n.strip() for n in re.split(r",\s+and\s+|,\s+|\s+and\s+", m.group("names"))]
    names[0] = re.sub(r"^(?:The|In|At|Both)\s+", "", names[0])
    vals = [v.strip() for v in re.split(r",\s+and\s+|,\s+|\s+and\s+", m.group("run"))]
    if len(names) != len(vals) or len(set(names)) != len(names) or not names[0]:
        return None
    numbers = [number_value(v.lstrip("$€£¥").rstrip("%")) for v in vals]
    if any(x is None for x in numbers):
        return None
    bars = [Bar(label=lab, value=v, number=x) for lab, v, x in zip(names, vals, numbers, strict=True) if x is not None]
    return ChartVisual(unit=m.group("unit") or "", bars=bars, title="")


def respectively(text: str, language: Language) -> ChartVisual | None:
    """Bars by name for names and figures the text pairs by order (分别, "respectively"); None otherwise."""
    return _zh(text) if language == "zh" else _en(text)
