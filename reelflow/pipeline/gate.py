"""The policy gate as the pipeline uses it: storyboard.policy.check, with a log line for what it held.

All judgment lives in storyboard/ (Prefect-free, so a plain pipeline calls the same `check`). If the
gate cannot even be imported, every shot is held, saying why: a missing gate never means "no holds".
"""

from __future__ import annotations

import logging

from reelflow.models import Article, Storyboard
from reelflow.settings import Settings
from storyboard.policy_hold import Hold, hold_all

__all__ = ["Hold", "check"]

log = logging.getLogger("reelflow.pipeline")


def check(board: Storyboard, article: Article, settings: Settings) -> list[Hold]:
    """The gate's holds on this storyboard (every shot when the gate cannot run)."""
    try:
        from storyboard.policy import check as gate
    except ImportError as exc:
        log.error("The policy gate cannot be loaded (%s); holding every shot.", exc)
        return hold_all(board, f"the gate cannot be loaded: {exc}")
    holds = gate(board, article, settings)
    if holds:
        log.info("The policy gate held %d of %d shots.", len({h.shot_index for h in holds}), len(board.shots))
    return holds
