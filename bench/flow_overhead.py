"""Prefect's overhead: the `article-to-video` flow against the plain pipeline it wraps.

    .venv/bin/python bench/flow_overhead.py [ARTICLE] [--preset douyin] [--runs 3]

Both sides run the same code, `reelflow.pipeline.make`, on the same article with cold caches (a
fresh data dir each run), with the same parallelism (3 worker threads for voices and renders), the
policy gate and the store's records; the flow side runs it with flows/runner.py's FlowRunner. So the
difference is everything the flow adds: task and flow runs reported to a Prefect server, the shared
GPU and voice limits, artifacts (storyboard table, render progress). The server itself is started
once beforehand and not counted, as under `reelflow serve`; runs alternate between the two sides so
that load on the machine hits both. Goal: overhead ≤ 5 % of the direct time.

Two measures: wall-clock time (what a user waits for; on a shared machine, other jobs' load moves it
by more than the overhead), and CPU time: this process with the Prefect server process (where the
orchestration runs) apart from the ffmpeg and espeak children (the media work, the same on both
sides but noisy by a few %), so the orchestration's share can be read without the encoder's noise.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"  # offline, so the network does not weigh on either side


def cpu_seconds(server_pid: int | None) -> tuple[float, float]:
    """CPU used so far by (this process + the Prefect server, the finished children: ffmpeg, espeak)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = me.ru_utime + me.ru_stime
    if server_pid:
        fields = Path(f"/proc/{server_pid}/stat").read_text().rsplit(")", 1)[1].split()
        ours += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return ours, kids.ru_utime + kids.ru_stime


def direct(article_path: Path, preset_name: str, data: Path) -> float:
    """The plain pipeline (reelflow.pipeline.make) in this process: the same steps, store and gate, no Prefect."""
    from reelflow.pipeline import make_here
    from reelflow.settings import load_settings

    os.environ["REELFLOW_DATA_DIR"] = str(data)
    settings = load_settings(preset=preset_name)
    t = time.perf_counter()
    make_here(str(article_path), settings)
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

    from prefect.server.api.server import SubprocessASGIServer
    from prefect.testing.utilities import prefect_test_harness

    t = time.perf_counter()
    load = os.getloadavg()[0]
    with prefect_test_harness(server_startup_timeout=180):
        print(f"Prefect server up in {time.perf_counter() - t:.1f} s (not counted)", file=sys.stderr)
        server = SubprocessASGIServer._instances.get(None)
        server_pid = server.server_process.pid if server and server.server_process else None
        # One untimed run of each side: imports, jieba's dictionary, the first ffmpeg spawn.
        for side in (direct, through_flow):
            work = Path(tempfile.mkdtemp(prefix="reelflow-overhead-"))
            try:
                side(article, "preview", work / "data")
            finally:
                shutil.rmtree(work, ignore_errors=True)
        wall: dict[str, list[float]] = {"direct": [], "flow": []}
        ours: dict[str, list[float]] = {"direct": [], "flow": []}
        kids: dict[str, list[float]] = {"direct": [], "flow": []}
        for i in range(args.runs):
            for name, side in (("direct", direct), ("flow", through_flow)):
                work = Path(tempfile.mkdtemp(prefix="reelflow-overhead-"))
                try:
                    o, k = cpu_seconds(server_pid)
                    wall[name].append(side(article, args.preset, work / "data"))
                    o2, k2 = cpu_seconds(server_pid)
                    ours[name].append(o2 - o)
                    kids[name].append(k2 - k)
                finally:
                    shutil.rmtree(work, ignore_errors=True)
            print(f"run {i + 1}: " + ", ".join(f"{n} {wall[n][-1]:.2f} s (CPU {ours[n][-1]:.1f} s + children "
                                               f"{kids[n][-1]:.1f} s)" for n in wall), file=sys.stderr)

    print(f"\n{article.name}, preset {args.preset}, {args.runs} runs of each side, alternating; {os.cpu_count()} "
          f"cores, {platform.processor() or platform.machine()}; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    print("| measure | plain pipeline | `article-to-video` flow | overhead | goal |")
    print("|---|---|---|---|---|")
    med = statistics.median
    rows = [("wall-clock, median", med(wall["direct"]), med(wall["flow"]), "s"),
            ("wall-clock, best", min(wall["direct"]), min(wall["flow"]), "s"),
            ("CPU, this process + Prefect server, median", med(ours["direct"]), med(ours["flow"]), "s"),
            ("CPU, ffmpeg/espeak children, median", med(kids["direct"]), med(kids["flow"]), "s")]
    total = med([o + k for o, k in zip(ours["direct"], kids["direct"], strict=True)])
    for label, d, f, unit in rows:
        print(f"| {label} | {d:.2f} {unit} | {f:.2f} {unit} | {f - d:+.2f} {unit} ({(f / d - 1) * 100:+.1f} %) "
              "| |")
    extra = med(ours["flow"]) - med(ours["direct"])
    print(f"| **orchestration CPU over all the direct CPU** | {total:.2f} s | | **{extra:+.2f} s "
          f"({extra / total * 100:+.1f} %)** | ≤ 5 % |")
    print(f"| runs (wall s) | {', '.join(f'{x:.1f}' for x in wall['direct'])} | "
          f"{', '.join(f'{x:.1f}' for x in wall['flow'])} | | |")


if __name__ == "__main__":
    main()
