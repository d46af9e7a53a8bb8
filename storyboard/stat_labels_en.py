"""English stat labels that say what a figure measures rather than who said or spent it: "the council spent
£2.1 million on electricity for street lighting" is labelled by what the money went on, not "council"; "with
two-thirds of the network converted" by "of the network converted", not "network"; "9,800 have been changed so far,
or 69% of the total" by what the share has been ("changed so far"), not left a bare number or a scene.
"""

from __future__ import annotations

import re

from storyboard.figures import Figure

__all__ = ["spent_on_en", "share_done_en", "counted_label_en"]

_SPEND = re.compile(r"\b(?:spent|spends|spend|spending|paid|pays|pay|invested|invests|invest|put|puts|poured|pours|"
                    r"budgeted|allocated|allocates|set\s+aside|sets\s+aside|earmarked|committed|devoted|lost|wasted|"
                    r"saved|saves)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|over\s+|"
                    r"more\s+than\s+|less\s+than\s+|just\s+over\s+|just\s+under\s+)?[$€£¥]?$", re.IGNORECASE)
_WHEN = r"(?:(?:a|each|every|per|last|this|next)\s+(?:year|month|week|day)\s+)?"
_ON = re.compile(rf"^\s*{_WHEN}(?:on|for|into|in)\s+(?P<what>(?:the\s+|its\s+|their\s+)?[a-z][\w'’-]*"
                 rf"(?:\s+[a-z][\w'’-]*){{0,5}})", re.IGNORECASE)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DATE = re.compile(rf"^\s*(?:in|on|by|during|since|over|between)\s+(?:(?:early|late|mid-?)\s*)?"
                   rf"(?:(?:{_MONTHS})\.?(?:\s+\d{{1,2}})?(?:,?\s+(?:19|20)\d{{2}})?|(?:19|20)\d{{2}})\b")
_LABEL_STOP = re.compile(r"\s+(?:and\s+(?:the|it|they|a|an|this|that|its|their|he|she|we|will|is|was)\b|"
                         r"(?:last|this|next|a|each|every|per|in|to|but|which|that|who|while|because|"
                         r"since|after|before|when|compared)\b).*$", re.IGNORECASE)

_PARTICIPLE = r"(?:[a-z]+(?:ed|en)|done|built|sold|made|fitted|paid|set\s+up|put\s+in|under\s+way|complete|finished)"
_OF_DONE = re.compile(rf"^\s+(?P<label>of\s+(?:the\s+|its\s+|their\s+|all\s+)?[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?\s+"
                      rf"(?:now\s+|already\s+)?{_PARTICIPLE}(?:\s+(?:so\s+far|already|to\s+date|by\s+now))?)\b",
                      re.IGNORECASE)
_OF_TOTAL = re.compile(r"^\s*(?:%|per\s*cent|percent)?\s+of\s+(?:the\s+|all\s+|its\s+)?(?:total|them|target|"
                       r"planned|plan|those|all)\b", re.IGNORECASE)
_DONE = re.compile(rf"\b(?:ha(?:ve|s|d)\s+(?:now\s+|already\s+)?been|are\s+now|is\s+now|are|is|were|was)\s+"
                   rf"(?:now\s+|already\s+)?(?P<label>{_PARTICIPLE}(?:\s+(?:so\s+far|already|to\s+date|by\s+now|"
                   rf"this\s+year))?)\b", re.IGNORECASE)


def spent_on_en(f: Figure, narration: str) -> str:
    """"spent £2.1 million on electricity for street lighting" → "electricity for street lighting": money a
    verb of spending moves is named by what it went on."""
    if f.measure not in ("£", "$", "€", "¥"):
        return ""
    before = narration[:f.start]
    if not _SPEND.search(before):
        return ""
    end = f.start + len(f.written)
    after = narration[end:]
    if f.unit and after.startswith(" " + f.unit):
        after = after[len(f.unit) + 1:]
    after = _DATE.sub("", after)  # "paid $85,000 in October 2025 for software": when, then what it went on
    m = _ON.match(after)
    if m is None:
        return ""
    what = _LABEL_STOP.sub("", re.split(r"[,.;:!?]", m.group("what"))[0]).strip()
    what = re.sub(r"\s+(?:for|of|on|with)$", "", what)
    what = re.sub(r"^(?:its|their|his|her|our|the)\s+", "", what, flags=re.IGNORECASE)
    return what if 1 <= len(what.split()) <= 6 else ""


