"""Each scene and title card's pictogram, planned across the clip so that neighbours differ.

A renderer sees one shot at a time and would draw the shop sign on every shot of a night-market story that says
摊位; the plan sees the run of shots and gives each card its best pictogram that neither of the two cards before
it shows, or none (the card then keeps its faint texture word) rather than the same sign again and again.
"""

from __future__ import annotations

from reelflow.models import SceneVisual, Shot, TitleVisual
from reelflow.pictograms import card_candidates, opening_title

RECENT = 2  # a pictogram is not shown again on the next two pictogram cards


def with_pictograms(shots: list[Shot], title: str) -> list[Shot]:
    """`shots` with each scene and title card's `icon` set; other visuals (and an image's scene) unchanged."""
    shown: list[str] = []
    out = []
    for shot in shots:
        v = shot.visual
        if isinstance(v, SceneVisual | TitleVisual):
            icon = next((name for name in card_candidates(shot, title) if name not in shown[-RECENT:]), "")
            if icon and not opening_title(shot):  # the opening title's topic sign does not count against the rest
                shown.append(icon)
            shot = shot.model_copy(update={"visual": v.model_copy(update={"icon": icon})})
        out.append(shot)
    return out
