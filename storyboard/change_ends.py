"""What each end of a change is, when the sentence says it beside its figure: "bills fell from $2,150 a winter with
heating oil to $1,380 with a heat pump", "the trip went from 50 minutes by bus to 20 by bike", "从燃煤时的每月900元降到
用空气能后的500元". Bars labelled "from" and "to" say only that something changed; the two conditions say what
was compared, which is the point of the sentence."""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.figures import Figure
from storyboard.segment import EN_STOPWORDS

__all__ = ["end_conditions"]

# "with heating oil", "by bus", "using LED lamps", "on the old tariff", "under the new rules": what the figure holds for
_EN_CONDITION = re.compile(r"^[^,;.!?\d]*?\b(?:with|using|by|on|under|via|through)\s+(?:a|an|the|its|their)?\s*"
                           r"(?P<what>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2}?)(?=\s*(?:$|[,;.!?]|\s(?:to|and|"
                           r"but|while|a|per|each|in|for|from)\b))", re.IGNORECASE)
_EN_NOT = re.compile(r"^(?:about|around|nearly|almost|some|over|under|more|less|average|far|contrast|comparison|"
                     r"then|now|the|a|an)$", re.IGNORECASE)


def _condition_en(text: str) -> str:
    m = _EN_CONDITION.match(text)
    if not m:
        return ""
    words = m.group("what").split()
    if not words or _EN_NOT.match(words[0]) or words[-1].lower() in EN_STOPWORDS:
        return ""
    return m.group("what")


def end_conditions(a: Figure, b: Figure, narration: str, language: Language) -> list[str]:
    """The condition said right after each end's figure ("with heating oil", "with a heat pump") as its label;
    ["", ""] unless both ends have one and they differ."""
    if language != "en" or not narration or b.start <= a.start:
        return ["", ""]
    end_a = a.start + len(a.written)
    first = _condition_en(narration[end_a:b.start])
    second = _condition_en(narration[b.start + len(b.written):])
    if not first or not second or first.lower() == second.lower():
        return ["", ""]
    return [first, second]
