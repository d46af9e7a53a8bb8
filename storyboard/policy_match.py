"""Finding a vocabulary's terms in a text: Chinese on jieba word boundaries, English as whole words.

Both languages' lists apply to every text, since an LLM planner may write English visual prompts
for a Chinese article.
"""

from __future__ import annotations

import re
from functools import cache

Vocabulary = dict[str, tuple[str, ...]]  # language -> terms


def jieba_bounds(text: str) -> tuple[set[int], set[int]]:
    import jieba

    starts, ends, pos = set(), set(), 0
    for token in jieba.lcut(text):
        starts.add(pos)
        pos += len(token)
        ends.add(pos)
    return starts, ends


@cache
def pattern(term: str) -> re.Pattern[str]:
    if not term.isascii():
        return re.compile(re.escape(term))
    body = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


class Text:
    """A text prepared for term look-ups. A Chinese term must start or end where a jieba word does (or
    be 4+ characters long): 超强台风 is a typhoon, but 战争 inside 挑战争议 is not a war."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self._blanked: dict[int, str] = {}
        self._bounds: dict[str, tuple[set[int], set[int]]] = {}

    def _without(self, exclude: Vocabulary | None) -> str:
        if exclude is None:
            return self.raw
        key = id(exclude)
        if key not in self._blanked:
            text = self.raw
            for phrase in sorted((p for ps in exclude.values() for p in ps), key=len, reverse=True):
                text = pattern(phrase).sub(lambda m: " " * len(m.group()), text)
            self._blanked[key] = text
        return self._blanked[key]

    def find(self, vocabulary: Vocabulary, exclude: Vocabulary | None = None) -> list[str]:
        """The terms of `vocabulary` (any language) that occur in the text."""
        text = self._without(exclude)
        found = []
        for term in dict.fromkeys(t for ts in vocabulary.values() for t in ts):
            if term.isascii():
                if pattern(term).search(text):
                    found.append(term)
                continue
            if term not in text:
                continue
            if text not in self._bounds:
                self._bounds[text] = jieba_bounds(text)
            starts, ends = self._bounds[text]
            at = text.find(term)
            while at >= 0:
                if at + len(term) in ends or at in starts or len(term) >= 4:
                    found.append(term)
                    break
                at = text.find(term, at + 1)
        return found


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
