"""Does every card lay out? Plans articles, writes each shot's graphics script (no encode) in each aspect and checks
what is on screen at 90 % of the shot: every line of text and every pictogram inside the frame and above a
two-line subtitle, and no two lines of text, or a line and a pictogram, on top of each other.

    .venv/bin/python bench/layout_check.py [--seconds 60] [--sizes 1080x1920 1080x1080 1920x1080] [ARTICLE ...]

Without articles it checks the examples and every article set in tests/data. Prints one line per fault and a count;
exits 1 if any. `faults(script, w, h)` is what tests/test_layout.py calls.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import storyboard  # noqa: E402
from editing.presets import Preset  # noqa: E402
from editing.subtitles.overlays import ass_layout  # noqa: E402
from generator.video import RenderRequest  # noqa: E402
from generator.video.graphics import _font, script_for  # noqa: E402
from storyboard.segment import estimate_seconds  # noqa: E402

_EVENT = re.compile(r"^Dialogue: (\d+),(\d+):(\d+):([\d.]+),(\d+):(\d+):([\d.]+),Base,,0,0,0,,\{([^}]*)\}(.*)$")
_POS = re.compile(r"\\pos\(([-\d.]+),([-\d.]+)\)")
_MOVE = re.compile(r"\\move\([-\d.]+,[-\d.]+,([-\d.]+),([-\d.]+)")
_FADED = re.compile(r"\\(?:1a|alpha)&H([0-9A-Fa-f]{2})&")


@dataclass(frozen=True)
class Box:
    what: str
    x0: float
    y0: float
    x1: float
    y1: float
    text: bool

    def overlaps(self, other: Box, slack: float = 2.0) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > slack
                and min(self.y1, other.y1) - max(self.y0, other.y0) > slack)


def _seconds(h: str, m: str, s: str) -> float:
    return int(h) * 3600 + int(m) * 60 + float(s)


def _anchor(an: int, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """Top-left corner of a w×h box placed at (x, y) with ASS alignment `an` (numpad layout)."""
    col, row = (an - 1) % 3, (an - 1) // 3  # row 0: bottom, 1: middle, 2: top
    return x - w * col / 2, y - h * (2 - row) / 2


def boxes(script: str, at: float) -> list[Box]:
    """The opaque things on screen at `at` seconds, at their resting places (animations done)."""
    out: list[Box] = []
    for line in script.splitlines():
        m = _EVENT.match(line)
        if not m:
            continue
        start, end = _seconds(*m.group(2, 3, 4)), _seconds(*m.group(5, 6, 7))
        tags, body = m.group(8), m.group(9)
        if not start <= at < end or not body.strip():
            continue
        alphas = [int(a, 16) for a in _FADED.findall(tags)]
        if alphas and alphas[-1] >= 0x80:  # a faint texture word or a track: drawn to be looked through
            continue
        pos = _MOVE.search(tags) or _POS.search(tags)
        if not pos:
            continue
        x, y = float(pos.group(1)), float(pos.group(2))
        an = int(re.search(r"\\an(\d)", tags).group(1)) if "\\an" in tags else 7
        if "\\p1" in tags:
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", body)]
            xs, ys = nums[0::2], nums[1::2]
            if not xs or body.startswith("m 0 0 l "):  # rectangles are bands, bars and rules: backgrounds
                continue
            w, h = max(xs), max(ys)
            left, top = _anchor(an, x, y, w, h)
            out.append(Box("pictogram", left + min(xs), top + min(ys), left + w, top + h, text=False))
            continue
        size = int(re.search(r"\\fs(\d+)", tags).group(1)) if "\\fs" in tags else 40
        text = body.replace("\\{", "{").replace("\\}", "}").replace("\u2060", "")
        font = _font(size)
        left, top = _anchor(an, x, y, font.getlength(text), size)
        ink = font.getbbox(text, anchor="la")  # what is drawn, from the line's top (libass's box starts there)
        out.append(Box(text, left + ink[0], top + ink[1], left + ink[2], top + ink[3], text=True))
    return out


def faults(script: str, w: int, h: int, seconds: float) -> list[str]:
    """What is wrong with the card at 90 % of the shot (where the frame sheet looks)."""
    shown = boxes(script, 0.9 * seconds)
    bad: list[str] = []
    subs = ass_layout(Preset("check", w, h))
    floor = h - subs.margin_v - 2 * subs.font_size  # the top of a two-line subtitle
    for b in shown:
        if b.x0 < -1 or b.x1 > w + 1 or b.y0 < -1:
            bad.append(f"off the frame: {b.what!r} x {b.x0:.0f}-{b.x1:.0f} y {b.y0:.0f}")
        elif b.y1 > floor:
            bad.append(f"into the subtitle band: {b.what!r} ends at y {b.y1:.0f} (band from {floor:.0f})")
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            if (a.text or b.text) and a.overlaps(b):
                bad.append(f"overlap: {a.what!r} and {b.what!r}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--sizes", nargs="*", default=["1080x1920", "1080x1080", "1920x1080"])
    args = ap.parse_args()
    articles = args.articles or sorted([*(ROOT / "examples").glob("*.*"),
                                        *(ROOT / "tests" / "data").glob("articles_heldout_*/*.md")])
    total = cards = 0
    for path in articles:
        if path.suffix not in {".md", ".txt", ".html"}:
            continue
        article = storyboard.read(path)
        board = storyboard.plan(article, max_seconds=args.seconds)
        for shot in board.shots:
            seconds = max(2.0, estimate_seconds(shot.narration, article.language) + 0.6)
            for size in args.sizes:
                w, h = (int(v) for v in size.split("x"))
                req = RenderRequest(shot=shot, seconds=seconds, width=w, height=h, fps=30, seed=0,
                                    title=board.title, language=article.language)
                cards += 1
                for fault in faults(script_for(req), w, h, req.frames / req.fps):
                    total += 1
                    kind = shot.visual.kind if shot.visual else "scene"
                    print(f"{path.parent.name}/{path.name} shot {shot.index} ({kind}) {size}: {fault}")
    print(f"{total} faults in {cards} cards")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
