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
