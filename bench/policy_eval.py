"""How well the policy gate tells risky shots from ordinary ones, on hand-written sets.

    .venv/bin/python bench/policy_eval.py [--verbose] [SET ...]

A SET is a file (tests/data/policy_heldout9_risky.jsonl) or a pair's name, which means both its files:
dev (policy_risky/ordinary), dev2, heldout, heldout2 ... heldout9. Each line of a set is one article
(`lang`, `title`, `text`) with the shots planned from it (`narration`, `visual_prompt`). Files whose name
contains "risky" count holds (goal: at least 95 % of shots held); the others count false holds (goal: at
most 5 %). Default: the sets in tests/data/. Speed: after one warm-up pass (jieba's dictionary), every
set is checked again and timed; the goal is at most 50 ms a shot. `--frame e5`: the article's frame
by e5 joined to the rules (storyboard.policy_e5_frame), e5 embedding each article once, timed too.
`--shots e5`: the rules' holds joined to the e5 layer over every shot (storyboard.policy_e5_shots, the
setting policy_shot_model's default; one e5 batch an article), timed too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reelflow.models import Article, Shot, Storyboard, content_hash  # noqa: E402
from storyboard.policy import Hold, check  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_SETS = sorted(DATA.glob("policy_*.jsonl"))


def resolve(names: list[str]) -> list[Path]:
    """Files for the arguments: a path as given, a pair's name ("heldout9", "dev") as its risky and ordinary files."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".jsonl":
            out.append(path)
            continue
        prefix = "policy_" if name == "dev" else f"policy_{name}_"
        pair = [DATA / f"{prefix}{kind}.jsonl" for kind in ("risky", "ordinary")]
        missing = [p.name for p in pair if not p.exists()]
        if missing:
            raise SystemExit(f"{name}: no set named so in {DATA} (missing {', '.join(missing)})")
        out += pair
    return out


@dataclass(frozen=True)
class Result:
    name: str
    risky: bool
    shots: int
    held: int
    misses: list[tuple[str, int, str, list[Hold]]]  # (article id, shot, narration, holds) the gate got wrong

    @property
    def rate(self) -> float:
        return self.held / self.shots if self.shots else 0.0


def load(path: Path) -> list[tuple[dict, Article, Storyboard]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        text = item["text"]
        article = Article(source_path=f"{path.name}:{n}", title=item["title"], language=item["lang"],
                          paragraphs=[p for p in text.split("\n") if p.strip()], encoding="utf-8",
                          source_hash=content_hash(text))
        shots = [Shot(index=i, narration=s["narration"], visual_prompt=s["visual_prompt"], seconds=5.0,
                      key_phrase="", keywords=s.get("keywords", []))
                 for i, s in enumerate(item["shots"])]
        board = Storyboard(title=item["title"], language=item["lang"], target_seconds=60, seed=0,
                           planner="handwritten", shots=shots)
        out.append((item, article, board))
    return out


def evaluate(path: Path, frame: str = "rules", shot_model: str = "rules") -> Result:
    risky = "risky" in path.name
    shots = held = 0
    misses = []
    for item, article, board in load(path):
        holds = check(board, article, frame_model=frame, shot_model=shot_model)
        for shot in board.shots:
            mine = [h for h in holds if h.shot_index == shot.index]
            shots += 1
            held += bool(mine)
            if bool(mine) != risky:
                misses.append((item["id"], shot.index, shot.narration, mine))
    return Result(path.name, risky, shots, held, misses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="files or pair names (default: every set in tests/data)")
    parser.add_argument("--verbose", "-v", action="store_true", help="List every shot the gate got wrong.")
    parser.add_argument("--frame", choices=("rules", "e5"), default="rules",
                        help="who judges the article's frame (the setting policy_frame_model; default: the rules)")
    parser.add_argument("--shots", choices=("rules", "e5"), default="rules",
                        help="what joins the rules' per-shot holds (the setting policy_shot_model; default: none)")
    args = parser.parse_args()
    args.sets = resolve(args.sets) if args.sets else DEFAULT_SETS
    started = time.perf_counter()
    results = [evaluate(p, args.frame, args.shots) for p in args.sets]
    cold = time.perf_counter() - started
    boards = [(article, board) for p in args.sets for _, article, board in load(p)]
    started, cpu = time.perf_counter(), time.process_time()
    for article, board in boards:
        check(board, article, frame_model=args.frame, shot_model=args.shots)
    warm, cpu = time.perf_counter() - started, time.process_time() - cpu
    ok = True
    for r in results:
        goal = r.rate >= 0.95 if r.risky else r.rate <= 0.05
        ok &= goal
        what = "held" if r.risky else "false holds"
        print(f"{r.name}: {r.shots} shots, {what} {r.held} ({100 * r.rate:.1f} %), goal "
              f"{'≥ 95' if r.risky else '≤ 5'} % {'met' if goal else 'NOT met'}")
        if args.verbose:
            for article_id, index, narration, holds in r.misses:
                rules = ", ".join(f"{h.rule}: {', '.join(h.evidence)}" for h in holds) or "not held"
                print(f"    {article_id} shot {index + 1}: {narration[:70]}  [{rules}]")
    total = sum(r.shots for r in results)
    per_shot = 1000 * warm / max(total, 1)
    print(f"{total} shots checked in {cold:.2f} s the first time (jieba's dictionary load included); "
          f"after warm-up {warm:.2f} s, {per_shot:.1f} ms a shot (goal ≤ 50 ms "
          f"{'met' if per_shot <= 50 else 'NOT met'}; CPU time {1000 * cpu / max(total, 1):.1f} ms a shot, "
          "which a busy machine does not inflate)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
