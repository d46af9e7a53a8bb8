"""Time per stage of making one clip on the CPU, median of N runs, with cold caches each run.

    .venv/bin/python bench/make_cpu.py [ARTICLE] [--preset douyin] [--runs 3] [--cli]

Each run calls `reelflow.pipeline.make` — the code `reelflow make` runs — on a fresh data dir (no
cached voice, render or draft) with the offline voice, so what it measures is what users run: the
policy gate, the store, the voice style, the cut's lead and pad. Stage times come from the
pipeline's own progress events (read, plan, voice, render, cut); `total` is the whole call. `--cli`
also times one whole `reelflow make` process end to end (imports and all).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"  # offline: the network does not weigh on the figures

import storyboard  # noqa: E402
from reelflow import progress  # noqa: E402
from reelflow.pipeline import make_here  # noqa: E402
from reelflow.settings import load_settings  # noqa: E402

STAGES = ("read", "plan", "voice", "render", "cut")


def one_run(article_path: Path, preset_name: str, work: Path) -> tuple[dict[str, float], float, str]:
    """One cold make; seconds per stage (first start to last finish), the clip's length and its path."""
    os.environ["REELFLOW_DATA_DIR"] = str(work / "data")
    settings = load_settings(preset=preset_name)
    spans: dict[str, list[float]] = {}

    def listen(event: progress.Event) -> None:
        if event.kind in ("start", "finish") and event.stage in STAGES:
            spans.setdefault(event.stage, []).append(time.perf_counter())

    t = time.perf_counter()
    with progress.listening(listen):
        draft = make_here(str(article_path), settings)
    total = time.perf_counter() - t
    assert draft is not None
    times = {stage: spans[stage][-1] - spans[stage][0] for stage in STAGES if stage in spans}
    times["total"] = total
    return times, draft.duration, draft.video_path


def cli_run(article_path: Path, preset: str, work: Path) -> float:
    env = dict(os.environ, REELFLOW_DATA_DIR=str(work / "cli-data"), REELFLOW_SPEECH_ENGINE="espeak")
    env.pop("PREFECT_API_URL", None)  # the plain pipeline, as on a fresh machine
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(article_path), "--preset", preset],
                   check=True, env=env, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", default=str(ROOT / "examples" / "zh_city_night_markets.md"))
    parser.add_argument("--preset", default="douyin")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time one whole `reelflow make`")
    args = parser.parse_args()
    article = Path(args.article)
    chars = len(storyboard.read(article).text)

    runs: list[dict[str, float]] = []
    duration = 0.0
    for i in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="reelflow-bench-"))
        try:
            times, duration, _clip = one_run(article, args.preset, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        runs.append(times)
        print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()), file=sys.stderr)

    print(f"\n{article.name}: {chars} characters → {duration:.1f} s clip, preset {args.preset}, "
          f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, median of {args.runs}")
    print("| stage | median s | × clip duration |")
    print("|---|---|---|")
    for stage in runs[0]:
        med = statistics.median(r[stage] for r in runs)
        print(f"| {stage} | {med:.2f} | {med / duration:.2f} |")
    if args.cli:
        work = Path(tempfile.mkdtemp(prefix="reelflow-bench-cli-"))
        try:
            wall = cli_run(article, args.preset, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"| `reelflow make` end to end (a new process) | {wall:.2f} | {wall / duration:.2f} |")


if __name__ == "__main__":
    main()
