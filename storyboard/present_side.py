"""The unsaid side of a "now against then" pair: "the wait has reached 19 weeks, compared with 9 weeks in 2019",
"fares now stand at $3.10, against $2.40 in 2020", "the queue is currently 40 minutes, up from 15 last year".
Only the earlier figure names its time; the other is told in the present (has reached, now, currently), so it
is today's level and its bar is "Now". A figure told in the past ("produced 19 tonnes, compared with 9 in
2019") names no time at all and stays unlabelled: its side is unknown.
"""

from __future__ import annotations

import re

__all__ = ["present_side_en", "restates_figure"]

_PAST = re.compile(r"^(?:(?:in\s+)?(?:19|20)\d\d|last\s+\w+|a\s+year\s+(?:ago|earlier)|\w+\s+years?\s+ago|"
                   r"before\s+the\s+\w+)$", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:(?:has|have)\s+(?:now\s+)?(?:reached|risen|grown|climbed|fallen|dropped|hit|become|"
                      r"gone\s+up|gone\s+down|increased|decreased|doubled|stretched|lengthened)|(?:is|are)\s+now|"
                      r"now\s+(?:stands?|is|are|takes?|averages?|costs?|runs?|sits?)|currently|these\s+days|"
                      r"today)\b", re.IGNORECASE)


def present_side_en(said: str, before_other: str, article_text: str) -> str:
    """"Now" for the figure told in the present against one said at an earlier time; "" otherwise."""
    if not _PAST.match(said.strip()) or not _PRESENT.search(before_other):
        return ""
    m = re.search(r"\bnow\b", article_text, re.IGNORECASE)
    return "Now" if m else ""


# a subject that only points back at a figure ("the figure is now 38 minutes", "这一数字如今降到…") names no second
# thing: the two figures are one measure at two times, and bars by subject would call them two things
_BACK = {"en": re.compile(r"^(?:figure|number|total|rate|level|average|count|tally|share|proportion|it|this|that)$",
                          re.IGNORECASE),
         "zh": re.compile(r"^(?:这一?|该|这个)?(?:数字|数据|比例|数量|比重)$|^[它这该]$")}


def restates_figure(labels: list[str], language: str) -> bool:
    """Some bar is labelled by a word that only refers back to a figure."""
    return any(_BACK["zh" if language == "zh" else "en"].match(label.strip()) for label in labels)
