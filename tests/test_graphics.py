"""The graphics renderer: real clips that move every second, and charts whose numbers are on screen when said."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
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


ASPECTS = {"9:16": (360, 640), "16:9": (640, 360), "1:1": (480, 480)}


def _photo(tmp_path: Path) -> str:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (900, 600), (30, 40, 50))
    d = ImageDraw.Draw(img)
    for x in range(0, 900, 60):
        d.rectangle((x, 0, x + 30, 600), fill=(40, 160, 90))
    img.save(tmp_path / "photo.jpg")
    return str(tmp_path / "photo.jpg")


@pytest.mark.parametrize("aspect", list(ASPECTS))
@pytest.mark.parametrize("kind", [*VISUALS, "image"])
def test_no_shot_is_a_still_picture_in_any_aspect(tmp_path: Path, kind: str, aspect: str) -> None:
    """Every template, every shape: frame-difference energy in every second (issue 14: never still for 2 s)."""
    if aspect == "9:16" and kind != "image":
        pytest.skip("9:16 is test_every_kind_is_an_exact_clip_with_motion_in_every_second")
    visual = {"kind": "image", "image": _photo(tmp_path)} if kind == "image" else VISUALS[kind]
    w, h = ASPECTS[aspect]
    clip = render(_request(_shot(visual), 3.0, w, h), "graphics", tmp_path)
    frames = np.stack(_frames(clip.path)).astype(np.float32)
    assert frames.shape == (90, h, w, 3)
    for second in range(3):
        assert np.abs(frames[second * 30] - frames[second * 30 + 29]).mean() > 0.05, (kind, aspect, second)


def test_an_article_image_moves_over_a_blurred_fill_of_itself(tmp_path: Path) -> None:
    from generator.video.graphics import Grid, photo_box

    clip = render(_request(_shot({"kind": "image", "image": _photo(tmp_path)}), 3.0), "graphics", tmp_path)
    frames = _frames(clip.path)
    x, y, pw, ph = photo_box(Grid.for_frame(360, 640))
    inside = [f[y + 4:y + ph - 4, x + 4:x + pw - 4].astype(np.float32) for f in (frames[0], frames[-1])]
    # The image itself: sharp stripes (green/dark alternating) inside its box, and they move (a push in).
    assert np.abs(np.diff(inside[1][..., 1], axis=1)).max() > 80
    assert np.abs(inside[0] - inside[1]).mean() > 3
    # Around it, the same image blurred: the stripes' green, but no sharp edges.
    fill = frames[-1][int(0.72 * 640):int(0.76 * 640), 10:350].astype(np.float32)
    assert fill[..., 1].mean() > fill[..., 0].mean() + 8 and np.abs(np.diff(fill[..., 1], axis=1)).max() < 30


BRAND = {"background": "#F4F1E8", "accent": "#0055FF", "text": "#111111", "logo_position": "top-right",
         "logo_size": 0.12}


def _logo(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((0, 0, 199, 99), 20, fill=(230, 20, 40, 255))
    logo.save(tmp_path / "logo.png")
    return tmp_path / "logo.png"


def _red(frame: np.ndarray) -> np.ndarray:
    return (frame[..., 0] > 180) & (frame[..., 1] < 90) & (frame[..., 2] < 100)


@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_brand_colours_and_logo_in_every_template_shape(tmp_path: Path, aspect: str) -> None:
    from generator.video.graphics import Grid

    w, h = ASPECTS[aspect]
    brand = {**BRAND, "logo": str(_logo(tmp_path)), "font": None}
    req = _request(_shot(VISUALS["stat"]), 3.0, w, h)
    req = replace(req, options={"brand": brand})
    last = _frames(render(req, "graphics", tmp_path).path)[-1].astype(np.int16)
    grid = Grid.for_frame(w, h)
    # The brand's background (light, with soft glows) and its accent on the number and bar.
    assert np.median(last.reshape(-1, 3), axis=0).min() > 170
    blue = (last[..., 2] > 200) & (last[..., 0] < 60) & (last[..., 1] < 140)
    rows = np.nonzero(blue.any(axis=1))[0]
    assert blue.sum() > 100 and rows.min() >= grid.top and rows.max() <= grid.bottom
    # The logo: in the top band at the right, above the graphics, clear of the label's corner.
    red = _red(last)
    ys, xs = np.nonzero(red)
    assert red.sum() > 0.5 * (0.12 * min(w, h)) ** 2 / 2
    assert ys.max() < grid.top and xs.min() > w * 0.6


def test_brand_logo_in_a_made_clip_stays_clear_of_label_and_subtitles(data_dir: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole make with a brand: the logo is on every shot and the cover, never over the AI label or in the
    subtitle band, and the label and subtitles are still there."""
    from conftest import ARTICLES

    from reelflow.pipeline.article import make_here
    from reelflow.settings import load_settings

    monkeypatch.setenv("REELFLOW_SPEECH_ENGINE", "espeak")
    logo = _logo(tmp_path)
    settings = load_settings(preset="preview", max_seconds=10, renderer="graphics",
                             brand={**BRAND, "logo": str(logo)})
    draft = make_here(str(ARTICLES / "zh_article.md"), settings, output=str(tmp_path / "clip.mp4"))
    assert draft is not None
    frames = _frames(draft.video_path)
    w, h = draft.width, draft.height
    for f in frames[10::15]:
        red = _red(f)
        ys, xs = np.nonzero(red)
        assert red.sum() > 20
        assert ys.max() < 0.18 * h and xs.min() > 0.6 * w  # the top band's right: not the label, not subtitles
        assert not red[:, : w // 2].any() and not red[round(0.6 * h):].any()
    # The label's box (dark, top left) and a subtitle line (white, lower third) are still drawn.
    label = frames[20][round(0.07 * h):round(0.16 * h), round(0.04 * w):round(0.4 * w)].astype(np.int16)
    assert (label.max(axis=2) > 220).sum() > 20
    subs = np.stack([f[round(0.62 * h):round(0.8 * h)] for f in frames[10::15]]).astype(np.int16)
    assert ((subs.min(axis=3) > 230).sum(axis=(1, 2)) > 20).any()
    from PIL import Image

    cover = np.asarray(Image.open(draft.thumbnail_path).convert("RGB")).astype(np.int16)
    cys, cxs = np.nonzero(_red(cover))
    assert len(cys) > 20 and cys.max() < 0.18 * cover.shape[0] and cxs.min() > 0.6 * cover.shape[1]


def test_bad_brand_input_is_one_line_naming_it(tmp_path: Path) -> None:
    from reelflow.brand import brand_options
    from reelflow.errors import BadInput
    from reelflow.settings import load_settings

    with pytest.raises(BadInput, match="blue-ish") as exc:
        load_settings(brand={"accent": "blue-ish"})
    assert "\n" not in str(exc.value)
    with pytest.raises(BadInput, match="no_such_font.ttf"):
        load_settings(brand={"font": str(tmp_path / "no_such_font.ttf")})
    (tmp_path / "fake.ttf").write_text("not a font")
    (tmp_path / "fake.png").write_text("not an image")
    with pytest.raises(BadInput, match="fake.ttf.*not a font"):
        brand_options(load_settings(brand={"font": str(tmp_path / "fake.ttf")}))
    with pytest.raises(BadInput, match="fake.png.*not an image"):
        brand_options(load_settings(brand={"logo": str(tmp_path / "fake.png")}))
    assert load_settings(brand={"accent": "0055ff"}).brand.accent == "#0055FF"


def test_brand_paths_in_the_settings_file_are_read_from_its_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from reelflow.errors import BadInput
    from reelflow.settings import load_settings

    project = tmp_path / "project"
    (project / "assets").mkdir(parents=True)
    logo = _logo(project / "assets")
    (project / "reelflow.toml").write_text('[brand]\nlogo = "assets/logo.png"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # run from another folder: the file's relative path still finds its logo
    monkeypatch.setenv("REELFLOW_CONFIG", str(project / "reelflow.toml"))
    assert load_settings().brand.logo == logo.resolve()
    (project / "reelflow.toml").write_text('[brand]\nlogo = "assets/missing.png"\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"brand\.logo.*" + re.escape(str(project / "assets" / "missing.png"))) as exc:
        load_settings()
    assert "\n" not in str(exc.value)
    # a variable's relative path is the shell's: from the current folder
    monkeypatch.delenv("REELFLOW_CONFIG")
    _logo(elsewhere)
    monkeypatch.setenv("REELFLOW_BRAND__LOGO", "logo.png")
    assert load_settings().brand.logo == (elsewhere / "logo.png").resolve()


def test_brand_font_sets_the_text_it_covers() -> None:
    from reelflow.media import FONTS_DIR

    brand = {"font": str(FONTS_DIR / "LiberationSerif-Regular.ttf"), "accent": "#0055FF"}
    en = RenderRequest(shot=Shot(index=0, narration="Revenue rose by 1.4 percent.", visual_prompt="office",
                                 seconds=3.0, key_phrase="Revenue rose", keywords=["revenue"],
                                 visual={"kind": "stat", "value": "1.4", "number": 1.4, "unit": "%",
                                         "label": "Revenue rose"}),
                       seconds=3.0, width=360, height=640, fps=30, seed=1, title="Four-day week", language="en",
                       options={"brand": brand})
    assert "Style: Base,Liberation Serif," in script_for(en) and "&HFF5500&" in script_for(en)
    zh = replace(_request(_shot(VISUALS["stat"])), options={"brand": brand})
    assert "Style: Base,Noto Sans CJK SC," in script_for(zh)  # no CJK glyphs in the brand's font


def test_a_long_unit_stays_inside_the_frame(tmp_path: Path) -> None:
    """A chart whose unit is a word ("38 percent") keeps bar and value inside the right margin; a longer word
    ("612 complaints" on every row) is said once under the title and the values stand bare."""
    from generator.video.graphics import Grid

    narration = "Maples make up 38 percent of all street trees, far above the 10 percent limit."
    chart = {"kind": "chart", "unit": "percent", "bars": [{"label": "Maples make up", "value": "38", "number": 38},
                                                          {"label": "the limit", "value": "10", "number": 10}]}
    shot = Shot(index=0, narration=narration, visual_prompt="trees", seconds=3.0, key_phrase="Maples",
                keywords=["maples"], visual=chart)
    req = RenderRequest(shot=shot, seconds=3.0, width=360, height=640, fps=30, seed=1, title="City trees",
                        language="en")
    assert "}38%" in script_for(req)  # the word set as its sign, beside the value
    last = _frames(render(req, "graphics", tmp_path).path)[-1]
    right = Grid.for_frame(360, 640).right
    assert not (last[:, right + 2:].max(axis=2) > 200).any()
    complaints = {**chart, "unit": "complaints", "bars": [{"label": "Harbour Road", "value": "612", "number": 612},
                                                          {"label": "Mill Lane", "value": "455", "number": 455}]}
    script = script_for(replace(req, shot=Shot(**{**shot.model_dump(), "visual": complaints})))
    assert "}complaints\n" in script and "}612\n" in script and "612 complaints" not in script


def test_a_scene_shows_its_phrase_within_a_second_even_when_said_late(tmp_path: Path) -> None:
    """No empty frame for seconds: the phrase is up by 1 s even if the narration reaches it at the end."""
    shot = Shot(index=0, narration="为了减少垃圾，这几年来一些夜市开始推广可循环餐具。", visual_prompt="夜市",
                seconds=4.0, key_phrase="可循环餐具", keywords=["夜市"], visual=None)
    frames = _frames(render(_request(shot, 4.0), "graphics", tmp_path).path)
    band = slice(round(0.3 * 640), round(0.6 * 640))  # below the kicker line, above the subtitles
    bright = [int((f[band].max(axis=2) > 200).sum()) for f in frames]
    assert bright[0] == 0 and bright[30] > 200, (bright[0], bright[30])


def test_timeline_rows_never_run_into_each_other() -> None:
    """Four dated events whose text takes two lines each: every line ends above the next row's date."""
    what = "县里开通第一条客货邮班车线路，客车顺路捎带包裹进村"
    events = [{"when": f"{2019 + i}年", "what": what} for i in range(4)]
    script = script_for(_request(_shot({"kind": "timeline", "events": events}), w=1080, h=1920))
    lines = [(float(pos or end), int(size), text) for pos, end, size, text in  # where the text comes to rest
             re.findall(r"\\(?:pos\([\d.]+,([\d.]+)|move\([\d.]+,[\d.]+,[\d.]+,([\d.]+)[^)]*)\)"
                        r"\\fs(\d+)[^}]*}([^\n]+)", script)]
    rows = sorted((y, size) for y, size, text in lines if re.search(r"\d{4}年|县里|包裹", text))
    assert len(rows) >= 8
    for (y, size), (y2, _) in pairwise(rows):
        assert y + size <= y2 + 1, rows


def _starts(script: str, text: str) -> list[float]:
    """Start seconds of the events drawing `text` (as a whole event text, after the override tags)."""
    import re

    out = []
    for line in script.splitlines():
        m = re.match(r"Dialogue: \d+,(\d+):(\d+):([\d.]+),[^,]*,Base,,0,0,0,,(\{[^}]*\})?(.*)$", line)
        if m and m.group(5) == text:
            fade = re.search(r"\\alpha&HFF&\\t\((\d+),", m.group(4) or "")  # hidden until it fades in
            shown = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
            out.append(max(shown, int(fade.group(1)) / 1000 if fade else 0.0))
    return out


@pytest.mark.parametrize("said_late", [False, True])
def test_stat_count_up_lands_as_said_and_by_80_percent_of_the_shot(said_late: bool) -> None:
    """A frame at 80 % of the shot shows the figure itself, never a count-up on its way; the count lands as the
    number is said (not after it), and the label comes in with the count, not long before the value."""
    narration = ("到二零二三年底，队伍累计出动了很多很多次，一直都在山里面找人，找到走失人员86人。" if said_late
                 else "找到走失人员86人，队伍累计出动了很多很多次，一直都在山里面找人。")
    stat = {"kind": "stat", "value": "86", "number": 86, "unit": "人", "label": "走失人员"}
    req = _request(_shot(stat, narration=narration), seconds=5.0)
    script = script_for(req)
    from generator.video.graphics import Timing

    said = Timing(narration, 5.0, None).at("86")
    land = min(_starts(script, "86"))
    assert land <= 0.8 * 5.0 - 0.05
    assert land <= max(0.9, said) + 0.01
    counts = [t for k in range(1, 80) for t in _starts(script, str(k))]
    assert counts and max(counts) < land
    label = min(_starts(script, "走失人员"))
    assert label >= min(counts) - 0.5


def test_a_comparison_of_figures_reads_big_and_inside_its_column(tmp_path: Path) -> None:
    """Two counts side by side are the picture: drawn as large as fits their column (as a stat's figure is), not
    at the small size a comparison of words takes, and the longer one stays inside the right margin."""
    import re

    from generator.video.graphics import Grid

    compare = {"kind": "compare", "items": ["夜市", "摊位总数"], "rows": [["", ["14个", "1200个"]]]}
    req = _request(_shot(compare), w=360, h=640)
    grid = Grid.for_frame(360, 640)
    sizes = {text: int(size) for size, text in re.findall(r"\\fs(\d+)[^}]*}(14个|1200个)", script_for(req))}
    assert set(sizes) == {"14个", "1200个"} and min(sizes.values()) >= grid.size(5), sizes
    last = _frames(render(req, "graphics", tmp_path).path)[-1]
    assert not (last[:, grid.right + 2:].max(axis=2) > 200).any()
    words = {"kind": "compare", "items": ["夜市", "商场"], "rows": [["开门", ["傍晚", "上午"]]]}
    sizes = [int(z) for z in re.findall(r"\\fs(\d+)[^}]*}(?:傍晚|上午)", script_for(_request(_shot(words))))]
    assert sizes and max(sizes) <= grid.size(3)


def test_a_long_figure_and_its_unit_stay_inside_the_frame(tmp_path: Path) -> None:
    """一千八百万 at the stat's size ran off the right edge of a 9:16 frame (the tea example's sales)."""
    from generator.video.graphics import Grid

    narration = "去年茶叶销售收入超过一千八百万元。"
    stat = {"kind": "stat", "value": "一千八百万", "number": 18_000_000, "unit": "元", "label": "茶叶销售收入"}
    req = _request(_shot(stat, narration=narration), w=360, h=640)
    last = _frames(render(req, "graphics", tmp_path).path)[-1]
    grid = Grid.for_frame(360, 640)
    assert not (last[:, grid.right + 2:].max(axis=2) > 200).any()
    assert (last[:, grid.left: grid.right].max(axis=2) > 200).any()  # and it is drawn


def test_scene_cards_in_a_row_take_different_layouts_and_keep_the_whole_phrase(tmp_path: Path) -> None:
    """A run of scene cards was one slide repeated (the same left-aligned phrase on every shot); each now takes
    its camera's layout, which the planner varies shot to shot, so two in a row never look alike — and a long
    phrase shrinks to fit instead of losing its last words."""
    from storyboard.rules import CAMERAS

    phrase = "a hand-painted sign usually explains the rules of the little library"
    frames = []
    for i, camera in enumerate(CAMERAS):
        shot = Shot(index=i, narration=f"By the door, {phrase}.", visual_prompt="a little library", seconds=3.0,
                    key_phrase=phrase, keywords=["door", "library"], camera=camera)
        req = RenderRequest(shot=shot, seconds=3.0, width=360, height=640, fps=30, seed=1, title="Little libraries",
                            language="en")
        drawn = " ".join(re.findall(r"}([^{}\n]+)$", script_for(req), flags=re.M))
        assert all(word in drawn for word in phrase.split()), drawn  # whole, however it wraps
        frames.append(_frames(render(req, "graphics", tmp_path / camera).path)[-1].astype(float))
    for a, b in zip(frames, frames[1:], strict=False):  # the planner's camera order: neighbours differ
        assert np.abs(a - b).mean() > 6.0


def test_chart_values_are_in_by_80_percent_of_the_shot_however_late_their_labels_are_said() -> None:
    """The 80 % cap is on what is read, the value, not its bar: every value has faded in fully by then."""
    from generator.video.graphics import FADE

    narration = "过了很久很久很久很久很久很久很久很久很久，人们才说起渡船要12分钟，木船要45分钟。"
    chart = {"kind": "chart", "unit": "分钟", "bars": [{"label": "渡船", "value": "12", "number": 12},
                                                      {"label": "木船", "value": "45", "number": 45}]}
    script = script_for(_request(_shot(chart, narration=narration), seconds=5.0))
    for value in ("12分钟", "45分钟"):
        starts = _starts(script, value)
        assert starts and max(starts) + FADE <= 0.8 * 5.0 + 0.01, (value, starts)


def test_a_stat_unit_is_in_when_its_count_lands() -> None:
    from generator.video.graphics import FADE

    narration = "在窄巷里，货运自行车平均每小时能跑14 km per hour，比货车还快。"
    stat = {"kind": "stat", "value": "14", "number": 14, "unit": "km per hour", "label": "cargo bike"}
    script = script_for(_request(_shot(stat, narration=narration), seconds=5.0))
    land = min(_starts(script, "14"))
    unit = min(_starts(script, "km per hour"))
    assert unit + FADE <= land + 0.01, (unit, land)


def test_a_change_is_drawn_with_an_arrow_its_way() -> None:
    """"fell by 45 percent": an arrow pointing down before the number; a level has none."""
    import re

    def arrows(change: str) -> list[str]:
        stat = {"kind": "stat", "value": "45", "number": 45, "unit": "%", "label": "货车进城次数", "change": change}
        script = script_for(_request(_shot(stat, narration="货车进城次数下降了45%。"), seconds=4.0))
        return [p for p in re.findall(r"\\p1\}(m [^\n]*)", script) if not p.startswith("m 0 0 l ")]  # not rects

    level, down, up = arrows(""), arrows("down"), arrows("up")
    assert len(down) == len(level) + 1 and len(up) == len(level) + 1
    tip_down = [float(v) for v in (set(down) - set(level)).pop().split()[1:3]]
    tip_up = [float(v) for v in (set(up) - set(level)).pop().split()[1:3]]
    assert tip_up[1] < tip_down[1]  # the shape starts at its tip: at the top going up, at the bottom going down


def test_comparison_values_are_in_by_80_percent_of_the_shot_however_late_they_are_said() -> None:
    """The demo's 1200个 was still fading in at the frame sheet's 80 %: a compare's values keep the chart's cap."""
    from generator.video.graphics import FADE

    narration = "说了很久很久很久很久很久很久很久很久很久很久，才说到夜市有14个，摊位总数有1200个。"
    compare = {"kind": "compare", "items": ["夜市", "摊位总数"], "rows": [["", ["14个", "1200个"]]]}
    script = script_for(_request(_shot(compare, narration=narration), seconds=5.0))
    for value in ("14个", "1200个"):
        starts = _starts(script, value)
        assert starts and max(starts) + FADE <= 0.8 * 5.0 + 0.01, (value, starts)


@pytest.mark.parametrize(("text", "language", "width"), [
    ("暑期托管班报名人数翻倍，家长最看重什么", "zh", 460),
    ("城南夜市的摊主们说：“我们（这些老摊位）都愿意留下来。”", "zh", 400),
    ("城南夜市的摊主们说：“我们（这些老摊位）都愿意留下来。”", "zh", 540),
    ("Late buses are back, and the riders (mostly night workers) have noticed.", "en", 520),
])
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text: str, language: str, width: int) -> None:
    from generator.video.animatic import wrap_to_width
    from generator.video.graphics import CJK_FONT, _font

    lines = wrap_to_width(text, _font(60, CJK_FONT), width, language)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) > 1
    for line in lines:
        assert line[0] not in "，。、；：！？）》」』”,.;:!?)", lines
        assert line[-1] not in "（《「『“(", lines


def test_a_two_part_headline_breaks_at_its_comma_when_that_costs_no_line() -> None:
    from generator.video.animatic import wrap_to_width
    from generator.video.graphics import CJK_FONT, _font

    assert wrap_to_width("暑期托管班报名人数翻倍，家长最看重什么", _font(60, CJK_FONT), 700, "zh") == [
        "暑期托管班报名人数翻倍，", "家长最看重什么"]


@pytest.mark.parametrize(("w", "h"), [(1080, 1920), (1080, 1080), (1920, 1080)])
def test_a_five_part_breakdown_keeps_every_label_clear_of_the_value_above(w: int, h: int) -> None:
    """Each bar's value sits beside its bar; the next row's label must start below the value's glyphs."""
    parts = [("pitch hire", 48), ("referees", 22), ("kit and equipment", 18),
             ("insurance and league affiliation", 14), ("coach training", 8)]
    chart = {"kind": "chart", "unit": "", "title": "the new £110 fee",
             "bars": [{"label": label, "value": f"£{n}", "number": n} for label, n in parts]}
    narration = "The new £110 fee: pitch hire £48, referees £22, kit and equipment £18, insurance £14, coaches £8."
    req = replace(_request(_shot(chart, narration), w=w, h=h), language="en")
    script = script_for(req)
    placed = {text: (float(pos or end), int(size)) for pos, end, size, text in
              re.findall(r"\\(?:pos\([\d.]+,([\d.]+)|move\([\d.]+,[\d.]+,[\d.]+,([\d.]+)[^)]*)\)"
                         r"\\fs(\d+)[^}]*}([^\n]+)", script)}
    for (_, n), (label, _) in pairwise(parts):
        value_y, value_size = placed[f"£{n}"]
        label_y, _ = placed[label]
        assert value_y + 0.9 * value_size <= label_y + 1, (f"£{n}", label, placed)


@pytest.mark.parametrize(("stat", "share"), [
    ({"kind": "stat", "value": "45", "number": 45, "unit": "%", "label": "students"}, 0.45),
    ({"kind": "stat", "value": "8", "number": 8, "unit": "percent", "label": "of the ground is shaded"}, 0.08),
    ({"kind": "stat", "value": "520", "number": 520, "unit": "players", "label": ""}, None),
    ({"kind": "stat", "value": "45", "number": 45, "unit": "percent", "label": "complaints", "change": "down"}, None),
    ({"kind": "stat", "value": "五成", "unit": "", "label": "区财政补贴"}, None),
])
def test_a_stat_draws_a_gauge_only_for_a_share_and_fills_it_to_the_share(stat: dict, share: float | None) -> None:
    """A bar under a number reads as a proportion: 45 % fills 45 % of its track; a count gets a short accent rule."""
    script = script_for(_request(_shot(stat, "Students were 45% of visitors; 520 players; 五成."), w=1080, h=1920))
    shapes = re.findall(r"\\1a&HC0&[^}]*\\p1}m 0 0 l (\d+) 0", script)
    fills = [int(w) for w in re.findall(r"\\fscx0\\t\(\d+,\d+,\\fscx100\)\\p1}m 0 0 l (\d+) 0", script)]
    if share is None:
        assert not shapes and fills and fills[-1] < 0.3 * 1080  # the stat's own rule is drawn last
    else:
        assert len(shapes) == 1
        assert fills[-1] == pytest.approx(share * int(shapes[0]), abs=0.02 * int(shapes[0]) + 4)


def test_a_chart_that_goes_on_from_the_shot_before_is_already_drawn(tmp_path: Path) -> None:
    """A sentence told over a cut keeps its chart; the second shot must not grow its bars from nothing again."""
    fresh = render(_request(_shot(CHART)), "graphics", tmp_path / "fresh")
    going_on = render(replace(_request(_shot(CHART)), options={"continues": True}), "graphics", tmp_path / "on")
    accent = [[int(((f[..., 0] > 200) & (f[..., 2] < 160)).sum()) for f in _frames(c.path)] for c in (fresh, going_on)]
    assert accent[0][1] < 0.3 * accent[0][-1]  # a fresh chart grows
    assert accent[1][1] >= 0.9 * accent[1][-1] > 0  # the one going on stands from its first frame
    frames = np.stack(_frames(going_on.path)).astype(np.float32)  # still never a still picture: the ground moves
    assert all(np.abs(frames[k] - frames[min(k + 29, len(frames) - 1)]).mean() > 0.05 for k in range(0, 90, 30))
    script = script_for(replace(_request(_shot(CHART)), options={"continues": True}))
    events = [e for e in script.splitlines() if e.startswith("Dialogue:")]
    assert all(",0:00:00.00," in e and "\\t(" not in e and "\\fad(" not in e for e in events), events


def test_only_the_same_drawn_graphic_in_the_shot_before_goes_on() -> None:
    from reelflow.models import Storyboard
    from reelflow.pipeline.steps import continues

    def shot(i: int, visual: dict | None) -> Shot:
        return _shot(visual).model_copy(update={"index": i})

    quote = {"kind": "quote", "text": "夜市给了老手艺一个被看见的地方", "speaker": "刘大爷"}
    shots = [shot(0, CHART), shot(1, CHART), shot(2, quote), shot(3, quote), shot(4, None), shot(5, None),
             shot(6, VISUALS["title"]), shot(7, VISUALS["title"])]
    board = Storyboard(title="城市夜市", language="zh", shots=shots, target_seconds=60, seed=0, planner="rules")
    assert [continues(board, s) for s in shots] == [False, True, False, True, False, False, False, False]


def test_the_auto_source_hands_graphics_every_option_the_pipeline_adds_per_shot() -> None:
    """`auto` picks a source per shot and hands it its options: the shot's timings, mood and 'goes on' must survive."""
    from reelflow.models import Narration, Storyboard
    from reelflow.pipeline.steps import shot_options

    board = Storyboard(title="城市夜市", language="zh", shots=[_shot(CHART)], target_seconds=60, seed=0,
                       planner="rules", mood="warm")
    narration = Narration(text="x", audio_path="x.wav", duration=3.0, words=[], voice="v", engine="espeak")
    options = shot_options("auto", {"available": ["graphics"], "sources": {"graphics": {}}}, board, narration,
                           goes_on=True)
    handed = get_renderer("auto").delegated(replace(_request(_shot(CHART)), options=options), "graphics")
    assert handed.options["continues"] is True and handed.options["mood"] == "warm" and "words" in handed.options


@pytest.mark.parametrize(("w", "h"), [(1080, 1920), (1080, 1080), (1920, 1080)])
def test_a_stat_with_a_note_keeps_its_number_the_biggest_thing_on_the_card(w: int, h: int) -> None:
    stat = {"kind": "stat", "value": "42", "number": 42, "unit": "plows", "label": "The fleet",
            "note": "six more than last year"}
    req = replace(_request(_shot(stat, "The fleet has 42 plows, six more than last year."), w=w, h=h), language="en")
    sizes = {text: int(size) for size, text in re.findall(r"\\fs(\d+)[^}]*}([^\n]+)", script_for(req))}
    assert sizes["42"] >= 1.8 * sizes["plows"] and sizes["42"] >= 1.5 * sizes["six more than last year"], sizes
