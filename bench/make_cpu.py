"""Time per stage of making one clip on the CPU, median of N runs, with cold caches each run.

    .venv/bin/python bench/make_cpu.py [ARTICLE] [--preset douyin] [--runs 3] [--cli]

Stages are timed by calling the same stage functions the flow calls, with the same parallelism
(3 worker threads), so Prefect's own start-up (a temporary server, ~15 s without PREFECT_API_URL)
is reported separately: `--cli` also times one whole `reelflow make` end to end.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import generator.speech as speech  # noqa: E402
import generator.video as video  # noqa: E402
import storyboard  # noqa: E402
from editing.cut import CutOptions, cut  # noqa: E402
from editing.presets import get_preset  # noqa: E402
from generator.music import pick_music  # noqa: E402


def one_run(article_path: Path, preset_name: str, work: Path) -> tuple[dict[str, float], float]:
    preset = get_preset(preset_name)
    times: dict[str, float] = {}
    t = time.perf_counter()
    article = storyboard.read(article_path)
    times["read"] = time.perf_counter() - t

    t = time.perf_counter()
    board = storyboard.plan(article, "rules", max_seconds=60)
    times["plan"] = time.perf_counter() - t

    lead, pad = 0.12, 0.35
    t = time.perf_counter()
    with ThreadPoolExecutor(3) as pool:
        narrations = list(pool.map(lambda s: speech.say(s.narration, board.language, engine="espeak",
                                                        cache_dir=work / "speech"), board.shots))
    times["voice"] = time.perf_counter() - t

    def render(pair):  # noqa: ANN001, ANN202
        shot, narration = pair
        seconds = math.ceil((lead + narration.duration + pad) * preset.fps) / preset.fps
        req = video.RenderRequest(shot=shot, seconds=seconds, width=preset.width, height=preset.height,
                                  fps=preset.fps, seed=shot.index, title=board.title, language=board.language)
        return video.render(req, "animatic", work / "shots")

    (work / "shots").mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with ThreadPoolExecutor(3) as pool:
        clips = list(pool.map(render, zip(board.shots, narrations, strict=True)))
    times["render"] = time.perf_counter() - t

    t = time.perf_counter()
    total = sum(c.seconds for c in clips)
    music = pick_music(None, total, work / "music", 0)
    draft = cut(board, narrations, clips, preset, work / "out" / "clip.mp4", work / "cut",
                CutOptions(lead=lead, music=music))
    times["cut"] = time.perf_counter() - t
    return times, draft.duration


def cli_run(article_path: Path, preset: str, work: Path) -> float:
    env = dict(os.environ, REELFLOW_DATA_DIR=str(work / "cli-data"), REELFLOW_SPEECH_ENGINE="espeak")
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
            times, duration = one_run(article, args.preset, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        times["total"] = sum(times.values())
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
        print(f"| `reelflow make` end to end (incl. temporary Prefect server) | {wall:.2f} | {wall / duration:.2f} |")


if __name__ == "__main__":
    main()
