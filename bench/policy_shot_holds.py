"""Helper of bench/policy_shot_e5.py: each shot's holds (their rules) under any revision's gate, as JSON lines.

    .venv/bin/python bench/policy_shot_holds.py CODE SET.jsonl ...

CODE is a revision's tree (a `git archive` of it): its own bench/policy_eval.py reads the sets and its
own gate judges them, with the rules' frame, so a pair can be judged by rules that never saw it (each
held-out pair by the revision it was first measured with: what a fresh set meets).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    code = Path(sys.argv[1]).resolve()
    sys.path[:0] = [str(code), str(code / "bench")]
    from policy_eval import load  # the revision's own reader, and through it its own gate

    from storyboard.policy import check

    for name in sys.argv[2:]:
        path = Path(name).resolve()
        for item, article, board in load(path):
            holds = check(board, article)
            rules = [sorted({h.rule for h in holds if h.shot_index == s.index}) for s in board.shots]
            print(json.dumps({"set": path.name, "id": item["id"], "risky": "risky" in path.name, "holds": rules}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
