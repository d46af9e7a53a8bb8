"""The final cut on real files: espeak narrations, ffmpeg-made shot clips, the real graph, checked on the output.

Everything asserted is measured from what the cut wrote: loudness and true peak by ffmpeg's meter, the
SRT against the narration's word timings, frames decoded with PyAV for the label, the transitions and
the fitting, sizes and codecs with PyAV.
"""

from __future__ import annotations

import math
import subprocess
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import ARTICLES, loudness, mp4_tags, parse_srt, read_json

from editing.audio import read_audio
from editing.cut import (
    CutOptions,
    cut,
    description,
    hashtags,
    music_credit_line,
    overlap_for,
    plan_video_bitrate,
    timeline,
)
from editing.presets import get_preset
from editing.subtitles import ass_layout, display_width
from generator.music import choose_track, make_bed
from generator.speech import say
from publishing.base import post_text
from reelflow.errors import ReelflowError
from reelflow.media import ffmpeg_exe, probe
from reelflow.models import Draft, Narration, Shot, ShotClip, Storyboard

LEAD, PAD = 0.12, 0.35
PREVIEW = get_preset("preview")

ZH_SHOTS = [
    ("夜市是城市的另一张面孔，天黑以后街道两旁摆满了小吃摊。", ["夜市", "城市", "小吃"]),
    ("2023年，这条夜市接待了300万游客，人们排队购买臭豆腐。", ["夜市", "游客", "臭豆腐"]),
    ("摊主们说，生意比以前好多了！", ["摊主", "生意"]),
]
EN_SHOTS = [
    ("Small libraries do much more than lend books.", ["small libraries", "books"]),
    ("They host classes for children after school.", ["classes", "small libraries"]),
]


# ---------------------------------------------------------------- helpers


