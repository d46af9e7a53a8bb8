"""A ranking told by places, not figures: "湖03路的日均客流排第二，仅次于高铁站接驳的“站01路”，第三名是大学城的
“学05路”", "Route 3 now ranks second, behind only Route 9, with Route 12 third". Each thing is put at its place
(排第N, 第N名是X, 仅次于X is one place above the subject; "ranks second", "second only to X", "X came third"),
and the things are listed in rank order: the ranking the sentence tells, where a stat of its pool (全市 47 条) or a
scene of one word (高铁) would tell nothing of it.
"""

from __future__ import annotations

import re

from reelflow.models import Language, ListVisual

__all__ = ["rank_order"]

_ZH_N = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ZH_NAME = r"(?:“(?P<q{k}>[^”]{{2,12}})”|(?P<n{k}>(?:(?!的|在)[\u4e00-\u9fffA-Za-z0-9]){{2,8}}))"
_ZH_AT = re.compile(_ZH_NAME.format(k=1) + r"(?:的(?P<measure>(?:(?!排|位|居)[\u4e00-\u9fff]){2,6}))?"
                    r"(?:在[\u4e00-\u9fff]{1,6})?"
                    r"(?:排名?|位列|位居|居)(?:全[市区省国县镇]|榜单|[\u4e00-\u9fff]{0,2}中)?第(?P<rank>[一二三四五六七八九十\d]+)"
                    r"(?:位|名)?")
_ZH_NTH = re.compile(r"(?:排名?|位列)?第(?P<rank>[一二三四五六七八九十\d]+)(?:名|位)?的?(?:是|为|则是|要数)"
                     r"(?:[\u4e00-\u9fff]{0,8}的)?" + _ZH_NAME.format(k=1))
_ZH_BELOW = re.compile(r"仅次于(?:[\u4e00-\u9fff]{0,8}的)?" + _ZH_NAME.format(k=1))
_EN_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "top": 1}
_EN_NAME = r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z0-9][\w'’-]*){0,3})"
_EN_AT = re.compile(_EN_NAME + r"\s+(?:now\s+|also\s+)?(?:ranks?|ranked|came|comes|finished|placed|is|was|sits?|sat)\s+"
                    r"(?:in\s+|the\s+)?(?P<rank>first|second|third|fourth|fifth|top)\b")
_EN_NTH = re.compile(r"\bwith\s+" + _EN_NAME + r"\s+(?P<rank>first|second|third|fourth|fifth)\b")
_EN_BELOW = re.compile(r"\b(?:second\s+only\s+to|behind\s+only|only\s+behind|just\s+behind)\s+(?:the\s+)?" + _EN_NAME)


def _rank(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in _EN_WORDS:
        return _EN_WORDS[word]
    if word == "十":
        return 10
    return _ZH_N.get(word) if len(word) == 1 else None


def _name(m: re.Match[str]) -> str:
    return next((g for g in (m.groupdict().get("q1"), m.groupdict().get("n1"), m.groupdict().get("name")) if g), "")


def rank_order(sentence: str, language: Language) -> ListVisual | None:
    """The things a sentence ranks by place, in rank order; None unless two or more distinct things hold
    distinct places with none missing between them."""
    at: dict[int, str] = {}
    measure = ""
    subject_rank = None
    if language == "zh":
        for m in _ZH_AT.finditer(sentence):
            rank = _rank(m.group("rank"))
            if rank is not None:
                at.setdefault(rank, _name(m))
                subject_rank = subject_rank or rank
                measure = measure or (m.group("measure") or "")
        for m in _ZH_NTH.finditer(sentence):
            rank = _rank(m.group("rank"))
            if rank is not None:
                at.setdefault(rank, _name(m))
        below = _ZH_BELOW.search(sentence)
    else:
        for pattern in (_EN_AT, _EN_NTH):
            for m in pattern.finditer(sentence):
                rank = _rank(m.group("rank"))
                if rank is not None and m.group("name").split()[0] not in ("The", "It", "This", "That"):
                    at.setdefault(rank, m.group("name"))
                    subject_rank = subject_rank or rank
        below = _EN_BELOW.search(sentence)
    if below is not None and (re.match(r"\s*(?:和|与|及|、|,?\s+and\b)", sentence[below.end():])
                              or re.search(r"[和与及、]", _name(below))):
        below = None  # "仅次于新华书店和西西弗", "behind only Ashford and Millbrook": two places above, not one
    if below is not None and subject_rank is not None and subject_rank > 1:
        at.setdefault(subject_rank - 1, _name(below))
    names = [at[k] for k in sorted(at)]
    if len(at) < 2 or len(set(names)) != len(names) or sorted(at) != list(range(min(at), min(at) + len(at))):
        return None
    if any(re.search(r"[，,。；\s]", n) and language == "zh" for n in names):
        return None
    return ListVisual(title=measure, items=names[:5])


_CUE = re.compile(r"排名?第|位列第|位居|第[一二三四五六七八九十\d]+名|仅次于|\b(?:ranks?|ranked|second\s+only|"
                  r"behind\s+only|came\s+(?:first|second|third)|placed)\b", re.IGNORECASE)


def rank_order_around(narration: str, article_text: str, language: Language) -> ListVisual | None:
    """The ranking of the article sentence this shot tells (all or part of), when the shot says a place in it."""
    text = narration.strip()
    if not _CUE.search(text):
        return None
    at = article_text.find(text)
    if at < 0:
        return rank_order(text, language)
    ends = re.compile(r"[。！？\n]" if language == "zh" else r"[.!?](?=\s)|\n")
    start = max((m.end() for m in ends.finditer(article_text, 0, at)), default=0)
    nxt = ends.search(article_text, at + len(text) - 1)
    return rank_order(article_text[start:nxt.end() if nxt else len(article_text)], language)
