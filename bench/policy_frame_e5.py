"""Revision 7: the article's frame from e5, once per article, with the rules — what wins, chosen on dev data.

    .venv/bin/python bench/policy_frame_e5.py [--save] [--cache FILE.npz] [--holds FILE.jsonl ...]

Every article of the development sets (tests/data/policy_*.jsonl but HELD_OUT) is embedded once (its
title and first two sentences, at most 96 tokens: storyboard.policy_e5_frame) and labelled a report of
a risky event (risky file) or not (ordinary file). Leave-one-set-out: each pair's articles are scored by
a logistic layer (or a kNN, for comparison) fitted on the other pairs' articles. The per-shot holds come
from bench/policy_frame_holds.py (the rules' frame, the frame forced to report, forced to not-a-report),
so every rule of combination can be scored: e5 adds a report frame at a margin; e5 also removes the
rules' report frame at a (larger) margin. "fresh" rows use holds from the revision the pair was first
measured with (held-out 8 with rev 4, 9 with rev 5, 10 with rev 6): rules that never saw the pair, as on
a held-out set. `--save` fits on every dev article and writes storyboard/policy_frame_e5.npz with the
chosen margins.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from policy_e5 import _group, train  # noqa: E402
from policy_eval import DATA, load  # noqa: E402

from storyboard import policy_e5_frame as F  # noqa: E402

HELD_OUT = ("heldout11",)  # never read here
ADD = (0.0, 0.1, 0.2, 0.3, 0.4, 0.45, 1.0)  # 1.0: e5 never adds
VETO = (-1.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.45)  # -1: e5 never removes


def dev_sets() -> list[Path]:
    return [p for p in sorted(DATA.glob("policy_*.jsonl")) if not any(f"_{h}_" in p.name for h in HELD_OUT)]


def articles(paths: list[Path]) -> list[dict]:
    out = []
    for p in paths:
        for item, article, board in load(p):
            out.append({"set": p.name, "group": _group(p), "id": item["id"], "risky": "risky" in p.name,
                        "title": article.title, "text": article.text, "shots": len(board.shots)})
    return out


def embeddings(arts: list[dict], cache: Path | None) -> np.ndarray:
    heads = [F.head(a["title"], a["text"]) for a in arts]
    if cache and cache.exists():
        data = np.load(cache, allow_pickle=False)
        if list(data["heads"]) == heads:
            return data["x"]
    x = np.vstack([F.embed(a["title"], a["text"]) for a in arts])
    if cache:
        np.savez(cache, x=x, heads=np.array(heads))
    return x


def knn(xtr: np.ndarray, ytr: np.ndarray, x: np.ndarray, k: int = 7) -> np.ndarray:
    sims = x @ xtr.T
    top = np.argsort(-sims, axis=1)[:, :k]
    return ytr[top].mean(axis=1)


def logistic(xtr: np.ndarray, ytr: np.ndarray, x: np.ndarray) -> np.ndarray:
    w = train(xtr, ytr, l2=1e-3, steps=3000, lr=2.0)
    return 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))


def cross_validate(arts: list[dict], x: np.ndarray, scorer) -> np.ndarray:  # type: ignore[no-untyped-def]
    y = np.array([a["risky"] for a in arts])
    groups = np.array([a["group"] for a in arts])
    p = np.zeros(len(arts))
    for g in sorted(set(groups)):
        test = groups == g
        p[test] = scorer(x[~test], y[~test], x[test])
    return p


def combine(h: dict, p: float, add: float, veto: float) -> list[bool]:
    if not h["real"] and p >= 0.5 + add:
        return h["report"]
    if h["real"] and veto >= 0 and p <= 0.5 - veto:
        return [a or b for a, b in zip(h["other"], h.get("person", h["other"]), strict=True)]
    return h["rules"]


def rates(rows: list[tuple[dict, float]], add: float, veto: float) -> tuple[int, int, int, int]:
    rh = rn = oh = on = 0
    for h, p in rows:
        held = combine(h, p, add, veto)
        if h["risky"]:
            rh, rn = rh + sum(held), rn + len(held)
        else:
            oh, on = oh + sum(held), on + len(held)
    return rh, rn, oh, on


def table(title: str, rows: list[tuple[dict, float]]) -> None:
    print(f"\n{title}: risky held / ordinary held (shots)")
    print("add margin ↓  veto margin →  " + "  ".join(f"{'never' if v < 0 else f'{v:.2f}':>17}" for v in VETO))
    for a in ADD:
        cells = []
        for v in VETO:
            rh, rn, oh, on = rates(rows, a, v)
            cells.append(f"{100 * rh / rn:5.1f} % / {100 * oh / on:4.1f} %")
        print(f"{'never' if a >= 1 else f'{a:.2f}':>12}  {'':13}  " + "  ".join(f"{c:>17}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holds", nargs="*", type=Path, default=[], help="bench/policy_frame_holds.py output; "
                        "a file named *fresh* gives the fresh rows")
    parser.add_argument("--cache", type=Path, help="keep the embeddings here between runs")
    parser.add_argument("--save", nargs=2, type=float, metavar=("ADD", "VETO"),
                        help="fit on every dev article and save with these margins (VETO < 0: never)")
    args = parser.parse_args()
    paths = dev_sets()
    arts = articles(paths)
    started = time.perf_counter()
    x = embeddings(arts, args.cache)
    print(f"{len(arts)} dev articles embedded in {time.perf_counter() - started:.1f} s")
    y = np.array([a["risky"] for a in arts])
    probs = {}
    for name, scorer in (("logistic", logistic), ("kNN k=7", knn)):
        p = cross_validate(arts, x, scorer)
        probs[name] = p
        acc = ((p >= 0.5) == y).mean()
        print(f"{name:9} leave-one-set-out, articles: accuracy {100 * acc:.1f} %, reports called not "
              f"{int(((p < 0.5) & y).sum())}/{int(y.sum())}, others called reports {int(((p >= 0.5) & ~y).sum())}"
              f"/{int((~y).sum())}; by group: " + ", ".join(
                  f"{g} {100 * ((p >= 0.5) == y)[[a['group'] == g for a in arts]].mean():.0f}"
                  for g in sorted({a['group'] for a in arts})))
    p = probs["logistic"]
    index = {(a["set"], a["id"]): i for i, a in enumerate(arts)}
    for path in args.holds:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        table(f"{path.name} (e5 leave-one-set-out)", [(h, p[index[(h["set"], h["id"])]]) for h in rows])
    if args.save:
        w = train(x, y, l2=1e-3, steps=3000, lr=2.0)
        np.savez(F.WEIGHTS, w=w[:-1].astype(np.float32), b=np.float32(w[-1]), add_margin=np.float32(args.save[0]),
                 veto_margin=np.float32(args.save[1]))
        print(f"saved {F.WEIGHTS} (add margin {args.save[0]}, veto margin {args.save[1]})")
    boards = [(a["title"], a["text"], a["shots"]) for a in arts[:60]]
    F.embed(*boards[0][:2])
    started, cpu = time.perf_counter(), time.process_time()
    for title, text, _ in boards:
        F.embed(title, text)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    shots = sum(n for *_, n in boards)
    print(f"e5 frame after warm-up: {1000 * wall / len(boards):.1f} ms an article, {1000 * wall / shots:.1f} ms a "
          f"shot ({len(boards)} articles, {shots} shots; CPU {1000 * cpu / shots:.1f} ms a shot)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
