"""Find a DiT video model, tell what it is without loading it, and load it once per process.

A model is a folder in the standard diffusers layout (`model_index.json` plus one subfolder per
component) or a Hugging Face model id that is already in the local cache. Nothing is ever
downloaded: the cache is read with `local_files_only`, whatever HF_HUB_OFFLINE says. The family
comes from `model_index.json`'s `_class_name`; the transformer's size from its config, counted on
the meta device, so a 14B model is sized without reading 28 GB of weights.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.video.dit.families import Family, family_for, is_distilled
from generator.video.dit.flops import transformer_flops
from generator.video.weights import (  # noqa: F401 (hf_cache_dir, human_seconds: re-exported)
    RUN_LOCK,
    TINY_PARAMS,
    cached_pipeline,
    count_params,
    cpu_flops,
    device,
    folder_stamp,
    from_folder,
    hf_cache_dir,
    human_seconds,
    place,
    read_json,
    resolve_folder,
)
from reelflow.errors import BadInput, ReelflowError
from reelflow.models import content_hash

log = logging.getLogger(__name__)

CACHE_MODES = ("off", "fbc", "taylorseer", "pab")


@dataclass(frozen=True)
class DitOptions:
    """The dit renderer's settings, carried to it in RenderRequest.options."""

    model: str | None = None
    i2v_model: str | None = None
    steps: int | None = None
    guidance: float | None = None
    resolution: str | None = None
    cache: str = "off"
    vae_tiling: bool = False
    max_segments: int = 4
    max_frames: int | None = None
    # These change speed and memory, not the frames: they stay out of the render cache key.
    allow_cpu: bool = False
    compile: bool = False
    offload: bool = False
    attention: str | None = None

    RUNTIME = ("allow_cpu", "compile", "offload", "attention")

    @classmethod
    def from_settings(cls, settings: Any) -> DitOptions:
        return cls.from_dict(settings.dit.model_dump())

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> DitOptions:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def pixel_options(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k not in self.RUNTIME}


@dataclass(frozen=True)
class ModelInfo:
    """What a model folder holds, read from its JSON files only."""

    source: str
    path: Path
    class_name: str
    family: Family
    distilled: bool
    params: int
    transformer_config: dict[str, Any] = field(hash=False)
    fingerprint: str

    @property
    def tiny(self) -> bool:
        return self.params < TINY_PARAMS

    def steps(self, opts: DitOptions) -> int:
        if opts.steps:
            return opts.steps
        return self.family.distilled_steps if self.distilled else self.family.steps

    def guidance(self, opts: DitOptions) -> float:
        if opts.guidance is not None:
            return opts.guidance
        return self.family.distilled_guidance if self.distilled else self.family.guidance

    def size(self, portrait: bool, opts: DitOptions) -> tuple[int, int]:
        cfg = self.transformer_config
        if self.family.key.startswith("cogvideox") and cfg.get("sample_width") and not opts.resolution:
            # CogVideoX's positional embeddings are made for one size, written in its config (latent units).
            return cfg["sample_width"] * 8, cfg["sample_height"] * 8
        if self.tiny:
            return self.family.tiny_size(portrait)
        try:
            return self.family.size(portrait, opts.resolution)
        except KeyError:
            raise BadInput(self.source, f"{self.family.label} has no {opts.resolution!r} size; it has "
                           f"{', '.join(self.family.sizes)}") from None


@cache
def _inspect(source: str, path: Path, stamp: str) -> ModelInfo:
    index = read_json(path / "model_index.json", "model_index.json")
    name = index.get("_class_name", "")
    tdir = path / "transformer"
    tconfig = read_json(tdir / "config.json", "transformer config") if (tdir / "config.json").is_file() else {}
    family = family_for(index, tconfig)
    if family is None:
        from generator.video.dit.families import SUPPORTED_PIPELINES

        raise BadInput(source, f"{name or 'an unnamed pipeline'} is not a supported video pipeline; supported: "
                       f"{', '.join(sorted(SUPPORTED_PIPELINES))}")
    if not tconfig:
        raise BadInput(source, "the folder has no transformer/config.json")
    params = count_params(tconfig.get("_class_name") or index["transformer"][1], tconfig)
    return ModelInfo(source=source, path=path, class_name=name, family=family,
                     distilled=is_distilled(f"{source} {path}"), params=params, transformer_config=tconfig,
                     fingerprint=content_hash(str(path), stamp))


def inspect_model(source: str) -> ModelInfo:
    path = resolve_folder(source)
    return _inspect(source, path, folder_stamp(path))


# ---------------------------------------------------------------------------------------------------------
# Devices and the refusal on a machine with no GPU


def estimate_seconds(info: ModelInfo, frames: int, width: int, height: int, steps: int, guidance: float) -> float:
    """Seconds the transformer alone needs for one generation on this CPU (a lower bound)."""
    forwards = steps * (2 if guidance > 1.0 else 1)
    flops = transformer_flops(info.family.key, info.transformer_config, frames, width, height,
                              info.family.text_tokens)
    return forwards * flops / cpu_flops()


