"""Each built-in backend's own settings: one model per backend, one section per model.

The rule: a picture source, planner or voice named `<name>` reads `settings.<name>`, so its TOML section
is `[<name>]` and its environment variables are `REELFLOW_<NAME>__<FIELD>`; a platform reads
`settings.publishing.<name>` (`[publishing.<name>]`, `REELFLOW_PUBLISHING__<NAME>__<FIELD>`). The models
live here, in the core, because `Settings` holds them and the core imports no stage; each backend's
registration names its model (`registry(...).add(name, target, settings=Model)`). A plugin's model is
declared in the plugin and found through its registration (see `reelflow.settings.Settings`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class BackendSettings(BaseModel):
    """A backend's settings section: a misspelt key is an error that names it."""

    model_config = ConfigDict(extra="forbid")


# -- picture sources ---------------------------------------------------------------------------


class DitSettings(BackendSettings):
    """`dit`: a text/image-to-video diffusion model (`--renderer dit --model DIR`)."""

    model: str | None = Field(None, description="A diffusers pipeline folder, or a model id in the HF cache.")
    i2v_model: str | None = Field(None, description="An image-to-video model for shots with an image and for "
                                  "continuing shots longer than the model makes at once.")
    allow_cpu: bool = Field(False, description="Run a real-size model on a machine with no GPU anyway.")
    steps: int | None = Field(None, ge=1, description="Denoising steps; default: the family's.")
    guidance: float | None = Field(None, ge=0, description="CFG scale; default: the family's (1 = off).")
    resolution: str | None = Field(None, description="e.g. 480p or 720p; default: the family's.")
    cache: str = Field("off", pattern=r"^(off|fbc|taylorseer|pab)(:[0-9.]+)?$",
                       description="diffusers cache acceleration: off, fbc[:threshold], taylorseer, pab.")
    compile: bool = Field(False, description="torch.compile the transformer blocks.")
    offload: bool = Field(False, description="Model CPU offload, for GPUs with little memory.")
    vae_tiling: bool = Field(False, description="Decode the video in tiles (less memory).")
    attention: str | None = Field(None, description="A diffusers attention backend, e.g. flash; default: "
                                  "PyTorch SDPA.")
    max_segments: int = Field(4, ge=1, le=16, description="Most generations one long shot is made of.")
    max_frames: int | None = Field(None, ge=1, description="Fewer frames per generation than the family's "
                                   "maximum (small GPUs); longer shots continue or slow down.")


class StillSettings(BackendSettings):
    """`still`: one generated image per shot from a text-to-image model, moved by a camera."""

    model: str | None = Field(None, description="A diffusers text-to-image folder, or a model id in the HF cache "
                              "(SDXL-Turbo, SD-Turbo, SANA, SANA-Sprint, FLUX.1-schnell...).")
    steps: int | None = Field(None, ge=1, description="Denoising steps; default: the family's.")
    guidance: float | None = Field(None, ge=0, description="CFG scale; default: the family's.")
    allow_cpu: bool = Field(False, description="Run a real-size model on a machine with no GPU anyway.")
    offload: bool = Field(False, description="Model CPU offload, for GPUs with little memory.")
    animate: Literal["camera", "i2v"] = Field("camera", description="camera: a camera move on the CPU; i2v: the "
                                              "image goes to the dit renderer's image-to-video model (i2v_model).")


class StockSettings(BackendSettings):
    """`stock`: stock footage and photos from Pexels and Pixabay, with the user's own keys."""

    providers: list[Literal["pexels", "pixabay"]] = Field(default_factory=lambda: ["pexels", "pixabay"],
                                                          description="Tried in this order.")
    pexels_url: str = "https://api.pexels.com"
    pixabay_url: str = "https://pixabay.com/api"
    photos: bool = Field(True, description="Use a photo (with a camera move) when no video fits.")
    max_download_mb: float = Field(150.0, gt=0, description="Largest file downloaded for one shot.")
    timeout_seconds: float = Field(30.0, gt=0, description="Per request.")
    retries: int = Field(3, ge=0, description="Retries of one request after 429/5xx/timeouts.")
    max_wait_seconds: float = Field(60.0, ge=0, description="Longest Retry-After / rate-limit reset waited out; "
                                    "a longer one fails that provider at once.")
    per_page: int = Field(15, ge=3, le=80, description="Results asked for per search (Pexels max 80, Pixabay ≥ 3).")
    download_dir: Path | None = Field(None, description="Downloaded items; default: <data_dir>/stock.")


# -- planners ----------------------------------------------------------------------------------


NarrationMode = Literal["rewrite", "extract"]


class OpenAISettings(BackendSettings):
    """`openai`: storyboards from an OpenAI-compatible endpoint. The key is read from OPENAI_API_KEY at
    request time and never kept here."""

    model: str | None = Field(None, description="Model name, e.g. gpt-4o-mini, qwen2.5; default: the "
                              "endpoint's first.")
    base_url: str = Field(default_factory=lambda: os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1",
                          description="OpenAI-compatible endpoint; default: $OPENAI_BASE_URL.")
    timeout: float = Field(120.0, gt=0, description="Seconds to wait for one chat completion.")
    max_retries: int = Field(3, ge=0, description="Retries after a 429, a 5xx, a timeout or a dropped connection.")
    backoff: float = Field(1.0, ge=0, description="First retry delay, seconds; doubles each retry (max 30 s).")
    temperature: float = Field(0.3, ge=0, le=2)
    section_chars: int = Field(6000, ge=500, description="Longer articles are planned section by section.")
    narration: NarrationMode = Field("rewrite", description="Narration written by the model (checked against "
                                     "the article) or chosen from the article's own sentences.")


class LocalSettings(BackendSettings):
    """`local`: storyboards from a local transformers model."""

    model: str | None = Field(None, description="A model folder, or a Hugging Face id already in the cache.")
    device: str = Field("auto", description="auto (GPU when there is one), cpu, cuda, cuda:1...")
    max_new_tokens: int = Field(2048, ge=64)
    section_chars: int = Field(6000, ge=500, description="Longer articles are planned section by section.")
    narration: NarrationMode = Field("extract", description="Narration written by the model or chosen from "
                                     "the article's own sentences.")


# -- voices ------------------------------------------------------------------------------------


class EdgeSettings(BackendSettings):
    """`edge`: Microsoft Edge's online voices (edge-tts)."""

    timeout: float = Field(8.0, gt=0, description="Seconds before the online voice is given up (then the "
                           "offline one speaks).")


# Flat names of settings that now live in a backend's section: old name -> (section, field) places.
LEGACY: dict[str, tuple[tuple[str, str], ...]] = {
    "model": (("dit", "model"),),
    "i2v_model": (("dit", "i2v_model"),),
    "allow_cpu": (("dit", "allow_cpu"),),
    **{f"dit_{f}": (("dit", f),) for f in ("steps", "guidance", "resolution", "cache", "compile", "offload",
                                          "vae_tiling", "attention", "max_segments", "max_frames")},
    **{f"llm_{f}": (("openai", f),) for f in ("model", "base_url", "timeout", "max_retries", "backoff",
                                             "temperature", "narration")},
    "llm_section_chars": (("openai", "section_chars"), ("local", "section_chars")),
    **{f"local_{f}": (("local", f),) for f in ("model", "device", "max_new_tokens", "narration")},
    "speech_timeout": (("edge", "timeout"),),
}
