"""A whole's parts told clause by clause in English, each in its own phrasing: "Of that, £4 million is council
borrowing, £1.8 million comes from a government grant and the remaining £0.6 million is from the maintenance
budget"; "Fencing and gates took the largest share at £140,000. Surfacing and drainage cost £95,000, water
fountains and bins £45,000…". Bars of every part, each named by what it is, comes from or went on; the whole
(a clause that says "total", "whole", or the figure "of that" refers to) is the title, never one more bar.
Chinese the same way after a whole said with 里/中 or before 其中 ("每天约1800件包裹里，网购包裹约1100件，…").
`part_runs` lets every shot of a breakdown told over neighbouring sentences (or one cut in two) show it whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from reelflow.models import Bar, ChartVisual
from storyboard.figures import Figure, numbers
from storyboard.segment import EN_STOPWORDS, cjk_count

__all__ = ["told_parts_en", "told_parts_zh", "told_parts", "part_runs"]

_PIECE = re.compile(r"[.;:!?](?:\s+|$)|(?<!\d),\s*|,(?!\d{3}(?!\d))\s*")
_NAME = r"[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,4}"
# what follows a part's figure: "is council borrowing", "comes from a government grant", "went on fencing",
# "is from the highways budget", "was spent on repairs", "paid for new signs", "for staff"
_AFTER = re.compile(rf"^\s*(?P<verb>(?:(?:is|are|was|were|will\s+be|has\s+been|came|comes|will\s+come|goes|went|"
                    rf"will\s+go|is\s+spent|was\s+spent|were\s+spent|spent|paid|pays|will\s+pay|covers|covered|"
                    rf"is\s+going|is\s+coming)\s*)?(?:(?:from|on|for|to|towards|into|by)\s+)?)"
                    rf"(?:(?:the|a|an|its|their|his|her)\s+)?(?P<what>{_NAME})\s*$", re.IGNORECASE)
# what comes before it: "Surfacing and drainage cost", "Fencing and gates took the largest share at",
# "Staff accounted for", "Repairs made up", "water fountains and bins"
_BEFORE = re.compile(rf"^(?:and\s+|while\s+|with\s+)?(?:(?:the|a|an)\s+)?(?P<what>{_NAME}?)(?:\s+(?:cost|costs|took|"
                     rf"take|takes|accounted\s+for|accounts\s+for|account\s+for|made\s+up|make\s+up|makes\s+up|"
                     rf"came\s+to|come\s+to|ran\s+to|needed|received|got|absorbed|used|swallowed|was|were|is|are)"
                     rf"(?:\s+(?:the|a|an)?\s*(?:largest|biggest|smallest|next|second|third|another|further|"
                     rf"remaining|rest|share|portion|slice|chunk|part|of|it|at|about|around|nearly|some|just|"
                     rf"over|under|almost|roughly|by|far)\b)*)?\s*[$€£¥]?$", re.IGNORECASE)
_WHOLE = re.compile(r"\b(?:total|totals|totalled|in\s+all|altogether|overall|whole|entire|all\s+told|combined|"
                    r"all\s+together)\b", re.IGNORECASE)
_OF_THAT = re.compile(r"^(?:of\s+(?:that|this|which|it|the\s+total|the\s+money|the\s+sum)|that\s+breaks\s+down"
                      r"(?:\s+as\s+follows)?|broken\s+down)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\bfrom\s+(?:about\s+|around\s+)?[$€£¥]?\d|\b(?:(?:went|is|was|are|were)\s+(?:up|down)|"
                     r"rose|fell|rise|fall|increase|decrease|than|compared|versus|vs|per|each|"
                     r"a\s+year|a\s+month|a\s+week|a\s+day)\b", re.IGNORECASE)
_NAME_OK = {"and", "&"}
_MONEY = {"£", "$", "€", "¥"}
_NOT_A_NAME = re.compile(r"^(?:average|total|least|most|time|times|year|month|week|day|now|today|before|after)$",
                         re.IGNORECASE)


def _named(words: str) -> str:
    """A part's name: whole words, none of them a function word but "and" ("water fountains and bins")."""
    words = words.strip()
    toks = words.split()
    if not toks or toks[0].lower() == "and" or toks[-1].lower() == "and":
        return ""
    if any(t.lower() in EN_STOPWORDS and t.lower() not in _NAME_OK for t in toks):
        return ""
    return words


