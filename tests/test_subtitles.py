"""Subtitle cues, SRT and ASS: line-breaking rules, timing from word timings, and a real libass render."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import av
import jieba
import numpy as np
import pytest

from editing.presets import get_preset
from editing.subtitles import (
    DROPPED_TRAILING,
    ass_layout,
    cues_for_narration,
    display_width,
    label_markup,
    wrap_lines,
    write_ass,
    write_srt,
)
from reelflow.media import FONTS_DIR, ffmpeg_exe
from reelflow.models import Cue, WordTiming

ZH = (
    "2025年，OpenAI发布了新一代AI模型，性能提升了3.5%，全球用户超过1,000万。对。"
    "研究人员表示，这项被称为Transformer的技术正在深刻地改变整个行业的工作方式！"
    "他说：“我们准备好了。”你准备好了吗？"
)
EN = (
    "In 2025, OpenAI released a new generation of AI models. Performance improved by 3.5%, "
    "and more than 10,000,000 people now use them every single day. Researchers say the technique "
    "called Transformer is changing how the whole industry works! Are you ready?"
)
CLOSING = set("，。！？、；：”’」』）》,.!?;:)")
OPENING = set("“‘「『（《(")
LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%]*[A-Za-z0-9%]|[A-Za-z0-9]")


def zh_timings(text: str, seed: int = 7) -> tuple[list[WordTiming], dict[int, float]]:
    """One token per hanzi and one per Latin word/number (punctuation silent, with a pause after it),
    like a Chinese speech engine; also each token's first character index -> its start."""
    rng = random.Random(seed)
    words: list[WordTiming] = []
    first_char: dict[int, float] = {}
    t, i = 0.35, 0
    while i < len(text):
        m = LATIN.match(text, i)
        if m:
            token = m.group().rstrip("%")
            i_next = i + len(token)
        elif "\u4e00" <= text[i] <= "\u9fff":
            token, i_next = text[i], i + 1
        else:
            t += 0.3 if text[i] in "，。！？" else 0.05
            i += 1
            continue
        d = rng.uniform(0.15, 0.32) * (1 + 0.25 * (len(token) - 1))
        words.append(WordTiming(text=token, start=round(t, 3), end=round(t + d, 3)))
        first_char[i] = round(t, 3)
        t += d + rng.choice([0.0, 0.0, 0.02])
        i = i_next
    return words, first_char


def owner_of_chars(text: str, cues: list[Cue]) -> dict[int, int]:
    """Map each displayed character's index in `text` to the cue showing it, checking that the cues
    show the text in order and lose nothing but whitespace and trailing DROPPED_TRAILING punctuation."""
    owner: dict[int, int] = {}
    pos = 0
    for k, cue in enumerate(cues):
        for ch in "".join(cue.lines):
            if ch == " ":
                continue
            while text[pos] != ch:
                assert text[pos].isspace() or text[pos] in DROPPED_TRAILING, f"lost {text[pos]!r} at {pos}"
                pos += 1
            owner[pos] = k
            pos += 1
    assert all(ch.isspace() or ch in DROPPED_TRAILING for ch in text[pos:])
    return owner


def line_starts(text: str, cues: list[Cue]) -> list[int]:
    """Index in `text` of the first character of every displayed line."""
    starts, pos = [], 0
    for cue in cues:
        for line in cue.lines:
            pos = text.index(line[0], pos)
            starts.append(pos)
            pos += len(line.replace(" ", ""))
    return starts


# ---------------------------------------------------------------- Chinese


