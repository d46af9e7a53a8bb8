"""What one figure on screen must say with it, read from the words around it: the value it replaces ("$65.40 a
month instead of $60"), what a survey's share found ("72% found the system easy to use"), and which figures are
only context (a temperature in a when-clause, the age that qualifies "a third of them")."""

from __future__ import annotations

import re

from reelflow.models import Language, StatVisual
from storyboard.figures import Figure
from storyboard.segment import cjk_count

__all__ = ["replaced_stat", "finding_label", "context_only", "share_words_en", "change_words"]

_EN_INSTEAD = re.compile(r"(?P<new>[$€£¥]\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s*%?)"
                         r"(?P<rate>(?:\s+(?:a|per|an|each)\s+[a-z]+)?)\s*,?\s+"
                         r"(?P<old>(?:instead\s+of|rather\s+than|in\s+place\s+of|replacing)\s+(?:the\s+)?"
                         r"(?:current\s+|usual\s+|old\s+|present\s+)?[$€£¥]?\d[\d,]*(?:\.\d+)?\s*%?)", re.IGNORECASE)
_ZH_INSTEAD = re.compile(r"(?P<new>\d[\d,.]*)(?P<rate>[\u4e00-\u9fff%％]{0,2}?)[，,]?(?P<old>(?:而不是|而非|取代了?|"
                         r"代替了?)(?:原来的|现在的|过去的)?\d[\d,.]*[\u4e00-\u9fff%％]{0,2})")


def replaced_stat(narration: str, language: Language) -> StatVisual | None:
    """"paying $65.40 a month instead of $60": the new figure, labelled with what it replaces, so that the old
    one is never drawn alone as if it were the figure (a change 60 → 65.40, said as the new value)."""
    m = (_EN_INSTEAD if language == "en" else _ZH_INSTEAD).search(narration)
    if m is None:
        return None
    new, rate = m.group("new").strip(), m.group("rate").strip()
    try:
        number = float(re.sub(r"[^\d.]", "", new))
    except ValueError:
        number = None
    return StatVisual(value=new, number=number, unit=rate, label=m.group("old").strip())


_EN_FIND_VERB = re.compile(r"^\s*(?:of\s+(?:them|those|these|respondents|people|residents|parents|users|"
                           r"households|those\s+asked|the\s+[a-z]+)\s+)?(?:said|say|says|found|find|reported|report|"
                           r"agreed|agree|felt|feel|rated|want|wanted|would|were|are|backed|support|supported|"
                           r"preferred|prefer|chose|use|used|had|have)\b[^,;.!?:]*", re.IGNORECASE)
_ZH_FIND = re.compile(r"^的?(?P<what>[^，。；！？：,;:\d]{2,16})")
_ZH_SAID = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:都|也|则|普遍)?(?:说|表示|认为|称|觉得|反映|坦言|提到|承认|希望|"
                      r"说过|告诉记者)$")
_ZH_SHARE_UNITS = ("%", "％", "成", "")


def finding_label(f: Figure, narration: str, language: Language) -> str:
    """"72% found the system easy to use", "87%的受访者对饭菜表示满意", "约六成的家长说孩子还不会游泳": a share with
    no label before it is labelled by what the rest of its clause says of those it counts (the survey's finding),
    so the stat shows the finding and never the sample."""
    shared = f.measure in ("share", "%", "％", "成", "percent") or f.unit in ("%", "％", "成", "percent")
    if f.label or not shared:
        return ""
    end = f.start + len(f.written) + len(f.unit) if language == "zh" or f.unit in ("%", "％") else \
        f.start + len(f.written)
    after = narration[end:]
    if language == "en":
        after = re.sub(r"^\s*percent\b", "", after)
        m = _EN_FIND_VERB.match(after)
        text = m.group(0).strip() if m else ""
        return text if 2 <= len(text.split()) <= 10 else ""
    m = _ZH_FIND.match(after)
    text = _ZH_SAID.sub("", m.group("what")) if m else ""  # "近一半的受访者说，…": who, not 受访者说
    return text if 2 <= cjk_count(text) <= 14 and cjk_count(m.group("what")) >= 3 else ""


