"""The pipeline's steps as plain functions: read, plan, voice a shot, render a shot, cut.

Each takes what it needs, settings included, and returns plain models; none imports Prefect or
opens a database session of its own. Caching is by content: every output is a file named by the
hash of its inputs (voices, shots, drafts) and the store records what is finished, so a re-run with
the same inputs finds the work done, whichever process did it and even after a kill -9.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

import generator.speech as speech
import generator.video as video
import storyboard
from editing.cut import CutOptions, cut
from editing.presets import Preset, VoiceStyle
from generator.music import Track
from reelflow import progress
from reelflow.media import fit_name
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard, content_hash
from reelflow.settings import Settings
from reelflow.storage import MediaStorage
from reelflow.store import Store

PIPELINE_VERSION = "1"
LEAD = 0.12  # seconds of picture before a shot's narration starts

log = logging.getLogger("reelflow.pipeline")
Slot = Callable[[], AbstractContextManager[object]]


def no_slot() -> AbstractContextManager[object]:
    return contextlib.nullcontext()


def read_article(path: str, max_bytes: int) -> Article:
    progress.start("read", 1)
    article = storyboard.read(path, max_bytes=max_bytes)
    log.info("Read %r (%s, %s, %d paragraphs).", article.title, article.language, article.encoding,
             len(article.paragraphs))
    progress.finish("read", article.title)
    return article


def plan_storyboard(article: Article, settings: Settings) -> Storyboard:
    progress.start("plan", 1)
    board = storyboard.plan(article, settings.planner, max_seconds=settings.max_seconds, seed=settings.seed,
                            settings=settings)
    estimate = sum(s.seconds for s in board.shots)
    log.info("Planned %d shots (about %.0f s of narration) with the %s planner.", len(board.shots), estimate,
             board.planner)
    progress.finish("plan", f"{len(board.shots)} shots")
    return board


def voice_style(settings: Settings, preset: Preset, language: str, engine: str) -> VoiceStyle:
    """The preset's voice for this language with the user's settings on top. The preset's voice names
    are the online engine's; another engine gets only the user's own voice, if any."""
    style = preset.voice_style(language, voice=settings.voice, rate=settings.voice_rate, pitch=settings.voice_pitch,
                               volume=settings.voice_volume)
    if engine != "edge" and settings.voice is None:
        style = replace(style, voice=None)
    return style


def voice_shot(shot: Shot, language: str, engine: str, style: VoiceStyle, cache_dir: str, timeout: float) -> Narration:
    """One shot's narration in the preset's voice style (the user's voice and prosody settings win)."""
    narration = speech.say(shot.narration, language, engine=engine, voice=style.voice, cache_dir=Path(cache_dir),
                           timeout=timeout, rate=style.rate, pitch=style.pitch, volume=style.volume)
    progress.advance("voice", f"shot {shot.index + 1}")
    return narration


def shot_length(narration: Narration, fps: int, pad: float) -> float:
    """A shot's length for its narration: the lead, the words, the pad, in whole frames."""
    return math.ceil((LEAD + narration.duration + pad) * fps) / fps


def shot_request(shot: Shot, seconds: float, board: Storyboard, preset: Preset,
                 options: dict[str, object] | None = None) -> video.RenderRequest:
    """What a renderer is asked for one shot: its length in whole frames, the preset's size, a stable seed."""
    return video.RenderRequest(shot=shot, seconds=seconds, width=preset.width, height=preset.height,
                               fps=preset.fps, seed=board.seed * 1000 + shot.index + shot.take * 1_000_003,
                               title=board.title,
                               language=board.language, options=options or {})


# Renderers that time what they draw to the voice: they get the clip's mood and the shot's word timings.
VOICE_TIMED = frozenset({"graphics", "auto"})


def shot_options(renderer: str, options: dict[str, object], board: Storyboard, narration: Narration, *,
                 goes_on: bool = False) -> dict[str, object]:
    """The renderer's options for one shot: the settings' (render_options), plus, for a renderer that
    times its motion to the narration, the storyboard's mood, the shot's word timings and whether its graphic
    goes on from the shot before (a sentence told over a cut keeps its chart: it must not draw itself again)."""
    if renderer not in VOICE_TIMED:
        return options
    timed = {**options, "mood": board.mood, "words": [w.model_dump(mode="json") for w in narration.words]}
    return {**timed, "continues": True} if goes_on else timed


def continues(board: Storyboard, shot: Shot) -> bool:
    """Whether `shot` shows the same drawn graphic (a chart, list, quote …) as the shot before it."""
    if shot.index == 0 or shot.visual is None or shot.visual.kind in {"scene", "title", "image"}:
        return False
    before = next((s for s in board.shots if s.index == shot.index - 1), None)
    return before is not None and before.visual == shot.visual


def render_shot(request: video.RenderRequest, renderer: str, shot_id: int, *, store: Store, storage: MediaStorage,
                cache_dir: Path, slot: Slot = no_slot) -> ShotClip:
    """Render one shot unless the store already has this exact render; record it the moment it exists.

    `slot` is held around the render itself (a GPU slot where renders share GPUs); a render found
    finished takes no slot.
    """
    index = request.shot.index
    key = video.render_key(video.get_renderer(renderer), request)
    done = store.find_render(key, storage.exists)
    if done is not None:
        log.info("Shot %d: already rendered (%s).", index + 1, Path(done.path).name)
        clip = done.model_copy(update={"index": index})
    else:
        with slot():
            clip = video.render(request, renderer, cache_dir)
        # Shared storage: the clip's path becomes a reference any worker can fetch it from.
        clip = clip.model_copy(update={"path": storage.put(clip.path)})
        store.record_render(shot_id, clip.renderer, key, clip)
    store.set_status("shot", shot_id, "done")
    progress.advance("render", f"shot {index + 1}")
    return clip


def cut_clip(board: Storyboard, narrations: list[Narration], clips: list[ShotClip], preset: Preset, out_path: Path,
             work_dir: Path, options: CutOptions, content_id: str) -> Draft:
    progress.start("cut", 1)
    draft = cut(board, narrations, clips, preset, out_path, work_dir, options, content_id=content_id)
    log.info("Cut a %.1f s %s clip: %s", draft.duration, preset.name, draft.video_path)
    progress.finish("cut", Path(draft.video_path).name)
    return draft


def cut_options(settings: Settings, board: Storyboard, music: Track) -> CutOptions:
    """How the clip is cut, from settings: music and its credit, transition, the visible AI label."""
    return CutOptions(lead=LEAD, music=music.path, music_db=settings.music_db, music_credit=music.credit(),
                      transition=settings.transition, transition_seconds=settings.transition_seconds,
                      label=settings.ai_label.get(board.language), settings=settings)


def options_hash(settings: Settings, preset: Preset) -> str:
    """Everything besides the article that changes the finished clip."""
    llm = {"openai": (settings.openai.model, settings.openai.base_url, settings.openai.narration,
                      settings.openai.temperature),
           "local": (settings.local.model, settings.local.narration)}.get(settings.planner)
    return content_hash(PIPELINE_VERSION, preset, settings.planner, llm, settings.renderer, settings.voice,
                        settings.speech_engine, settings.max_seconds, settings.shot_pad, settings.music_db,
                        settings.seed, video.render_options(settings.renderer, settings), settings.voice_rate,
                        settings.voice_pitch, settings.voice_volume, settings.transition, settings.transition_seconds,
                        settings.ai_label)


def default_output(settings: Settings, article: Article, preset: Preset) -> Path:
    """drafts/<article name>-<hash>-<preset>.mp4; a very long article name is shortened so that the clip,
    its revisions (-v2) and its sidecars fit a file name (255 bytes)."""
    stem = fit_name(Path(article.source_path).stem, 160)
    return settings.dir("drafts") / f"{stem}-{article.source_hash[:8]}-{preset.name}.mp4"


def resolve_output(output: str | None, settings: Settings, article: Article, preset: Preset) -> Path:
    if not output:
        return default_output(settings, article, preset)
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(os.sep):
        return path / default_output(settings, article, preset).name
    return path if path.suffix.lower() == ".mp4" else path.with_suffix(".mp4")


def versioned(path: Path, version: int) -> Path:
    """Where draft `version` goes: the first at `path`, revisions beside it as NAME-v2.mp4, NAME-v3.mp4…"""
    return path if version <= 1 else path.with_name(f"{path.stem}-v{version}{path.suffix}")
