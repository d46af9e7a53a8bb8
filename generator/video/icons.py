"""Pictograms for scene cards: a shot with no figure to draw and no picture source still shows what it is about.

A scene card on a CPU box without stock keys was a phrase on a gradient: on an article with few numbers,
nine shots in ten were slides of text. Each pictogram here is drawn for reelflow as vector shapes on a
100 × 100 grid (no icon font or artwork from elsewhere) and emitted as one ASS drawing, so libass draws and
animates it inside the shot's one encode. libass fills drawings by the non-zero rule: shapes drawn clockwise
fill, shapes drawn the other way cut holes.

Which pictogram a card shows is the storyboard's choice (storyboard/pictograms.py, from the words in
reelflow/pictograms.py); a card planned before pictograms gets the best its own words name, by the same rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

Point = tuple[float, float]
K = 0.5523  # a quarter circle as one cubic Bézier


def _poly(points: Iterable[Point], hole: bool = False) -> str:
    pts = list(points)
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))
    if (area > 0) == hole:  # y points down: a positive area is clockwise on screen
        pts.reverse()
    (x0, y0), *rest = pts
    return f"m {x0:g} {y0:g} l " + " ".join(f"{x:g} {y:g}" for x, y in rest)


def _rect(x: float, y: float, w: float, h: float, hole: bool = False) -> str:
    return _poly([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], hole)


def _ellipse(cx: float, cy: float, rx: float, ry: float | None = None, hole: bool = False) -> str:
    ry = rx if ry is None else ry
    kx, ky = K * rx, K * ry
    top, right, bottom, left = (cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)
    # four quarters clockwise from the top: (controls, end)
    quarters = [((cx + kx, cy - ry), (cx + rx, cy - ky), right), ((cx + rx, cy + ky), (cx + kx, cy + ry), bottom),
                ((cx - kx, cy + ry), (cx - rx, cy + ky), left), ((cx - rx, cy - ky), (cx - kx, cy - ry), top)]
    if hole:  # the same quarters run backwards: each from its end to its start, controls swapped
        starts = [top, right, bottom, left]
        quarters = [(c2, c1, start) for (c1, c2, _), start in reversed(list(zip(quarters, starts, strict=True)))]
    return f"m {top[0]:g} {top[1]:g} " + " ".join(
        "b " + " ".join(f"{x:g} {y:g}" for x, y in q) for q in quarters)


def _ring(cx: float, cy: float, r: float, width: float) -> str:
    return _ellipse(cx, cy, r) + " " + _ellipse(cx, cy, r - width, hole=True)


def _line(a: Point, b: Point, width: float, hole: bool = False) -> str:
    """A straight stroke from a to b, `width` wide, as a quadrilateral."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
    return _poly([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], hole)


def _person(cx: float, top: float, scale: float = 1.0) -> str:
    r, half, h = 14 * scale, 27 * scale, 44 * scale
    y = top + 2 * r + 5 * scale
    body = (f"m {cx - half:g} {y + h:g} l {cx - half:g} {y + 18 * scale:g} "
            f"b {cx - half:g} {y + 4 * scale:g} {cx - 14 * scale:g} {y:g} {cx:g} {y:g} "
            f"b {cx + 14 * scale:g} {y:g} {cx + half:g} {y + 4 * scale:g} {cx + half:g} {y + 18 * scale:g} "
            f"l {cx + half:g} {y + h:g}")
    return _ellipse(cx, top + r, r) + " " + body


def _star(cx: float, cy: float, outer: float, inner: float) -> str:
    return _poly([(cx + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
                   cy - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5)) for i in range(10)])


def _wave(y: float, amp: float, width: float) -> str:
    xs = [8 + 84 * i / 16 for i in range(17)]
    top = [(x, y + amp * math.sin((x - 8) / 84 * 4 * math.pi)) for x in xs]
    return _poly(top + [(x, yy + width) for x, yy in reversed(top)])


def _shapes(*parts: str) -> str:
    return " ".join(parts)