def check_can_run(info: ModelInfo, opts: DitOptions, portrait: bool = True) -> None:
    """Refuse a real-size model on a machine with no GPU, saying how long it would take, unless allowed."""
    if info.tiny or opts.allow_cpu or device() == "cuda":
        return
    w, h = info.size(portrait, opts)
    frames = info.family.frames_for(round(5 * info.family.fps) + 1, opts.max_frames)
    steps, guidance = info.steps(opts), info.guidance(opts)
    est = estimate_seconds(info, frames, w, h, steps, guidance)
    raise BadInput(info.source, (
        f"{info.family.label} with a {info.params / 1e9:.1f} B-parameter transformer is a real-size model and "
        f"this machine has no CUDA GPU: one {frames / info.family.fps:.0f} s shot ({frames} frames at {w}×{h}, "
        f"{steps} steps{' with CFG' if guidance > 1 else ''}) would take at least {human_seconds(est)} on this CPU; "
        "run it on a GPU machine, use a tiny model, or pass --allow-cpu to run it anyway"))


# ---------------------------------------------------------------------------------------------------------
# Loading: one pipeline per model per process, reused for every shot

def get_pipeline(info: ModelInfo, opts: DitOptions) -> Any:
    # Only what changes the loaded object: steps, guidance or size of a shot never reload a model.
    key = content_hash(info.fingerprint, opts.cache, opts.vae_tiling, opts.compile, opts.offload, opts.attention)
    return cached_pipeline(key, lambda: load_pipeline(info, opts))


def _scheduler_fallback(path: Path) -> Any | None:
    """A distilled checkpoint may name a scheduler this diffusers lacks: run it with flow-matching Euler."""
    import diffusers

    index = read_json(path / "model_index.json", "model_index.json")
    entry = index.get("scheduler")
    if not entry or getattr(diffusers, entry[1], None) is not None:
        return None
    config = read_json(path / "scheduler" / "scheduler_config.json", "scheduler config")
    return diffusers.FlowMatchEulerDiscreteScheduler.from_config(config)


def load_pipeline(info: ModelInfo, opts: DitOptions) -> Any:
    import torch

    dev = device()
    dtype = torch.bfloat16 if dev == "cuda" else torch.float32
    # Wan's VAE is kept in float32 (as its authors run it); everything else in bf16 on a GPU.
    dtypes: Any = {"default": dtype, "vae": torch.float32} if info.family.key.startswith("wan") else dtype
    scheduler = _scheduler_fallback(info.path)
    pipe = from_folder(info.path, info.source, dtypes, scheduler)
    if scheduler is not None:
        log.warning("%s names a scheduler this diffusers lacks; running it with %s", info.source,
                    type(scheduler).__name__)
    apply_speed_options(pipe, opts, dev)
    return pipe


def transformers_of(pipe: Any) -> list[Any]:
    return [m for m in (getattr(pipe, "transformer", None), getattr(pipe, "transformer_2", None)) if m is not None]


def cache_config(mode: str) -> Any | None:
    """diffusers' cache-based acceleration for a `dit.cache` setting such as `fbc`, `fbc:0.08` or `taylorseer`."""
    name, _, arg = mode.partition(":")
    if name in ("", "off"):
        return None
    try:
        from diffusers import hooks
    except ImportError:
        return None
    if name == "fbc" and hasattr(hooks, "FirstBlockCacheConfig"):
        return hooks.FirstBlockCacheConfig(threshold=float(arg or 0.05))
    if name == "taylorseer" and hasattr(hooks, "TaylorSeerCacheConfig"):
        return hooks.TaylorSeerCacheConfig(cache_interval=int(arg or 5))
    if name == "pab" and hasattr(hooks, "PyramidAttentionBroadcastConfig"):
        return hooks.PyramidAttentionBroadcastConfig(spatial_attention_block_skip_range=int(arg or 2),
                                                     spatial_attention_timestep_skip_range=(100, 800))
    raise ReelflowError(f"dit.cache {mode!r} is not available in this diffusers; use one of {', '.join(CACHE_MODES)}")


def apply_speed_options(pipe: Any, opts: DitOptions, dev: str) -> None:
    place(pipe, dev, offload=opts.offload, vae_tiling=opts.vae_tiling)
    for model in transformers_of(pipe):
        if opts.attention and hasattr(model, "set_attention_backend"):
            model.set_attention_backend(opts.attention)
        config = cache_config(opts.cache)
        if config is not None:
            if not hasattr(model, "enable_cache"):
                raise ReelflowError(f"{type(model).__name__} does not support diffusers' cache hooks")
            if opts.cache.startswith("pab"):
                config.current_timestep_callback = lambda: pipe.current_timestep
            model.enable_cache(config)
        if opts.compile:
            if hasattr(model, "compile_repeated_blocks") and getattr(model, "_repeated_blocks", None):
                model.compile_repeated_blocks(fullgraph=True)
            else:
                model.compile()
