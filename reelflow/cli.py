"""`reelflow`: make a clip from an article, check the machine.

Progress goes to stderr; the finished clip's path is the last line on stdout, so scripts can
use `clip=$(reelflow make article.md | tail -1)`. Exit codes: 0 done, 2 bad input, 1 our failure.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from reelflow import progress
from reelflow.cli_errors import exit_codes
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

    def __init__(self, bars: Progress, engine: bool = True) -> None:
        self.bars = bars
        self.ids: dict[str, int] = {}
        if engine:
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
    presets: Annotated[str | None, typer.Option(help="Several cuts from one render, e.g. douyin,bilibili,square: "
                                                "each picture is made once; every cut's path is printed.")] = None,
    languages: Annotated[str | None, typer.Option(help="Cuts in several languages, e.g. zh,en: the storyboard "
                                                  "translated (ARTICLE.<lang>.json beside the article, or the LLM "
                                                  "planner), voiced and cut in each; pictures shared.")] = None,
    planner: Annotated[str | None, typer.Option(help="Storyboard planner, e.g. rules.")] = None,
    renderer: Annotated[str | None, typer.Option(help="Picture source: auto, graphics, dit, still, stock...")] = None,
    voice: Annotated[str | None, typer.Option(help="Narration voice name.")] = None,
    max_seconds: Annotated[float | None, typer.Option(help="Target clip length in seconds.")] = None,
    force: Annotated[bool, typer.Option(help="Make it again even if this article was made before.")] = False,
    model: Annotated[str | None, typer.Option(help="dit: a diffusers model folder or cached model id.")] = None,
    allow_cpu: Annotated[bool, typer.Option(help="dit: run a real-size model without a GPU anyway.")] = False,
    review: Annotated[bool, typer.Option("--review", help="Wait for approve/reject/revise in the Prefect "
                                         "dashboard (needs PREFECT_API_URL), then publish.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the workflow engine's logs.")] = False,
) -> None:
    """Make a finished short video from one article."""
    _quiet_prefect(verbose)
    with exit_codes(err):
        import storyboard
        from editing.presets import PRESETS, get_preset
        from reelflow.settings import load_settings

        cuts = [p.strip() for p in presets.split(",") if p.strip()] if presets else None
        spoken = [p.strip() for p in languages.split(",") if p.strip()] if languages else None
        settings = load_settings(preset=cuts[0] if cuts else preset, presets=cuts, planner=planner,
                                 renderer=renderer, voice=voice, max_seconds=max_seconds,
                                 dit={"model": model, "allow_cpu": allow_cpu or None}, languages=spoken)
        for name in settings.presets:  # an unknown preset is a one-line error before any work
            if name not in PRESETS:
                raise BadInput("--presets", f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}")
        the_preset = get_preset(settings.preset)
        from generator.video import preflight  # the model is found and can run here (dit), before Prefect starts

        preflight(settings.renderer, settings, portrait=the_preset.height > the_preset.width)
        # Check the input before paying for the workflow engine's start-up.
        text = storyboard.read(article, max_bytes=settings.max_file_bytes)
        _check_translations(text, article, settings)

        # The workflow engine runs the article when a person reviews it, a GPU pool renders it, or a
        # Prefect server is set (so the run shows in its dashboard); otherwise the plain pipeline runs here.
        engine = review or bool(settings.gpu_pool) or bool(os.environ.get("PREFECT_API_URL"))
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=False) as bars, \
                progress.listening(_Bars(bars, engine=engine)):
            several = len(settings.presets) > 1 or bool(settings.languages)
            if several and not engine:
                from reelflow.pipeline import make_cuts

                drafts = make_cuts(str(article), settings, output=output, force=force)
                if not drafts:
                    raise ReelflowError(f"{article}: the storyboard was rejected in review; nothing was made")
                for d in drafts:
                    err.print(f"Made a {d.duration:.1f} s {d.preset} cut in {d.metadata.get('language')} "
                              f"({d.width}×{d.height}).", highlight=False)
                sys.stdout.write("".join(f"{d.video_path}\n" for d in drafts))
                return
            if engine:
                from flows.article_to_video import article_to_video

                draft = article_to_video(str(article), output=output, preset=preset, planner=planner,
                                         renderer=renderer, voice=voice, max_seconds=max_seconds, force=force,
                                         model=model, allow_cpu=allow_cpu, review=review, presets=cuts,
                                         languages=spoken)
            else:
                from reelflow.pipeline import make_here

                draft = make_here(str(article), settings, output=output, force=force)
        if draft is None:
            raise ReelflowError(f"{article}: the storyboard was rejected in review; nothing was made")
    err.print(f"Made a {draft.duration:.1f} s {draft.preset} clip ({draft.width}×{draft.height}); "
              f"subtitles {Path(draft.srt_path).name}, cover {Path(draft.thumbnail_path).name}.", highlight=False)
    if review:
        err.print(f"Review: {draft.metadata.get('outcome')}.", highlight=False)
    sys.stdout.write(f"{draft.video_path}\n")


def _check_translations(article: Any, path: Path, settings: Any) -> None:
    """A cut in another language without an LLM planner needs the user's translation file: say so (and leave
    its template) before any work, not after the first cut."""
    import storyboard
    from storyboard import translate

    for language in settings.languages or [settings.language]:
        if language in (None, article.language) or settings.planner in translate.LLM_PLANNERS:
            continue
        # Missing, or short of a line this plan needs (the offline planner plans in well under a second).
        board = storyboard.plan(article, settings.planner, max_seconds=settings.max_seconds, seed=settings.seed,
                                settings=settings)
        translate.translate(board, language, article_path=path, settings=settings,
                            cache_dir=settings.dir("cache", "translations"))


@app.command()
def doctor() -> None:
    """Say what is available (ffmpeg, fonts, voices, GPU, models, database) and what to do about what is not."""
    from reelflow.doctor import run_checks

    raise typer.Exit(run_checks(err))


from reelflow.cli_voices import voices  # noqa: E402 - registered here, defined in its own module

app.command()(voices)

from reelflow.cli_provenance import provenance_app, verify  # noqa: E402 - provenance (issue 10)

app.add_typer(provenance_app, name="provenance")
app.command()(verify)

from reelflow.cli_models import models  # noqa: E402 - DiT models (issue 4)

app.command()(models)

from reelflow.cli_accounts import accounts_app, publish_command  # noqa: E402 - publishing (issue 7)

app.add_typer(accounts_app, name="accounts")
app.command("publish")(publish_command)

from reelflow.cli_inbox import inbox_app  # noqa: E402 - `reelflow inbox status` (issue 19)
from reelflow.cli_serve import deploy, serve  # noqa: E402 - `reelflow serve` (issue 6), `deploy` (issue 8)

app.add_typer(inbox_app, name="inbox")

app.command()(serve)
app.command()(deploy)

if __name__ == "__main__":
    app()
