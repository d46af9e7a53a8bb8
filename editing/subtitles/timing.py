"""Timing: every character of the narration gets a start time from the speech engine's tokens
(aligned tolerantly: engines spell digits out, drop punctuation and tokenise differently), and the
line groups become cues that tile the speech: each ends where the next begins."""

from __future__ import annotations

import unicodedata

from editing.subtitles.wrapping import (
    _SENT,
    MIN_CUE_SECONDS,
    Lines,
    _break_lines,
    _break_two,
    _group_lines,
    _render,
    _sentences,
    _units,
)
from reelflow.models import Cue, WordTiming


def _norm(s: str) -> str:
    """Lower-case letters, digits and CJK only: what a token and the text can agree on."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())


def _char_times(text: str, words: list[WordTiming], end: float | None) -> list[float]:
    """A start time for every character of `text`, from tokens found by a forward search."""
    import numpy as np

    index: list[int] = []  # normalised position -> index in text
    chars: list[str] = []
    for i, ch in enumerate(text):
        for c in _norm(ch):
            index.append(i)
            chars.append(c)
    norm = "".join(chars)
    anchors: dict[int, float] = {}
    starts: set[int] = set()
    cursor = 0
    for word in words:
        token = _norm(word.text)
        if not token:
            continue
        pos = norm.find(token, cursor, cursor + 8 + 2 * len(token))  # a far match is a wrong one
        if pos < 0:
            continue
        span = max(word.end - word.start, 0.0)
        for k in range(len(token)):
            p = index[pos + k]
            if p not in starts:
                anchors[p] = word.start + span * k / len(token)
                starts.add(p)
        after = index[pos + len(token) - 1] + 1
        if after not in starts:
            anchors[after] = word.end
        cursor = pos + len(token)
    # Text before the first found token (or after the last) was still spoken from the first token
    # on (or up to the last): e.g. digits the engine spelled out.
    t0 = words[0].start if words else 0.0
    t1 = words[-1].end if words else (end if end is not None else 0.0)
    if not anchors:
        anchors = {0: t0, len(text): max(t1, t0)}
    if 0 not in anchors:
        anchors[0] = min(t0, anchors[min(anchors)])
    if max(anchors) < len(text):
        anchors[len(text)] = max(t1, anchors[max(anchors)])
    pos_arr = np.array(sorted(anchors), dtype=float)
    t_arr = np.maximum.accumulate(np.array([anchors[int(p)] for p in pos_arr], dtype=float))
    return np.interp(np.arange(len(text), dtype=float), pos_arr, t_arr).tolist()


# ---------------------------------------------------------------- cues


def cues_for_narration(
    text: str,
    words: list[WordTiming],
    language: str,
    *,
    offset: float = 0.0,
    end: float | None = None,
    limit: float | None = None,
) -> list[Cue]:
    """Timed subtitle cues for one narration: at most 2 lines each, tiling its speech.

    `words` are the engine's timed tokens (seconds from the narration start); `offset` moves
    the cues onto the video timeline; `end` is when the last cue ends (default: last word end).
    A cue shorter than 0.8 s is merged into a neighbour when the merge still fits two lines. `limit` is the
    line width (wrapping.line_limit: the frame's shape decides it for English).
    """
    units = _units(text, language, limit)
    if not units:
        return []
    times = _char_times(text, words, end)
    final = end if end is not None else (words[-1].end if words else times[-1])

    cues_lines: list[Lines] = []
    for lo, hi in _sentences(units, _SENT):
        for group in _group_lines(units, _break_lines(text, units, lo, hi, language, limit)):
            # Re-break within the cue: its last line no longer has to be full.
            cues_lines.append(_break_two(text, units, group[0][0], group[-1][1], language, limit) or group)

    def start_of(k: int) -> float:
        return times[units[cues_lines[k][0][0]].start]

    def duration(k: int) -> float:
        if k + 1 < len(cues_lines):
            return start_of(k + 1) - start_of(k)
        return max(final - start_of(k), MIN_CUE_SECONDS)

    def merged(first: int) -> Lines | None:
        return _break_two(text, units, cues_lines[first][0][0], cues_lines[first + 1][-1][1], language, limit)

    # Too-short cues join the shorter neighbour they still fit two lines with; repeat until none can.
    changed = True
    while changed and len(cues_lines) > 1:
        changed = False
        for k in sorted(range(len(cues_lines)), key=duration):
            if duration(k) >= MIN_CUE_SECONDS:
                break
            options = [
                (duration(first), first, lines)
                for first in (k - 1, k)
                if 0 <= first < len(cues_lines) - 1 and (lines := merged(first)) is not None
            ]
            if options:
                _, first, lines = min(options, key=lambda o: (o[0], o[1]))
                cues_lines[first : first + 2] = [lines]
                changed = True
                break

    starts = [start_of(k) for k in range(len(cues_lines))]
    for k in range(1, len(starts)):  # degenerate timings (identical token times) still give ordered cues
        starts[k] = max(starts[k], starts[k - 1] + 0.01)
    last_end = max(final, starts[-1] + 0.01)
    if end is None:
        last_end = max(last_end, starts[-1] + MIN_CUE_SECONDS)
    ends = starts[1:] + [last_end]
    cues = []
    for spans, t0, t1 in zip(cues_lines, starts, ends, strict=True):
        lines = [_render(text, units[i:j], language) for i, j in spans]
        cues.append(Cue(start=round(t0 + offset, 3), end=round(t1 + offset, 3), lines=lines))
    return cues
