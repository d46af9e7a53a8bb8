"""What tells the two ends of a change apart when no date does: the means, place or case said beside each figure.

"bills fell from $2,150 a winter with heating oil to $1,380 with a heat pump", "the trip went from 50 minutes by
bus to 20 by bike", "from 600 in March to 900 in May", "取暖费从烧煤时的每年3000元降到改用空气能后的1200元",
"从用燃气每月300元降到用电后120元": a bar labelled "from" / "to" says nothing the chart's order does not; the words
beside each figure say what changed. Both ends must have such words, and different ones, else no labels.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers

__all__ = ["beside_pair_en", "means_labels"]

_EN_PREP = re.compile(r"\b(?:with|by|using|on|for|in|under|via|through|at)\s+"
                      r"(?P<what>[a-z][\w'’-]*(?:\s+[\w'’-]+){0,3})\s*$", re.I)
_EN_STOP = re.compile(r"[,.;:!?()]|\s(?:to|from|and|but|while|whereas|compared|against|versus|than|up|down)\s")
_EN_LEAD = re.compile(r"^(?:the|a|an|its|their|his|her|our|your|each|every)\s+", re.I)
_EN_NOT = {"one", "ones", "it", "them", "average", "total", "all", "top", "sale", "time", "part", "fact", "turn",
           "that", "this", "which", "what", "there", "percent", "per", "cent"}
_ZH_MEANS = re.compile(r"(?P<what>(?:改用|换用|使用|换成|改成|用上|用|烧|靠|开|坐|乘|骑)[\u4e00-\u9fff]{1,6}?"
                       r"(?:时|后|以后|之后|的时候)?)的?(?:每[个]?[\u4e00-\u9fff]{1,2}|约|大约|近)*$")


def _en_after(f: Figure, narration: str, stop_at: int) -> str:
    """The thing after "with/by/in/…" said right after the figure, before the next clause or figure."""
    rest = narration[f.start + len(f.written):stop_at]
    stop = _EN_STOP.search(rest)
    seg = rest[:stop.start()] if stop else rest
    if re.search(r"\d", seg):
        return ""
    m = _EN_PREP.search(seg)
    if m is None:
        return ""
    what = _EN_LEAD.sub("", m.group("what").strip())
    words = what.split()
    if not words or words[-1].lower() in _EN_NOT or words[0].lower() in _EN_NOT:
        return ""
    return what


def _zh_before(f: Figure, narration: str, start_at: int) -> str:
    """The means said right before the figure (从用煤时的3000元, 降到改用电后的1200元), within its clause."""
    head = narration[start_at:f.start]
    head = head[max(head.rfind(c) for c in "，。；！？,从到至为") + 1:]
    m = _ZH_MEANS.search(head)
    return m.group("what") if m else ""


def means_labels(a: Figure, b: Figure, narration: str, language: Language) -> list[str] | None:
    """Labels for the change from `a` to `b` by what is said beside each figure; None where either has none or
    both have the same."""
    if not narration or a.start == b.start:
        return None
    first, second = sorted((a, b), key=lambda f: f.start)
    if language == "zh":
        sides = {first.start: _zh_before(first, narration, 0),
                 second.start: _zh_before(second, narration, first.start + len(first.written))}
    else:
        sides = {first.start: _en_after(first, narration, second.start),
                 second.start: _en_after(second, narration, len(narration))}
    labels = [sides[a.start], sides[b.start]]
    if not all(labels) or labels[0].lower() == labels[1].lower():
        return None
    return labels


_EN_GAP_WORDS = {"and", "but", "while", "whereas", "compared", "with", "to", "against", "versus", "only", "just",
                 "about", "around", "nearly", "roughly", "some", "almost", "under", "over", "or"}
_EN_JOIN = re.compile(r"\b(?:and|but|while|whereas|compared\s+(?:with|to)|against|versus)\b|,", re.I)


def beside_pair_en(narration: str) -> ChartVisual | None:
    """"A load costs $40 by van and $25 by cargo bike", "50 minutes by bus but only 20 minutes by bike", "$12 for
    adults and $6 for children": two figures of one measure in one sentence, each followed by what it is for or
    by; bars labelled by those words. None unless both have them, different, and the sentence joins the two."""
    found = sorted(numbers(narration, "en"), key=lambda f: f.start)
    if len(found) != 2:
        return None
    a, b = found
    if a.measure != b.measure or re.search(r"[.;!?]\s", narration[a.start:b.start]):
        return None
    if not _EN_JOIN.search(narration[a.start + len(a.written):b.start]):
        return None
    labels = means_labels(a, b, narration, "en")
    if labels is None:
        return None
    gap = narration[narration.find(labels[0], a.start) + len(labels[0]):b.start]
    if set(re.findall(r"[a-z]+", gap.lower())) - _EN_GAP_WORDS:  # "raised $400 in March and spent $250": two acts
        return None
    one_unit = a.unit == b.unit or not b.unit
    bars = [Bar(label=lab, value=f.written if one_unit else f"{f.written} {f.unit}".strip(), number=f.scale)
            for f, lab in zip((a, b), labels, strict=True)]
    title = a.label if a.label and not any(a.label in lab or lab in a.label for lab in labels) else ""
    return ChartVisual(unit=a.unit if one_unit else "", bars=bars, title=title)
