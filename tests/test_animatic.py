"""The animatic renderer makes real, moving, legible clips of exactly the requested length."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from generator.video import RenderRequest, get_renderer, render, renderers
from reelflow.errors import ReelflowError
from reelflow.media import probe
from reelflow.models import Shot


def _shot(**kw) -> Shot:
    base = dict(index=0, narration="夜市是城市的烟火气。", visual_prompt="夜市，灯笼", seconds=3.0,
                key_phrase="城市烟火气", keywords=["夜市", "烟火"], camera="slow push in")
    base.update(kw)
    return Shot(**base)


def _frames(path: str) -> list[np.ndarray]:
    with av.open(path) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def _request(shot: Shot, seconds: float = 2.0, w: int = 270, h: int = 480) -> RenderRequest:
    return RenderRequest(shot=shot, seconds=seconds, width=w, height=h, fps=30, seed=7, title="城市夜市", language="zh")


@pytest.mark.parametrize("camera", ["slow push in", "slow pan left", "slow pan right", "slow pull out"])
def test_clip_is_exact_and_moves(tmp_path: Path, camera: str) -> None:
    clip = render(_request(_shot(camera=camera), seconds=2.0), "animatic", tmp_path)
    info = probe(clip.path)
    assert (info.width, info.height, info.video_codec, info.pix_fmt) == (270, 480, "h264", "yuv420p")
    frames = _frames(clip.path)
    assert len(frames) == 60
    # The camera moves: the first and last frames differ, neighbouring frames differ only a little.
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 1.0
    assert np.abs(frames[30].astype(int) - frames[31].astype(int)).mean() < 4.0


def test_key_phrase_is_drawn(tmp_path: Path) -> None:
    with_text = _frames(render(_request(_shot()), "animatic", tmp_path / "a").path)[-1]
    without = _frames(render(_request(_shot(key_phrase=" ")), "animatic", tmp_path / "b").path)[-1]
    band = slice(int(480 * 0.33), int(480 * 0.52))
    # White type in the middle band: many near-white pixels that the text-less frame lacks.
    white = (with_text[band] > 230).all(axis=2).sum()
    assert white > 300
    assert (without[band] > 230).all(axis=2).sum() < white / 10


def test_article_image_is_the_background(tmp_path: Path) -> None:
    img = tmp_path / "red.png"
    Image.new("RGB", (400, 300), (220, 30, 30)).save(img)
    frame = _frames(render(_request(_shot(image=str(img), key_phrase=" ")), "animatic", tmp_path / "c").path)[0]
    r, g, b = frame[20:60, 20:60].reshape(-1, 3).mean(axis=0)
    assert r > 100 and r > 2 * g and r > 2 * b


def test_cache_reuses_identical_request(tmp_path: Path) -> None:
    first = render(_request(_shot()), "animatic", tmp_path)
    mtime = Path(first.path).stat().st_mtime_ns
    second = render(_request(_shot()), "animatic", tmp_path)
    assert second.path == first.path and Path(second.path).stat().st_mtime_ns == mtime
    changed = render(_request(_shot(key_phrase="另一个画面")), "animatic", tmp_path)
    assert changed.path != first.path
    assert len(list(tmp_path.glob("*.mp4"))) == 2  # no temp files left behind


def test_registry() -> None:
    assert "animatic" in renderers()
    assert get_renderer("animatic") is get_renderer("animatic")
    with pytest.raises(ReelflowError, match="known renderers: .*animatic"):
        get_renderer("nope")


@pytest.mark.fullsize
def test_full_size_frame(tmp_path: Path) -> None:
    clip = render(_request(_shot(), seconds=1.0, w=1080, h=1920), "animatic", tmp_path)
    info = probe(clip.path)
    assert (info.width, info.height) == (1080, 1920)
    assert abs(info.duration - 1.0) < 0.05