def _pieces(text: str) -> list[tuple[int, str]]:
    """Clauses at sentence ends, semicolons and commas (never inside 140,000), and at an "and" that joins two
    clauses each with a figure."""
    out: list[tuple[int, str]] = []
    at = 0
    for m in [*_PIECE.finditer(text), None]:
        end = m.start() if m else len(text)
        piece, k = text[at:end], at
        for n in re.finditer(r"\s+and\s+", piece):
            if re.search(r"\d", piece[:n.start()]) and re.search(r"\d", piece[n.end():]):
                out.append((k, piece[:n.start()]))
                k, piece = k + n.end(), piece[n.end():]
                break
        out.append((k, piece))
        at = m.end() if m else len(text)
    return [(k, p) for k, p in out if p.strip()]


def _unit_end(f: Figure, text: str) -> int:
    end = f.start + len(f.written)
    if f.unit and text[end:].startswith(" " + f.unit):
        return end + len(f.unit) + 1
    return end + len(f.unit) if f.unit and text[end:].startswith(f.unit) else end


def told_parts_en(text: str) -> ChartVisual | None:
    """Bars of three to five parts of one measure told clause by clause, each named by its own clause; None where
    any clause with a figure of that measure is neither a part nor the whole, or a name repeats."""
    found = [f for f in numbers(text, "en") if f.measure not in ("", "%", "share") and not f.change]
    pieces = _pieces(text)
    parts: list[tuple[Figure, str]] = []
    whole: tuple[Figure, str] | None = None
    for i, (k, piece) in enumerate(pieces):
        own = [f for f in found if k <= f.start < k + len(piece)]
        if not own:
            continue
        if len(own) != 1 or _CHANGE.search(piece):
            parts.clear()
            continue
        f = own[0]
        nxt = pieces[i + 1][1].strip() if i + 1 < len(pieces) else ""
        if _WHOLE.search(piece) or _OF_THAT.match(nxt):
            whole, parts = (f, piece.strip()), []
            continue
        before, after = text[k:f.start], text[_unit_end(f, text):k + len(piece)]
        m_after = _AFTER.match(after) if after.strip() else None
        m_before = _BEFORE.match(before.strip()) if before.strip() else None
        name = ""
        if m_after and (m_after.group("verb").strip() or not before.strip()):
            name = _named(m_after.group("what"))
        if not name and m_before and not after.strip():
            name = _named(m_before.group("what"))
        if not name:
            if parts:
                break
            continue
        if parts and f.measure != parts[0][0].measure:
            break
        parts.append((f, name))
    if not 3 <= len(parts) <= 5 or len({n.lower() for _, n in parts}) != len(parts):
        return None
    figs = [f for f, _ in parts]
    if whole is None and figs[0].measure not in _MONEY:
        return None  # "an ambulance takes 19 minutes on average, …": rival values, not parts of one sum
    if any(_NOT_A_NAME.search(n) for _, n in parts):
        return None
    title = ""
    if whole is not None and whole[0].measure == figs[0].measure and whole[0].start < figs[0].start:
        if sum(f.scale for f in figs) > whole[0].scale * 1.01:
            return None
        title = whole[1] if len(whole[1].split()) <= 7 else ""
    one_unit = len({f.unit for f in figs}) == 1
    bars = [Bar(label=n, value=f.written if one_unit else f"{f.written} {f.unit}".strip(),
                number=f.scale) for f, n in parts]
    return ChartVisual(unit=figs[0].unit if one_unit else "", bars=bars, title=title)


# --- Chinese: "每天约1800件包裹里，网购包裹约1100件，社区团购约500件，退货和寄件约200件" ----------------------------

_ZH_WHOLE_TAIL = re.compile(r"(?:里|中|当中|之中|里面|以内)$")
_ZH_OPENS = re.compile(r"^(?:其中|这其中|这里面|在这(?:笔钱|些钱|部分)?(?:里|中|当中)|具体来看|具体来说|细分来看)")
_ZH_VERB_TAIL = re.compile(r"(?:可以提取|可提取|提取|拿出|出资|承担|负担|自筹|筹集|支付|投入|花了|花费|用了|用掉|"
                           r"来自|占|约|大约|近|有|为|是|达|共|计|可|还有|则|也)+$")
_ZH_LEAD = re.compile(r"^(?:其中|另外|此外|还有|而|和|以及|及|再加上|加上)+")
_ZH_BY = re.compile(r"^(?:的)?[\u4e00-\u9fff]{0,2}?由(?P<who>[\u4e00-\u9fff]{2,10}?)(?:按[\u4e00-\u9fff]{1,6})?"
                    r"(?:分摊|承担|负担|支付|出资|自筹|筹集|出|交|付)")
