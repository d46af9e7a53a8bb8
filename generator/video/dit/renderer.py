"""The `dit` renderer: each shot's video from a DiT text-to-video (or image-to-video) model.

A shot of N seconds asks the model for the frames it makes natively (the family's frame rule, up
to its maximum). Past that maximum it continues from the last frame with the image-to-video model
when one is configured; whatever is still missing is covered by a gentle slow-down (at most
MAX_SLOW×, with neighbouring frames blended) and then a hold of the last frame — never a loop.
Frames stay at the model's resolution; the cut fits them to the preset. They are written as
H.264 at the preset's frame rate, exactly `request.frames` long, by piping raw RGB to ffmpeg.
"""

from __future__ import annotations

import logging
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from generator.video import register
from generator.video.base import RenderRequest
from generator.video.dit.families import IMAGE_TO_VIDEO, TEXT_TO_VIDEO
from generator.video.dit.loader import (
    DitOptions,
    ModelInfo,
    check_can_run,
    device,
    get_pipeline,
    inspect_model,
)
from generator.video.weights import call_pipeline
from reelflow.errors import BadInput, ReelflowError
from reelflow.media import atomic_path, dies_with_parent, ffmpeg_exe
from reelflow.models import ShotClip, content_hash
from reelflow.settings import DitSettings

log = logging.getLogger(__name__)

MAX_SLOW = 1.5  # the most a shot is slowed down before its last frame is held
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Segment:
    kind: str  # "t2v" or "i2v"
    frames: int
    seed: int
    condition: str | None  # "image" (the shot's image) or "previous" (last frame of the segment before)


@dataclass(frozen=True)
class ShotPlan:
    """How one shot is made: which model, at what size, in which segments, and how it is timed."""

    model: ModelInfo
    i2v: ModelInfo | None
    width: int
    height: int
    fps: int
    steps: int
    guidance: float
    segments: tuple[Segment, ...]
    slow: float
    out_frames: int
    out_fps: int
    image: str | None

    @property
    def source_frames(self) -> int:
        return self.segments[0].frames + sum(s.frames - 1 for s in self.segments[1:])

    def key(self, opts: DitOptions) -> dict[str, object]:
        """Everything that changes this shot's pixels, for the render cache."""
        image_stamp = None
        if self.image:
            st = Path(self.image).stat()
            image_stamp = (self.image, st.st_size, st.st_mtime_ns)
        uses_i2v = any(s.kind == "i2v" for s in self.segments)
        return {
            "model": self.model.fingerprint,
            "i2v": self.i2v.fingerprint if self.i2v and uses_i2v else None,
            "size": (self.width, self.height),
            "fps": self.fps,
            "steps": self.steps,
            "guidance": self.guidance,
            "segments": [(s.kind, s.frames, s.seed, s.condition) for s in self.segments],
            "slow": round(self.slow, 6),
            "image": image_stamp,
            "dtype": "bf16" if device() == "cuda" else "fp32",
            "options": opts.pixel_options(),
        }


def request_options(request: RenderRequest) -> DitOptions:
    """The dit options the caller put in the request (`render_options(settings)` makes them)."""
    return DitOptions.from_dict(request.options)


def segment_seed(seed: int, k: int) -> int:
    """Per-segment seeds derived from the shot's seed (itself derived from the storyboard's)."""
    return int(content_hash("dit-segment", seed, k)[:15], 16)


