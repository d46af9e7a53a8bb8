"""The cover is one designed frame: the title, once, readable, on a clean picture.

For each example article: its opening shot rendered by the animatic at the full 1080×1920 (the
animatic draws the shot's key phrase in large type), then the cover made from it as the cut makes
it; OCR (Tesseract, offline, Chinese and English models from Debian) reads the title back whole,
and nothing of the key phrase underneath.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

TESSERACT = shutil.which("tesseract")
pytestmark = pytest.mark.skipif(TESSERACT is None, reason="needs tesseract-ocr and tesseract-ocr-chi-sim (CI has them)")
EXAMPLES = ["zh_city_night_markets.md", "zh_tea_harvest.html", "en_small_libraries.md"]


def ocr(image: Path, language: str) -> str:
    lang = "chi_sim" if language == "zh" else "eng"
    out = subprocess.run([TESSERACT, str(image), "stdout", "-l", lang, "--psm", "11"], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    return re.sub(r"\s+", "", out) if language == "zh" else " ".join(out.split()).lower()


def squash(text: str, language: str) -> str:
    return re.sub(r"[\W_]+", "", text) if language == "zh" else " ".join(re.findall(r"\w+", text.lower()))


def read_back(title: str, read: str) -> int:
    """How many of the title's characters OCR read in order, in the best-matching stretch of its output."""
    from difflib import SequenceMatcher

    best = 0
    for start in range(max(1, len(read) - len(title) + 1)):
        window = read[start:start + len(title) + 2]
        best = max(best, sum(b.size for b in SequenceMatcher(None, title, window).get_matching_blocks()))
    return best


@pytest.mark.parametrize("name", EXAMPLES)
def test_cover_title_reads_back_whole(tmp_path: Path, name: str) -> None:
    import generator.video as video
    import storyboard
    from editing.cut import write_cover
    from editing.presets import get_preset
    from editing.provenance import visible_label

    article = storyboard.read(ROOT / "examples" / name)
    board = storyboard.plan(article, "rules", max_seconds=20)
    preset = get_preset("douyin")
    shot = board.shots[0]
    request = video.RenderRequest(shot=shot, seconds=1.0, width=preset.width, height=preset.height, fps=preset.fps,
                                  seed=1, title=board.title, language=board.language)
    clip = video.render(request, "animatic", tmp_path / "shots")
    cover = tmp_path / "cover.jpg"
    write_cover(clip, 0.5, board.title, board.language, visible_label(board.language), preset, tmp_path, cover)

    read = ocr(cover, board.language)
    title = squash(board.title, board.language)
    # Whole: every character in place, allowing the OCR engine one misread glyph (Tesseract reads 茶 as 条).
    assert read_back(title, squash(read, board.language)) >= len(title) - 1, (board.title, read)
    # The key phrase drawn in the shot is not readable under the title (only the title is set).
    phrase = squash(shot.key_phrase, board.language)
    if phrase and phrase not in title:
        assert phrase not in squash(read, board.language), (shot.key_phrase, read)
