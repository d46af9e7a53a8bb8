"""A comparison whose verb is said once and left out after ("gapping"): "Last month the town hall session
collected 212 donations, the sports centre 148 and the university library just 61", "Oakfield sold 340 tickets,
Brampton 290 and Lee Green only 85", "The north depot handled $1.2 million, the south depot $800,000",
"本月东区受理了212件，西区148件，北区只有61件". Each later clause is a name and a figure alone; the first
clause says what they all did. Drawing the first figure alone (an unlabelled stat) hides the comparison, which is
the sentence's point: the figures go as bars under their names, the first under its clause's subject.

Only where every figure is of one kind and any unit said again is the first's; a later clause with a verb of its
own is no gapped clause, and a sentence with fewer than two names is no comparison.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.leaders import kind_of, value_of

__all__ = ["gapped"]

_NUM = r"[$€£¥]?\d(?:[\d,]*\d)?(?:\.\d+)?(?!\.?\d)(?:\s*%|\s+(?:million|billion|thousand))?"
_HEDGE = r"(?:just|only|about|around|roughly|nearly|almost|barely|some|a\s+mere|fewer\s+than|under|over)"
_FIRST = re.compile(rf"(?P<before>[^.;!?]*?)\s(?:{_HEDGE}\s+)?(?P<num>{_NUM})(?:\s+(?P<unit>[a-z]+))?"
                    r"(?=\s*,|\s+and\b|\s*;)")
_NEXT = re.compile(rf"\s*(?:,|;)?\s*(?:and|while|but|whereas)?\s*(?:the\s+)?(?P<name>[A-Za-z][\w'’-]*"
                   rf"(?:\s+[A-Za-z][\w'’-]*){{0,3}}?)\s+(?:{_HEDGE}\s+)?(?P<num>{_NUM})(?:\s+(?P<unit>[a-z]+))?"
                   r"(?=\s*[,;.!?]|\s+and\b|\s*$)")
_STOP = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "and", "while",
         "but", "whereas", "month", "week", "year", "day", "yesterday", "today", "weekend", "season", "quarter",
         "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "last", "in", "on", "at", "during", "over", "by", "of", "for", "with", "or", "each", "every", "per", "both",
         "all", "about", "than", "to", "some", "most", "costing", "making", "taking"}
_AUX = {"has", "had", "have", "was", "were", "is", "are", "be", "been", "also", "alone", "then", "in", "up", "out",
        "about", "around", "roughly", "nearly", "some", "just", "only", "over", "almost"}
_VERBISH = re.compile(r"^(?:is|was|were|are|has|had|have|got|took|saw|made|sold|drew|won|did|does|do|rose|fell|"
                      r"went|came|gave|grew|ran|paid|\w+ed)$", re.I)


def _subject_en(before: str) -> str:
    """The first clause's subject: the words before its verb, back to a determiner, a time word or a comma."""
    words = re.split(r"\s+", before.split(",")[-1].strip())
    if len(words) < 2:
        return ""
    words = words[:-1]  # the verb said once ("collected", "sold")
    while words and words[-1].lower() in _AUX:
        words = words[:-1]
    name: list[str] = []
    for w in reversed(words):
        if w.lower() in _STOP or not re.fullmatch(r"[A-Za-z][\w'’-]*", w):
            break
        name.insert(0, w)
    return " ".join(name) if 1 <= len(name) <= 4 else ""


def _en(text: str) -> ChartVisual | None:
    for first in _FIRST.finditer(text):
        subject = _subject_en(first.group("before"))
        if not subject:
            continue
        rows = [(subject, first.group("num"))]
        unit = first.group("unit") or ""
        at = first.end()
        while (m := _NEXT.match(text, at)) is not None:
            words = m.group("name").split()
            if any(_VERBISH.match(w) or w.lower() in _STOP for w in words) or (
                    m.group("unit") and m.group("unit") != unit):
                break
            rows.append((m.group("name"), m.group("num")))
            at = m.end()
        if len(rows) < 2 or len({kind_of(v) for _, v in rows}) != 1 or len({n for n, _ in rows}) != len(rows):
            continue
        rest = re.split(r"[.;!?](?!\d)", text[at:], maxsplit=1)[0]
        if any(kind_of(m.group()) == kind_of(rows[0][1]) for m in re.finditer(_NUM, rest)):
            return None  # "Kingsbury 11, and Hollins Cross, the quickest, 8": the list goes on in a form not read
        bars = [Bar(label=n, value=v, number=value_of(v)) for n, v in rows]
        return ChartVisual(unit=unit, bars=bars[:5], title="")
    return None


_ZH_NUM = r"\d+(?:\.\d+)?(?:万|亿)?"
_ZH_NEXT = re.compile(rf"^(?:而|但|则)?(?P<name>[\u4e00-\u9fff]{{2,6}}?)(?:只有|仅有|仅|只|约|为|有|达)?"
                      rf"(?P<num>{_ZH_NUM})(?P<unit>[\u4e00-\u9fff]?)$")


def _zh_value(written: str) -> float:
    scale = 1e4 if written.endswith("万") else 1e8 if written.endswith("亿") else 1.0
    return float(written.rstrip("万亿")) * scale


def _zh(text: str) -> ChartVisual | None:
    """"今年东区受理投诉212件，西区148件，北区只有61件": the later names share a head (区), which finds the first
    clause's subject (东区) among its words."""
    for sentence in re.split(r"[。！？]", text):
        parts = [p.strip() for p in re.split(r"[，；]", sentence) if p.strip()]
        for i in range(len(parts) - 1):
            first = re.search(rf"(?P<num>{_ZH_NUM})(?P<unit>[\u4e00-\u9fff]?)$", parts[i])
            rest = [m for p in parts[i + 1:] if (m := _ZH_NEXT.match(p))]
            rest = rest[:next((k for k, p in enumerate(parts[i + 1:]) if not _ZH_NEXT.match(p)), len(rest))]
            if first is None or not rest or any(m.group("unit") not in ("", first.group("unit")) for m in rest):
                continue
            names = [m.group("name").split("的")[-1] for m in rest]  # 新开的河西店 → 河西店
            if any(len(n) < 2 for n in names):
                continue
            head = names[0][-1]
            if any(n[-1] != head for n in names):
                continue
            before = parts[i][:first.start()]
            lengths = dict.fromkeys((len(names[0]), 2, 3, 4))
            subject = next((before[k - n:k] for k in range(len(before), 0, -1) if before[k - 1] == head
                            for n in lengths if k - n >= 0 and not re.search(r"[年月日的了在是]", before[k - n:k])),
                           "")
            if not subject:
                continue
            rows = [(subject, first.group("num")), *((n, m.group("num")) for n, m in zip(names, rest, strict=True))]
            if len({n for n, _ in rows}) != len(rows):
                continue
            bars = [Bar(label=n, value=v, number=_zh_value(v)) for n, v in rows]
            return ChartVisual(unit=first.group("unit"), bars=bars[:5], title="")
    return None


def gapped(text: str, language: Language) -> ChartVisual | None:
    """Bars by name for a comparison whose verb is said once and left out after; None where there is none."""
    return _en(text) if language == "en" else _zh(text)
