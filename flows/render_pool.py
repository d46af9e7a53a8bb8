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

from editing.presets import get_preset
from flows.limits import ensure_limits, uses_gpu
from flows.stages import render_shot
from reelflow.models import Storyboard
from reelflow.pipeline.steps import shot_request
from reelflow.settings import load_settings
from reelflow.storage import storage_for
from reelflow.store import Store


@flow(name="render-shots", log_prints=True)
def render_shots(board: Storyboard, requests: list[dict[str, object]], shot_ids: list[int], renderer: str,
                 preset_name: str) -> list[str]:
    """Render every shot of `board` on this worker; returns where each clip went (storage references).

    `requests` gives each shot's length in seconds and the renderer's options, as the article's run
    worked them out from the narration."""
    if len(requests) != len(board.shots) or len(shot_ids) != len(board.shots):
        raise ValueError(f"{len(board.shots)} shots but {len(requests)} requests and {len(shot_ids)} shot ids")
    settings = load_settings(renderer=renderer)
    if uses_gpu(renderer, settings):
        ensure_limits(settings)
    preset = get_preset(preset_name)
    n = len(board.shots)
    get_run_logger().info("Rendering %d shot%s of “%s” with %s.", n, "" if n == 1 else "s", board.title, renderer)
    store, storage = Store(settings.db_url), storage_for(settings)
    refs = []
    try:
        for shot, asked, shot_id in zip(board.shots, requests, shot_ids, strict=True):
            options = dict(asked.get("options") or {})  # type: ignore[call-overload]
            request = shot_request(shot, float(asked["seconds"]), board, preset, options)  # type: ignore[arg-type]
            refs.append(render_shot(request, shot_id, settings, store, storage).path)
    finally:
        store.dispose()
    return refs
