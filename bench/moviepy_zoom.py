"""moviepy's way of making a slow zoom on one image (run by bench/cut.py in moviepy's own venv).

    python bench/moviepy_zoom.py IMAGE OUT SECONDS FPS X264_PRESET CRF FFMPEG

Every frame is composited in Python (numpy + PIL resize) and piped to ffmpeg: the per-frame cost
the cut avoids by doing the same zoom inside one ffmpeg filter graph. Standalone on purpose: it
imports nothing from reelflow.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    image, out, seconds, fps, preset, crf, ffmpeg = sys.argv[1:8]
    os.environ["IMAGEIO_FFMPEG_EXE"] = ffmpeg  # the same ffmpeg build as the cut
    from moviepy import CompositeVideoClip, ImageClip

    seconds_f = float(seconds)
    still = ImageClip(image, duration=seconds_f)
    w, h = still.size
    zoomed = still.resized(lambda t: 1 + 0.15 * t / seconds_f).with_position("center")
    clip = CompositeVideoClip([zoomed], size=(w, h)).with_duration(seconds_f)
    clip.write_videofile(out, fps=int(fps), codec="libx264", preset=preset, audio=False, logger=None,
                         ffmpeg_params=["-crf", crf, "-pix_fmt", "yuv420p"])  # fmt: skip


if __name__ == "__main__":
    main()
