"""A camera move over one still picture: how a generated still or a stock photo becomes a shot.

The picture is scaled once (Pillow) to cover the frame with a margin, cropped around the point to
look at, and then moved by ffmpeg filters — push in, pull out, or a pan — so no Python runs per
frame. The move follows the shot's `camera` words, as the animatic's does.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image

from generator.video.base import RenderRequest
from reelflow.media import atomic_path, run_ffmpeg, scratch_dir

OVERSCAN = 1.14  # the still is this much larger than the frame: the room the camera moves in
ZOOM = 0.12  # a push in ends this much closer than it starts


def _even(x: float) -> int:
    return int(math.ceil(x / 2.0) * 2)


def cover(img: Image.Image, width: int, height: int, focus: tuple[float, float] = (0.5, 0.5)) -> Image.Image:
    """Scale `img` to cover width×height and crop it there, keeping `focus` (fractions) as central as it can."""
    scale = max(width / img.width, height / img.height)
    img = img.resize((max(width, round(img.width * scale)), max(height, round(img.height * scale))), Image.LANCZOS)
    fx, fy = focus
    left = min(max(0, round(img.width * fx - width / 2)), img.width - width)
    top = min(max(0, round(img.height * fy - height / 2)), img.height - height)
    return img.crop((left, top, left + width, top + height))


def motion_filter(camera: str, width: int, height: int, seconds: float) -> str:
    """The ffmpeg filters that move a frame-sized window over the overscanned still for `seconds`."""
    dur = max(seconds, 0.04)
    camera = camera.lower()
    if "pan" in camera:
        progress = f"(t/{dur:.4f})" if "right" in camera else f"(1-t/{dur:.4f})"
        return f"crop={width}:{height}:x='(iw-ow)*{progress}':y='(ih-oh)/2'"
    zoom = f"(1+{ZOOM}*t/{dur:.4f})" if "out" not in camera else f"(1+{ZOOM}-{ZOOM}*t/{dur:.4f})"
    return (f"scale={width}:-2,scale=w='trunc({width}*{zoom}/2)*2':h=-2:eval=frame:flags=bicubic,"
            f"crop={width}:{height}")


def move(picture: Image.Image, request: RenderRequest, out_path: Path, *, focus: tuple[float, float] = (0.5, 0.5),
         what: str = "a still") -> None:
    """Write `picture` moved by the shot's camera as a silent H.264 clip of exactly `request.frames` frames."""
    w, h, fps = request.width, request.height, request.fps
    bw, bh = _even(w * OVERSCAN), _even(h * OVERSCAN)
    still = cover(picture.convert("RGB"), bw, bh, focus)
    with scratch_dir(out_path.parent, "camera") as tmp:
        png = Path(tmp) / "still.png"
        still.save(png, compress_level=1)
        graph = (f"[0:v]format=yuv420p,{motion_filter(request.shot.camera, w, h, request.frames / fps)},"
                 "setsar=1,format=yuv420p[v]")
        with atomic_path(out_path) as part:
            run_ffmpeg(["-loop", "1", "-framerate", str(fps), "-i", str(png), "-filter_complex", graph,
                        "-map", "[v]", "-frames:v", str(request.frames), "-r", str(fps), "-an",
                        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p", str(part)],
                       f"moving the camera over {what} for shot {request.shot.index + 1}")
