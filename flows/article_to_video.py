"""The `article-to-video` flow: read → plan → (voice → render) per shot → cut.

This is the only place the stages meet Prefect and the store. Each stage is a plain function
from storyboard/, generator/ or editing/; here they become tasks (one per stage and per shot, so
shots voice and render in parallel) and their results are recorded in the store, so a second run
of the same article reuses the finished draft unless asked to redo it.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

import generator.speech as speech
import generator.video as video
import storyboard
from editing.cut import CutOptions, cut
from editing.presets import Preset, get_preset
from generator.music import pick_music
from reelflow import progress
from reelflow.models import Article, Draft, Narration, Shot, ShotClip, Storyboard, content_hash
from reelflow.settings import Settings, load_settings
from reelflow.store import Store

PIPELINE_VERSION = "1"


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


@task(name="voice-shot", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=1)
def voice_shot(shot: Shot, language: str, engine: str, voice: str | None, cache_dir: str, timeout: float) -> Narration:
    narration = speech.say(shot.narration, language, engine=engine, voice=voice, cache_dir=Path(cache_dir),
                           timeout=timeout)
    progress.advance("voice", f"shot {shot.index + 1}")
    return narration


@task(name="render-shot", cache_policy=NO_CACHE)
def render_shot(shot: Shot, narration: Narration, board: Storyboard, renderer: str, preset_name: str,
                lead: float, pad: float, cache_dir: str) -> ShotClip:
    preset = get_preset(preset_name)
    seconds = math.ceil((lead + narration.duration + pad) * preset.fps) / preset.fps
    request = video.RenderRequest(shot=shot, seconds=seconds, width=preset.width, height=preset.height,
                                  fps=preset.fps, seed=board.seed * 1000 + shot.index, title=board.title,
                                  language=board.language)
    clip = video.render(request, renderer, Path(cache_dir))
    progress.advance("render", f"shot {shot.index + 1}")
    return clip


@task(name="cut-clip", cache_policy=NO_CACHE)
def cut_clip(board: Storyboard, narrations: list[Narration], clips: list[ShotClip], preset_name: str,
             out_path: str, work_dir: str, music: str, music_db: float, lead: float, content_id: str) -> Draft:
    progress.start("cut", 1)
    draft = cut(board, narrations, clips, get_preset(preset_name), Path(out_path), Path(work_dir),
                CutOptions(lead=lead, music=Path(music), music_db=music_db), content_id=content_id)
    get_run_logger().info("Cut a %.1f s %s clip: %s", draft.duration, preset_name, draft.video_path)
    progress.finish("cut", Path(draft.video_path).name)
    return draft


def options_hash(settings: Settings, preset: Preset) -> str:
    """Everything besides the article that changes the finished clip."""
    return content_hash(PIPELINE_VERSION, preset, settings.planner, settings.renderer, settings.voice,
                        settings.speech_engine, settings.max_seconds, settings.shot_pad, settings.music_db,
                        settings.seed)


def default_output(settings: Settings, article: Article, preset: Preset) -> Path:
    stem = Path(article.source_path).stem
    return settings.dir("drafts") / f"{stem}-{article.source_hash[:8]}-{preset.name}.mp4"


def resolve_output(output: str | None, settings: Settings, article: Article, preset: Preset) -> Path:
    if not output:
        return default_output(settings, article, preset)
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(os.sep):
        return path / default_output(settings, article, preset).name
    return path if path.suffix.lower() == ".mp4" else path.with_suffix(".mp4")


@flow(name="article-to-video", task_runner=ThreadPoolTaskRunner(max_workers=3), log_prints=True)
def article_to_video(
    article_path: str,
    output: str | None = None,
    preset: str | None = None,
    planner: str | None = None,
    renderer: str | None = None,
    voice: str | None = None,
    max_seconds: float | None = None,
    force: bool = False,
) -> Draft:
    """Turn one article into one finished, labelled clip and record it in the store."""
    settings = load_settings(preset=preset, planner=planner, renderer=renderer, voice=voice,
                             max_seconds=max_seconds)
    logger = get_run_logger()
    the_preset = get_preset(settings.preset)
    article = read_article(article_path, settings.max_file_bytes)
    out_path = resolve_output(output, settings, article, the_preset)

    store = Store(settings.db_url)
    store.upgrade()
    try:
        opts = options_hash(settings, the_preset)
        if not force and (existing := store.find_draft(article.source_hash, the_preset.name, opts)):
            logger.info("This article was already made with the same settings; reusing %s "
                        "(use --force to make it again).", existing.video_path)
            return _deliver(existing, out_path)

        article_id = store.upsert_article(article)
        board = plan_storyboard(article, settings.planner, settings.max_seconds, settings.seed)
        board_id = store.save_storyboard(article_id, board)
        shot_ids = store.shot_ids(board_id)
        store.set_status("storyboard", board_id, "running")

        n = len(board.shots)
        progress.start("voice", n)
        progress.start("render", n)
        speech_dir, render_dir = settings.dir("cache", "speech"), settings.dir("cache", "shots")
        lead, pad = 0.12, settings.shot_pad
        voice_futures: list[PrefectFuture[Narration]] = [
            voice_shot.submit(shot, board.language, settings.speech_engine, settings.voice, str(speech_dir),
                              settings.speech_timeout)
            for shot in board.shots
        ]
        render_futures: list[PrefectFuture[ShotClip]] = [
            render_shot.submit(shot, vf, board, settings.renderer, the_preset.name, lead, pad, str(render_dir))
            for shot, vf in zip(board.shots, voice_futures, strict=True)
        ]
        narrations = [f.result() for f in voice_futures]
        clips = [f.result() for f in render_futures]
        progress.finish("voice")
        progress.finish("render")
        for clip in clips:
            shot_id = shot_ids[clip.index]
            store.record_render(shot_id, clip.renderer, Path(clip.path).stem, clip)
            store.set_status("shot", shot_id, "done")

        total = sum(c.seconds for c in clips)
        music = pick_music(settings.data_dir / "music", total, settings.dir("cache", "music"), board.seed)
        work_dir = settings.dir("work", board.hash()[:16])
        draft = cut_clip(board, narrations, clips, the_preset.name, str(out_path), str(work_dir), str(music),
                         settings.music_db, lead, article.source_hash[:32])
        store.record_draft(board_id, opts, draft)
        store.set_status("storyboard", board_id, "done")
        store.set_status("article", article_id, "done")
        shutil.rmtree(work_dir, ignore_errors=True)
        return draft
    finally:
        store.dispose()


def _deliver(draft: Draft, out_path: Path) -> Draft:
    """Copy an existing draft (and its sidecars) to where this run was asked to put it."""
    from reelflow.media import copy_atomic

    src = Path(draft.video_path)
    if src.resolve() == out_path.resolve():
        return draft
    for old, suffix in ((src, ".mp4"), (Path(draft.srt_path), ".srt"), (Path(draft.ass_path), ".ass"),
                        (Path(draft.thumbnail_path), ".jpg"), (src.with_suffix(".json"), ".json")):
        if old.is_file():
            copy_atomic(old, out_path.with_suffix(suffix))
    return draft.model_copy(update={
        "video_path": str(out_path),
        "srt_path": str(out_path.with_suffix(".srt")),
        "ass_path": str(out_path.with_suffix(".ass")),
        "thumbnail_path": str(out_path.with_suffix(".jpg")),
    })
