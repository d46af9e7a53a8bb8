"""A sentence told across a shot cut keeps its graphic: "…why their street is still white," says Karen Doyle, |
"the city's roads supervisor." The second shot says no figure or quote of its own, yet it is the same sentence; a
scene card there drops the quote (or list, chart, stat) halfway through it. So the shot that runs on shows what the
shot before it showed, unless it has a graphic of its own."""

from __future__ import annotations

import re

from reelflow.models import Language, SceneVisual, Visual
from storyboard.figures import numbers

__all__ = ["runs_on", "keep_across_cut"]

_WORDS = frozenset(("quote", "list"))
_FIGURES = frozenset(("chart", "stat", "compare", "timeline"))
# any amount said, with a unit or without ("accounted for 31", "a third of those", 三成, 一半): the figure on screen
# would then be read as this one
_SAYS_AMOUNT = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                          r"forty|fifty|hundred|thousand|million|billion|dozen|half|third|thirds|quarter|quarters|"
                          r"percent|twice|double|triple)\b|[一二两三四五六七八九十百千万亿半倍成]", re.IGNORECASE)


def runs_on(prev_sentence: int, sentence: int, starts_sentence: bool) -> bool:
    """Whether a shot opens inside the sentence the shot before it ended in."""
    return not starts_sentence and prev_sentence == sentence


def keep_across_cut(before: Visual | None, visual: Visual, narration: str, language: Language) -> Visual:
    """The visual of a shot that runs on from the one before: that one's graphic where this one has only a scene
    card (a title or image before it is no graphic of the sentence). A figure graphic stays only while the shot says
    no figure of its own: "one in five owners" on screen while the voice says "nearly half of the others" misleads."""
    kind = getattr(before, "kind", "")
    if not isinstance(visual, SceneVisual) or before is None:
        return visual
    if kind in _WORDS or (kind in _FIGURES and not numbers(narration, language) and not _SAYS_AMOUNT.search(narration)):
        return before
    return visual
