"""The cut's cost against a bare x264 encode of the same frames, side by side in one run.

    .venv/bin/python bench/cut.py [--runs 3] [--transition cut|crossfade] [--moviepy PYTHON] [--zoom-runs 3]

Part 1 (the issue's measurement): a 60 s 1080×1920 douyin clip of 10 shots (6 s each, made here by
ffmpeg), with espeak-ng narration, a generated music bed, burned subtitles and the AI label.
"cut" is `editing.cut.cut` end to end (mix and loudness passes, the one-graph encode, C2PA sealing,
cover, sidecars); "bare" is the same 10 shot files concatenated and encoded with the same x264
settings (preset, crf, maxrate, GOP) and nothing else. Median of N, alternating, ratio cut/bare.
A third row burns the cut's own subtitles and label onto the bare encode: x264 chooses frame types
by content, and on these noisy synthetic shots the static text alone tips it into B-frames that
cost less CPU than the all-P bare encode; cut / (bare + subtitles) compares like with like.

Part 2 (why the cut is not built on moviepy): 10 s of 1080×1920 with a slow zoom on one image,
through moviepy's compositing, through ffmpeg's zoompan, and the bare encode of the same frames.
moviepy pins pillow < 12, which the project's environment does not, so it runs from its own
virtual environment: pass its interpreter with --moviepy (e.g. /tmp/moviepy-venv/bin/python after
`python -m venv /tmp/moviepy-venv && /tmp/moviepy-venv/bin/pip install moviepy`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import editing.cut as cut_module  # noqa: E402
from editing.cut import CutOptions, cut  # noqa: E402
from editing.presets import get_preset  # noqa: E402
from generator.music import make_bed  # noqa: E402
from generator.speech import say  # noqa: E402
from reelflow.media import ffmpeg_exe, probe  # noqa: E402
from reelflow.models import Shot, ShotClip, Storyboard  # noqa: E402

SHOT_SECONDS = 6.0
TEXTS = [
    "夜市是城市的另一张面孔，天黑以后，街道摆满了小吃摊。",
    "人们排队购买臭豆腐和烤鱿鱼，空气里都是香味。",
    "孩子们在灯光下追逐玩耍，老人坐在路边聊天。",
    "二零二三年，这条夜市接待了三百万游客。",
    "摊主们说，生意比以前好多了，收入也更稳定。",
    "城市管理者开始重新思考夜间经济的价值。",
    "他们延长了公交时间，增加了照明和垃圾桶。",
    "年轻人把夜市的照片分享到社交媒体上。",
    "一些老摊位也开始尝试线上点单和外卖。",
    "夜市让城市在晚上依然充满了烟火气。",
]


def ff(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True)


def cpu_seconds() -> float:
    """User + system CPU time of this process and every finished child (ffmpeg runs, moviepy's venv)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call. On a shared machine the wall time swings with other
    people's load; the CPU time barely does, so the two ratios side by side tell noise from cost."""
    t, c = time.perf_counter(), cpu_seconds()
    fn(*args)
    return time.perf_counter() - t, cpu_seconds() - c


def frame_count(path: Path) -> int:
    """Video frames in an MP4 (from its index): both sides must encode the same number of frames."""
    import av

    with av.open(str(path)) as c:
        return c.streams.video[0].frames


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def make_shots(work: Path, preset) -> list[ShotClip]:
    """Ten 6 s shots with real motion: drifting colour gradients with a moving bright bar."""
    clips = []
    for i in range(10):
        path = work / f"shot{i}.mp4"
        ff("-f", "lavfi", "-i", f"gradients=s={preset.width}x{preset.height}:r={preset.fps}:d={SHOT_SECONDS}:"
           f"speed=0.02:seed={i + 1}:n=3",
           "-vf", f"drawbox=x='mod(t*200,{preset.width})':y={preset.height // 3}:w=60:h=300:color=white@0.6:t=fill,"
           "noise=alls=6:allf=t",
           "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p", str(path))  # fmt: skip
        clips.append(ShotClip(index=i, path=str(path), seconds=SHOT_SECONDS, width=preset.width,
                              height=preset.height, fps=preset.fps, renderer="bench"))  # fmt: skip
    return clips


def bare_encode(clips: list[ShotClip], preset, out: Path, ass: Path | None = None) -> None:
    """The same frames, the same x264 settings, nothing else: no fitting, subtitles, label or audio
    (with `ass`: that one thing more, the cut's own subtitles and label burned by libass)."""
    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{c.path}'\n" for c in clips), encoding="utf-8")
    bps = cut_module.bits_per_second(preset.video_bitrate)
    burn = []
    if ass is not None:
        esc = cut_module._filter_escape
        burn = ["-vf", f"subtitles=filename='{esc(ass)}':fontsdir='{esc(cut_module.FONTS_DIR)}'"]
    ff("-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:v:0", *burn, "-r", str(preset.fps),
       "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-preset", preset.x264_preset,
       "-crf", str(preset.crf), "-maxrate", str(bps), "-bufsize", str(2 * bps), "-g", str(preset.fps * 2),
       "-movflags", "+faststart", str(out))  # fmt: skip


class Phases:
    """Wall time spent inside the cut's phases (wrapping the functions it calls; nothing is replaced)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def wrap(self, name: str, fn):
        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - t

        return timed


def part_one(args: argparse.Namespace, work: Path) -> list[str]:
    preset = get_preset("douyin")
    clips = make_shots(work, preset)
    narrations = [say(t, "zh", engine="espeak", cache_dir=work / "speech") for t in TEXTS]
    assert all(0.12 + n.duration + 0.35 <= SHOT_SECONDS for n in narrations), [n.duration for n in narrations]
    board = Storyboard(title="城市夜市的烟火气", language="zh", target_seconds=60, seed=0, planner="bench",
                       shots=[Shot(index=i, narration=t, visual_prompt="-", seconds=5, key_phrase=t[:6],
                                   keywords=["夜市", "城市"]) for i, t in enumerate(TEXTS)])  # fmt: skip
    music = make_bed(62.0, work / "bed.wav", seed=1)
    opts = CutOptions(music=music, transition=args.transition)

    phases = Phases()
    for name in ("mix_narration", "seal", "write_cover_ass"):
        setattr(cut_module, name, phases.wrap(name, getattr(cut_module, name)))
    cut_runs: list[tuple[float, float]] = []
    bare_runs: list[tuple[float, float]] = []
    subs_runs: list[tuple[float, float]] = []
    loads = []
    for run in range(args.runs):
        loads.append(load())
        bare_runs.append(measure(bare_encode, clips, preset, work / f"bare{run}.mp4"))
        cut_runs.append(measure(cut, board, narrations, clips, preset, work / f"cut{run}.mp4", work / f"w{run}", opts))
        subs_runs.append(measure(bare_encode, clips, preset, work / f"subs{run}.mp4", work / f"cut{run}.ass"))
        (bw, bc), (cw, cc), (sw, sc) = bare_runs[-1], cut_runs[-1], subs_runs[-1]
        print(f"run {run + 1}: bare {bw:.2f} s ({bc:.2f} s CPU), cut {cw:.2f} s ({cc:.2f} s CPU), "
              f"bare + subtitles {sw:.2f} s ({sc:.2f} s CPU), load {loads[-1]}", flush=True)
    loads.append(load())
    out = work / f"cut{args.runs - 1}.mp4"
    info = probe(out)
    med = {name: [statistics.median(x[i] for x in runs) for i in (0, 1)]
           for name, runs in (("cut", cut_runs), ("bare", bare_runs), ("subs", subs_runs))}  # fmt: skip
    per_run = {k: v / args.runs for k, v in phases.times.items()}

    def row(runs: list[tuple[float, float]]) -> str:
        return ", ".join(f"{w:.1f}/{c:.1f}" for w, c in runs)

    bare_out = work / f"bare{args.runs - 1}.mp4"
    subs_out = work / f"subs{args.runs - 1}.mp4"
    return [
        f"Clip: {info.duration:.1f} s, {info.width}×{info.height}, 10 shots, transition {args.transition}, "
        f"{out.stat().st_size / 1e6:.1f} MB, {frame_count(out)} frames (bare: {frame_count(bare_out)} frames, "
        f"{bare_out.stat().st_size / 1e6:.1f} MB; bare + subtitles: {frame_count(subs_out)} frames, "
        f"{subs_out.stat().st_size / 1e6:.1f} MB).",
        "",
        f"| | wall, median of {args.runs}, s | CPU, median of {args.runs}, s | runs (wall/CPU), s |",
        "|---|---|---|---|",
        f"| bare x264 encode of the same frames | {med['bare'][0]:.2f} | {med['bare'][1]:.2f} | {row(bare_runs)} |",
        f"| the cut, end to end | {med['cut'][0]:.2f} | {med['cut'][1]:.2f} | {row(cut_runs)} |",
        f"| **ratio cut / bare** | **{med['cut'][0] / med['bare'][0]:.2f}×** | "
        f"**{med['cut'][1] / med['bare'][1]:.2f}×** | goal ≤ 1.5× |",
        f"| bare encode + the cut's subtitles and label (libass) | {med['subs'][0]:.2f} | {med['subs'][1]:.2f} | "
        f"{row(subs_runs)} |",
        f"| ratio cut / (bare + subtitles) | {med['cut'][0] / med['subs'][0]:.2f}× | "
        f"{med['cut'][1] / med['subs'][1]:.2f}× | the rest of the cut: audio, graph, sealing, cover |",
        "",
        "Inside the cut (mean per run): audio mix and loudness passes "
        f"{per_run.get('mix_narration', 0):.2f} s, C2PA sealing {per_run.get('seal', 0):.2f} s; the rest is the "
        "one-graph encode, the cover and the sidecars.",
        f"Load average (1/5 min) before each run and after: {', '.join(loads)}.",
    ]


ZOOM_SECONDS = 10


def part_two(args: argparse.Namespace, work: Path) -> list[str]:
    preset = get_preset("douyin")
    w, h, fps = preset.width, preset.height, preset.fps
    image = work / "still.png"
    ff("-f", "lavfi", "-i", f"gradients=s={w}x{h}:seed=7:n=4,noise=alls=20:allf=u", "-frames:v", "1", str(image))
    x264 = ["-c:v", "libx264", "-preset", preset.x264_preset, "-crf", str(preset.crf), "-pix_fmt", "yuv420p"]
    frames = int(ZOOM_SECONDS * fps)
    zoom = f"zoompan=z='1+0.15*on/{frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d={frames}:s={w}x{h}:fps={fps}"

    def zoompan(out: Path) -> None:
        ff("-loop", "1", "-i", str(image), "-vf", zoom, "-frames:v", str(frames), *x264, str(out))

    # The same frames, raw, in memory: the bare encode then pays for nothing but x264 (an ffv1 or
    # H.264 intermediate would add its own decoding, which at 1080×1920 costs more than the zoom).
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else work
    raw = Path(tempfile.mkstemp(prefix="bench-zoom-", suffix=".yuv", dir=shm)[1])
    ff("-loop", "1", "-i", str(image), "-vf", f"{zoom},format=yuv420p", "-frames:v", str(frames),
       "-f", "rawvideo", str(raw))

    def bare(out: Path) -> None:
        ff("-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{w}x{h}", "-r", str(fps), "-i", str(raw), *x264, str(out))

    results: dict[str, list[tuple[float, float]]] = {"bare": [], "zoompan": [], "moviepy": []}
    for run in range(args.zoom_runs):
        for name, fn in (("bare", bare), ("zoompan", zoompan)):
            results[name].append(measure(fn, work / f"{name}{run}.mp4"))
    lines = []
    if args.moviepy:
        script = ROOT / "bench" / "moviepy_zoom.py"
        for run in range(args.moviepy_runs):
            cmd = [args.moviepy, str(script), str(image), str(work / f"moviepy{run}.mp4"), str(ZOOM_SECONDS),
                   str(fps), preset.x264_preset, str(preset.crf), ffmpeg_exe()]
            results["moviepy"].append(measure(subprocess.run, cmd))
    else:
        lines.append("(moviepy not measured: pass --moviepy PYTHON)")
    bw, bc = (statistics.median(x[i] for x in results["bare"]) for i in (0, 1))
    lines += ["| 10 s of 1080×1920, slow zoom on one image | wall, median, s | CPU, median, s | runs "
              "| × bare (wall/CPU) |", "|---|---|---|---|---|"]  # fmt: skip
    for name, label in (("bare", "bare x264 encode of the same frames"), ("zoompan", "ffmpeg zoompan + encode"),
                        ("moviepy", "moviepy compositing + encode")):  # fmt: skip
        if results[name]:
            w, c = (statistics.median(x[i] for x in results[name]) for i in (0, 1))
            lines.append(f"| {label} | {w:.2f} | {c:.2f} | {len(results[name])} | {w / bw:.1f}× / {c / bc:.1f}× |")
    raw.unlink()
    lines.append(f"Load average after: {load()}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--transition", choices=["cut", "crossfade"], default="cut")
    parser.add_argument("--moviepy", help="a Python interpreter with moviepy installed")
    parser.add_argument("--moviepy-runs", type=int, default=1)
    parser.add_argument("--zoom-runs", type=int, default=3)
    parser.add_argument("--skip-zoom", action="store_true")
    parser.add_argument("--skip-cut", action="store_true")
    args = parser.parse_args()
    cpu = platform.processor() or platform.machine()
    print(f"{dt.date.today()}, {platform.node()}: {os.cpu_count()} cores ({cpu}), "
          f"{math.ceil(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; "
          f"ffmpeg {ffmpeg_exe().rsplit('-v', 1)[-1]}; load {load()}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-cut-") as d:
        if not args.skip_cut:
            print("\n".join(part_one(args, Path(d))))
        if not args.skip_zoom:
            print()
            print("\n".join(part_two(args, Path(d))))


if __name__ == "__main__":
    main()