def test_zh_cues_follow_the_rules() -> None:
    words, first_char = zh_timings(ZH)
    cues = cues_for_narration(ZH, words, "zh", offset=10.0)
    lines = [line for cue in cues for line in cue.lines]

    assert len(cues) >= 4
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        for line in cue.lines:
            assert display_width(line) <= 16, line
            assert line[0] not in CLOSING, line
            assert line[-1] not in OPENING, line
            assert line[-1] not in DROPPED_TRAILING, line  # our choice: trailing ，。、；： are dropped
    for token in ("2025", "3.5%", "OpenAI", "1,000", "Transformer", "AI模型"):
        assert any(token in line for line in lines), token
    assert any(line.endswith("！") for line in lines) and any(line.endswith("？") for line in lines)
    assert any(line.endswith("”") for line in lines)

    # Order and timing: tiled, non-overlapping, long enough, and following the speech.
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.start < a.end == b.start < b.end
    assert all(cue.end - cue.start >= 0.8 - 1e-9 for cue in cues), [c.end - c.start for c in cues]
    assert cues[-1].end == pytest.approx(words[-1].end + 10.0, abs=1e-3)
    owner = owner_of_chars(ZH, cues)
    for index, start in first_char.items():
        cue = cues[owner[index]]
        assert cue.start <= start + 10.0 + 1e-6 < cue.end, (ZH[index], cue)

    # Every line break is a jieba word boundary.
    boundaries = set(np.cumsum([0, *map(len, jieba.lcut(ZH))]).tolist())
    assert all(start in boundaries for start in line_starts(ZH, cues))


def test_short_sentence_is_merged_into_a_neighbour() -> None:
    words, _ = zh_timings(ZH)
    cues = cues_for_narration(ZH, words, "zh")
    merged = [cue for cue in cues if "对" in cue.lines]
    assert merged and len(merged[0].lines) == 2  # "对。" alone would last < 0.8 s


def test_zh_alignment_tolerates_spelled_out_digits_and_stray_tokens() -> None:
    text = "2025年，人工智能迎来了新的突破。"
    spoken = ["二", "零", "二", "五", "年", "嗯", *"人工智能迎来了新的突破"]
    words, t = [], 0.2
    for token in spoken:
        words.append(WordTiming(text=token, start=t, end=t + 0.2))
        t += 0.25 if token != "年" else 0.5
    cues = cues_for_narration(text, words, "zh", end=t + 0.3)
    assert "".join("".join(c.lines) for c in cues) == "2025年，人工智能迎来了新的突破"
    assert cues[0].start == pytest.approx(0.2)
    assert cues[-1].end == pytest.approx(t + 0.3)
    nian = next(w for w in words if w.text == "年")
    owner = owner_of_chars(text, cues)
    assert cues[owner[text.index("年")]].start <= nian.start


def test_wrap_lines_and_display_width() -> None:
    assert display_width("AI模型") == 3.0
    assert display_width("“你好”") == 4.0
    lines = wrap_lines("人工智能正在改变我们的生活方式，也在深刻地改变整个世界的运行规则。", "zh")
    assert lines == ["人工智能正在改变我们的生活方式", "也在深刻地改变整个世界的运行规则"]
    assert wrap_lines("第一行\n第二行", "zh") == ["第一行", "第二行"]
    en = wrap_lines("A short phrase that is a little too long for one single line of text", "en")
    assert len(en) == 2 and all(len(line) <= 42 for line in en)


# ---------------------------------------------------------------- English


def test_en_cues_keep_words_whole() -> None:
    words, t = [], 0.0
    for w in EN.split():
        d = 0.12 + 0.04 * len(w)
        words.append(WordTiming(text=w.strip(".,!?"), start=round(t, 3), end=round(t + d, 3)))
        t += d + 0.05
    cues = cues_for_narration(EN, words, "en")
    lines = [line for cue in cues for line in cue.lines]
    assert " ".join(lines).split() == EN.split()  # nothing lost or split, punctuation kept
    assert all(len(line) <= 42 for line in lines)
    assert all(1 <= len(cue.lines) <= 2 for cue in cues)
    # A new cue starts at each sentence end.
    for cue, nxt in zip(cues, cues[1:], strict=False):
        if cue.lines[-1][-1] in ".!?":
            assert nxt.lines[0][0].isupper()
    starts = {w.text: w.start for w in words}
    assert cues[0].start == 0.0
    assert any(cue.start == pytest.approx(starts["Researchers"]) for cue in cues)
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.start < a.end == b.start


