"""One article becomes one finished clip: the whole path, every stage real, checked on the output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, loudness, mp4_tags, parse_srt, read_json

from reelflow.media import probe

CLI = [sys.executable, "-m", "reelflow.cli"]


def _check_clip(draft_path: Path, width: int, height: int) -> dict:
    """What every finished clip must be, whatever the article."""
    info = probe(draft_path)
    assert (info.width, info.height) == (width, height)
    assert info.video_codec == "h264" and info.video_profile == "High" and info.pix_fmt == "yuv420p"
    assert info.fps == pytest.approx(30, abs=0.01)
    assert (info.audio_codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
    meta = read_json(draft_path.with_suffix(".json"))
    # Duration follows the narration: within 10 % of the spoken audio plus the per-shot pads.
    srt = parse_srt(draft_path.with_suffix(".srt"))
    spoken = srt[-1][1] - srt[0][0]
    assert spoken <= info.duration <= spoken * 1.10 + 1.5
    # Cues in order, not overlapping, covering the narration from start to end.
    assert all(a[1] <= b[0] + 1e-3 for a, b in zip(srt, srt[1:], strict=False))
    assert srt[0][0] < 1.0 and info.duration - srt[-1][1] < 1.5
    integrated, peak = loudness(draft_path)
    assert abs(integrated - (-14.0)) <= 1.0
    assert peak <= -0.5  # true peak ≤ −1 dBTP before AAC; allow the codec's small overshoot
    assert draft_path.with_suffix(".jpg").stat().st_size > 1000
    tags = mp4_tags(draft_path)
    assert '"Label":"1"' in tags["aigc"] and '"ContentProducer":"reelflow"' in tags["aigc"]
    return {"meta": meta, "srt": srt, "info": info}


def _srt_text(srt: list[tuple[float, float, str]]) -> str:
    return "".join(text.replace("\n", "") for _, _, text in srt)


@pytest.mark.parametrize(
    ("name", "phrase"),
    [("zh_article.md", None), ("zh_gbk.txt", None), ("zh_page.html", None), ("en_article.md", None)],
)
def test_make_each_format(prefect_server, data_dir: Path, tmp_path: Path, name: str, phrase: str | None) -> None:
    from flows.article_to_video import article_to_video

    out = tmp_path / f"{Path(name).stem}.mp4"
    draft = article_to_video(str(ARTICLES / name), output=str(out), preset="preview", max_seconds=20)
    assert Path(draft.video_path) == out
    checked = _check_clip(out, 270, 480)
    # The subtitles say what the storyboard's narration says, in order.
    import storyboard

    article = storyboard.read(ARTICLES / name)
    board = storyboard.plan(article, "rules", max_seconds=20)
    narration = "".join(s.narration for s in board.shots)
    said = _srt_text(checked["srt"])
    squash = (lambda s: "".join(ch for ch in s if ch.isalnum())) if article.language == "zh" else \
        (lambda s: "".join(ch for ch in s.lower() if ch.isalnum()))
    assert squash(said) == squash(narration)
    assert checked["meta"]["metadata"]["shots"] == len(board.shots)
    # The sidecar says what each shot says and where it sits, without the SRT.
    listed = checked["meta"]["metadata"]["shot_list"]
    assert [s["narration"] for s in listed] == [s.narration for s in board.shots]
    # No GPU, no stock key here: auto draws every shot.
    assert all(s["end"] > s["start"] >= 0 and s["renderer"] == "graphics" for s in listed)
    assert all(a["end"] <= b["start"] + 1.0 for a, b in zip(listed, listed[1:], strict=False))


def test_same_article_is_reused_unless_forced(prefect_server, data_dir: Path, tmp_path: Path) -> None:
    from flows.article_to_video import article_to_video
    from reelflow.settings import load_settings
    from reelflow.store import Store

    article = str(ARTICLES / "zh_bom.md")
    first = article_to_video(article, preset="preview", max_seconds=10)
    mtime = Path(first.video_path).stat().st_mtime_ns
    again = article_to_video(article, preset="preview", max_seconds=10)
    assert again.video_path == first.video_path
    assert Path(first.video_path).stat().st_mtime_ns == mtime  # not re-encoded
    store = Store(load_settings().db_url)
    assert store.counts()["drafts"] == 1
    forced = article_to_video(article, preset="preview", max_seconds=10, force=True)
    assert Path(forced.video_path).stat().st_mtime_ns != mtime
    assert store.counts()["drafts"] == 2
    assert store.counts()["articles"] == 1
    store.dispose()


def _run_cli(args: list[str], env_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REELFLOW_DATA_DIR=str(env_dir))
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def test_cli_make_prints_path_last(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    proc = _run_cli(["make", str(ARTICLES / "zh_big5.txt"), "--output", str(out), "--preset", "preview",
                     "--max-seconds", "12"], tmp_path / "data", tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == str(out)
    assert "Rendering shots" in proc.stderr  # progress is shown on stderr
    _check_clip(out, 270, 480)


BAD = [
    ("empty.md", "empty"),
    ("binary.txt", "binary"),
    ("unknown.pdf", "extension"),
    ("short.md", "too short"),
    ("does-not-exist.md", "not found"),
]


@pytest.mark.parametrize(("name", "word"), BAD)
def test_cli_bad_input(tmp_path: Path, name: str, word: str) -> None:
    out = tmp_path / "clip.mp4"
    data = tmp_path / "data"
    proc = _run_cli(["make", str(ARTICLES / name), "--output", str(out)], data, tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and word in lines[0].lower()
    assert not out.exists() and not list(tmp_path.glob("clip*"))
    assert not (data / "reelflow.db").exists()  # nothing half-written in the store


def test_cli_huge_file(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    big.write_text("这是一段很长的文章。" * 600_000, encoding="utf-8")  # ~16 MB
    proc = _run_cli(["make", str(big), "--output", str(tmp_path / "x.mp4")], tmp_path / "data", tmp_path)
    assert proc.returncode == 2 and "huge.txt" in proc.stderr and "MB" in proc.stderr


def test_cli_bad_setting(tmp_path: Path) -> None:
    (tmp_path / "reelflow.toml").write_text('presett = "douyin"\n', encoding="utf-8")
    proc = _run_cli(["make", str(ARTICLES / "zh_article.md")], tmp_path / "data", tmp_path)
    assert proc.returncode == 2 and "presett" in proc.stderr and "reelflow.toml" in proc.stderr


def test_doctor(tmp_path: Path) -> None:
    proc = _run_cli(["doctor"], tmp_path / "data", tmp_path)
    assert proc.returncode == 0, proc.stderr
    for what in ("ffmpeg", "CJK font", "offline voice", "database", "GPU"):
        assert what in proc.stderr


@pytest.mark.fullsize
def test_full_size_douyin(prefect_server, data_dir: Path, tmp_path: Path) -> None:
    from flows.article_to_video import article_to_video

    out = tmp_path / "douyin.mp4"
    article_to_video(str(ARTICLES / "zh_article.md"), output=str(out), preset="douyin", max_seconds=12)
    checked = _check_clip(out, 1080, 1920)
    assert checked["info"].duration < 25


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = ".venv/bin/python -m pytest -q"
    assert test_cmd in readme and test_cmd in ci
    assert "docker/setup-debian.sh" in readme and shutil.which("bash")


_HOSTILE = "it's \"news\" $(touch x) &|; 🎬 Café"  # quotes, shell syntax, spaces, emoji, NFC é
_LONG = unicodedata.normalize("NFD", "é") * 80 + "a" * (255 - 3 * 80 - 4)  # 255 bytes with ".txt", NFD form


@pytest.mark.parametrize("stem", [_HOSTILE, _LONG], ids=["hostile", "255-bytes-nfd"])
def test_make_takes_any_legal_file_name(prefect_server, data_dir: Path, tmp_path: Path, stem: str) -> None:
    """Whatever the file system accepts as a name goes through the whole path (default output names)."""
    from flows.article_to_video import article_to_video

    src = tmp_path / f"{stem}.txt"
    assert len(src.name.encode()) <= 255
    shutil.copyfile(ARTICLES / "en_article.md", src)
    draft = article_to_video(str(src), preset="preview", max_seconds=8)
    out = Path(draft.video_path)
    assert out.exists() and len(out.name.encode()) <= 255
    _check_clip(out, 270, 480)
    umask = os.umask(0o022)
    os.umask(umask)
    for suffix in (".mp4", ".srt", ".ass", ".json", ".jpg"):  # a team folder can read them: the umask's mode
        assert out.with_suffix(suffix).stat().st_mode & 0o777 == 0o666 & ~umask
    assert not list(out.parent.glob(".*.part*"))
    assert not (tmp_path / "x").exists() and not Path("x").exists()  # nothing in the name was run
