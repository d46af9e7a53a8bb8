"""How often a reviewer's Submit (POST /flow_runs/{id}/resume) fails while a batch renders.

Against a running `reelflow serve` (its Prefect server): makes N flow runs paused as a review pauses
them, drops M articles (copies of the examples, each made new) into the inbox so that runs render,
and while they do, resumes each paused run once, as the dashboard's Submit does, without retrying.
Prints the count of answers by status and the median and worst time of a Submit.

    python bench/submit_under_load.py --api http://127.0.0.1:4200/api --inbox DIR [--runs 40] [--articles 6]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from flows_support import paused_runs, resume_once  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--inbox", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--articles", type=int, default=6)
    ap.add_argument("--gap", type=float, default=0.25, help="seconds between two Submits")
    args = ap.parse_args()
    ids = paused_runs(args.api, args.runs)
    stamp = time.strftime("%H%M%S")
    examples = sorted((ROOT / "examples").glob("zh_*.md")) + sorted((ROOT / "tests/fixtures/articles").glob("zh_*.md"))
    for i in range(args.articles):
        src = examples[i % len(examples)]
        part = args.inbox / f".{stamp}-{i}.part"
        shutil.copy(src, part)
        with part.open("a", encoding="utf-8") as f:
            f.write(f"\n\n第{i}篇，{stamp}。\n")  # new bytes: a new article, rendered again
        part.rename(args.inbox / f"load-{stamp}-{i}{src.suffix}")
    time.sleep(8)  # the inbox settles and the runs start rendering
    codes: Counter[int] = Counter()
    took = []
    for run_id in ids:
        status, seconds = resume_once(args.api, run_id)
        codes[status] += 1
        took.append(seconds)
        time.sleep(args.gap)
    running = httpx.post(f"{args.api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": [
        "RUNNING"]}}}, "flows": {"name": {"any_": ["article-to-video"]}}}, timeout=30).json()
    print(f"submits: {dict(codes)}  median {statistics.median(took):.2f} s, worst {max(took):.2f} s; "
          f"article runs still rendering at the end: {len(running)}")


if __name__ == "__main__":
    main()
