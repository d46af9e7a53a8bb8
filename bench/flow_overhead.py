"""Prefect's overhead: the `article-to-video` flow against calling the same stages directly.

    .venv/bin/python bench/flow_overhead.py [ARTICLE] [--preset douyin] [--runs 3]

Both sides make the same clip from the same article with cold caches (a fresh data dir each run),
with the same parallelism (3 worker threads for voices and renders), and both run the policy gate.
The flow side is everything the flow adds: task and flow runs reported to a Prefect server,
artifacts (storyboard table, render progress), the store's records. The server itself is started
once beforehand and not counted, as under `reelflow serve`; runs alternate between the two sides so
that load on the machine hits both. Goal: overhead ≤ 5 % of the direct time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"  # offline, so the network does not weigh on either side


def direct(article_path: Path, preset_name: str, data: Path) -> float:
    """The stages called as the flow calls them, with no Prefect and no store."""
    import generator.speech as speech
    import generator.video as video
    import storyboard
    from editing.cut import cut
    from editing.presets import get_preset
    from flows import policy_gate
    from flows.stages import cut_options, render_request, voice_style
    from generator.music import choose_track
    from reelflow.settings import load_settings

    os.environ["REELFLOW_DATA_DIR"] = str(data)  # the cut's provenance step reads its settings too
    settings = load_settings(preset=preset_name)
    preset = get_preset(preset_name)
    t = time.perf_counter()
    article = storyboard.read(article_path, max_bytes=settings.max_file_bytes)
    board = storyboard.plan(article, settings.planner, max_seconds=settings.max_seconds, seed=settings.seed)
    policy_gate.check(board, article, settings)  # a stage of its own, which the flow runs too
    style = voice_style(settings, preset, board.language, settings.speech_engine)
    with ThreadPoolExecutor(3) as pool:
        narrations = list(pool.map(lambda s: speech.say(
            s.narration, board.language, engine=settings.speech_engine, voice=style.voice,
            cache_dir=settings.dir("cache", "speech"), timeout=settings.speech_timeout, rate=style.rate,
            pitch=style.pitch, volume=style.volume), board.shots))
        options = video.render_options(settings.renderer, settings)
        clips = list(pool.map(
            lambda pair: video.render(render_request(pair[0], pair[1], board, preset, settings.shot_pad, options),
                                      settings.renderer, settings.dir("cache", "shots")),
            zip(board.shots, narrations, strict=True)))
    music = choose_track(settings.data_dir / "music", board.mood, sum(c.seconds for c in clips),
                         settings.dir("cache", "music"), board.seed)
    cut(board, narrations, clips, preset, settings.dir("drafts") / "direct.mp4", settings.dir("work", "direct"),
        cut_options(settings, board, music), content_id=article.source_hash[:32])
    return time.perf_counter() - t


def through_flow(article_path: Path, preset_name: str, data: Path) -> float:
    from flows.article_to_video import article_to_video

    os.environ["REELFLOW_DATA_DIR"] = str(data)
    t = time.perf_counter()
    article_to_video(str(article_path), preset=preset_name)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", default=str(ROOT / "examples" / "zh_city_night_markets.md"))
    parser.add_argument("--preset", default="douyin")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    article = Path(args.article)

    from prefect.testing.utilities import prefect_test_harness

    t = time.perf_counter()
    with prefect_test_harness(server_startup_timeout=180):
        print(f"Prefect server up in {time.perf_counter() - t:.1f} s (not counted)", file=sys.stderr)
        # One untimed run of each side: imports, jieba's dictionary, the first ffmpeg spawn.
        for side in (direct, through_flow):
            work = Path(tempfile.mkdtemp(prefix="reelflow-overhead-"))
            try:
                side(article, "preview", work / "data")
            finally:
                shutil.rmtree(work, ignore_errors=True)
        times: dict[str, list[float]] = {"direct": [], "flow": []}
        for i in range(args.runs):
            for name, side in (("direct", direct), ("flow", through_flow)):
                work = Path(tempfile.mkdtemp(prefix="reelflow-overhead-"))
                try:
                    times[name].append(side(article, args.preset, work / "data"))
                finally:
                    shutil.rmtree(work, ignore_errors=True)
            print(f"run {i + 1}: direct {times['direct'][-1]:.2f} s, flow {times['flow'][-1]:.2f} s", file=sys.stderr)

    d, f = statistics.median(times["direct"]), statistics.median(times["flow"])
    print(f"\n{article.name}, preset {args.preset}, median of {args.runs}; {os.cpu_count()} cores, "
          f"{platform.processor() or platform.machine()}, load average before: {os.getloadavg()[0]:.1f}")
    print("| side | median s | runs |")
    print("|---|---|---|")
    print(f"| stages called directly | {d:.2f} | {', '.join(f'{x:.1f}' for x in times['direct'])} |")
    print(f"| `article-to-video` flow | {f:.2f} | {', '.join(f'{x:.1f}' for x in times['flow'])} |")
    print(f"| **overhead** | **{f - d:+.2f} s ({(f / d - 1) * 100:+.1f} %)** | goal ≤ 5 % |")


if __name__ == "__main__":
    main()
