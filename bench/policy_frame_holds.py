"""Helper of bench/policy_frame_e5.py: each article's per-shot holds under three frames, as JSON lines.

    PYTHONPATH=CODE .venv/bin/python bench/policy_frame_holds.py SET.jsonl ...

CODE is any revision's tree (a `git archive` of an old one too): the rules' own frame, the frame forced
to "report", and forced to "not a report" (what e5 could add or take away), with that revision's rules,
and the shots the rules' own frame holds for a real person's act or statement (which e5 does not lift).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from policy_eval import load  # bench/ is sys.path[0]; the gate comes from PYTHONPATH

import storyboard.policy_rules as rules
from storyboard.policy import check
from storyboard.policy_frame import Frame


def holds(board, article, frame: Frame | None, only: tuple[str, ...] = ()) -> list[bool]:  # type: ignore[no-untyped-def]
    own = rules.article_frame
    if frame is not None:
        rules.article_frame = lambda title, text: frame  # type: ignore[assignment]
    try:
        held = {h.shot_index for h in check(board, article) if not only or h.rule in only}
    finally:
        rules.article_frame = own  # type: ignore[assignment]
    return [s.index in held for s in board.shots]


def main() -> int:
    for name in sys.argv[1:]:
        path = Path(name)
        for item, article, board in load(path):
            real = rules.article_frame(article.title, article.text).real
            print(json.dumps({"set": path.name, "id": item["id"], "risky": "risky" in path.name, "real": real,
                              "rules": holds(board, article, None), "report": holds(board, article, Frame("report")),
                              "other": holds(board, article, Frame("not_report")),
                              # a real person's act or statement stays held when e5 sets the frame aside (rev 7);
                              # an older revision does not know that frame, so its person holds are kept here
                              "person": holds(board, article, None, ("real_person", "official_statement"))}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
