"""Text-to-image speed on one GPU for the `still` source's candidate families: real sizes, random weights.

    python bench/t2i_gpu.py                # every family at 768×1344 (9:16)
    python bench/t2i_gpu.py --tiny         # CPU smoke run on tiny configs (checks the script, not speed)

Which image model the `still` source (issue 15) should default to depends on seconds per image on
the GPUs people have. Each family's denoiser and VAE are built from their published configs with
random weights, directly on the GPU; the pipeline is diffusers' own, called with prompt embeddings of
the real shape (no tokenizer can be had offline), and each text encoder is timed on its own as one
forward of the real-size model on random token ids at the family's prompt length. Seconds per image =
text encoding + the pipeline call (denoising + VAE decode). Per step is the median time between
consecutive scheduler steps (CUDA events).

This measures diffusers' pipelines, not yet reelflow's `still` source (which does not exist yet):
once it does, this bench should load through it, as bench/dit_gpu.py does through the dit renderer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from dit_gpu import Events, default_dtype, make, matmul_peak, spec_peak  # noqa: E402

# Published configs (diffusers / transformers layout).
CLIP_L = dict(
    vocab_size=49408,
    hidden_size=768,
    intermediate_size=3072,
    num_hidden_layers=12,
    num_attention_heads=12,
    max_position_embeddings=77,
    hidden_act="quick_gelu",
    projection_dim=768,
)
CLIP_BIGG = dict(
    vocab_size=49408,
    hidden_size=1280,
    intermediate_size=5120,
    num_hidden_layers=32,
    num_attention_heads=20,
    max_position_embeddings=77,
    hidden_act="gelu",
    projection_dim=1280,
)
T5_XXL = dict(
    vocab_size=32128,
    d_model=4096,
    d_kv=64,
    d_ff=10240,
    num_layers=24,
    num_heads=64,
    relative_attention_num_buckets=32,
    feed_forward_proj="gated-gelu",
    tie_word_embeddings=False,
)
GEMMA2_2B = dict(
    vocab_size=256000,
    hidden_size=2304,
    intermediate_size=9216,
    num_hidden_layers=26,
    num_attention_heads=8,
    num_key_value_heads=4,
    head_dim=256,
    max_position_embeddings=8192,
)
SDXL_UNET = dict(
    sample_size=64,
    in_channels=4,
    out_channels=4,
    layers_per_block=2,
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    block_out_channels=(320, 640, 1280),
    transformer_layers_per_block=(1, 2, 10),
    attention_head_dim=(5, 10, 20),
    cross_attention_dim=2048,
    use_linear_projection=True,
    addition_embed_type="text_time",
    addition_time_embed_dim=256,
    projection_class_embeddings_input_dim=2816,
)
SDXL_VAE = dict(
    block_out_channels=(128, 256, 512, 512),
    latent_channels=4,
    layers_per_block=2,
    sample_size=1024,
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    scaling_factor=0.13025,
)
SANA_1600M = dict(
    in_channels=32,
    out_channels=32,
    num_attention_heads=70,
    attention_head_dim=32,
    num_layers=20,
    num_cross_attention_heads=20,
    cross_attention_head_dim=112,
    cross_attention_dim=2240,
    caption_channels=2304,
    mlp_ratio=2.5,
    sample_size=32,
    patch_size=1,
)
FLUX_12B = dict(
    patch_size=1,
    in_channels=64,
    num_layers=19,
    num_single_layers=38,
    attention_head_dim=128,
    num_attention_heads=24,
    joint_attention_dim=4096,
    pooled_projection_dim=768,
    guidance_embeds=False,
    axes_dims_rope=(16, 56, 56),
)
FLUX_VAE = dict(
    block_out_channels=(128, 256, 512, 512),
    latent_channels=16,
    layers_per_block=2,
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    scaling_factor=0.3611,
    shift_factor=0.1159,
    use_quant_conv=False,
    use_post_quant_conv=False,
)

TINY_CLIP = dict(
    vocab_size=1000,
    hidden_size=32,
    intermediate_size=64,
    num_hidden_layers=2,
    num_attention_heads=2,
    max_position_embeddings=77,
    projection_dim=32,
)
TINY_VAE = dict(
    block_out_channels=(8, 8),
    layers_per_block=1,
    norm_num_groups=4,
    down_block_types=("DownEncoderBlock2D",) * 2,
    up_block_types=("UpDecoderBlock2D",) * 2,
)


@dataclass(frozen=True)
class Family:
    name: str
    steps: int
    guidance: float
    build: Callable[[str, torch.dtype, bool], tuple[Any, list[tuple[Any, int]]]]  # pipeline, [(encoder, tokens)]
    embeds: Callable[[Any, bool], dict[str, Any]]  # the prompt embeddings the pipeline takes instead of a prompt
    note: str = ""


def _sdxl(device: str, dtype: torch.dtype, tiny: bool) -> tuple[Any, list[tuple[Any, int]]]:
    import diffusers
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    unet = (
        dict(
            SDXL_UNET,
            block_out_channels=(32, 64),
            layers_per_block=1,
            transformer_layers_per_block=(1, 1),
            attention_head_dim=(2, 4),
            cross_attention_dim=64,
            down_block_types=SDXL_UNET["down_block_types"][:2],
            up_block_types=SDXL_UNET["up_block_types"][1:],
            norm_num_groups=8,
            addition_time_embed_dim=8,
            projection_class_embeddings_input_dim=80,
            sample_size=16,
        )
        if tiny
        else SDXL_UNET
    )
    te1 = make(CLIPTextModel, CLIPTextConfig(**(TINY_CLIP if tiny else CLIP_L)), device, dtype, from_config=False)
    te2 = make(
        CLIPTextModelWithProjection,
        CLIPTextConfig(**(TINY_CLIP if tiny else CLIP_BIGG)),
        device,
        dtype,
        from_config=False,
    )
    pipe = diffusers.StableDiffusionXLPipeline(
        vae=make(diffusers.AutoencoderKL, dict(TINY_VAE, latent_channels=4) if tiny else SDXL_VAE, device, dtype),
        text_encoder=te1,
        text_encoder_2=te2,
        tokenizer=None,
        tokenizer_2=None,
        unet=make(diffusers.UNet2DConditionModel, unet, device, dtype),
        scheduler=diffusers.EulerAncestralDiscreteScheduler(timestep_spacing="trailing"),
    )
    return pipe, [(te1, 77), (te2, 77)]


def _sdxl_embeds(pipe: Any, tiny: bool) -> dict[str, Any]:
    dev, dtype = pipe.unet.device, pipe.unet.dtype
    dim = pipe.unet.config.cross_attention_dim
    pooled = pipe.text_encoder_2.config.projection_dim
    return {
        "prompt_embeds": torch.randn(1, 77, dim, device=dev, dtype=dtype),
        "pooled_prompt_embeds": torch.randn(1, pooled, device=dev, dtype=dtype),
    }


def _sana(device: str, dtype: torch.dtype, tiny: bool) -> tuple[Any, list[tuple[Any, int]]]:
    import diffusers
    from transformers import Gemma2Config, Gemma2Model

    te_cfg = (
        dict(
            GEMMA2_2B,
            vocab_size=1000,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=2,
            num_key_value_heads=1,
            head_dim=16,
        )
        if tiny
        else GEMMA2_2B
    )
    te = make(Gemma2Model, Gemma2Config(**te_cfg), device, dtype, from_config=False)
    tr = (
        dict(
            SANA_1600M,
            num_attention_heads=2,
            attention_head_dim=8,
            num_layers=2,
            num_cross_attention_heads=2,
            cross_attention_head_dim=8,
            cross_attention_dim=16,
            caption_channels=32,
        )
        if tiny
        else SANA_1600M
    )
    vae = (
        dict(
            encoder_block_out_channels=(32, 32),
            decoder_block_out_channels=(32, 32),
            latent_channels=32,
            encoder_block_types=("ResBlock", "ResBlock"),
            decoder_block_types=("ResBlock", "ResBlock"),
            encoder_layers_per_block=(1, 1),
            decoder_layers_per_block=(1, 1),
            encoder_qkv_multiscales=((), ()),
            decoder_qkv_multiscales=((), ()),
            decoder_norm_types="rms_norm",
            decoder_act_fns="silu",
            attention_head_dim=8,
        )
        if tiny
        else {}
    )
    pipe = diffusers.SanaPipeline(
        tokenizer=None,
        text_encoder=te,
        vae=make(diffusers.AutoencoderDC, vae, device, dtype),
        transformer=make(diffusers.SanaTransformer2DModel, tr, device, dtype),
        scheduler=diffusers.DPMSolverMultistepScheduler(
            prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=3.0, num_train_timesteps=1000
        ),
    )
    return pipe, [(te, 300)]


def _sana_embeds(pipe: Any, tiny: bool) -> dict[str, Any]:
    dev, dtype = pipe.transformer.device, pipe.transformer.dtype
    dim, n = pipe.transformer.config.caption_channels, 300
    mask = torch.ones(1, n, device=dev, dtype=torch.long)
    return {
        "prompt_embeds": torch.randn(1, n, dim, device=dev, dtype=dtype),
        "prompt_attention_mask": mask,
        "negative_prompt_embeds": torch.randn(1, n, dim, device=dev, dtype=dtype),
        "negative_prompt_attention_mask": mask,
        "negative_prompt": None,
        "use_resolution_binning": False,
    }


def _flux(device: str, dtype: torch.dtype, tiny: bool) -> tuple[Any, list[tuple[Any, int]]]:
    import diffusers
    from transformers import CLIPTextConfig, CLIPTextModel, T5Config, T5EncoderModel

    te1 = make(CLIPTextModel, CLIPTextConfig(**(TINY_CLIP if tiny else CLIP_L)), device, dtype, from_config=False)
    t5 = dict(T5_XXL, vocab_size=1000, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4) if tiny else T5_XXL
    te2 = make(T5EncoderModel, T5Config(**t5), device, dtype, from_config=False)
    tr = (
        dict(
            FLUX_12B,
            num_layers=1,
            num_single_layers=1,
            attention_head_dim=16,
            num_attention_heads=2,
            joint_attention_dim=32,
            pooled_projection_dim=32,
            axes_dims_rope=(4, 6, 6),
        )
        if tiny
        else FLUX_12B
    )
    pipe = diffusers.FluxPipeline(
        scheduler=diffusers.FlowMatchEulerDiscreteScheduler(shift=1.0, use_dynamic_shifting=False),
        vae=make(
            diffusers.AutoencoderKL,
            dict(TINY_VAE, latent_channels=16, shift_factor=0.1159) if tiny else FLUX_VAE,
            device,
            dtype,
        ),
        text_encoder=te1,
        tokenizer=None,
        text_encoder_2=te2,
        tokenizer_2=None,
        transformer=make(diffusers.FluxTransformer2DModel, tr, device, dtype),
    )
    return pipe, [(te1, 77), (te2, 256)]


def _flux_embeds(pipe: Any, tiny: bool) -> dict[str, Any]:
    dev, dtype = pipe.transformer.device, pipe.transformer.dtype
    cfg = pipe.transformer.config
    return {
        "prompt_embeds": torch.randn(1, 256, cfg.joint_attention_dim, device=dev, dtype=dtype),
        "pooled_prompt_embeds": torch.randn(1, cfg.pooled_projection_dim, device=dev, dtype=dtype),
        "max_sequence_length": 256,
    }


FAMILIES = {
    f.name: f
    for f in (
        Family("sdxl-turbo", 4, 0.0, _sdxl, _sdxl_embeds, "SDXL UNet 2.6B, 4 steps, no CFG"),
        Family("sana-1.6b", 20, 4.5, _sana, _sana_embeds, "SANA 1.6B, 20 steps, CFG 4.5"),
        Family(
            "sana-1.6b-2step", 2, 1.0, _sana, _sana_embeds, "SANA 1.6B transformer at SANA-Sprint's 2 steps, no CFG"
        ),
        Family("flux.1-schnell", 4, 0.0, _flux, _flux_embeds, "FLUX.1 12B, 4 steps, no CFG"),
    )
}


def text_seconds(encoders: list[tuple[Any, int]], device: str) -> float:
    """One forward of each real-size text encoder on random ids at its prompt length."""
    total = 0.0
    for model, tokens in encoders:
        ids = torch.randint(0, model.config.vocab_size, (1, tokens), device=device)
        model(ids)  # warm
        ev = Events(device)
        ev.mark("a")
        model(ids)
        ev.mark("b")
        total += ev.gaps("a", "b")[0]
    return total


def measure(fam: Family, size: tuple[int, int], device: str, dtype: torch.dtype, tiny: bool) -> dict[str, Any]:
    w, h = (64, 128) if tiny else size
    with torch.inference_mode():
        pipe, encoders = fam.build(device, dtype, tiny)
        pipe.set_progress_bar_config(disable=True)
        text_s = text_seconds(encoders, device)
        kwargs = dict(
            fam.embeds(pipe, tiny),
            height=h,
            width=w,
            num_inference_steps=fam.steps,
            guidance_scale=fam.guidance,
            output_type="np",
            generator=torch.Generator("cpu").manual_seed(0),
        )
        pipe(**{**kwargs, "num_inference_steps": 1})  # warm-up: kernels, allocator
        ev = Events(device)
        step = pipe.scheduler.step

        def timed_step(*a: Any, **k: Any) -> Any:
            out = step(*a, **k)
            ev.mark("step")
            return out

        pipe.scheduler.step = timed_step
        if device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        out = pipe(**kwargs)
        if device == "cuda":
            torch.cuda.synchronize()
        call_s = time.perf_counter() - t0
        image = np.asarray(out.images[0])
    steps = ev.steps()
    row = {
        "model": fam.name,
        "note": fam.note,
        "size": f"{w}x{h}",
        "steps": fam.steps,
        "guidance": fam.guidance,
        "text_s": text_s,
        "call_s": call_s,
        "step_s": float(np.median(steps)) if steps else float("nan"),
        "image_s": text_s + call_s,
        "image_shape": list(image.shape),
        "peak_gb": torch.cuda.max_memory_allocated() / 2**30 if device == "cuda" else float("nan"),
    }
    del pipe, encoders
    if device == "cuda":
        torch.cuda.empty_cache()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--size", default="768x1344", help="WIDTHxHEIGHT (9:16 at about one megapixel)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    if device == "cpu" and not args.tiny:
        sys.exit("no CUDA GPU here: run with --tiny for the CPU smoke run")
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    import diffusers

    gpu = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    header = {
        "date": dt.date.today().isoformat(),
        "device": gpu,
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "matmul_peak_tflops": matmul_peak(device) / 1e12,
        "spec_peak_tflops": (spec_peak(gpu) or 0) / 1e12,
        "tiny": args.tiny,
    }
    print(json.dumps(header), flush=True)
    w, h = (int(x) for x in args.size.split("x"))
    rows = []
    for name in args.families.split(","):
        try:
            with default_dtype(torch.float32):
                rows.append(measure(FAMILIES[name], (w, h), device, dtype, args.tiny))
        except Exception as exc:  # noqa: BLE001 - one family failing still reports the others
            rows.append({"model": name, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
            if device == "cuda":
                torch.cuda.empty_cache()
        print(json.dumps(rows[-1]), flush=True)
        if args.json:
            args.json.write_text(json.dumps({"header": header, "rows": rows}, indent=2))
    print(f"\n{gpu} · torch {header['torch']} · diffusers {header['diffusers']} · bf16 · {header['date']}")
    print("\n| model | size | steps | text s | s/step | s/image | peak GB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['model']} | {r['error']} |")
        else:
            print(
                f"| {r['note']} | {r['size']} | {r['steps']} | {r['text_s']:.3f} | {r['step_s']:.3f} | "
                f"{r['image_s']:.2f} | {r['peak_gb']:.1f} |"
            )


if __name__ == "__main__":
    main()
