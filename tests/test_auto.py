"""`auto`, the default picture source: the best source each shot can have here, and a clip that always finishes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import generator.video as video
from generator.video.auto import availability, candidates
from reelflow.media import probe
from reelflow.models import Shot
from reelflow.settings import load_settings

SCENE = {"kind": "scene", "prompt": "夜市灯笼，人群", "search": ["夜市", "灯笼"]}
STAT = {"kind": "stat", "value": "1200", "number": 1200, "unit": "个", "label": "摊位总数"}


def _shot(index: int = 0, visual: dict | None = None, **kw: object) -> Shot:
    return Shot(index=index, narration="目前夜市摊位总数超过1200个。", visual_prompt="夜市，灯笼", seconds=2.0,
                key_phrase="摊位总数", keywords=["夜市"], visual=visual or SCENE, **kw)


def test_each_kind_goes_to_its_source_in_order() -> None:
    everything = ["dit", "still", "stock", "graphics"]
    assert candidates(_shot(visual=SCENE), everything) == ["dit", "still", "stock", "graphics"]
    assert candidates(_shot(visual=SCENE), ["stock", "graphics"]) == ["stock", "graphics"]
    assert candidates(_shot(visual=SCENE), ["graphics"]) == ["graphics"]
    # A graphic is drawn even where a video model is at hand: numbers on screen, not a generated guess.
    assert candidates(_shot(visual=STAT), everything) == ["graphics"]
    # The reviewer's choice comes first, the rest stay behind it as fallbacks.
    assert candidates(_shot(visual=SCENE, source="stock"), everything) == ["stock", "dit", "still", "graphics"]


def test_availability_says_why_a_source_is_missing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("generator.video.stock")
    monkeypatch.delenv("PEXELS_API_KEY", raising=False)
    monkeypatch.delenv("PIXABAY_API_KEY", raising=False)
    found = availability(load_settings())
    assert found["graphics"] is None
    assert "model" in (found["dit"] or "") and "model" in (found["still"] or "")
    assert "PEXELS_API_KEY" in (found["stock"] or "")


def _requests(shots: list[Shot], options: dict) -> list[video.RenderRequest]:
    return [video.RenderRequest(shot=s, seconds=1.0, width=180, height=320, fps=30, seed=7, title="城市夜市",
                                language="zh", options=options) for s in shots]


def test_a_source_that_fails_hands_the_shot_on_and_says_why(data_dir: Path, tmp_path: Path) -> None:
    """A still model that cannot load: the shot is drawn by graphics, and the reason is kept with the clip."""
    bad = tmp_path / "not-an-image-model"
    bad.mkdir()
    (bad / "model_index.json").write_text(json.dumps({"_class_name": "WanPipeline"}), encoding="utf-8")
    settings = load_settings()
    options = video.render_options("auto", settings)
    options = {**options, "available": ["still", "graphics"], "sources": {
        "still": {"still": {"model": str(bad)}}, "graphics": {}}}
    requests = video.plan("auto", _requests([_shot(0), _shot(1, visual=STAT)], options))
    assert [video.source_of(r, "auto") for r in requests] == ["still", "graphics"]
    clip = video.render(requests[0], "auto", tmp_path / "shots")
    assert clip.renderer == "graphics"
    assert len(clip.fallbacks) == 1 and clip.fallbacks[0].startswith("still: ") and "WanPipeline" in clip.fallbacks[0]
    info = probe(clip.path)
    assert (info.width, info.height) == (180, 320) and info.duration == pytest.approx(1.0, abs=0.05)
    # The render key follows the chosen source: a different choice is a different render.
    graphics_first = replace(requests[0], options={**requests[0].options, "source": "graphics", "then": []})
    auto = video.get_renderer("auto")
    assert video.render_key(auto, graphics_first) != video.render_key(auto, requests[0])


def test_default_make_records_each_shots_source(data_dir: Path, tmp_path: Path) -> None:
    """The plain pipeline with the default renderer on a machine with no GPU and no keys: every shot drawn."""
    from conftest import ARTICLES

    from reelflow.pipeline.article import make_here

    settings = load_settings(preset="preview", max_seconds=15)
    assert settings.renderer == "auto"
    draft = make_here(str(ARTICLES / "zh_article.md"), settings, output=str(tmp_path / "clip.mp4"))
    assert draft is not None
    listed = draft.metadata["shot_list"]
    assert listed and all(s["renderer"] == "graphics" for s in listed)


def test_a_reviewer_picks_a_shots_source_or_another_picture() -> None:
    from flows.review import BadEdit, ShotEdit, apply_edits
    from reelflow.models import Storyboard
    from reelflow.pipeline.steps import shot_request

    board = Storyboard(title="城市夜市", language="zh", target_seconds=10, seed=1, planner="rules",
                       shots=[_shot(0), _shot(1, visual=STAT)])
    changed = apply_edits(board, [ShotEdit(shot=1, source="stock"), ShotEdit(shot=2, source="another")])
    assert changed.shots[0].source == "stock" and changed.shots[0].take == 0
    assert changed.shots[1].source is None and changed.shots[1].take == 1
    with pytest.raises(BadEdit, match="not a picture source"):
        apply_edits(board, [ShotEdit(shot=1, source="youtube")])
    # Another picture is another seed; the untouched shot keeps its own (so only the changed one renders again).
    from editing.presets import get_preset

    preview = get_preset("preview")
    before = [shot_request(s, 2.0, board, preview) for s in board.shots]
    after = [shot_request(s, 2.0, changed, preview) for s in changed.shots]
    assert before[0].seed == after[0].seed and before[1].seed != after[1].seed
    assert candidates(changed.shots[0], ["graphics"]) == ["stock", "graphics"]


def test_stock_for_scenes_end_to_end_with_credits_where_people_read_them(data_dir: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """auto with stock keys (a loopback Pexels/Pixabay): scenes get footage, the title is drawn, every credit is
    in the store, the draft's description (the post's) and the review table; a second make downloads nothing."""
    from conftest import ROOT
    from stock_servers import Media, StockServer, library_for, point_reelflow_at

    import storyboard
    from flows.artifacts import review_markdown
    from reelflow.pipeline.article import make_here
    from reelflow.store import Store

    article = ROOT / "examples" / "en_small_libraries.md"  # at 20 s: a title, a scene and a quote
    server = StockServer()
    point_reelflow_at(server, monkeypatch)
    settings = load_settings(preset="preview", max_seconds=20)
    board = storyboard.plan(storyboard.read(article), "rules", max_seconds=20)
    library_for(server, article, Media(tmp_path / "library"), 20)
    try:
        draft = make_here(str(article), settings, output=str(tmp_path / "clip.mp4"))
        assert draft is not None
        shots = draft.metadata["shot_list"]
        assert any(s["visual"] == "scene" for s in shots), "the plan has no scene shot: pick another article"
        assert {s["renderer"] for s in shots if s["visual"] == "scene"} == {"stock"}
        assert {s["renderer"] for s in shots if s["visual"] != "scene"} == {"graphics"}
        items = [s["credit"]["item_id"] for s in shots if s["credit"]]
        assert len(items) == len(set(items)) == sum(s["visual"] == "scene" for s in shots)  # none used twice
        lines = draft.metadata["picture_credits"]
        assert lines and all(line.startswith("Video by Photographer ") and line.endswith(" on Pexels")
                             for line in lines)
        assert all(line in draft.metadata["description"] for line in lines)
        assert server.pexels_key not in json.dumps(draft.metadata)
        page = review_markdown(draft, board, [], settings, 1)
        assert "**stock**" in page and lines[0] in page and "pexels" in page
        store = Store(settings.db_url)
        credited = [c for c in store.renders_of(list(range(1, 50))).values() if c.credit]
        store.dispose()
        assert len(credited) == len(items)
        # Made again from scratch (forced): the footage comes from the cache, no file is fetched twice.
        fetched = len(server.hits("file:"))
        again = make_here(str(article), settings, output=str(tmp_path / "again.mp4"), force=True)
        assert again is not None and len(server.hits("file:")) == fetched
        assert again.metadata["picture_credits"] == lines
    finally:
        server.close()


def test_a_reviewer_changes_what_a_shot_shows_from_its_own_words() -> None:
    from flows.review import BadEdit, ShotEdit, apply_edits
    from reelflow.models import StatVisual, Storyboard

    board = Storyboard(title="城市夜市", language="zh", target_seconds=10, seed=1, planner="rules",
                       shots=[_shot(0), _shot(1, visual=STAT)])
    changed = apply_edits(board, [ShotEdit(shot=1, visual="stat"), ShotEdit(shot=2, visual="scene")])
    stat = changed.shots[0].visual
    assert isinstance(stat, StatVisual) and stat.value == "1200"  # the number the shot says, not a made-up one
    assert changed.shots[1].visual.kind == "scene" and changed.shots[1].visual.search == ["夜市"]
    with pytest.raises(BadEdit, match="hold no quote"):
        apply_edits(board, [ShotEdit(shot=1, visual="quote")])
    with pytest.raises(BadEdit, match="not a visual"):
        apply_edits(board, [ShotEdit(shot=1, visual="hologram")])
