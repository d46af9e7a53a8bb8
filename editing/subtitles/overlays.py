"""What is drawn over the picture: the subtitles and the AI label (their sizes and places per preset,
from the frame), and the cover's title with the same label."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from editing.presets import Preset
from editing.subtitles.formats import ass_escape, ass_time, write_ass_document
from editing.subtitles.wrapping import display_width, wrap_lines
from reelflow.media import CJK_FONT, CJK_FONT_NAME
from reelflow.models import Cue

if TYPE_CHECKING:
    from PIL import ImageFont


@cache
def _line_ems(line: str) -> float:
    """Advance width of `line` in ems of the bundled CJK font (falls back to CJK-cell estimate)."""
    try:
        return _font(100).getlength(line) / 100
    except (ImportError, OSError):
        return display_width(line)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    """The bundled CJK font at `size`, for measuring lines (PIL is only needed here)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(CJK_FONT), size)


@dataclass(frozen=True)
class AssLayout:
    """Sizes and margins in PlayRes pixels; derived from the frame so every preset looks alike."""

    font_size: int
    outline: float
    shadow: float
    margin_lr: int
    margin_v: int
    label_size: int
    label_margin_l: int
    label_margin_v: int
    label_pad: float
    label_big_size: int
    label_big_margin_v: int


def ass_layout(preset: Preset, lines: list[str] | None = None) -> AssLayout:
    """Subtitle and label geometry for `preset`.

    Portrait apps put captions and buttons in the bottom ~22 % and along the right edge, and a
    header at the top, so text sits above that band, 10 % in from the sides, and the label
    ~8 % down. The subtitle size shrinks only if the widest of `lines` would cross the margins.
    """
    w, h, short = preset.width, preset.height, preset.short_side
    outline = round(0.004 * short, 1)
    if preset.portrait:
        em = 0.05 * w  # 16 CJK characters fill the width between the margins
        margin_lr = math.ceil(0.10 * w)
        margin_v = math.ceil(0.22 * h) + round(0.01 * h)
        label_margin_v = math.ceil(0.08 * h)
    else:
        em = 0.042 * short
        margin_lr = math.ceil(0.05 * w)
        margin_v = math.ceil(0.07 * h)
        label_margin_v = math.ceil(0.05 * h)
    avail = w - 2 * margin_lr - 2 * outline
    widest = max((_line_ems(line) for line in lines or []), default=0.0)
    if widest > 0:
        em = min(em, avail / widest)
    from editing.provenance import font_ratios, label_big_font_size, label_font_size  # the label's: a labelling rule

    # libass fits the font's ascent + descent, not its em, into the style's size: ask for the em we mean.
    size = math.floor(em * font_ratios()[1])

    label_size = label_font_size(short)  # capitals ≥ 5 % of the shorter side, measured in libass's scale
    label_pad = round(0.2 * label_size, 1)
    return AssLayout(
        font_size=max(size, 8),
        outline=outline,
        shadow=round(0.002 * short, 1),
        margin_lr=margin_lr,
        margin_v=margin_v,
        label_size=label_size,
        label_margin_l=math.ceil(0.05 * w + label_pad),
        label_margin_v=math.ceil(label_margin_v + label_pad),
        label_pad=label_pad,
        label_big_size=label_big_font_size(w, short),
        # Below the frame's centre, where the animatic's key phrase is not, and above the subtitles.
        label_big_margin_v=round(h * (0.34 if preset.portrait else 0.22)),
    )


LABEL_BIG_SECONDS = 2.2


def label_markup(label: str) -> str:
    """The label as ASS text, in its own face (a Latin label in a serif face: see provenance.label_face)."""
    from editing.provenance import label_face

    face = label_face(label)[0]
    return ass_escape(label) if face == CJK_FONT_NAME else f"{{\\fn{face}}}{ass_escape(label)}"


