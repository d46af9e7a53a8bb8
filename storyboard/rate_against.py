"""One quantity told twice with the same verb, then and now: "每名教练平均要带三十五个学员，而三年前只需要带二十人
左右", "each nurse now looks after 12 patients, while five years ago a nurse looked after 8",
"现在每辆车一天要跑十二趟，去年只跑七趟". The sentence's point is the change in that quantity (often a rate per person),
not the larger count said first (42名教练); the two are drawn as bars by their times, in time order, each value in
its own words (三十五个 against 二十人: the classifier may change, the thing counted does not).
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers
from storyboard.sides import time_en, time_spans, time_zh
from storyboard.time_rank import in_time_order, time_rank

__all__ = ["rate_against"]

_ZH_SOFT = re.compile(r"(?:平均|大约|约|近|将近|只|仅|才|就|足足|还|也|都|要|需要|得|能|可以|会)+$")
_ZH_AGO = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)(?:年|个月|周|天)(?:前|以前|之前)")
_EN_SOFT = re.compile(r"(?:\s+(?:about|around|nearly|roughly|only|just|some|almost|an\s+average\s+of|on\s+average))+$",
                      re.I)
_ZH_EACH = re.compile(r"每(?:名|个|位|辆|台|户|家|所|间|条)[\u4e00-\u9fff]{1,4}?"
                      r"(?=平均|每|一|要|需|能|可|得|[\u4e00-\u9fff]?$)")


def _verb_zh(before: str) -> str:
    head = _ZH_SOFT.sub("", before)
    return head[-1] if head and "\u4e00" <= head[-1] <= "\u9fff" and head[-1] not in "的是了在有为和与及从到约" else ""


def _verb_en(before: str) -> str:
    head = _EN_SOFT.sub("", before.rstrip())
    m = re.search(r"([a-z]{3,})$", head)
    if m is None or m.group(1) in ("the", "and", "with", "than", "was", "were", "are", "has", "had", "have", "from",
                                   "for", "per", "about", "its", "their", "only", "just", "some", "over"):
        return ""
    return m.group(1)[:4]  # "trains" / "trained": one verb


def _time_of(text: str, language: Language) -> str:
    if language == "zh":
        ago = list(_ZH_AGO.finditer(text))
        said = time_zh(text)
        if ago and (not said or text.rfind(said) < ago[-1].start()):
            return ago[-1].group()
        return said
    return time_en(text)


def rate_against(narration: str, language: Language) -> ChartVisual | None:
    """Bars for the quantity said twice with one verb across a contrast, by each one's time; None where the
    sentence does not say it so (no shared verb, no contrast, a time missing or the same for both)."""
    spans = time_spans(narration, language) + [m.span() for m in _ZH_AGO.finditer(narration)]
    found = sorted((f for f in numbers(narration, language) if not any(a <= f.start < b for a, b in spans)),
                   key=lambda f: f.start)
    stops = "，。；！？,;" if language == "zh" else ".;!?"
    for f, g in zip(found, found[1:], strict=False):
        between = narration[f.start + len(f.written):g.start]
        if language == "en" and (f.unit and g.unit and f.unit != g.unit):
            continue
        clause_f = narration[max([narration.rfind(c, 0, f.start) for c in stops] + [-1]) + 1:f.start]
        verb = _verb_zh if language == "zh" else _verb_en
        if not verb(clause_f) or verb(clause_f) != verb(between):
            continue
        sentence = narration[max([narration.rfind(c, 0, f.start) for c in "。！？.!?"] + [-1]) + 1:f.start]
        rest = narration[g.start + len(g.written):]
        rest = rest[:min([i for i in (rest.find(c) for c in stops) if i >= 0] + [len(rest)])]
        times = [_time_of(sentence, language), _time_of(between, language) or _time_of(rest, language)]
        if any(t and t in between for t in times[:1]):  # the first figure's time must be said before it
            continue
        if not all(times) or any(time_rank(t, language) is None for t in times):
            continue
        order = in_time_order(times, language)
        if order is None:
            continue
        figs: list[Figure] = [f, g]
        one_unit = f.unit == g.unit
        bars = [Bar(label=times[k] if language == "zh" else times[k][:1].upper() + times[k][1:],
                    value=figs[k].written if one_unit else figs[k].written + figs[k].unit, number=figs[k].scale)
                for k in order]
        each = _ZH_EACH.search(clause_f) if language == "zh" else None
        return ChartVisual(unit=f.unit if one_unit else "", bars=bars, title=each.group() if each else "")
    return None
