"""An age is one person's, never a count: "年纪最大的学员是八十三岁的王秀英" drawn as "八十三 | 学员" reads as 83
students. A figure in years of life (岁, 周岁) is a stat only when its label names an age (平均年龄, 年龄中位数);
otherwise it says who someone is, which a scene shows better than a number beside the wrong noun."""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.figures import Figure

__all__ = ["lone_age"]

_ZH_AGE_UNITS = ("岁", "周岁", "虚岁")
_ZH_AGE_LABEL = re.compile(r"年龄|岁数|年纪|寿命|平均")
_EN_AGE_AFTER = re.compile(r"^\s*(?:-|\s)?(?:years?|yrs?)(?:-|\s+)old\b|^-year-old\b", re.IGNORECASE)
_EN_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+$", re.IGNORECASE)
_EN_AGE_LABEL = re.compile(r"\b(?:age|ages|aged|life\s+expectancy|lifespan)\b", re.IGNORECASE)


def lone_age(f: Figure, narration: str, language: Language) -> bool:
    """Whether f is somebody's age (八十三岁的王秀英, "a 91-year-old volunteer", "aged 12") and its label does not
    say it is an age: such a figure counts nothing and is never drawn as a stat."""
    if language == "zh":
        return f.unit in _ZH_AGE_UNITS and not _ZH_AGE_LABEL.search(f.label)
    after = narration[f.start + len(f.written):]
    before = narration[:f.start]
    age = bool(_EN_AGE_AFTER.match(after) or _EN_AGE_BEFORE.search(before))
    return age and not _EN_AGE_LABEL.search(f.label)
