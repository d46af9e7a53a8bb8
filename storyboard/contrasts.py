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
from storyboard.figures import EN_WORD_NUMBER, Figure, is_verb_en, number_value, with_unit

__all__ = ["item_and_sum_en", "new_against_old_en", "places_en", "thing_against_thing_en"]

_EN_EACH = re.compile(r"\b(?:each|every)\s+(?!day|week|month|year|hour|night|minute)[a-z]+", re.IGNORECASE)
_EN_PER_THING = re.compile(r"^(?P<base>.+?)\s+(?P<per>per\s+(?!day|week|month|year|hour|night|minute)[a-z]+)$",
                           re.IGNORECASE)
_EN_WHOLE = re.compile(r"^(?:\s+of\s+[a-z]+(?:\s+and\s+[a-z]+)?)?(?:\s+a\s+day)?\s+"
                       r"(?P<whole>across\s+(?:the|all|its|their)\s+[a-z]+(?:\s+[a-z]+)?"
                       r"|in\s+total|altogether|combined|in\s+all)\b", re.IGNORECASE)


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
                                     rows=[("", [with_unit(f, base), with_unit(g)])])
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


_EN_NAME_LEADS = re.compile(r"(?:^|[.;:!?]\s+|,\s+(?:and\s+|while\s+|but\s+)?)(?P<name>(?:[A-Z][\w'’-]*\s+){0,3}?"
                            r"[A-Z][\w'’-]*)\s+(?:[a-z]+\s+){1,3}?(?:with|at|on|to|by)\s+(?:about\s+|around\s+|"
                            r"nearly\s+|roughly\s+|some\s+)?[$€£¥]?$")


def named_ranks_en(chart: ChartVisual | None, found: list[Figure], narration: str) -> ChartVisual | None:
    """"Maple Hill led with 81% of households…, Eastgate followed at 67%": where the other bars are named places
    or things, a bar labelled by the lower-case noun its figure counts (households) is named by the name that opens
    its clause instead, so no bar reads as the measure against the things."""
    if chart is None or not any(b.label[:1].isupper() for b in chart.bars):
        return chart
    bars = []
    for bar in chart.bars:
        f = next((g for g in found if g.written.lstrip("$€£¥") == bar.value.lstrip("$€£¥") and g.label == bar.label),
                 None)
        m = _EN_NAME_LEADS.search(narration[:f.start]) if f is not None and bar.label[:1].islower() else None
        name = m.group("name") if m else ""
        bars.append(bar.model_copy(update={"label": name}) if name and name not in {b.label for b in chart.bars}
                    else bar)
    return chart.model_copy(update={"bars": bars})


_EN_AMOUNT = r"[$€£¥]?\d[\d,]*(?:\.\d+)?"
_EN_APPROX = r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|just\s+|only\s+|over\s+|under\s+)?"
_EN_THING_AGAINST = re.compile(
    rf"(?P<a>{_EN_AMOUNT})(?:\s*(?P<mag>million|billion|thousand))?\s*(?P<unit>%|[A-Za-z][\w]*(?:\s+(?:a|an|per)\s+"
    r"(?:day|week|month|year|hour|night|mile|km|head|person))?)?(?:\s+to\s+[a-z]+)?,?\s+"
    r"(?:compared\s+(?:with|to)|against|versus|vs\.?|as\s+against|as\s+opposed\s+to)\s+"
    rf"{_EN_APPROX}(?P<b>{_EN_AMOUNT})(?:\s*(?P<bmag>million|billion|thousand))?(?:\s*(?P<bunit>%|[A-Za-z]\w*"
    r"(?:\s+(?:a|an|per)\s+[a-z]+)?))??\s+(?:for|with|on|from|in|at)\s+(?P<other>(?:the|a|an|its|their|an?\s+)?"
    r"[a-z][\w-]*(?:\s+(?!it\b|that\b|which\b|who\b|they\b|in\b|on\b|at\b|it's\b)[a-z][\w-]*){0,3})"
    r"(?=\s+(?:it|that|which|who|they|in|on|at)\b|\s*[.,;!?]|\s*$)")
_EN_LEAD_WORDS = {"a", "an", "the", "each", "every", "one", "its", "their", "our"}
_EN_PRONOUN_WORDS = {"it", "they", "this", "that", "these", "those", "he", "she", "we", "you", "there"}
_EN_MAG = {"million": 1e6, "billion": 1e9, "thousand": 1e3}


def _subject_before(clause: str) -> str:
    """"A new LED lantern draws": the noun phrase before the clause's verb (its last word), the article dropped."""
    words = re.findall(r"[A-Za-z][\w'’-]*", clause)
    if len(words) < 2 or re.search(r"\d", clause):
        return ""
    words = words[:-1]
    while words and words[0].lower() in _EN_LEAD_WORDS:
        words = words[1:]
    if not 1 <= len(words) <= 5 or words[0].lower() in _EN_PRONOUN_WORDS or is_verb_en(words[-1]):
        return ""
    return " ".join(words)


def thing_against_thing_en(narration: str) -> ChartVisual | None:
    """"A new LED lantern draws 40 watts, compared with 110 watts for the old sodium lamp it replaces", "a heat
    pump uses 3,000 kWh a year, versus 11,000 kWh for a gas boiler": the sentence's subject against the thing the
    other figure is for, bars by thing in one unit; where either name is unsure, no chart."""
    m = _EN_THING_AGAINST.search(narration)
    if m is None:
        return None
    unit, bunit = (m.group("unit") or "").strip(), (m.group("bunit") or "").strip()
    if bunit and unit and not unit.lower().startswith(bunit.lower()) or (m.group("mag") or "") != (
            m.group("bmag") or m.group("mag") or ""):
        return None
    clause = narration[max(narration.rfind(c, 0, m.start()) for c in ".;:!?\n") + 1:m.start()]
    subject = _subject_before(clause)
    other = re.sub(r"^(?:the|a|an|its|their)\s+", "", m.group("other"))
    if not subject or not other or other.lower() == subject.lower() or other.split()[-1] in ("one", "ones"):
        # "against 31p for a diesel one": a name the article never writes whole is no label
        return None
    mag = _EN_MAG.get(m.group("mag") or "", 1.0)
    values = [float(m.group(g).lstrip("$€£¥").replace(",", "")) * mag for g in ("a", "b")]
    shown = [m.group(g) + (" " + m.group("mag") if m.group("mag") else "") for g in ("a", "b")]
    bars = [Bar(label=subject, value=shown[0], number=values[0]), Bar(label=other, value=shown[1], number=values[1])]
    return ChartVisual(unit=unit, bars=bars, title="")
