"""A level set against what is needed or aimed at: "needs about 1,200 donations a week … Over the past month it
has averaged roughly 950", "The target is six days; at this point last winter the service held 4.5", "aims to
answer 90% of calls within a minute, but managed 72% last year", "每天需要20名志愿者，目前只有12名",
"目标是每年种树5000棵，今年只种了3200棵", "标准要求不少于8人，实际到岗5人". The gap between them is the
story; a stat of either alone hides it. Often the two sides sit in neighbouring sentences.

The need goes under the article's own word for it (needs, target, 需要, 目标); each level under the time said in
its clause (past month, last winter, 目前, 今年) or else its verb. Only figures of one unit (a later one may leave
the unit unsaid) and one kind; anything unsure is no chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import number_value

__all__ = ["need_against", "need_runs", "names_need"]

_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_EN_NUM = r"(?P<num>[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?%?|" + "|".join(_EN_WORDS) + r")"
_EN_FIG = re.compile(rf"(?<![\w.,]){_EN_NUM}(?:\s+(?P<unit>(?!a\b|an\b|of\b|and\b|per\b|to\b|in\b)[a-z]+))?(?![\w])",
                     re.I)
_EN_NEED = re.compile(r"\b(?P<cue>needs?|needed|requires?|required|target|goal|aims?|aimed|recommended|"
                      r"meant\s+to)\b[^.;!?\d]{0,30}?$", re.I)
_EN_TIME = re.compile(r"\b(?:(?:over\s+)?the\s+past\s+(?:month|week|year|fortnight)|(?:last|this)\s+(?:month|week|"
                      r"year|winter|summer|spring|autumn|season|quarter)|so\s+far|currently|now|in\s+\d{4})\b", re.I)
_EN_VERB = re.compile(r"\b(?P<verb>[a-z]+(?:ed|en|ld|ot|aw|as|ve|ing)(?:\s+to)?)\s+(?:about\s+|around\s+|roughly\s+|"
                      r"only\s+|just\s+|nearly\s+)*$", re.I)
_EN_NOT_VERB = {"was", "has", "have", "had", "need", "needed", "required", "aimed", "target", "targeted", "should"}

_ZH_NUM = r"(?P<num>\d+(?:\.\d+)?(?:万|亿)?|[一二两三四五六七八九十百千万]+)"
_ZH_FIG = re.compile(rf"{_ZH_NUM}(?P<unit>[名个人次份件天棵辆家所台张元%％]?)")
_ZH_NEED = re.compile(r"(?P<cue>需要|所需|需|目标|要求|标准|计划|应当|应该|至少要)[^，。；！？\d]{0,8}?$")
_ZH_TIME = re.compile(r"(?:目前|现在|眼下|实际|今年|去年|上个?月|本月|这个?月|上周|本周|截至目前|过去一个?月)")


def names_need(label: str, language: Language) -> bool:
    """The bar label is a need or target word ("target", "needs", "目标"): it names its side, though it is no time."""
    return bool((_ZH_NEED if language == "zh" else _EN_NEED).fullmatch(label))


def _en_value(written: str) -> float | None:
    if written.lower() in _EN_WORDS:
        return float(_EN_WORDS[written.lower()])
    m = re.search(r"\d[\d,]*(?:\.\d+)?", written)
    return float(m.group().replace(",", "")) if m else None


def _kind(written: str) -> str:
    return (written[0] if written[0] in "$€£¥" else "") + ("%" if written.endswith(("%", "％")) else "")


def _clause(text: str, at: int, marks: str) -> str:
    start = max(text.rfind(c, 0, at) for c in marks) + 1
    return text[start:at]


def _en(text: str) -> ChartVisual | None:
    figs = list(_EN_FIG.finditer(text))
    need = next((m for m in figs if _EN_NEED.search(_clause(text, m.start(), ".;!?"))), None)
    if need is None or len(figs) < 2:
        return None
    cue = _EN_NEED.search(_clause(text, need.start(), ".;!?")).group("cue")  # type: ignore[union-attr]
    unit = (need.group("unit") or "").lower().rstrip("'’")
    rows: list[tuple[str, str, float]] = []
    for m in figs:
        if m is need or _kind(m.group("num")) != _kind(need.group("num")):
            continue
        own = (m.group("unit") or "").lower().rstrip("'’")
        if own and own != unit and own not in ("a", "per"):
            continue
        if not own and m.start() < need.start():
            continue  # a figure without its unit refers back to the need's: one said before it is another measure
        if m.group("num").lower() in _EN_WORDS and not own:
            continue  # "three patients" or a bare "one": a worded number needs its unit to be a level
        clause = _clause(text, m.start(), ".;!?,")
        sentence = _clause(text, m.start(), ".;!?")
        times = list(_EN_TIME.finditer(sentence))
        time = times[-1] if times else None
        if time is not None and any(sentence.find(f.group("num"), time.end()) >= 0 for f in figs if f is not m):
            time = None  # "Over the past month it averaged 950, and stocks have fallen to 3.1": 950's time, not 3.1's
        verb = _EN_VERB.search(clause)
        label = time.group() if time else (verb.group("verb") if verb and verb.group("verb").lower()
                                           not in _EN_NOT_VERB else "")
        value = _en_value(m.group("num"))
        if not label or value is None:
            return None
        rows.append((re.sub(r"^(?:over\s+)?the\s+", "", label, flags=re.I), m.group("num"), value))
    need_value = _en_value(need.group("num"))
    if not rows or need_value is None or len(rows) > 3 or len({r[0].lower() for r in rows}) != len(rows):
        return None
    bars = [Bar(label=cue, value=need.group("num"), number=need_value)]
    bars += [Bar(label=label, value=v, number=x) for label, v, x in rows]
    return ChartVisual(unit=unit, bars=bars, title="")


def _zh(text: str) -> ChartVisual | None:
    figs = [m for m in _ZH_FIG.finditer(text) if number_value(m.group("num")) is not None]
    need = next((m for m in figs if _ZH_NEED.search(_clause(text, m.start(), "，。；！？"))), None)
    if need is None or len(figs) < 2:
        return None
    cue = _ZH_NEED.search(_clause(text, need.start(), "，。；！？")).group("cue")  # type: ignore[union-attr]
    rows: list[tuple[str, str, float]] = []
    for m in figs:
        if m is need or _kind(m.group()) != _kind(need.group()):
            continue
        if m.group("unit") and need.group("unit") and m.group("unit") != need.group("unit"):
            continue
        if not m.group("unit"):
            continue  # a bare number in Chinese is seldom a level (二十四小时, 三年前)
        time = _ZH_TIME.search(_clause(text, m.start(), "，。；！？"))
        value = number_value(m.group("num"))
        if time is None or value is None:
            return None
        rows.append((time.group(), m.group(), value))
    need_value = number_value(need.group("num"))
    if not rows or need_value is None or len(rows) > 3 or len({r[0] for r in rows}) != len(rows):
        return None
    bars = [Bar(label=cue, value=need.group(), number=need_value)]
    bars += [Bar(label=label, value=v, number=x) for label, v, x in rows]
    return ChartVisual(unit="", bars=bars, title="")


def need_against(text: str, language: Language) -> ChartVisual | None:
    """The need or target and the level(s) set against it, as bars; None where the text tells no such pair."""
    return _zh(text) if language == "zh" else _en(text)


class _Told(Protocol):
    index: int
    paragraph: int
    text: str


def need_runs(chosen: Sequence[_Told], language: Language) -> dict[int, ChartVisual]:
    """For a need said in one narrated sentence and the level in the next (same paragraph), the chart of both:
    the shots telling either show it."""
    out: dict[int, ChartVisual] = {}
    for a, b in zip(chosen, chosen[1:], strict=False):
        if b.index != a.index + 1 or b.paragraph != a.paragraph:
            continue
        joined = a.text + ("" if language == "zh" else " ") + b.text
        chart = need_against(joined, language)
        alone = max((len(c.bars) for c in (need_against(a.text, language), need_against(b.text, language)) if c),
                    default=0)
        if chart is not None and len(chart.bars) > alone:
            out.setdefault(a.index, chart)
            out.setdefault(b.index, chart)
    return out
