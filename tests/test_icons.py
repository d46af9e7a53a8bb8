"""Pictograms on scene cards: drawn by libass from our own vector shapes, chosen by the shot's own words."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest

from generator.video import RenderRequest, render
from generator.video.graphics import script_for
from generator.video.icons import ICONS, drawing
from reelflow.media import run_ffmpeg
from reelflow.models import Shot
from reelflow.pictograms import TERMS, icon_for

HEAD = """[Script Info]
ScriptType: v4.00+
PlayResX: 120
PlayResY: 120

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
MarginV, Encoding
Style: Base,Sans,20,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def _drawn(tmp_path: Path, name: str) -> np.ndarray:
    """The pictogram as libass fills it, 100 px square at (10, 10) on a black 120 px frame (a mask)."""
    ass = tmp_path / f"{name}.ass"
    ass.write_text(HEAD + "Dialogue: 1,0:00:00.00,0:00:01.00,Base,,0,0,0,,"
                   f"{{\\an7\\pos(10,10)\\bord0\\shad0\\1c&HFFFFFF&\\p1}}{drawing(name, 100)}\n", encoding="utf-8")
    out = tmp_path / f"{name}.png"
    run_ffmpeg(["-f", "lavfi", "-i", "color=black:s=120x120:d=0.1", "-vf", f"ass={ass}", "-frames:v", "1",
                str(out)], "drawing a pictogram")
    with av.open(str(out)) as c:
        return next(c.decode(video=0)).to_ndarray(format="gray") > 128


def test_every_pictogram_is_named_by_words() -> None:
    assert set(ICONS) == set(TERMS) and len(ICONS) >= 40
    assert all(TERMS[name] for name in ICONS)


@pytest.mark.parametrize("name", sorted(ICONS))
def test_every_pictogram_fills_a_readable_shape_inside_its_box(tmp_path: Path, name: str) -> None:
    mask = _drawn(tmp_path, name)
    ys, xs = np.nonzero(mask)
    share = mask.mean()
    assert 0.06 < share < 0.6, share  # a shape, neither a speck nor a block
    assert xs.min() >= 8 and ys.min() >= 8 and xs.max() <= 112 and ys.max() <= 112  # inside its 100 px box
    assert max(xs.max() - xs.min(), ys.max() - ys.min()) > 75 and min(xs.max() - xs.min(), ys.max() - ys.min()) > 35


def test_holes_are_cut_by_drawing_them_the_other_way(tmp_path: Path) -> None:
    """libass fills by the non-zero rule: the house's door and the clock's face are holes, its hands are not."""
    house = _drawn(tmp_path, "house")
    assert not house[10 + 80, 10 + 50] and house[10 + 55, 10 + 25]  # the door is open; the wall is solid
    clock = _drawn(tmp_path, "clock")
    assert not clock[10 + 70, 10 + 30] and clock[10 + 35, 10 + 50] and clock[10 + 50, 10 + 8]  # face, hand, rim


@pytest.mark.parametrize(("texts", "topic", "expected"), [
    (("推广可循环餐具", "夜市开始推广可循环餐具，食客吃完把碗还回摊位"), "", "food"),
    # the title's words skipped; a thing (a band) before a kind of thing (每周: a calendar)
    (("城南的滨河夜市", "每周五晚上都有本地乐队在小舞台上演出"), "城市夜市的新生", "music"),
    (("the rise of the night market",), "Night markets", "shop"),  # topic words when nothing else is named
    (("shelves of books inside",), "", "book"),
    (("Buses now run every ten minutes",), "", "bus"),
    (("市委书记到场讲话",), "", None),  # 书记 is no book: Chinese terms are whole words
    (("a new charging shed for e-bikes",), "", "bolt"),
    (("The vote passed by a wide margin",), "", None),  # nothing named: no pictogram rather than a guess
    (("well ahead of the 800,000 rides forecast",), "", None),  # a forecast of rides is no weather
    (("钱从哪里来", "街道民政科科长刘慧敏介绍"), "", "money"),
    (("老楼装上电梯", "她扶着扶手走进新装的电梯，下楼去买菜"), "", "building"),  # 买菜 is shopping, not a dish
])
def test_the_pictogram_is_what_the_shot_names(texts: tuple[str, ...], topic: str, expected: str | None) -> None:
    assert icon_for(*texts, topic=topic) == expected


def _scene(key_phrase: str, narration: str, camera: str = "slow push in") -> RenderRequest:
    shot = Shot(index=3, narration=narration, visual_prompt="a scene", seconds=4.0, key_phrase=key_phrase,
                keywords=[], camera=camera)
    return RenderRequest(shot=shot, seconds=4.0, width=360, height=640, fps=30, seed=2, title="城市夜市",
                         language="zh")


