"""Every card lays out: text and pictograms inside the frame, above a two-line subtitle, none on top of another —
checked on the scripts the graphics renderer writes for real plans (bench/layout_check.py, no encode)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import storyboard
from generator.video import RenderRequest
from generator.video.graphics import script_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from layout_check import faults  # noqa: E402

SIZES = [(1080, 1920), (1080, 1080), (1920, 1080)]
DATA = ROOT / "tests" / "data"
# the examples, one whole set, and cards that once ran into the subtitles of a square frame (a long quote; a title)
ARTICLES = [*sorted((ROOT / "examples").glob("*.md")), *sorted((DATA / "articles_heldout_14m").glob("*.md")),
            DATA / "articles_heldout_14" / "zh_library_night_reading.md",
            DATA / "articles_heldout_14b" / "en_pool_lifeguards.md", DATA / "articles_heldout_14k" / "en_dog_parks.md"]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_card_of_a_plan_lays_out_in_every_aspect(path: Path) -> None:
    article = storyboard.read(path)
    board = storyboard.plan(article, max_seconds=60)
    found = []
    for shot in board.shots:
        for w, h in SIZES:
            req = RenderRequest(shot=shot, seconds=6.0, width=w, height=h, fps=30, seed=0, title=board.title,
                                language=article.language)
            found += [f"shot {shot.index} {w}x{h}: {f}" for f in faults(script_for(req), w, h, 6.0)]
    assert not found, found


def test_the_check_sees_overlaps_and_text_in_the_subtitle_band_and_looks_through_faint_words() -> None:
    events = [
        r"{\an7\pos(86,400)\fs60}Hello world",
        r"{\an7\pos(120,410)\fs60}Overlapping",
        r"{\an7\pos(86,1000)\fs60}Too low",
        r"{\an7\pos(60,380)\fs200\alpha&HE0&}faint texture word",
    ]
    script = "\n".join(f"Dialogue: 1,0:00:00.00,0:00:06.00,Base,,0,0,0,,{e}" for e in events)
    found = faults(script, 1080, 1080, 6.0)
    assert len(found) == 2, found
    assert "Hello world" in found[1] and "Overlapping" in found[1] and "Too low" in found[0]
