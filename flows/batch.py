"""The `batch` flow: every new article in a source folder becomes its own `article-to-video` run.

Run on a cron schedule by `reelflow serve`. "New" means the store has no finished draft of that
content (by the hash of the file's bytes), so a renamed file is not made again, an edited one is,
and an article whose earlier run failed is tried again. Each article runs as its own child flow run
(with its own page, artifacts and review); the batch ends with a summary table.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from flows.article_to_video import article_to_video
from flows.media_server import link
from reelflow.errors import BadInput
from reelflow.models import Draft
from reelflow.settings import Settings, load_settings
from reelflow.store import Store

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})


def article_files(folder: Path) -> list[Path]:
    """Article files directly in `folder`, by name; hidden and partly downloaded files are left alone."""
    if not folder.is_dir():
        raise BadInput(folder, "batch source folder not found")
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))


def file_hash(path: Path, limit: int) -> str | None:
    """sha256 of the file's bytes (the article's source_hash); None for a file over `limit` bytes."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            size += len(chunk)
            if size > limit:
                return None
            digest.update(chunk)
    return digest.hexdigest()


@task(name="make-article", cache_policy=NO_CACHE)
def make_one(path: str, review: bool, preset: str | None, max_seconds: float | None, via_deployment: bool
             ) -> dict[str, Any]:
    """Run `article-to-video` for one file; report what became of it.

    In this process it is a child flow run, and the answer comes when it ends. Through the served
    deployment it is a run of its own, and the answer comes once it ends or pauses for review, so
    that a batch does not hold a worker for each draft waiting on a person.
    """
    if via_deployment:
        from flows.dispatch import start_and_wait

        options = {k: v for k, v in (("preset", preset), ("max_seconds", max_seconds)) if v is not None}
        # Not a subflow: a run of its own can suspend while it waits for review (a subflow cannot).
        run, state = start_and_wait(Path(path), review, load_settings().serve_poll, **options)
        status = "awaiting review" if state.is_paused() else (
            str(state.name) if state.is_completed() else f"failed: {state.message or state.name}")
        return {"status": status, "draft": "", "title": "", "run": run.name}
    state: State[Any] = article_to_video(path, preset=preset, max_seconds=max_seconds, review=review,
                                         return_state=True)
    result = state.result(raise_on_failure=False)
    if isinstance(result, Draft):
        return {"status": str(result.metadata.get("outcome", state.name)), "draft": result.video_path,
                "title": str(result.metadata.get("title", "")), "run": ""}
    reason = state.message or (str(result) if isinstance(result, BaseException) else state.name)
    return {"status": f"failed: {reason}" if state.is_failed() else str(state.name), "draft": "", "title": "",
            "run": ""}


@flow(name="batch", task_runner=ThreadPoolTaskRunner(max_workers=16), log_prints=True)
def batch(source: str | None = None, review: bool = False, preset: str | None = None,
          max_seconds: float | None = None, via_deployment: bool = False) -> list[dict[str, Any]]:
    """Make every new article in `source` (default: the batch_source setting), batch_workers at a time."""
    settings = load_settings(preset=preset, max_seconds=max_seconds)
    folder = Path(source).expanduser() if source else settings.batch_source
    if folder is None:
        raise BadInput("batch", "no source folder: set batch_source in reelflow.toml or pass source")
    logger = get_run_logger()
    rows: list[dict[str, Any]] = []
    new: list[tuple[Path, str]] = []
    seen: dict[str, Path] = {}
    files = article_files(folder)
    hashes = {path: file_hash(path, settings.max_file_bytes) for path in files}
    store = Store(settings.db_url)
    try:
        store.upgrade()
        made = store.drafted_articles([h for h in hashes.values() if h])
    finally:
        store.dispose()
    for path, digest in hashes.items():
        if digest is None:
            rows.append(_row(path, "failed: larger than max_file_bytes", settings))
        elif digest in made:
            rows.append(_row(path, "already made", settings))
        elif digest in seen:
            rows.append(_row(path, f"same content as {seen[digest].name}", settings))
        else:
            seen[digest] = path
            new.append((path, digest))
    logger.info("%d article(s) in %s, %d new.", len(files), folder, len(new))
    running: dict[PrefectFuture[dict[str, Any]], Path] = {}
    waiting = [path for path, _ in new]
    while waiting or running:
        while waiting and len(running) < settings.batch_workers:
            path = waiting.pop(0)
            running[make_one.submit(str(path), review, preset, max_seconds, via_deployment)] = path
        future = next(as_completed(list(running)))
        path = running.pop(future)
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, dict):
            rows.append(_row(path, outcome["status"], settings, outcome["draft"], outcome["title"]))
        else:
            rows.append(_row(path, f"failed: {outcome or future.state.message}", settings))
    rows.sort(key=lambda r: r["article"])
    create_table_artifact(rows, key="batch-summary",
                          description=f"Batch of {folder} ({flow_run.get_name() or 'run'}): {len(files)} "
                          f"article(s), {len(new)} new.")
    return rows


def _row(path: Path, status: str, settings: Settings, draft: str = "", title: str = "") -> dict[str, Any]:
    return {"article": path.name, "title": title, "status": status,
            "draft": (link(settings, draft) or draft) if draft else "", "file": draft}
