"""DiT video generation speed on one GPU, through reelflow's own renderer: real-size architectures, random weights.

    python bench/dit_gpu.py                       # every family at its sizes, then the accelerations
    python bench/dit_gpu.py --families wan2.1-t2v-1.3b --resolutions 480p
    python bench/dit_gpu.py --tiny                # CPU smoke run on tiny configs (checks the script, not speed)

Each family's pipeline is built from its published configs (transformer, VAE, text encoder) with
random weights and saved in the standard diffusers folder layout (in /dev/shm when it has room), so
nothing is downloaded and timing does not depend on the weights' values. From there everything is
what a user's `--renderer dit --model DIR` runs: `inspect_model` reads the folder, `get_pipeline`
loads it with the product's speed options (bf16, TF32, VAE slicing, attention backend, cache hooks,
compile), and one 5 s portrait shot of a 1080×1920 request goes through the renderer's `plan_shot`,
`generate` (the pipeline call and frame conversion) and `write_mp4` (when an ffmpeg is at hand).

Measured per family and resolution (after a one-step warm-up render):

- load s: `get_pipeline` from the folder to the GPU, once per process;
- s/step: the median time between consecutive scheduler steps (CUDA events), so latent set-up,
  text encoding, decode and frame conversion are not in it; s/forward from the transformer's hooks;
- s/shot at the family's full step count: the measured render (run at --steps steps) plus the
  remaining steps at the median step time, so one-off costs are counted once;
- video seconds per GPU-second, peak GPU memory;
- model-FLOPs utilisation of the transformer forward (generator/video/dit/flops.py counts the FLOPs
  of the matrix products from the config) against the spec-sheet dense bf16 peak and against an
  8192³ bf16 matmul measured in the same run.

Then, on the first family at its default size, each acceleration (a product setting: `dit.attention`,
`dit.cache`, `dit.compile`) alone against the plain run at the same step count — speed and drift of
the decoded frames (on random weights the drift only says whether frames change, not how they look)
— and the few-step distilled path (4 steps, no CFG: `dit.steps=4 dit.guidance=1`).
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
from collections.abc import Iterator
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
# The model folder: built once, saved in the diffusers layout, then only ever read by the product's loader


def scratch_root() -> Path:
    """/dev/shm when it has room (saving and reading 15 GB of weights there takes seconds), else the temp dir."""
    import shutil
    import tempfile

    shm = Path("/dev/shm")
    if shm.is_dir() and shutil.disk_usage(shm).free > 64 * 2**30:
        return Path(tempfile.mkdtemp(prefix="reelflow-bench-", dir=shm))
    return Path(tempfile.mkdtemp(prefix="reelflow-bench-"))


def save_folder(spec: Spec, root: Path, device: str, dtype: torch.dtype) -> tuple[Path, float]:
    folder = root / spec.name
    t0 = time.perf_counter()
    pipe = build(spec, device, dtype)
    pipe.save_pretrained(folder)
    del pipe
    free_gpu(device)
    return folder, time.perf_counter() - t0


def free_gpu(device: str) -> None:
    import gc

    from generator.video.weights import forget_pipelines

    forget_pipelines()  # the renderers' per-process pipeline cache
    gc.collect()
    if device == "cuda":
        torch.cuda.empty_cache()


# ----------------------------------------------------------------------------------------------------------
# Timing the renderer's pipeline from the outside: hooks and a wrapped scheduler step, nothing changed inside


class Events:
    """CUDA events (CPU: wall clock) recorded by label."""

    def __init__(self, device: str) -> None:
        self.cuda = device == "cuda"
        self.marks: dict[str, list[Any]] = {}
        self.batches: list[int] = []

    def mark(self, label: str) -> None:
        if self.cuda:
            ev = torch.cuda.Event(enable_timing=True)
            ev.record()
        else:
            ev = time.perf_counter()
        self.marks.setdefault(label, []).append(ev)

    def gaps(self, a: str, b: str) -> list[float]:
        """Seconds from each mark `a` to the mark `b` after it (pairs in order)."""
        return [self._between(x, y) for x, y in zip(self.marks.get(a, []), self.marks.get(b, []), strict=False)]

    def steps(self) -> list[float]:
        """Seconds between consecutive scheduler-step ends: one whole denoising step each."""
        ends = self.marks.get("step", [])
        return [self._between(x, y) for x, y in zip(ends, ends[1:], strict=False)]

    def _between(self, x: Any, y: Any) -> float:
        if self.cuda:
            torch.cuda.synchronize()
            return x.elapsed_time(y) / 1000
        return y - x


@contextlib.contextmanager
def instrumented(pipe: Any, ev: Events) -> Iterator[None]:
    handles = []

    def hooks(module: Any, label: str) -> None:
        def pre(_m: Any, args: Any, kwargs: Any) -> None:
            if label == "transformer":
                hs = kwargs.get("hidden_states", args[0] if args else None)
                ev.batches.append(int(hs.shape[0]))
            ev.mark(label + ".start")

        handles.append(module.register_forward_pre_hook(pre, with_kwargs=True))
        handles.append(module.register_forward_hook(lambda *_a, **_k: ev.mark(label + ".end")))

    hooks(pipe.text_encoder, "text")
    for model in (pipe.transformer, getattr(pipe, "transformer_2", None)):
        if model is not None:
            hooks(model, "transformer")
    decode, step = pipe.vae.decode, pipe.scheduler.step

    def timed_decode(*a: Any, **k: Any) -> Any:
        ev.mark("vae.start")
        out = decode(*a, **k)
        ev.mark("vae.end")
        return out

    def timed_step(*a: Any, **k: Any) -> Any:
        out = step(*a, **k)
        ev.mark("step")
        return out

    pipe.vae.decode, pipe.scheduler.step = timed_decode, timed_step
    try:
        yield
    finally:
        for h in handles:
            h.remove()
        pipe.vae.decode, pipe.scheduler.step = decode, step


# ----------------------------------------------------------------------------------------------------------
# One shot through the renderer


def shot_request(options: dict[str, object], seconds: float = 5.0) -> Any:
    from generator.video.base import RenderRequest
    from reelflow.models import Shot

    shot = Shot(index=0, narration="夜市的灯笼亮起来了。", key_phrase="夜市",
                visual_prompt="a lantern-lit night market at dusk, steam rising from food stalls, people walking, "
                              "cinematic, shallow depth of field", seconds=seconds)
    return RenderRequest(shot=shot, seconds=seconds, width=1080, height=1920, fps=30, seed=7, options=options)


def has_ffmpeg() -> bool:
    import subprocess

    from reelflow.media import ffmpeg_exe

    try:
        return subprocess.run([ffmpeg_exe(), "-version"], capture_output=True).returncode == 0
    except (ImportError, OSError):
        return False


def render_once(opts: Any, device: str, out_dir: Path, encode: bool) -> tuple[dict[str, Any], np.ndarray]:
    """The renderer's steps for one shot (as DitRenderer.render runs them), timed from the outside."""
    from generator.video.dit.loader import check_can_run, get_pipeline
    from generator.video.dit.renderer import generate, plan_shot, write_mp4

    request = shot_request(opts.to_dict())
    plan = plan_shot(request, opts)
    check_can_run(plan.model, opts, portrait=True)
    t0 = time.perf_counter()
    pipe = get_pipeline(plan.model, opts)  # loads once per process and options; cached after
    load_s = time.perf_counter() - t0
    ev = Events(device)
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    with instrumented(pipe, ev):
        frames = generate(plan, request, opts)
    if device == "cuda":
        torch.cuda.synchronize()
    generate_s = time.perf_counter() - t0
    encode_s = float("nan")
    if encode:
        t0 = time.perf_counter()
        write_mp4(frames, plan, out_dir / "shot.mp4")
        encode_s = time.perf_counter() - t0
    fwd = ev.gaps("transformer.start", "transformer.end")
    steps = ev.steps()
    return {
        "load_s": load_s,
        "size": f"{plan.width}x{plan.height}",
        "frames": plan.segments[0].frames,
        "fps": plan.fps,
        "steps": len(ev.marks.get("step", [])),
        "guidance": plan.guidance,
        "generate_s": generate_s,
        "encode_s": encode_s,
        "text_s": sum(ev.gaps("text.start", "text.end")),
        "vae_s": sum(ev.gaps("vae.start", "vae.end")),
        "forward_s": float(np.median(fwd)) if fwd else float("nan"),
        "forwards": len(fwd),
        "batch": max(ev.batches) if ev.batches else 1,
        "step_s": float(np.median(steps)) if steps else float("nan"),
        "peak_gb": torch.cuda.max_memory_allocated() / 2**30 if device == "cuda" else float("nan"),
    }, frames


