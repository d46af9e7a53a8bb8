"""The stages as Prefect tasks: what can be retried, what can hang, what is cached where.

Each task wraps a plain stage function. Caching is ours, not Prefect's: every stage's output is a
file named by the content hash of its inputs (voices, shots, drafts), and the store records what is
finished, so a re-run with the same inputs finds the work done, whichever process did it and even
after a kill -9. Prefect's own result cache would be a second copy that the store cannot see.

Retries are where a failure can pass: the online voice (network), a render (a GPU out of memory
beside another job), publishing (the platform). Bad input is never retried. Timeouts are where a
stage can hang: voice, render, cut and publish.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from prefect.tasks import exponential_backoff

import generator.speech as speech
import generator.video as video
import storyboard
from editing.cut import CutOptions, cut
from editing.presets import Preset, VoiceStyle, get_preset
from flows.limits import gpu_slot, voice_slot
from generator.music import Track
from reelflow import progress
from reelflow.errors import BadInput
from reelflow.media import short_stem
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard, content_hash
from reelflow.settings import Settings, load_settings
from reelflow.storage import storage_for
from reelflow.store import Store

PIPELINE_VERSION = "1"
LEAD = 0.12  # seconds of picture before a shot's narration starts


def worth_retrying(_task: Task[Any, Any], _run: TaskRun, state: State[Any]) -> bool:
    """Retry failures that can pass; a bad input fails the same way every time."""
    try:
        state.result()
    except BadInput:
        return False
    except Exception:  # noqa: BLE001 - anything else may be transient
        return True
    return False


@task(name="read-article", cache_policy=NO_CACHE)
def read_article(path: str, max_bytes: int) -> Article:
    progress.start("read", 1)
    article = storyboard.read(path, max_bytes=max_bytes)
    get_run_logger().info("Read %r (%s, %s, %d paragraphs).", article.title, article.language,
                          article.encoding, len(article.paragraphs))
    progress.finish("read", article.title)
    return article


@task(name="plan-storyboard", cache_policy=NO_CACHE)
def plan_storyboard(article: Article, planner: str, max_seconds: float, seed: int) -> Storyboard:
    progress.start("plan", 1)
    board = storyboard.plan(article, planner, max_seconds=max_seconds, seed=seed)
    estimate = sum(s.seconds for s in board.shots)
    get_run_logger().info("Planned %d shots (about %.0f s of narration) with the %s planner.",
                          len(board.shots), estimate, board.planner)
    progress.finish("plan", f"{len(board.shots)} shots")
    return board


@task(name="voice-shot", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=exponential_backoff(2),
      retry_jitter_factor=0.5, retry_condition_fn=worth_retrying)
def voice_shot(shot: Shot, language: str, engine: str, style: VoiceStyle, cache_dir: str, timeout: float) -> Narration:
    """One shot's narration in the preset's voice style (the user's voice and prosody settings win)."""
    voice_slot(engine, load_settings())
    narration = speech.say(shot.narration, language, engine=engine, voice=style.voice, cache_dir=Path(cache_dir),
                           timeout=timeout, rate=style.rate, pitch=style.pitch, volume=style.volume)
    progress.advance("voice", f"shot {shot.index + 1}")
    return narration


def voice_style(settings: Settings, preset: Preset, language: str, engine: str) -> VoiceStyle:
    """The preset's voice for this language with the user's settings on top. The preset's voice names
    are the online engine's; another engine gets only the user's own voice, if any."""
    style = preset.voice_style(language, voice=settings.voice, rate=settings.voice_rate, pitch=settings.voice_pitch,
                               volume=settings.voice_volume)
    if engine != "edge" and settings.voice is None:
        style = replace(style, voice=None)
    return style


def render_request(shot: Shot, narration: Narration, board: Storyboard, preset: Preset, pad: float,
                   options: dict[str, object] | None = None) -> video.RenderRequest:
    seconds = math.ceil((LEAD + narration.duration + pad) * preset.fps) / preset.fps
    return video.RenderRequest(shot=shot, seconds=seconds, width=preset.width, height=preset.height,
                               fps=preset.fps, seed=board.seed * 1000 + shot.index, title=board.title,
                               language=board.language, options=options or {})


@task(name="render-shot", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5,
      retry_condition_fn=worth_retrying)
def render_shot(shot: Shot, narration: Narration, board: Storyboard, renderer: str, preset_name: str,
                pad: float, cache_dir: str, shot_id: int, db_url: str, options: dict[str, object] | None = None
                ) -> ShotClip:
    """Render one shot unless the store already has this exact render; record it the moment it exists."""
    settings = load_settings()
    request = render_request(shot, narration, board, get_preset(preset_name), pad, options)
    key = video.render_key(video.get_renderer(renderer), request)
    storage = storage_for(settings)
    store = Store(db_url)
    try:
        done = store.find_render(key, storage.exists)
        if done is not None:
            get_run_logger().info("Shot %d: already rendered (%s).", shot.index + 1, Path(done.path).name)
            clip = done.model_copy(update={"index": shot.index})
        else:
            with gpu_slot(renderer, settings):
                clip = video.render(request, renderer, Path(cache_dir))
            # Shared storage: the clip's path becomes a URL any worker can fetch it from.
            clip = clip.model_copy(update={"path": storage.put(clip.path)})
            store.record_render(shot_id, clip.renderer, key, clip)
        store.set_status("shot", shot_id, "done")
    finally:
        store.dispose()
    progress.advance("render", f"shot {shot.index + 1}")
    return clip


@task(name="cut-clip", cache_policy=NO_CACHE)
def cut_clip(board: Storyboard, narrations: list[Narration], clips: list[ShotClip], preset_name: str,
             out_path: str, work_dir: str, options: CutOptions, content_id: str) -> Draft:
    progress.start("cut", 1)
    draft = cut(board, narrations, clips, get_preset(preset_name), Path(out_path), Path(work_dir), options,
                content_id=content_id)
    get_run_logger().info("Cut a %.1f s %s clip: %s", draft.duration, preset_name, draft.video_path)
    progress.finish("cut", Path(draft.video_path).name)
    return draft


def cut_options(settings: Settings, board: Storyboard, music: Track) -> CutOptions:
    """How the clip is cut, from settings: music and its credit, transition, the visible AI label."""
    return CutOptions(lead=LEAD, music=music.path, music_db=settings.music_db, music_credit=music.credit(),
                      transition=settings.transition, transition_seconds=settings.transition_seconds,
                      label=settings.ai_label.get(board.language))


def options_hash(settings: Settings, preset: Preset) -> str:
    """Everything besides the article that changes the finished clip."""
    llm = {"openai": (settings.llm_model, settings.llm_base_url, settings.llm_narration, settings.llm_temperature),
           "local": (settings.local_model, settings.local_narration)}.get(settings.planner)
    return content_hash(PIPELINE_VERSION, preset, settings.planner, llm, settings.renderer, settings.voice,
                        settings.speech_engine, settings.max_seconds, settings.shot_pad, settings.music_db,
                        settings.seed, video.render_options(settings.renderer, settings), settings.voice_rate,
                        settings.voice_pitch, settings.voice_volume, settings.transition, settings.transition_seconds,
                        settings.ai_label)


def default_output(settings: Settings, article: Article, preset: Preset) -> Path:
    # Bounded: a 255-byte article name plus "-hash-preset-v2.part.mp4" would not fit in one file name.
    stem = short_stem(Path(article.source_path).stem, 120)
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
