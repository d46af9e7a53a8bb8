"""The `graphics` renderer: designed motion graphics for each visual kind, on any machine.

Each shot is one ffmpeg run: a flat colour source (or the article image under a slow camera move) with an
ASS script on top that libass animates (`\\move`, `\\t`, `\\fad`, vector `\\p` drawings). Text and shapes
are described once; no Python runs per frame. Layout follows one grid and type scale per aspect, keeps
clear of the subtitle band and the AI label, and times each element to when the narration says it
(word timings in `options["words"]` when the caller has them, else the text's share of the shot).
"""

from __future__ import annotations

import colorsys
import hashlib
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageFont

from generator.video import register
from generator.video.animatic import _cover, _even, wrap_to_width
from generator.video.base import RenderRequest
from generator.video.icons import ICONS, drawing
from reelflow.brand import Brand, ass_colour, brand_options
from reelflow.media import CJK_FONT, CJK_FONT_NAME, atomic_path, filter_path, run_ffmpeg, scratch_dir
from reelflow.models import (
    ChartVisual,
    CompareVisual,
    ImageVisual,
    ListVisual,
    QuoteVisual,
    SceneVisual,
    Shot,
    ShotClip,
    StatVisual,
    TimelineVisual,
    TitleVisual,
)
from reelflow.pictograms import card_candidates

PER_CENT_WORDS = frozenset({"percent", "per cent"})  # a chart sets them as %
PER_CENT = PER_CENT_WORDS | {"%", "％"}  # units that make a figure a share
FADE = 0.35  # Script.text's fade in, seconds
VALUE_AFTER, VALUE_FADE = 0.35, FADE  # a bar's value starts fading in this long after its bar starts to grow
LEAD = 0.12  # the cut starts the narration this long after the shot (reelflow/pipeline/steps.py LEAD)
PUSH = 0.08  # an article image ends this much closer than it starts
MOODS = {"calm": 0.58, "upbeat": 0.08, "warm": 0.04, "serious": 0.62, "tense": 0.97, "hopeful": 0.12}


@dataclass(frozen=True)
class Grid:
    """Where things go, in pixels: margins, the safe band between the label and the subtitles, a type scale."""

    w: int
    h: int
    left: int
    right: int
    top: int
    bottom: int
    unit: int  # the type scale's base size

    @classmethod
    def for_frame(cls, w: int, h: int) -> Grid:
        # The cut's AI label is a box from 8 % down (portrait) or 5 % (others) whose type is ≥ 5 % of the short
        # side: it ends ~16 % down in 9:16 and ~19 % in 1:1 and 16:9. Graphics start below it.
        if h > w:  # 9:16: subtitles from ~62 % down: graphics live in 18-60 %
            return cls(w, h, round(0.08 * w), round(0.92 * w), round(0.18 * h), round(0.60 * h), round(0.036 * w))
        if h == w:
            return cls(w, h, round(0.08 * w), round(0.92 * w), round(0.21 * h), round(0.70 * h), round(0.032 * w))
        return cls(w, h, round(0.07 * w), round(0.93 * w), round(0.21 * h), round(0.72 * h), round(0.020 * w))

    def size(self, step: int) -> int:
        """The type scale: a major third per step from the base."""
        return round(self.unit * 1.25**step)


@dataclass(frozen=True)
class Palette:
    bg: str  # ASS &HBBGGRR&
    bg_rgb: str  # ffmpeg 0xRRGGBB
    glow: str
    accent: str
    text: str = "&HFFFFFF&"
    muted: str = "&HD8D0C8&"
    on_accent: str = "&HFFFFFF&"  # type set on an accent tab


def _rgb(ass: str) -> tuple[int, int, int]:
    return int(ass[6:8], 16), int(ass[4:6], 16), int(ass[2:4], 16)


def _mix(a: str, b: str, share: float) -> str:
    """`share` of colour a, the rest b (ASS colours)."""
    r, g, bb = (round(x * share + y * (1 - share)) for x, y in zip(_rgb(a), _rgb(b), strict=True))
    return f"&H{bb:02X}{g:02X}{r:02X}&"


def _luma(ass: str) -> float:
    r, g, b = _rgb(ass)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def palette(title: str, mood: str | None, brand: Brand | None = None) -> Palette:
    """One palette per clip: the brand's colours where set, else the hue from the mood (or the title when there is
    none), dark background, bright accent."""
    digest = hashlib.sha256(title.encode()).digest()
    hue = MOODS.get(mood or "", digest[0] / 255.0)

    def hexes(h: float, s: float, v: float) -> str:
        r, g, b = (round(c * 255) for c in colorsys.hsv_to_rgb(h % 1.0, s, v))
        return f"&H{b:02X}{g:02X}{r:02X}&"

    brand = brand or Brand()
    bg = ass_colour(brand.background) if brand.background else hexes(hue, 0.70, 0.16)
    glow = hexes(hue + 0.06, 0.65, 0.55)
    if brand.background:  # the glows: the brand's background, lighter (or darker on a light one)
        glow = _mix(bg, "&HFFFFFF&" if _luma(bg) < 128 else "&H000000&", 0.8)
    accent = ass_colour(brand.accent) if brand.accent else hexes(hue + 0.45, 0.60, 1.0)
    text = ass_colour(brand.text) if brand.text else ("&HFFFFFF&" if _luma(bg) < 140 else "&H161616&")
    r, g, b = _rgb(bg)
    return Palette(bg, f"0x{r:02X}{g:02X}{b:02X}", glow, accent, text, _mix(text, bg, 0.78),
                   "&HFFFFFF&" if _luma(accent) < 150 else "&H161616&")


def _esc(text: str) -> str:
    return text.replace("\\", "/").replace("{", "(").replace("}", ")").replace("\n", " ")


def _t(seconds: float) -> str:
    seconds = max(0.0, seconds)
    cs = round(seconds * 100)
    return f"{cs // 360000}:{cs // 6000 % 60:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"


def _rect(w: float, h: float) -> str:
    return f"m 0 0 l {w:.0f} 0 {w:.0f} {h:.0f} 0 {h:.0f}"


def _circle(r: float) -> str:
    k = 0.5523 * r
    return (f"m 0 {-r:.0f} b {k:.0f} {-r:.0f} {r:.0f} {-k:.0f} {r:.0f} 0 b {r:.0f} {k:.0f} {k:.0f} {r:.0f} 0 {r:.0f} "
            f"b {-k:.0f} {r:.0f} {-r:.0f} {k:.0f} {-r:.0f} 0 b {-r:.0f} {-k:.0f} {-k:.0f} {-r:.0f} 0 {-r:.0f}")


