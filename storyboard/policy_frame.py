"""Judgment (1): the article's frame. A report of a real event or claim is what fake footage would
fake; fiction, a game or film, history, a forecast, a how-to or a science explainer is not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyboard import policy_vocab as V
from storyboard.policy_match import Text

REPORT = "report"


@dataclass(frozen=True)
class Frame:
    kind: str  # "report" or one of policy_vocab.FRAME's keys
    evidence: tuple[str, ...] = ()

    @property
    def real(self) -> bool:
        return self.kind == REPORT


def article_frame(title: str, text: str) -> Frame:
    """The frame whose words the article uses most; a report unless another frame clearly outweighs
    the report's own signs (recent times, sources, counts of harm)."""
    found = Text(f"{title}\n{text}")
    report = len(found.find(V.REPORT))
    best, best_terms = REPORT, []
    for kind, vocabulary in V.FRAME.items():
        hits = found.find(vocabulary)
        if kind == "history" and re.search(V.OLD_YEAR, f"{title}\n{text}"):
            # A date before 1950 and nothing placing the text in the present: told as history.
            hits += ["(an old year)"] * (1 if found.find(V.RECENT) else 2)
        if len(hits) > len(best_terms):
            best, best_terms = kind, hits
    # A title in a frame's words counts double: "评测", "Review:", "Forecast", "推荐".
    score = len(best_terms) + len(Text(title).find(V.FRAME[best])) if best != REPORT else 0
    if best != REPORT and score >= 2 and score >= report:
        return Frame(best, tuple(best_terms))
    return Frame(REPORT)