def plan_shot(request: RenderRequest, opts: DitOptions) -> ShotPlan:
    if not opts.model:
        raise BadInput("dit.model", "the dit renderer needs a model: pass --model DIR (a diffusers folder or a "
                       "cached model id) or set [dit] model in reelflow.toml")
    main = inspect_model(opts.model)
    i2v = inspect_model(opts.i2v_model) if opts.i2v_model else None
    if i2v is not None and i2v.class_name not in IMAGE_TO_VIDEO:
        raise BadInput(opts.i2v_model, f"i2v_model must be an image-to-video pipeline, not {i2v.class_name}")
    if i2v is None and main.class_name in IMAGE_TO_VIDEO:
        i2v = main
    image = request.shot.image if request.shot.image and Path(request.shot.image).is_file() else None
    if main.class_name not in TEXT_TO_VIDEO and not image:
        raise BadInput(opts.model, f"{main.class_name} is image-to-video and shot {request.shot.index + 1} has no "
                       "image: pass a text-to-video --model and set [dit] i2v_model to this one")
    portrait = request.height > request.width
    width, height = main.size(portrait, opts)
    fam = main.family
    fps = fam.fps
    need = max(1, math.ceil(request.seconds * fps - 1e-9))
    first_kind = "i2v" if image and i2v is not None else "t2v"
    first_family = i2v.family if first_kind == "i2v" and i2v else fam
    segments = [Segment(first_kind, first_family.frames_for(need, opts.max_frames), segment_seed(request.seed, 0),
                        "image" if first_kind == "i2v" else None)]
    total = segments[0].frames
    while i2v is not None and total < need and len(segments) < max(1, opts.max_segments):
        frames = i2v.family.frames_for(need - total + 1, opts.max_frames)
        if frames < 2:
            break
        segments.append(Segment("i2v", frames, segment_seed(request.seed, len(segments)), "previous"))
        total += frames - 1
    slow = 1.0 if total >= need else min(MAX_SLOW, need / total)
    return ShotPlan(model=main, i2v=i2v, width=width, height=height, fps=fps, steps=main.steps(opts),
                    guidance=main.guidance(opts), segments=tuple(segments), slow=slow, out_frames=request.frames,
                    out_fps=request.fps, image=image)


def source_positions(plan: ShotPlan) -> np.ndarray:
    """For each output frame, its position in the generated frames (fractional while slowed, clamped = hold)."""
    t = np.arange(plan.out_frames, dtype=np.float64) / plan.out_fps
    pos = t * plan.fps / plan.slow
    return np.minimum(pos, plan.source_frames - 1)


# ---------------------------------------------------------------------------------------------------------


class DitRenderer:
    name = "dit"
    version = "1"

    def options_from_settings(self, settings: Any) -> dict[str, object]:
        return DitOptions.from_settings(settings).to_dict()

    def preflight(self, options: dict[str, object], portrait: bool = True) -> None:
        """Check the model(s) before any work starts: found, supported, and runnable on this machine."""
        opts = DitOptions.from_dict(options)
        if not opts.model:
            raise BadInput("dit.model", "the dit renderer needs a model: pass --model DIR (a diffusers folder or a "
                           "cached model id) or set [dit] model in reelflow.toml")
        for source in (opts.model, opts.i2v_model):
            if source:
                check_can_run(inspect_model(source), opts, portrait)

    def cache_options(self, request: RenderRequest) -> dict[str, object]:
        opts = request_options(request)
        return plan_shot(request, opts).key(opts)

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        opts = request_options(request)
        plan = plan_shot(request, opts)
        portrait = request.height > request.width
        check_can_run(plan.model, opts, portrait)
        if plan.i2v is not None and any(s.kind == "i2v" for s in plan.segments):
            check_can_run(plan.i2v, opts, portrait)
        frames = generate(plan, request, opts)
        write_mp4(frames, plan, out_path)
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=request.frames / request.fps,
                        width=plan.width, height=plan.height, fps=request.fps, renderer=self.name)


def generate(plan: ShotPlan, request: RenderRequest, opts: DitOptions) -> np.ndarray:
    """All segments of a shot as one uint8 array (frames, height, width, 3)."""
    shot = request.shot
    prompt = shot.visual_prompt
    if not plan.model.family.reads_chinese and CJK.search(prompt):
        log.warning("%s reads English prompts; shot %d's prompt is Chinese", plan.model.family.label, shot.index + 1)
    parts: list[np.ndarray] = []
    for k, seg in enumerate(plan.segments):
        info = plan.model if seg.kind == "t2v" else plan.i2v
        assert info is not None
        image = None
        if seg.condition == "image" and plan.image:
            image = _fit_image(plan.image, plan.width, plan.height)
        elif seg.condition == "previous":
            from PIL import Image

            image = Image.fromarray(parts[-1][-1])
        negative = shot.negative_prompt or str(info.family.extra.get("negative_default", ""))
        video = run_pipeline(info, opts, seg, prompt, negative, plan, image)
        if video.shape[1:3] != (plan.height, plan.width):
            video = _resize(video, plan.width, plan.height)
        parts.append(video if k == 0 else video[1:])
    return np.concatenate(parts)[: plan.source_frames]


