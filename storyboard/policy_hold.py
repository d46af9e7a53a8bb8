"""The one `Hold` type of the policy gate, and the report and error around it.

Kept free of the gate's machinery (jieba, term lists, classifiers) so that the flow, the review page
and a plain pipeline can speak about holds, and hold everything, even when the gate cannot run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reelflow.errors import ReelflowError
from reelflow.models import Storyboard

Mode = Literal["hold", "block", "warn"]
RULES = ("gate_failed", "news_event", "real_person", "official_statement", "news_style", "news_logo",
         "sexual_content", "minor_at_risk")


@dataclass(frozen=True)
class Hold:
    """One shot held for a person's decision, and why (in words a reviewer understands)."""

    shot_index: int
    reason: str
    rule: str
    evidence: tuple[str, ...] = ()
    suggestion: str = ""
    source: str = "rules"


@dataclass(frozen=True)
class PolicyReport:
    mode: Mode
    holds: list[Hold]
    shots: int

    @property
    def held(self) -> list[int]:
        return sorted({h.shot_index for h in self.holds})

    def for_shot(self, index: int) -> list[Hold]:
        return [h for h in self.holds if h.shot_index == index]


class PolicyBlocked(ReelflowError):
    """The gate is in `block` mode and some shots are risky: nothing is rendered."""


def hold_all(board: Storyboard, why: str) -> list[Hold]:
    """Fail closed: when the gate cannot judge, every shot waits for a person, with the reason."""
    zh = board.language == "zh"
    reason = (f"审核程序未能运行（{why}），所有镜头都需要人工确认后才能生成" if zh
              else f"the policy gate could not run ({why}); every shot waits for a person's decision")
    return [Hold(s.index, reason, "gate_failed", (why,), source="gate") for s in board.shots]


def rule_order(hold: Hold) -> tuple[int, int]:
    return hold.shot_index, RULES.index(hold.rule) if hold.rule in RULES else len(RULES)
