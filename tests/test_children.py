"""A child ffmpeg dies with reelflow's process, kill -9 included: nothing runs on with nobody to read it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

CODE = """
from reelflow.media import run_ffmpeg
run_ffmpeg(["-nostats", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "600",
            "-f", "null", "-"], "a long job")  # silent: no broken pipe would stop it
"""


def _children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(proc.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ffmpeg_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", CODE], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while not (kids := _children(parent.pid)):
            assert time.monotonic() < deadline and parent.poll() is None, "ffmpeg never started"
            time.sleep(0.05)
        (ffmpeg,) = kids
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 5
        while _alive(ffmpeg):
            assert time.monotonic() < deadline, "ffmpeg outlived the process that started it"
            time.sleep(0.05)
    finally:
        if parent.poll() is None:
            parent.kill()
