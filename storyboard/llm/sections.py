"""Long articles (up to 50,000 characters) are planned part by part, each part within the model's context.

Each part gets a share of the target length by its size (asked for somewhat more, so there is a
choice), the parts are planned in order with the style sheet of the first carried into the next,
and `build.fit` then selects across all parts so the clip covers the whole article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

from storyboard.llm.build import ArticleIndex
from storyboard.llm.prompt import Piece
from storyboard.llm.schema import NarrationMode

OVERSHOOT = 1.5
SHOT_SECONDS = 4.0


@dataclass(frozen=True)
class Section:
    number: int
    sentences: list[Piece]

    @property
    def chars(self) -> int:
        return sum(len(s.text) for s in self.sentences)

    @property
    def paragraphs(self) -> list[int]:
        return list(dict.fromkeys(s.paragraph for s in self.sentences))

    def pieces(self, mode: NarrationMode, language: str) -> list[Piece]:
        """Numbered sentences (extract mode) or paragraphs (rewrite mode; a split paragraph shows its part)."""
        if mode == "extract":
            return list(self.sentences)
        joiner = "" if language == "zh" else " "
        return [Piece(p, p, joiner.join(s.text for s in group))
                for p, group in groupby(self.sentences, key=lambda s: s.paragraph)]


def split(index: ArticleIndex, max_chars: int) -> list[Section]:
    """Consecutive paragraphs packed into parts of at most `max_chars`; a paragraph longer than that is
    split between sentences (a sentence longer than that is a part of its own)."""
    parts: list[list[Piece]] = []
    cur: list[Piece] = []
    size = 0
    for _, group in groupby(index.sentences, key=lambda s: s.paragraph):
        sents = list(group)
        chunks: list[list[Piece]] = [[]]
        for s in sents:
            if chunks[-1] and sum(len(x.text) for x in chunks[-1]) + len(s.text) > max_chars:
                chunks.append([])
            chunks[-1].append(s)
        for chunk in chunks:
            n = sum(len(x.text) for x in chunk)
            if cur and size + n > max_chars:
                parts.append(cur)
                cur, size = [], 0
            cur += chunk
            size += n
    if cur:
        parts.append(cur)
    return [Section(i, p) for i, p in enumerate(parts)]


def budgets(sections: list[Section], max_seconds: float) -> list[float]:
    """Seconds to ask each part for: its share of the target by size, with room to choose from."""
    total = sum(s.chars for s in sections) or 1
    if len(sections) == 1:
        return [max_seconds]
    return [max(SHOT_SECONDS * 1.5, OVERSHOOT * max_seconds * s.chars / total) for s in sections]


def max_shots(seconds: float) -> int:
    return max(1, math.ceil(seconds / SHOT_SECONDS) + 1)
