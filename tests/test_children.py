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


def test_scratch_folders_live_under_the_data_dir_and_a_dead_writers_are_swept(tmp_path: Path) -> None:
    """Scratch space is in the cache folders, named with its process's pid: a kill -9 leaves it there, and
    the next run's sweep removes it once that process is gone, while a live process's is kept."""
    from reelflow.media import scratch_dir, sweep_scratch

    cache = tmp_path / "cache" / "speech"
    code = ("import sys, time\nfrom reelflow.media import scratch_dir\n"
            "with scratch_dir(sys.argv[1], 'espeak') as d:\n    print(d, flush=True)\n    time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(cache)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        held = Path(proc.stdout.readline().strip())
        assert held.is_dir() and held.parent == cache
        with scratch_dir(cache, "animatic") as mine:
            assert sweep_scratch(cache) == [] and held.is_dir() and mine.is_dir()  # both writers alive
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            assert held.is_dir()  # kill -9: no clean-up ran
            assert sweep_scratch(cache) == [held] and not held.exists() and mine.is_dir()
        assert not mine.exists()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_make_makes_no_scratch_outside_the_data_dir(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Every scratch folder of a make (voice, render, mix) is made under the data dir, where the next run
    sweeps what a killed one left; none in the system's temp dir, which nobody sweeps."""
    import tempfile

    from conftest import ARTICLES

    from reelflow.pipeline import make_here
    from reelflow.settings import load_settings

    made: list[str] = []
    real = tempfile.mkdtemp

    def recording(suffix=None, prefix=None, dir=None):  # noqa: ANN001, ANN202, A002
        path = real(suffix, prefix, dir)
        made.append(path)
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", recording)
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "data"))
    assert make_here(str(ARTICLES / "zh_bom.md"), load_settings(preset="preview", max_seconds=8)) is not None
    assert made, "no scratch folder recorded: the check saw nothing"
    outside = [p for p in made if not Path(p).is_relative_to(tmp_path / "data")]
    assert outside == []