def matmul_peak(device: str) -> float:
    """Dense matrix-product FLOP/s measured now: bf16 8192³ on a GPU, fp32 1024³ on a CPU."""
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


# Dense bf16 tensor-core peaks from the vendors' datasheets (no sparsity), FLOP/s.
SPEC_PEAKS = {"H200": 989.4e12, "H100 80GB HBM3": 989.4e12, "H100 PCIe": 756.0e12, "A100": 312e12, "L40S": 362e12,
              "RTX 4090": 165.2e12}


def spec_peak(name: str) -> float | None:
    return next((v for k, v in SPEC_PEAKS.items() if k in name), None)


def drift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    a32, b32 = a.astype(np.float32) / 255, b.astype(np.float32) / 255
    mad = float(np.abs(a32 - b32).mean())
    mse = float(((a32 - b32) ** 2).mean())
    return mad, (float("inf") if mse == 0 else 10 * math.log10(1.0 / mse))


# ----------------------------------------------------------------------------------------------------------


def measure_family(spec: Spec, folder: Path, resolutions: list[str], steps: int, device: str, peaks: dict[str, Any],
                   out_dir: Path, encode: bool) -> list[dict[str, Any]]:
    from generator.video.dit.loader import DitOptions

    rows = []
    for res in resolutions:
        if res not in spec.sizes:
            continue
        base = DitOptions(model=str(folder), resolution=None if spec.kind == "cogvideox" else res, allow_cpu=True)
        warm, _ = render_once(replace_opts(base, steps=1), device, out_dir, encode=False)  # load + kernels
        m, _ = render_once(replace_opts(base, steps=steps), device, out_dir, encode)
        w, h = (int(x) for x in m["size"].split("x"))
        flops = transformer_flops(spec.family, spec.transformer, m["frames"], w, h, spec.text_tokens) * m["batch"]
        shot_s = m["generate_s"] + (spec.steps - m["steps"]) * m["step_s"]
        if encode:
            shot_s += m["encode_s"]
        seconds = m["frames"] / m["fps"]
        row = {"model": spec.name, "resolution": res, **m, "load_s": warm["load_s"], "full_steps": spec.steps,
               "shot_s": shot_s, "video_s": seconds, "video_s_per_gpu_s": seconds / shot_s,
               "flop_per_forward": flops, "mfu_measured": flops / m["forward_s"] / peaks["measured"]}
        if peaks.get("spec"):
            row["mfu_spec"] = flops / m["forward_s"] / peaks["spec"]
        rows.append(row)
        print(json.dumps(row), flush=True)
    free_gpu(device)
    return rows