@pytest.mark.parametrize("camera", ["slow push in", "slow pan left", "slow pan right"])
def test_a_scene_card_shows_the_pictogram_above_its_whole_phrase(tmp_path: Path, camera: str) -> None:
    """A scene card whose words name a thing draws its pictogram in the accent colour above the phrase, in each
    layout; the phrase stays whole and below it, clear of the subtitle band."""
    req = _scene("推广可循环餐具", "夜市开始推广可循环餐具，食客吃完把碗还回摊位。", camera)
    script = script_for(req)
    paths = re.findall(r"\\an5\\move\([^}]*\\p1}(.+)$", script, flags=re.M)
    assert len(paths) == 1 and any(paths[0] == drawing("food", size) for size in range(20, 360))
    drawn = " ".join(re.findall(r"}([^{}\n]+)$", script, flags=re.M))
    assert "推广可循环餐具" in drawn.replace(" ", "")
    clip = render(req, "graphics", tmp_path)
    with av.open(clip.path) as c:
        last = list(c.decode(video=0))[-1].to_ndarray(format="rgb24").astype(int)
    plain = render(_scene("推广可循环的做法", "推广可循环的做法。", camera), "graphics", tmp_path / "plain")
    with av.open(plain.path) as c:
        none = list(c.decode(video=0))[-1].to_ndarray(format="rgb24").astype(int)
    band = slice(int(0.2 * 640), int(0.4 * 640))  # where the pictogram sits: the upper part of the safe band
    assert np.abs(last[band] - none[band]).mean() > 3.0
    bright = last.max(axis=2) > 200
    assert np.nonzero(bright.any(axis=1))[0].max() <= 0.61 * 640  # nothing runs into the subtitles


@pytest.mark.parametrize("camera", ["slow push in", "slow pan left", "slow pan right"])
def test_the_words_give_the_pictogram_one_type_step_at_most(monkeypatch: pytest.MonkeyPatch, camera: str) -> None:
    """The words come first: beside a pictogram a phrase is set at most one step of the type scale smaller than
    without it, and a phrase that needs the whole card gets no pictogram."""
    import generator.video.graphics as graphics

    def phrase_size(script: str) -> int:
        return max(int(n) for n in re.findall(r"\\fs(\d+)\\b1", script))

    base = ("小吃摊的食客吃完把碗还回摊位再领一份热汤面和煎饺，"
            "摊主说这样一晚能少用两百个一次性碗，每月省下的钱又添了三张桌子")
    drew = []
    for n in range(6, len(base) + 1, 3):
        req = _scene(base[:n], base[:n] + "。", camera)
        with_icon = script_for(req)
        with monkeypatch.context() as m:
            m.setattr(graphics, "_icon", lambda *a, **k: None)
            without = script_for(req)
        grid = graphics.Grid.for_frame(360, 640)
        steps = [grid.size(k) for k in range(12)]
        assert steps.index(phrase_size(with_icon)) >= steps.index(phrase_size(without)) - 1, n
        drew.append("\\an5\\move(" in with_icon)
    assert drew[0] and not all(drew), drew  # a short phrase has its pictogram; one that fills the card has none


def test_a_wide_band_carries_its_pictogram_at_its_end() -> None:
    """In 16:9 the accent band runs the frame's width, so a pictogram beside it would be hidden under it: the
    band carries the pictogram at its end, above it (layer 2), in the band's ink."""
    req = _scene("推广可循环餐具", "夜市开始推广可循环餐具。", "slow pan left")
    wide = RenderRequest(shot=req.shot, seconds=4.0, width=640, height=360, fps=30, seed=2, title="城市夜市",
                         language="zh")
    script = script_for(wide)
    on_band = [e for e in script.splitlines() if e.startswith("Dialogue: 2,") and "\\p1}" in e]
    assert len(on_band) == 1 and "\\an5\\pos(" in on_band[0]
    assert "\\an5\\move(" not in script  # no second pictogram beside the band


def test_the_plan_gives_each_card_a_pictogram_its_neighbours_do_not_show() -> None:
    """The storyboard plans the pictograms across the clip: the opening title shows the topic, and no card shows
    the pictogram one of the two pictogram cards before it shows (the demo had four shop signs in eleven shots)."""
    import storyboard
    from reelflow.models import SceneVisual, TitleVisual

    board = storyboard.plan(storyboard.read(Path(__file__).parent.parent / "examples/zh_city_night_markets.md"),
                            max_seconds=60)
    cards = [s.visual for s in board.shots if isinstance(s.visual, SceneVisual | TitleVisual)]
    assert all(v.icon is not None for v in cards)  # planned: a name or '' (none)
    assert board.shots[0].visual.icon == "shop"  # 夜市, the clip's topic
    shown = [v.icon for v in cards[1:] if v.icon]
    assert len(shown) >= 4 and all(name in ICONS for name in shown)
    assert all(name not in shown[max(0, i - 2):i] for i, name in enumerate(shown)), shown


@pytest.mark.parametrize(("icon", "drawn"), [("bus", "bus"), ("", None), ("zeppelin", None), (None, "food")])
def test_the_renderer_draws_the_planned_pictogram(icon: str | None, drawn: str | None) -> None:
    """A planned name is drawn, '' plans none, an unknown name draws nothing, and a card planned before
    pictograms existed (None) gets what its own words name."""
    from reelflow.models import SceneVisual

    req = _scene("推广可循环餐具", "夜市开始推广可循环餐具。")
    shot = req.shot.model_copy(update={"visual": SceneVisual(prompt="a scene", icon=icon)})
    script = script_for(RenderRequest(shot=shot, seconds=4.0, width=360, height=640, fps=30, seed=2,
                                      title="城市夜市", language="zh"))
    paths = re.findall(r"\\an5\\move\([^}]*\\p1}(.+)$", script, flags=re.M)
    if drawn is None:
        assert not paths
    else:
        assert len(paths) == 1 and any(paths[0] == drawing(drawn, size) for size in range(20, 360))
