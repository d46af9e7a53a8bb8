"""Comparisons an English sentence makes between things, not times, that no single figure rule sees.

Three forms (each drawn with the article's own words, or not at all):
- one item's figure and what all the items add up to ("38 kg a shop, or 532 kg across the chain"): side by side,
  never two bars of one scale, since a part against its whole is no contest;
- a figure set against another thing's ("78% rated it good, compared with 52% for the old phone line"), where
  the first thing is the new one the sentence names: bars by thing;
- clauses that each open on a named place and end on their figure ("at Mill Lane it is seven years; at Hollins
  Road it is two"): bars by place, the later figure in the first one's unit.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, CompareVisual
from storyboard.figures import EN_WORD_NUMBER, Figure, is_verb_en, number_value

__all__ = ["item_and_sum_en", "new_against_old_en", "places_en"]

_EN_EACH = re.compile(r"\b(?:each|every)\s+(?!day|week|month|year|hour|night|minute)[a-z]+", re.IGNORECASE)
_EN_PER_THING = re.compile(r"^(?P<base>.+?)\s+(?P<per>per\s+(?!day|week|month|year|hour|night|minute)[a-z]+)$",
                           re.IGNORECASE)
_EN_WHOLE = re.compile(r"^(?:\s+of\s+[a-z]+(?:\s+and\s+[a-z]+)?)?(?:\s+a\s+day)?\s+"
                       r"(?P<whole>across\s+(?:the|all|its|their)\s+[a-z]+(?:\s+[a-z]+)?"
                       r"|in\s+total|altogether|combined|in\s+all)\b", re.IGNORECASE)


def _unit_text(f: Figure, unit: str) -> str:
    return f.written + (" " if re.match(r"[A-Za-z]", unit) else "") + unit


def item_and_sum_en(found: list[Figure], narration: str) -> CompareVisual | None:
    """"each shop was throwing away about 38 kg…, or 532 kg across the chain", "16 kg per shop and 224 kg in
    total": the item's figure and the whole's, each under the words that say which."""
    for k, f in enumerate(found):
        per = _EN_PER_THING.match(f.unit)
        sentence_start = max(narration.rfind(c, 0, f.start) for c in ".!?;\n") + 1
        each = [m.group(0) for m in _EN_EACH.finditer(narration[sentence_start:f.start])]
        item = per.group("per") if per else (each[-1] if f.each == "item" and each else "")
        if not item:
            continue
        base = per.group("base") if per else f.unit
        for g in found[k + 1:]:
            end = g.start + len(g.written) + (len(g.unit) + 1 if g.unit else 0)
            whole = _EN_WHOLE.match(narration[end:])
            between = narration[f.start + len(f.written):g.start]
            if g.unit.lower() == base.lower() and g.scale > f.scale and whole and _restated(between):
                return CompareVisual(items=[item, whole.group("whole")],
                                     rows=[("", [_unit_text(f, base), _unit_text(g, g.unit)])])
    return None


def _restated(between: str) -> bool:
    """The whole is the item's figure said again for all ("…a day, or 532 kg", "16 kg per shop and 224 kg"), not
    a clause of its own ("and the fleet of six cost $12.6 million in total": a total, a stat by itself)."""
    return re.search(r"(?:,\s*or|\band)\s+(?:about\s+|nearly\s+|some\s+|roughly\s+)?[$€£¥]?$", between) is not None \
        and not any(is_verb_en(w) for w in re.findall(r"[A-Za-z]+", between)) and not re.search(r"[.!?;]\s", between)


_EN_NEW_OLD = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*(?P<unit>%|percent)\s+(?P<what>[a-z][a-z ,'-]{3,40}?),?\s+compared\s+"
                         r"(?:with|to)\s+(?P<b>\d+(?:\.\d+)?)\s*(?:%|percent)\s+for\s+(?:the\s+)?"
                         r"(?P<old>(?:old|previous|former|existing)\s+[a-z]+(?:\s+[a-z]+)?)\b", re.IGNORECASE)


def new_against_old_en(narration: str) -> ChartVisual | None:
    """"640 people who used the new service found that 78% rated it good, compared with 52% for the old phone
    line": the new thing the sentence names against the old one, bars by thing, titled by what was measured."""
    m = _EN_NEW_OLD.search(narration)
    if m is None:
        return None
    new = re.findall(r"\b(?:the|a|its|their)\s+(new\s+[a-z]+(?:\s+(?!that|which|who|found|and)[a-z]+)?)\b",
                     narration[:m.start()])
    if not new:
        return None
    bars = [Bar(label=new[-1], value=m.group("a"), number=float(m.group("a"))),
            Bar(label=m.group("old"), value=m.group("b"), number=float(m.group("b")))]
    return ChartVisual(unit=m.group("unit"), bars=bars, title=m.group("what").strip(" ,"))


_EN_PLACE_CLAUSE = re.compile(
    r"^\s*(?:and\s+|but\s+|while\s+)?(?:[Aa]t|[Ii]n|[Oo]n)\s+(?:[a-z ]{0,30},\s+)?"
    r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})(?:,[^,;.]{1,40})?,?\s+(?:it\s+|the\s+[a-z]+\s+)?(?:is|was|are|were|takes|took|costs?)\s+(?:now\s+)?"
    r"(?:closer\s+to\s+|about\s+|around\s+|nearly\s+|almost\s+|just\s+|only\s+|roughly\s+)?"
    rf"(?P<num>\d+(?:\.\d+)?|{EN_WORD_NUMBER})(?:\s+(?P<unit>minutes|hours|days|weeks|months|years|km|miles))?"
    r"\s*[.;]?\s*$")


def places_en(narration: str) -> ChartVisual | None:
    """"At the busiest site, Mill Lane, it is closer to seven years; at Hollins Road, on the edge of town, it is
    two": one measure at named places, said clause by clause, the unit given once."""
    rows = [m for part in re.split(r";|,\s+(?=while\b|whereas\b)", narration)
            if (m := _EN_PLACE_CLAUSE.match(part.strip()))]
    if len(rows) < 2 or len({m.group("place") for m in rows}) < len(rows) or not rows[0].group("unit"):
        return None
    unit = rows[0].group("unit")
    if any(m.group("unit") and m.group("unit") != unit for m in rows):
        return None
    values = [number_value(m.group("num")) for m in rows]
    if any(v is None for v in values):
        return None
    bars = [Bar(label=m.group("place"), value=m.group("num"), number=v) for m, v in zip(rows, values, strict=True)]
    return ChartVisual(unit=unit, bars=bars[:5], title="")