_ENTRANCE = re.compile(r"\\t\([^)]*\)|\\fad\([^)]*\)|\\alpha&HFF&|\\fsc[xy](?:0|1\d\d)(?!\d)")
_MOVE = re.compile(r"\\move\([-\d.]+,[-\d.]+,([-\d.]+),([-\d.]+)(?:,[-\d.]+,[-\d.]+)?\)")


def _settled(tags: str) -> str:
    """An element's tags without its entrance: no fade, grow, pop or slide; it stands where it would come to rest."""
    return _ENTRANCE.sub("", _MOVE.sub(r"\\pos(\1,\2)", tags))


class Script:
    """An ASS script being written: one event per element, times in seconds from the shot start."""

    def __init__(self, grid: Grid, pal: Palette, duration: float, font: tuple[Path, str] = (CJK_FONT, CJK_FONT_NAME),
                 *, settled: bool = False) -> None:
        self.grid, self.pal, self.duration = grid, pal, duration
        self.font_path, self.font_name = font
        self.settled = settled  # the card goes on from the shot before: everything already in place
        self.events: list[str] = []

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(size, self.font_path)

    def wrap(self, text: str, size: int, width: float, language: str) -> list[str]:
        return wrap_to_width(text, self.font(size), width, language)

    def add(self, tags: str, text: str, start: float = 0.0, end: float | None = None, layer: int = 1) -> None:
        end = self.duration if end is None else end
        if self.settled:
            tags, start = _settled(tags), 0.0
        self.events.append(f"Dialogue: {layer},{_t(start)},{_t(end)},Base,,0,0,0,,{{{tags}}}{text}")

    def shape(self, tags: str, path: str, start: float = 0.0, end: float | None = None, layer: int = 1) -> None:
        self.add(tags + "\\p1", path, start, end, layer)

    def text(self, x: float, y: float, text: str, size: int, *, start: float = 0.0, colour: str | None = None,
             align: int = 7, bold: bool = False, rise: int = 0, extra: str = "", end: float | None = None) -> None:
        """Text that fades in at `start`, rising `rise` pixels into place."""
        colour = colour or self.pal.text
        a = round(start * 1000)
        move = f"\\move({x:.0f},{y + rise:.0f},{x:.0f},{y:.0f},{a},{a + 450})" if rise else f"\\pos({x:.0f},{y:.0f})"
        fade = f"\\alpha&HFF&\\t({a},{a + round(FADE * 1000)},\\alpha&H00&)" if start > 0 else "\\fad(300,0)"
        self.add(f"\\an{align}{move}\\fs{size}\\b{int(bold)}\\1c{colour}\\bord0\\shad0{fade}{extra}", _esc(text),
                 0.0, end)

    def render(self) -> str:
        g = self.grid
        head = (
            "[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: yes\n"
            f"PlayResX: {g.w}\nPlayResY: {g.h}\n\n[V4+ Styles]\n"
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
            "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
            "MarginL, MarginR, MarginV, Encoding\n"
            f"Style: Base,{self.font_name},{g.unit},&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,"
            "0,0,7,0,0,0,1\n\n[Events]\n"
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        )
        return head + "\n".join(self.events) + "\n"


class Timing:
    """When a piece of the narration is spoken, from word timings if given, else from its share of the text."""

    def __init__(self, narration: str, duration: float, words: list[dict] | None) -> None:
        self.narration, self.duration, self.words = narration, duration, words or []
        self.speech = max(0.5, duration - LEAD - 0.4)

    def at(self, piece: str, default: float = 0.3) -> float:
        pos = self.narration.find(piece) if piece else -1
        if pos < 0:
            return default
        if self.words:  # the word whose running text reaches `pos`
            seen = 0
            for w in self.words:
                seen += len(str(w.get("text", "")))
                if seen > pos:
                    return LEAD + float(w.get("start", 0.0))
        return LEAD + self.speech * pos / max(1, len(self.narration))


def _font(size: int, path: Path = CJK_FONT) -> ImageFont.FreeTypeFont:
    """The font as libass draws it at `\\fs{size}`: libass fits ascent + descent (not the em) into the size, so
    Noto CJK's glyphs come out 1/1.45 of PIL's at the same number; measured at PIL's size, lines broke at 70 %."""
    return _font_at(size, str(path))


@lru_cache(maxsize=256)
def _font_at(size: int, path: str) -> ImageFont.FreeTypeFont:
    ascent, descent = ImageFont.truetype(path, 1000).getmetrics()
    return ImageFont.truetype(path, max(1, round(size * 1000 / (ascent + descent))))


def glow_still(pal: Palette, seed: int, bw: int, bh: int) -> Image.Image:
    """The background still: the palette's dark colour with three soft glows, drawn once with numpy.
    Blurred vector glows moved by libass cost ~1 s per second of 1080x1920; a crop pan over this costs nothing."""
    def rgb(ass: str) -> np.ndarray:
        b, g, r = int(ass[2:4], 16), int(ass[4:6], 16), int(ass[6:8], 16)
        return np.array([r, g, b], dtype=np.float32) / 255

    rng = hashlib.sha256(str(seed).encode()).digest()
    y = np.linspace(0, 1, bh, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, bw, dtype=np.float32)[None, :]
    base = rgb(pal.bg)
    img = np.broadcast_to(base, (bh, bw, 3)).copy()
    for i in range(3):  # each glow lightens towards the glow colour (a brand's light background too)
        cx, cy, r = rng[i] / 255, rng[3 + i] / 255, 0.25 + rng[6 + i] / 255 * 0.2
        d2 = ((x - cx) * bw / bh) ** 2 + (y - cy) ** 2
        img += (np.exp(-d2 / (2 * r * r)) * 0.35)[..., None] * (rgb(pal.glow) - base * (base.mean() > 0.5))
    return Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), "RGB")


