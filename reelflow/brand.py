"""A brand every clip is drawn in: colours, a font and a logo from the `[brand]` settings.

The graphics renderer (every template) and the cover read it from here, so both agree on the logo's place
(the top band, beside the AI label, above anything drawn) and both fail the same way on a bad file.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from reelflow.errors import BadInput
from reelflow.media import CJK_FONT, CJK_FONT_NAME, FONTS_DIR

LOGO_GAP = 0.02  # of the frame's short side: room kept between the logo and the frame's edge or the graphics


def graphics_top(w: int, h: int) -> int:
    """Where the graphics start (generator/video/graphics.py Grid): below the AI label's band."""
    return round((0.18 if h > w else 0.21) * h)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=16)
def font_family(path: str) -> str:
    """The family name libass finds the font by; a file that is not a font is one line naming it."""
    try:
        return ImageFont.truetype(path, 12).getname()[0] or Path(path).stem
    except OSError:
        raise BadInput(path, "brand.font is not a font file (TrueType or OpenType)") from None


def check_logo(path: Path) -> None:
    try:
        with Image.open(path) as img:
            img.verify()
    except (OSError, UnidentifiedImageError):
        raise BadInput(path, "brand.logo is not an image file (PNG with transparency, or JPEG)") from None


def covers(font: Path, text: str) -> bool:
    """Whether `font` has a glyph for every character of `text` (a missing one draws as the .notdef box)."""
    f = ImageFont.truetype(str(font), 24)

    def drawn(ch: str) -> bytes:
        im = Image.new("L", (48, 48))
        ImageDraw.Draw(im).text((8, 8), ch, font=f, fill=255)
        return im.tobytes()

    missing = drawn("\U0010fffd")
    return all(drawn(ch) != missing for ch in set(text) if not ch.isspace())


@dataclass(frozen=True)
class Brand:
    background: str | None = None  # "#RRGGBB"
    accent: str | None = None
    text: str | None = None
    font: Path | None = None
    logo: Path | None = None
    logo_position: str = "top-right"
    logo_size: float = 0.12

    @classmethod
    def from_options(cls, options: dict[str, Any] | None) -> Brand:
        o = dict(options or {})
        for key in ("font", "logo"):
            o[key] = Path(o[key]) if o.get(key) else None
        o.pop("digests", None)
        return cls(**o)

    def font_for(self, text: str) -> tuple[Path, str]:
        """(file, family) to set `text` in: the brand's font when it has every glyph, else the default CJK font."""
        if self.font and covers(self.font, text):
            return self.font, font_family(str(self.font))
        return CJK_FONT, CJK_FONT_NAME

    def fonts_dir(self, into: Path) -> Path:
        """A fonts folder for libass: the bundled fonts and the brand's font (links, not copies: a CJK font is
        ~16 MB and every shot makes one)."""
        if not self.font:
            return FONTS_DIR
        into.mkdir(parents=True, exist_ok=True)
        for f in [*FONTS_DIR.glob("*.[ot]tf"), self.font]:
            if not (into / f.name).exists():
                try:
                    (into / f.name).symlink_to(f)
                except OSError:  # a file system without links
                    shutil.copyfile(f, into / f.name)
        return into

    def logo_box(self, w: int, h: int, top: int) -> tuple[int, int, int, int] | None:
        """(x, y, width, height) of the logo in a w×h frame whose graphics start at `top`: in the top band,
        at the AI label's height (8 % down in 9:16, 5 % in others), never reaching into the graphics."""
        if not self.logo:
            return None
        short = min(w, h)
        gap = round(LOGO_GAP * short)
        y = round((0.08 if h > w else 0.05) * h)
        with Image.open(self.logo) as img:
            lw, lh = img.size
        bw = self.logo_size * short
        scale = min(bw / lw, (top - gap - y) / lh)
        pw, ph = max(2, round(lw * scale)), max(2, round(lh * scale))
        x = (w - pw) // 2 if self.logo_position == "top-center" else w - round(0.05 * w) - pw
        return x, y, pw, ph

    def logo_png(self, w: int, h: int, top: int, out: Path) -> tuple[Path, int, int] | None:
        """The logo scaled for this frame and written to `out` (RGBA): (path, x, y), or None with no logo."""
        box = self.logo_box(w, h, top)
        if box is None or self.logo is None:
            return None
        x, y, pw, ph = box
        with Image.open(self.logo) as img:
            img.convert("RGBA").resize((pw, ph), Image.LANCZOS).save(out)
        return out, x, y


def brand_options(settings: Any) -> dict[str, object]:
    """The brand as render options (empty with none set); the files are checked and their digests kept, so
    a changed logo or font makes new renders."""
    b = getattr(settings, "brand", None)
    if b is None:
        return {}
    data = b.model_dump(mode="json", exclude_defaults=True)
    if not data:
        return {}
    if b.font:
        font_family(str(b.font))
    if b.logo:
        check_logo(b.logo)
    data = b.model_dump(mode="json")
    data["digests"] = [_digest(p) for p in (b.font, b.logo) if p]
    return data


def ass_colour(rgb: str) -> str:
    """#RRGGBB as an ASS colour (&HBBGGRR&)."""
    r, g, b = rgb[1:3].upper(), rgb[3:5].upper(), rgb[5:7].upper()
    return f"&H{b}{g}{r}&"
