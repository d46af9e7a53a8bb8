"""Diffusers model folders, shared by every picture source that runs a model (`dit` video, `still` images).

A model is a folder in the standard diffusers layout (`model_index.json` plus one subfolder per
component) or a Hugging Face model id that is already in the local cache. Nothing is ever
downloaded: the cache is read with `local_files_only`, whatever HF_HUB_OFFLINE says. Each loaded
pipeline is kept once per process, and one lock makes calls take turns on the one GPU.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from reelflow.errors import BadInput, ReelflowError
from reelflow.models import content_hash

# A denoiser below this many parameters is a test model: it runs on any machine.
TINY_PARAMS = 50_000_000

_LOCK = threading.Lock()
_PIPELINES: dict[str, Any] = {}
# One GPU, one pipeline call at a time: diffusers pipelines are not thread-safe.
RUN_LOCK = threading.Lock()


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


def read_json(path: Path, what: str) -> dict[str, Any]:
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


def folder_stamp(path: Path) -> str:
    """Changes when any file of the model changes: sizes and mtimes of everything in the folder."""
    entries = []
    for f in sorted(path.rglob("*")):
        if f.is_file():
            st = f.stat()
            entries.append((str(f.relative_to(path)), st.st_size, st.st_mtime_ns))
    return content_hash(entries)


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


def human_seconds(s: float) -> str:
    if s < 120:
        return f"{s:.0f} s"
    if s < 2 * 3600:
        return f"{s / 60:.0f} minutes"
    if s < 2 * 86400:
        return f"{s / 3600:.0f} hours"
    return f"{s / 86400:.0f} days"


def cached_pipeline(key: str, make: Callable[[], Any]) -> Any:
    """The pipeline loaded under `key` in this process, made by `make` the first time."""
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = make()
        return _PIPELINES[key]


def _dtype_kwarg() -> str:
    """diffusers renamed `torch_dtype` to `dtype`; use whichever this version reads."""
    try:
        from diffusers.utils import deprecation_utils

        return "dtype" if hasattr(deprecation_utils, "_resolve_dtype") else "torch_dtype"
    except ImportError:
        return "torch_dtype"


def from_folder(path: Path, source: str, dtypes: Any, scheduler: Any | None = None) -> Any:
    """Load a pipeline from its folder (local files only), quietly; `scheduler` replaces the named one."""
    from diffusers import DiffusionPipeline
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    kwargs: dict[str, Any] = {_dtype_kwarg(): dtypes, "local_files_only": True}
    if scheduler is not None:
        kwargs["scheduler"] = None  # not loaded by name (this diffusers may lack it); set below
    diffusers_logging.disable_progress_bar()
    transformers_logging.disable_progress_bar()
    try:
        pipe = DiffusionPipeline.from_pretrained(str(path), **kwargs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReelflowError(f"cannot load the model {source}: {str(exc).splitlines()[0]}") from exc
    if scheduler is not None:
        pipe.register_modules(scheduler=scheduler)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def place(pipe: Any, dev: str, *, offload: bool = False, vae_tiling: bool = False) -> None:
    """Put the pipeline on its device (or CPU offload on a small GPU) and decode in slices to save memory."""
    import torch

    if dev == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    if offload and dev == "cuda":
        pipe.enable_model_cpu_offload()
    else:
        pipe.to(dev)
    vae = getattr(pipe, "vae", None)
    if vae is not None:
        if hasattr(vae, "enable_slicing"):
            vae.enable_slicing()
        if vae_tiling and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()


def forget_pipelines() -> None:
    """Drop every loaded pipeline (a benchmark that measures loading; frees GPU memory between models)."""
    with _LOCK:
        _PIPELINES.clear()


def call_pipeline(pipe: Any, kwargs: dict[str, Any], what: str) -> Any:
    """Call a pipeline with the arguments it takes (families and diffusers versions differ), one call at a
    time on the GPU; a failure becomes one line that says `what` failed."""
    import inspect

    accepted = inspect.signature(pipe.__call__).parameters
    kwargs = {k: v for k, v in kwargs.items() if k in accepted and v is not None}
    with RUN_LOCK:
        try:
            return pipe(**kwargs)
        except (RuntimeError, ValueError) as exc:
            raise ReelflowError(f"{what}: {str(exc).splitlines()[0]}") from exc