_EN_WHEN_CLAUSE = re.compile(r"(?:^|[,;:]\s*)(?:when|whenever|while|as|if|once|until|before|after)\s+[^,;:.]*$",
                             re.IGNORECASE)
_ZH_WHEN_AFTER = re.compile(r"^[\u4e00-\u9fff%％℃°]{0,6}?(?:时|的时候|之时|期间|之际)[，,]")
_ZH_WHEN_BEFORE = re.compile(r"(?:^|[，,；;：:])\s*当[^，,；;：:。]*$")
_SHARE_MEASURES = ("share", "%", "％", "成", "percent")


def context_only(f: Figure, found: list[Figure], narration: str, language: Language) -> bool:
    """A figure that only sets the scene of another: one in a when-clause ("when temperatures reached 35°C,
    demand rose by 30%", "气温达到35℃时，用电量增加了三成"), or one that qualifies a share said just before it in
    its clause ("a third of them are more than 70 years old": the fact is the third, not 70 years)."""
    before = narration[:f.start]
    clause_start = max((m.end() for m in re.finditer(r"[,;:，；：。.!?！？]\s*", before)), default=0)
    if not any(g is not f for g in found):
        return False  # the figure stands alone: nothing else to show
    if language == "en":
        when = _EN_WHEN_CLAUSE.search(before)
        in_when = bool(when) and not re.search(r"\d", before[when.start():f.start].strip())
    else:
        end = f.start + len(f.written) + len(f.unit)
        in_when = bool(_ZH_WHEN_AFTER.match(narration[end:])) or bool(_ZH_WHEN_BEFORE.search(before))
    if in_when and any(g is not f and g.start > f.start for g in found):
        return True
    share = [g for g in found if g.start < f.start and g.start >= clause_start and
             (g.measure in _SHARE_MEASURES or g.unit in _SHARE_MEASURES) and f.measure not in _SHARE_MEASURES]
    return bool(share)


_EN_SHARE_APPROX = re.compile(r"\b(?:nearly|almost|about|around|roughly|over|more\s+than|less\s+than|fewer\s+than|"
                              r"just\s+over|just\s+under|close\s+to|under)\s+$", re.IGNORECASE)


def share_words_en(f: Figure, narration: str) -> str:
    """"nearly half", "roughly a third": an English share in words is drawn with its approximation, as the article
    says it ("half" alone says more than "nearly half" does); "" for any other figure."""
    if f.measure != "share" or re.match(r"\d", f.written):
        return ""
    m = _EN_SHARE_APPROX.search(narration[:f.start])
    return (m.group(0) if m else "") + f.written


_ZH_FROM_WORD = re.compile(r"(?P<w>[从由](?:[^，。；！？\d从由到至约近]{1,8}?的)?)(?:约|近|大约)?$")
_ZH_TO_WORD = re.compile(r"(?P<w>(?:增加|减少|下降|上升|提高|降低|缩短|延长|增长|扩大|上涨|回落|"
                         r"[\u4e00-\u9fff])?[到至])了?(?:约|近|大约)?$")
_EN_FROM_WORD = re.compile(r"\b(?P<w>from)\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?[$€£¥]?$", re.IGNORECASE)
_EN_TO_WORD = re.compile(r"\b(?P<w>to)\s+(?:about\s+|around\s+|nearly\s+|roughly\s+|under\s+|over\s+|just\s+)?"
                         r"[$€£¥]?$", re.IGNORECASE)


def change_words(a: Figure, b: Figure, narration: str, language: Language) -> list[str]:
    """"from $20.80 to $22.70", "从20元降到15元": the words that lead each end of a change, as written (from / to,
    从 / 降到), for bars that have no date to be told apart by; ["", ""] where either is not said so."""
    if not narration or b.start <= a.start:
        return ["", ""]
    head = narration[:a.start]
    between = narration[:b.start]
    src, dst = (_ZH_FROM_WORD, _ZH_TO_WORD) if language == "zh" else (_EN_FROM_WORD, _EN_TO_WORD)
    m, n = src.search(head), dst.search(between)
    if m is None or n is None or n.start() < a.start + len(a.written):
        return ["", ""]
    return [m.group("w"), n.group("w")]
