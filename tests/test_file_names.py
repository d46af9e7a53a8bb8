"""Any name the file system accepts makes a clip: quotes, shell characters, spaces, emoji, NFC/NFD, 255 bytes.

Through the real pipeline (`reelflow.pipeline.make_here`, the small preview preset), with a data folder
whose own path has a quote, brackets, a comma and a semicolon in it (the cut's filtergraph names files
under it). Each clip decodes, its sidecars sit beside it, and every name written fits 255 bytes.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import av
import pytest
from conftest import ARTICLES

TEXT = (ARTICLES / "zh_bom.md").read_text(encoding="utf-8-sig")
NAMES = [
    "it's news.md",
    'say "hi" $(touch pwned) & b | c ; d.md',
    "空格 and emoji 🎬 [draft], v1.md",
    unicodedata.normalize("NFD", "café crème.md"),
    "长" * 84 + ".md",  # 252 + 3 = 255 bytes: the longest name a file can have
]


@pytest.mark.parametrize("name", NAMES, ids=["apostrophe", "shell", "emoji", "nfd", "255-bytes"])
def test_any_name_makes_a_clip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    from reelflow.pipeline import make_here
    from reelflow.settings import load_settings

    data = tmp_path / "data it's [x],y;z"
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(data))
    monkeypatch.chdir(tmp_path)
    article = tmp_path / name
    article.write_text(TEXT, encoding="utf-8")
    assert len(article.name.encode()) <= 255

    draft = make_here(str(article), load_settings(preset="preview", max_seconds=8))
    assert draft is not None
    clip = Path(draft.video_path)
    with av.open(str(clip)) as c:
        assert c.duration and c.duration / 1e6 > 2
        assert sum(1 for _ in c.decode(video=0)) > 30
    for suffix in (".srt", ".ass", ".jpg", ".json"):
        assert clip.with_suffix(suffix).is_file(), suffix
    assert not list(clip.parent.glob(".*.part*")), "no temp file left"
    assert all(len(p.name.encode()) <= 255 for p in data.rglob("*"))
    assert not (tmp_path / "pwned").exists()
    # Files are written with the mode any new file gets (not mkstemp's 0600): a shared folder can read them.
    mask = os.umask(0o022)
    os.umask(mask)
    for suffix in (".mp4", ".srt", ".ass", ".jpg", ".json"):
        assert clip.with_suffix(suffix).stat().st_mode & 0o777 == 0o666 & ~mask, suffix


def test_development_certificate_warning_once_per_data_dir(tmp_path: Path) -> None:
    """Two makes in two processes on one data dir: the first says it signs with the development
    certificate, the second does not say it again (the README's promise; serve runs a process per run)."""
    import subprocess
    import sys

    from conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(REELFLOW_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    said = []
    for name in ("one.md", "two.md"):
        article = tmp_path / name
        article.write_text(TEXT + f"\n\n{name}\n", encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(article), "--preset", "preview",
                               "--max-seconds", "6"], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        said.append("development certificate" in proc.stderr)
    assert said == [True, False]
