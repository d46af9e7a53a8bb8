"""Two counts of different things that a sentence sets against each other, each in its own measure word.

"登记在册的私家车超过600辆，小区里的车位却只有420个", "全镇有老人3200名，养老床位却只有180张", "The estate has 860
households but only 420 parking spaces": cars against spaces is the point of the sentence, but 辆 and 个 are not one
scale, so the two stand side by side (never as bars), each under the noun the article counts.
"""

from __future__ import annotations

import re

from reelflow.models import CompareVisual, Language
from storyboard.figures import ZH_CLASSIFIERS, Figure

__all__ = ["counts_against"]

_ZH_CONTRAST = re.compile(r"[，,；;].*?(?:却|而|但|可|只有|仅有|仅|才|不到|不足)")
_EN_CONTRAST = re.compile(r"\b(?:but|while|whereas|yet)\b(?:\s+(?:only|just|fewer\s+than|less\s+than))?",
                          re.IGNORECASE)


def _shown(f: Figure, language: Language) -> str:
    return f.written + (" " if language == "en" else "") + f.unit


def counts_against(found: list[Figure], narration: str, language: Language) -> CompareVisual | None:
    """The two counts, side by side, where the sentence has exactly two figures, of different measures, each
    counting a named thing, and a word of contrast between them; None otherwise."""
    if len(found) != 2:
        return None
    a, b = found
    if a.measure == b.measure or any(f.change or f.part or f.each == "item" or f.of for f in found):
        return None
    between = narration[a.start + len(a.written):b.start]
    if language == "zh":
        names = [a.label, b.label]
        counts = ZH_CLASSIFIERS | {"人", "人次"}
        ok = all(f.measure in counts for f in found) and _ZH_CONTRAST.search(between) is not None
    else:
        names = [a.unit, b.unit]
        ok = all(f.counted for f in found) and _EN_CONTRAST.search(between) is not None
    if not ok or not all(names) or names[0] == names[1] or re.search(r"[.!?。！？]", between):
        return None
    return CompareVisual(items=names, rows=[("", [_shown(a, language), _shown(b, language)])])
