"""Is a narration the article's, or invented? Measured by n-gram overlap with the article.

A narration sentence counts as traceable when most of it (by characters for Chinese, by words for
English) lies in runs that also occur in the article, and every number in it occurs in the article.
A model that rewords a little passes; one that adds a fact, a figure or a quote does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from reelflow.models import Language
from storyboard.segment import sentences

MIN_COVERAGE = 0.7
_ZH_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_EN_UNIT = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _units(text: str, language: Language) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 2,000 and 2000 are one number
    return (_ZH_UNIT if language == "zh" else _EN_UNIT).findall(text)


def numbers(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


@dataclass(frozen=True)
class Problem:
    sentence: str
    reason: str


class Tracer:
    """Checks text against one article; built once per article (n-gram sets), then queried per sentence."""

    def __init__(self, article_text: str, language: Language, paragraphs: list[str] | None = None) -> None:
        self.language = language
        self.n = 3 if language == "zh" else 2
        self.numbers = numbers(article_text)
        self.grams: set[tuple[str, ...]] = set()
        self.where: dict[tuple[str, ...], int] = {}
        for p, para in enumerate(paragraphs if paragraphs is not None else [article_text]):
            units = _units(para, language)
            for i in range(len(units) - self.n + 1):
                gram = tuple(units[i:i + self.n])
                self.grams.add(gram)
                self.where.setdefault(gram, p)

    def covered(self, text: str) -> tuple[int, int]:
        """(units of `text` inside runs found in the article, all units of `text`)."""
        units = _units(text, self.language)
        if not units:
            return 0, 0
        if len(units) < self.n:  # too short to tell where it comes from: a fragment, not a sentence
            return 0, len(units)
        mark = [False] * len(units)
        for i in range(len(units) - self.n + 1):
            if tuple(units[i:i + self.n]) in self.grams:
                for k in range(i, i + self.n):
                    mark[k] = True
        return sum(mark), len(units)

    def coverage(self, text: str) -> float:
        hit, total = self.covered(text)
        return hit / total if total else 1.0

    def invented_numbers(self, text: str) -> list[str]:
        return sorted(numbers(text) - self.numbers)

    def paragraph_of(self, text: str) -> int | None:
        """The paragraph most of `text`'s n-grams come from."""
        units = _units(text, self.language)
        votes = Counter(self.where[g] for i in range(len(units) - self.n + 1)
                        if (g := tuple(units[i:i + self.n])) in self.where)
        return votes.most_common(1)[0][0] if votes else None

    def check(self, narration: str) -> tuple[str, list[Problem]]:
        """The narration without its untraceable sentences, and what was wrong with each one removed."""
        kept: list[str] = []
        problems: list[Problem] = []
        for sent in sentences(narration, self.language, split_long=False):
            if not _units(sent, self.language):
                continue  # punctuation only: nothing to say
            if bad := self.invented_numbers(sent):
                problems.append(Problem(sent, f"has {', '.join(bad)}, which the article does not"))
            elif (cov := self.coverage(sent)) < MIN_COVERAGE:
                problems.append(Problem(sent, f"is not in the article (only {cov:.0%} of it is)"))
            else:
                kept.append(sent)
        return ("" if self.language == "zh" else " ").join(kept), problems
