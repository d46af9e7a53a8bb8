"""Make time ÷ clip duration on the CPU, before and after, side by side: median of N cold runs per renderer.

    .venv/bin/python bench/make_cpu.py [ARTICLE] [--preset douyin] [--runs 3] [--renderers animatic auto] [--cli]

Each run calls `reelflow.pipeline.make` — the code `reelflow make` runs — on a fresh data dir (no
cached voice, render or draft) with the offline voice, so what it measures is what users run: the
policy gate, the store, the voice style, the cut's lead and pad. Renderers alternate run by run, so a
busy machine weighs on both alike. Stage times come from the pipeline's own progress events (read, plan,
voice, render, cut); `total` is the whole call. The last run's clip of each renderer is kept in
bench/out/ with a frame sheet beside it (one frame per shot, ARTICLE-RENDERER-sheet.png) to look at.
`--cli` also times one whole `reelflow make` process end to end (imports and all).
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
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"  # offline: the network does not weigh on the figures

from frame_sheet import make_sheet  # noqa: E402

import storyboard  # noqa: E402
from reelflow import progress  # noqa: E402
from reelflow.models import ShotClip  # noqa: E402
from reelflow.pipeline import make_here  # noqa: E402
from reelflow.settings import load_settings  # noqa: E402

STAGES = ("read", "plan", "voice", "render", "cut")


def one_run(article_path: Path, preset_name: str, renderer: str, work: Path, keep: Path | None
            ) -> tuple[dict[str, float], float, str]:
    """One cold make; seconds per stage (first start to last finish), the clip's length and its path.
    With `keep`, the clip is written there and a frame sheet (one frame per shot) beside it."""
    os.environ["REELFLOW_DATA_DIR"] = str(work / "data")
    settings = load_settings(preset=preset_name, renderer=renderer)
    spans: dict[str, list[float]] = {}

    def listen(event: progress.Event) -> None:
        if event.kind in ("start", "finish") and event.stage in STAGES:
            spans.setdefault(event.stage, []).append(time.perf_counter())

    t = time.perf_counter()
    with progress.listening(listen):
        draft = make_here(str(article_path), settings, output=str(keep) if keep else None)
    total = time.perf_counter() - t
    assert draft is not None
    times = {stage: spans[stage][-1] - spans[stage][0] for stage in STAGES if stage in spans}
    times["total"] = total
    if keep:
        shots = draft.metadata["shot_list"]
        clips = [ShotClip(index=s["shot"] - 1, path=str(work / "data" / "cache" / "shots" / s["render"]),
                          seconds=s["end"] - s["start"], width=1, height=1, fps=30, renderer=s["renderer"])
                 for s in shots]
        make_sheet(clips, keep.with_name(keep.stem + "-sheet.png"))
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
    parser.add_argument("--renderers", nargs="+", default=["animatic", "auto"],
                        help="before and after: the old default (animatic) and today's (auto: graphics here)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where the last clips go")
    parser.add_argument("--cli", action="store_true", help="also time one whole `reelflow make`")
    args = parser.parse_args()
    article = Path(args.article)
    chars = len(storyboard.read(article).text)

    runs: dict[str, list[dict[str, float]]] = {r: [] for r in args.renderers}
    duration: dict[str, float] = {}
    for i in range(args.runs):
        for renderer in args.renderers:
            work = Path(tempfile.mkdtemp(prefix="reelflow-bench-"))
            keep = args.out / f"{article.stem}-{args.preset}-{renderer}.mp4" if i == args.runs - 1 else None
            try:
                times, duration[renderer], _clip = one_run(article, args.preset, renderer, work, keep)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            runs[renderer].append(times)
            print(f"run {i + 1} {renderer}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()),
                  file=sys.stderr)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{article.name}: {chars} characters, preset {args.preset}, {os.cpu_count()} cores, "
          f"{platform.processor() or platform.machine()}, load average {load:.1f} at the end, median of {args.runs}")
    print("| stage | " + " | ".join(f"{r} s | {r} × clip" for r in args.renderers) + " |")
    print("|---|" + "---|---|" * len(args.renderers))
    for stage in runs[args.renderers[0]][0]:
        cells = []
        for r in args.renderers:
            med = statistics.median(x.get(stage, 0.0) for x in runs[r])
            cells.append(f"{med:.2f} | {med / duration[r]:.2f}")
        print(f"| {stage} | " + " | ".join(cells) + " |")
    print("| clip s | " + " | ".join(f"{duration[r]:.1f} | " for r in args.renderers) + " |")
    if len(args.renderers) == 2:
        a, b = (statistics.median(x["total"] for x in runs[r]) for r in args.renderers)
        print(f"\n{args.renderers[1]} / {args.renderers[0]} (total make time): {b / a:.2f}")
    print("frame sheets: " + ", ".join(str(args.out / f"{article.stem}-{args.preset}-{r}-sheet.png")
                                       for r in args.renderers))
    if args.cli:
        work = Path(tempfile.mkdtemp(prefix="reelflow-bench-cli-"))
        try:
            wall = cli_run(article, args.preset, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        after = duration[args.renderers[-1]]
        print(f"| `reelflow make` end to end (a new process) | {wall:.2f} | {wall / after:.2f} |")


if __name__ == "__main__":
    main()
