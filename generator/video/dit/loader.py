"""Find a DiT video model, tell what it is without loading it, and load it once per process.

A model is a folder in the standard diffusers layout (`model_index.json` plus one subfolder per
component) or a Hugging Face model id that is already in the local cache. Nothing is ever
downloaded: the cache is read with `local_files_only`, whatever HF_HUB_OFFLINE says. The family
comes from `model_index.json`'s `_class_name`; the transformer's size from its config, counted on
the meta device, so a 14B model is sized without reading 28 GB of weights.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.video.dit.families import Family, family_for, is_distilled
from generator.video.dit.flops import transformer_flops
from reelflow.errors import BadInput, ReelflowError
from reelflow.models import content_hash

log = logging.getLogger(__name__)

# A transformer below this many parameters is a test model: it runs on any machine.
TINY_PARAMS = 50_000_000
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
        return cls(model=settings.model, i2v_model=settings.i2v_model, steps=settings.dit_steps,
                   guidance=settings.dit_guidance, resolution=settings.dit_resolution, cache=settings.dit_cache,
                   vae_tiling=settings.dit_vae_tiling, max_segments=settings.dit_max_segments,
                   max_frames=settings.dit_max_frames,
                   allow_cpu=settings.allow_cpu, compile=settings.dit_compile, offload=settings.dit_offload,
                   attention=settings.dit_attention)

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


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment now (not at import time)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                                             / "huggingface")
    return Path(home) / "hub"


def resolve_folder(source: str) -> Path:
    """A model folder from a path, or from a model id (`org/name`, optionally `@revision`) in the HF cache."""
    path = Path(source).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "model_index.json").is_file():
            raise BadInput(source, "not a diffusers pipeline folder (no model_index.json in it)")
        return path.resolve()
    repo, _, revision = source.partition("@")
    if repo.count("/") == 1 and not repo.startswith(("/", ".", "~")):
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(repo, "model_index.json", cache_dir=hf_cache_dir(),
                                       revision=revision or None)
        if isinstance(found, str):
            return Path(found).parent
        raise BadInput(source, f"not a folder, and not in the Hugging Face cache at {hf_cache_dir()}; "
                       f"download it on a machine with network (hf download {repo}) or pass a folder")
    raise BadInput(source, "no such model folder")


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(path, f"cannot read the {what}: {exc}") from None


def count_params(class_name: str, config: dict[str, Any]) -> int:
    """Exact parameter count of a diffusers model built from its config on the meta device (no memory)."""
    import diffusers
    import torch

    cls = getattr(diffusers, class_name, None)
    if cls is None:
        raise ReelflowError(f"this diffusers ({diffusers.__version__}) has no {class_name}; upgrade diffusers")
    with torch.device("meta"):
        model = cls.from_config(config)
    return sum(p.numel() for p in model.parameters())


@cache
def _inspect(source: str, path: Path, stamp: str) -> ModelInfo:
    index = _read_json(path / "model_index.json", "model_index.json")
    name = index.get("_class_name", "")
    tdir = path / "transformer"
    tconfig = _read_json(tdir / "config.json", "transformer config") if (tdir / "config.json").is_file() else {}
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


def _stamp(path: Path) -> str:
    """Changes when any file of the model changes: sizes and mtimes of everything in the folder."""
    entries = []
    for f in sorted(path.rglob("*")):
        if f.is_file():
            st = f.stat()
            entries.append((str(f.relative_to(path)), st.st_size, st.st_mtime_ns))
    return content_hash(entries)


def inspect_model(source: str) -> ModelInfo:
    path = resolve_folder(source)
    return _inspect(source, path, _stamp(path))


# ---------------------------------------------------------------------------------------------------------
# Devices and the refusal on a machine with no GPU


def device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


@cache
def cpu_flops() -> float:
    """This machine's float32 matrix-product speed, measured once (~0.3 s)."""
    import torch

    a = torch.randn(512, 512)
    b = torch.randn(512, 512)
    a @ b
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.3:
        a @ b
        n += 1
    return n * 2 * 512**3 / (time.perf_counter() - t0)


