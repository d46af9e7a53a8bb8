"""Bring-your-own narration: a recording with the article's name beside it replaces the synthetic voice.

generator/speech/own.py finds the recording and splits it into per-shot narrations; this adapter
decides when it applies (setting on, recording present) and keeps a reviewer's edited narration
working: a shot whose text no longer matches the recording is voiced by the usual engine instead.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from reelflow.models import Narration, Storyboard
from reelflow.settings import Settings


def find(article_path: str, settings: Settings) -> Path | None:
    """The recording to use for this article, if any."""
    if not getattr(settings, "own_narration", True) or importlib.util.find_spec("generator.speech.own") is None:
        return None
    own = importlib.import_module("generator.speech.own")
    return own.find_own_audio(Path(article_path))


def narrations(audio: Path, planned: Storyboard, current: Storyboard, cache_dir: Path) -> dict[int, Narration]:
    """Per-shot narrations cut from the recording, for the shots whose text is still what was recorded.

    The recording matches the planned storyboard, so it is split along that one; shots a reviewer
    rewrote are left out (the caller voices them).
    """
    own = importlib.import_module("generator.speech.own")
    parts: list[Narration] = own.narrations_from_audio(audio, planned.shots, planned.language, cache_dir)
    said = {shot.index: shot.narration for shot in planned.shots}
    return {shot.index: parts[shot.index] for shot in current.shots
            if shot.index < len(parts) and said.get(shot.index) == shot.narration}
