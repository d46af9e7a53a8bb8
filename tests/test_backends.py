"""Adding a backend is one module and one registration line: a toy picture source in a package of its own.

The package is a plain folder on PYTHONPATH with an entry point (`reelflow.backends`), as `pip install`
of a plugin leaves it; `reelflow make --renderer toy` finds it by name, and its clips end up in the cut.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
from conftest import ARTICLES, ROOT

TOY = '''
"""A toy picture source: each shot a flat colour (what a user's own backend module looks like)."""

from pathlib import Path

from reelflow.backends import registry
from reelflow.media import run_ffmpeg
from reelflow.models import ShotClip


class ToySource:
    name = "toy"
    version = "1"

    def render(self, request, out_path: Path) -> ShotClip:
        colour = ("0x2a9d8f", "0xe9c46a", "0xe76f51")[request.shot.index % 3]
        run_ffmpeg(["-f", "lavfi", "-i", f"color=c={colour}:s={request.width}x{request.height}:r={request.fps}",
                    "-frames:v", str(request.frames), "-pix_fmt", "yuv420p", "-c:v", "libx264", str(out_path)],
                   "drawing a toy shot")
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=request.frames / request.fps,
                        width=request.width, height=request.height, fps=request.fps, renderer=self.name)


registry("video").add("toy", ToySource)
'''


def test_a_plugin_backend_is_found_by_name_and_used(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "toy_backend").mkdir(parents=True)
    (site / "toy_backend" / "__init__.py").write_text(TOY, encoding="utf-8")
    dist = site / "toy_backend-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-backend\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[reelflow.backends]\ntoy = toy_backend\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PYTHONPATH=f"{site}{os.pathsep}{ROOT}", REELFLOW_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLES / "zh_bom.md"), "--renderer",
                           "toy", "--preset", "preview", "--max-seconds", "10"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    clip = Path(proc.stdout.strip().splitlines()[-1])
    with av.open(str(clip)) as c:
        frame = next(c.decode(video=0)).to_ndarray(format="rgb24")
    # The toy's first colour fills the frame (away from the label and subtitles).
    r, g, b = frame[frame.shape[0] // 3, frame.shape[1] // 2]
    assert abs(int(r) - 0x2A) < 30 and abs(int(g) - 0x9D) < 30 and abs(int(b) - 0x8F) < 30, (r, g, b)
    meta = json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))
    assert "toy" in json.dumps(meta)

    # An unknown name is one line that lists what there is, the plugin's included.
    bad = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLES / "zh_bom.md"), "--renderer",
                          "nope", "--preset", "preview"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 1 and "unknown renderer 'nope'" in bad.stderr and "toy" in bad.stderr, bad.stderr