_ZH_FOR = re.compile(r"^(?:的)?(?:用于|用在|用来|花在|投向)(?P<who>[\u4e00-\u9fff]{2,8})$")
_ZH_REST = re.compile(r"^(?:剩下|剩余|其余|余下|另外|其他)(?:的)?$")


def _zh_name(before: str, after: str) -> str:
    """A part's name: the words before its figure less the verb that gives it (可提取, 出资, 约), after the last 的
    ("居民寄出的退货和寄件"); for the rest ("剩下的30万元由住户按楼层分摊"), who pays it."""
    words = _ZH_VERB_TAIL.sub("", _ZH_LEAD.sub("", before.strip()))
    if _ZH_REST.match(words) or not words:
        m = _ZH_BY.match(after) or _ZH_FOR.match(after)
        return m.group("who") if m else ""
    if "的" in words and cjk_count(words) > 6:
        words = words.rsplit("的", 1)[1]
    return words if 2 <= cjk_count(words) == len(words) <= 8 else ""


def told_parts_zh(text: str) -> ChartVisual | None:
    """Bars of three to five parts of a whole said just before them (a figure followed by 里/中, or the figure
    before 其中), each clause one part and its figure; None where a clause between them is none."""
    found = [f for f in numbers(text, "zh") if f.measure and not f.change]
    pieces: list[tuple[int, str]] = []
    at = 0
    for m in [*re.finditer(r"[，,；;。！？：:]", text), None]:
        end = m.start() if m else len(text)
        pieces.append((at, text[at:end]))
        at = m.end() if m else len(text)
    whole: tuple[Figure, str] | None = None
    parts: list[tuple[Figure, str]] = []
    for i, (k, piece) in enumerate(pieces):
        own = [f for f in found if k <= f.start < k + len(piece)]
        nxt = pieces[i + 1][1] if i + 1 < len(pieces) else ""
        if own and not parts and (_ZH_WHOLE_TAIL.search(piece) or _ZH_OPENS.match(nxt)):
            whole = (own[-1], _ZH_WHOLE_TAIL.sub("", piece).strip())  # "一部六层电梯的总造价约为65万元": the sum
            continue
        if whole is None:
            continue
        if not own and _ZH_OPENS.match(piece):
            continue
        if len(own) != 1 or own[0].measure != whole[0].measure or own[0].per:
            break
        f = own[0]
        name = _zh_name(piece[:f.start - k], piece[f.start - k + len(f.written) + len(f.unit):])
        if not name:
            break
        parts.append((f, name))
    if whole is None or not 3 <= len(parts) <= 5 or len({n for _, n in parts}) != len(parts):
        return None
    figs = [f for f, _ in parts]
    if sum(f.scale for f in figs) > whole[0].scale * 1.01:
        return None
    one_unit = len({f.unit for f in figs}) == 1
    bars = [Bar(label=n, value=f.written if one_unit else f.written + f.unit, number=f.scale) for f, n in parts]
    title = whole[1] if 3 <= cjk_count(whole[1]) <= 16 else ""
    return ChartVisual(unit=figs[0].unit if one_unit else "", bars=bars, title=title)


def told_parts(text: str, language: str) -> ChartVisual | None:
    return told_parts_zh(text) if language == "zh" else told_parts_en(text)


class _Told(Protocol):
    index: int
    paragraph: int
    text: str


def part_runs(chosen: Sequence[_Told], language: str) -> dict[int, ChartVisual]:
    """A breakdown told over neighbouring sentences of a paragraph ("Fencing and gates took the largest share at
    £140,000." | "Surfacing and drainage cost £95,000, …"): each sentence that tells one of its parts shows all
    of them, so that no shot draws the last three and loses the first."""
    out: dict[int, ChartVisual] = {}
    for i, a in enumerate(chosen):
        for j in range(i, min(i + 3, len(chosen))):
            if j > i and (chosen[j].index != chosen[j - 1].index + 1 or chosen[j].paragraph != a.paragraph):
                break
            text = ("" if language == "zh" else " ").join(s.text for s in chosen[i:j + 1])
            chart = told_parts(text, language)
            if chart is None:
                continue
            values = [b.value for b in chart.bars]
            for s in chosen[i:j + 1]:
                more = s.index not in out or len(out[s.index].bars) < len(chart.bars)  # the first, titled one
                if more and any(v in s.text for v in values):
                    out[s.index] = chart
    return out