@pytest.mark.parametrize(("name", "widest"), [("douyin", 32), ("youtube", 42)])
def test_en_lines_are_shorter_in_an_upright_frame_so_the_captions_stay_large(name: str, widest: int) -> None:
    """42 characters across a phone held upright set English captions a quarter smaller than Chinese ones."""
    from editing.subtitles import ass_layout, line_limit

    preset = get_preset(name)
    words, t = [], 0.0
    for w in EN.split():
        words.append(WordTiming(text=w.strip(".,!?"), start=round(t, 3), end=round(t + 0.3, 3)))
        t += 0.35
    cues = cues_for_narration(EN, words, "en", limit=line_limit("en", preset.portrait))
    lines = [line for cue in cues for line in cue.lines]
    assert " ".join(lines).split() == EN.split() and max(len(line) for line in lines) <= widest
    if preset.portrait:  # the em a viewer reads: ≥ 4.5 % of the width, as the Chinese captions
        assert ass_layout(preset, lines).font_size / 1.448 >= 0.045 * preset.width


# ---------------------------------------------------------------- files


def parse_srt(path: Path) -> list[tuple[float, float, list[str]]]:
    def secs(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    out = []
    for n, block in enumerate(path.read_text(encoding="utf-8").strip().split("\n\n"), 1):
        index, times, *lines = block.split("\n")
        assert int(index) == n
        a, b = times.split(" --> ")
        out.append((secs(a), secs(b), lines))
    return out


def test_srt_round_trips(tmp_path: Path) -> None:
    words, _ = zh_timings(ZH)
    cues = cues_for_narration(ZH, words, "zh", offset=3601.5)
    path = write_srt(cues, tmp_path / "out.srt")
    parsed = parse_srt(path)
    assert len(parsed) == len(cues)
    for (a, b, lines), cue in zip(parsed, cues, strict=True):
        assert a == pytest.approx(cue.start, abs=5e-4) and b == pytest.approx(cue.end, abs=5e-4)
        assert lines == cue.lines
    assert path.read_text(encoding="utf-8").startswith("1\n01:00:0")
    assert not list(tmp_path.glob(".*part*"))


def ass_sections(path: Path) -> tuple[dict[str, str], dict[str, dict[str, str]], list[dict[str, str]]]:
    info, styles, events = {}, {}, []
    section, fmt = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line
        elif line.startswith("Format:"):
            fmt = [f.strip() for f in line[7:].split(",")]
        elif section == "[Script Info]" and ":" in line and not line.startswith(";"):
            key, value = line.split(":", 1)
            info[key] = value.strip()
        elif line.startswith("Style:"):
            row = dict(zip(fmt, (v.strip() for v in line[6:].split(",")), strict=True))
            styles[row["Name"]] = row
        elif line.startswith("Dialogue:"):
            events.append(dict(zip(fmt, line[9:].strip().split(",", len(fmt) - 1), strict=True)))
    return info, styles, events


@pytest.mark.parametrize("name", ["douyin", "youtube"])
def test_ass_layout_and_label(tmp_path: Path, name: str) -> None:
    preset = get_preset(name)
    words, _ = zh_timings(ZH)
    cues = cues_for_narration(ZH, words, "zh")
    cues[0] = Cue(start=cues[0].start, end=cues[0].end, lines=["括号{\\b1}与\\N反斜杠"])
    path = write_ass(cues, tmp_path / "out.ass", preset, label="AI生成", duration=cues[-1].end + 2)
    info, styles, events = ass_sections(path)
    assert (info["PlayResX"], info["PlayResY"], info["WrapStyle"]) == (str(preset.width), str(preset.height), "2")
    sub, label = styles["Subtitle"], styles["Label"]
    assert sub["Fontname"] == label["Fontname"] == "Noto Sans CJK SC"
    assert sub["Alignment"] == "2" and label["Alignment"] == "7" and label["BorderStyle"] == "3"
    assert float(label["Fontsize"]) >= 0.05 * preset.short_side / 0.88
    if preset.portrait:
        assert int(sub["MarginV"]) >= 0.22 * preset.height
        assert int(sub["MarginL"]) >= 0.10 * preset.width and int(sub["MarginR"]) >= 0.10 * preset.width
        assert int(label["MarginV"]) >= 0.08 * preset.height
        # libass sizes a font by its ascent + descent (1.448 em for Noto Sans CJK): the em is what a viewer reads
        assert 0.045 * preset.width <= int(sub["Fontsize"]) / 1.448 <= 0.053 * preset.width
    else:
        assert int(sub["MarginV"]) >= 0.065 * preset.height
    subs = [e for e in events if e["Style"] == "Subtitle"]
    assert len(subs) == len(cues)
    assert subs[0]["Text"] == "括号\\{\\\u2060b1\\}与\\\u2060N反斜杠"  # escaped: renders literally
    assert subs[1]["Text"] == "\\N".join(cues[1].lines)
    labels = [e for e in events if e["Style"] == "Label"]
    assert len(labels) == 1 and labels[0]["Start"] == "0:00:00.00" and labels[0]["Text"] == label_markup("AI生成")
    h, m, s = labels[0]["End"].split(":")
    assert float(s) + 60 * int(m) == pytest.approx(cues[-1].end + 2, abs=0.01)
    big = [e for e in events if e["Style"] == "LabelBig"]
    assert len(big) == 1 and big[0]["End"] == "0:00:02.20"


def test_ass_renders_with_libass(tmp_path: Path) -> None:
    """Burn the ASS onto black video and look at the pixels where the text should be."""
    preset = get_preset("preview")  # 270x480
    cues = [Cue(start=0.5, end=1.5, lines=["第一句字幕在这里"]), Cue(start=2.5, end=3.5, lines=["第二句", "两行"])]
    write_ass(cues, tmp_path / "subs.ass", preset, label="AI生成", duration=4.0)
    subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"color=c=black:s={preset.width}x{preset.height}:d=4:r=10",
            "-vf",
            f"subtitles=subs.ass:fontsdir='{FONTS_DIR}'",
            "-c:v",
            "ffv1",
            "out.mkv",
        ],
        cwd=tmp_path,
        check=True,
    )
    with av.open(str(tmp_path / "out.mkv")) as container:
        frames = [f.to_ndarray(format="gray").astype(float) for f in container.decode(video=0)]
    lay = ass_layout(preset)
    h, w = preset.height, preset.width
    bottom = slice(h - lay.margin_v - 3 * lay.font_size, h - lay.margin_v + 4)
    top_left = (slice(0, lay.label_margin_v + 2 * lay.label_size), slice(0, w // 2))
    big_bottom = h - lay.label_big_margin_v
    middle = slice(big_bottom - 2 * lay.label_big_size, big_bottom)

    def bright(region: np.ndarray) -> int:
        return int((region > 160).sum())

    at1, at2, at3 = frames[10], frames[20], frames[30]
    assert bright(at1[bottom]) > 50 and bright(at3[bottom]) > 50
    assert bright(at2[bottom]) == 0  # the gap between cues
    assert np.abs(at1[bottom] - at3[bottom]).mean() > 5  # different cues, different pixels
    for frame in (at1, at2, at3):
        assert bright(frame[top_left]) > 30  # the AI label, all the time
    assert bright(at1[middle]) > 100 and bright(at3[middle]) == 0  # the big label, only at first
    assert bright(at1[: top_left[0].stop, w // 2 :]) == 0  # nothing in the top-right corner
    # Read on a phone: a one-line CJK subtitle's glyphs stand at least 4 % of the frame's width tall.
    rows = np.flatnonzero((at1[bottom] > 160).sum(axis=1))
    assert rows.max() - rows.min() + 1 >= 0.04 * w


@pytest.mark.parametrize("name", ["douyin", "youtube"])
@pytest.mark.parametrize("label", ["AI-generated", "AI生成"])
def test_label_reads_back_as_ai_by_ocr(tmp_path: Path, name: str, label: str) -> None:
    """Machines read the label: PP-OCR (rapidocr, models in the wheel, offline) reads "AI", never "Al", on the
    rendered frame, while the big label shows (0.4 s) and after it (2.8 s, the corner one alone)."""
    from rapidocr_onnxruntime import RapidOCR

    preset = get_preset(name)
    write_ass([], tmp_path / "label.ass", preset, label=label, duration=3.0)
    engine = RapidOCR()
    for at in (0.4, 2.8):
        frame = tmp_path / f"at{at}.png"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=s={preset.width}x{preset.height}:d=3:r=5",
                        "-vf", f"subtitles=label.ass:fontsdir='{FONTS_DIR}'", "-ss", str(at), "-frames:v", "1",
                        "-update", "1", frame.name], cwd=tmp_path, check=True)
        found, _ = engine(str(frame))
        read = [text for _, text, _ in found or []]
        assert label in read, (at, read)
        assert not any(text.startswith("Al") for text in read), (at, read)
