"""A whole and its parts said in one sentence ("运营支出约86万元，其中食材52万元，人工24万元，水电和房租10万元"):
bars of every part, the whole in the title, so that the total is never drawn as one more part and the first
part (the one 其中 opens) is never dropped."""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure
from storyboard.segment import cjk_count

__all__ = ["mark_parts", "parts_chart"]

# what opens the parts of a whole said just before: 其中, 包括, 分别是; "of which", "including", "made up of"
_ZH_PARTS_OPEN = re.compile(r"其中|包括|包含|分别是|分别为|构成是|具体是|具体为")
_EN_PARTS_OPEN = re.compile(r"\b(?:of\s+which|including|includ(?:es|ed)|made\s+up\s+of|split\s+into|broken\s+down\s+"
                            r"(?:as|into)|divided\s+into)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。！？；;!?]|\.(?:\s|$)")
_ZH_LINK_TAIL = re.compile(r"(?:约|大约|共|为|是|有|占|达|近|计)+$")


def _sentence_start(text: str, at: int) -> int:
    return max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)


def mark_parts(text: str, found: list[Figure], language: Language) -> list[Figure]:
    """Every figure after a word that opens parts (其中, "of which") and after a figure of its measure said before
    that word in the same sentence is a part of that whole, not only the first one after the word."""
    opener = _ZH_PARTS_OPEN if language == "zh" else _EN_PARTS_OPEN
    out: list[Figure] = []
    last = -1  # where the previous part ended: parts follow one another, one clause each
    for f in found:
        start = _sentence_start(text, f.start)
        opened = [m for m in opener.finditer(text, start, f.start)]
        whole = opened and any(g.measure == f.measure and start <= g.start < opened[-1].start() for g in found)
        since = text[max(last, opened[-1].end()):f.start] if opened else ""
        # "其中政府补贴20万元，住户还可以…，剩下的按楼层分摊：二楼每户约1.2万元": a clause with no figure, a colon
        # or a rate (每户) ends the parts; what follows is no part of the whole
        chained = len(re.findall(r"[，,、；;]", since)) <= 1 and not re.search(r"[：:]", since) and not f.per
        if whole and chained and f.each != "item":
            out.append(f._replace(part=True))
            last = f.start + len(f.written)
        else:
            out.append(f)
    return out


def _whole_title(whole: Figure, text: str, language: Language) -> str:
    """The whole as the article says it, its name and value ("运营支出约86万元", "充电棚总投资46万元"), when short."""
    start = _sentence_start(text, whole.start)
    end = whole.start + len(whole.written) + (len(whole.unit) if language == "zh" else 0)
    if language == "en" and text[end:].startswith(" " + whole.unit) and whole.unit:
        end += len(whole.unit) + 1
    cut = max((m.end() for m in re.finditer(r"[，,：:]\s*", text[start:whole.start])), default=0)
    span = text[start + cut:end].strip()
    if language == "zh":
        lab = span.find(whole.label) if whole.label else -1
        span = span[lab:] if lab > 0 and cjk_count(span) > 12 else span
        return span if 3 <= cjk_count(span) <= 14 else whole.label
    return span if len(span.split()) <= 7 else whole.label


def _label_zh(f: Figure, text: str) -> str:
    """A part's name is the words between the mark before it (、，和, 其中) and its figure ("区里配套300万元"), which
    no segmenter has to recognise; else its label, less the word that opened the parts."""
    start = _sentence_start(text, f.start)
    marks = [m.end() for m in re.finditer(r"[、，,：:]", text[start:f.start])]
    opened = [m.end() for m in _ZH_PARTS_OPEN.finditer(text, start, f.start)]
    words = text[max([start + k for k in marks] + opened + [start]):f.start]
    # "…100万元和社会捐赠": 和 after the last part's figure joins parts; in "水电和房租" it is the name's own
    joined = [m.end() for m in re.finditer(r"以及|和|与|及", words) if re.search(r"\d", words[:m.start()])]
    words = _ZH_LINK_TAIL.sub("", words[joined[-1]:] if joined else words)
    if 2 <= cjk_count(words) == len(words) <= 10:
        return words
    return _ZH_LINK_TAIL.sub("", _ZH_PARTS_OPEN.split(f.label)[-1])


def parts_chart(found: list[Figure], text: str, language: Language) -> ChartVisual | None:
    """Bars of a whole's named parts (two to five, one measure), titled by the whole when their sum is no more than
    it; None where the parts are unnamed or name one thing twice."""
    for measure in dict.fromkeys(f.measure for f in found if f.part):
        parts = [f for f in found if f.part and f.measure == measure]
        labels = [_label_zh(f, text) if language == "zh" else f.label for f in parts]
        if not 2 <= len(parts) <= 5 or not all(labels) or len(set(labels)) != len(labels):
            continue
        if language == "zh" and not all(cjk_count(x) >= 2 for x in labels):
            continue
        wholes = [g for g in found if not g.part and g.measure == measure and g.start < parts[0].start]
        whole = wholes[-1] if wholes else None
        if whole is not None and any(whole.label and whole.label == x for x in labels):
            continue
        one_unit = len({f.unit for f in parts}) == 1
        bars = [Bar(label=x, value=f.written if one_unit else f.written + f.unit, number=f.scale)
                for f, x in zip(parts, labels, strict=True)]
        fits = whole is not None and sum(f.scale for f in parts) <= whole.scale * 1.01
        title = _whole_title(whole, text, language) if whole is not None and fits else ""
        return ChartVisual(unit=parts[0].unit if one_unit else "", bars=bars, title=title)
    return None
