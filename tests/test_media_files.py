"""Temp files of killed writers: atomic_path never leaves one under the finished name, and the ones a
kill -9 leaves beside it are swept once no live writer could still own them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reelflow.media import atomic_path, sweep_parts


def test_atomic_path_leaves_nothing_when_the_block_fails(tmp_path: Path) -> None:
    final = tmp_path / "clip.mp4"
    with pytest.raises(RuntimeError), atomic_path(final) as part:
        part.write_bytes(b"half")
        raise RuntimeError("encoder died")
    assert list(tmp_path.iterdir()) == []


def test_sweep_removes_parts_whose_writer_is_dead_however_young(tmp_path: Path) -> None:
    """A kill -9 during the cut leaves the part; the re-run seconds later sweeps it (not after 900 s),
    while a live writer's part stays however old."""
    import subprocess
    import sys

    final = tmp_path / "it's a clip.mp4"
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(final)], stdout=subprocess.PIPE, text=True)
    killed_part = Path(child.stdout.readline().strip())
    child.kill()
    child.wait(timeout=30)
    with atomic_path(final) as mine:  # this live process is writing one too
        hour_ago = time.time() - 3600
        os.utime(mine, (hour_ago, hour_ago))
        assert killed_part.exists() and sweep_parts(final, older_than=900) == [killed_part]
        assert mine.exists()
    child.stdout.close()


KILLED_WRITER = r"""
import sys, time
from reelflow.media import atomic_path
with atomic_path(sys.argv[1]) as part:
    part.write_bytes(b"half")
    print(part, flush=True)
    time.sleep(60)
"""


def test_sweep_removes_only_old_parts_of_this_file(tmp_path: Path) -> None:
    final = tmp_path / "clip[1].mp4"  # glob characters in the name are taken literally
    final.write_bytes(b"done")
    old = tmp_path / ".clip[1].abc123.part.mp4"
    fresh = tmp_path / ".clip[1].def456.part.mp4"
    other = tmp_path / ".clip2.abc123.part.mp4"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))

    assert sweep_parts(final, older_than=900) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([final.name, fresh.name, other.name])


UMASK_CHILD = r"""
import os, sys
from reelflow.media import atomic_path, atomic_write_text
os.umask(int(sys.argv[2], 8))
atomic_write_text(sys.argv[1] + "/a.srt", "x")
with atomic_path(sys.argv[1] + "/b.mp4") as part:
    part.write_bytes(b"x")
"""


@pytest.mark.parametrize(("umask", "mode"), [("022", 0o644), ("002", 0o664), ("077", 0o600)])
def test_finished_files_follow_the_umask(tmp_path: Path, umask: str, mode: int) -> None:
    """Drafts and sidecars are readable by whoever the umask lets read them (a team folder, a web server)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", UMASK_CHILD, str(tmp_path), umask], check=True, timeout=60)
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {"a.srt": mode, "b.mp4": mode}


def test_names_of_255_bytes_fit_their_temp_and_numbered_forms(tmp_path: Path) -> None:
    from reelflow.media import short_stem

    final = tmp_path / ("é" * 125 + "x.mp4")  # 255 bytes
    with atomic_path(final) as part:
        assert len(part.name.encode()) <= 255
        part.write_bytes(b"x")
    assert final.read_bytes() == b"x"
    assert short_stem("é" * 10, 5) == "éé"  # never half a character
