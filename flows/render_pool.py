"""The `render-shots` flow: one article's shots rendered on a GPU worker.

`reelflow deploy` puts it on the GPU work pool; `article-to-video` runs it (as a child run) when
`gpu_pool` is set and the renderer uses a GPU. It renders the shots one after another in this
worker's process, so the model is loaded once per article, and each render holds a slot of the
global GPU limit, so two runs never share one GPU whichever workers they land on. Each clip goes
to the media storage and into the store the moment it exists: a run killed half-way leaves its
finished shots for the next.
"""

from __future__ import annotations

from prefect import flow, get_run_logger

from flows.limits import ensure_limits, uses_gpu
from flows.stages import render_shot
from reelflow.models import Narration, Storyboard
from reelflow.settings import load_settings


@flow(name="render-shots", log_prints=True)
def render_shots(board: Storyboard, narrations: list[Narration], shot_ids: list[int], renderer: str,
                 preset_name: str, pad: float, options: dict[str, object] | None = None) -> list[str]:
    """Render every shot of `board` on this worker; returns where each clip went (storage references)."""
    if len(narrations) != len(board.shots) or len(shot_ids) != len(board.shots):
        raise ValueError(f"{len(board.shots)} shots but {len(narrations)} narrations and {len(shot_ids)} shot ids")
    settings = load_settings()
    if uses_gpu(renderer, settings):
        ensure_limits(settings)
    cache_dir = str(settings.dir("cache", "shots"))
    n = len(board.shots)
    get_run_logger().info("Rendering %d shot%s of “%s” with %s.", n, "" if n == 1 else "s", board.title, renderer)
    refs = []
    for shot, narration, shot_id in zip(board.shots, narrations, shot_ids, strict=True):
        clip = render_shot(shot, narration, board, renderer, preset_name, pad, cache_dir, shot_id,
                           settings.db_url, options)
        refs.append(clip.path)
    return refs