def run_pipeline(info: ModelInfo, opts: DitOptions, seg: Segment, prompt: str, negative: str, plan: ShotPlan,
                 image: Any) -> np.ndarray:
    import torch

    pipe = get_pipeline(info, opts)
    fam = info.family
    steps, guidance = info.steps(opts), info.guidance(opts)
    kwargs: dict[str, Any] = {
        "prompt": prompt, "negative_prompt": negative, "height": plan.height, "width": plan.width,
        "num_frames": seg.frames, "num_inference_steps": steps, "guidance_scale": guidance,
        "generator": torch.Generator("cpu").manual_seed(seg.seed), "output_type": "np",
        "frame_rate": fam.fps, "max_sequence_length": fam.text_tokens,
    }
    if image is not None:
        kwargs["image"] = image
    if fam.key.startswith("cogvideox"):
        kwargs["max_sequence_length"] = info.transformer_config.get("max_text_seq_length", fam.text_tokens)
        kwargs["use_dynamic_cfg"] = guidance > 1.0 and bool(fam.extra.get("use_dynamic_cfg"))
    if "guidance_scale_2" in fam.extra and getattr(pipe, "transformer_2", None) is not None:
        kwargs["guidance_scale_2"] = fam.extra["guidance_scale_2"] if opts.guidance is None else guidance
    vae = getattr(pipe, "vae", None)
    if fam.key.startswith("ltx") and vae is not None and getattr(vae.config, "timestep_conditioning", False):
        kwargs.update(decode_timestep=0.05, decode_noise_scale=0.025)
    what = f"{info.family.label} failed on a {plan.width}×{plan.height}×{seg.frames} shot"
    out = call_pipeline(pipe, kwargs, what)
    frames = np.asarray(out.frames[0])
    if frames.ndim != 4 or frames.shape[-1] != 3:
        raise ReelflowError(f"{info.source} returned frames of shape {frames.shape}, not (frames, h, w, 3)")
    return (np.clip(frames, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def _fit_image(path: str, width: int, height: int) -> Any:
    """The shot's image scaled to cover the frame and centre-cropped, as the model's first frame."""
    from PIL import Image

    img = Image.open(path).convert("RGB")
    scale = max(width / img.width, height / img.height)
    img = img.resize((max(width, round(img.width * scale)), max(height, round(img.height * scale))), Image.LANCZOS)
    left, top = (img.width - width) // 2, (img.height - height) // 2
    return img.crop((left, top, left + width, top + height))


def _resize(video: np.ndarray, width: int, height: int) -> np.ndarray:
    import torch
    import torch.nn.functional as F  # noqa: N812

    t = torch.from_numpy(video).permute(0, 3, 1, 2).float()
    t = F.interpolate(t, size=(height, width), mode="bilinear", antialias=True, align_corners=False)
    return t.clamp(0, 255).round().to(torch.uint8).permute(0, 2, 3, 1).contiguous().numpy()


def write_mp4(frames: np.ndarray, plan: ShotPlan, out_path: Path) -> None:
    """Encode exactly plan.out_frames frames at the output rate; raw RGB goes to ffmpeg's stdin."""
    positions = source_positions(plan)
    h, w = frames.shape[1:3]
    with atomic_path(out_path) as part, tempfile.TemporaryFile() as errlog:
        cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(plan.out_fps), "-i", "pipe:0",
               "-frames:v", str(plan.out_frames), "-an",
               "-c:v", "libx264", "-preset", "veryfast", "-crf", "14", "-pix_fmt", "yuv420p", "-f", "mp4", str(part)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=errlog, preexec_fn=dies_with_parent)
        assert proc.stdin is not None
        try:
            for pos in positions:
                i = int(pos)
                frac = pos - i
                if plan.slow == 1.0 or frac < 1e-6 or i + 1 >= len(frames):
                    frame = frames[i]
                else:  # slowed down: blend the two neighbouring frames
                    frame = (frames[i] * (1.0 - frac) + frames[i + 1] * frac + 0.5).astype(np.uint8)
                proc.stdin.write(np.ascontiguousarray(frame).tobytes())
            proc.stdin.close()
        except BrokenPipeError:
            pass
        code = proc.wait()
        if code != 0:
            errlog.seek(0)
            tail = " | ".join(errlog.read().decode("utf-8", "replace").strip().splitlines()[-3:])
            raise ReelflowError(f"ffmpeg failed while writing the dit shot {out_path.name}: {tail}")


@register("dit", needs={"gpu"}, settings=DitSettings)
def _factory() -> DitRenderer:
    return DitRenderer()
