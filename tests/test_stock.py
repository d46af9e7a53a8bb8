"""The `stock` picture source against loopback Pexels and Pixabay servers that speak their real protocol."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from generator.video import RenderRequest, get_renderer, render, render_key, renderers
from generator.video.base import read_sidecar
from generator.video.stock import NoStock, choose, pexels, pixabay
from generator.video.stock.candidate import Candidate, Query, Rendition
from generator.video.stock.download import pick_rendition
from generator.video.stock.options import StockOptions
from generator.video.stock.search import find
from generator.video.stock.transport import StockError
from reelflow.errors import ReelflowError
from reelflow.media import probe
from reelflow.models import SceneVisual, Shot
from reelflow.settings import StockSettings
from tests.stock_servers import File, Item, Media, StockServer

ROOT = Path(__file__).parent.parent
W, H, FPS = 180, 320, 30
RED, GREEN, BLUE = (255, 0, 0), (0, 128, 0), (0, 0, 255)


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    return Media(tmp_path_factory.mktemp("stock-media"))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> StockServer:
    srv = StockServer()
    monkeypatch.setenv("PEXELS_API_KEY", srv.pexels_key)
    monkeypatch.setenv("PIXABAY_API_KEY", srv.pixabay_key)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    yield srv
    srv.close()


def _options(server: StockServer, tmp_path: Path, **kw: object) -> dict[str, object]:
    settings = StockSettings(pexels_url=server.pexels_url, pixabay_url=server.pixabay_url,
                             download_dir=tmp_path / "downloads", retries=2, max_wait_seconds=5, **kw)
    return get_renderer("stock").options_from_settings(settings)


def _request(options: dict[str, object], *, index: int = 0, search: list[str] | None = None, seconds: float = 2.0,
             language: str = "zh", **extra: object) -> RenderRequest:
    visual = SceneVisual(prompt="night market", search=search or ["夜市"])
    shot = Shot(index=index, narration="夜市里灯笼亮了。", visual_prompt="night market", seconds=seconds,
                key_phrase="夜市", keywords=["夜市"], visual=visual)
    return RenderRequest(shot=shot, seconds=seconds, width=W, height=H, fps=FPS, seed=1, title="夜市",
                         language=language, options={**options, **extra})


def _video(media: Media, server: StockServer, provider: str, item_id: int, tags: str, colour: str = "red",
           seconds: float = 3.0, size: tuple[int, int] = (W, H), **kw: object) -> Item:
    files = [File(media.video(colour, *size, seconds), *size)]
    return server.add(provider, Item(item_id, "video", tags, files, duration=seconds, **kw))


def _bad(media: Media, server: StockServer, provider: str, item_id: int, tags: str, name: str) -> Item:
    return server.add(provider, Item(item_id, "video", tags, [File(media.garbage(name), W, H)], duration=3.0))


def _frames(path: str) -> np.ndarray:
    with av.open(path) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


def _colour(frame: np.ndarray) -> tuple[int, int, int]:
    return tuple(int(v) for v in frame.reshape(-1, 3).mean(axis=0))


def _near(rgb: tuple[int, int, int], want: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(rgb, want, strict=True))


def _cand(item_id: str, *, w: int = 1080, h: int = 1920, duration: float = 10.0, text: str = "", rank: int = 0,
          kind: str = "video") -> Candidate:
    return Candidate("pexels", item_id, kind, f"https://www.pexels.com/video/{item_id}/", duration=duration, width=w,
                     height=h, text=text, renditions=(Rendition("u", w, h),), rank=rank)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ search


def test_registered_and_does_not_import_prefect() -> None:
    assert "stock" in renderers()
    code = "import sys, generator.video.stock; assert 'prefect' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_pexels_chinese_query_sends_locale_orientation_and_key(server: StockServer, media: Media,
                                                                 tmp_path: Path) -> None:
    _video(media, server, "pexels", 11, "夜市, 灯笼, night market", user="Li Wei")
    _video(media, server, "pexels", 12, "夜市 landscape", size=(320, 180))
    opts = StockOptions.from_dict(_options(server, tmp_path))
    import httpx

    with httpx.Client() as client:
        page = pexels.search(client, Query(("夜市", "灯笼"), "video", "portrait", "zh"), server.pexels_key, opts)
        english = pexels.search(client, Query(("夜市",), "video", "portrait", "en"), server.pexels_key, opts)
    sent = server.hits("pexels")[0]
    assert sent.path == "/pexels/videos/search"
    assert sent.query["locale"] == "zh-CN" and sent.query["orientation"] == "portrait" and sent.query["query"] == \
        "夜市 灯笼"
    assert sent.headers["authorization"] == server.pexels_key
    assert [c.item_id for c in page.candidates] == ["11"]  # the landscape one was filtered by the server
    c = page.candidates[0]
    assert (c.provider, c.kind, c.author, c.duration) == ("pexels", "video", "Li Wei", 3.0)
    assert c.author_url == "https://www.pexels.com/@liwei" and c.page_url.endswith("-11/")
    assert "night" in c.text and "Pexels License" in c.licence
    assert [(r.width, r.height) for r in c.renditions] == [(W, H)]  # the hls entry without a size is dropped
    assert english.candidates == []  # without locale=zh-CN the Chinese query finds nothing


def test_pixabay_sends_lang_and_key_param_and_photo_orientation(server: StockServer, media: Media,
                                                                  tmp_path: Path) -> None:
    _video(media, server, "pixabay", 21, "夜市, 街道", user="Chen", user_id=7)
    server.add("pixabay", Item(22, "photo", "夜市, 摊位", [File(media.photo("blue", 360, 640), 360, 640)]))
    opts = StockOptions.from_dict(_options(server, tmp_path))
    import httpx

    with httpx.Client() as client:
        videos = pixabay.search(client, Query(("夜市",), "video", "portrait", "zh"), server.pixabay_key, opts)
        photos = pixabay.search(client, Query(("夜市",), "photo", "portrait", "zh"), server.pixabay_key, opts)
    v, p = server.hits("pixabay")
    assert v.path == "/pixabay/api/videos/" and v.query["lang"] == "zh" and v.query["key"] == server.pixabay_key
    assert "orientation" not in v.query  # the video API has no such filter
    assert p.path == "/pixabay/api/" and p.query["orientation"] == "vertical" and p.query["image_type"] == "photo"
    c = videos.candidates[0]
    assert (c.item_id, c.author, c.author_url, c.page_url) == ("21", "Chen", "https://pixabay.com/users/Chen-7/",
                                                                "https://pixabay.com/videos/id-21/")
    assert c.renditions[0].size and "Pixabay" in c.licence
    assert photos.candidates[0].kind == "photo" and photos.candidates[0].item_id == "22"
    # Pixabay finds only items with every word: when three words find nothing, the main one is asked alone
    with httpx.Client() as client:
        found = find(client, "pixabay", Query(("夜市", "灯笼", "雨夜")), opts)
    assert [c.item_id for c in found] == ["21"]
    assert [r.query["q"] for r in server.hits("pixabay")[2:]] == ["夜市 灯笼 雨夜", "夜市"]


def test_pexels_next_page_is_read_when_page_one_is_all_used(server: StockServer, media: Media,
                                                            tmp_path: Path) -> None:
    for n in range(7):
        _video(media, server, "pexels", 100 + n, "夜市")
    opts = StockOptions.from_dict(_options(server, tmp_path, per_page=3))
    import httpx

    with httpx.Client() as client:
        found = find(client, "pexels", Query(("夜市",)), opts, avoid={("pexels", "100"), ("pexels", "101"),
                                                                       ("pexels", "102")})
    assert [r.query["page"] for r in server.hits("pexels")] == ["1", "2"]
    assert [c.item_id for c in found] == [str(100 + n) for n in range(6)]
    assert [c.rank for c in found] == list(range(6))


def test_429_with_retry_after_is_waited_then_succeeds(server: StockServer, media: Media, tmp_path: Path) -> None:
    _video(media, server, "pexels", 11, "夜市")
    server.faults["pexels"].append(("status", 429, {"Retry-After": "1"}))
    reset = str(int(time.time()) + 1)
    server.faults["pexels"].append(("status", 429, {"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": reset}))
    opts = StockOptions.from_dict(_options(server, tmp_path))
    import httpx

    start = time.monotonic()
    with httpx.Client() as client:
        found = find(client, "pexels", Query(("夜市",)), opts)
    assert [c.item_id for c in found] == ["11"]
    assert len(server.hits("pexels")) == 3
    assert time.monotonic() - start >= 0.9  # Retry-After: 1 was honoured (and the reset time after it)


def test_retries_are_capped_and_the_error_is_one_line(server: StockServer, tmp_path: Path) -> None:
    for _ in range(5):
        server.faults["pixabay"].append(("status", 503, {"Retry-After": "0"}))
    opts = StockOptions.from_dict(_options(server, tmp_path))
    import httpx

    with httpx.Client() as client, pytest.raises(StockError) as err:
        find(client, "pixabay", Query(("夜市",)), opts)
    assert str(err.value) == "Pixabay video search failed: answered 503 3 times"
    assert len(server.hits("pixabay")) == 3  # retries=2


def test_a_wait_longer_than_allowed_fails_the_provider_at_once(server: StockServer, tmp_path: Path) -> None:
    server.faults["pexels"].append(("status", 429, {"Retry-After": "3600"}))
    opts = StockOptions.from_dict(_options(server, tmp_path))
    import httpx

    start = time.monotonic()
    with httpx.Client() as client, pytest.raises(StockError, match="asks to wait 3600 s"):
        find(client, "pexels", Query(("夜市",)), opts)
    assert time.monotonic() - start < 2 and len(server.hits("pexels")) == 1


# ------------------------------------------------------------------------------------------ choice


def test_choice_ranks_shape_then_length_then_sharpness_then_words() -> None:
    terms = choose.terms(["Night market", "夜市"])
    assert terms == ["night", "market", "夜市"]
    wide = _cand("wide", w=1920, h=1080, text="night market 夜市")  # every word, wrong shape
    short = _cand("short", duration=1.0, text="night market 夜市")  # every word, too short
    soft = _cand("soft", w=90, h=160, text="night market")  # too small for the frame
    one = _cand("one", text="market stall")
    two = _cand("two", text="夜市小吃 night")  # a Chinese term inside a longer tag counts
    used = _cand("used", text="night market 夜市")
    ranked = choose.rank([wide, short, soft, one, two, used], terms, W, H, 2.0, avoid={("pexels", "used")})
    assert [c.item_id for c in ranked] == ["two", "one", "soft", "short", "wide"]
    assert "matches 2 of 3 search terms" in choose.why(two, terms, W, H, 2.0)
    # equal on every rule: the provider's own order decides
    a, b = _cand("a", rank=3), _cand("b", rank=1)
    assert [c.item_id for c in choose.rank([a, b], terms, W, H, 2.0)] == ["b", "a"]
    # a short first clip gets the next videos, never itself again
    assert [c.item_id for c in choose.covers(short, [short, _cand("p", kind="photo"), one, two], 5.0)] == ["one"]


def test_pick_rendition_is_the_smallest_that_covers_else_the_largest() -> None:
    r = [Rendition("4k", 2160, 3840), Rendition("hd", 720, 1280), Rendition("sd", 360, 640), Rendition("t", 90, 160)]
    assert pick_rendition(r, 1080, 1920).url == "4k"
    assert pick_rendition(r, 720, 1280).url == "hd"
    assert pick_rendition(r, 180, 320).url == "sd"
    assert pick_rendition(r[2:], 1080, 1920).url == "sd"


def test_plan_never_reuses_an_item_across_the_clip(server: StockServer, media: Media, tmp_path: Path) -> None:
    _video(media, server, "pexels", 1, "夜市 灯笼 小吃")  # the best match for every shot
    _video(media, server, "pexels", 2, "夜市 灯笼")
    _video(media, server, "pexels", 3, "夜市 灯笼")
    _video(media, server, "pexels", 4, "夜市", size=(320, 180))  # wrong shape: Pexels leaves it out
    _video(media, server, "pexels", 5, "夜市")
    opts = _options(server, tmp_path)
    terms = ["夜市", "灯笼", "小吃"]
    requests = [_request(opts, index=i, search=terms) for i in range(3)]
    graphics = RenderRequest(shot=Shot(index=3, narration="x", visual_prompt="", seconds=2, key_phrase="x",
                                       visual={"kind": "title", "text": "x"}), seconds=2, width=W, height=H, fps=FPS,
                             seed=1, options=opts)
    plan = get_renderer("stock").plan([*requests, graphics], avoid={("pexels", "3")})
    assert sorted(plan) == [0, 1, 2]  # the title shot is not a scene
    picks = [plan[i]["stock_item"]["item_id"] for i in range(3)]
    assert picks == ["1", "2", "5"]  # 3 was used before the clip
    chosen = set(picks)
    for i in range(3):
        assert not chosen & {d["item_id"] for d in plan[i]["stock_next"]}
    assert plan[0]["stock_avoid"] == [["pexels", "2"], ["pexels", "3"], ["pexels", "5"]]
    assert {r.query["locale"] for r in server.hits("pexels")} == {"zh-CN"}


# ------------------------------------------------------------------------------------------ render


def test_render_is_exact_with_credit_and_sidecar(server: StockServer, media: Media, tmp_path: Path) -> None:
    item = _video(media, server, "pexels", 7, "夜市", colour="red", size=(360, 640), user="Li Wei")
    opts = _options(server, tmp_path)
    plan = get_renderer("stock").plan([_request(opts)])
    request = _request(opts, **plan[0])
    clip = render(request, "stock", tmp_path / "clips")
    info = probe(clip.path)
    frames = _frames(clip.path)
    assert (info.width, info.height, info.fps, info.video_codec, info.audio_codec) == (W, H, FPS, "h264", None)
    assert len(frames) == request.frames == 60
    assert _near(_colour(frames[0]), RED) and _near(_colour(frames[-1]), RED)
    assert clip.credit is not None and clip.credit.item_id == str(item.id) and clip.fallbacks == []
    assert clip.credit.line() == "Video by Li Wei on Pexels"
    side = read_sidecar(clip.path)
    assert side["credit"] == clip.credit and side["fallbacks"] == []
    assert render_key(get_renderer("stock"), request) != render_key(
        get_renderer("stock"), _request(opts, stock_item={**plan[0]["stock_item"], "item_id": "8"}))


def test_a_short_video_is_followed_by_a_second_clip_not_looped(server: StockServer, media: Media,
                                                              tmp_path: Path) -> None:
    _video(media, server, "pexels", 1, "夜市", colour="red", seconds=1.0)
    _video(media, server, "pexels", 2, "夜市", colour="blue", seconds=3.0)
    opts = _options(server, tmp_path)
    # planned: the short red one first (the test forces it), the blue one as the spare
    plan = get_renderer("stock").plan([_request(opts)])
    first, spare = plan[0]["stock_next"][0], plan[0]["stock_item"]
    assert spare["item_id"] == "2"  # the long one ranks first on its own
    clip = get_renderer("stock").render(_request(opts, stock_item=first, stock_next=[spare]), tmp_path / "c.mp4")
    colours = [_colour(f) for f in _frames(clip.path)]
    assert len(colours) == 60
    switch = next(i for i, c in enumerate(colours) if _near(c, BLUE))
    assert 28 <= switch <= 32 and all(_near(c, RED) for c in colours[:switch - 1])
    assert all(_near(c, BLUE) for c in colours[switch:])  # red never comes back: no loop
    assert clip.credit.item_id == "1"
    assert read_sidecar(clip.path)["fallbacks"] == []  # no fallbacks were needed


def test_a_broken_candidate_falls_back_to_the_next_with_a_reason(server: StockServer, media: Media,
                                                                 tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    _bad(media, server, "pexels", 1, "夜市 灯笼 小吃", "noise.mp4")  # does not decode
    truncated = _video(media, server, "pexels", 2, "夜市 灯笼", colour="blue")
    for _ in range(3):  # cut off on every try
        server.faults[f"file:{truncated.files[0].name}"].append(("truncate", 0.5))
    _video(media, server, "pexels", 3, "夜市", colour="green")
    opts = _options(server, tmp_path)
    with caplog.at_level(logging.INFO):
        clip = get_renderer("stock").render(_request(opts, search=["夜市", "灯笼", "小吃"]), tmp_path / "c.mp4")
    assert clip.credit.item_id == "3" and _near(_colour(_frames(clip.path)[10]), GREEN)
    assert len(clip.fallbacks) == 2
    assert clip.fallbacks[0].startswith("stock: pexels video 1 passed over: the file does not decode")
    assert re.fullmatch(r"stock: pexels video 2 passed over: Pexels download failed: the download was cut off "
                        r"after \d+ KB \(3 tries\)", clip.fallbacks[1])
    assert "Shot 1: pexels video 1 passed over: the file does not decode" in caplog.text
    assert not list((tmp_path / "downloads").glob("pexels-1-*.mp4"))  # a broken file never enters the cache


def test_a_cut_off_download_resumes_with_range(server: StockServer, media: Media, tmp_path: Path) -> None:
    item = _video(media, server, "pixabay", 5, "夜市", colour="green")
    name = item.files[0].name
    server.faults[f"file:{name}"].append(("truncate", 0.4))
    clip = get_renderer("stock").render(_request(_options(server, tmp_path, providers=["pixabay"])),
                                        tmp_path / "c.mp4")
    assert clip.fallbacks == [] and clip.credit.line() == "Video by Ann Lee on Pixabay"
    first, second = server.hits(f"file:{name}")
    assert "range" not in first.headers and second.headers["range"].startswith("bytes=")
    assert int(second.headers["range"][6:-1]) > 0 and second.status == 206


def test_next_provider_when_the_first_refuses_and_keys_never_leak(server: StockServer, media: Media,
                                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("PEXELS_API_KEY", "wrong-pexels-key-77")
    _video(media, server, "pexels", 1, "夜市")
    _video(media, server, "pixabay", 9, "夜市", colour="blue")
    server.faults["pixabay"].append(("status", 429, {"Retry-After": "0"}))
    opts = _options(server, tmp_path)
    with caplog.at_level(logging.DEBUG):
        request = _request(opts)
        clip = render(request, "stock", tmp_path / "clips")
    assert clip.credit.provider == "pixabay"
    assert clip.fallbacks == ["stock: Pexels video search failed: answered 401: Authorization field missing or "
                              "invalid"]
    secrets = ["wrong-pexels-key-77", server.pixabay_key]
    shown = [caplog.text, clip.model_dump_json(), Path(f"{clip.path}.json").read_text(), json.dumps(opts),
             json.dumps(get_renderer("stock").cache_options(request))]
    shown += [p.name for p in (tmp_path / "downloads").iterdir()]
    assert "key=***" in caplog.text  # httpx logged the Pixabay URL, scrubbed
    for text in shown:
        for secret in secrets:
            assert secret not in text
    # and when every provider fails, the one-line NoStock names no key either
    monkeypatch.setenv("PIXABAY_API_KEY", "wrong-pixabay-key-88")
    with pytest.raises(NoStock) as err:
        get_renderer("stock").render(_request(opts, search=["灯笼"]), tmp_path / "d.mp4")
    assert "wrong-pixabay-key-88" not in str(err.value) and "\n" not in str(err.value)
    assert "wrong-pixabay-key-88" not in caplog.text


def test_no_stock_when_every_candidate_fails(server: StockServer, media: Media, tmp_path: Path) -> None:
    _bad(media, server, "pexels", 1, "夜市", "noise1.mp4")
    _bad(media, server, "pixabay", 2, "夜市", "noise2.mp4")
    with pytest.raises(NoStock) as err:
        get_renderer("stock").render(_request(_options(server, tmp_path, photos=False)), tmp_path / "c.mp4")
    assert isinstance(err.value, ReelflowError)
    message = str(err.value)
    assert message.startswith("no usable stock picture for shot 1 ('夜市'): ") and "\n" not in message
    assert len(err.value.fallbacks) == 2 and all("does not decode" in f for f in err.value.fallbacks)
    assert not (tmp_path / "c.mp4").exists()


def test_a_photo_when_no_video_is_found(server: StockServer, media: Media, tmp_path: Path) -> None:
    server.add("pixabay", Item(31, "photo", "夜市, 摊位", [File(media.photo("blue", 360, 640), 360, 640)],
                               user="Wang"))
    clip = get_renderer("stock").render(_request(_options(server, tmp_path)), tmp_path / "c.mp4")
    frames = _frames(clip.path)
    assert len(frames) == 60 and probe(clip.path).width == W and _near(_colour(frames[30]), BLUE)
    assert clip.credit.kind == "photo" and clip.credit.line() == "Photo by Wang on Pixabay"
    assert any("Pexels has no video" in f for f in clip.fallbacks)


def test_the_second_render_downloads_nothing(server: StockServer, media: Media, tmp_path: Path) -> None:
    _video(media, server, "pexels", 1, "夜市")
    opts = _options(server, tmp_path)
    first = get_renderer("stock").render(_request(opts), tmp_path / "a.mp4")
    downloads = len(server.hits("file:"))
    assert downloads == 1  # the Pexels link's redirect target
    second = get_renderer("stock").render(_request(opts), tmp_path / "b.mp4")
    assert len(server.hits("file:")) == downloads and second.credit == first.credit
    # the render cache: the same planned request again renders nothing and asks nothing
    plan = get_renderer("stock").plan([_request(opts)])
    asked = len(server.requests)
    render(_request(opts, **plan[0]), "stock", tmp_path / "clips")
    render(_request(opts, **plan[0]), "stock", tmp_path / "clips")
    assert len(server.requests) == asked


def test_size_cap_refuses_a_file_too_big(server: StockServer, media: Media, tmp_path: Path) -> None:
    big = _video(media, server, "pexels", 1, "夜市", colour="red", size=(360, 640))
    streamed = _video(media, server, "pexels", 2, "夜市", colour="blue", size=(360, 640), seconds=2.0)
    server.no_length.add(streamed.files[0].name)
    pix = _video(media, server, "pixabay", 3, "夜市", colour="green", size=(360, 640))
    cap_mb = 1 / 1024  # 1 KB: every file is larger
    assert big.files[0].path.stat().st_size > 1024
    with pytest.raises(NoStock):
        get_renderer("stock").render(_request(_options(server, tmp_path, max_download_mb=cap_mb, photos=False)),
                                     tmp_path / "c.mp4")
    fallbacks = [f for f in server.requests if f.route.startswith("file:")]
    assert {f.route for f in fallbacks} == {f"file:{big.files[0].name}", f"file:{streamed.files[0].name}"}
    assert not list((tmp_path / "downloads").iterdir())  # nothing partial kept
    assert f"file:{pix.files[0].name}" not in {f.route for f in fallbacks}  # its size in the JSON was enough


def test_size_cap_messages(server: StockServer, media: Media, tmp_path: Path) -> None:
    _video(media, server, "pexels", 1, "夜市", colour="red", size=(360, 640))
    streamed = _video(media, server, "pexels", 2, "夜市 街", colour="blue", size=(360, 640), seconds=2.0)
    server.no_length.add(streamed.files[0].name)
    with pytest.raises(NoStock) as err:
        get_renderer("stock").render(_request(_options(server, tmp_path, max_download_mb=1 / 1024, photos=False,
                                                        providers=["pexels"])), tmp_path / "c.mp4")
    reasons = err.value.fallbacks
    assert "over stock.max_download_mb (0.000976562 MB); not downloaded" in reasons[0]
    assert "grew past stock.max_download_mb" in reasons[1]


def test_a_render_falling_back_to_search_keeps_off_the_other_shots_items(server: StockServer, media: Media,
                                                                       tmp_path: Path) -> None:
    _bad(media, server, "pexels", 1, "夜市 灯笼", "broken.mp4")
    _video(media, server, "pexels", 2, "夜市 灯笼", colour="blue")
    _video(media, server, "pexels", 3, "夜市", colour="green")
    opts = _options(server, tmp_path)
    plan = get_renderer("stock").plan([_request(opts, index=i, search=["夜市", "灯笼"]) for i in range(2)])
    assert [plan[i]["stock_item"]["item_id"] for i in range(2)] == ["1", "2"]
    assert [d["item_id"] for d in plan[0]["stock_next"]] == ["3"] and plan[1]["stock_next"] == []  # one shot's spare
    mine = {"stock_item": plan[0]["stock_item"], "stock_avoid": plan[0]["stock_avoid"]}  # no spares: it searches
    clip = get_renderer("stock").render(_request(opts, search=["夜市", "灯笼"], **mine), tmp_path / "c.mp4")
    assert clip.credit.item_id == "3"  # not 2 (the better match), which shot 2 shows
    assert clip.fallbacks[0].startswith("stock: pexels video 1 passed over: the file does not decode")


def test_without_keys_each_provider_is_skipped_with_a_reason(server: StockServer, media: Media, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _video(media, server, "pexels", 1, "夜市")
    monkeypatch.delenv("PEXELS_API_KEY")
    monkeypatch.delenv("PIXABAY_API_KEY")
    with pytest.raises(NoStock) as err:
        get_renderer("stock").render(_request(_options(server, tmp_path)), tmp_path / "c.mp4")
    assert err.value.fallbacks == ["stock: Pexels skipped: no API key (set PEXELS_API_KEY)",
                                   "stock: Pixabay skipped: no API key (set PIXABAY_API_KEY)"]
    assert server.requests == []  # nothing was asked without a key (and no Prefect server was started)


def test_options_from_full_settings_hold_no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reelflow.settings import Settings

    monkeypatch.setenv("PEXELS_API_KEY", "secret-in-env-1")
    opts = get_renderer("stock").options_from_settings(Settings(data_dir=tmp_path, stock={"photos": False}))
    assert opts["download_dir"] == str(tmp_path / "stock") and opts["photos"] is False
    assert "secret-in-env-1" not in json.dumps(opts)


@pytest.mark.prefect
def test_a_key_kept_as_a_prefect_secret_is_found_inside_a_flow(prefect_server, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """Workers on other machines have no env var: the key is a Secret block, read inside the flow run."""
    from prefect import flow
    from prefect.blocks.system import Secret

    import flows  # noqa: F401 - adds the Prefect Secret lookup
    from generator.video.stock.keys import api_key

    monkeypatch.delenv("PIXABAY_API_KEY", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    Secret(value="pixabay-secret-0042").save("pixabay-api-key", overwrite=True)

    @flow
    def look() -> str | None:
        return api_key("pixabay")

    try:
        assert look() == "pixabay-secret-0042"
        assert api_key("pixabay") is None  # outside a run and with no server named: nothing is asked
    finally:  # the server is shared by the session's tests: leave no key behind for them
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            client.delete_block_document(client.read_block_document_by_name("pixabay-api-key", "secret").id)