def clip_file(path: Path, seconds: float, size: tuple[int, int], fps: int, color: str) -> Path:
    """A silent H.264 shot: a flat colour with a small moving box (so frames differ), like a renderer's."""
    w, h = size
    box = max(4, w // 10)
    subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"color=c={color}:s={w}x{h}:r={fps}:d={seconds:.4f}",
         "-vf", f"drawbox=x='mod(t*{w},{w - box})':y={h // 2}:w={box}:h={box}:color=gray:t=fill",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def board(shots: list[tuple[str, list[str]]], language: str, title: str, mood: str = "calm") -> Storyboard:
    return Storyboard(
        title=title, language=language, target_seconds=20, seed=3, planner="test", mood=mood,
        shots=[Shot(index=i, narration=t, visual_prompt="-", seconds=3, key_phrase=t[:6], keywords=k)
               for i, (t, k) in enumerate(shots)],
    )  # fmt: skip


def shot_clips(tmp: Path, narrations: list[Narration], preset=PREVIEW, sizes=None, colors=None,
               pad: float = PAD) -> list[ShotClip]:  # fmt: skip
    clips = []
    for i, n in enumerate(narrations):
        seconds = math.ceil((LEAD + n.duration + pad) * preset.fps) / preset.fps
        w, h = sizes[i] if sizes else (preset.width, preset.height)
        fps = 16 if sizes and (w, h) != (preset.width, preset.height) else preset.fps
        color = colors[i] if colors else ["0x1d3557", "0x283618", "0x3d0c45"][i % 3]
        path = clip_file(tmp / f"shot{i}.mp4", seconds, (w, h), fps, color)
        clips.append(ShotClip(index=i, path=str(path), seconds=seconds, width=w, height=h, fps=fps, renderer="test"))
    return clips


def frames_at(path: Path, times: list[float]) -> list[np.ndarray]:
    """Luma frames nearest to each time (decoding from the start; clips are short)."""
    out: list[np.ndarray | None] = [None] * len(times)
    with av.open(str(path)) as c:
        for frame in c.decode(video=0):
            t = float(frame.pts * frame.time_base)
            for k, want in enumerate(times):
                if out[k] is None and t >= want - 0.5 / 30:
                    out[k] = frame.to_ndarray(format="rgb24").astype(float)
    assert all(f is not None for f in out), "the clip is shorter than expected"
    return out  # type: ignore[return-value]


def _alnum(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())


def assert_srt_follows_words(srt: Path, narrations: list[Narration], voice_at: list[float]) -> None:
    """Every cue starts within 150 ms of the timing of the first word it shows (each narration
    starting at its `voice_at`), and the cues show the narration's words in order, none lost."""
    words = []  # (normalised text, absolute start)
    for n, v in zip(narrations, voice_at, strict=True):
        words += [(_alnum(w.text), v + w.start) for w in n.words if _alnum(w.text)]
    spoken = "".join(w for w, _ in words)
    owner, pos = [], 0
    for k, (w, _) in enumerate(words):
        owner += [k] * len(w)
        pos += len(w)
    cues = parse_srt(srt)
    shown = "".join(_alnum(text) for _, _, text in cues)
    assert shown == spoken
    at = 0
    for start, end, text in cues:
        first_word = owner[at]
        assert abs(start - words[first_word][1]) <= 0.150, (text, start, words[first_word])
        assert end - start >= 0.8 - 1e-3 or (start, end, text) == cues[-1]
        at += len(_alnum(text))


@pytest.fixture(scope="module")
def zh_narrations(tmp_path_factory: pytest.TempPathFactory) -> list[Narration]:
    cache = tmp_path_factory.mktemp("speech")
    return [say(t, "zh", engine="espeak", cache_dir=cache) for t, _ in ZH_SHOTS]


# ---------------------------------------------------------------- the whole cut


def test_zh_cut_end_to_end(tmp_path: Path, zh_narrations: list[Narration]) -> None:
    music_dir = tmp_path / "music"
    music_dir.mkdir()
    make_bed(12.0, music_dir / "lanterns.wav", seed=2, mood="bright")
    (music_dir / "lanterns.toml").write_text('mood = "bright"\nlicence = "CC-BY-4.0"\ntitle = "Lanterns"\n'
                                             'artist = "A. Musician"\n', encoding="utf-8")
    make_bed(12.0, music_dir / "other.wav", seed=5)
    (music_dir / "other.json").write_text('{"mood": "serious", "licence": "CC0-1.0"}', encoding="utf-8")
    sb = board(ZH_SHOTS, "zh", "城市夜市的烟火气", mood="bright")
    track = choose_track(music_dir, sb.mood, 12.0, tmp_path / "cache", seed=0)
    assert track.path.name == "lanterns.wav"

    clips = shot_clips(tmp_path, zh_narrations)
    out = tmp_path / "out" / "night.mp4"
    draft = cut(sb, zh_narrations, clips, PREVIEW, out, tmp_path / "work",
                CutOptions(lead=LEAD, music=track.path, music_credit=track.credit()))  # fmt: skip

    info = probe(out)
    assert (info.width, info.height, info.video_codec, info.video_profile, info.pix_fmt) == (
        270, 480, "h264", "High", "yuv420p")
    assert info.fps == pytest.approx(30, abs=0.01)
    assert (info.audio_codec, info.sample_rate, info.channels) == ("aac", 48000, 2)
    total = sum(c.seconds for c in clips)
    assert info.duration == pytest.approx(total, abs=0.05)

    integrated, peak = loudness(out)
    assert abs(integrated - PREVIEW.loudness_lufs) <= 1.0
    assert peak <= PREVIEW.true_peak_db  # on the AAC file itself: the mix keeps headroom for the codec

    starts = np.cumsum([0.0] + [c.seconds for c in clips[:-1]]).tolist()
    assert_srt_follows_words(out.with_suffix(".srt"), zh_narrations, [s + LEAD for s in starts])
    ass = out.with_suffix(".ass").read_text(encoding="utf-8")  # the ASS sidecar: the same cues, styled
    dialogue = [line for line in ass.splitlines() if line.startswith("Dialogue: 0,")]
    assert draft.ass_path == str(out.with_suffix(".ass")) and len(dialogue) == len(parse_srt(out.with_suffix(".srt")))
    for _, _, text in parse_srt(out.with_suffix(".srt")):
        lines = text.split("\n")
        assert 1 <= len(lines) <= 2 and all(display_width(line) <= 16 for line in lines)

    # The label is in its corner in every part of the clip, and nothing is in the opposite corner.
    lay = ass_layout(PREVIEW)
    corner = (slice(0, lay.label_margin_v + 2 * lay.label_size), slice(0, PREVIEW.width // 2))
    other = (slice(0, lay.label_margin_v + 2 * lay.label_size), slice(PREVIEW.width * 3 // 4, PREVIEW.width))
    for frame in frames_at(out, [0.3, total / 2, total - 0.2]):
        white = frame.min(axis=2) > 200
        assert white[corner].sum() > 30
        assert white[other].sum() == 0

    meta = read_json(out.with_suffix(".json"))["metadata"]
    assert meta["title"] == "城市夜市的烟火气"
    assert meta["description"].startswith("夜市是城市的另一张面孔")
    assert meta["hashtags"][0] == "#夜市" and all(t.startswith("#") for t in meta["hashtags"])
    assert meta["music"]["licence"] == "CC-BY-4.0" and meta["music"]["title"] == "Lanterns"
    # The chosen track is credited where the post is published: the description the publishers send.
    post = post_text(Draft.model_validate(read_json(out.with_suffix(".json"))))
    assert post.description.splitlines()[2] == "音乐：Lanterns - A. Musician（CC-BY-4.0）"
    assert post.tags == [t.removeprefix("#") for t in meta["hashtags"]] and post.tags[0] == "夜市"
    assert meta["ai_label"] == "AI生成"
    assert '"Label":"1"' in mp4_tags(out)["aigc"]
    assert draft.metadata["loudness_lufs"] == pytest.approx(integrated, abs=0.6)

    # The cover: the preset's size, the title in the middle band, the label in its corner.
    cover = np.asarray(av.open(str(out.with_suffix(".jpg"))).decode(video=0).__next__().to_ndarray(format="rgb24"))
    assert cover.shape == (480, 270, 3)
    bright = cover.min(axis=2) > 200
    assert bright[180:300].sum() > 300  # the title, large
    assert bright[corner].sum() > 30  # the label


def test_crossfade_keeps_narration_on_its_shot(tmp_path: Path, zh_narrations: list[Narration]) -> None:
    narrations = zh_narrations[:2]
    clips = shot_clips(tmp_path, narrations, colors=["0xc00000", "0x0000c0"])
    out = tmp_path / "xfade.mp4"
    opts = CutOptions(lead=LEAD, transition="crossfade", transition_seconds=0.3, label="AI合成")
    draft = cut(board(ZH_SHOTS[:2], "zh", "交叉淡化"), narrations, clips, PREVIEW, out, tmp_path / "w", opts)

    d = 0.3
    total = clips[0].seconds + clips[1].seconds - d
    assert probe(out).duration == pytest.approx(total, abs=0.05)
    assert draft.metadata["transition"] == {"kind": "crossfade", "seconds": d}
    assert draft.metadata["ai_label"] == "AI合成"
    starts = [0.0, clips[0].seconds - d]
    # The second narration waits for the fade's midpoint (0.15 s), later than the lead (0.12 s).
    assert draft.metadata["voice_starts"] == [LEAD, round(starts[1] + d / 2, 3)]
    assert_srt_follows_words(out.with_suffix(".srt"), narrations, [LEAD, starts[1] + d / 2])
    # Mid-fade the picture is a blend of the red shot and the blue one; either side, one or the other.
    before, mid, after = frames_at(out, [starts[1] - 0.2, starts[1] + d / 2, starts[1] + d + 0.2])
    centre = (slice(200, 220), slice(20, 60))
    r_b, b_b = before[centre][..., 0].mean(), before[centre][..., 2].mean()
    r_m, b_m = mid[centre][..., 0].mean(), mid[centre][..., 2].mean()
    r_a, b_a = after[centre][..., 0].mean(), after[centre][..., 2].mean()
    assert r_b > 150 and b_b < 40 and b_a > 150 and r_a < 40
    assert 50 < r_m < 150 and 50 < b_m < 150


def _onset(samples: np.ndarray, rate: int, after: float = 0.0, rel: float = 0.05) -> float:
    """When sound first rises above `rel` of the loudest 10 ms window, at or after `after` seconds."""
    win = rate // 100
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    n = len(mono) // win
    rms = np.sqrt((mono[: n * win].reshape(n, win) ** 2).mean(axis=1))
    first = math.ceil(after * 100)
    loud = np.nonzero(rms[first:] > rel * rms.max())[0]
    assert len(loud), f"no sound after {after:.2f} s"
    return (first + int(loud[0])) / 100


def test_crossfade_timeline_matches_the_file(tmp_path: Path, zh_narrations: list[Narration]) -> None:
    """Five shots of distinct colours cross-faded over 0.6 s: the shot times the flow records are where
    the shots are in the file, each narration starts once its own shot dominates the picture (the
    fade's midpoint) and has ended before the next shot fades in, and the cues follow the voices."""
    narrations = [zh_narrations[i % 3] for i in range(5)]
    colors = [(192, 0, 0), (0, 192, 0), (0, 0, 192), (192, 192, 0), (192, 0, 192)]
    clips = shot_clips(tmp_path, narrations, colors=["0x{:02x}{:02x}{:02x}".format(*c) for c in colors], pad=1.0)
    opts = CutOptions(lead=LEAD, transition="crossfade", transition_seconds=0.6)
    out = tmp_path / "five.mp4"
    sb = board([ZH_SHOTS[i % 3] for i in range(5)], "zh", "五个镜头")
    draft = cut(sb, narrations, clips, PREVIEW, out, tmp_path / "w", opts)

    d = 0.6
    starts = timeline(clips, overlap_for(clips, narrations, opts))  # what flows/article_to_video.py records
    assert draft.metadata["transition"]["seconds"] == d
    assert draft.metadata["timeline"] == [round(s, 3) for s in starts]
    assert probe(out).duration == pytest.approx(starts[-1] + clips[-1].seconds, abs=0.05)

    # Which shot is on screen: the mean colour of a band clear of the label, subtitles and moving box.
    def colour(frame: np.ndarray) -> np.ndarray:
        return frame[120:200, 150:250].reshape(-1, 3).mean(axis=0)

    def near(rgb: np.ndarray, k: int) -> float:
        return float(np.abs(rgb - np.array(colors[k])).max())

    frame = 1 / PREVIEW.fps
    probes = []
    for k in range(5):
        probes += [starts[k] + d + 2 * frame, starts[k] + clips[k].seconds - d - 2 * frame]  # shot k alone
    probes += [starts[k] - 2 * frame for k in range(1, 5)]  # just before shot k starts: k-1 alone
    probes += [starts[k] + d / 2 + 2 * frame for k in range(1, 5)]  # past the midpoint: k the stronger
    got = [colour(f) for f in frames_at(out, probes)]
    for k in range(5):
        assert near(got[2 * k], k) < 25 and near(got[2 * k + 1], k) < 25, (k, got[2 * k], got[2 * k + 1])
    for j, k in enumerate(range(1, 5)):
        assert near(got[10 + j], k - 1) < 25, (k, got[10 + j])
        mid = got[14 + j]
        assert near(mid, k) < near(mid, k - 1), (k, mid)

    # Each voice: silent from the moment its shot starts to fade in until its narration's own onset,
    # placed at the recorded voice start, which is past the fade's midpoint.
    voice_at = [LEAD] + [s + d / 2 for s in starts[1:]]
    mixed = read_audio(out)
    for k, n in enumerate(narrations):
        own = _onset(read_audio(n.audio_path), 48_000)
        heard = _onset(mixed, 48_000, after=starts[k])
        assert heard == pytest.approx(voice_at[k] + own, abs=0.03), (k, heard, voice_at[k], own)
        if k:
            assert heard >= starts[k] + d / 2 - 0.01
    assert_srt_follows_words(out.with_suffix(".srt"), narrations, voice_at)
    assert draft.metadata["voice_starts"] == [round(v, 3) for v in voice_at]


def test_clips_of_other_sizes_and_rates_are_fitted(tmp_path: Path, zh_narrations: list[Narration]) -> None:
    """A 16:9 model clip at 16 fps (blurred pad), a 9:16-ish one (crop) and one at the preset's size."""
    clips = shot_clips(tmp_path, zh_narrations, sizes=[(832, 480), (480, 832), (270, 480)],
                       colors=["0x00c000", "0xc000c0", "0x1d3557"])  # fmt: skip
    out = tmp_path / "fit.mp4"
    cut(board(ZH_SHOTS, "zh", "尺寸"), zh_narrations, clips, PREVIEW, out, tmp_path / "w", CutOptions(lead=LEAD))
    total = sum(c.seconds for c in clips)
    with av.open(str(out)) as c:
        n_frames = sum(1 for _ in c.decode(video=0))
    assert n_frames == pytest.approx(round(total * 30), abs=1)
    assert (probe(out).width, probe(out).height) == (270, 480)
    padded, cropped = frames_at(out, [clips[0].seconds / 2, clips[0].seconds + clips[1].seconds / 2])
    # Padded: the clip whole across the middle, over a darker blurred copy of itself (not black bars).
    middle, top = padded[220:260, 20:250], padded[60:110, 20:250]
    assert middle[..., 1].mean() > 150 and middle[..., 0].mean() < 60
    assert 40 < top[..., 1].mean() < middle[..., 1].mean() - 10 and top[..., 0].mean() < 60
    # Cropped: the shot fills the frame edge to edge.
    for band in (cropped[5:40, 5:265], cropped[440:475, 5:265]):
        assert band[..., 0].mean() > 150 and band[..., 2].mean() > 150 and band[..., 1].mean() < 60


# ---------------------------------------------------------------- limits


def test_size_limit_lowers_the_bitrate_or_refuses(tmp_path: Path, zh_narrations: list[Narration]) -> None:
    narrations = zh_narrations[:1]
    clips = shot_clips(tmp_path, narrations)
    seconds = clips[0].seconds
    tight = replace(PREVIEW, name="tight", max_bytes=int((300_000 + 128_000) * seconds / 8 / 0.96))
    assert plan_video_bitrate(tight, seconds) == pytest.approx(300_000, rel=0.01)
    out = tmp_path / "tight.mp4"
    draft = cut(board(ZH_SHOTS[:1], "zh", "小"), narrations, clips, tight, out, tmp_path / "w")
    assert draft.metadata["video_bitrate_max"] < 1_000_000
    assert out.stat().st_size <= tight.max_bytes

    tiny = replace(PREVIEW, name="tiny", max_bytes=40_000)
    with pytest.raises(ReelflowError, match=r"cannot fit tiny's 40 kB file-size limit"):
        cut(board(ZH_SHOTS[:1], "zh", "小"), narrations, clips, tiny, tmp_path / "tiny.mp4", tmp_path / "w")
    short = replace(PREVIEW, name="short", max_seconds=2.0)
    with pytest.raises(ReelflowError, match=r"longer than short's limit of 2 s"):
        cut(board(ZH_SHOTS[:1], "zh", "小"), narrations, clips, short, tmp_path / "short.mp4", tmp_path / "w")
    assert not (tmp_path / "tiny.mp4").exists() and not (tmp_path / "short.mp4").exists()
    assert not (tmp_path / "w" / "mix.wav").exists()  # a failed cut leaves no 11 MB mix behind


def test_metadata_helpers() -> None:
    bed = {"title": "generated calm bed", "artist": "reelflow", "licence": "generated", "generated": True}
    assert music_credit_line(bed, "en") == ""  # our own bed needs no credit
    assert music_credit_line({"file": "rain.mp3"}, "en") == "Music: rain"
    assert music_credit_line({"title": "Rain", "artist": "Someone", "licence": "CC-BY-4.0", "file": "r.mp3"},
                             "en") == "Music: Rain by Someone (CC-BY-4.0)"  # fmt: skip
    en = board(EN_SHOTS, "en", "Small libraries")
    assert hashtags(en) == ["#SmallLibraries", "#Books", "#Classes"]
    assert description(en) == " ".join(t for t, _ in EN_SHOTS)
    zh = board(ZH_SHOTS, "zh", "夜市")
    assert hashtags(zh)[:2] == ["#夜市", "#城市"]
    assert len(description(zh, limit=30)) <= 30


# ---------------------------------------------------------------- full size, one per orientation


def test_platform_presets() -> None:
    """The issue's table: frame, rate and the platform limits the cut respects."""
    portrait = ("douyin", "tiktok", "shorts", "reels", "wechat-channels")
    shapes = {**dict.fromkeys(portrait, (1080, 1920)), "bilibili": (1920, 1080), "youtube": (1920, 1080),
              "square": (1080, 1080)}  # fmt: skip
    for name, (w, h) in shapes.items():
        p = get_preset(name)
        assert (p.width, p.height, p.fps, p.loudness_lufs, p.true_peak_db) == (w, h, 30, -14.0, -1.0), name
        assert p.max_seconds >= 60 and p.max_bytes >= 100 * 10**6, name
    assert get_preset("reels").max_bytes < get_preset("douyin").max_bytes  # limits differ by platform
    assert get_preset("shorts").max_seconds == 180
    with pytest.raises(ReelflowError, match="unknown preset 'vine'; known presets: douyin, tiktok"):
        get_preset("vine")


@pytest.mark.fullsize
@pytest.mark.parametrize("name", ["douyin", "youtube", "square"])
def test_full_size_presets(tmp_path: Path, name: str) -> None:
    preset = get_preset(name)
    n = say("Fully sized.", "en", engine="espeak", cache_dir=tmp_path / "speech")
    clips = shot_clips(tmp_path, [n], preset=preset, sizes=[(832, 480) if preset.portrait else (480, 832)],
                       colors=["0x1d3557"])  # fmt: skip
    out = tmp_path / f"{name}.mp4"
    draft = cut(board([("Fully sized.", ["size"])], "en", "Full size"), [n], clips, preset, out, tmp_path / "w")
    info = probe(out)
    assert (info.width, info.height) == (preset.width, preset.height) == (draft.width, draft.height)
    assert (info.video_codec, info.video_profile, info.pix_fmt, info.audio_codec) == ("h264", "High", "yuv420p", "aac")
    lay = ass_layout(preset)
    (frame,) = frames_at(out, [0.5])
    corner = (slice(0, lay.label_margin_v + 2 * lay.label_size), slice(0, preset.width // 3))
    assert (frame[corner].min(axis=2) > 200).sum() > 200
    with av.open(str(out.with_suffix(".jpg"))) as c:
        cover = next(c.decode(video=0))
    assert (cover.width, cover.height) == (preset.width, preset.height)


@pytest.mark.parametrize("name", ["en_article.md", "zh_article.md"])
def test_hashtags_name_the_topic_not_dates_or_fragments(name: str) -> None:
    import jieba

    import storyboard as sb

    article = sb.read(ARTICLES / name)
    tags = hashtags(sb.plan(article, "rules", max_seconds=60))
    assert len(tags) >= 3
    when = {"#Saturday", "#Month", "#Morning", "#Tuesday", "#Day", "#Week", "#Year", "#Story", "#Clip"}
    assert not set(tags) & when, tags
    assert not any(ch.isdigit() for t in tags for ch in t), tags
    if article.language == "zh":  # whole words only: jieba keeps each tag in one piece
        assert all(jieba.lcut(t[1:], HMM=False) == [t[1:]] or jieba.dt.FREQ.get(t[1:]) for t in tags), tags
def test_sidecars_never_wait_under_final_names_without_the_clip(tmp_path: Path,
                                                                zh_narrations: list[Narration]) -> None:
    """Watched while the cut runs (a kill could come at any of these moments): .srt/.ass appear only once
    the .mp4 is in place, and the work dir keeps no copy."""
    import threading

    narrations = zh_narrations[:1]
    clips = shot_clips(tmp_path, narrations)
    out = tmp_path / "out" / "clip.mp4"
    seen: list[tuple[bool, bool, bool]] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append((out.exists(), out.with_suffix(".srt").exists(), out.with_suffix(".ass").exists()))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        draft = cut(board(ZH_SHOTS[:1], "zh", "小"), narrations, clips, PREVIEW, out, tmp_path / "w")
    finally:
        done.set()
        watcher.join()
    assert any(not mp4 for mp4, _, _ in seen)  # watched from before the clip was there
    assert not [s for s in seen if (s[1] or s[2]) and not s[0]]
    assert Path(draft.srt_path).is_file() and Path(draft.ass_path).is_file()
    assert sorted(p.name for p in (tmp_path / "w").iterdir() if p.is_file()) == []  # no mix.wav, no subtitles
