"""What reelflow knows about each DiT video family: its pipeline, sizes, frame rule, fps and settings.

The numbers come from each family's model card and diffusers' pipeline defaults. A model is matched
to a family by the `_class_name` in its `model_index.json` (plus a few config fields that tell the
variants apart), so a folder nobody on the team made still gets sensible sizes and step counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

# Words in a model's name or path that mark a few-step distilled checkpoint (rCM, self-forcing,
# lightx2v step distillation, CausVid, LTX "distilled"): these run with few steps and no CFG.
DISTILLED_HINTS = ("distill", "lightx2v", "rcm", "self-forcing", "self_forcing", "selfforcing", "causvid",
                   "lightning", "turbo", "fastwan", "4step", "4-step", "few-step", "dmd")


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    pipelines: tuple[str, ...]
    sizes: dict[str, tuple[int, int]]  # resolution name -> landscape (width, height)
    default_resolution: str
    portrait: bool  # trained on portrait frames too (else portrait shots get a landscape clip, padded by the cut)
    fps: int
    frame_step: int  # valid frame counts are frame_step * k + 1 ...
    max_frames: int  # ... up to this many in one generation
    steps: int
    guidance: float
    size_multiple: int  # VAE spatial factor x patch size
    reads_chinese: bool
    fixed_frames: int | None = None  # a family trained on one length only (CogVideoX 1.0: 49)
    i2v_pipelines: tuple[str, ...] = ()  # the same family's image-to-video pipelines, for continuation
    distilled_steps: int = 4
    distilled_guidance: float = 1.0
    text_tokens: int = 512  # prompt length the text encoder is run at
    extra: dict[str, Any] = field(default_factory=dict)  # extra pipeline arguments this family wants

    def frames_for(self, wanted: int, cap: int | None = None) -> int:
        """The smallest frame count this family can make that covers `wanted`, capped at its maximum
        (or at `cap`, rounded down to a valid count, e.g. to fit a small GPU's memory)."""
        if self.fixed_frames:
            return self.fixed_frames
        limit = self.max_frames if not cap else max(1, min(self.max_frames, cap))
        limit = (limit - 1) // self.frame_step * self.frame_step + 1
        k = max(0, math.ceil((wanted - 1) / self.frame_step))
        return min(self.frame_step * k + 1, limit)

    @property
    def max_seconds(self) -> float:
        return (self.fixed_frames or self.max_frames) / self.fps

    def size(self, portrait: bool, resolution: str | None = None) -> tuple[int, int]:
        """The native (width, height) for a portrait or landscape shot."""
        name = resolution or self.default_resolution
        if name not in self.sizes:
            raise KeyError(name)
        w, h = self.sizes[name]
        return (h, w) if portrait and self.portrait else (w, h)

    def tiny_size(self, portrait: bool, short: int = 32) -> tuple[int, int]:
        """A test-sized frame with the family's aspect: tiny random models render at this size anywhere."""
        w, h = self.size(portrait)
        m = self.size_multiple
        short = max(m, short // m * m)
        long_side = max(m, math.ceil(max(w, h) / min(w, h) * short / m) * m)
        return (short, long_side) if h > w else (long_side, short)


_WAN_SIZES = {"480p": (832, 480), "720p": (1280, 720)}
_WAN_NEGATIVE = ("色调艳丽，过曝，静态，细节模糊不清，字幕，风格，作品，画作，画面，静止，整体发灰，最差质量，低质量，"
                 "JPEG压缩残留，丑陋的，残缺的，多余的手指，画得不好的手部，画得不好的脸部，畸形的，毁容的，"
                 "形态畸形的肢体，手指融合，静止不动的画面，杂乱的背景，三条腿，背景人很多，倒着走")

FAMILIES: dict[str, Family] = {f.key: f for f in (
    Family(
        key="wan2.1-t2v", label="Wan 2.1 text-to-video (1.3B/14B)", pipelines=("WanPipeline",),
        sizes=_WAN_SIZES, default_resolution="480p", portrait=True, fps=16, frame_step=4, max_frames=81,
        steps=50, guidance=5.0, size_multiple=16, reads_chinese=True,
        i2v_pipelines=("WanImageToVideoPipeline",), extra={"negative_default": _WAN_NEGATIVE},
    ),
    Family(
        key="wan2.2-t2v", label="Wan 2.2 text-to-video (A14B, two experts)", pipelines=("WanPipeline",),
        sizes=_WAN_SIZES, default_resolution="480p", portrait=True, fps=16, frame_step=4, max_frames=81,
        steps=40, guidance=4.0, size_multiple=16, reads_chinese=True,
        i2v_pipelines=("WanImageToVideoPipeline",), extra={"negative_default": _WAN_NEGATIVE, "guidance_scale_2": 3.0},
    ),
    Family(
        key="wan2.2-ti2v", label="Wan 2.2 TI2V 5B (720p, 24 fps)", pipelines=("WanPipeline",),
        sizes={"720p": (1280, 704)}, default_resolution="720p", portrait=True, fps=24, frame_step=4, max_frames=121,
        steps=50, guidance=5.0, size_multiple=32, reads_chinese=True,
        i2v_pipelines=("WanImageToVideoPipeline",), extra={"negative_default": _WAN_NEGATIVE},
    ),
    Family(
        key="wan-i2v", label="Wan 2.1/2.2 image-to-video", pipelines=("WanImageToVideoPipeline",),
        sizes=_WAN_SIZES, default_resolution="480p", portrait=True, fps=16, frame_step=4, max_frames=81,
        steps=40, guidance=5.0, size_multiple=16, reads_chinese=True,
        i2v_pipelines=("WanImageToVideoPipeline",), extra={"negative_default": _WAN_NEGATIVE},
    ),
    Family(
        key="cogvideox", label="CogVideoX 2B/5B text-to-video", pipelines=("CogVideoXPipeline",),
        sizes={"480p": (720, 480)}, default_resolution="480p", portrait=False, fps=8, frame_step=4, max_frames=49,
        fixed_frames=49, steps=50, guidance=6.0, size_multiple=16, reads_chinese=False, text_tokens=226,
        i2v_pipelines=("CogVideoXImageToVideoPipeline",), extra={"use_dynamic_cfg": True},
    ),
    Family(
        key="cogvideox1.5", label="CogVideoX 1.5 5B text-to-video", pipelines=("CogVideoXPipeline",),
        sizes={"768p": (1360, 768)}, default_resolution="768p", portrait=True, fps=16, frame_step=16, max_frames=81,
        steps=50, guidance=6.0, size_multiple=16, reads_chinese=False, text_tokens=226,
        i2v_pipelines=("CogVideoXImageToVideoPipeline",), extra={"use_dynamic_cfg": True},
    ),
    Family(
        key="cogvideox-i2v", label="CogVideoX image-to-video", pipelines=("CogVideoXImageToVideoPipeline",),
        sizes={"480p": (720, 480)}, default_resolution="480p", portrait=False, fps=8, frame_step=4,
        max_frames=49, fixed_frames=49, steps=50, guidance=6.0, size_multiple=16, reads_chinese=False,
        text_tokens=226, i2v_pipelines=("CogVideoXImageToVideoPipeline",), extra={"use_dynamic_cfg": True},
    ),
    Family(
        key="ltx", label="LTX-Video text-to-video", pipelines=("LTXPipeline", "LTXConditionPipeline"),
        sizes={"480p": (704, 480), "512p": (768, 512), "720p": (1216, 704)}, default_resolution="480p",
        portrait=True, fps=24, frame_step=8, max_frames=257, steps=50, guidance=3.0, size_multiple=32,
        reads_chinese=False, text_tokens=128, distilled_steps=8,
        i2v_pipelines=("LTXImageToVideoPipeline", "LTXConditionPipeline"),
    ),
    Family(
        key="ltx-i2v", label="LTX-Video image-to-video", pipelines=("LTXImageToVideoPipeline",),
        sizes={"480p": (704, 480), "512p": (768, 512), "720p": (1216, 704)}, default_resolution="480p",
        portrait=True, fps=24, frame_step=8, max_frames=257, steps=50, guidance=3.0, size_multiple=32,
        reads_chinese=False, text_tokens=128, distilled_steps=8,
        i2v_pipelines=("LTXImageToVideoPipeline",),
    ),
)}

SUPPORTED_PIPELINES = frozenset(p for f in FAMILIES.values() for p in f.pipelines)
TEXT_TO_VIDEO = frozenset({"WanPipeline", "CogVideoXPipeline", "LTXPipeline", "LTXConditionPipeline"})
IMAGE_TO_VIDEO = frozenset({"WanImageToVideoPipeline", "CogVideoXImageToVideoPipeline", "LTXImageToVideoPipeline",
                            "LTXConditionPipeline"})


def family_for(model_index: dict[str, Any], transformer_config: dict[str, Any] | None = None) -> Family | None:
    """The family of a diffusers pipeline folder, from its model_index.json (and transformer config)."""
    name = model_index.get("_class_name", "")
    cfg = transformer_config or {}
    if name == "WanPipeline":
        if model_index.get("expand_timesteps"):
            return FAMILIES["wan2.2-ti2v"]
        t2 = model_index.get("transformer_2")
        if t2 and t2[0] is not None:
            return FAMILIES["wan2.2-t2v"]
        return FAMILIES["wan2.1-t2v"]
    if name == "CogVideoXPipeline":
        return FAMILIES["cogvideox1.5" if cfg.get("patch_size_t") else "cogvideox"]
    for family in FAMILIES.values():
        if name in family.pipelines:
            return family
    return None


def is_distilled(source: str) -> bool:
    """Whether a model's name or path marks it as a few-step distilled checkpoint."""
    low = source.lower()
    return any(h in low for h in DISTILLED_HINTS)


def with_overrides(family: Family, **changes: Any) -> Family:
    return replace(family, **{k: v for k, v in changes.items() if v is not None})
