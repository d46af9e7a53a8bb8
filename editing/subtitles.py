"""Subtitles: timed, line-broken cues from narration text, written as SRT and styled ASS.

The speech engine gives timed tokens; we align them to the text (tolerantly: engines
spell digits out, drop punctuation, and tokenise differently) so every character has a
start time. The text is then broken into display units that are never split (jieba
words with punctuation attached, numbers and Latin words whole), packed into lines with
a small dynamic programme that prefers clause punctuation, and lines into cues of at most
two lines. Cues tile the speech: each ends where the next begins.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from editing.presets import Preset
from reelflow.media import CJK_FONT, CJK_FONT_NAME, atomic_path
from reelflow.models import Cue, WordTiming

if TYPE_CHECKING:
    from PIL import ImageFont

MAX_WIDTH = {"zh": 16.0, "en": 42.0}
"""Line limits: zh in CJK widths (a Latin letter or digit is half), en in characters."""
MAX_LINES = 2
MIN_CUE_SECONDS = 0.8

# Characters that may not start a line: they stick to the unit before them.
_CLOSING = set("，。！？、；：”’」』）》〉】〕…—～%％‰℃°·,.!?;:)]}>")
# Characters that may not end a line: they stick to the unit after them.
_OPENING = set("“‘「『（《〈【〔([{<$¥￥€£#＃")
# Trailing punctuation dropped from displayed zh lines (a cleaner look; ？！ and quotes stay).
DROPPED_TRAILING = set("，。、；：,;:")
_SENTENCE_END = set("。！？!?…")
_CLAUSE_END = set("，、；：,;:")
_TRAILING_QUOTES = "”’」』）》〉】〕)]}\"'"
_EN_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "no.", "jr.", "sr."}
# Numbers and Latin words kept whole inside Chinese: 2025, 3.5%, 1,000, GPT-4o, 10:30, OpenAI.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:'’/+&_\-]*[A-Za-z0-9%％]|[A-Za-z0-9]%?")

# Break kinds after a unit, strongest first; the line/cue packers prefer strong ones.
_PARA, _SENT, _CLAUSE, _WORD = 4, 3, 2, 1


@dataclass(frozen=True)
class _Unit:
    """An unbreakable piece of text: text[start:end], with the kind of break that follows it."""

    start: int
    end: int
    brk: int


# ---------------------------------------------------------------- widths and units


def display_width(s: str) -> float:
    """Width in CJK cells: wide/fullwidth characters count 1, Latin letters, digits and ASCII 0.5.

    Ambiguous-width punctuation above U+2000 (“ ” … —) is drawn full width by CJK fonts, so counts 1.
    """
    width = 0.0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        eaw = unicodedata.east_asian_width(ch)
        width += 1.0 if eaw in "WF" or (eaw == "A" and ord(ch) >= 0x2000) else 0.5
    return width


def _measure(s: str, language: str) -> float:
    return display_width(s) if language == "zh" else float(len(s))


def _limit(language: str) -> float:
    return MAX_WIDTH["zh" if language == "zh" else "en"]


def _core_last(s: str) -> str:
    """The last character that decides the break kind, looking through closing quotes."""
    core = s.rstrip(_TRAILING_QUOTES)
    return core[-1] if core else ""


def _spans_zh(text: str) -> list[tuple[int, int]]:
    """Non-whitespace spans of `text` that must stay together, for Chinese."""
    import jieba

    n = len(text)
    breakable = [False] * (n + 1)
    pos = 0
    for token in jieba.lcut(text, HMM=True):
        pos += len(token)
        breakable[pos] = True
    breakable[0] = breakable[n] = True
    for m in _LATIN_RUN.finditer(text):  # never split a number or a Latin word
        for p in range(m.start() + 1, m.end()):
            breakable[p] = False
    quotes_seen = 0
    for i, ch in enumerate(text):
        if ch in "\"'":  # straight quotes: odd ones open, even ones close
            quotes_seen += 1
            if quotes_seen % 2:
                breakable[i + 1] = False
            else:
                breakable[i] = False
        elif ch in _CLOSING or ch == "·":
            breakable[i] = False
        if ch in _OPENING or ch == "·":
            breakable[i + 1] = False
    for i, ch in enumerate(text):  # whitespace always separates
        if ch.isspace():
            breakable[i] = breakable[i + 1] = True
    spans: list[tuple[int, int]] = []
    start = 0
    for p in range(1, n + 1):
        if breakable[p]:
            spans.append((start, p))
            start = p
    # Trim whitespace and drop whitespace-only pieces.
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _units(text: str, language: str, limit: float | None = None) -> list[_Unit]:
    """Split `text` into display units, hard-splitting any unit wider than a whole line."""
    spans = _spans_zh(text) if language == "zh" else [m.span() for m in re.finditer(r"\S+", text)]
    limit = limit or _limit(language)
    pieces: list[tuple[int, int]] = []
    for s, e in spans:
        if _measure(text[s:e], language) <= limit:
            pieces.append((s, e))
            continue
        cut = s  # wider than a line: the only case where a unit is split
        for i in range(s, e):
            if _measure(text[cut : i + 1], language) > limit:
                pieces.append((cut, i))
                cut = i
        pieces.append((cut, e))
    units: list[_Unit] = []
    for k, (s, e) in enumerate(pieces):
        if k + 1 == len(pieces):
            brk = _PARA
        else:
            nxt = pieces[k + 1][0]
            gap = text[e:nxt]
            last = _core_last(text[s:e])
            if "\n" in gap:
                brk = _PARA
            elif last in _SENTENCE_END or (last == "." and language != "zh"):
                brk = _SENT
                if last == "." and (
                    text[s:e].lower() in _EN_ABBREVIATIONS
                    or not (text[nxt].isupper() or text[nxt].isdigit() or text[nxt] in "\"“‘'(")
                ):
                    brk = _WORD
            elif last == "." and language == "zh" and not text[s:e][-2:-1].isdigit():
                brk = _SENT
            elif last in _CLAUSE_END:
                brk = _CLAUSE
            else:
                brk = _WORD
        units.append(_Unit(s, e, brk))
    return units


def _render(text: str, units: list[_Unit], language: str) -> str:
    """The displayed text of a line made of `units` (in order, contiguous)."""
    parts = [text[units[0].start : units[0].end]]
    for prev, unit in zip(units, units[1:], strict=False):
        if text[prev.end : unit.start]:
            parts.append(" ")
        parts.append(text[unit.start : unit.end])
    line = "".join(parts)
    if language == "zh":
        stripped = line.rstrip("".join(DROPPED_TRAILING))
        line = stripped or line
    return line


# ---------------------------------------------------------------- line and cue packing


Lines = list[tuple[int, int]]  # unit ranges [a, b), one per displayed line


def _line_cost(text: str, units: list[_Unit], i: int, j: int, last: bool, language: str,
               limit: float | None = None) -> float | None:  # fmt: skip
    """Cost of units[i:j] as one line (None if too wide): fuller lines and clause-end breaks are cheap."""
    limit = limit or _limit(language)
    width = _measure(_render(text, units[i:j], language), language)
    if width > limit and j > i + 1:
        return None
    # A line that runs on past a sentence end reads badly (only merges of short cues try it).
    cost = 1.0 + 3.0 * sum(1 for u in units[i : j - 1] if u.brk >= _SENT)
    if not last:
        brk = units[j - 1].brk
        cost += ((limit - width) / limit) ** 2 + (0.0 if brk >= _SENT else 0.1 if brk == _CLAUSE else 1.2)
    return cost


def _break_lines(text: str, units: list[_Unit], lo: int, hi: int, language: str,
                 limit: float | None = None) -> Lines:  # fmt: skip
    """Break units[lo:hi] into lines at the least total cost (dynamic programme over break points)."""
    limit = limit or _limit(language)
    best = [math.inf] * (hi - lo + 1)
    back = [0] * (hi - lo + 1)
    best[0] = 0.0
    for i in range(lo, hi):
        if best[i - lo] == math.inf:
            continue
        for j in range(i + 1, hi + 1):
            cost = _line_cost(text, units, i, j, j == hi, language, limit)
            if cost is None:
                if _measure(_render(text, units[i:j], language), language) > limit + 2:
                    break  # widths only grow from here (dropped punctuation aside)
                continue
            if best[i - lo] + cost < best[j - lo]:
                best[j - lo] = best[i - lo] + cost
                back[j - lo] = i
    lines: Lines = []
    j = hi
    while j > lo:
        i = back[j - lo]
        lines.append((i, j))
        j = i
    return lines[::-1]


def _break_two(text: str, units: list[_Unit], lo: int, hi: int, language: str) -> Lines | None:
    """The best breaking of units[lo:hi] into at most two lines, or None if it cannot fit."""
    lines = _break_lines(text, units, lo, hi, language)
    if len(lines) <= MAX_LINES:
        return lines
    best: tuple[float, Lines] | None = None
    for k in range(lo + 1, hi):
        first = _line_cost(text, units, lo, k, False, language)
        second = _line_cost(text, units, k, hi, True, language) if first is not None else None
        if first is not None and second is not None and (best is None or first + second < best[0]):
            best = (first + second, [(lo, k), (k, hi)])
    return best[1] if best else None


def _group_lines(units: list[_Unit], lines: Lines) -> list[Lines]:
    """Group one sentence's lines into cues of 1–2 lines, preferring cue breaks at clause ends."""
    n = len(lines)
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        for size in range(1, MAX_LINES + 1):
            i = j - size
            if i < 0:
                break
            cost = 1.0
            if j < n and units[lines[j - 1][1] - 1].brk < _CLAUSE:
                cost += 0.8
            if best[i] + cost < best[j]:
                best[j] = best[i] + cost
                back[j] = i
    cues: list[Lines] = []
    j = n
    while j > 0:
        i = back[j]
        cues.append(lines[i:j])
        j = i
    return cues[::-1]


