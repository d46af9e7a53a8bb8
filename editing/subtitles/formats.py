"""The file formats: SRT for platforms that take sidecar captions, and the pieces of an ASS
document (times, literal text, styles, the document itself) that libass burns in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reelflow.media import atomic_path
from reelflow.models import Cue

if TYPE_CHECKING:
    from editing.presets import Preset


def _clock(t: float, per_second: int) -> tuple[int, int, int, int]:
    """Hours, minutes, seconds and the rest in 1/per_second units (negative times are 0)."""
    n = max(0, round(t * per_second))
    h, rest = divmod(n, 3600 * per_second)
    m, rest = divmod(rest, 60 * per_second)
    s, frac = divmod(rest, per_second)
    return h, m, s, frac


def _srt_time(t: float) -> str:
    h, m, s, ms = _clock(t, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def write_srt(cues: list[Cue], path: str | Path) -> Path:
    """Write standard SRT (UTF-8, no BOM) atomically; platforms that take sidecar captions read it."""
    blocks = []
    for n, cue in enumerate(cues, 1):
        lines = "\n".join(line.replace("\n", " ") for line in cue.lines)
        blocks.append(f"{n}\n{_srt_time(cue.start)} --> {_srt_time(cue.end)}\n{lines}\n")
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(blocks), encoding="utf-8")
    return path


def ass_time(t: float) -> str:
    h, m, s, cs = _clock(t, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{cs:02d}"


def ass_escape(s: str) -> str:
    """Make text literal for libass: braces would start override tags and \\N, \\n, \\h are codes."""
    s = s.replace("\\", "\\\u2060")  # a word joiner after a backslash breaks any escape code
    s = s.replace("{", "\\{").replace("}", "\\}")
    return " ".join(s.splitlines())


STYLE_FORMAT = (
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
    "Alignment, MarginL, MarginR, MarginV, Encoding"
)
EVENT_FORMAT = "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"


def write_ass_document(path: str | Path, preset: Preset, styles: list[str], events: list[str]) -> Path:
    """Write an ASS document atomically: the frame's size as PlayRes, our line breaks only (WrapStyle 2),
    borders scaled with the frame, BT.709 colours; `styles` and `events` without their Format lines."""
    doc = "\n".join(
        ["[Script Info]", "; Written by reelflow", "ScriptType: v4.00+", f"PlayResX: {preset.width}",
         f"PlayResY: {preset.height}", "WrapStyle: 2", "ScaledBorderAndShadow: yes", "YCbCr Matrix: TV.709", "",
         "[V4+ Styles]", STYLE_FORMAT, *styles, "", "[Events]", EVENT_FORMAT, *events, ""]
    )  # fmt: skip
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(doc, encoding="utf-8")
    return path
