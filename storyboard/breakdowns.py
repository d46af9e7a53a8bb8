"""A whole and its parts told in one run, some parts as sums and some as shares of the whole: "总花费大约九万六千元，
菜品占七成，酒水约一万五千元，剩下的一万三千八百元是场地布置和服务费"; "costs came to £4,000: rent of £1,800; energy,
about £1,400; …; and the remaining £450 on repairs". The test is the arithmetic (shares of the whole plus sums come to
the whole), not the phrasing. The whole is the chart's title and every part a bar: a bar for the whole beside a
part reads as two rival figures, and a part left out reads as if the rest were all there is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers, with_unit
from storyboard.segment import cjk_count
from storyboard.split_whole import _whole_title, share_of

__all__ = ["mixed_breakdown", "mixed_breakdown_around"]

_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")
_OPENS = re.compile(r"\s*(?:of\s+(?:that|this|which|it|the\s+total|the\s+money)\b|其中|这其中|这里面|在这笔钱里)",
                    re.IGNORECASE)
_ONE_ITEM = re.compile(r"(?:每|平均|人均|均)[\u4e00-\u9fff]?(?:约|近)?$|\b(?:each|per)\s+[a-z]+\s*$",
                       re.IGNORECASE)
_WHEN = re.compile(r"今年|去年|前年|明年|[一二三四五六七八九十\d]+月(?!嫂)|季度|上半年|下半年|\d{4}年|"
                   r"\b(?:January|February|"
                   r"March|April|May|June|July|August|September|October|November|December|spring|summer|autumn|"
                   r"winter|year|month|week|quarter|(?:19|20)\d{2})\b", re.IGNORECASE)
_ZH_PIECE = re.compile(r"[，,；;：:]")
_ZH_LEAD = re.compile(r"^(?:其中|另外|此外|还有|而|和|以及|及|再加上|加上|光是|单是)+")
_ZH_TAIL = re.compile(r"(?:一共|总共|共计|合计|共|约占|大约占|占到?了?|约为|为|是|有|达到?|约|大约|近|将近|接近|"
                      r"超过|不到)+$")
_ZH_REST = re.compile(r"^(?:剩下|剩余|其余|余下|其他|另外)的?$")
_ZH_AFTER = re.compile(r"^(?:的)?(?:则是|都是|就是|是|为|做|从事|用于|用在|花在|来自|归|[\u4e00-\u9fff]了)")
_EN_LEAD = re.compile(r"^(?:(?:of\s+(?:that|this|which|it)|and|while|but|with|plus|then|the|a|an|her|his|their|its|"
                      r"our)(?:\s+|$))+", re.IGNORECASE)
_EN_TAIL = re.compile(r"(?:(?:^|\s+)(?:of|at|about|around|nearly|roughly|some|just|over|under|almost|another|only|"
                      r"cost|costs|costing|came\s+to|comes\s+to|was|were|is|are|took|takes|made\s+up|makes\s+up|brought\s+in|raised|gave|contributed|received|receives|got|gets|"
                      r"paid|spent|put\s+in))+$",
                      re.IGNORECASE)
_EN_REST = re.compile(r"^(?:the\s+)?(?:remaining|rest|remainder|balance|other|others)$", re.IGNORECASE)
_EN_AFTER = re.compile(r"^\s*(?:(?:goes|went|go|is|was|are|were|came|comes|come|paid|pays|brought)\s+)?(?:spent\s+)?"
                       r"(?:on|for|to|towards|covers?|covered|from|in)\s+(?:(?:a|an|the)\s+)?"
                       r"(?P<what>[a-z][\w'’-]*(?:\s+(?:and\s+)?[a-z][\w'’-]*){0,3})\s*$", re.IGNORECASE)
_EN_SMALL = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by", "from", "that", "it"}


class _Part(NamedTuple):
    figure: Figure
    name: str
    amount: float


def _end(f: Figure, text: str) -> int:
    end = f.start + len(f.written)
    rest = text[end:]
    for unit in (f.unit, " " + f.unit):
        if f.unit and rest.startswith(unit):
            return end + len(unit)
    return end


def _name_zh(before: str, after: str) -> str:
    words = _ZH_TAIL.sub("", _ZH_LEAD.sub("", _ZH_PIECE.split(before)[-1].strip()))
    if not words or _ZH_REST.match(words):
        said = _ZH_AFTER.sub("", _ZH_PIECE.split(after)[0].strip())
        words = said if 2 <= cjk_count(said) == len(said) <= 10 else ""
    return words if 2 <= cjk_count(words) == len(words) <= 10 else ""


def _name_en(before: str, after: str) -> str:
    words = ""
    clause = re.split(r"[;:]|\.\s", before)[-1]
    for piece in reversed(clause.split(",")[-2:]):  # "energy, about £1,400": the name a comma before
        words = _EN_TAIL.sub("", _EN_LEAD.sub("", " ".join(piece.split())))
        if words:
            break
    if not words or _EN_REST.match(words):
        m = _EN_AFTER.match(re.split(r"[;,.:]", after)[0])
        words = m.group("what") if m else ""
    toks = words.split()
    ok = 1 <= len(toks) <= 5 and not re.search(r"\d", words) and toks[0].lower() not in _EN_SMALL and \
        toks[-1].lower() not in _EN_SMALL
    return words if ok else ""


def _title(text: str, whole: Figure, language: Language) -> str:
    title = _whole_title(text, whole, language)
    if title or language != "zh":
        return title
    start = max((m.end() for m in _ZH_PIECE.finditer(text, 0, whole.start)), default=0)
    span = text[start:_end(whole, text)]
    span = span.rsplit("的", 1)[-1] if "的" in span else span  # 全市登记在册的家政从业人员约四万二千人: the noun
    return span if 3 <= cjk_count(span) <= 18 else ""


def _inside_bigger(text: str, found: list[Figure], i: int) -> bool:
    """Whether a larger figure of the same measure is said earlier in the whole's sentence."""
    whole = found[i]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, whole.start)]
    begin = ends[-1] if ends else 0
    return any(g.start >= begin and g.measure == whole.measure and g.scale > whole.scale for g in found[:i])


