"""Throughput of one batch with one and with two GPU-pool workers, and what N workers would give.

Runs the compose topology without Docker (tests/topology.py): a Prefect server on PostgreSQL, the
store in PostgreSQL, media in an S3 API on loopback, one CPU-pool worker and K GPU-pool workers
(`prefect worker start`), each with its own data dir. The "GPU" workers run the tiny random DiT on
the CPU, so the absolute times say nothing about a real model; the ratio says how well the work
spreads over the pool's workers, and the per-shot and per-article times feed the estimate.

    eval "$(bash .ci/postgres.sh)"     # a PostgreSQL the bench may create databases in
    .venv/bin/python bench/scale.py --articles 6 --shot-seconds 45

`--shot-seconds` is one shot's render time on the target GPU (bench/dit_gpu.py measures it); the
estimate for N GPU workers is min(N / (shots per article × shot time), CPU side's article rate).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from dit_tiny import build  # noqa: E402
from topology import Topology  # noqa: E402

SOURCES = ["en_article.md", "zh_article.md", "zh_gbk.txt", "zh_page.html"]


def articles(folder: Path, n: int) -> Path:
    """`n` distinct articles (fixtures, then the same fixtures with a numbered closing line)."""
    folder.mkdir(parents=True)
    for i in range(n):
        src = ROOT / "tests" / "fixtures" / "articles" / SOURCES[i % len(SOURCES)]
        dst = folder / f"{i:02d}-{src.name}"
        shutil.copy(src, dst)
        if i >= len(SOURCES):
            with dst.open("ab") as f:
                f.write(f"\n\nEdition {i}.\n".encode())
    return folder


def run_once(root: Path, postgres_url: str, model: Path, n_articles: int, gpu_workers: int,
             max_seconds: float) -> dict[str, Any]:
    topo = Topology(root, postgres_url, model, max_seconds=max_seconds)
    try:
        topo.start(gpu_workers)
        source = articles(root / "batch", n_articles)
        started = time.perf_counter()
        run = topo.run_batch(source, timeout=3600)
        wall = time.perf_counter() - started
        if not run.state.is_completed():
            raise SystemExit(f"the batch ended {run.state.name}: {run.state.message}\n{topo.log_tail()}")
        runs = topo.flow_runs()
        renders = [r for name, r in runs if name == "render-shots"]
        made = [r for name, r in runs if name == "article-to-video"]
        # Shots each GPU worker rendered (in its own data dir): how the pool shared the work.
        boxes = ["gpu-box"] if gpu_workers == 1 else [f"gpu-box-{k + 1}" for k in range(gpu_workers)]
        split = [len(list((root / box / "cache" / "shots").rglob("*.mp4"))) for box in boxes]
        shots = sum(split)
        return {
            "wall": wall,
            "articles_per_min": 60 * len(made) / wall,
            "render_run_s": sum(r.total_run_time.total_seconds() for r in renders) / max(1, len(renders)),
            "shot_s": sum(r.total_run_time.total_seconds() for r in renders) / max(1, shots),
            "article_run_s": sum(r.total_run_time.total_seconds() for r in made) / max(1, len(made)),
            "shots": shots,
            "render_runs": len(renders),
            "split": "+".join(map(str, split)),
        }
    finally:
        topo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--max-seconds", type=float, default=12.0, help="target clip length (shots per article)")
    parser.add_argument("--shot-seconds", type=float, default=None,
                        help="one shot's render time on the target GPU, for the N-worker estimate")
    args = parser.parse_args()
    url = os.environ.get("REELFLOW_TEST_POSTGRES_URL")
    if not url:
        raise SystemExit('needs PostgreSQL: eval "$(bash .ci/postgres.sh)" first')
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="reelflow-scale-") as tmp:
        model = build("wan", Path(tmp) / "tiny-wan")
        results = {k: run_once(Path(tmp) / f"gpu{k}", url, model, args.articles, k, args.max_seconds) for k in (1, 2)}
    one, two = results[1], results[2]
    print(f"# bench/scale.py: {args.articles} articles, tiny DiT on the CPU, {os.cpu_count()} cores, "
          f"load average {load:.1f} at the start")
    print("| GPU-pool workers | batch wall-clock | articles/min | render run (mean) | per shot | article run (mean) |")
    print("|---|---|---|---|---|---|")
    for k, r in results.items():
        print(f"| {k} ({r['render_runs']} runs, shots per worker {r['split']}) | {r['wall']:.1f} s | "
              f"{r['articles_per_min']:.2f} | {r['render_run_s']:.1f} s | {r['shot_s']:.1f} s | "
              f"{r['article_run_s']:.1f} s |")
    print(f"\nthroughput ratio, two workers / one: {two['articles_per_min'] / one['articles_per_min']:.2f}×")
    shots_per_article = one["shots"] / args.articles
    if args.shot_seconds:
        cpu_rate = 60 / max(1e-9, one["article_run_s"] - one["render_run_s"])  # CPU side, one article at a time
        print(f"\nestimate with {args.shot_seconds:g} s a shot on the GPU, {shots_per_article:.1f} shots an "
              f"article, CPU side {cpu_rate:.2f} articles/min per concurrent article:")
        for n in (1, 2, 4, 8, 16):
            gpu_rate = 60 * n / (shots_per_article * args.shot_seconds)
            print(f"  {n:2d} GPU workers: {gpu_rate:.2f} articles/min from the GPUs "
                  f"(the CPU pool must run {gpu_rate / cpu_rate:.1f} articles at once to keep up)")


if __name__ == "__main__":
    main()
