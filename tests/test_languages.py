"""One render, many languages: the storyboard translated, voiced and cut in each, the pictures shared."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from llm_server import ScriptedLLM
from stock_servers import Media, StockServer, library_for, point_reelflow_at

from generator.video.base import read_sidecar
from reelflow.errors import BadInput
from reelflow.media import probe

DATA = ROOT / "tests" / "data" / "languages"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """The ferry article with its hand-written English translation file beside it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("zh_river_ferry.md", "zh_river_ferry.en.json"):
        shutil.copy(DATA / name, folder / name)
    return folder / "zh_river_ferry.md"


@pytest.fixture
def stock(tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch) -> StockServer:
    server = StockServer()
    point_reelflow_at(server, monkeypatch)
    library_for(server, article, Media(tmp_path / "library"), 60)
    yield server
    server.close()


def subtitles(draft: object) -> str:
    return Path(draft.srt_path).read_text(encoding="utf-8")  # type: ignore[attr-defined]


def test_zh_and_en_cuts_share_pictures_and_boundaries_and_speak_their_own(data_dir: Path, tmp_path: Path,
                                                                         article: Path, stock: StockServer) -> None:
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings
    from reelflow.store import Store

    settings = load_settings(presets=["preview"], languages=["zh", "en"])
    zh, en = make_cuts(str(article), settings)
    assert (zh.metadata["language"], en.metadata["language"]) == ("zh", "en")
    assert Path(en.video_path).name == Path(zh.video_path).stem + "-en.mp4"
    for d in (zh, en):
        assert (probe(d.video_path).width, probe(d.video_path).height) == (270, 480)
    # One set of shot boundaries (the longer language's narration sets each shot's length).
    assert zh.metadata["timeline"] == en.metadata["timeline"]
    assert abs(zh.duration - en.duration) <= 1 / 30 + 1e-6
    # Each speaks and shows its own language.
    assert CJK.search(subtitles(zh)) and not CJK.search(subtitles(en))
    assert "Captain Zhou" in subtitles(en) and "3,000" in subtitles(en)
    assert en.metadata["title"] == "The Old Town Ferry's Last Boat"
    assert en.metadata["hashtags"] and all(t.isascii() for t in en.metadata["hashtags"])  # the post's, in English
    # The same stock pictures, each fetched and rendered once; what is drawn, drawn per language.
    zh_list, en_list = zh.metadata["shot_list"], en.metadata["shot_list"]
    stock_shots = [a["render"] for a in zh_list if a["renderer"] == "stock"]
    assert stock_shots and stock_shots == [b["render"] for b in en_list if b["renderer"] == "stock"]
    made = [read_sidecar(p).get("renderer") for p in (data_dir / "cache" / "shots").glob("*.mp4")]
    assert made.count("stock") == len(stock_shots)
    assert made.count("graphics") == 2 * (len(zh_list) - len(stock_shots))
    # The store keeps the English cut as a child of the Chinese one.
    store = Store(settings.db_url)
    try:
        cuts = store.cuts_of(zh.metadata["draft_id"])
        assert [c.id for c in cuts] == [zh.metadata["draft_id"], en.metadata["draft_id"]]
        assert [c.draft.metadata["language"] for c in cuts] == ["zh", "en"]
    finally:
        store.dispose()
    # Made again: every cut is found, nothing is voiced, rendered or translated again.
    again = make_cuts(str(article), settings)
    assert [d.metadata["outcome"] for d in again] == ["reused", "reused"]


