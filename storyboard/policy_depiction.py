"""Judgment (2): would the shot's generated picture pass as camera footage? A chart, map, drawing,
animation, game screen or product shot would not, whatever it shows."""

from __future__ import annotations

from storyboard import policy_vocab as V
from storyboard.policy_match import Text


def drawn(visual_prompt: str) -> list[str]:
    """The words in the picture's prompt that make it not footage; empty when it is footage-like."""
    return Text(visual_prompt).find(V.DRAWN)


def footage_like(visual_prompt: str) -> bool:
    return not drawn(visual_prompt)