def estimate_seconds(info: ModelInfo, frames: int, width: int, height: int, steps: int, guidance: float) -> float:
    """Seconds the transformer alone needs for one generation on this CPU (a lower bound)."""
    forwards = steps * (2 if guidance > 1.0 else 1)
    flops = transformer_flops(info.family.key, info.transformer_config, frames, width, height,
                              info.family.text_tokens)
    return forwards * flops / cpu_flops()


def human_seconds(s: float) -> str:
    if s < 120:
        return f"{s:.0f} s"
    if s < 2 * 3600:
        return f"{s / 60:.0f} minutes"
    if s < 2 * 86400:
        return f"{s / 3600:.0f} hours"
    return f"{s / 86400:.0f} days"


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

_LOCK = threading.Lock()
_PIPELINES: dict[str, Any] = {}
# One GPU, one pipeline call at a time: diffusers pipelines are not thread-safe.
RUN_LOCK = threading.Lock()


def get_pipeline(info: ModelInfo, opts: DitOptions) -> Any:
    # Only what changes the loaded object: steps, guidance or size of a shot never reload a model.
    key = content_hash(info.fingerprint, opts.cache, opts.vae_tiling, opts.compile, opts.offload, opts.attention)
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = load_pipeline(info, opts)
        return _PIPELINES[key]


def _dtype_kwarg() -> str:
    """diffusers renamed `torch_dtype` to `dtype`; use whichever this version reads."""
    try:
        from diffusers.utils import deprecation_utils

        return "dtype" if hasattr(deprecation_utils, "_resolve_dtype") else "torch_dtype"
    except ImportError:
        return "torch_dtype"


def _scheduler_fallback(path: Path) -> Any | None:
    """A distilled checkpoint may name a scheduler this diffusers lacks: run it with flow-matching Euler."""
    import diffusers

    index = _read_json(path / "model_index.json", "model_index.json")
    entry = index.get("scheduler")
    if not entry or getattr(diffusers, entry[1], None) is not None:
        return None
    config = _read_json(path / "scheduler" / "scheduler_config.json", "scheduler config")
    return diffusers.FlowMatchEulerDiscreteScheduler.from_config(config)


def load_pipeline(info: ModelInfo, opts: DitOptions) -> Any:
    import torch
    from diffusers import DiffusionPipeline

    dev = device()
    dtype = torch.bfloat16 if dev == "cuda" else torch.float32
    # Wan's VAE is kept in float32 (as its authors run it); everything else in bf16 on a GPU.
    dtypes: Any = {"default": dtype, "vae": torch.float32} if info.family.key.startswith("wan") else dtype
    kwargs: dict[str, Any] = {_dtype_kwarg(): dtypes, "local_files_only": True}
    if (scheduler := _scheduler_fallback(info.path)) is not None:
        kwargs["scheduler"] = None  # not loaded by name (diffusers cannot); set below
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    diffusers_logging.disable_progress_bar()
    transformers_logging.disable_progress_bar()
    try:
        pipe = DiffusionPipeline.from_pretrained(str(info.path), **kwargs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReelflowError(f"cannot load the model {info.source}: {str(exc).splitlines()[0]}") from exc
    if scheduler is not None:
        log.warning("%s names a scheduler this diffusers lacks; running it with %s", info.source,
                    type(scheduler).__name__)
        pipe.register_modules(scheduler=scheduler)
    pipe.set_progress_bar_config(disable=True)
    apply_speed_options(pipe, opts, dev)
    return pipe


def transformers_of(pipe: Any) -> list[Any]:
    return [m for m in (getattr(pipe, "transformer", None), getattr(pipe, "transformer_2", None)) if m is not None]


def cache_config(mode: str) -> Any | None:
    """diffusers' cache-based acceleration for a `dit_cache` setting such as `fbc`, `fbc:0.08` or `taylorseer`."""
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
    raise ReelflowError(f"dit_cache {mode!r} is not available in this diffusers; use one of {', '.join(CACHE_MODES)}")


def apply_speed_options(pipe: Any, opts: DitOptions, dev: str) -> None:
    import torch

    if dev == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    if opts.offload and dev == "cuda":
        pipe.enable_model_cpu_offload()
    else:
        pipe.to(dev)
    vae = getattr(pipe, "vae", None)
    if vae is not None:
        if hasattr(vae, "enable_slicing"):
            vae.enable_slicing()
        if opts.vae_tiling and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()
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
