"""Figures that set a sentence's frame rather than say its point: the pool something is ranked or counted in
("在全市47条微循环线路中，湖03路排第二", "among the city's 47 routes", "out of 120 schools") and the condition two
things are compared under ("同样四周，夏令营要两千到三千元", "for the same four weeks", "over an identical 12
months"). Drawn alone as a stat they would pass the frame off as the news (全市 47, 四 周), so a stat never
shows them; the point (a rank, a price) is drawn, or no stat at all.
"""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.figures import Figure

__all__ = ["frame_figure"]

_ZH_POOL_BEFORE = re.compile(r"(?:在|从|于)[^，,。；;！？：:\d]{0,12}$")
_ZH_POOL_AFTER = re.compile(r"^[^，,。；;！？：:\d]{0,14}?(?:中|里|当中|之中|里面|以内)(?:[，,]|$)")
_ZH_SAME = re.compile(r"(?:同样|同样是|同是|都是|相同的|同等的?|一样的?)(?:约|大约)?$")
_EN_POOL = re.compile(r"\b(?:among|out\s+of|of\s+(?:the|its|their|all)(?:\s+[\w'’-]+){0,3}?|across\s+(?:all\s+)?"
                      r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}?)\s*(?:all\s+)?$", re.IGNORECASE)
_EN_RANKED = re.compile(r"\b(?:first|second|third|fourth|fifth|top|bottom|ranks?|ranked|placed?|most|fewest|least|"
                        r"best|worst|busiest|largest|biggest|highest|lowest|smallest|longest|shortest|cheapest|"
                        r"dearest|oldest|newest|only\s+to|behind|ahead\s+of)\b", re.IGNORECASE)
_EN_SAME = re.compile(r"\b(?:for|over|across|in|during)\s+(?:the\s+)?(?:same|identical|equal|comparable)\s+"
                      r"(?:about\s+|some\s+)?$", re.IGNORECASE)


def _clause_start(text: str, at: int) -> int:
    return max((m.end() for m in re.finditer(r"[，,。；;！？：:]\s*|[.;!?](?:\s+|$)", text[:at])), default=0)


def frame_figure(f: Figure, narration: str, language: Language) -> bool:
    """Whether the figure is the pool the sentence ranks or counts in, or the condition it compares under."""
    before = narration[:f.start]
    after = narration[f.start + len(f.written) + len(f.unit):]
    if language == "zh":
        if _ZH_SAME.search(before):
            return True
        return bool(_ZH_POOL_BEFORE.search(before)) and bool(_ZH_POOL_AFTER.match(after))
    if _EN_SAME.search(before):
        return True
    clause = before[_clause_start(narration, f.start):]
    if not _EN_POOL.search(clause) or re.search(r"(?<!out)\s+of\s*$", " " + clause.lower()) and not re.search(
            r"\b(?:the|its|their|all)\b", clause[-30:]):
        return False
    rest = re.split(r"[.;!?](?:\s+|$)", narration[f.start:], maxsplit=1)[0]
    return bool(_EN_RANKED.search(rest))
