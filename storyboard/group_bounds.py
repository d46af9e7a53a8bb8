"""Figures that define a group are not that group's values: "近半数家庭把空调温度设在24℃及以下，按建议设在26℃或以上的
只有五分之一", "drivers under 25 make up 30% of claims", "one in five earns over £50,000", "those aged 65 or over".
The bound (24℃及以下, under 25) says who is counted; the share (近半数, 30%) is what the sentence measures. Bars of
the bounds (24 against 26) would draw the thresholds as quantities, so bounds never stand as values; where two or
more clauses each give a group and its share, the groups are compared by their shares, each bar under its bound.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, zh_number

__all__ = ["bounds_group", "group_shares"]

_ZH_AFTER = re.compile(r"^(?:及|或|和)?(?:以下|以上|以内|以外|更低|更高|更多|更少|之上|之下)")
_ZH_BEFORE = re.compile(r"(?:不到|不足|低于|高于|超过|不低于|不高于|不超过|至少|小于|大于)$")
_EN_AFTER = re.compile(r"^\s*(?:or|and)\s+(?:more|less|over|under|above|below|higher|lower|older|younger|fewer|"
                       r"greater|up|down)\b", re.IGNORECASE)
_EN_BEFORE = re.compile(r"\b(?:under|over|below|above|at\s+least|more\s+than|less\s+than|fewer\s+than|"
                        r"aged|older\s+than|younger\s+than)\s+$", re.IGNORECASE)

_ZH_SHARE = re.compile(r"(?:近|约|超过|不到|逾|过)?(?:半数|一半|过半|[一二三四五六七八九]成半?|"
                       r"[一二三四五六七八九十\d]+分之[一二三四五六七八九十\d]+|\d+(?:\.\d+)?[%％])")
_EN_SHARE = re.compile(r"\b(?:(?:nearly|almost|about|around|only|just|roughly|over|under)\s+)?"
                       r"(?:half|a\s+third|a\s+quarter|(?:one|two|three|four)\s+in\s+(?:three|four|five|six|seven|eight|"
                       r"nine|ten)|\d+(?:\.\d+)?\s*%)(?!\w)", re.IGNORECASE)
_EN_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10}


def _share_value(share: str, language: Language) -> float | None:
    """The share as a percentage, for the bar's length only (the bar shows the words)."""
    s = share.lower()
    if m := re.search(r"(\d+(?:\.\d+)?)\s*[%％]", s):
        return float(m.group(1))
    if "半数" in s or "一半" in s or "过半" in s or "half" in s:
        return 50.0
    if m := re.search(r"([一二三四五六七八九])成(半)?", s):
        return (zh_number(m.group(1)) or 0) * 10 + (5 if m.group(2) else 0)
    if m := re.search(r"(\S+)分之(\S+)", s):
        den, num = zh_number(m.group(1)), zh_number(m.group(2))
        return 100 * num / den if den and num else None
    if "third" in s:
        return 100 / 3
    if "quarter" in s:
        return 25.0
    if m := re.search(r"(\w+)\s+in\s+(\w+)", s):
        a, b = _EN_SMALL.get(m.group(1)), _EN_SMALL.get(m.group(2))
        return 100 * a / b if a and b else None
    return None


def _shares(text: str, language: Language) -> list[re.Match[str]]:
    return list((_ZH_SHARE if language == "zh" else _EN_SHARE).finditer(text))


def _bound_end(text: str, f: Figure, language: Language) -> int | None:
    """Where the bound a figure sets ends, or None where the figure sets none."""
    end = f.start + len(f.written) + len(f.unit)
    if language == "en" and f.unit and not text[f.start + len(f.written):end].strip():
        end = f.start + len(f.written)  # "25 or over": the unit is said after
    after = text[end:]
    m = (_ZH_AFTER if language == "zh" else _EN_AFTER).match(after)
    if m:
        return end + m.end()
    if (_ZH_BEFORE if language == "zh" else _EN_BEFORE).search(text[:f.start].removesuffix("£").removesuffix("$")):
        return end
    return None


def bounds_group(f: Figure, text: str, language: Language) -> bool:
    """The figure sets the bound of a group that a share in the same sentence counts: a bound said after it
    (24℃及以下, "65 or over") anywhere in the sentence, one said before it (低于3000元, "more than 50 miles") only
    in the share's own clause, since "超过2000人参加，其中四成是游客", "Over 2,000 came, and 40% were tourists"
    give a level, not a group."""
    if f.measure == "share" or f.unit in ("%", "％", "percent"):
        return False
    end = f.start + len(f.written) + len(f.unit)
    after = (_ZH_AFTER if language == "zh" else _EN_AFTER).match(text[end:] if language == "zh" else text[
        f.start + len(f.written):].removeprefix(" " + f.unit).removeprefix(f.unit))
    stops = ("。；！？\n" if language == "zh" else ".;!?\n") if after else ("，,。；！？\n" if language == "zh" else
                                                                        ",.;!?\n")
    a = max(text.rfind(c, 0, f.start) for c in stops) + 1
    b = min([i for i in (text.find(c, f.start) for c in stops) if i >= 0] + [len(text)])
    shares = [m for m in _shares(text[a:b], language) if not (m.start() + a <= f.start < m.end() + a)]
    return bool(shares) and _bound_end(text, f, language) is not None


def group_shares(text: str, found: list[Figure], language: Language) -> ChartVisual | None:
    """Bars of the groups two or more clauses define by bounds, each at the share the clause gives it."""
    rows: list[tuple[str, str, float]] = []
    for m in re.finditer(r"[^，,；;。.!?！？]+" if language == "zh" else r"[^,;.!?]+(?:\.\d[^,;.!?]*)*", text):
        a, b = m.span()
        bounds = [(f, e) for f in found if a <= f.start < b and (e := _bound_end(text, f, language)) is not None]
        shares = _shares(text[a:b], language)
        if len(bounds) != 1 or len(shares) != 1:
            continue
        f, end = bounds[0]
        start = f.start
        head = text[a:f.start].removesuffix("£").removesuffix("$")
        before = (_ZH_BEFORE if language == "zh" else _EN_BEFORE).search(head)
        if before is not None:  # "低于3000元", "under £30,000": the bound word opens the label
            start = a + before.start()
        label = text[start:end].strip()
        value = _share_value(shares[0].group(), language)
        if value is None or not label:
            continue
        share = re.sub(r"^(?:only|just)\s+", "", shares[0].group().strip(), flags=re.IGNORECASE)
        rows.append((label, share, value))
    if len(rows) < 2 or len({r[0] for r in rows}) != len(rows):
        return None
    return ChartVisual(unit="", bars=[Bar(label=lab, value=v, number=x) for lab, v, x in rows[:5]], title="")