def replace_opts(opts: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(opts, **changes)


# Each acceleration is a product setting: (label, DitOptions fields).
ACCELERATIONS: dict[str, dict[str, Any]] = {
    "sdpa-cudnn": {"attention": "_native_cudnn"},
    "sdpa-flash": {"attention": "_native_flash"},
    "flash": {"attention": "flash"},
    "sage": {"attention": "sage"},
    "fbc-0.05": {"cache": "fbc:0.05"},
    "fbc-0.1": {"cache": "fbc:0.1"},
    "taylorseer": {"cache": "taylorseer"},
    "pab": {"cache": "pab"},
    "compile": {"compile": True},
}


def measure_accelerations(spec: Spec, folder: Path, res: str, steps: int, device: str, names: list[str],
                          out_dir: Path) -> list[dict[str, Any]]:
    """Each acceleration alone against the plain run at the same step count, then the distilled path."""
    from generator.video.dit.loader import DitOptions

    base = DitOptions(model=str(folder), resolution=None if spec.kind == "cogvideox" else res, steps=steps,
                      allow_cpu=True)
    render_once(replace_opts(base, steps=1), device, out_dir, encode=False)
    plain, plain_frames = render_once(base, device, out_dir, encode=False)
    rows = [{"model": spec.name, "resolution": res, "acceleration": "none (SDPA)", "steps": steps,
             "generate_s": plain["generate_s"], "step_s": plain["step_s"], "speedup": 1.0,
             "mean_abs_drift": 0.0, "psnr_db": float("inf"), "peak_gb": plain["peak_gb"]}]
    print(json.dumps(rows[-1]), flush=True)
    for name in names:
        opts = replace_opts(base, **ACCELERATIONS[name])
        free_gpu(device)
        try:
            render_once(replace_opts(opts, steps=2), device, out_dir, encode=False)  # load, compile, warm
            m, frames = render_once(opts, device, out_dir, encode=False)
            mad, psnr = drift(frames, plain_frames)
            rows.append({"model": spec.name, "resolution": res, "acceleration": name, "steps": steps,
                         "generate_s": m["generate_s"], "step_s": m["step_s"],
                         "speedup": plain["generate_s"] / m["generate_s"], "mean_abs_drift": mad, "psnr_db": psnr,
                         "peak_gb": m["peak_gb"]})
        except Exception as exc:  # noqa: BLE001 - an acceleration this machine lacks is reported, not fatal
            rows.append({"model": spec.name, "resolution": res, "acceleration": name,
                         "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"})
        print(json.dumps(rows[-1]), flush=True)
    free_gpu(device)
    # Few-step distilled path: 4 steps, no CFG, the whole shot (encode included when an ffmpeg is at hand).
    opts = replace_opts(base, steps=4, guidance=1.0)
    render_once(replace_opts(opts, steps=1), device, out_dir, encode=False)
    m, _ = render_once(opts, device, out_dir, encode=has_ffmpeg())
    seconds = m["frames"] / m["fps"]
    shot_s = m["generate_s"] + (0 if math.isnan(m["encode_s"]) else m["encode_s"])
    rows.append({"model": spec.name, "resolution": res, "acceleration": "distilled 4-step, no CFG", "steps": 4,
                 "generate_s": m["generate_s"], "text_s": m["text_s"], "vae_s": m["vae_s"],
                 "encode_s": m["encode_s"], "step_s": m["step_s"], "video_s_per_gpu_s": seconds / shot_s})
    print(json.dumps(rows[-1]), flush=True)
    free_gpu(device)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="CPU smoke run on tiny configs")
    ap.add_argument("--families", default=",".join(SPECS), help="comma-separated: " + ", ".join(SPECS))
    ap.add_argument("--resolutions", default="480p,720p")
    ap.add_argument("--steps", type=int, default=4, help="denoising steps actually run per measurement")
    ap.add_argument("--accel-steps", type=int, default=10, help="steps of the acceleration comparison")
    ap.add_argument("--accelerations", default=",".join(ACCELERATIONS))
    ap.add_argument("--no-accelerations", action="store_true")
    ap.add_argument("--only-accelerations", action="store_true")
    ap.add_argument("--json", type=Path, help="write all rows here (rewritten after each family)")
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
    peaks = {"measured": matmul_peak(device), "spec": spec_peak(gpu) if device == "cuda" else None}
    encode = has_ffmpeg()
    header = {"date": dt.date.today().isoformat(), "device": gpu, "torch": torch.__version__,
              "diffusers": diffusers.__version__, "dtype": str(dtype), "matmul_peak_tflops": peaks["measured"] / 1e12,
              "spec_peak_tflops": (peaks["spec"] or 0) / 1e12, "encode": encode, "tiny": args.tiny}
    print(json.dumps(header), flush=True)
    root = scratch_root()
    rows: list[dict[str, Any]] = []
    accel: list[dict[str, Any]] = []

    def dump() -> None:
        if args.json:
            args.json.write_text(json.dumps({"header": header, "families": rows, "accelerations": accel}, indent=2))

    import shutil

    out_dir = root / "out"
    out_dir.mkdir()
    try:
        for k, spec in enumerate(specs):
            first = k == 0 and not args.no_accelerations
            if args.only_accelerations and not first:
                break
            try:
                folder, save_s = save_folder(spec, root, device, dtype)
                print(json.dumps({"model": spec.name, "folder_saved_s": save_s}), flush=True)
                if not args.only_accelerations:
                    rows += measure_family(spec, folder, args.resolutions.split(","), args.steps, device, peaks,
                                           out_dir, encode)
                    dump()
                if first:
                    names = [n for n in args.accelerations.split(",") if n]
                    if device == "cpu":
                        names = [n for n in names if not ACCELERATIONS[n].get("attention") and n != "compile"]
                    res = "480p" if "480p" in spec.sizes else next(iter(spec.sizes))
                    accel = measure_accelerations(spec, folder, res, args.accel_steps if not args.tiny else 4,
                                                  device, names, out_dir)
                    dump()
            except Exception as exc:  # noqa: BLE001 - one family failing still reports the others
                rows.append({"model": spec.name, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
                print(json.dumps(rows[-1]), flush=True)
                free_gpu(device)
            finally:
                shutil.rmtree(root / spec.name, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    dump()
    print_tables(header, rows, accel)


def print_tables(header: dict[str, Any], rows: list[dict[str, Any]], accel: list[dict[str, Any]]) -> None:
    print(f"\n{header['device']} · torch {header['torch']} · diffusers {header['diffusers']} · {header['dtype']} · "
          f"matmul {header['matmul_peak_tflops']:.0f} TFLOP/s measured, {header['spec_peak_tflops']:.0f} spec · "
          f"{header['date']}")
    print("\n| model | size × frames | load s | s/forward | s/step | text s | VAE s | encode s | s/shot (full steps) | "
          "video s per GPU-s | peak GB | FLOP/forward | MFU spec (measured) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['model']} | {r['error']} |")
            continue
        print(f"| {r['model']} | {r['size']}×{r['frames']} | {r['load_s']:.1f} | {r['forward_s']:.3f} | "
              f"{r['step_s']:.3f} | {r['text_s']:.3f} | {r['vae_s']:.2f} | {r['encode_s']:.2f} | "
              f"{r['shot_s']:.1f} ({r['full_steps']}, CFG {r['guidance']:g}) | {r['video_s_per_gpu_s']:.3f} | "
              f"{r['peak_gb']:.1f} | {r['flop_per_forward']:.2e} | "
              f"{100 * r.get('mfu_spec', float('nan')):.1f} % ({100 * r['mfu_measured']:.1f} %) |")
    if accel:
        print("\n| acceleration | steps | generate s | s/step | speed-up | mean abs drift | PSNR dB |")
        print("|---|---|---|---|---|---|---|")
        for r in accel:
            if "error" in r:
                print(f"| {r['acceleration']} | – | – | – | – | – | {r['error']} |")
            elif "speedup" in r:
                print(f"| {r['acceleration']} | {r['steps']} | {r['generate_s']:.2f} | {r['step_s']:.3f} | "
                      f"{r['speedup']:.2f}× | {r['mean_abs_drift']:.4f} | {r['psnr_db']:.1f} |")
            else:
                print(f"| {r['acceleration']} | {r['steps']} | {r['generate_s']:.2f} (text {r['text_s']:.3f}, "
                      f"VAE {r['vae_s']:.2f}, encode {r['encode_s']:.2f}) | {r['step_s']:.3f} | "
                      f"{r['video_s_per_gpu_s']:.2f} video s per GPU-s | | |")


if __name__ == "__main__":
    main()
