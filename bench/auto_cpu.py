"""`auto` on a CPU box with stock footage: make time ÷ clip duration, and the share of shots each source got.

    .venv/bin/python bench/auto_cpu.py [ARTICLE] [--preset douyin] [--runs 1]

A loopback server speaking the Pexels and Pixabay APIs (tests/stock_servers.py) holds a small library
of real MP4 and JPEG files, tagged with the words the planner will search for (so every scene shot can
find something, as it mostly would on the real sites). Each run is cold (fresh data dir: no cached
voice, download, render or draft) and calls `make_here` — what `reelflow make` runs — twice side by
side: `auto` with stock keys set (scenes from stock, graphics for the rest) and `auto` without keys
(everything drawn). A frame sheet (one frame per shot) is written beside the stock clip.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"  # offline: the network does not weigh on the figures

from frame_sheet import make_sheet  # noqa: E402
from stock_servers import File, Item, StockServer  # noqa: E402

import storyboard  # noqa: E402
from generator.video.stock.search import shot_terms  # noqa: E402
from reelflow import progress  # noqa: E402
from reelflow.media import run_ffmpeg  # noqa: E402
from reelflow.models import SceneVisual, ShotClip  # noqa: E402
from reelflow.pipeline import make_here  # noqa: E402
from reelflow.settings import load_settings  # noqa: E402

# Moving test patterns standing in for footage. `--noisy` adds cellular automata (life, cellauto): noise
# from edge to edge, the worst case for an encoder and far from real footage.
SOURCES = ["testsrc2=size={w}x{h}:rate=30", "mandelbrot=s={w}x{h}:r=30", "gradients=s={w}x{h}:speed=0.02:r=30",
           "rgbtestsrc=size={w}x{h}:rate=30"]
NOISY = ["life=s={w}x{h}:mold=10:r=30:ratio=0.1:death_color=#203040:life_color=#f0a030",
         "cellauto=s={w}x{h}:rule=110:r=30"]


def library(server: StockServer, terms: list[str], folder: Path, noisy: bool, quick: bool = False) -> None:
    """Two videos and a photo per search term on each site: 1080×1920 (what the chooser prefers), 8 s.
    `quick`: only the patterns that are fast to make (no mandelbrot), for benches that do not look at frames."""
    sources = [SOURCES[0], SOURCES[3]] if quick else SOURCES + (NOISY if noisy else [])
    n = 0
    for k, term in enumerate(terms):
        for provider in ("pexels", "pixabay"):
            for kind in ("video", "video", "photo"):
                n += 1
                src = sources[n % len(sources)].format(w=1080, h=1920)
                path = folder / f"{provider}-{n}.{'mp4' if kind == 'video' else 'jpg'}"
                if kind == "video":
                    run_ffmpeg(["-f", "lavfi", "-i", src, "-t", "8", "-c:v", "libx264", "-preset", "ultrafast",
                                "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)], "making library video")
                else:
                    run_ffmpeg(["-f", "lavfi", "-i", src, "-frames:v", "1", "-q:v", "3", str(path)],
                               "making library photo")
                server.add(provider, Item(id=1000 + n, kind=kind, tags=f"{term}, city, night, {k}",
                                          files=[File(path, 1080, 1920, "hd")], duration=8.0 if kind == "video" else 0,
                                          user=f"Author {n}"))


def one_make(article: Path, preset: str, work: Path, server: StockServer, keys: bool) -> dict:
    os.environ["REELFLOW_DATA_DIR"] = str(work / "data")
    for var, value in (("PEXELS_API_KEY", server.pexels_key), ("PIXABAY_API_KEY", server.pixabay_key)):
        if keys:
            os.environ[var] = value
        else:
            os.environ.pop(var, None)
    os.environ["REELFLOW_STOCK__PEXELS_URL"] = server.pexels_url
    os.environ["REELFLOW_STOCK__PIXABAY_URL"] = server.pixabay_url
    settings = load_settings(preset=preset, renderer="auto")
    spans: dict[str, list[float]] = {}

    def listen(event: progress.Event) -> None:
        if event.kind in ("start", "finish"):
            spans.setdefault(event.stage, []).append(time.perf_counter())

    t = time.perf_counter()
    with progress.listening(listen):
        draft = make_here(str(article), settings, output=str(work / "clip.mp4"))
    seconds = time.perf_counter() - t
    stages = {k: round(v[-1] - v[0], 1) for k, v in spans.items() if len(v) > 1}
    assert draft is not None
    shots = draft.metadata["shot_list"]
    clips = [ShotClip(index=s["shot"] - 1, path=str(work / "data" / "cache" / "shots" / s["render"]),
                      seconds=s["end"] - s["start"], width=1, height=1, fps=30, renderer=s["renderer"])
             for s in shots]
    return {"seconds": seconds, "duration": draft.duration, "stages": stages,
            "sources": Counter(s["renderer"] for s in shots),
            "credits": draft.metadata.get("picture_credits", []), "clips": clips,
            "fallbacks": [f for s in shots for f in s.get("fallbacks", [])]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("article", nargs="?", default=str(ROOT / "examples" / "zh_city_night_markets.md"))
    ap.add_argument("--preset", default="douyin")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--noisy", action="store_true", help="add noise-like patterns to the library")
    ap.add_argument("--sheet", type=Path, default=ROOT / "bench" / "out" / "auto_stock_sheet.png")
    args = ap.parse_args()
    article = Path(args.article)
    board = storyboard.plan(storyboard.read(article), "rules", max_seconds=load_settings().max_seconds)
    terms = sorted({t for s in board.shots if isinstance(s.visual, SceneVisual) for t in shot_terms(s)})
    with tempfile.TemporaryDirectory(prefix="auto-bench-") as tmp:
        server = StockServer()
        library(server, terms, Path(tmp), args.noisy)
        rows: dict[str, list[dict]] = {"stock": [], "graphics": []}
        for run in range(args.runs):
            for name, keys in (("stock", True), ("graphics", False)):
                rows[name].append(one_make(article, args.preset, Path(tmp) / f"{name}-{run}", server, keys))
        args.sheet.parent.mkdir(parents=True, exist_ok=True)
        make_sheet(rows["stock"][-1]["clips"], args.sheet)
        server.close()
    print(f"{platform.node()} · {os.cpu_count()} cores · {article.name} · {args.preset} · {args.runs} run(s) each, "
          f"cold; {len(terms)} search terms, library {2 * 3 * len(terms)} items{' (noisy)' if args.noisy else ''}")
    for name, runs in rows.items():
        secs = statistics.median(r["seconds"] for r in runs)
        dur = statistics.median(r["duration"] for r in runs)
        share = runs[-1]["sources"]
        total = sum(share.values())
        print(f"auto, {'stock keys' if name == 'stock' else 'no keys   '}: {secs:6.1f} s for a {dur:.1f} s clip = "
              f"{secs / dur:.2f}× · " + ", ".join(f"{k} {v}/{total}" for k, v in share.most_common())
              + f" · stages (last run) {runs[-1]['stages']}")
    print("credits:", "; ".join(rows["stock"][-1]["credits"][:4]), "…")
    print("fallbacks:", rows["stock"][-1]["fallbacks"] or "none")
    med = {name: statistics.median(r["seconds"] for r in runs) for name, runs in rows.items()}
    print(f"ratio stock / graphics: {med['stock'] / med['graphics']:.2f}")
    print(f"frame sheet: {args.sheet}")


if __name__ == "__main__":
    main()
