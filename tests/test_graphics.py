"""The graphics renderer: real clips that move every second, and charts whose numbers are on screen when said."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from generator.video import RenderRequest, get_renderer, render, renderers
from generator.video.graphics import script_for
from reelflow.media import probe
from reelflow.models import Shot

ARTICLE = "目前常态运营的夜市已有14个，摊位总数超过1200个。"


def _shot(visual: dict | None = None, narration: str = ARTICLE, **kw: object) -> Shot:
    return Shot(index=0, narration=narration, visual_prompt="夜市，灯笼", seconds=4.0, key_phrase="摊位总数",
                keywords=["夜市"], visual=visual, **kw)


CHART = {"kind": "chart", "unit": "个", "bars": [{"label": "夜市", "value": "14", "number": 14},
                                                {"label": "摊位总数", "value": "1200", "number": 1200}]}
VISUALS = {
    "chart": CHART,
    "stat": {"kind": "stat", "value": "1200", "number": 1200, "unit": "个", "label": "摊位总数"},
    "list": {"kind": "list", "items": ["炒米粉", "烤生蚝", "臭豆腐"]},
    "quote": {"kind": "quote", "text": "夜市给了老手艺一个被看见的地方", "speaker": "刘大爷"},
    "title": {"kind": "title", "text": "灯火里的人间", "subtitle": "城市夜市的新生"},
    "compare": {"kind": "compare", "items": ["夜市", "商场"], "rows": [["营业时间", ["晚上", "白天"]]]},
    "timeline": {"kind": "timeline", "events": [{"when": "2019年", "what": "夜市重开"},
                                                {"when": "2023年", "what": "摊位过千"}]},
    "scene": None,
}


def _request(shot: Shot, seconds: float = 4.0, w: int = 360, h: int = 640) -> RenderRequest:
    return RenderRequest(shot=shot, seconds=seconds, width=w, height=h, fps=30, seed=3, title="城市夜市",
                         language="zh")


def _frames(path: str) -> list[np.ndarray]:
    with av.open(path) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def test_registered() -> None:
    assert "graphics" in renderers() and get_renderer("graphics").name == "graphics"


@pytest.mark.parametrize("kind", list(VISUALS))
def test_every_kind_is_an_exact_clip_with_motion_in_every_second(tmp_path: Path, kind: str) -> None:
    clip = render(_request(_shot(VISUALS[kind])), "graphics", tmp_path)
    info = probe(clip.path)
    assert (info.width, info.height, info.video_codec, info.pix_fmt) == (360, 640, "h264", "yuv420p")
    frames = np.stack(_frames(clip.path)).astype(np.float32)
    assert len(frames) == 120
    for second in range(4):  # no still picture: frame-difference energy in every second
        a, b = frames[second * 30], frames[second * 30 + 29]
        assert np.abs(a - b).mean() > 0.05, (kind, second)
    assert frames[-1].std() > 10  # something is drawn, not a flat frame


def test_graphics_stay_clear_of_the_subtitle_band_and_label(tmp_path: Path) -> None:
    clip = render(_request(_shot(CHART)), "graphics", tmp_path)
    last = _frames(clip.path)[-1].astype(np.float32)
    bright = last.max(axis=2) > 200  # type and bars; the background glows stay dark
    rows = np.nonzero(bright.any(axis=1))[0]
    assert rows.min() >= 0.13 * 640 and rows.max() <= 0.61 * 640, (rows.min(), rows.max())


def test_bars_grow_when_their_label_is_said(tmp_path: Path) -> None:
    clip = render(_request(_shot(CHART)), "graphics", tmp_path)
    frames = _frames(clip.path)
    accent = [int(((f[..., 0] > 200) & (f[..., 2] < 160)).sum()) for f in frames]  # the warm accent bars
    assert accent[3] < accent[-1] * 0.5 and accent[-1] > 0


def test_ocr_reads_the_chart_numbers_only_after_they_are_said(tmp_path: Path) -> None:
    rapidocr = pytest.importorskip("rapidocr_onnxruntime")
    ocr = rapidocr.RapidOCR()
    clip = render(_request(_shot(CHART), w=720, h=1280), "graphics", tmp_path)
    frames = _frames(clip.path)

    def read(frame: np.ndarray) -> str:
        result, _ = ocr(frame[..., ::-1].copy())
        return " ".join(r[1] for r in result or [])

    early, late = read(frames[2]), read(frames[-1])
    assert "1200" not in early
    assert "1200" in late and "14" in late and "摊位总数" in late
    import re

    for number in re.findall(r"\d+", late):  # every number on screen occurs in the article
        assert number in ARTICLE, (number, late)


def test_script_draws_once_and_moves_with_libass() -> None:
    script = script_for(_request(_shot(CHART)))
    assert "\\t(" in script and "\\move(" in script and "\\p1" in script
    assert "1200" in script and "摊位总数" in script


COMPARE_SAID = "Sora最长可以生成60秒的视频，而可灵可以生成120秒。"
TIMELINE_SAID = "2023年11月Pika发布，2024年2月OpenAI公布Sora。"


@pytest.mark.parametrize(("visual", "said", "late_words", "early_absent"), [
    ({"kind": "compare", "items": ["Sora", "可灵"], "rows": [["最长时长", ["60秒", "120秒"]]]}, COMPARE_SAID,
     ["Sora", "可灵", "60", "120"], "120"),
    ({"kind": "timeline", "events": [{"when": "2023年11月", "what": "Pika发布"},
                                     {"when": "2024年2月", "what": "OpenAI公布Sora"}]}, TIMELINE_SAID,
     ["2023", "2024", "Pika"], "2024"),
])
def test_compare_and_timeline_come_in_as_said(tmp_path: Path, visual: dict, said: str, late_words: list[str],
                                             early_absent: str) -> None:
    """A comparison is columns, a timeline dated rows: OCR reads them at the end, and not their last item early."""
    rapidocr = pytest.importorskip("rapidocr_onnxruntime")
    ocr = rapidocr.RapidOCR()
    clip = render(_request(_shot(visual, narration=said), seconds=5.0, w=720, h=1280), "graphics", tmp_path)
    frames = _frames(clip.path)

    def read(frame: np.ndarray) -> str:
        result, _ = ocr(frame[..., ::-1].copy())
        return " ".join(r[1] for r in result or [])

    early, late = read(frames[10]), read(frames[-1])
    assert all(word in late for word in late_words), late
    assert early_absent not in early, early
