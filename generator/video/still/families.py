"""What reelflow knows about each text-to-image family: its pipeline, native pixel count, size rule and settings.

Numbers from each family's model card and diffusers' pipeline defaults. A model is matched by the
`_class_name` in its `model_index.json`; a few-step distilled checkpoint (SD-Turbo, SDXL-Turbo,
FLUX.1-schnell) is told apart by its name and runs with its few steps and no CFG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

DISTILLED_HINTS = ("turbo", "schnell", "lightning", "sprint", "lcm", "hyper", "distill")


@dataclass(frozen=True)
class ImageFamily:
    key: str
    label: str
    pipelines: tuple[str, ...]
    side: int  # the square side it was trained at: images keep about side² pixels at any aspect
    multiple: int  # VAE factor × patch size: width and height are multiples of this
    steps: int
    guidance: float
    reads_chinese: bool
    distilled_steps: int = 4
    distilled_guidance: float = 0.0
    distilled_side: int | None = None  # a turbo variant trained smaller (SD-Turbo, SDXL-Turbo: 512)
    negative: bool = True  # takes a negative prompt

    def size(self, aspect: float, distilled: bool, tiny: bool) -> tuple[int, int]:
        """(width, height) with about side² pixels at `aspect` (width / height), multiples of `multiple`."""
        side = 64 if tiny else (self.distilled_side or self.side) if distilled else self.side
        m = self.multiple
        width = max(m, round(side * math.sqrt(aspect) / m) * m)
        height = max(m, round(side / math.sqrt(aspect) / m) * m)
        return width, height


FAMILIES: dict[str, ImageFamily] = {f.key: f for f in (
    ImageFamily("sd", "Stable Diffusion 1.x/2.x (SD-Turbo)", ("StableDiffusionPipeline",), side=512,
                multiple=8, steps=25, guidance=7.5, reads_chinese=False, distilled_steps=2, distilled_side=512),
    ImageFamily("sdxl", "Stable Diffusion XL (SDXL-Turbo)", ("StableDiffusionXLPipeline",), side=1024,
                multiple=8, steps=30, guidance=5.0, reads_chinese=False, distilled_side=512),
    ImageFamily("sana", "SANA", ("SanaPipeline",), side=1024, multiple=32, steps=20, guidance=4.5,
                reads_chinese=True),
    ImageFamily("sana-sprint", "SANA-Sprint", ("SanaSprintPipeline",), side=1024, multiple=32, steps=2,
                guidance=4.5, reads_chinese=True, distilled_steps=2, distilled_guidance=4.5, negative=False),
    ImageFamily("flux", "FLUX.1 (schnell, dev)", ("FluxPipeline",), side=1024, multiple=16, steps=28,
                guidance=3.5, reads_chinese=False, distilled_steps=4, distilled_guidance=0.0, negative=False),
    ImageFamily("pixart", "PixArt-Σ", ("PixArtSigmaPipeline",), side=1024, multiple=16, steps=20, guidance=4.5,
                reads_chinese=False),
)}
SUPPORTED_PIPELINES = {name: f for f in FAMILIES.values() for name in f.pipelines}


def family_for(index: dict[str, Any]) -> ImageFamily | None:
    return SUPPORTED_PIPELINES.get(index.get("_class_name", ""))


def is_distilled(name: str) -> bool:
    low = name.lower()
    return any(h in low for h in DISTILLED_HINTS)


def denoiser(index: dict[str, Any]) -> str | None:
    """The component that does the denoising (`transformer` or `unet`), as model_index.json names it."""
    return next((c for c in ("transformer", "unet") if c in index), None)