def _sentences(units: list[_Unit], hard: int) -> list[tuple[int, int]]:
    """Ranges of units ending at a break of kind >= `hard`."""
    out, start = [], 0
    for k, unit in enumerate(units):
        if unit.brk >= hard:
            out.append((start, k + 1))
            start = k + 1
    if start < len(units):
        out.append((start, len(units)))
    return out


def wrap_lines(text: str, language: str, limit: float | None = None) -> list[str]:
    """Break on-screen text into lines with the subtitle rules (no timing); newlines force a break."""
    units = _units(text, language, limit)
    lines: list[str] = []
    for lo, hi in _sentences(units, _PARA):
        lines += [_render(text, units[a:b], language) for a, b in _break_lines(text, units, lo, hi, language, limit)]
    return lines


# ---------------------------------------------------------------- timing


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
) -> list[Cue]:
    """Timed subtitle cues for one narration: at most 2 lines each, tiling its speech.

    `words` are the engine's timed tokens (seconds from the narration start); `offset` moves
    the cues onto the video timeline; `end` is when the last cue ends (default: last word end).
    A cue shorter than 0.8 s is merged into a neighbour when the merge still fits two lines.
    """
    units = _units(text, language)
    if not units:
        return []
    times = _char_times(text, words, end)
    final = end if end is not None else (words[-1].end if words else times[-1])

    cues_lines: list[Lines] = []
    for lo, hi in _sentences(units, _SENT):
        for group in _group_lines(units, _break_lines(text, units, lo, hi, language)):
            # Re-break within the cue: its last line no longer has to be full.
            cues_lines.append(_break_two(text, units, group[0][0], group[-1][1], language) or group)

    def start_of(k: int) -> float:
        return times[units[cues_lines[k][0][0]].start]

    def duration(k: int) -> float:
        if k + 1 < len(cues_lines):
            return start_of(k + 1) - start_of(k)
        return max(final - start_of(k), MIN_CUE_SECONDS)

    def merged(first: int) -> Lines | None:
        return _break_two(text, units, cues_lines[first][0][0], cues_lines[first + 1][-1][1], language)

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


