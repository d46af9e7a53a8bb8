"""Each cut of a shared picture crops around its subject, and pads rather than cut a subject off."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from editing.cut import fit_chain
from editing.presets import get_preset
from reelflow.framing import best_window, crop_origin, interest_from_frames, interest_of, loses_subject
from reelflow.media import ffmpeg_exe, run_ffmpeg
from reelflow.models import Interest

SIDE = 96


def _frames(boxes: list[float], moving: bool = True, n: int = 8) -> list[np.ndarray]:
    """Grey frames with a flat background and a textured box centred at each x in `boxes` (share of width)."""
    rng = np.random.default_rng(1)
    out = []
    for k in range(n):
        f = np.full((SIDE, SIDE), 90, np.float32)
        for cx in boxes:
            x = int(cx * SIDE) + (k % 3 if moving else 0)
            f[30:66, x - 8:x + 8] = rng.integers(0, 255, (36, 16))
        out.append(f)
    return out


def test_the_window_follows_the_subject_and_a_flat_picture_stays_centred() -> None:
    right = interest_from_frames(_frames([0.8]))
    start, kept = best_window(right.columns, 0.5625)  # a 9:16 window of a square picture
    assert start <= 0.8 - 0.09 and start + 0.5625 >= 0.8 + 0.09 and kept > 0.9
    x, _, lose = crop_origin(right, 480, 480, 270, 480)
    assert x > (480 - 270) // 2 + 40 and not lose  # right of centre, the box inside
    flat = interest_from_frames([np.full((SIDE, SIDE), 90, np.float32)] * 4)
    assert crop_origin(flat, 480, 480, 270, 480)[:2] == ((480 - 270) // 2, 0)
    assert crop_origin(None, 480, 480, 270, 480)[:2] == ((480 - 270) // 2, 0)


def test_a_crop_that_would_cut_a_subject_off_pads_instead() -> None:
    both = interest_from_frames(_frames([0.12, 0.88]))  # two subjects at the edges: no 9:16 window holds both
    _, kept = best_window(both.columns, 0.5625)
    assert loses_subject(both.columns, kept)
    assert crop_origin(both, 480, 480, 270, 480)[2]
    even = Interest(columns=[1 / 48] * 48, rows=[1 / 48] * 48)  # evenly busy: nothing to lose, crop
    assert not loses_subject(even.columns, best_window(even.columns, 0.5625)[1])


def _master(path: Path, box_x: int) -> None:
    """A 480×480 clip: dark background, a bright red moving box around x = box_x."""
    run_ffmpeg(["-f", "lavfi", "-i", "color=c=0x202830:s=480x480:r=30:d=2",
                "-f", "lavfi", "-i", "testsrc2=s=80x160:r=30:d=2",
                "-filter_complex", f"[1:v]colorchannelmixer=rr=1:gg=0.2:bb=0.2[b];"
                f"[0:v][b]overlay=x='{box_x - 40}+10*sin(t*3)':y=160,format=yuv420p[v]",
                "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", str(path)], "a test master")


def _red_share(path: Path, graph: str, w: int, h: int) -> float:
    """The share of reddish pixels in the middle frame of the master put through a fit chain."""
    out = path.with_name("fit.mp4")
    run_ffmpeg(["-i", str(path), "-filter_complex", f"[0:v]null[c_in];{graph};[c_fit]format=yuv420p[v]",
                "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", str(out)], "fitting")
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    rgb = frames[len(frames) // 2].astype(int)
    assert rgb.shape[:2] == (h, w)
    return float(((rgb[..., 0] > 120) & (rgb[..., 0] > rgb[..., 1] + 50)).mean())


def test_a_cut_of_a_shared_picture_keeps_the_subject_a_centre_crop_loses(tmp_path: Path) -> None:
    assert ffmpeg_exe()
    master = tmp_path / "master.mp4"
    _master(master, box_x=420)  # the subject near the right edge
    interest = interest_of(master)
    preset = get_preset("preview")  # 270×480 out of the 480×480 master
    centred = _red_share(master, fit_chain(480, 480, preset, "c", (480, 480)), 270, 480)
    framed = _red_share(master, fit_chain(480, 480, preset, "c", (480, 480), interest), 270, 480)
    assert centred < 0.01 < framed  # the centre crop shows none of it; the framed crop shows it
    # Subjects at both edges: the cut shows the whole picture over a blurred fill (both subjects in frame).
    both = tmp_path / "both.mp4"
    run_ffmpeg(["-i", str(master), "-vf", "hflip", "-c:v", "libx264", "-preset", "ultrafast", str(both.with_name(
        "flip.mp4"))], "flipping")
    run_ffmpeg(["-i", str(master), "-i", str(both.with_name("flip.mp4")), "-filter_complex",
                "[0:v][1:v]blend=all_mode=lighten,format=yuv420p[v]", "-map", "[v]", "-c:v", "libx264",
                "-preset", "ultrafast", str(both)], "two subjects")
    graph = fit_chain(480, 480, preset, "c", (480, 480), interest_of(both))
    assert "boxblur" in graph and _red_share(both, graph, 270, 480) > 0.01
