"""Breaking text into subtitle lines: display units that are never split (jieba words with their
punctuation, numbers and Latin words whole), packed into lines by a small dynamic programme that
prefers clause punctuation, and lines into groups of at most two."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from reelflow.linebreak import CLOSING as _CLOSING
from reelflow.linebreak import OPENING as _OPENING

MAX_WIDTH = {"zh": 16.0, "en": 42.0}
"""Line limits: zh in CJK widths (a Latin letter or digit is half), en in characters."""
MAX_LINES = 2
MIN_CUE_SECONDS = 0.8

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


PORTRAIT_EN_WIDTH = 32.0
"""English lines in a 9:16 frame: 42 characters across a phone held upright set the captions at ~40 px on a
1080-wide frame (Chinese at 54); 32 keep them at the same size as Chinese, in more, shorter lines."""


def _limit(language: str) -> float:
    return MAX_WIDTH["zh" if language == "zh" else "en"]


def line_limit(language: str, portrait: bool) -> float:
    """How wide a subtitle line may be for this language in this frame (zh in CJK widths, en in characters)."""
    return PORTRAIT_EN_WIDTH if portrait and language != "zh" else _limit(language)


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


def _break_two(text: str, units: list[_Unit], lo: int, hi: int, language: str,
               limit: float | None = None) -> Lines | None:  # fmt: skip
    """The best breaking of units[lo:hi] into at most two lines, or None if it cannot fit."""
    lines = _break_lines(text, units, lo, hi, language, limit)
    if len(lines) <= MAX_LINES:
        return lines
    best: tuple[float, Lines] | None = None
    for k in range(lo + 1, hi):
        first = _line_cost(text, units, lo, k, False, language, limit)
        second = _line_cost(text, units, k, hi, True, language, limit) if first is not None else None
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