def _kicker(s: Script, text: str, language: str) -> float:
    """The small accent line at the top of the safe area (the clip's title); returns the y below it."""
    g = s.grid
    size = g.size(0)
    s.shape(f"\\an7\\pos({g.left},{g.top})\\1c{s.pal.accent}\\bord0\\shad0\\fscx0\\t(0,500,\\fscx100)",
            _rect(g.size(4), max(4, g.unit // 5)))
    line = (s.wrap(text, size, g.right - g.left, language) or [""])[0]
    s.text(g.left, g.top + size * 0.7, line, size, colour=s.pal.muted, start=0.1)
    return g.top + size * 2.4


def _title(s: Script, v: TitleVisual, timing: Timing, language: str, icon: str | None = None) -> None:
    g = s.grid
    size = g.size(5)
    lines = s.wrap(v.text, size, g.right - g.left, language)[:4]
    y = g.top + (g.bottom - g.top) * 0.18
    sub_h = g.size(2) * 2.6 if v.subtitle else 0.0
    room = _pictogram(s, icon, "headline", g.top, 0.1, len(lines) * size * 1.2 + size * 0.4 + sub_h) if icon else None
    if room:  # the pictogram of what the title names, above it
        y = max(y, room[0])
        size, lines = _fitted(s, v.text, 5, room[2] - room[1], language, most=4, height=g.bottom - y - sub_h)
    else:  # the words, the rule and the subtitle end above the subtitles (a square frame has less room)
        size, lines = _fitted(s, v.text, 5, g.right - g.left, language, most=4, height=g.bottom - y - sub_h)
    for i, line in enumerate(lines):
        s.text(g.left, y + i * size * 1.2, line, size, start=0.15 + 0.25 * i, bold=True, rise=size // 2)
    y += len(lines) * size * 1.2 + size * 0.4
    s.shape(f"\\an7\\pos({g.left},{y:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\fscx0\\t(300,900,\\fscx100)",
            _rect((g.right - g.left) * 0.35, max(6, g.unit // 3)))
    if v.subtitle:
        sub = g.size(2)
        for i, line in enumerate(s.wrap(v.subtitle, sub, g.right - g.left, language)[:2]):
            s.text(g.left, y + sub * (1.0 + 1.3 * i), line, sub, colour=s.pal.accent,
                   start=max(0.8, timing.at(v.subtitle, 0.8)), rise=sub // 2)


def _stat(s: Script, v: StatVisual, timing: Timing, title: str, language: str) -> None:
    g = s.grid
    y = _kicker(s, title, language) + g.size(1)
    # The count-up lands as the number is said, and by 80 % of the shot at the latest (a number said late
    # counts up faster), so a viewer who pauses sees the figure; its label comes in with the count, not long before.
    land = min(max(0.9, timing.at(v.value, 1.0)), max(0.3, 0.8 * s.duration - 0.1))
    rise_from = max(0.2, land - 0.9) if land > 0.5 else land * 0.4
    label = g.size(3)
    label_lines = s.wrap(v.label, label, g.right - g.left, language)[:2]
    for i, line in enumerate(label_lines):
        s.text(g.left, y + i * label * 1.25, line, label, start=max(0.3, rise_from - 0.3), rise=label // 2)
    y += label * (1.25 * max(1, len(label_lines)) + 0.6)  # a one-line label leaves the number its room (16:9)
    big = g.size(9) if len(v.value) <= 5 else g.size(7)
    unit = g.size(4)
    # a change by N ("fell by 45 percent") is drawn with its direction: an arrow before the number
    arrow = big * 0.55 if v.change else 0.0
    x = g.left + (arrow + g.unit * 0.6 if arrow else 0)
    while big > unit and x + s.font(big).getlength(v.value) > g.right:  # a long figure (一千八百万) shrinks to fit
        big = round(big * 0.9)
        arrow = big * 0.55 if v.change else 0.0
        x = g.left + (arrow + g.unit * 0.6 if arrow else 0)
    beside = x + s.font(big).getlength(v.value) + unit * 0.3 + s.font(unit).getlength(v.unit) <= g.right
    below = 0.0 if beside or not v.unit else unit * 1.4  # a long unit ("lights per square km") under the number
    big = min(big, round((g.bottom - y - g.unit - below) / 1.4))  # the number and its bar end above the subtitles
    note = g.size(2)
    note_lines = s.wrap(v.note, note, g.right - g.left, language)[:2] if v.note else []
    if note_lines:  # and the note's lines under the rule too
        big = min(big, round((g.bottom - y - g.unit - below - note * 1.25 * len(note_lines)) / 1.35))
    unit = min(unit, round(big * 0.5))  # the unit stays a step below the number however small the room makes it
    if arrow:
        arrow = big * 0.55
        x = g.left + arrow + g.unit * 0.6
        ms = round(max(0.0, land - FADE) * 1000)
        s.shape(f"\\an7\\pos({g.left},{y + big * 0.25:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\alpha&HFF&"
                f"\\t({ms},{ms + round(FADE * 1000)},\\alpha&H00&)", _arrow(arrow, up=v.change == "up"))
    if v.number is not None and v.value.replace(",", "").replace(".", "").isdigit() and not s.settled:
        steps = 10  # a count-up that lands on the number as it is said
        decimals = len(v.value.split(".")[1]) if "." in v.value else 0
        for k in range(steps):
            t0 = rise_from + (land - rise_from) * k / steps
            t1 = rise_from + (land - rise_from) * (k + 1) / steps
            shown = f"{v.number * (k + 1) / (steps + 1):,.{decimals}f}".replace(",", "" if "," not in v.value else ",")
            s.add(f"\\an7\\pos({x:.0f},{y:.0f})\\fs{big}\\b1\\1c{s.pal.accent}\\bord0\\shad0", shown, t0, t1)
    s.add(f"\\an7\\pos({x:.0f},{y:.0f})\\fs{big}\\b1\\1c{s.pal.accent}\\bord0\\shad0\\fscx112\\fscy112"
          f"\\t(0,250,\\fscx100\\fscy100)", _esc(v.value), land)
    width = s.font(big).getlength(v.value)
    # the unit is in (its fade done) when the count lands: "14 km per hour" is read whole with the number
    ux, uy = (x + width + unit * 0.3, y + big - unit * 1.35) if not below else (x, y + big * 1.1)
    s.text(ux, uy, v.unit, unit, start=max(0.0, land - FADE), colour=s.pal.text)
    # "six more than last year": the comparison the article gives, under the figure's rule as it lands
    for i, line in enumerate(note_lines):
        s.text(g.left, y + below + big * 1.35 + g.unit + i * note * 1.25, line, note, colour=s.pal.text,
               start=land, rise=note // 2)
    y += below
    bar_y = y + big * 1.35
    ms = round(land * 1000)
    share = _share(v)
    if share is not None:  # a share fills its track to the share: 45 % reads as 45 % of the width
        track = _rect(g.right - g.left, g.unit // 3)
        s.shape(f"\\an7\\pos({g.left},{bar_y:.0f})\\1c&HFFFFFF&\\1a&HC0&\\bord0\\shad0", track)
    # any other figure gets an accent rule, not a gauge a viewer would read as a proportion
    fill = (g.right - g.left) * share if share is not None else g.size(7)
    s.shape(f"\\an7\\pos({g.left},{bar_y:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\fscx0\\t({max(0, ms - 900)},{ms},"
            f"\\fscx100)", _rect(max(g.unit // 3, fill), g.unit // 3))


def _share(v: StatVisual) -> float | None:
    """The figure as a share of a whole (0-1) when it is a level in per cent; None for anything else (a count, a
    change by some per cent, a share written in words)."""
    if v.unit.strip().lower() in PER_CENT and v.number is not None and not v.change:
        return v.number / 100 if 0 <= v.number <= 100 else None
    return None


def _arrow(size: float, *, up: bool) -> str:
    """A solid arrow `size` high (a triangle head on a stem), pointing up or down."""
    w, head, stem = size * 0.8, size * 0.55, size * 0.28
    pts = [(w / 2, 0), (w, head), (w / 2 + stem / 2, head), (w / 2 + stem / 2, size), (w / 2 - stem / 2, size),
           (w / 2 - stem / 2, head), (0, head)]
    if not up:
        pts = [(px, size - py) for px, py in pts]
    (x0, y0), *rest = pts
    return f"m {x0:.0f} {y0:.0f} l " + " ".join(f"{px:.0f} {py:.0f}" for px, py in rest)


def _chart(s: Script, v: ChartVisual, timing: Timing, title: str, language: str) -> None:
    g = s.grid
    y = _kicker(s, title, language) + g.size(1)
    if v.title:  # what the bars measure, whole (the kicker keeps one line of the clip's title)
        head = g.size(3)
        lines = s.wrap(v.title, head, g.right - g.left, language)[:2]
        for i, line in enumerate(lines):
            s.text(g.left, y + i * head * 1.25, line, head, start=0.2, bold=True, rise=head // 3)
        y += len(lines) * head * 1.25 + g.size(1)
    top = max(b.number for b in v.bars) or 1.0
    unit = "%" if v.unit.lower() in PER_CENT_WORDS else v.unit  # "38 percent" is set as 38%
    word_unit = unit[:1].isalpha() and unit[:1].isascii()
    sep = " " if word_unit else ""  # "38 minutes", "38%", "14个"
    texts = [f"{b.value}{sep}{unit}" for b in v.bars]
    widest = max(s.font(g.size(4)).getlength(t) for t in texts)
    if word_unit and widest > 0.3 * (g.right - g.left):  # "612 complaints" on every row left the bars a third
        caption = g.size(1)  # of the width: the unit is said once, under the title, and the values stand bare
        s.text(g.left, y - g.size(1) * 0.4, unit, caption, colour=s.pal.muted, start=0.3)
        y += caption * 1.5
        texts = [b.value for b in v.bars]
    lay = _bar_rows(s, g.bottom - y, [b.label for b in v.bars])
    label, value, row, bar_h = lay.label, lay.value, lay.row, lay.bar_h
    x0 = g.left + lay.column
    span = g.right - x0
    # The longest bar leaves room for its value beside it (a long unit such as "percent" ran off the frame).
    longest = min(span * 0.78, span - max(s.font(value).getlength(t) for t in texts) - g.unit * 1.2)
    for i, b in enumerate(v.bars):
        # each bar and its value are in by 80 % of the shot, however late the label is said: the value fades in
        # (VALUE_FADE) from VALUE_AFTER after its bar starts, and it is the value, not the bar, that must be read
        when = min(max(0.3 + 0.3 * i, timing.at(b.label, 0.3 + 0.5 * i)),
                   max(0.3, 0.8 * s.duration - VALUE_AFTER - VALUE_FADE))
        ms = round(when * 1000)
        yy = y + i * row
        if lay.column:  # the label on the bar's own row, to its left
            by = yy + (row - bar_h) / 2
            if b.label:
                s.text(g.left, by + bar_h / 2 - label * 0.6, b.label, label, start=when, rise=label // 3)
        else:
            if b.label:
                s.text(g.left, yy, b.label, label, start=when, rise=label // 3)
            by = yy + (label * 1.45 if b.label else 0)
        length = max(bar_h, longest * b.number / top)
        s.shape(f"\\an7\\pos({x0},{by:.0f})\\1c&HFFFFFF&\\1a&HD8&\\bord0\\shad0", _rect(longest, bar_h))
        s.shape(f"\\an7\\pos({x0},{by:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\fscx0\\t({ms},{ms + 700},"
                f"\\fscx100)", _rect(length, bar_h))
        # values stand in one column past the track's end: over the track's unfilled part they read as boxed
        s.text(x0 + longest + g.unit * 0.6, by + bar_h / 2 - value * 0.62, texts[i], value,
               start=when + VALUE_AFTER, bold=True)


@dataclass(frozen=True)
class BarRows:
    """How a chart's bars are set: type sizes, the row and bar heights, and the label column (0: labels above)."""

    label: int
    value: int
    row: float
    bar_h: float
    column: float = 0.0


def _bar_rows(s: Script, room: float, labels: list[str]) -> BarRows:
    """How to set bars with `labels` in `room` pixels, without a row's label running into the value above it.

    First a label above each bar, the value beside the bar, its glyphs reaching about half their size below the
    bar's middle; if that does not fit (a breakdown of five parts in a square frame), each label moves to the left
    of its bar, on one row, in a column as wide as the widest label (at most 45 % of the width); the type steps
    down until the rows fit.
    """
    g = s.grid
    row = room / max(3, len(labels))
    labelled = any(labels)
    for label_step, value_step in ((2, 4), (1, 3), (0, 2)):
        label, value = g.size(label_step), g.size(value_step)
        bar_h = min(row * 0.38, value)
        if (label * 1.75 if labelled else label * 0.5) + bar_h / 2 + value * 0.45 <= row:
            return BarRows(label, value, row, bar_h)
    for label_step, value_step in ((1, 3), (0, 2), (-1, 1)):
        label, value = g.size(label_step), g.size(value_step)
        widest = max(s.font(label).getlength(x) for x in labels)
        if widest <= 0.45 * (g.right - g.left) and max(value * 0.9, label * 1.2) <= row:
            return BarRows(label, value, row, min(row * 0.45, value * 0.6), widest + g.unit)
    return BarRows(label, value, row, max(3.0, min(row * 0.3, value * 0.5)), widest + g.unit)


def _list(s: Script, items: list[str], heading: str, timing: Timing, title: str, language: str) -> None:
    g = s.grid
    y = _kicker(s, heading or title, language) + g.size(1)
    size = g.size(3) if len(items) <= 4 else g.size(2)
    wrapped = [s.wrap(item, size, g.right - g.left - size * 1.3, language)[:2] or [item] for item in items[:6]]
    lines_per = max(len(w) for w in wrapped)  # an item is shown whole: two lines where it needs them
    row = min(size * (2.1 + 1.25 * (lines_per - 1)), (g.bottom - y) / max(1, len(items)))
    for i, item in enumerate(items[:6]):
        when = max(0.3 + 0.25 * i, timing.at(item.removesuffix("…"), 0.4 + 0.6 * i))
        yy = y + i * row
        s.shape(f"\\an7\\pos({g.left},{yy + size * 0.3:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\fad(200,0)",
                _rect(size * 0.55, size * 0.55), when)
        for k, line in enumerate(wrapped[i]):
            s.text(g.left + size * 1.3, yy + k * size * 1.25, line, size, start=when, rise=0)
        rule_y = yy + size * (1.45 + 1.25 * (len(wrapped[i]) - 1))
        s.shape(f"\\an7\\pos({g.left + size * 1.3:.0f},{rule_y:.0f})\\1c&HFFFFFF&\\1a&HD0&\\bord0\\shad0",
                _rect(g.right - g.left - size * 1.3, 2), when)


def _compare(s: Script, v: CompareVisual, timing: Timing, title: str, language: str) -> None:
    """Two or three things side by side: a column each, its name on an accent tab; each attribute row comes in
    as it is said. With no rows, the names alone face each other across a "vs"."""
    g = s.grid
    y = _kicker(s, title, language) + g.size(1)
    n = len(v.items)
    gap = g.unit
    col = (g.right - g.left - gap * (n - 1)) / n
    head = g.size(3) if n == 2 else g.size(2)
    # as its values are: a name said late ("…, or 532 kg across the chain") is in by 80 % of the shot
    latest = max(0.2, 0.8 * s.duration - FADE - 0.1)
    for i, item in enumerate(v.items):
        x = g.left + i * (col + gap)
        when = min(latest - 0.15, max(0.3 + 0.2 * i, timing.at(item, 0.3 + 0.4 * i)))
        ms = round(when * 1000)
        s.shape(f"\\an7\\pos({x:.0f},{y:.0f})\\1c{s.pal.accent}\\bord0\\shad0\\fscy0\\t({ms},{ms + 350},\\fscy100)",
                _rect(col, head * 1.9))
        lines = s.wrap(item, head, col - gap, language)[:2]
        for k, line in enumerate(lines):
            s.text(x + gap * 0.5, y + head * (0.35 + 1.15 * k) - (head * 0.55 if len(lines) > 1 else 0), line, head,
                   start=when + 0.15, bold=True, colour=s.pal.on_accent)
    y += head * 2.6
    if not v.rows:
        vs = g.size(6)
        s.text((g.left + g.right) / 2, y + vs * 0.4, "vs", vs, align=8, colour=s.pal.muted, start=0.6, bold=True)
        return
    rows = v.rows[:5]
    label = g.size(2) if any(a for a, _ in rows) else 0
    figures = all(any(ch.isdigit() for ch in val) for _, values in rows for val in values)
    value = _figure_size(s, rows, n, col - gap * 0.5, (g.bottom - y) / max(1, len(rows)) - label * 1.5, figures)
    row_h = min(label * 1.5 + value * 1.6, (g.bottom - y) / max(1, len(rows)))
    # as a chart's values are: every value is in (its fade done) by 80 % of the shot, however late it is said
    for r, (attribute, values) in enumerate(rows):
        yy = y + r * row_h
        when = min(latest, max(0.4 + 0.3 * r, timing.at(attribute, 0.6 + 0.7 * r)))
        if attribute:
            s.text(g.left, yy, attribute, label, start=when, colour=s.pal.muted)
        for i, val in enumerate(values[:n]):
            x = g.left + i * (col + gap)
            at = min(latest - 0.1, max(when, timing.at(val, when)))
            line = (s.wrap(val, value, col - gap * 0.5, language) or [val])[0]
            s.text(x, yy + label * 1.35, line, value, start=at + 0.1, bold=True, rise=value // 3,
                   colour=s.pal.accent if figures else s.pal.text)
        s.shape(f"\\an7\\pos({g.left},{yy + row_h - gap * 0.4:.0f})\\1c&HFFFFFF&\\1a&HD8&\\bord0\\shad0",
                _rect(g.right - g.left, 2), when)


def _figure_size(s: Script, rows: list[tuple[str, list[str]]], n: int, width: float, height: float,
                 figures: bool) -> int:
    """The largest type for a comparison's values that fits each in its column on one line and its row: a few
    figures side by side are the picture (read big, as a stat is), words take a smaller size to wrap."""
    g = s.grid
    steps = range(7 if figures and len(rows) <= 2 else 3 if n == 2 else 2, 1, -1)
    for step in steps:
        size = g.size(step)
        if size * 1.6 <= height and all(s.font(size).getlength(val) <= width for _, values in rows
                                        for val in values[:n]) or not figures:
            return size
    return g.size(2)


def _timeline(s: Script, v: TimelineVisual, timing: Timing, title: str, language: str) -> None:
    """Dated events down a line: a dot, the date in the accent colour and what happened, each as it is said."""
    g = s.grid
    y = _kicker(s, title, language) + g.size(1)
    events = v.events[:6]
    when_size, what_size = g.size(3), g.size(2)
    need, room = when_size * 1.3 + what_size * 2.6, (g.bottom - y) / max(1, len(events))
    if need > room:  # many events: smaller type, so that a row's two lines never run into the next date
        when_size, what_size = max(12, round(when_size * room / need)), max(10, round(what_size * room / need))
    row = min(when_size * 1.3 + what_size * 2.6, room)
    x_line = g.left + g.unit * 0.6
    ms_end = round(max(0.6, timing.at(events[-1].when, 0.6 + 0.6 * len(events))) * 1000)
    s.shape(f"\\an7\\pos({x_line - 2:.0f},{y:.0f})\\1c&HFFFFFF&\\1a&HB0&\\bord0\\shad0\\fscy0"
            f"\\t(200,{ms_end + 400},\\fscy100)", _rect(4, row * (len(events) - 0.4)))
    for i, e in enumerate(events):
        yy = y + i * row
        when = max(0.3 + 0.3 * i, timing.at(e.when, 0.4 + 0.6 * i))
        ms = round(when * 1000)
        r = g.unit * 0.45
        s.shape(f"\\an7\\pos({x_line:.0f},{yy + when_size * 0.55:.0f})\\1c{s.pal.accent}\\bord0\\shad0"
                f"\\fscx0\\fscy0\\t({ms},{ms + 300},\\fscx100\\fscy100)", _circle(r))
        x = x_line + g.unit * 1.4
        s.text(x, yy, e.when, when_size, start=when, bold=True, colour=s.pal.accent, rise=when_size // 3)
        for k, line in enumerate(s.wrap(e.what, what_size, g.right - x, language)[:2]):
            s.text(x, yy + when_size * 1.3 + k * what_size * 1.25, line, what_size, start=when + 0.2)


def _quote(s: Script, v: QuoteVisual, timing: Timing, title: str, language: str) -> None:
    g = s.grid
    y = _kicker(s, title, language) + g.size(1)
    mark = g.size(9)
    s.text(g.left - mark * 0.05, y - mark * 0.2, "“", mark, colour=s.pal.accent, start=0.1, bold=True)
    y += mark * 0.75
    # the largest type at which the words and the speaker end above the subtitles (a square frame has less room)
    sp = g.size(2)
    for step in (4, 3, 2, 1) if len(v.text) < 30 else (3, 2, 1, 0):
        size = g.size(step)
        lines = s.wrap(v.text, size, g.right - g.left, language)
        if len(lines) <= 5 and y + len(lines) * size * 1.35 + (sp * 2.2 if v.speaker else 0) <= g.bottom:
            break
    lines = lines[:5]
    start = max(0.3, timing.at(v.text, 0.3))
    for i, line in enumerate(lines):
        s.text(g.left, y + i * size * 1.35, line, size, start=start + 0.2 * i, rise=size // 3)
    if v.speaker:
        s.text(g.left, y + len(lines) * size * 1.35 + sp, f"— {v.speaker}", sp, colour=s.pal.accent,
               start=start + 0.2 * len(lines) + 0.2)


def photo_box(g: Grid) -> tuple[int, int, int, int]:
    """Where an article image sits (x, y, w, h, even): above its phrase (9:16, 1:1) or left of it (16:9)."""
    top = round(g.top + g.size(0) * 2.4)
    if g.w > g.h:
        return g.left, top, _even((g.right - g.left) * 0.56) - 2, _even(g.bottom - top) - 2
    return g.left, top, _even(g.right - g.left) - 2, _even((g.bottom - top) * 0.62) - 2


# A scene card's layout follows the shot's camera, which the planner varies shot to shot, so two scene cards
# in a row never share a layout (and a render stays cached under the camera it already keys on).
SCENE_LAYOUTS = {"slow push in": "headline", "slow pan left": "band-right", "slow pan right": "framed",
                 "slow pull out": "band-left"}


def _scene(s: Script, phrase: str, timing: Timing, title: str, language: str, photo: bool = False, *,
           camera: str = "", texture: str = "", icon: str | None = None) -> None:
    """No graphic to draw: the key phrase in kinetic type, word by word as it is said (beside the article's image
    when there is one). Without an image, the card takes its camera's layout — a headline, an accent band
    sliding in, or a framed centre — with a pictogram of what the shot names (icons.py) or else a large, faint
    word of the shot drifting behind it, so a run of scene cards reads as designed pages rather than one slide
    repeated."""
    g = s.grid
    below = _kicker(s, title, language)
    said = max(0.3, timing.at(phrase, 0.3))
    # The phrase is up within 0.8 s (a shot whose phrase is said late was an empty frame for seconds); the
    # accent rule under it grows as it is said.
    start = min(said, 0.8)
    layout = "headline" if photo else SCENE_LAYOUTS.get(camera, "headline")
    room = (below, g.left, g.right)  # where the phrase may go: its top, left and right
    # a wide frame's band runs the width under any pictogram beside it: the band carries it at its end instead
    on_band = bool(icon) and not photo and g.w > g.h and layout.startswith("band")
    drawn = _pictogram(s, icon, layout, below, max(0.0, start - 0.2), _words_height(s, phrase, layout, language)) \
        if icon and not photo and not on_band else None
    if drawn:
        room = drawn
    elif not photo and texture and not layout.startswith("band"):
        _texture(s, texture, layout)
    if layout.startswith("band"):
        _band(s, phrase, start, language, from_left=layout == "band-left", room=room, icon=icon if on_band else None)
        return
    if layout == "framed":
        _framed(s, phrase, start, said, language, room)
        return
    size = g.size(6)
    left, right = room[1], room[2]
    if photo:
        x, y0, pw, ph = photo_box(g)
        size = g.size(4)
        if g.w > g.h:
            left = x + pw + g.unit * 2
        lines = s.wrap(phrase, size, right - left, language)[:2]
        y = (y0 + ph / 2 - len(lines) * size * 0.6) if g.w > g.h else y0 + ph + size * 0.5
    else:
        size, lines = _fitted(s, phrase, 6, right - left, language, height=g.bottom - room[0] - g.unit * 2)
        y = max(room[0], g.top + (g.bottom - g.top) * 0.42 - len(lines) * size * 0.6)
    for i, line in enumerate(lines):
        a = round((start + 0.18 * i) * 1000)
        s.text(left, y + i * size * 1.2, line, size, start=start + 0.18 * i, bold=True, rise=size // 2,
               extra=f"\\fscx108\\fscy108\\t({a},{a + 400},\\fscx100\\fscy100)")
    s.shape(f"\\an7\\pos({left},{y + len(lines) * size * 1.2 + size * 0.3:.0f})\\1c{s.pal.accent}\\bord0\\shad0"
            f"\\fscx0\\t({round(said * 1000)},{round(said * 1000) + 600},\\fscx100)", _rect(g.size(6), g.unit // 2))


def _words_height(s: Script, phrase: str, layout: str, language: str) -> float:
    """The height a scene card's phrase takes in its layout (a band's padding, a frame's marks) one step below its
    full size: a pictogram may take that step, no more."""
    g = s.grid
    band = layout.startswith("band")
    size, lines = _fitted(s, phrase, 4 if band else 5, (g.right - g.left) * (0.84 if layout == "framed" else 1.0),
                          language)
    return len(lines) * size * 1.2 + size * (1.1 if band else 1.2 if layout == "framed" else 0.8)


def _fitted(s: Script, text: str, step: int, width: float, language: str, most: int = 3,
            height: float | None = None) -> tuple[int, list[str]]:
    """The largest type from `step` down whose wrap of the whole text takes at most `most` lines (and `height`
    pixels): a phrase is never cut short to fit ("the sign usually explains the" lost its "rules")."""
    for k in range(step, 1, -1):
        lines = s.wrap(text, s.grid.size(k), width, language)
        if len(lines) <= most and (height is None or len(lines) * s.grid.size(k) * 1.2 <= height):
            return s.grid.size(k), lines
    size = s.grid.size(2)
    return size, s.wrap(text, size, width, language)


def _pictogram(s: Script, name: str, layout: str, below: float, start: float, words: float
               ) -> tuple[float, float, float] | None:
    """The shot's pictogram, popping in as its phrase comes up and floating gently for the rest of the shot:
    above the phrase (left-aligned over a headline, centred over a band or frame) in a tall or square frame,
    right of it in a wide one. The words come first: the pictogram takes the height they leave (`words` is
    theirs), and none is drawn where that is too small to read. Returns where the phrase may go (its top,
    left and right), or None."""
    g = s.grid
    a, end = round(start * 1000), round(s.duration * 1000)
    wide = g.w > g.h
    if wide:
        size = round(min((g.right - g.left) * 0.26, (g.bottom - below) * 0.6))
        cx, cy = g.right - size / 2, (below + g.bottom) / 2
    else:
        gap = g.unit * 1.6
        size = round(min((g.right - g.left) * 0.42, (g.bottom - below) * 0.45, g.bottom - below - g.unit - gap - words))
        if size < (g.right - g.left) * 0.18:
            return None
        cx = g.left + size / 2 if layout == "headline" else g.w / 2
        cy = below + g.unit + size / 2
    drift = g.unit * 0.25
    s.shape(f"\\an5\\move({cx:.0f},{cy + drift:.0f},{cx:.0f},{cy - drift:.0f},0,{end})\\1c{s.pal.accent}"
            f"\\bord0\\shad0\\fscx0\\fscy0\\t({a},{a + 300},\\fscx108\\fscy108)"
            f"\\t({a + 300},{a + 450},\\fscx100\\fscy100)", drawing(name, size))
    if wide:
        return below, g.left, g.right - size - g.unit * 2
    return below + g.unit + size + gap, g.left, g.right


def _texture(s: Script, word: str, layout: str) -> None:
    """The shot's word very large and faint, drifting slowly across the whole shot behind the card."""
    g = s.grid
    size = g.size(11) if g.h >= g.w else g.size(10)
    y = g.top + (g.bottom - g.top) * (0.62 if layout == "headline" else 0.66)
    x0 = g.left - g.unit
    drift = -g.w * 0.12
    s.add(f"\\an7\\move({x0:.0f},{y:.0f},{x0 + drift:.0f},{y:.0f},0,{round(s.duration * 1000)})\\fs{size}\\b1"
          f"\\1c{s.pal.text}\\1a&HEB&\\bord0\\shad0\\fad(600,0)", _esc(word), layer=0)


def _band(s: Script, phrase: str, start: float, language: str, *, from_left: bool,
          room: tuple[float, float, float], icon: str | None = None) -> None:
    """The phrase on a full-width accent band that slides in from one side, set in the band's own colour (with
    the shot's pictogram at the band's end, in the same ink, where one is given: a wide frame's band)."""
    g = s.grid
    top, left, right = room
    mark = g.size(5) * 1.5 if icon else 0.0  # the pictogram's side, about the band's height
    size, lines = _fitted(s, phrase, 5, right - left - mark * 1.3, language, height=(g.bottom - top) * 0.8)
    pad = size * 0.55
    band_h = len(lines) * size * 1.2 + 2 * pad
    y = max(top, g.top + (g.bottom - g.top) * 0.52 - band_h / 2)
    a = round(max(0.0, start - 0.25) * 1000)
    enter = -g.w if from_left else g.w
    s.shape(f"\\an7\\move({enter},{y:.0f},0,{y:.0f},{a},{a + 420})\\1c{s.pal.accent}\\bord0\\shad0",
            _rect(g.w, band_h))
    for i, line in enumerate(lines):
        s.text(left, y + pad + i * size * 1.2, line, size, start=start + 0.15 + 0.15 * i, bold=True,
               colour=s.pal.on_accent, rise=size // 3)
    if icon:
        side = min(mark, band_h * 0.8)
        ms = a + 420
        s.shape(f"\\an5\\pos({right - side / 2:.0f},{y + band_h / 2:.0f})\\1c{s.pal.on_accent}\\bord0\\shad0"
                f"\\fscx0\\fscy0\\t({ms},{ms + 300},\\fscx100\\fscy100)", drawing(icon, side), layer=2)


def _framed(s: Script, phrase: str, start: float, said: float, language: str,
            room: tuple[float, float, float]) -> None:
    """The phrase centred between corner marks that draw in around it as it is said (clear of the kicker)."""
    g = s.grid
    below, left, right = room
    size, lines = _fitted(s, phrase, 6, (right - left) * 0.84, language, height=g.bottom - below - g.unit * 3)
    mid = (left + right) / 2
    y = max(below + g.unit + size * 0.6, g.top + (g.bottom - g.top) * 0.45 - len(lines) * size * 0.6)
    for i, line in enumerate(lines):
        s.text(mid, y + i * size * 1.2, line, size, start=start + 0.18 * i, bold=True, align=8, rise=size // 2)
    pad, arm, stroke = size * 0.6, g.size(4), max(3, g.unit // 5)
    top, bottom = y - pad, y + len(lines) * size * 1.2 + pad * 0.6
    a = round(said * 1000)
    for x, yy, dx, dy in ((left, top, 1, 1), (right, top, -1, 1), (left, bottom, 1, -1), (right, bottom, -1, -1)):
        for w, h, ox, oy in ((arm, stroke, 0 if dx > 0 else -arm, 0 if dy > 0 else -stroke),
                             (stroke, arm, 0 if dx > 0 else -stroke, 0 if dy > 0 else -arm)):
            s.shape(f"\\an7\\pos({x + ox:.0f},{yy + oy:.0f})\\1c{s.pal.accent}\\bord0\\shad0"
                    f"\\alpha&HFF&\\t({a},{a + 400},\\alpha&H00&)", _rect(w, h))


def script_for(request: RenderRequest) -> str:
    """The whole ASS script of a shot."""
    shot, lang = request.shot, request.language
    grid = Grid.for_frame(request.width, request.height)
    brand = Brand.from_options(request.options.get("brand"))  # type: ignore[arg-type]
    pal = palette(request.title, str(request.options.get("mood") or "") or None, brand)
    if isinstance(shot.visual, ImageVisual):  # type over the image's dimmed fill: light, whatever the brand's
        pal = replace(pal, text="&HFFFFFF&", muted="&HD8D0C8&")
    duration = request.frames / request.fps
    drawn = [request.title, shot.narration, shot.key_phrase, json.dumps(shot.visual.model_dump(mode="json")
                                                                         if shot.visual else "", ensure_ascii=False)]
    s = Script(grid, pal, duration, brand.font_for(" ".join(drawn)), settled=bool(request.options.get("continues")))
    timing = Timing(shot.narration, duration, request.options.get("words"))  # type: ignore[arg-type]
    v = shot.visual
    title = request.title
    match v:
        case TitleVisual():
            _title(s, v, timing, lang, _icon(shot, title))
        case StatVisual():
            _stat(s, v, timing, title, lang)
        case ChartVisual():
            _chart(s, v, timing, title, lang)
        case ListVisual():
            _list(s, v.items, v.title, timing, title, lang)
        case TimelineVisual():
            _timeline(s, v, timing, title, lang)
        case CompareVisual():
            _compare(s, v, timing, title, lang)
        case QuoteVisual():
            _quote(s, v, timing, title, lang)
        case ImageVisual():
            _scene(s, shot.key_phrase, timing, title, lang, photo=_photo(request) is not None)
        case _:
            _scene(s, shot.key_phrase, timing, title, lang, camera=shot.camera, texture=_texture_word(shot),
                   icon=_icon(shot, title))
    return s.render()


def _icon(shot: Shot, title: str) -> str | None:
    """The card's planned pictogram (storyboard/pictograms.py) if it is one drawn here ('' plans none); a card
    planned before pictograms gets the best its own words name, by the planner's rule."""
    planned = shot.visual.icon if isinstance(shot.visual, SceneVisual | TitleVisual) else None
    if planned is not None:
        return planned if planned in ICONS else None
    return next(iter(card_candidates(shot, title)), None)


_NUMBER_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion",
    "percent"))
_CJK_NUMERAL = re.compile(r"[零〇一二三四五六七八九十百千万亿两]")


def _texture_word(shot: Shot) -> str:
    """A word of the shot for the faint texture behind its card: one of its keywords that the phrase does not
    already say, and not a figure (every figure on screen is drawn where it is explained)."""
    for word in shot.keywords:
        if word and word not in shot.key_phrase and not any(ch.isdigit() for ch in word) \
                and word.lower() not in _NUMBER_WORDS and not _CJK_NUMERAL.search(word):
            return word
    return ""


class GraphicsRenderer:
    name = "graphics"
    # 2: an image in its own box over a blurred fill; brand. 3: scene layouts, big figures. 4: pictograms.
    # 5: line breaks keep closing marks on the line before; many bars set their labels beside them; a card that
    # goes on from the shot before stands drawn.
    version = "5"

    def cache_options(self, request: RenderRequest) -> dict[str, object]:
        visual = request.shot.visual.model_dump(mode="json") if request.shot.visual else None
        return {**request.options, "visual": visual, "narration": request.shot.narration}

    def options_from_settings(self, settings: object) -> dict[str, object]:
        brand = brand_options(settings)
        return {"brand": brand} if brand else {}

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        w, h, fps = request.width, request.height, request.fps
        dur = request.frames / fps
        brand = Brand.from_options(request.options.get("brand"))  # type: ignore[arg-type]
        pal = palette(request.title, str(request.options.get("mood") or "") or None, brand)
        grid = Grid.for_frame(w, h)
        with scratch_dir(out_path.parent, "graphics") as tmp:
            ass = Path(tmp) / "shot.ass"
            ass.write_text(script_for(request), encoding="utf-8")
            fonts = brand.fonts_dir(Path(tmp) / "fonts")
            subs = f"ass=filename={filter_path(ass)}:fontsdir={filter_path(fonts)}"
            bw, bh = _even(w * 1.12), _even(h * 1.12)
            bg = Path(tmp) / "bg.png"
            photo = _photo(request)
            if photo is not None:  # the image over a blurred, dimmed fill of itself
                small = _cover(photo, max(2, bw // 8), max(2, bh // 8)).filter(ImageFilter.GaussianBlur(3))
                small.resize((bw, bh), Image.BILINEAR).save(bg, compress_level=1)
            else:
                glow_still(pal, request.seed, bw, bh).save(bg, compress_level=1)
            # Each still is decoded and converted once, then repeated by the loop filter (an image input with
            # -loop 1 decodes its PNG again for every frame: most of a shot's time at 1080x1920).
            inputs = ["-i", str(bg)]
            graph = (f"[0:v]format=yuv420p,{_still(fps)},crop={w}:{h}:x='(iw-ow)*t/{dur:.3f}':"
                     f"y='(ih-oh)*(0.3+0.4*t/{dur:.3f})'[bg];")
            last = "bg"
            if photo is not None:  # a push in on the image, inside its box
                x, y, pw, ph = photo_box(grid)
                fit = Path(tmp) / "photo.png"
                fitted = _contain(photo, pw, ph)
                fitted.save(fit, compress_level=1)
                inputs += ["-i", str(fit)]
                zoom = f"(1+{PUSH}*t/{dur:.3f})"
                graph += (f"[1:v]format=yuv420p,{_still(fps)},"
                          f"scale=w='trunc(iw*{zoom}/2)*2':h=-2:eval=frame:flags=bicubic,"
                          f"crop={fitted.width}:{fitted.height},"
                          f"setsar=1[ph];[bg][ph]overlay=x='{x}+({pw}-w)/2':y='{y}+({ph}-h)/2':eval=frame[bgp];")
                last = "bgp"
            graph += f"[{last}]{subs}"
            logo = brand.logo_png(w, h, grid.top, Path(tmp) / "logo.png")
            if logo is not None:
                inputs += ["-i", str(logo[0])]
                graph += f"[l0];[l0][{len(inputs) // 2 - 1}:v]overlay=x={logo[1]}:y={logo[2]}:format=auto"
            graph += ",format=yuv420p[v]"
            with atomic_path(out_path) as part:
                run_ffmpeg([*inputs, "-filter_complex", graph, "-map", "[v]", "-frames:v", str(request.frames),
                            "-r", str(fps), "-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18",
                            "-pix_fmt", "yuv420p", str(part)], f"rendering graphics for shot {request.shot.index + 1}")
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=dur, width=w, height=h, fps=fps,
                        renderer=self.name)


def _still(fps: int) -> str:
    """Filters that repeat a one-frame input as a stream at `fps` (its timestamps from 0)."""
    return f"loop=loop=-1:size=1,fps={fps},setpts=N/{fps}/TB"


def _photo(request: RenderRequest) -> Image.Image | None:
    image = request.shot.visual.image if isinstance(request.shot.visual, ImageVisual) else None
    return Image.open(image).convert("RGB") if image and Path(image).is_file() else None


def _contain(img: Image.Image, w: int, h: int) -> Image.Image:
    """The whole image inside w×h (even sides), as large as fits."""
    scale = min(w / img.width, h / img.height)
    return img.resize((max(2, int(img.width * scale) // 2 * 2), max(2, int(img.height * scale) // 2 * 2)),
                      Image.LANCZOS)


@register("graphics")
def _factory() -> GraphicsRenderer:
    return GraphicsRenderer()
