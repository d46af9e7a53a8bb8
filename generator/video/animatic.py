"""The CPU renderer: a watchable animatic draft when there is no GPU or no model weights.

Each shot is one still background (the article's image when the shot has one, else a soft
gradient whose colours come from the shot's keywords) with the key phrase set in large type,
moved by a slow camera (push in, pull out, pan). The still images are drawn once with numpy and
Pillow; all motion is done by ffmpeg filters, so no Python code runs per frame.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from generator.video import register
from generator.video.base import RenderRequest
from reelflow.linebreak import CLOSING, OPENING
from reelflow.media import CJK_FONT, atomic_path, run_ffmpeg, scratch_dir
from reelflow.models import ShotClip

# How much larger than the frame the background is drawn, to leave room for the camera to move.
OVERSCAN = 1.14


class AnimaticRenderer:
    name = "animatic"
    version = "2"  # 2: line breaks keep closing marks on the line before

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        w, h = request.width, request.height
        bw, bh = _even(w * OVERSCAN), _even(h * OVERSCAN)
        with scratch_dir(out_path.parent, "animatic") as tmp:
            bg_path, fg_path = Path(tmp) / "bg.png", Path(tmp) / "fg.png"
            background(request, bw, bh).save(bg_path, compress_level=1)
            foreground(request).save(fg_path, compress_level=1)
            with atomic_path(out_path) as part:
                run_ffmpeg(
                    [
                        "-i", str(bg_path),
                        "-i", str(fg_path),
                        "-filter_complex", _filter_graph(request, bw, bh),
                        "-map", "[v]",
                        "-frames:v", str(request.frames),
                        "-r", str(request.fps),
                        "-an",
                        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p",
                        str(part),
                    ],
                    f"rendering the animatic for shot {request.shot.index + 1}",
                )
        return ShotClip(
            index=request.shot.index,
            path=str(out_path),
            seconds=request.frames / request.fps,
            width=w,
            height=h,
            fps=request.fps,
            renderer=self.name,
        )


@register("animatic")
def _factory() -> AnimaticRenderer:
    return AnimaticRenderer()


def _even(x: float) -> int:
    return int(math.ceil(x / 2.0) * 2)


def _filter_graph(request: RenderRequest, bw: int, bh: int) -> str:
    """Background through a camera move, text layer faded in on top."""
    w, h, fps = request.width, request.height, request.fps
    dur = max(request.frames / fps, 1.0 / fps)
    camera = request.shot.camera.lower()
    still = f"[0:v]format=yuv420p,loop=loop=-1:size=1,fps={fps}"
    if "pan" in camera:
        # Pan across the overscan margin; the crop window moves, the image does not scale.
        progress = f"(t/{dur:.4f})" if "right" in camera else f"(1-t/{dur:.4f})"
        motion = f"crop={w}:{h}:x='(iw-ow)*{progress}':y='(ih-oh)/2'"
    else:
        # Push in (or pull out): scale the still a little more (less) each frame, crop the centre.
        zoom = f"(1+0.12*t/{dur:.4f})" if "out" not in camera else f"(1.12-0.12*t/{dur:.4f})"
        motion = f"scale=w='trunc({w}*{zoom}/2)*2':h=-2:eval=frame:flags=bilinear,crop={w}:{h}"
        if bh / bw < h / w:  # keep enough height for the crop at zoom 1
            motion = f"scale={w}:-2," + motion
    text = f"[1:v]format=yuva420p,loop=loop=-1:size=1,fps={fps},fade=t=in:st=0.1:d=0.5:alpha=1"
    return f"{still},{motion}[bg];{text}[fg];[bg][fg]overlay=0:0:format=yuv420,format=yuv420p[v]"


def palette(request: RenderRequest) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three related colours (dark, mid, accent) derived from the shot's keywords and the seed."""
    words = "|".join(request.shot.keywords or [request.shot.key_phrase])
    digest = hashlib.sha256(f"{words}|{request.seed}".encode()).digest()
    hue = digest[0] / 255.0
    spread = 0.08 + digest[1] / 255.0 * 0.12

    def rgb(hh: float, s: float, v: float) -> np.ndarray:
        return np.array(colorsys.hsv_to_rgb(hh % 1.0, s, v), dtype=np.float32)

    return rgb(hue, 0.75, 0.18), rgb(hue + spread, 0.55, 0.55), rgb(hue - spread, 0.45, 0.95)


