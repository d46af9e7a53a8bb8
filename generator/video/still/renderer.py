"""The `still` renderer: each shot's picture from a text-to-image model, then a camera move over it.

This is the source for machines with a modest GPU (8–16 GB): one image per shot takes a fraction
of a second to a few seconds where a video model takes a minute. The image is made at the preset's
aspect with about the pixels its family was trained at, seeded by the shot, and kept beside the
clip (`<clip>.png`) so the review shows it. It then moves on the CPU (`camera.move`), or, with
`animate = "i2v"`, becomes the first frame of the dit renderer's image-to-video model — picture
first, then motion, so a shot looks like its still.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from generator.video import register
from generator.video.base import RenderRequest
from generator.video.camera import move
from generator.video.still.families import ImageFamily, denoiser, family_for, is_distilled
from generator.video.weights import (
    TINY_PARAMS,
    cached_pipeline,
    call_pipeline,
    count_params,
    device,
    folder_stamp,
    from_folder,
    place,
    read_json,
    resolve_folder,
)
from reelflow.errors import BadInput, ReelflowError
from reelflow.media import atomic_path
from reelflow.models import SceneVisual, ShotClip, content_hash
from reelflow.settings import StillSettings

log = logging.getLogger(__name__)
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class StillOptions:
    """The still renderer's settings (the `[still]` section), carried to it in RenderRequest.options."""

    model: str | None = None
    steps: int | None = None
    guidance: float | None = None
    allow_cpu: bool = False
    offload: bool = False
    animate: str = "camera"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StillOptions:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ImageModel:
    """What a text-to-image folder holds, read from its JSON files only."""

    source: str
    path: Path
    class_name: str
    family: ImageFamily
    distilled: bool
    params: int
    fingerprint: str

    @property
    def tiny(self) -> bool:
        return self.params < TINY_PARAMS

    def steps(self, opts: StillOptions) -> int:
        return opts.steps or (self.family.distilled_steps if self.distilled else self.family.steps)

    def guidance(self, opts: StillOptions) -> float:
        if opts.guidance is not None:
            return opts.guidance
        return self.family.distilled_guidance if self.distilled else self.family.guidance

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The image size for a frame of width×height: the frame's aspect, the family's pixel count."""
        return self.family.size(width / height, self.distilled, self.tiny)


@cache
def _inspect(source: str, path: Path, stamp: str) -> ImageModel:
    index = read_json(path / "model_index.json", "model_index.json")
    family = family_for(index)
    if family is None:
        from generator.video.still.families import SUPPORTED_PIPELINES

        raise BadInput(source, f"{index.get('_class_name') or 'an unnamed pipeline'} is not a supported "
                       f"text-to-image pipeline; supported: {', '.join(sorted(SUPPORTED_PIPELINES))}")
    part = denoiser(index)
    config_path = path / (part or "transformer") / "config.json"
    if part is None or not config_path.is_file():
        raise BadInput(source, f"the folder has no {part or 'transformer'}/config.json")
    config = read_json(config_path, f"{part} config")
    params = count_params(config.get("_class_name") or index[part][1], config)
    distilled = family.key == "sana-sprint" or is_distilled(f"{source} {path}")
    return ImageModel(source=source, path=path, class_name=index["_class_name"], family=family,
                      distilled=distilled, params=params, fingerprint=content_hash(str(path), stamp))


def inspect_image_model(source: str) -> ImageModel:
    path = resolve_folder(source)
    return _inspect(source, path, folder_stamp(path))


def check_can_run(info: ImageModel, opts: StillOptions) -> None:
    """Refuse a real-size image model on a machine with no GPU unless allowed: minutes a shot, not seconds."""
    if info.tiny or opts.allow_cpu or device() == "cuda":
        return
    raise BadInput(info.source, f"{info.family.label} with a {info.params / 1e9:.1f} B-parameter denoiser is a "
                   "real-size model and this machine has no CUDA GPU (minutes per image); run it on a GPU "
                   "machine, use a tiny model, or set still.allow_cpu to run it anyway")


def get_pipeline(info: ImageModel, opts: StillOptions) -> Any:
    return cached_pipeline(content_hash("still", info.fingerprint, opts.offload), lambda: _load(info, opts))


def _load(info: ImageModel, opts: StillOptions) -> Any:
    import torch

    dev = device()
    pipe = from_folder(info.path, info.source, torch.bfloat16 if dev == "cuda" else torch.float32)
    place(pipe, dev, offload=opts.offload)
    return pipe


def prompt_of(request: RenderRequest) -> str:
    """What the picture shows: the scene's own prompt, else the shot's visual prompt (with the style folded in)."""
    visual = request.shot.visual
    if isinstance(visual, SceneVisual) and visual.prompt.strip():
        return visual.prompt.strip()
    return request.shot.visual_prompt.strip() or request.shot.key_phrase


def make_image(info: ImageModel, opts: StillOptions, prompt: str, negative: str, width: int, height: int,
               seed: int) -> Any:
    """One image as a PIL image, from the loaded pipeline, seeded on the CPU (the same on every machine)."""
    import torch
    from PIL import Image

    pipe = get_pipeline(info, opts)
    kwargs: dict[str, Any] = {
        "prompt": prompt, "negative_prompt": negative if info.family.negative else None, "height": height,
        "width": width, "num_inference_steps": info.steps(opts), "guidance_scale": info.guidance(opts),
        "generator": torch.Generator("cpu").manual_seed(seed), "output_type": "np",
        # SANA and PixArt would otherwise make the image at a size from their own table and resize it.
        "use_resolution_binning": False,
    }
    if info.tiny:
        kwargs["max_sequence_length"] = 32
    out = call_pipeline(pipe, kwargs, f"{info.family.label} failed on a {width}×{height} image")
    import numpy as np

    images = np.asarray(out.images)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ReelflowError(f"{info.source} returned images of shape {images.shape}, not (n, h, w, 3)")
    return Image.fromarray((np.clip(images[0], 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8), "RGB")


class StillRenderer:
    name = "still"
    version = "1"

    def options_from_settings(self, settings: Any) -> dict[str, object]:
        options: dict[str, object] = {"still": settings.still.model_dump(mode="json")}
        if settings.still.animate == "i2v":
            from generator.video.dit.loader import DitOptions

            options["dit"] = DitOptions.from_settings(settings).to_dict()
        return options

    def _opts(self, request: RenderRequest) -> StillOptions:
        return StillOptions.from_dict(dict(request.options.get("still") or {}))  # type: ignore[call-overload]

    def preflight(self, options: dict[str, object], portrait: bool = True) -> None:
        opts = StillOptions.from_dict(dict(options.get("still") or {}))  # type: ignore[call-overload]
        if not opts.model:
            raise BadInput("still.model", "the still renderer needs a text-to-image model: set [still] model "
                           "in reelflow.toml (a diffusers folder or a cached model id)")
        check_can_run(inspect_image_model(opts.model), opts)
        if opts.animate == "i2v":
            from generator.video.dit.renderer import DitRenderer

            DitRenderer().preflight(dict(options.get("dit") or {}), portrait)  # type: ignore[call-overload]

    def cache_options(self, request: RenderRequest) -> dict[str, object]:
        opts = self._opts(request)
        if not opts.model:
            return {"still": None}
        info = inspect_image_model(opts.model)
        key: dict[str, object] = {
            "model": info.fingerprint, "size": info.size(request.width, request.height),
            "steps": info.steps(opts), "guidance": info.guidance(opts), "prompt": prompt_of(request),
            "dtype": "cuda" if device() == "cuda" else "fp32", "animate": opts.animate,
        }
        if opts.animate == "i2v":
            key["dit"] = request.options.get("dit")
        return key

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        opts = self._opts(request)
        if not opts.model:
            raise BadInput("still.model", "the still renderer needs a text-to-image model: set [still] model")
        info = inspect_image_model(opts.model)
        check_can_run(info, opts)
        prompt = prompt_of(request)
        if not info.family.reads_chinese and CJK.search(prompt):
            log.warning("%s reads English prompts; shot %d's prompt is Chinese", info.family.label,
                        request.shot.index + 1)
        width, height = info.size(request.width, request.height)
        image = make_image(info, opts, prompt, request.shot.negative_prompt, width, height, request.seed)
        still_path = out_path.with_suffix(".png")
        with atomic_path(still_path) as part:
            image.save(part, format="PNG", compress_level=1)
        if opts.animate == "i2v":
            return self._i2v(request, still_path, out_path)
        move(image, request, out_path, what="the generated still")
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=request.frames / request.fps,
                        width=request.width, height=request.height, fps=request.fps, renderer=self.name)

    def _i2v(self, request: RenderRequest, still: Path, out_path: Path) -> ShotClip:
        """The still as the first frame of the dit renderer's image-to-video model."""
        from generator.video.dit.renderer import DitRenderer

        shot = request.shot.model_copy(update={"image": str(still)})
        dit_request = replace(request, shot=shot, options=dict(request.options.get("dit") or {}))  # type: ignore
        clip = DitRenderer().render(dit_request, out_path)
        return clip.model_copy(update={"renderer": self.name})


@register("still", needs={"gpu"}, settings=StillSettings)
def _factory() -> StillRenderer:
    return StillRenderer()
