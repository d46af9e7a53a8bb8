"""What every video backend takes and gives: a render request in, a silent clip out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reelflow.models import Credit, Shot, ShotClip, content_hash


@dataclass(frozen=True)
class RenderRequest:
    """One shot to render at a given size for a given number of seconds.

    `seconds` is the real length the cut needs (narration plus pad), already rounded to whole
    frames, so a clip always lines up with its audio.
    """

    shot: Shot
    seconds: float
    width: int
    height: int
    fps: int
    seed: int
    title: str = ""
    language: str = "zh"
    options: dict[str, object] = field(default_factory=dict)

    @property
    def frames(self) -> int:
        return max(1, round(self.seconds * self.fps))


class VideoRenderer(Protocol):
    name: str
    version: str

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        """Write a silent H.264 MP4 of exactly `request.frames` frames to `out_path`."""
        ...


def render_key(renderer: VideoRenderer, request: RenderRequest) -> str:
    """The content hash a render is cached under: everything that changes its pixels.

    A backend with a `cache_options(request)` method says itself which of its options (and which
    resolved facts: model fingerprint, steps, size, frames) change the pixels; the rest are left out.
    """
    shot = request.shot
    cache_options = getattr(renderer, "cache_options", None)
    options = cache_options(request) if cache_options else request.options
    return content_hash(
        renderer.name,
        renderer.version,
        shot.visual_prompt,
        shot.negative_prompt,
        shot.key_phrase,
        shot.camera,
        shot.keywords,
        shot.image,
        request.seconds,
        request.width,
        request.height,
        request.fps,
        request.seed,
        request.title,
        options,
    )


def sidecar_path(clip: str | Path) -> Path:
    """`<clip>.json`: what made a rendered clip (source, credit, fallbacks), kept beside it in the render cache."""
    return Path(f"{clip}.json")


def read_sidecar(clip: str | Path) -> dict[str, object]:
    """The sidecar's fields as ShotClip takes them (`renderer`, `credit`, `fallbacks`); {} when there is none."""
    path = sidecar_path(clip)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, object] = {"fallbacks": list(data.get("fallbacks") or [])}
    if data.get("renderer"):
        out["renderer"] = str(data["renderer"])
    if data.get("credit"):
        out["credit"] = Credit.model_validate(data["credit"])
    return out
