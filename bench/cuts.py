"""One render, many cuts: the time of the first cut and of each further cut, side by side in one run.

    .venv/bin/python bench/cuts.py [ARTICLE] [--presets douyin,bilibili,square] [--stock]
    .venv/bin/python bench/cuts.py --presets douyin --languages zh,en --stock   # a further language
    python bench/cuts.py --renderer dit --build ltx-video-2b      # on a GPU: random weights, real size

Calls `make_cuts` — what `reelflow make --presets` runs — cold (fresh data dir) and times each cut from
the pipeline's own progress events: the first pays for the voice and every picture; each further cut
reframes the shared pictures, draws its own graphics and encodes. `--stock` gives scene shots stock
footage from a loopback Pexels/Pixabay library (bench/auto_cpu.py's), else auto draws everything.
For comparison, the same further cuts made on their own (a fresh data dir each: nothing shared) are
timed too.

`--renderer dit --build SPEC` saves a random-weight folder of one of bench/dit_gpu.py's published configs
(`--tiny` for its CPU-sized twin) and makes the cuts with it through the user's `--model DIR` path: the
pictures are noise, the time is the model's.
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

from reelflow.pipeline import make_cuts  # noqa: E402
from reelflow.settings import load_settings  # noqa: E402


def build_dit(spec_name: str, tiny: bool, root: Path) -> Path:
    """A random-weight diffusers folder of a published config (bench/dit_gpu.py's), saved the user's way."""
    import torch
    from dit_gpu import SPECS, save_folder, tiny_spec

    spec = SPECS[spec_name]
    device = "cuda" if torch.cuda.is_available() else "cpu"
    folder, seconds = save_folder(tiny_spec(spec) if tiny else spec, root / "models", device,
                                  torch.float32 if tiny else torch.bfloat16)
    print(f"built {spec_name}{' (tiny)' if tiny else ''} in {seconds:.1f} s: {folder}", flush=True)
    return folder


def loopback_voice() -> object:
    """edge-tts's own client talking to tests/edge_server.py on 127.0.0.1 (a tone burst per word)."""
    import edge_tts
    from edge_server import EdgeServer

    server = EdgeServer().__enter__()
    edge_tts.communicate.WSS_URL = server.ws_url
    edge_tts.voices.VOICE_LIST = server.voices_url
    return server


def gpu_name() -> str:
    try:
        import torch

        return torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"
    except ImportError:
        return "no torch"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("article", nargs="?", default=str(ROOT / "examples" / "zh_city_night_markets.md"))
    ap.add_argument("--presets", default="douyin,bilibili,square")
    ap.add_argument("--languages", default="", help="e.g. zh,en: cuts per language (the example article has "
                    "its English translation file beside it)")
    ap.add_argument("--stock", action="store_true")
    ap.add_argument("--renderer", default="auto")
    ap.add_argument("--model", help="the dit/still model folder")
    ap.add_argument("--build", help="save a random-weight dit folder of this bench/dit_gpu.py spec and use it")
    ap.add_argument("--tiny", action="store_true", help="with --build: its tiny CPU config")
    ap.add_argument("--no-alone", action="store_true", help="skip making each further cut on its own")
    ap.add_argument("--loopback-voice", action="store_true",
                    help="edge-tts against the tests' loopback server (tone bursts), for a machine with no espeak-ng")
    args = ap.parse_args()
    names = [p for p in args.presets.split(",") if p]
    voice = loopback_voice() if args.loopback_voice else None
    os.environ["REELFLOW_SPEECH_ENGINE"] = "edge" if voice else "espeak"
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
        model = args.model
        if args.build:
            model = str(build_dit(args.build, args.tiny, Path(tmp)))
        chosen = {"renderer": args.renderer, **({"dit": {"model": model}} if model else {})}
        os.environ["REELFLOW_DATA_DIR"] = str(Path(tmp) / "shared")
        times: list[float] = []
        marks = [time.perf_counter()]
        languages = [x for x in args.languages.split(",") if x]
        settings = load_settings(presets=names, languages=languages, **chosen)
        from reelflow import progress

        began: dict[str, float] = {}
        stages: list[dict[str, float]] = [{}]  # per cut: seconds in render and in cut (mix, encode, sign)

        def listen(event: progress.Event) -> None:
            now = time.perf_counter()
            if event.kind == "start" and event.stage in ("render", "cut"):
                began[event.stage] = now
            elif event.kind == "finish" and event.stage in began:
                stages[-1][event.stage] = stages[-1].get(event.stage, 0.0) + now - began.pop(event.stage)
                if event.stage == "cut":
                    marks.append(now)
                    stages.append({})

        with progress.listening(listen):
            drafts = make_cuts(args.article, settings)
        from frame_sheet import cut_sheet

        sheets = [cut_sheet(Path(d.video_path), d.metadata["shot_list"], ROOT / "bench" / "out" /
                            f"cuts-{Path(args.article).stem}-{d.preset}-{d.metadata['language']}-sheet.png")
                  for d in drafts]  # one frame per shot of each cut, to look at
        times = [b - a for a, b in zip(marks, marks[1:], strict=False)]
        alone = []
        for d in [] if args.no_alone else drafts[1:]:  # the same cut made on its own, from nothing
            os.environ["REELFLOW_DATA_DIR"] = str(Path(tmp) / f"alone-{d.preset}-{d.metadata['language']}")
            t = time.perf_counter()
            make_cuts(args.article, load_settings(preset=d.preset, languages=[d.metadata["language"]], **chosen))
            alone.append(time.perf_counter() - t)
        if server:
            server.close()
        if voice:
            voice.__exit__(None, None, None)
    source = f"renderer {args.renderer}" + (f" ({args.build}{' tiny' if args.tiny else ''})" if args.build else "")
    print(f"{platform.node()} · {os.cpu_count()} cores · {gpu_name()} · {Path(args.article).name} · {source} · "
          f"{'stock library' if args.stock else 'no stock'} · "
          f"voice {'edge-tts loopback' if voice else 'espeak-ng'} · cold")
    # "cut s" is the final encode with its mix, subtitles and signing: what every cut pays whatever it shares.
    print("| cut | language | size | clip s | made in s | ÷ first cut | of it: render s | of it: cut s | cut s ÷ first "
          "cut | made alone s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("frame sheets: " + ", ".join(str(p.relative_to(ROOT)) for p in sheets))
    for k, (d, t) in enumerate(zip(drafts, times, strict=False)):
        extra = f"{alone[k - 1]:.1f}" if k and alone else "—"
        st = stages[k]
        print(f"| {d.preset} | {d.metadata['language']} | {d.width}×{d.height} | {d.duration:.1f} | {t:.1f} | "
              f"{t / times[0]:.2f} | {st.get('render', 0):.1f} | {st.get('cut', 0):.1f} | "
              f"{st.get('cut', 0) / times[0]:.2f} | {extra} |")


if __name__ == "__main__":
    main()
