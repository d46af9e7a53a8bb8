"""A figure that sets a bound ("24℃及以下", "26℃或以上", "18C or below", "10,000 steps or more") is a condition, not a
level: "近半数家庭把空调温度设在24℃及以下，按建议设在26℃或以上的只有五分之一" compares how many households are on each
side of a bound, and bars of 24 against 26 would say the article measured two temperatures. Where clauses each pair
one bound with one share, the bars are the shares, labelled by their bounds; a chart whose bars are bounds alone is
never drawn."""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import zh_number

__all__ = ["bound_shares", "bars_are_bounds"]

_ZH_NUM = r"[\d.,零〇一二两三四五六七八九十百千万]+"
_ZH_BOUND = re.compile(rf"(?P<b>{_ZH_NUM}\s*(?:℃|度|%|％|元|万元|分钟|小时|天|岁|步|万步|公里|米|公斤|次|人)?"
                       r"(?:及以下|及以上|或以上|或以下|以上|以下|以内))")
_ZH_SHARE = re.compile(r"(?:只有|仅有|仅)?(?P<s>(?:近|将近|接近|约|大约|超过|不到|逾)?(?:半数|一半|"
                       r"[一二三四五六七八九十]成半?|[一二三四五六七八九十百]+分之[一二三四五六七八九十]+|\d+(?:\.\d+)?\s*[%％]))")
_EN_BOUND = re.compile(r"(?P<b>[$€£¥]?\d[\d,.]*\s*(?:°?[CF]\b|degrees|%|percent|mph|minutes|hours|years|miles|km|"
                       r"steps|pounds|kg)?\s*(?:or|and)\s+(?:below|above|more|less|over|under|fewer|higher|lower))\b",
                       re.IGNORECASE)
_EN_SHARE = re.compile(r"(?:\b(?:only|just)\s+)?(?P<s>(?:nearly|about|around|almost|roughly|over|under)?\s*"
                       r"(?:half|a\s+third|a\s+quarter|a\s+fifth|a\s+tenth|two[- ]thirds|three[- ]quarters|"
                       r"\d+(?:\.\d+)?\s*(?:%|percent)))\b", re.IGNORECASE)
_EN_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1, "two-thirds": 2 / 3,
                 "two thirds": 2 / 3, "three-quarters": 0.75, "three quarters": 0.75}


def _share_value(text: str, language: Language) -> float | None:
    """A share's size as a fraction of one, however it is written (近半数, 三成半, 五分之一, "a fifth", 12%)."""
    pct = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|％|percent)", text)
    if pct:
        return float(pct.group(1)) / 100
    if language == "zh":
        if "半数" in text or "一半" in text:
            return 0.5
        m = re.search(r"([一二三四五六七八九十]+)成(半)?", text)
        if m:
            n = zh_number(m.group(1))
            return None if n is None else (n + (0.5 if m.group(2) else 0)) / 10
        m = re.search(r"([一二三四五六七八九十百]+)分之([一二三四五六七八九十]+)", text)
        if m:
            whole, part = zh_number(m.group(1)), zh_number(m.group(2))
            return part / whole if whole and part else None
        return None
    low = text.lower()
    return next((v for k, v in _EN_FRACTIONS.items() if k in low), None)


def _clauses(narration: str, language: Language) -> list[str]:
    marks = r"[，,；;。！？!?]" if language == "zh" else r"[;.!?]\s|,\s+(?:while|whereas|but|and)\s|;\s*|,\s+"
    return [c for c in re.split(marks, narration) if c.strip()]


def bound_shares(narration: str, language: Language) -> ChartVisual | None:
    """Bars of the shares on each side of a bound, each labelled by its bound ("24℃及以下" 近半数, "26℃或以上"
    五分之一); None unless two or more clauses each say one bound and one share."""
    bound, share = (_ZH_BOUND, _ZH_SHARE) if language == "zh" else (_EN_BOUND, _EN_SHARE)
    bars: list[Bar] = []
    for clause in _clauses(narration, language):
        bounds = list(bound.finditer(clause))
        if not bounds:
            continue
        rest = bound.sub(" ", clause)
        shares = [m for m in share.finditer(rest) if m.group("s").strip()]
        if len(bounds) != 1 or len(shares) != 1:
            return None
        value = shares[0].group("s").strip()
        number = _share_value(value, language)
        if number is None:
            return None
        bars.append(Bar(label=bounds[0].group("b").strip(), value=value, number=number))
    return ChartVisual(unit="", bars=bars, title="") if len(bars) >= 2 else None


def bars_are_bounds(chart: ChartVisual, narration: str, language: Language) -> bool:
    """Every bar's value is a bound in the narration ("24" of 24℃及以下): the chart draws conditions as levels."""
    bound = _ZH_BOUND if language == "zh" else _EN_BOUND
    spans = [m.group("b") for m in bound.finditer(narration)]
    return len(chart.bars) >= 2 and all(any(s.startswith(b.value) for s in spans) for b in chart.bars)
