"""`reelflow`: make a clip from an article, check the machine.

Progress goes to stderr; the finished clip's path is the last line on stdout, so scripts can
use `clip=$(reelflow make article.md | tail -1)`. Exit codes: 0 done, 2 bad input, 1 our failure.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from reelflow import progress
from reelflow.errors import BadInput, ReelflowError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Articles in, short social videos out.")
err = Console(stderr=True)

STAGES = {
    "prefect": "Starting the workflow engine",
    "read": "Reading the article",
    "plan": "Planning shots",
    "voice": "Recording narration",
    "render": "Rendering shots",
    "cut": "Cutting the clip",
}


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's own INFO lines would drown the progress bars; keep them for --verbose."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        logging.getLogger("jieba").setLevel(logging.WARNING)
    # A cold ephemeral server can take ~20 s on a small machine; its default limit is too tight.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


class _Bars:
    """Draws progress events as rich bars, one per stage."""

    def __init__(self, bars: Progress) -> None:
        self.bars = bars
        self.ids: dict[str, int] = {}
        self.ids["prefect"] = bars.add_task(STAGES["prefect"], total=None)

    def __call__(self, event: progress.Event) -> None:
        if "prefect" in self.ids and event.stage != "prefect":
            self.bars.update(self.ids.pop("prefect"), total=1, completed=1)
        if event.kind == "start":
            if event.stage not in self.ids:
                self.ids[event.stage] = self.bars.add_task(STAGES.get(event.stage, event.stage), total=event.total)
        elif event.stage in self.ids:
            task = self.ids[event.stage]
            if event.kind == "advance":
                self.bars.advance(task)
            else:
                total = self.bars.tasks[task].total or 1
                self.bars.update(task, total=total, completed=total)


@app.command()
def make(
    article: Annotated[Path, typer.Argument(help="A .md, .txt or .html article.")],
    output: Annotated[str | None, typer.Option("--output", "-o", help="Where to write the clip (.mp4).")] = None,
    preset: Annotated[str | None, typer.Option(help="Output preset, e.g. douyin, youtube, preview.")] = None,
    planner: Annotated[str | None, typer.Option(help="Storyboard planner, e.g. rules.")] = None,
    renderer: Annotated[str | None, typer.Option(help="Video renderer, e.g. animatic.")] = None,
    voice: Annotated[str | None, typer.Option(help="Narration voice name.")] = None,
    max_seconds: Annotated[float | None, typer.Option(help="Target clip length in seconds.")] = None,
    force: Annotated[bool, typer.Option(help="Make it again even if this article was made before.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the workflow engine's logs.")] = False,
) -> None:
    """Make a finished short video from one article."""
    _quiet_prefect(verbose)
    try:
        import storyboard
        from editing.presets import get_preset
        from reelflow.settings import load_settings

        settings = load_settings(preset=preset, planner=planner, renderer=renderer, voice=voice,
                                 max_seconds=max_seconds)
        get_preset(settings.preset)
        # Check the input before paying for the workflow engine's start-up.
        storyboard.read(article, max_bytes=settings.max_file_bytes)

        from flows.article_to_video import article_to_video

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=False) as bars, progress.listening(_Bars(bars)):
            draft = article_to_video(str(article), output=output, preset=preset, planner=planner,
                                     renderer=renderer, voice=voice, max_seconds=max_seconds, force=force)
    except BadInput as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except ReelflowError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    err.print(f"Made a {draft.duration:.1f} s {draft.preset} clip ({draft.width}×{draft.height}); "
              f"subtitles {Path(draft.srt_path).name}, cover {Path(draft.thumbnail_path).name}.", highlight=False)
    sys.stdout.write(f"{draft.video_path}\n")


@app.command()
def doctor() -> None:
    """Say what is available (ffmpeg, fonts, voices, GPU, models, database) and what to do about what is not."""
    from reelflow.doctor import run_checks

    raise typer.Exit(run_checks(err))


if __name__ == "__main__":
    app()
