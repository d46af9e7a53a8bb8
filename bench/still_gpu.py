"""The `still` source on one GPU: seconds per image and per shot, through reelflow's own loader and renderer.

    python bench/still_gpu.py                         # sdxl-turbo, sana-1.6b, sana-2step at the douyin size
    python bench/still_gpu.py --families flux.1-schnell
    python bench/still_gpu.py --tiny                  # CPU smoke run on tiny configs (checks the script)

Each family is built from its published configs with random weights (bench/t2i_gpu.py's builders),
given tokenizers made offline (tests/t2i_tiny.py: a tokenizer only maps words to ids that feed random
embeddings, so its vocabulary does not change the cost), and saved as a diffusers folder. Then the
same code a user runs: `inspect_image_model` → the still renderer's `render` for a 5 s 1080×1920 shot
(`[still] model = FOLDER`), which loads the pipeline once, makes the image at the preset's aspect
and moves a camera over it on the CPU. Reported: load seconds (once), seconds per image (median of
three seeds), seconds per shot (image + camera move + encode).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT)]

import torch  # noqa: E402
from dit_gpu import has_ffmpeg  # noqa: E402
from t2i_gpu import FAMILIES, default_dtype  # noqa: E402

# Which family's builder, under which folder name (the name carries the distilled hint the loader reads).
RUNS = {
    "sdxl-turbo": ("sdxl-turbo", "sdxl-turbo-random", None),
    "sana-1.6b": ("sana-1.6b", "sana-1600m-random", None),
    "sana-2step": ("sana-1.6b", "sana-1600m-random", 2),  # SANA-Sprint's step count on the SANA transformer
    "flux.1-schnell": ("flux.1-schnell", "flux-schnell-random", None),
}


def with_tokenizers(pipe: Any) -> Any:
    """Give a bench pipeline (built without tokenizers) offline tokenizers, so it saves as a full folder."""
    from dit_tiny import tokenizer as t5_tokenizer
    from t2i_tiny import clip_tokenizer, gemma_tokenizer

    names = pipe.config.keys()
    if "tokenizer_2" in names and type(pipe).__name__.startswith("Flux"):
        pipe.register_modules(tokenizer=clip_tokenizer(), tokenizer_2=t5_tokenizer())
    elif "tokenizer_2" in names:
        pipe.register_modules(tokenizer=clip_tokenizer(), tokenizer_2=clip_tokenizer())
    elif type(pipe).__name__.startswith("Sana"):
        pipe.register_modules(tokenizer=gemma_tokenizer())
    else:
        pipe.register_modules(tokenizer=clip_tokenizer())
    return pipe


def save_folder(family: str, folder: Path, device: str, tiny: bool) -> float:
    if (folder / "model_index.json").is_file():
        return 0.0
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    t0 = time.perf_counter()
    with default_dtype(dtype):
        pipe, _ = FAMILIES[family].build(device, dtype, tiny)
    with_tokenizers(pipe).save_pretrained(folder)
    del pipe
    free(device)
    return time.perf_counter() - t0


def free(device: str) -> None:
    import gc

    from generator.video.weights import forget_pipelines

    forget_pipelines()
    gc.collect()
    if device == "cuda":
        torch.cuda.empty_cache()


def sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def request(folder: Path, steps: int | None, width: int, height: int, seed: int) -> Any:
    from generator.video.base import RenderRequest
    from reelflow.models import Shot

    shot = Shot(index=0, narration="夜市的灯笼亮起来。", visual_prompt="night market lanterns, crowd, warm light, "
                "cinematic, vertical composition", seconds=5.0, key_phrase="夜市", keywords=["夜市"])
    options = {"still": {"model": str(folder), "steps": steps, "allow_cpu": True}}
    return RenderRequest(shot=shot, seconds=5.0, width=width, height=height, fps=30, seed=seed, title="夜市",
                         language="zh", options=options)


def measure(name: str, root: Path, device: str, tiny: bool, size: tuple[int, int]) -> dict[str, Any]:
    from generator.video.still.renderer import StillOptions, StillRenderer, get_pipeline, inspect_image_model
    from generator.video.still.renderer import make_image as image

    family, folder_name, steps = RUNS[name]
    folder = root / (folder_name + ("-tiny" if tiny else ""))
    saved = save_folder(family, folder, device, tiny)
    info = inspect_image_model(str(folder))
    req = request(folder, steps, *size, seed=1)
    opts = StillOptions.from_dict(req.options["still"])
    t0 = time.perf_counter()
    get_pipeline(info, opts)
    sync(device)
    load = time.perf_counter() - t0
    w, h = info.size(*size)
    image(info, opts, "warm-up", "", w, h, 0)  # first call: kernels, allocator
    sync(device)
    per_image = []
    for seed in (1, 2, 3):
        t0 = time.perf_counter()
        image(info, opts, req.shot.visual_prompt, "", w, h, seed)
        sync(device)
        per_image.append(time.perf_counter() - t0)
    shots = []
    if has_ffmpeg():  # the lent GPU machine has none: there the shot's camera move is left out (None)
        with tempfile.TemporaryDirectory() as tmp:
            for seed in (4, 5):
                t0 = time.perf_counter()
                StillRenderer().render(request(folder, steps, *size, seed=seed), Path(tmp) / f"shot{seed}.mp4")
                shots.append(time.perf_counter() - t0)
    row = {"family": name, "pipeline": info.class_name, "params_b": round(info.params / 1e9, 3),
           "image_size": f"{w}×{h}", "steps": info.steps(opts), "guidance": info.guidance(opts),
           "save_s": round(saved, 1), "load_s": round(load, 2),
           "image_s": round(statistics.median(per_image), 3),
           "shot_s": round(statistics.median(shots), 2) if shots else None,
           "peak_gb": round(torch.cuda.max_memory_allocated() / 2**30, 1) if device == "cuda" else None}
    free(device)
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--families", default="sdxl-turbo,sana-1.6b,sana-2step")
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--size", default="1080x1920", help="the preset's frame, width x height")
    ap.add_argument("--root", type=Path, default=None, help="where the random-weight folders are saved")
    ap.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    size = tuple(int(x) for x in args.size.lower().split("x"))
    root = args.root or Path(tempfile.mkdtemp(prefix="still-bench-"))
    header = {"date": dt.date.today().isoformat(), "device": torch.cuda.get_device_name() if device == "cuda"
              else "cpu", "torch": torch.__version__, "size": args.size, "tiny": args.tiny}
    import diffusers

    header["diffusers"] = diffusers.__version__
    rows = []
    for name in args.families.split(","):
        row = measure(name.strip(), root, device, args.tiny, size)  # type: ignore[arg-type]
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if args.out:  # after each family: a run cut short still leaves what it measured
            args.out.write_text(json.dumps({"header": header, "rows": rows}, indent=1, ensure_ascii=False))
    print(f"\n{header}")
    print("| family | image | steps | load s | s / image | s / 5 s shot | peak GB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['family']} ({r['params_b']} B) | {r['image_size']} | {r['steps']} | {r['load_s']} | "
              f"{r['image_s']} | {r['shot_s']} | {r['peak_gb']} |")


if __name__ == "__main__":
    main()
