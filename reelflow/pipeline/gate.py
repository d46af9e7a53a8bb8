"""The policy gate as the pipeline uses it: which planned shots a person must look at before they go out.

The gate itself lives in storyboard/policy.py; this adapter turns its holds into one plain shape
for the review page and the pre-render pause, and makes an installation without the gate hold
nothing (with one log line saying so) rather than fail.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

from reelflow.models import Article, Storyboard
from reelflow.settings import Settings

log = logging.getLogger("reelflow.pipeline")


@dataclass(frozen=True)
class Hold:
    """One shot held for a person, and why."""

    shot_index: int
    reason: str
    rule: str = ""
    suggestion: str = ""


def available() -> bool:
    return importlib.util.find_spec("storyboard.policy") is not None


def check(board: Storyboard, article: Article, settings: Settings) -> list[Hold]:
    """The gate's holds on this storyboard; none when the gate is not installed."""
    if not available():
        log.info("The policy gate (storyboard.policy) is not installed; no shots are held.")
        return []
    policy = importlib.import_module("storyboard.policy")
    holds = policy.review(board, article, settings)
    return [
        Hold(shot_index=int(h.shot_index), reason=str(h.reason), rule=str(getattr(h, "rule", "") or ""),
             suggestion=str(getattr(h, "suggestion", "") or ""))
        for h in holds
    ]
