"""Rankings told as "name, place word, figure" in any order within a clause: "西关街道以186件居首，北门街道143件
次之", "线上缴费排在第一，占41%；网上挂号其次，占27%", "A区以2.1万人位列榜首", "Northgate averages 14 weeks,
Kingsbury 11, and Hollins Cross, the quickest, 8" after "the slowest of the region's four centres:".

The place word (居首, 次之, 排在第N, 位列第N, 其次, 垫底; "the slowest of … :") says a ranking is told, so each
clause's figure goes under the name the clause opens with, never under the place word itself ("居首" is no
district). In English a list after a superlative's colon ranks the others; the thing the superlative is said of
(its name and figure in the same sentence, or in the one before where the sentence says "it") leads the bars.
Every label and value is the article's own words; anything unsure is no chart.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers
from storyboard.leaders import _leader_name
from storyboard.rankings import ranking_zh as said_ranking_zh

__all__ = ["placed_ranking"]

_ORD = r"第[一二三四五六七八九十\d]+"
# a place word said of the clause's subject (after its name, before or after its figure)
_ZH_PLACE = re.compile(rf"(?:居首|居次|次之|其次|紧随其后|垫底|居末|(?:排|排名|排在|排到了?|位列|位居|名列|列)"
                       rf"(?:全[市区省国县镇]|榜单)?(?:{_ORD}|榜首|首位|末位|最后|倒数{_ORD}?)(?:位|名)?"
                       rf"|(?:位|名)居(?:榜首|首位|{_ORD}))")
_ZH_LEAD = re.compile(r"^(?:而|但|则|其中|另外|此外)")
_ZH_LINK = re.compile(r"(?:以|凭借|凭|靠|共|有|为|达|约)+$")
_ZH_AFTER = re.compile(r"^(?:占|为|有|达到?|约|共|计|是)")


def _name_zh(head: str) -> str:
    name = _ZH_LINK.sub("", _ZH_LEAD.sub("", head.strip()))
    ok = re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9“”]{2,10}", name) and not re.search(r"\d", name)
    return name.strip("“”") if ok and not re.match(r"[它其这那该]", name) else ""


def ranking_zh(text: str) -> list[tuple[str, Figure]]:
    """(name, figure) for each clause that places its subject with a place word, its figure in the clause or
    said next (线上缴费排在第一，占41%)."""
    found = numbers(text, "zh")
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^，,；;。：:]+", text)]
    rows: list[tuple[str, Figure]] = []
    for k, (a, b) in enumerate(clauses):
        place = _ZH_PLACE.search(text, a, b)
        if place is None:
            continue
        figs = [f for f in found if a <= f.start < b]
        head = text[a:place.start()].strip()
        # "其次是北岸区，3.1亿元": the place word first, the name after it
        named = head or re.sub(r"^(?:是|为|要数|当属)", "", text[place.end():b].strip())
        if figs and figs[0].unit.endswith("次") and text.startswith("之", figs[0].start + len(figs[0].written)
                                                                     + len(figs[0].unit)):
            figs[0] = figs[0]._replace(unit=figs[0].unit[:-1], measure=figs[0].unit[:-1])  # "64人次之": 64人, 次之
        if figs:
            fig = figs[0]
            name = _name_zh(text[a:min(fig.start, place.start())] if fig.start > a and head else named)
        elif k + 1 < len(clauses) and not _ZH_PLACE.search(text, *clauses[k + 1]):
            c, d = clauses[k + 1]
            nxt = [f for f in found if c <= f.start < d]
            # "排在第一，占41%", "垫底，只卖了400份": the figure said next, after a verb or measure, not a new subject
            if not nxt or not (_ZH_AFTER.match(text[c:d]) or nxt[0].start - c <= 4):
                continue
            fig, name = nxt[0], _name_zh(named if not figs else "")
        else:
            continue
        if name and not fig.change:
            rows.append((name, fig))
    return rows


_EN_NUM = r"[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s*%|\s+(?:million|billion|thousand))?"
_EN_NAME = r"[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*){0,3}"
_EN_SUPER = re.compile(r"\b(?:the\s+)?(?:[a-z]{3,}est|most\s+[a-z]+|least\s+[a-z]+|biggest|largest|top|"
                       r"(?:ahead|behind)\s+of)\b[^:.;]{0,60}:\s*(?P<list>[^.;]+)")
_EN_ITEM = re.compile(rf"(?P<name>{_EN_NAME})(?:,\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?,)?\s+"
                      rf"(?:[a-z]+s\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|just\s+|only\s+)?(?P<num>{_EN_NUM})"
                      r"(?:\s+(?P<unit>[a-z]+))?(?=\s*(?:,|\band\b|$))")
_EN_IT = re.compile(r"\b(?:it|this|that\s+makes\s+it|which\s+makes\s+it)\b", re.IGNORECASE)


def _kind(value: str) -> str:
    return (value[0] if value[0] in "$€£¥" else "") + ("%" if value.endswith("%") else "")


def _number(value: str) -> float:
    x = float(re.search(r"\d[\d,]*(?:\.\d+)?", value).group().replace(",", ""))  # type: ignore[union-attr]
    return x * next((v for k, v in {"million": 1e6, "billion": 1e9, "thousand": 1e3}.items() if value.endswith(k)), 1)


def _leader_en(before: str, unit: str, kind: str) -> tuple[str, str] | None:
    """The name and figure of the thing a superlative is said of, from the words before it."""
    for m in re.finditer(rf"(?P<num>{_EN_NUM})(?:\s+(?P<unit>[a-z]+))?", before):
        value = m.group("num").rstrip(",")
        if _kind(value) == kind and (not unit or not m.group("unit") or m.group("unit") == unit):
            name = _leader_name(before[:m.start()])
            return (name, value) if name else None
    return None


def ranking_en(text: str, article_text: str = "") -> list[tuple[str, str, str]]:
    """(name, value, unit) rows of a list told after a superlative's colon, its subject first."""
    sup = _EN_SUPER.search(text)
    if sup is None:
        return []
    items = list(_EN_ITEM.finditer(sup.group("list")))
    rows = [(m.group("name"), m.group("num").rstrip(","), m.group("unit") or "") for m in items]
    if len(rows) < 2 or len({_kind(v) for _, v, _ in rows}) != 1 or rows[0][0].split()[0] in ("The", "It"):
        return []
    unit = rows[0][2]
    if any(u and u != unit for _, _, u in rows):
        return []
    start = max(text.rfind(c, 0, sup.start()) for c in ".!?") + 1
    before = text[start:sup.start("list")]
    lead = _leader_en(before, unit, _kind(rows[0][1]))
    if lead is None and _EN_IT.search(before) and article_text:
        at = article_text.find(text[start:sup.start()].strip() or text.strip())
        prev_end = max(article_text.rfind(c, 0, at) for c in ".!?") if at > 0 else -1
        prev_start = max(article_text.rfind(c, 0, prev_end) for c in ".!?\n") + 1 if prev_end > 0 else 0
        lead = _leader_en(article_text[prev_start:prev_end], unit, _kind(rows[0][1])) if prev_end > 0 else None
    if lead is not None and lead[0] not in {n for n, _, _ in rows}:
        rows.insert(0, (lead[0], lead[1], unit))
    return rows


def placed_ranking(text: str, language: Language, article_text: str = "") -> ChartVisual | None:
    """The ranking the text tells by place words, as bars by name in the order told; None unless two or more
    distinct names each have a figure of one measure."""
    if language == "zh":
        told = said_ranking_zh(text)  # "最…的是X，…；其次是Y，…": the ranking module's own reading, with its title
        rows = ranking_zh(text)
        if told is not None and len(told.bars) >= len(rows):
            return told
        if len(rows) < 2 or len({f.measure for _, f in rows}) != 1 or len({n for n, _ in rows}) != len(rows):
            return None
        one_unit = len({f.unit for _, f in rows}) == 1
        bars = [Bar(label=n, value=f.written if one_unit else f.written + f.unit, number=f.scale) for n, f in rows]
        return ChartVisual(unit=rows[0][1].unit if one_unit else "", bars=bars[:5], title="")
    found = ranking_en(text, article_text)
    if len(found) < 2 or len({n for n, _, _ in found}) != len(found):
        return None
    bars = [Bar(label=n, value=v, number=_number(v)) for n, v, _ in found]
    return ChartVisual(unit=found[0][2], bars=bars[:5], title="")