def write_ass(
    cues: list[Cue],
    path: str | Path,
    preset: Preset,
    *,
    label: str | None = None,
    duration: float | None = None,
) -> Path:
    """Write styled ASS subtitles for burning in with libass (WrapStyle 2: our line breaks only).

    `label` (e.g. "AI生成") is shown top-left for the whole clip — from 0 to `duration`, or to the
    last cue's end — and large in the centre for the first 2.2 s, as platforms require AI
    content to be marked visibly.
    """
    lay = ass_layout(preset, [line for cue in cues for line in cue.lines])
    white, black = "&H00FFFFFF", "&H00000000"
    shadow_col, box_col = "&H80000000", "&H60000000"

    def style(
        name: str,
        size: int,
        outline_col: str,
        back: str,
        border: int,
        outline: float,
        shadow: float,
        align: int,
        ml: int,
        mr: int,
        mv: int,
    ) -> str:
        return (
            f"Style: {name},{CJK_FONT_NAME},{size},{white},&H000000FF,{outline_col},{back},0,0,0,0,"
            f"100,100,0,0,{border},{outline},{shadow},{align},{ml},{mr},{mv},1"
        )

    big = lay.label_big_size
    styles = [
        style(
            "Subtitle",
            lay.font_size,
            black,
            shadow_col,
            1,
            lay.outline,
            lay.shadow,
            2,
            lay.margin_lr,
            lay.margin_lr,
            lay.margin_v,
        ),
        style(
            "Label",
            lay.label_size,
            box_col,
            box_col,
            3,
            lay.label_pad,
            0,
            7,
            lay.label_margin_l,
            lay.label_margin_l,
            lay.label_margin_v,
        ),
        style("LabelBig", big, box_col, box_col, 3, round(big * 0.25, 1), 0, 2, 0, 0, lay.label_big_margin_v),
    ]
    events: list[str] = []
    for cue in cues:
        text = "\\N".join(ass_escape(line) for line in cue.lines)
        events.append(f"Dialogue: 0,{ass_time(cue.start)},{ass_time(cue.end)},Subtitle,,0,0,0,,{text}")
    span = duration if duration is not None else (cues[-1].end if cues else 0.0)
    if label and span > 0:
        tag = label_markup(label)
        events.append(f"Dialogue: 2,{ass_time(0)},{ass_time(span)},Label,,0,0,0,,{tag}")
        big_end = min(LABEL_BIG_SECONDS, span)
        events.append(f"Dialogue: 3,{ass_time(0)},{ass_time(big_end)},LabelBig,,0,0,0,,{{\\fad(150,400)}}{tag}")
    return write_ass_document(path, preset, styles, events)


# ---------------------------------------------------------------- the cover


COVER_TITLE_CELLS = {"zh": (9.0, 14.0), "en": (18.0, 28.0)}
"""Title line width on the cover (portrait, landscape): zh in CJK cells, en in characters."""
COVER_MAX_LINES = 4


def cover_title_lines(title: str, preset: Preset, language: str) -> list[str]:
    """The title broken for the cover: short lines, never inside a word, at most four (ellipsis)."""
    lang = "zh" if language == "zh" else "en"
    limit = COVER_TITLE_CELLS[lang][0 if preset.portrait or preset.width == preset.height else 1]
    lines = wrap_lines(" ".join(title.split()), lang, limit) or [title.strip()]
    if len(lines) > COVER_MAX_LINES:
        lines = lines[:COVER_MAX_LINES]
        lines[-1] = lines[-1].rstrip("，。,. ") + "…"
    return lines


def write_cover_ass(title: str, preset: Preset, path: str | Path, *, language: str, label: str | None,
                    font: str = CJK_FONT_NAME) -> Path:
    """ASS for the cover image: the title large in the frame's centre band, and the AI label in its
    corner exactly as the video shows it (same style and place)."""
    lay = ass_layout(preset)
    lines = cover_title_lines(title, preset, language)
    widest = max(_line_ems(line) for line in lines)
    avail = 0.84 * preset.width
    size = max(12, min(round(0.11 * preset.short_side), math.floor(avail / max(widest, 1.0))))
    box = "&H60000000"
    margin = round(0.08 * preset.width)
    styles = [
        # White on a dark, see-through box (BorderStyle 3): crisp edges read at a glance and by OCR, on any picture.
        f"Style: Title,{font},{size},&H00FFFFFF,&H000000FF,&H38000000,&H38000000,-1,0,0,0,"
        f"100,100,{round(0.02 * size, 1)},0,3,{round(0.28 * size)},0,5,{margin},{margin},0,1",
        f"Style: Label,{CJK_FONT_NAME},{lay.label_size},&H00FFFFFF,&H000000FF,{box},{box},0,0,0,0,"
        f"100,100,0,0,3,{lay.label_pad},0,7,{lay.label_margin_l},{lay.label_margin_l},{lay.label_margin_v},1",
    ]
    events: list[str] = []
    text = "\\N".join(ass_escape(x) for x in lines)
    events.append(f"Dialogue: 0,0:00:00.00,9:00:00.00,Title,,0,0,0,,{text}")
    if label:
        events.append(f"Dialogue: 1,0:00:00.00,9:00:00.00,Label,,0,0,0,,{label_markup(label)}")
    return write_ass_document(path, preset, styles, events)