def share_done_en(f: Figure, narration: str) -> str:
    """A share of a whole that is done: "two-thirds of the network converted" → "of the network converted"; "9,800
    have been changed so far, or 69% of the total" → "changed so far" (what the share says of the total)."""
    if f.measure not in ("share", "%"):
        return ""
    end = f.start + len(f.written)
    m = _OF_DONE.match(narration[end + (len(f.unit) if narration[end:].startswith(f.unit) else 0):])
    if m:
        return m.group("label")
    if not _OF_TOTAL.match(narration[end:]):
        return ""
    clause_start = max((c.end() for c in re.finditer(r"[.;!?](?:\s|$)", narration[:f.start])), default=0)
    done = _DONE.search(narration[clause_start:f.start])
    return done.group("label") if done else ""


# --- what a count's clause says of the things it counts --------------------------------------------------------------

_EN_PLACE = re.compile(r"^\s*(?:(?:in|across|around|on|at|within|throughout)\s+(?:the\s+|its\s+|their\s+)?"
                       r"(?:[A-Za-z][\w'’-]*\s+){0,2}?[A-Za-z][\w'’-]*\s+)?", re.IGNORECASE)
_EN_PREDICATE = re.compile(r"^(?:(?:are|were|is|was)\s+(?:now\s+|still\s+|currently\s+)?|(?:have|has)\s+been\s+|"
                           r"(?:now\s+|still\s+)?)(?P<what>[a-z][\w'’-]*(?:\s+[\w'’-]+){0,6}?)"
                           r"(?=\s*(?:[,;:.!?]|\s+(?:and|but|while|although|though|so)\s|$))", re.IGNORECASE)
# what opens no predicate: a noun phrase or a time ("plows this winter", "degrees all year") is no verb said of them
_EN_NOT_PREDICATE = re.compile(r"^(?:a|an|the|of|that|which|who|than|more|less|to|and|or|each|per|in|on|at|for|all|"
                               r"this|last|next|every|some|most|many|few|very|so|too|a\s+day|a\s+year)\b",
                               re.IGNORECASE)


_EN_OPEN_QUESTION = re.compile(r"\b(?:whether|if|unless|until|once|when|whenever|before)\b[^,;:.!?]*$", re.IGNORECASE)


def counted_label_en(f: Figure, narration: str) -> str:
    """"Only 19 firms in the county are certified to fit heat pumps": a count with no label is labelled by what its
    clause says of the things counted ("certified to fit heat pumps"), so the stat never shows "19 firms" as if the
    number of firms were the news. Likewise "just 40 buses run after midnight", "12 schools now offer Latin",
    "only 6 clinics have been fitted with ramps". Empty when the clause says nothing of them there."""
    if f.label or not f.counted or not f.unit:
        return ""
    at = narration.find(f.unit, f.start + len(f.written))
    if at < 0 or narration[f.start + len(f.written):at].strip():
        return ""
    rest = narration[at + len(f.unit):]
    rest = rest[_EN_PLACE.match(rest).end():] if rest[:1] == " " else rest
    m = _EN_PREDICATE.match(rest.strip())
    if m is None or _EN_NOT_PREDICATE.match(m.group("what")):
        return ""
    what = m.group("what")
    if _EN_OPEN_QUESTION.search(narration[:f.start]):  # "whether the borough's 14 gritters go out": not a finding
        return ""
    return what if 2 <= len(what.split()) <= 7 else ""
