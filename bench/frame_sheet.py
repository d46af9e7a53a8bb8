"""A frame sheet: one frame per shot of an article rendered by a video renderer, tiled into one PNG.

    .venv/bin/python bench/frame_sheet.py ARTICLE OUT.png [--renderer graphics] [--seconds 60] [--size 1080x1920]

`make_sheet(clips, out)` is what bench/make_cpu.py can call on a made clip's shot clips. Each frame is taken
at 80 % of its shot, after the shot's graphics have come in, so the sheet shows what a viewer reads.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

import storyboard  # noqa: E402
from generator import video  # noqa: E402
from reelflow.media import run_ffmpeg  # noqa: E402
from reelflow.models import ShotClip  # noqa: E402
from storyboard.segment import estimate_seconds  # noqa: E402


def frame_at(clip: Path, at: float, out: Path) -> Path:
    run_ffmpeg(["-ss", f"{at:.2f}", "-i", str(clip), "-frames:v", "1", str(out)], f"taking a frame of {clip}")
    return out


def make_sheet(clips: list[ShotClip], out: Path, *, at: float = 0.8, columns: int = 4, thumb_w: int = 360) -> Path:
    """Tile one frame per shot clip (at `at` of its length) into `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        frames = [Image.open(frame_at(Path(c.path), c.seconds * at, Path(tmp) / f"{c.index}.png")).convert("RGB")
                  for c in clips]
    return tile(frames, out, columns=columns, thumb_w=thumb_w)


def cut_sheet(video_path: Path, shot_list: list[dict], out: Path, *, at: float = 0.8, columns: int = 5,
              thumb_w: int = 300) -> Path:
    """One frame per shot of a finished cut (at `at` of each shot, from its draft's shot list), tiled into `out`:
    what the viewer of that cut sees, its subtitles, label and framing included."""
    with tempfile.TemporaryDirectory() as tmp:
        frames = [Image.open(frame_at(video_path, s["start"] + (s["end"] - s["start"]) * at,
                                      Path(tmp) / f"{k}.png")).convert("RGB") for k, s in enumerate(shot_list)]
    return tile(frames, out, columns=columns, thumb_w=thumb_w)


def tile(frames: list[Image.Image], out: Path, *, columns: int, thumb_w: int) -> Path:
    if not frames:
        raise ValueError("no clips to put on a sheet")
    th = round(thumb_w * frames[0].height / frames[0].width)
    rows = (len(frames) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (thumb_w + 8) + 8, rows * (th + 8) + 8), (20, 20, 20))
    for i, f in enumerate(frames):
        sheet.paste(f.resize((thumb_w, th)), (8 + (i % columns) * (thumb_w + 8), 8 + (i // columns) * (th + 8)))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("article", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--renderer", default="graphics")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--size", default="1080x1920")
    args = ap.parse_args()
    w, h = (int(x) for x in args.size.split("x"))
    article = storyboard.read(args.article)
    board = storyboard.plan(article, max_seconds=args.seconds)
    clips = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for shot in board.shots:
            req = video.RenderRequest(shot=shot, seconds=estimate_seconds(shot.narration, board.language) + 0.6,
                                      width=w, height=h, fps=30, seed=board.seed * 1000 + shot.index,
                                      title=board.title, language=board.language, options={"mood": board.mood})
            clips.append(video.get_renderer(args.renderer).render(req, Path(tmp) / f"{shot.index}.mp4"))
        took = time.perf_counter() - t0
        total = sum(c.seconds for c in clips)
        make_sheet(clips, args.out)
    print(f"{len(clips)} shots, {total:.1f} s of video rendered in {took:.1f} s ({took / total:.2f}x); "
          f"sheet: {args.out}")


if __name__ == "__main__":
    main()