ICONS: dict[str, Callable[[], str]] = {
    "book": lambda: _shapes(_poly([(8, 22), (47, 28), (47, 86), (8, 80)]),
                            _poly([(53, 28), (92, 22), (92, 80), (53, 86)])),
    "house": lambda: _shapes(_poly([(50, 8), (94, 48), (6, 48)]), _rect(18, 44, 64, 48),
                             _rect(42, 64, 16, 28, hole=True)),
    "person": lambda: _person(50, 4, 1.2),
    "people": lambda: _shapes(_person(24, 22, 0.9), _person(76, 22, 0.9), _person(50, 8, 1.15)),
    "elder": lambda: _shapes(_person(42, 4, 1.2), _line((78, 58), (84, 94), 6), _line((70, 60), (80, 56), 6)),
    "building": lambda: _shapes(
        _rect(14, 8, 44, 86), *(_rect(22 + c * 16, 16 + r * 14, 10, 8, hole=True) for c in range(2) for r in range(5)),
        _rect(62, 36, 26, 58), *(_rect(69, 44 + r * 14, 12, 8, hole=True) for r in range(3))),
    "shop": lambda: _shapes(_rect(8, 14, 84, 18), *(_ellipse(18.5 + 21 * i, 32, 10.5) for i in range(4)),
                            _rect(14, 44, 72, 48), _rect(40, 58, 20, 34, hole=True), _rect(20, 54, 14, 14, hole=True),
                            _rect(66, 54, 14, 14, hole=True)),
    "tree": lambda: _shapes(_ellipse(50, 34, 26), _ellipse(30, 50, 17), _ellipse(70, 50, 17), _rect(44, 56, 12, 38)),
    "leaf": lambda: _shapes("m 20 80 b 20 40 50 12 88 12 b 88 52 60 80 20 80", _line((10, 92), (36, 64), 6),
                            _line((30, 70), (72, 28), 3, hole=True)),
    "drop": lambda: "m 50 6 b 50 6 82 44 82 64 b 82 82 68 94 50 94 b 32 94 18 82 18 64 b 18 44 50 6 50 6",
    "waves": lambda: _shapes(_wave(20, 6, 12), _wave(44, 6, 12), _wave(68, 6, 12)),
    "sun": lambda: _shapes(_ellipse(50, 50, 20), *(_line((50 + 29 * math.cos(a), 50 + 29 * math.sin(a)),
                                                         (50 + 44 * math.cos(a), 50 + 44 * math.sin(a)), 7)
                                                   for a in (i * math.pi / 4 for i in range(8)))),
    "cloud": lambda: _shapes(_ellipse(30, 62, 17), _ellipse(52, 48, 24), _ellipse(74, 62, 17), _rect(30, 60, 44, 19)),
    "rain": lambda: _shapes(_ellipse(30, 44, 16), _ellipse(52, 32, 22), _ellipse(74, 44, 16), _rect(30, 42, 44, 18),
                            *(_line((x, 70), (x - 6, 92), 6) for x in (34, 52, 70))),
    "snow": lambda: _shapes(*(_line((50 - 42 * math.cos(a), 50 - 42 * math.sin(a)),
                                    (50 + 42 * math.cos(a), 50 + 42 * math.sin(a)), 7)
                              for a in (math.pi / 2, math.pi / 6, 5 * math.pi / 6))),
    "clock": lambda: _shapes(_ring(50, 50, 44, 8), _line((50, 52), (50, 22), 7), _line((48, 50), (70, 62), 7)),
    "calendar": lambda: _shapes(_rect(10, 18, 80, 74), _rect(16, 38, 68, 48, hole=True),
                                *(_rect(22 + c * 21, 44 + r * 14, 13, 9) for c in range(3) for r in range(3)),
                                _rect(26, 8, 9, 18), _rect(65, 8, 9, 18)),
    "money": lambda: _shapes(_rect(6, 24, 88, 52), _rect(13, 31, 74, 38, hole=True), _ellipse(50, 50, 12),
                             _ellipse(24, 50, 4), _ellipse(76, 50, 4)),
    "chart": lambda: _shapes(_rect(8, 86, 84, 6), _rect(14, 56, 18, 26), _rect(41, 36, 18, 46), _rect(68, 14, 18, 68)),
    "car": lambda: _shapes(_poly([(6, 72), (6, 54), (22, 50), (34, 30), (68, 30), (80, 50), (94, 54), (94, 72)]),
                           _poly([(38, 36), (50, 36), (50, 50), (30, 50)], hole=True),
                           _poly([(54, 36), (66, 36), (74, 50), (54, 50)], hole=True),
                           _ellipse(28, 74, 11), _ellipse(72, 74, 11)),
    "bus": lambda: _shapes(_rect(14, 8, 72, 76), _rect(20, 16, 60, 28, hole=True), _rect(22, 64, 10, 6, hole=True),
                           _rect(68, 64, 10, 6, hole=True), _ellipse(30, 86, 8), _ellipse(70, 86, 8)),
    "bike": lambda: _shapes(_ring(24, 66, 19, 6), _ring(76, 66, 19, 6), _line((24, 66), (44, 40), 6),
                            _line((44, 40), (70, 40), 6), _line((44, 40), (52, 66), 6), _line((52, 66), (24, 66), 6),
                            _line((68, 34), (76, 66), 6), _line((62, 28), (74, 28), 6), _line((36, 32), (50, 32), 6),
                            _line((46, 32), (44, 42), 6)),
    "train": lambda: _shapes(_rect(22, 8, 56, 68), _rect(28, 16, 44, 24, hole=True), _ellipse(35, 58, 5, hole=True),
                             _ellipse(65, 58, 5, hole=True), _line((32, 76), (18, 94), 6),
                             _line((68, 76), (82, 94), 6)),
    "plane": lambda: _shapes(_rect(45, 8, 10, 82), _poly([(50, 36), (94, 60), (94, 68), (50, 56), (6, 68), (6, 60)]),
                             _poly([(50, 76), (70, 88), (70, 94), (50, 88), (30, 94), (30, 88)])),
    "boat": lambda: _shapes(_poly([(6, 62), (94, 62), (80, 86), (20, 86)]), _rect(48, 8, 5, 54),
                            _poly([(55, 12), (55, 56), (86, 56)]), _poly([(45, 24), (45, 56), (20, 56)])),
    "school": lambda: _shapes(_poly([(50, 18), (94, 38), (50, 58), (6, 38)]), _rect(26, 46, 48, 24),
                              _line((84, 42), (84, 70), 4), _ellipse(84, 73, 5)),
    "health": lambda: _shapes(_rect(36, 10, 28, 80), _rect(10, 36, 80, 28)),
    "phone": lambda: _shapes(_rect(26, 4, 48, 92), _rect(31, 14, 38, 64, hole=True), _ellipse(50, 87, 4, hole=True)),
    "heart": lambda: "m 50 90 b 14 64 6 44 10 28 b 14 10 40 6 50 28 b 60 6 86 10 90 28 b 94 44 86 64 50 90",
    "food": lambda: _shapes("m 8 48 l 92 48 b 92 72 72 88 50 88 b 28 88 8 72 8 48", _rect(36, 88, 28, 5),
                            _line((56, 44), (84, 8), 5), _line((66, 46), (94, 14), 5)),
    "cup": lambda: _shapes(_poly([(14, 30), (68, 30), (62, 90), (20, 90)]), _ring(70, 54, 16, 7),
                           _line((30, 6), (30, 22), 5), _line((48, 6), (48, 22), 5)),
    "music": lambda: _shapes(_ellipse(28, 78, 14, 11), _ellipse(74, 68, 14, 11), _rect(36, 20, 6, 58),
                             _rect(82, 10, 6, 58), _poly([(36, 20), (88, 8), (88, 20), (36, 32)])),
    "film": lambda: _shapes(_rect(6, 20, 88, 60), *(_rect(11 + i * 14, 24, 8, 7, hole=True) for i in range(6)),
                            *(_rect(11 + i * 14, 69, 8, 7, hole=True) for i in range(6)),
                            _rect(11, 36, 78, 28, hole=True), _poly([(42, 40), (62, 50), (42, 60)])),
    "pin": lambda: _shapes("m 50 94 b 50 94 16 58 16 38 b 16 18 32 6 50 6 b 68 6 84 18 84 38 b 84 58 50 94 50 94",
                           _ellipse(50, 38, 13, hole=True)),
    "factory": lambda: _shapes(_poly([(6, 92), (6, 50), (30, 36), (30, 50), (52, 36), (52, 50), (72, 36), (72, 10),
                                      (88, 10), (88, 92)]),
                               *(_rect(16 + i * 22, 62, 12, 12, hole=True) for i in range(3))),
    "bolt": lambda: _poly([(60, 4), (18, 56), (46, 56), (38, 96), (82, 40), (54, 40), (68, 4)]),
    "bin": lambda: _shapes(_rect(12, 16, 76, 9), _rect(38, 8, 24, 8), _poly([(20, 30), (80, 30), (74, 94), (26, 94)]),
                           *(_rect(x, 40, 6, 44, hole=True) for x in (34, 47, 60))),
    "star": lambda: _star(50, 54, 46, 19),
    "shield": lambda: "m 50 4 l 88 18 l 88 46 b 88 70 70 86 50 96 b 30 86 12 70 12 46 l 12 18 l 50 4",
    "thermometer": lambda: _shapes(_rect(40, 6, 20, 66), _ellipse(50, 76, 19), _rect(45, 12, 10, 40, hole=True)),
    "cart": lambda: _shapes(_line((4, 16), (20, 16), 6), _line((18, 14), (30, 66), 6),
                            _poly([(24, 26), (94, 26), (86, 60), (30, 60)]), _line((28, 68), (86, 68), 6),
                            _ellipse(36, 84, 8), _ellipse(78, 84, 8)),
    "fish": lambda: _shapes(_ellipse(42, 50, 34, 22), _poly([(68, 50), (96, 28), (96, 72)]),
                            _ellipse(26, 44, 5, hole=True)),
    "tools": lambda: _shapes(_poly([(14, 10), (70, 10), (80, 20), (80, 32), (14, 32)]), _rect(40, 32, 14, 62)),
}


def drawing(name: str, size: float) -> str:
    """The pictogram as an ASS drawing `size` pixels square."""
    scale = size / 100
    return re.sub(r"-?\d+(?:\.\d+)?", lambda m: f"{float(m.group()) * scale:.0f}", ICONS[name]())
