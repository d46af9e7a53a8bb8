"""Numbers that are part of a name or a category, not a quantity: "under-9 teams", "Route 9", "Year 6", "A380",
"COVID-19", "Grade 2 listed", 12岁以下, 5号线, 三年级, G60. Drawn as a figure they show a count nobody gave ("9 teams"),
which is worse than no figure, so the figure reader skips them."""

from __future__ import annotations

import re

# Words that number a member of a series: the number after them is its name ("Platform 3"), not an amount. Words
# that also start ordinary clauses ("last year 6 teams joined") count only when capitalised.
_SERIES_ANY_CASE = ("route", "platform", "gate", "terminal", "grade", "ward", "flight", "chapter", "exit",
                    "junction", "interstate", "highway", "pier", "bay", "precinct", "no.", "#")
_SERIES_CAPITAL = ("Year", "Line", "Level", "Stage", "Phase", "Class", "Category", "Tier", "Band", "Zone", "Block",
                   "Room", "Bus", "Unit", "Number", "Type", "Size", "Model", "Version", "Division", "District",
                   "Building", "Section", "Article", "Track", "Channel", "Lot", "Key Stage", "Stand", "Court")
_EN_SERIES = re.compile(
    rf"(?:(?i:\b(?:{'|'.join(re.escape(w) for w in _SERIES_ANY_CASE if w[0].isalpha())}))|No\.|#"
    rf"|\b(?:{'|'.join(_SERIES_CAPITAL)}))\s*$")
# "under-12", "over-65s", "COVID-19", "F-35", "U16", "A380": a word joined to the number names a category or model.
_EN_JOINED = re.compile(r"(?:[A-Za-z]+-|[A-Za-z])$")
# 12岁以下 / 60岁及以上: an age band; 三年级: a school year; 5号线, 3号楼: numbered things; G60, K3: codes.
_ZH_AFTER = re.compile(r"^(?:岁(?:及|或)?(?:以下|以上|以内|以外)|年级|号|路(?:公交|车|线))")
_ZH_BEFORE = re.compile(r"[A-Za-z]-?$")


def names_en(clause: str, start: int) -> bool:
    """True when the number at `start` is part of a name or category ("under-9 teams", "Route 9", "Year 6")."""
    head = clause[:start]
    return bool(_EN_JOINED.search(head) or _EN_SERIES.search(head))


def names_zh(clause: str, start: int, end_num: int) -> bool:
    """True when the Chinese number spanning start..end_num (without its unit) names a band, class or numbered
    thing (12岁以下, 三年级, 5号线, G60), not an amount."""
    return bool(_ZH_BEFORE.search(clause[:start]) or _ZH_AFTER.match(clause[end_num:]))


def whole_name_zh(clause: str, label: str, before: int) -> str:
    """A label that starts right after a name's number (5|号线每天运送) gets its number back, and ends where the
    name does (每天运送 is what it does, not what it is): "5号线"."""
    k = clause.rfind(label, 0, before) if label else -1
    if k < 0:
        return label
    if k and re.match(r"[\dA-Za-z]", clause[k - 1]):
        head = re.search(r"[\dA-Za-z]+$", clause[:k])
        name = (head.group() if head else "") + label
    elif re.match(r"[\d零一二三四五六七八九十]+号", label):
        name = label  # 三号线每天运送: the name is whole, its verb is not
    else:
        return label
    return re.split(r"(?:每|平均|日均|人均|全年|每年|一天|今年|去年)", name, maxsplit=1)[0] or label
