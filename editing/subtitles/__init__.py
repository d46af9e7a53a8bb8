"""Subtitles: timed, line-broken cues from narration text, written as SRT and styled ASS.

One module per job: `wrapping` (text into lines), `timing` (narration tokens into cues),
`formats` (SRT, and the pieces of an ASS document), `overlays` (what is drawn over the picture:
subtitles and the AI label, sized per preset, and the cover's title). Callers import from here.
"""

from __future__ import annotations

from editing.subtitles.formats import ass_escape, ass_time, write_ass_document, write_srt
from editing.subtitles.overlays import (
    COVER_MAX_LINES,
    COVER_TITLE_CELLS,
    LABEL_BIG_SECONDS,
    AssLayout,
    ass_layout,
    cover_title_lines,
    label_markup,
    write_ass,
    write_cover_ass,
)
from editing.subtitles.timing import cues_for_narration
from editing.subtitles.wrapping import (
    DROPPED_TRAILING,
    MAX_LINES,
    MAX_WIDTH,
    MIN_CUE_SECONDS,
    display_width,
    line_limit,
    wrap_lines,
)

__all__ = [
    "COVER_MAX_LINES",
    "COVER_TITLE_CELLS",
    "DROPPED_TRAILING",
    "LABEL_BIG_SECONDS",
    "MAX_LINES",
    "MAX_WIDTH",
    "MIN_CUE_SECONDS",
    "AssLayout",
    "ass_escape",
    "ass_layout",
    "ass_time",
    "cover_title_lines",
    "cues_for_narration",
    "line_limit",
    "display_width",
    "label_markup",
    "wrap_lines",
    "write_ass",
    "write_ass_document",
    "write_cover_ass",
    "write_srt",
]