def background(request: RenderRequest, bw: int, bh: int) -> Image.Image:
    """The shot's still: the article image, or a gradient with soft glows. Whole-array numpy only."""
    image = request.shot.image
    if image and Path(image).is_file():
        try:
            return _cover(Image.open(image).convert("RGB"), bw, bh)
        except OSError:
            pass  # an unreadable image falls back to the generated background
    dark, mid, accent = palette(request)
    seed = int(hashlib.sha256(f"{request.seed}:{request.shot.index}".encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng(seed)
    y = np.linspace(0.0, 1.0, bh, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, bw, dtype=np.float32)[None, :]
    t = np.clip(0.65 * y + 0.35 * x, 0.0, 1.0)[..., None]
    img = dark * (1.0 - t) + mid * t
    aspect = bw / bh
    for _ in range(5):
        cx, cy = rng.uniform(0.05, 0.95), rng.uniform(0.05, 0.95)
        radius = rng.uniform(0.12, 0.35)
        strength = rng.uniform(0.10, 0.30)
        d2 = ((x - cx) * aspect) ** 2 + (y - cy) ** 2
        img += (np.exp(-d2 / (2 * radius**2)) * strength)[..., None] * accent
    vignette = 1.0 - 0.45 * (((x - 0.5) * 1.6) ** 2 + ((y - 0.5) * 1.2) ** 2)
    img *= np.clip(vignette, 0.35, 1.0)[..., None]
    return Image.fromarray((np.clip(img, 0.0, 1.0) * 255).astype(np.uint8), "RGB")


def _cover(img: Image.Image, bw: int, bh: int) -> Image.Image:
    """Scale to cover the frame, centre-crop, and darken a little so the type stays legible."""
    scale = max(bw / img.width, bh / img.height)
    img = img.resize((max(bw, round(img.width * scale)), max(bh, round(img.height * scale))), Image.LANCZOS)
    left, top = (img.width - bw) // 2, (img.height - bh) // 2
    img = img.crop((left, top, left + bw, top + bh))
    arr = np.asarray(img, dtype=np.float32) * 0.72
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def foreground(request: RenderRequest) -> Image.Image:
    """The transparent text layer: the key phrase large, the article title small above it."""
    w, h = request.width, request.height
    short = min(w, h)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    phrase_size = max(12, round(short * 0.095))
    title_size = max(8, round(short * 0.038))
    phrase_font = ImageFont.truetype(str(CJK_FONT), phrase_size)
    title_font = ImageFont.truetype(str(CJK_FONT), title_size)
    max_width = w * (0.80 if w < h else 0.70)
    lines = wrap_to_width(request.shot.key_phrase, phrase_font, max_width, request.language)
    title_lines = wrap_to_width(request.title, title_font, max_width, request.language)[:2]

    line_gap = round(phrase_size * 1.25)
    block = line_gap * len(lines)
    centre = round(h * (0.42 if w < h else 0.45))
    top = centre - block // 2
    _, _, accent = palette(request)
    accent_rgb = tuple(int(c * 255) for c in accent)

    shadow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    sdraw = ImageDraw.Draw(shadow)
    draw = ImageDraw.Draw(layer)
    stroke = max(1, round(phrase_size * 0.05))
    for i, line in enumerate(lines):
        y = top + i * line_gap
        for d, fill in ((sdraw, (0, 0, 0, 170)), (draw, (255, 255, 255, 255))):
            offset = round(phrase_size * 0.06) if d is sdraw else 0
            d.text((w / 2 + offset, y + offset), line, font=phrase_font, fill=fill, anchor="ma",
                   stroke_width=stroke, stroke_fill=(0, 0, 0, 200))
    ty = top - round(title_size * 1.6) * len(title_lines) - round(phrase_size * 0.35)
    for i, line in enumerate(title_lines):
        draw.text((w / 2, ty + i * round(title_size * 1.5)), line, font=title_font,
                  fill=(255, 255, 255, 215), anchor="ma", stroke_width=max(1, title_size // 14),
                  stroke_fill=(0, 0, 0, 160))
    bar_y = top + block + round(phrase_size * 0.25)
    bar_w = round(w * 0.18)
    draw.rounded_rectangle((w / 2 - bar_w / 2, bar_y, w / 2 + bar_w / 2, bar_y + max(2, round(short * 0.008))),
                           radius=max(1, round(short * 0.004)), fill=(*accent_rgb, 235))
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(1, phrase_size // 10)))
    return Image.alpha_composite(shadow, layer)


_CLAUSE_END = ("，", "；", "：", ", ", "; ", ": ")


def _tokens(text: str, language: str) -> list[str]:
    """Breakable pieces: jieba words (Chinese) or words with their space, punctuation glued to its neighbour."""
    if language == "zh":
        import jieba

        raw = jieba.lcut(text)
    else:
        raw = [t + " " for t in text.split()]
    tokens: list[str] = []
    carry = ""
    for token in raw:
        if tokens and not carry and token.strip() and all(ch in CLOSING for ch in token.strip()):
            tokens[-1] += token
        elif token.strip() and all(ch in OPENING for ch in token.strip()):
            carry += token
        else:
            tokens.append(carry + token)
            carry = ""
    if carry and tokens:
        tokens[-1] += carry
    elif carry:
        tokens.append(carry)
    return tokens


def _greedy(tokens: list[str], font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in tokens:
        candidate = current + token
        if current and font.getlength(candidate.strip()) > max_width:
            lines.append(current.strip())
            current = token
        else:
            current = candidate
    if current.strip():
        lines.append(current.strip())
    return lines


def _clauses(text: str) -> list[str]:
    pieces = [text]
    for mark in _CLAUSE_END:
        pieces = [p for piece in pieces for p in _split_after(piece, mark)]
    return [p for p in pieces if p.strip()]


def _split_after(text: str, mark: str) -> list[str]:
    parts = text.split(mark)
    return [p + mark for p in parts[:-1]] + [parts[-1]]


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, max_width: float, language: str) -> list[str]:
    """Break text into lines that fit `max_width` pixels, only between words (jieba words for Chinese).

    No line starts with a closing mark or ends with an opening one; where a clause mark allows as few lines as
    the plain fill and no line comes out stubby, lines break after it, so a two-part headline reads as two parts.
    """
    text = text.strip()
    if not text:
        return []
    lines = _greedy(_tokens(text, language), font, max_width)
    clauses = _clauses(text)
    if len(lines) > 1 and len(clauses) > 1:
        by_clause = [line for c in clauses for line in _greedy(_tokens(c.strip(), language), font, max_width)]
        if len(by_clause) <= len(lines) and min(font.getlength(x) for x in by_clause) >= 0.35 * max_width:
            return by_clause
    return lines
