"""One render, many cuts: the time of the first cut and of each further cut, side by side in one run.

    .venv/bin/python bench/cuts_cpu.py [ARTICLE] [--presets douyin,bilibili,square] [--stock]

Calls `make_cuts` — what `reelflow make --presets` runs — cold (fresh data dir) and times each cut from
the pipeline's own progress events: the first pays for the voice and every picture; each further cut
reframes the shared pictures, draws its own graphics and encodes. `--stock` gives scene shots stock
footage from a loopback Pexels/Pixabay library (bench/auto_cpu.py's), else auto draws everything.
For comparison, the same further cuts made on their own (a fresh data dir each: nothing shared) are
timed too.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
os.environ["REELFLOW_SPEECH_ENGINE"] = "espeak"

from reelflow.pipeline import make_cuts, make_here  # noqa: E402
from reelflow.settings import load_settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("article", nargs="?", default=str(ROOT / "examples" / "zh_city_night_markets.md"))
    ap.add_argument("--presets", default="douyin,bilibili,square")
    ap.add_argument("--stock", action="store_true")
    args = ap.parse_args()
    names = [p for p in args.presets.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="cuts-bench-") as tmp:
        server = None
        if args.stock:
            from auto_cpu import library
            from stock_servers import StockServer

            import storyboard
            from generator.video.stock.search import shot_terms
            from reelflow.models import SceneVisual

            server = StockServer()
            board = storyboard.plan(storyboard.read(Path(args.article)), "rules", max_seconds=60)
            terms = sorted({t for s in board.shots if isinstance(s.visual, SceneVisual) for t in shot_terms(s)})
            library(server, terms, Path(tmp), noisy=False, quick=True)
            os.environ.update(PEXELS_API_KEY=server.pexels_key, PIXABAY_API_KEY=server.pixabay_key,
                              REELFLOW_STOCK__PEXELS_URL=server.pexels_url,
                              REELFLOW_STOCK__PIXABAY_URL=server.pixabay_url)
        os.environ["REELFLOW_DATA_DIR"] = str(Path(tmp) / "shared")
        times: list[float] = []
        marks = [time.perf_counter()]
        settings = load_settings(presets=names)
        from reelflow import progress

        def listen(event: progress.Event) -> None:
            if event.stage == "cut" and event.kind == "finish":
                marks.append(time.perf_counter())

        with progress.listening(listen):
            drafts = make_cuts(args.article, settings)
        times = [b - a for a, b in zip(marks, marks[1:], strict=False)]
        alone = []
        for name in names[1:]:  # the same cut made on its own, from nothing
            os.environ["REELFLOW_DATA_DIR"] = str(Path(tmp) / f"alone-{name}")
            t = time.perf_counter()
            make_here(args.article, load_settings(preset=name))
            alone.append(time.perf_counter() - t)
        if server:
            server.close()
    print(f"{platform.node()} · {os.cpu_count()} cores · {Path(args.article).name} · "
          f"{'stock library' if args.stock else 'no stock (auto draws)'} · cold")
    print("| cut | size | clip s | made in s | ÷ first cut | made alone s |")
    print("|---|---|---|---|---|---|")
    for k, (d, t) in enumerate(zip(drafts, times, strict=False)):
        extra = f"{alone[k - 1]:.1f}" if k else "—"
        print(f"| {d.preset} | {d.width}×{d.height} | {d.duration:.1f} | {t:.1f} | {t / times[0]:.2f} | {extra} |")


if __name__ == "__main__":
    main()