# ---------------------------------------------------------------- SRT


def _srt_time(t: float) -> str:
    ms = max(0, round(t * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
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


# ---------------------------------------------------------------- ASS


def _ass_time(t: float) -> str:
    cs = max(0, round(t * 100))
    h, rest = divmod(cs, 360_000)
    m, rest = divmod(rest, 6000)
    s, cs = divmod(rest, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{cs:02d}"


def ass_escape(s: str) -> str:
    """Make text literal for libass: braces would start override tags and \\N, \\n, \\h are codes."""
    s = s.replace("\\", "\\\u2060")  # a word joiner after a backslash breaks any escape code
    s = s.replace("{", "\\{").replace("}", "\\}")
    return " ".join(s.splitlines())


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
        size = round(0.052 * w)
        margin_lr = math.ceil(0.10 * w)
        margin_v = math.ceil(0.22 * h) + round(0.01 * h)
        label_margin_v = math.ceil(0.08 * h)
    else:
        size = round(0.045 * short)
        margin_lr = math.ceil(0.05 * w)
        margin_v = math.ceil(0.07 * h)
        label_margin_v = math.ceil(0.05 * h)
    avail = w - 2 * margin_lr - 2 * outline
    widest = max((_line_ems(line) for line in lines or []), default=0.0)
    if widest > 0:
        size = min(size, math.floor(avail / widest))
    from editing.provenance import label_big_font_size, label_font_size  # the label's size is a labelling rule

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
    fmt = (
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
        "Alignment, MarginL, MarginR, MarginV, Encoding"
    )

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
        fmt,
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
    events = ["Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
    for cue in cues:
        text = "\\N".join(ass_escape(line) for line in cue.lines)
        events.append(f"Dialogue: 0,{_ass_time(cue.start)},{_ass_time(cue.end)},Subtitle,,0,0,0,,{text}")
    span = duration if duration is not None else (cues[-1].end if cues else 0.0)
    if label and span > 0:
        tag = label_markup(label)
        events.append(f"Dialogue: 2,{_ass_time(0)},{_ass_time(span)},Label,,0,0,0,,{tag}")
        big_end = min(LABEL_BIG_SECONDS, span)
        events.append(f"Dialogue: 3,{_ass_time(0)},{_ass_time(big_end)},LabelBig,,0,0,0,,{{\\fad(150,400)}}{tag}")
    doc = "\n".join(
        [
            "[Script Info]",
            "; Written by reelflow",
            "ScriptType: v4.00+",
            f"PlayResX: {preset.width}",
            f"PlayResY: {preset.height}",
            "WrapStyle: 2",
            "ScaledBorderAndShadow: yes",
            "YCbCr Matrix: TV.709",
            "",
            "[V4+ Styles]",
            *styles,
            "",
            "[Events]",
            *events,
            "",
        ]
    )
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(doc, encoding="utf-8")
    return path


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
    fmt = (
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
        "Alignment, MarginL, MarginR, MarginV, Encoding"
    )
    box = "&H60000000"
    margin = round(0.08 * preset.width)
    styles = [
        fmt,
        # White on a dark, see-through box (BorderStyle 3): crisp edges read at a glance and by OCR, on any picture.
        f"Style: Title,{font},{size},&H00FFFFFF,&H000000FF,&H38000000,&H38000000,-1,0,0,0,"
        f"100,100,{round(0.02 * size, 1)},0,3,{round(0.28 * size)},0,5,{margin},{margin},0,1",
        f"Style: Label,{CJK_FONT_NAME},{lay.label_size},&H00FFFFFF,&H000000FF,{box},{box},0,0,0,0,"
        f"100,100,0,0,3,{lay.label_pad},0,7,{lay.label_margin_l},{lay.label_margin_l},{lay.label_margin_v},1",
    ]
    events = ["Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
    text = "\\N".join(ass_escape(x) for x in lines)
    events.append(f"Dialogue: 0,0:00:00.00,9:00:00.00,Title,,0,0,0,,{text}")
    if label:
        events.append(f"Dialogue: 1,0:00:00.00,9:00:00.00,Label,,0,0,0,,{label_markup(label)}")
    doc = "\n".join(
        ["[Script Info]", "; Written by reelflow", "ScriptType: v4.00+", f"PlayResX: {preset.width}",
         f"PlayResY: {preset.height}", "WrapStyle: 2", "ScaledBorderAndShadow: yes", "YCbCr Matrix: TV.709", "",
         "[V4+ Styles]", *styles, "", "[Events]", *events, ""]
    )  # fmt: skip
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(doc, encoding="utf-8")
    return path
