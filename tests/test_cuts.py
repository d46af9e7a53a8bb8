"""One render, many cuts: three shapes from one storyboard, one narration and one render of each picture."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from stock_servers import Media, StockServer, library_for, point_reelflow_at

from generator.video.base import read_sidecar
from reelflow.media import probe

ARTICLE = ROOT / "examples" / "en_small_libraries.md"  # at 20 s: a title, a scene (stock) and a quote
SHAPES = {"preview": (270, 480), "preview-wide": (480, 270), "preview-square": (360, 360)}


@pytest.fixture
def stock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StockServer:
    server = StockServer()
    point_reelflow_at(server, monkeypatch)
    library_for(server, ARTICLE, Media(tmp_path / "library"), 20)
    yield server
    server.close()


def test_three_shapes_share_every_picture_and_every_boundary(data_dir: Path, tmp_path: Path,
                                                            stock: StockServer) -> None:
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings

    settings = load_settings(presets=list(SHAPES), max_seconds=20)
    drafts = make_cuts(str(ARTICLE), settings, output=str(tmp_path / "clip.mp4"))
    assert [d.preset for d in drafts] == list(SHAPES)
    assert [Path(d.video_path).name for d in drafts] == ["clip.mp4", "clip-preview-wide.mp4",
                                                          "clip-preview-square.mp4"]
    for d in drafts:
        info = probe(d.video_path)
        assert (info.width, info.height) == SHAPES[d.preset]
    # The same shots at the same times in every cut (±1 frame), the same pictures credited.
    lists = [d.metadata["shot_list"] for d in drafts]
    for other in lists[1:]:
        assert len(other) == len(lists[0])
        for a, b in zip(lists[0], other, strict=True):
            assert abs(a["start"] - b["start"]) <= 1 / 30 + 1e-6 and abs(a["end"] - b["end"]) <= 1 / 30 + 1e-6
    assert drafts[0].metadata["picture_credits"] == drafts[2].metadata["picture_credits"] != []
    # Each stock picture was made once, in the first cut's frame (the others crop or pad it); graphics once per
    # shape.
    scenes = sum(s["visual"] == "scene" for s in lists[0])
    drawn = len(lists[0]) - scenes
    made = [read_sidecar(p).get("renderer") for p in (data_dir / "cache" / "shots").glob("*.mp4")]
    assert made.count("stock") == scenes and made.count("graphics") == drawn * len(SHAPES)
    for d in drafts:
        for s in d.metadata["shot_list"]:
            if s["renderer"] == "stock":
                made_at = probe(data_dir / "cache" / "shots" / s["render"])
                assert (made_at.width, made_at.height) == (270, 480)  # footage in the first cut's frame, as shot
                # where its subject is, measured once, for every cut's crop (tests/test_framing.py)
                sidecar = json.loads((data_dir / "cache" / "shots" / f"{s['render']}.json").read_text())
                assert abs(sum(sidecar["interest"]["columns"]) - 1) < 1e-3
    assert len({s["render"] for d in drafts for s in d.metadata["shot_list"] if s["renderer"] == "stock"}) == scenes


def test_shapes_whose_presets_voice_differently_still_share_one_narration(data_dir: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """bilibili's long-form voice is slower than douyin's: as two cuts of one render they speak alike."""
    from editing.presets import PRESETS
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings

    monkeypatch.setitem(PRESETS, "preview-long", PRESETS["bilibili"].__class__(
        **{**PRESETS["preview-wide"].__dict__, "name": "preview-long", "voices": PRESETS["bilibili"].voices}))
    drafts = make_cuts(str(ARTICLE), load_settings(presets=["preview", "preview-long"], max_seconds=12,
                                                   renderer="graphics"), output=str(tmp_path / "c.mp4"))
    assert abs(drafts[0].duration - drafts[1].duration) <= 1 / 30 + 1e-6


def test_cli_prints_every_cut(data_dir: Path, tmp_path: Path, stock: StockServer) -> None:
    out = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLE), "--presets",
                          "preview,preview-square", "--max-seconds", "12", "--renderer", "graphics"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    paths = out.stdout.split()
    assert len(paths) == 2 and all(Path(p).is_file() for p in paths)
    assert [probe(p).width for p in paths] == [270, 360]
    bad = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLE), "--presets", "preview,nope"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert bad.returncode == 2 and "nope" in bad.stderr and len(bad.stderr.strip().splitlines()) <= 2
    assert json.loads(Path(paths[0]).with_suffix(".json").read_text(encoding="utf-8"))["preset"] == "preview"