def test_a_missing_translation_is_one_line_naming_the_file_and_leaves_a_template(
        data_dir: Path, tmp_path: Path, article: Path) -> None:
    # A table from an older plan: none of its lines is needed now, and none may be lost.
    stale = {"旧的一行": "An old line", "1200": ""}
    (article.parent / "zh_river_ferry.en.json").write_text(json.dumps(stale, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(article), "--languages", "en",
                          "--preset", "preview", "--renderer", "graphics"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "zh_river_ferry.en.json" in out.stderr
    template = json.loads((article.parent / "zh_river_ferry.en.json").read_text(encoding="utf-8"))
    assert "船长老周在这条航线上工作了32年。他说：“江水每天都不一样，开船要用心。”" in template
    assert template["旧的一行"] == "An old line"  # the user's work is kept
    needed = {line: text for line, text in template.items() if line not in stale}
    assert needed and set(needed.values()) == {""}
    assert not any(line.strip().isdigit() for line in needed)  # a bare number needs no translation
    assert not list((data_dir / "drafts").glob("*.mp4"))  # nothing made that looks finished


def test_a_translation_that_changes_a_number_is_refused(data_dir: Path, article: Path) -> None:
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings

    path = article.parent / "zh_river_ferry.en.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    line = "去年新大桥通车以后，乘客从每天3000人减少到不到500人。"
    table[line] = table[line].replace("3,000", "30,000")
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BadInput, match=r"zh_river_ferry\.en\.json.*3000"):
        make_cuts(str(article), load_settings(preset="preview", languages=["en"], renderer="graphics"))


def test_the_llm_planner_translates_checked_and_once(data_dir: Path, article: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings

    (article.parent / "zh_river_ferry.en.json").unlink()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-translate-0000")
    with ScriptedLLM(translate_script=["translate_drop_number", "translate"]) as llm:
        settings = load_settings(preset="preview", languages=["en"], renderer="graphics", planner="openai",
                                 openai={"base_url": llm.base_url, "model": "scripted-model"})
        (en,) = make_cuts(str(article), settings)
        asked = [r for r in llm.requests if r.messages[0]["content"].startswith("You translate")]
        assert len(asked) == 2  # the first answer lost a number; asked once more, with the reason
        assert "drops or changes the number" in asked[1].messages[-1]["content"]
        assert "Translated line" in subtitles(en) and not CJK.search(subtitles(en))
        assert en.metadata["language"] == "en"
        make_cuts(str(article), settings.model_copy(update={"presets": ["preview", "preview-square"]}))
        assert len([r for r in llm.requests if r.messages[0]["content"].startswith("You translate")]) == 2


def test_one_render_goes_to_each_account_as_the_cut_it_takes_exactly_once(
        data_dir: Path, tmp_path: Path, article: Path, youtube_server: object) -> None:
    """Folder accounts with and without a preference, and a YouTube account that takes the wide English cut,
    whose upload is killed (-9) mid-way and finished by the next run: one video, the right one."""
    import os
    import signal

    from platform_servers import publishing_settings

    from publishing.accounts import Account, open_account_store
    from publishing.oauth import apply_tokens
    from reelflow.pipeline import make_cuts
    from reelflow.settings import load_settings

    cuts = make_cuts(str(article), load_settings(presets=["preview", "preview-wide"], languages=["zh", "en"],
                                                 renderer="graphics"))
    assert [(c.preset, c.metadata["language"]) for c in cuts] == [
        ("preview", "zh"), ("preview-wide", "zh"), ("preview", "en"), ("preview-wide", "en")]
    first = Path(cuts[0].video_path).with_suffix(".json")
    assert json.loads(first.read_text(encoding="utf-8"))["metadata"]["cuts"][3].endswith("-preview-wide-en.json")

    server = youtube_server
    settings = publishing_settings(data_dir, tmp_path / "config" / "accounts.key",
                                   youtube=server.settings() | {"chunk_bytes": 256 * 1024, "privacy": "public"})
    env = {**os.environ, "REELFLOW_DATA_DIR": str(data_dir),
           "REELFLOW_PUBLISHING": settings.publishing.model_dump_json()}

    def cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reelflow.cli", *args], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path, env=env, **kw)  # type: ignore[call-overload]

    folders = {name: tmp_path / name for name in ("tall", "wide-en", "tall-en")}
    for name, extra in (("tall", []), ("wide-en", ["--preset", "preview-wide", "--language", "en"]),
                        ("tall-en", ["--language", "en"])):
        done = cli("accounts", "add", "folder", "--name", name, "--path", str(folders[name]), *extra)
        assert done.returncode == 0, done.stderr
    access, refresh = server.issue(3600)
    yt = Account(name="yt", platform="youtube", client_id=server.client_id, client_secret=server.client_secret,
                 preset="preview-wide", language="en")
    open_account_store(settings).save(apply_tokens(yt, {"access_token": access, "refresh_token": refresh,
                                                        "expires_in": 3600}))

    for _ in range(2):  # a second round finds every post made: exactly once per cut × account
        for name in folders:
            done = cli("publish", str(first), "--account", name)
            assert done.returncode == 0, done.stderr
    expected = {"tall": cuts[0], "wide-en": cuts[3], "tall-en": cuts[2]}
    for name, cut in expected.items():
        (post,) = [p for p in folders[name].iterdir() if p.is_dir()]
        meta = json.loads((post / "publication.json").read_text(encoding="utf-8"))
        assert (meta["width"], meta["height"], meta["language"]) == (cut.width, cut.height, cut.metadata["language"])

    server.pause_after(1)
    child = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "publish", str(first), "--account", "yt"],
                             cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert server.paused.wait(120), "the upload never reached its second chunk"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    server.resume()
    done = cli("publish", str(first), "--account", "yt")
    assert done.returncode == 0, done.stderr
    assert len(server.videos) == 1
    assert next(iter(server.videos.values())).data == Path(cuts[3].video_path).read_bytes()


@pytest.mark.parametrize(("source", "target", "languages", "refused"), [
    ("每晚3万人来到夜市。", "30,000 people come every night.", ("zh", "en"), None),
    ("每晚3万人来到夜市。", "30 thousand people come every night.", ("zh", "en"), None),
    ("每晚3万人来到夜市。", "3,000 people come every night.", ("zh", "en"), "30000"),
    ("三百多家店在OpenAI大楼旁。", "Over 300 shops stand beside the OpenAI building.", ("zh", "en"), None),
    ("三百多家店在OpenAI大楼旁。", "Over 300 shops stand beside the building.", ("zh", "en"), "OpenAI"),
    ("Three shops opened in 2024.", "2024年开了三家店。", ("en", "zh"), None),
    ("13 shops and three stalls.", "十三家店和三个摊位。", ("en", "zh"), None),
    ("13 shops and three stalls.", "三十家店和三个摊位。", ("en", "zh"), "13"),
    ("人工占三成，保险占两成。", "Labour is 30 percent and insurance 20 percent.", ("zh", "en"), None),  # 成: tenths
    ("人工占三成，保险占两成。", "Labour is 30 percent and insurance 2 percent.", ("zh", "en"), "20"),
])
def test_a_translation_keeps_every_number_by_value_and_every_latin_name(
        source: str, target: str, languages: tuple[str, str], refused: str | None) -> None:
    from storyboard.translate import problem

    why = problem(source, target, *languages)
    assert (why is None) if refused is None else (why is not None and refused in why), why
