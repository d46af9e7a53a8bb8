"""DiT video generation speed on one GPU: real-size architectures, random weights, bf16.

    python bench/dit_gpu.py                       # every family at 480p and 720p, then the accelerations
    python bench/dit_gpu.py --families wan2.1-t2v-1.3b --resolutions 480p
    python bench/dit_gpu.py --tiny                # CPU smoke run on tiny configs (checks the script, not speed)

Each family's pipeline is built from its published configs (transformer, VAE, text encoder) with
random weights, so nothing is downloaded: timing does not depend on the weights' values. For each
family and resolution it measures, on a clip of the family's native length (~5 s):

- seconds per denoising step (all transformer forwards of one step: two with CFG);
- seconds per clip end to end: text encoding + `steps` denoising steps + VAE decode. The denoising
  loop is run for --steps steps and extended to the family's full step count (50) from the measured
  per-step time; text encoding and decode are measured once per clip;
- seconds of video per GPU-second; peak GPU memory;
- model-FLOPs utilisation of the transformer forward: the FLOPs of one forward counted from the
  config (generator/video/dit/flops.py: 2·multiply-adds of every matrix product; Wan 2.1 1.3B at
  832×480×81 = 2.83e14, matching the published ≈2.8e14) over the measured forward time, against the
  bf16 dense matrix-product peak measured in the same run (8192³ torch.matmul).

Then, on the default family (Wan 2.1 1.3B, 480p), each acceleration alone against the plain run
at the same step count — speed and drift (mean |Δ| of the decoded frames on a 0–1 scale, and PSNR)
— and the few-step distilled path (4 steps, no CFG) end to end.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import platform
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from generator.video.dit.flops import transformer_flops  # noqa: E402

# ----------------------------------------------------------------------------------------------------------
# Published configs (diffusers layout) of each family's transformer and text encoder

WAN_1_3B = dict(patch_size=[1, 2, 2], num_attention_heads=12, attention_head_dim=128, in_channels=16, out_channels=16,
                text_dim=4096, freq_dim=256, ffn_dim=8960, num_layers=30, cross_attn_norm=True,
                qk_norm="rms_norm_across_heads", eps=1e-6, image_dim=None, added_kv_proj_dim=None,
                rope_max_seq_len=1024)
WAN_14B = {**WAN_1_3B, "num_attention_heads": 40, "ffn_dim": 13824, "num_layers": 40}
UMT5_XXL = dict(vocab_size=256384, d_model=4096, d_kv=64, d_ff=10240, num_layers=24, num_heads=64,
                relative_attention_num_buckets=32, relative_attention_max_distance=128,
                feed_forward_proj="gated-gelu", layer_norm_epsilon=1e-6, tie_word_embeddings=False)
T5_XXL = {**UMT5_XXL, "vocab_size": 32128}
COG_2B = dict(num_attention_heads=30, attention_head_dim=64, in_channels=16, out_channels=16, time_embed_dim=512,
              text_embed_dim=4096, num_layers=30, sample_width=90, sample_height=60, sample_frames=49, patch_size=2,
              temporal_compression_ratio=4, max_text_seq_length=226, use_rotary_positional_embeddings=False,
              use_learned_positional_embeddings=False)
COG_5B = {**COG_2B, "num_attention_heads": 48, "num_layers": 42, "use_rotary_positional_embeddings": True}
LTX_2B = dict(in_channels=128, out_channels=128, patch_size=1, patch_size_t=1, num_attention_heads=32,
              attention_head_dim=64, cross_attention_dim=2048, num_layers=28, caption_channels=4096)

# Tiny versions of the same (CPU smoke run).
TINY_T5 = dict(vocab_size=512, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
               relative_attention_num_buckets=8, feed_forward_proj="gated-gelu")
TINY = {
    "wan": (dict(WAN_1_3B, num_attention_heads=2, attention_head_dim=12, text_dim=32, freq_dim=32, ffn_dim=32,
                 num_layers=2, rope_max_seq_len=64),
            dict(base_dim=4, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1)),
    "cogvideox": (dict(COG_2B, num_attention_heads=2, attention_head_dim=16, in_channels=4, out_channels=4,
                       time_embed_dim=8, text_embed_dim=32, num_layers=2, sample_width=6, sample_height=4,
                       max_text_seq_length=32),
                  dict(block_out_channels=(8, 8, 8, 8), latent_channels=4, layers_per_block=1, norm_num_groups=2)),
    "ltx": (dict(LTX_2B, in_channels=8, out_channels=8, num_attention_heads=4, attention_head_dim=8,
                 cross_attention_dim=32, num_layers=2, caption_channels=32),
            dict(latent_channels=8, block_out_channels=(8, 8, 8, 8), decoder_block_out_channels=(8, 8, 8, 8),
                 spatio_temporal_scaling=(True, True, False, False),
                 decoder_spatio_temporal_scaling=(True, True, False, False), layers_per_block=(1, 1, 1, 1, 1),
                 decoder_layers_per_block=(1, 1, 1, 1, 1), patch_size=1, patch_size_t=1)),
}


@dataclass(frozen=True)
class Spec:
    name: str
    family: str  # key in generator/video/dit/families.py (for the FLOP count)
    kind: str  # wan | cogvideox | ltx
    transformer: dict[str, Any]
    text_encoder: dict[str, Any]
    sizes: dict[str, tuple[int, int]]
    frames: int
    fps: int
    steps: int
    guidance: float
    text_tokens: int
    vae: dict[str, Any] = field(default_factory=dict)


SPECS = {s.name: s for s in (
    Spec("wan2.1-t2v-1.3b", "wan2.1-t2v", "wan", WAN_1_3B, UMT5_XXL, {"480p": (832, 480), "720p": (1280, 720)},
         81, 16, 50, 5.0, 512),
    Spec("wan2.1-t2v-14b", "wan2.1-t2v", "wan", WAN_14B, UMT5_XXL, {"480p": (832, 480), "720p": (1280, 720)},
         81, 16, 50, 5.0, 512),
    Spec("cogvideox-2b", "cogvideox", "cogvideox", COG_2B, T5_XXL, {"480p": (720, 480)}, 49, 8, 50, 6.0, 226),
    Spec("cogvideox-5b", "cogvideox", "cogvideox", COG_5B, T5_XXL, {"480p": (720, 480)}, 49, 8, 50, 6.0, 226),
    Spec("ltx-video-2b", "ltx", "ltx", LTX_2B, T5_XXL, {"480p": (704, 480), "720p": (1216, 704)},
         121, 24, 50, 3.0, 128),
)}


def tiny_spec(spec: Spec) -> Spec:
    tr, vae = TINY[spec.kind]
    sizes = {"wan": {"480p": (64, 32), "720p": (96, 64)}, "cogvideox": {"480p": (48, 32)},
             "ltx": {"480p": (64, 32), "720p": (96, 64)}}[spec.kind]
    frames = {"wan": 17, "cogvideox": 49, "ltx": 25}[spec.kind]
    text = 32 if spec.kind == "cogvideox" else spec.text_tokens
    return Spec(spec.name + "-tiny", spec.family, spec.kind, tr, TINY_T5, sizes, frames, spec.fps, spec.steps,
                spec.guidance, text, vae)


# ----------------------------------------------------------------------------------------------------------
# Building a pipeline with random weights, directly on the device


def tokenizer() -> Any:
    """A T5 Unigram tokenizer over a small vocabulary, built offline (token ids only feed random embeddings)."""
    from transformers import T5Tokenizer

    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    pieces += [(c, -3.0) for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    return T5Tokenizer(vocab=pieces, extra_ids=0)


@contextlib.contextmanager
def default_dtype(dtype: torch.dtype) -> Iterator[None]:
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def make(cls: Any, config: dict[str, Any], device: str, dtype: torch.dtype, from_config: bool = True) -> Any:
    """Build a module with random weights on `device` in `dtype`, keeping its fp32 modules in fp32."""
    with torch.device(device), default_dtype(dtype):
        model = cls.from_config(config) if from_config else cls(config)
    for name in getattr(model, "_keep_in_fp32_modules", None) or []:
        for mod_name, module in model.named_modules():
            if mod_name.split(".")[-1] == name or mod_name == name:
                module.to(torch.float32)
    return model.eval().requires_grad_(False)


def build(spec: Spec, device: str, dtype: torch.dtype) -> Any:
    import diffusers
    from transformers import T5Config, T5EncoderModel, UMT5Config, UMT5EncoderModel

    tok = tokenizer()
    if spec.kind == "wan":
        te = make(UMT5EncoderModel, UMT5Config(**spec.text_encoder), device, dtype, from_config=False)
        tr = make(diffusers.WanTransformer3DModel, spec.transformer, device, dtype)
        vae = make(diffusers.AutoencoderKLWan, spec.vae, device, torch.float32)  # Wan's VAE runs in fp32
        sched = diffusers.UniPCMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True,
                                                  flow_shift=3.0, num_train_timesteps=1000)
        return diffusers.WanPipeline(tokenizer=tok, text_encoder=te, vae=vae, scheduler=sched, transformer=tr)
    te = make(T5EncoderModel, T5Config(**spec.text_encoder), device, dtype, from_config=False)
    if spec.kind == "cogvideox":
        tr = make(diffusers.CogVideoXTransformer3DModel, spec.transformer, device, dtype)
        vae = make(diffusers.AutoencoderKLCogVideoX, spec.vae, device, dtype)
        sched = diffusers.CogVideoXDDIMScheduler(timestep_spacing="trailing", prediction_type="v_prediction",
                                                 rescale_betas_zero_snr=True)
        return diffusers.CogVideoXPipeline(tokenizer=tok, text_encoder=te, vae=vae, scheduler=sched, transformer=tr)
    tr = make(diffusers.LTXVideoTransformer3DModel, spec.transformer, device, dtype)
    vae = make(diffusers.AutoencoderKLLTXVideo, spec.vae, device, dtype)
    return diffusers.LTXPipeline(tokenizer=tok, text_encoder=te, vae=vae,
                                 scheduler=diffusers.FlowMatchEulerDiscreteScheduler(), transformer=tr)


# ----------------------------------------------------------------------------------------------------------
# Timing


class Clock:
    """Times GPU work with CUDA events (CPU: wall clock), summed per label."""

    def __init__(self, device: str) -> None:
        self.cuda = device == "cuda"
        self.spans: dict[str, list[tuple[Any, Any]]] = {}
        self.batches: list[int] = []

    def now(self) -> Any:
        if self.cuda:
            ev = torch.cuda.Event(enable_timing=True)
            ev.record()
            return ev
        return time.perf_counter()

    def total(self, label: str) -> float:
        if self.cuda:
            torch.cuda.synchronize()
            return sum(a.elapsed_time(b) / 1000 for a, b in self.spans.get(label, []))
        return sum(b - a for a, b in self.spans.get(label, []))

    def count(self, label: str) -> int:
        return len(self.spans.get(label, []))

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = self.now()
            out = fn(*args, **kwargs)
            self.spans.setdefault(label, []).append((start, self.now()))
            return out

        return timed


def instrument(pipe: Any, clock: Clock) -> Callable[[], None]:
    """Time text encoding, every transformer forward (and its batch size) and the VAE decode."""
    handles = []
    starts: dict[str, Any] = {}

    def pre(label: str) -> Callable[..., None]:
        def hook(_m: Any, args: Any, kwargs: Any) -> None:
            if label == "transformer":
                hs = kwargs.get("hidden_states", args[0] if args else None)
                clock.batches.append(int(hs.shape[0]))
            starts[label] = clock.now()
        return hook

    def post(label: str) -> Callable[..., None]:
        def hook(_m: Any, _args: Any, _kwargs: Any, _out: Any) -> None:
            clock.spans.setdefault(label, []).append((starts.pop(label), clock.now()))
        return hook

    for label, module in (("text", pipe.text_encoder), ("transformer", pipe.transformer)):
        handles.append(module.register_forward_pre_hook(pre(label), with_kwargs=True))
        handles.append(module.register_forward_hook(post(label), with_kwargs=True))
    original = pipe.vae.decode
    pipe.vae.decode = clock.wrap("vae", original)

    def undo() -> None:
        for h in handles:
            h.remove()
        pipe.vae.decode = original

    return undo


def run(pipe: Any, spec: Spec, size: tuple[int, int], steps: int, guidance: float, device: str,
        seed: int = 0) -> tuple[dict[str, float], np.ndarray]:
    w, h = size
    kwargs: dict[str, Any] = dict(prompt="a lantern lit night market, cinematic", negative_prompt="blurry",
                                  height=h, width=w, num_frames=spec.frames, num_inference_steps=steps,
                                  guidance_scale=guidance, generator=torch.Generator("cpu").manual_seed(seed),
                                  output_type="np")
    if spec.kind == "cogvideox":
        kwargs["max_sequence_length"] = spec.text_tokens
    if spec.kind == "ltx":
        kwargs["frame_rate"] = spec.fps
    clock = Clock(device)
    undo = instrument(pipe, clock)
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    try:
        out = pipe(**kwargs)
        if device == "cuda":
            torch.cuda.synchronize()
    finally:
        undo()
    wall = time.perf_counter() - t0
    forwards = clock.count("transformer")
    result = {
        "wall_s": wall,
        "text_s": clock.total("text"),
        "transformer_s": clock.total("transformer"),
        "vae_s": clock.total("vae"),
        "forwards": forwards,
        "batch": max(clock.batches) if clock.batches else 1,
        "peak_gb": torch.cuda.max_memory_allocated() / 2**30 if device == "cuda" else float("nan"),
    }
    return result, np.asarray(out.frames[0], dtype=np.float32)


def matmul_peak(device: str) -> float:
    """Dense matrix-product FLOP/s: bf16 8192³ on a GPU, fp32 1024³ on a CPU."""
    n, dtype = (8192, torch.bfloat16) if device == "cuda" else (1024, torch.float32)
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    for _ in range(3):
        a @ b
    if device == "cuda":
        torch.cuda.synchronize()
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        a @ b
        reps += 1
        if device == "cuda" and reps % 10 == 0:
            torch.cuda.synchronize()
    if device == "cuda":
        torch.cuda.synchronize()
    return reps * 2 * n**3 / (time.perf_counter() - t0)


def drift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    mad = float(np.abs(a - b).mean())
    mse = float(((a - b) ** 2).mean())
    return mad, (float("inf") if mse == 0 else 10 * math.log10(1.0 / mse))


# ----------------------------------------------------------------------------------------------------------


def measure_family(spec: Spec, resolutions: list[str], steps: int, device: str, dtype: torch.dtype,
                   peak: float) -> list[dict[str, Any]]:
    rows = []
    pipe = build(spec, device, dtype)
    pipe.set_progress_bar_config(disable=True)
    for res in resolutions:
        if res not in spec.sizes:
            continue
        size = spec.sizes[res]
        run(pipe, spec, size, 1, spec.guidance, device)  # warm-up (kernels, allocator)
        m, _ = run(pipe, spec, size, steps, spec.guidance, device)
        forward = m["transformer_s"] / m["forwards"]
        per_step = (m["wall_s"] - m["text_s"] - m["vae_s"]) / steps
        flops = transformer_flops(spec.family, spec.transformer, spec.frames, size[0], size[1], spec.text_tokens)
        clip_s = m["text_s"] + m["vae_s"] + spec.steps * per_step
        seconds = spec.frames / spec.fps
        rows.append({
            "model": spec.name, "resolution": res, "size": f"{size[0]}x{size[1]}", "frames": spec.frames,
            "video_s": round(seconds, 2), "measured_steps": steps, "full_steps": spec.steps, "cfg": spec.guidance,
            "forward_s": forward, "step_s": per_step, "text_s": m["text_s"], "vae_s": m["vae_s"], "clip_s": clip_s,
            "video_s_per_gpu_s": seconds / clip_s, "peak_gb": m["peak_gb"],
            "flop_per_forward": flops * m["batch"], "mfu": flops * m["batch"] / forward / peak,
        })
        print(json.dumps(rows[-1]), flush=True)
    del pipe
    if device == "cuda":
        torch.cuda.empty_cache()
    return rows


ACCELERATIONS = ("sdpa-cudnn", "sdpa-flash", "flash", "sage", "fbc-0.05", "fbc-0.1", "taylorseer", "pab", "compile")


def measure_accelerations(spec: Spec, res: str, steps: int, device: str, dtype: torch.dtype,
                          names: list[str]) -> list[dict[str, Any]]:
    """Each acceleration alone against the plain run at the same step count, then the distilled path."""
    from generator.video.dit.loader import cache_config

    pipe = build(spec, device, dtype)
    pipe.set_progress_bar_config(disable=True)
    size = spec.sizes[res]
    run(pipe, spec, size, 1, spec.guidance, device)
    base, base_frames = run(pipe, spec, size, steps, spec.guidance, device)
    rows = [{"model": spec.name, "resolution": res, "acceleration": "none (SDPA)", "steps": steps,
             "wall_s": base["wall_s"], "speedup": 1.0, "mean_abs_drift": 0.0, "psnr_db": float("inf")}]
    print(json.dumps(rows[-1]), flush=True)
    backends = {"sdpa-cudnn": "_native_cudnn", "sdpa-flash": "_native_flash", "flash": "flash", "sage": "sage"}
    for name in names:
        try:
            if name in backends:
                pipe.transformer.set_attention_backend(backends[name])
            elif name == "compile":
                pipe.transformer.compile_repeated_blocks(fullgraph=True)
                run(pipe, spec, size, 2, spec.guidance, device)  # compile outside the timing
            else:
                mode = name.replace("-", ":", 1)
                config = cache_config(mode)
                if name == "pab":
                    config.current_timestep_callback = lambda: pipe.current_timestep
                pipe.transformer.enable_cache(config)
            m, frames = run(pipe, spec, size, steps, spec.guidance, device)
            mad, psnr = drift(frames, base_frames)
            rows.append({"model": spec.name, "resolution": res, "acceleration": name, "steps": steps,
                         "wall_s": m["wall_s"], "speedup": base["wall_s"] / m["wall_s"], "mean_abs_drift": mad,
                         "psnr_db": psnr})
        except Exception as exc:  # noqa: BLE001 - an acceleration this machine lacks is reported, not fatal
            rows.append({"model": spec.name, "resolution": res, "acceleration": name,
                         "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"})
        finally:
            if name in backends:
                pipe.transformer.set_attention_backend("native")
            elif name != "compile" and getattr(pipe.transformer, "is_cache_enabled", False):
                pipe.transformer.disable_cache()
        print(json.dumps(rows[-1]), flush=True)
    # Few-step distilled path: 4 steps, no CFG, end to end (with whatever ran last: compile if it was asked).
    seconds = spec.frames / spec.fps
    for label in ("distilled 4-step, no CFG",):
        m, _ = run(pipe, spec, size, 4, 1.0, device)
        rows.append({"model": spec.name, "resolution": res, "acceleration": label, "steps": 4, "wall_s": m["wall_s"],
                     "text_s": m["text_s"], "vae_s": m["vae_s"], "transformer_s": m["transformer_s"],
                     "video_s_per_gpu_s": seconds / m["wall_s"], "compiled": "compile" in names})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="CPU smoke run on tiny configs")
    ap.add_argument("--families", default=",".join(SPECS), help="comma-separated: " + ", ".join(SPECS))
    ap.add_argument("--resolutions", default="480p,720p")
    ap.add_argument("--steps", type=int, default=3, help="denoising steps actually run per measurement")
    ap.add_argument("--accel-steps", type=int, default=20, help="steps of the acceleration comparison")
    ap.add_argument("--accelerations", default=",".join(ACCELERATIONS))
    ap.add_argument("--no-accelerations", action="store_true")
    ap.add_argument("--json", type=Path, help="write all rows here")
    args = ap.parse_args()

    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    if device == "cpu" and not args.tiny:
        sys.exit("no CUDA GPU here: run with --tiny for the CPU smoke run")
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    specs = [SPECS[n] for n in args.families.split(",") if n]
    if args.tiny:
        specs = [tiny_spec(s) for s in specs]
    import diffusers

    gpu = torch.cuda.get_device_name() if device == "cuda" else platform.processor() or platform.machine()
    peak = matmul_peak(device)
    header = {"date": dt.date.today().isoformat(), "device": gpu, "torch": torch.__version__,
              "diffusers": diffusers.__version__, "dtype": str(dtype), "matmul_peak_tflops": peak / 1e12,
              "tiny": args.tiny}
    print(json.dumps(header), flush=True)
    rows: list[dict[str, Any]] = []
    for spec in specs:
        rows += measure_family(spec, args.resolutions.split(","), args.steps, device, dtype, peak)
    accel: list[dict[str, Any]] = []
    if not args.no_accelerations:
        names = [n for n in args.accelerations.split(",") if n]
        if device == "cpu":
            names = [n for n in names if n not in ("sdpa-cudnn", "sdpa-flash", "flash", "sage", "compile")]
        spec = specs[0]
        res = "480p" if "480p" in spec.sizes else next(iter(spec.sizes))
        accel = measure_accelerations(spec, res, args.accel_steps if not args.tiny else 4, device, dtype, names)
    if args.json:
        args.json.write_text(json.dumps({"header": header, "families": rows, "accelerations": accel}, indent=2))
    print_tables(header, rows, accel)


def print_tables(header: dict[str, Any], rows: list[dict[str, Any]], accel: list[dict[str, Any]]) -> None:
    print(f"\n{header['device']} · torch {header['torch']} · diffusers {header['diffusers']} · {header['dtype']} · "
          f"matmul peak {header['matmul_peak_tflops'] * 1000:.1f} GFLOP/s · {header['date']}")
    print("\n| model | size × frames | s/forward | s/step | text s | VAE s | s/clip (full steps) | "
          "video s per GPU-s | peak GB | FLOP/forward | MFU |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['model']} | {r['size']}×{r['frames']} | {r['forward_s']:.3f} | {r['step_s']:.3f} | "
              f"{r['text_s']:.3f} | {r['vae_s']:.3f} | {r['clip_s']:.1f} ({r['full_steps']}, CFG {r['cfg']:g}) | "
              f"{r['video_s_per_gpu_s']:.3f} | {r['peak_gb']:.1f} | {r['flop_per_forward']:.2e} | "
              f"{100 * r['mfu']:.1f} % |")
    if accel:
        print("\n| acceleration | steps | wall s | speed-up | mean abs drift | PSNR dB |")
        print("|---|---|---|---|---|---|")
        for r in accel:
            if "error" in r:
                print(f"| {r['acceleration']} | – | – | – | – | {r['error']} |")
            elif "speedup" in r:
                print(f"| {r['acceleration']} | {r['steps']} | {r['wall_s']:.3f} | {r['speedup']:.2f}× | "
                      f"{r['mean_abs_drift']:.4f} | {r['psnr_db']:.1f} |")
            else:
                print(f"| {r['acceleration']} | {r['steps']} | {r['wall_s']:.3f} (text {r['text_s']:.3f}, "
                      f"transformer {r['transformer_s']:.3f}, VAE {r['vae_s']:.3f}) | "
                      f"{r['video_s_per_gpu_s']:.2f} video s per GPU-s | | |")


if __name__ == "__main__":
    main()