def _first_item(text: str, whole: Figure) -> bool:
    """"Our weekly budget: rent £150, food £100 and travel £50": the first item of an enumeration opened by a colon
    (only a short name between the colon and its figure) is a part, whatever the others add up to."""
    opened = max(text.rfind(":", 0, whole.start), text.rfind("：", 0, whole.start))
    if opened < 0:
        return False
    name = text[opened + 1:whole.start].strip()
    if re.search(r"[,，；;。.!?！？]|总|合计|一共|\b(?:total|came|comes|all)\b", name, re.IGNORECASE):
        return False
    return len(name.split()) <= 3 if not cjk_count(name) else cjk_count(name) <= 6


def _parts_after(text: str, found: list[Figure], i: int, language: Language) -> list[_Part]:
    whole = found[i]
    stop = _SENTENCE_END.search(text, _end(whole, text))
    if stop and _OPENS.match(text, stop.end()):  # "The festival cost $200,000. Of that, …": the parts go on
        stop = _SENTENCE_END.search(text, stop.end())
    limit = stop.start() if stop else len(text)
    parts: list[_Part] = []
    prev = _end(whole, text)
    for f in found[i + 1:]:
        if f.start >= limit or f.change or f.per or f.each == "item":
            break
        if _ONE_ITEM.search(text[prev:f.start]):
            break  # 平均每座35万元, "£35 each": one item's figure, never a part of the sum
        share = share_of(f)
        if share is not None:
            amount = share * whole.scale
        elif f.measure == whole.measure and f.scale < whole.scale:
            amount = f.scale
        else:
            break
        end = _end(f, text)
        nxt = next((g.start for g in found if g.start > f.start), limit)
        before, after = text[prev:f.start], text[end:min(nxt, limit)]
        name = _name_zh(before, after) if language == "zh" else _name_en(before, after)
        if not name or _WHEN.search(name):
            break  # "£3,000 in June, £2,000 in July": one measure at two times, never parts of a whole
        parts.append(_Part(f, name, amount))
        prev = end
    return parts


def mixed_breakdown(text: str, language: Language, *, with_share: bool = False,
                    ) -> tuple[ChartVisual, list[Figure]] | None:
    """The first whole followed, in its sentence, by two or more named parts (at least one a sum of the whole's
    measure) that come to it within 3%: the whole as title, each part a bar; with the whole and the parts' figures.
    `with_share`: only a breakdown with a part told as a share (one that sums alone would leave out)."""
    found = numbers(text, language)
    for i, whole in enumerate(found):
        if whole.change or whole.per or whole.each == "item" or share_of(whole) is not None or whole.scale <= 0:
            continue
        parts = _parts_after(text, found, i, language)
        if parts and (_inside_bigger(text, found, i) or _first_item(text, whole)):
            continue  # "以每月3000元的开支为例：房租1500元，伙食费1000元，其余500元": a part of 3000, not a whole
        while len(parts) >= 2:
            sums = [p for p in parts if share_of(p.figure) is None]
            names = [p.name.lower() for p in parts]
            total = sum(p.amount for p in parts)
            shares = len(sums) < len(parts)
            if sums and (shares or not with_share) and len(set(names)) == len(names) and \
                    abs(total - whole.scale) <= 0.03 * whole.scale:
                title = _title(text, whole, language)
                if not title:
                    break
                bars = [Bar(label=p.name, value=with_unit(p.figure), number=p.amount) for p in parts]
                return ChartVisual(unit="", title=title, bars=bars), [whole, *(p.figure for p in parts)]
            parts.pop()
    return None


def mixed_breakdown_around(narration: str, article_text: str, language: Language, *, with_share: bool = False,
                           ) -> ChartVisual | None:
    """The breakdown of the sentence(s) this shot is told from, when the shot says its whole or one of its parts."""
    text = narration.strip()
    at = article_text.find(text)
    if at < 0:
        return None
    end = at + len(text)
    p0 = article_text.rfind("\n", 0, at) + 1
    p1 = article_text.find("\n", end)
    para = article_text[p0:p1 if p1 >= 0 else len(article_text)]
    offset = 0
    while para:
        got = mixed_breakdown(para, language, with_share=with_share)
        if got is None:
            return None
        chart, figs = got
        if any(at <= p0 + offset + f.start < end for f in figs):
            return chart
        cut = figs[-1].start + len(figs[-1].written)
        offset, para = offset + cut, para[cut:]
    return None
