"""`reelflow voices`: the narration voices to choose from, and where the list came from."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


def voices(
    language: Annotated[str | None, typer.Option("--language", "-l", help="Only this language, e.g. zh or en.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the online voice service.")] = 4.0,
) -> None:
    """List narration voices: the edge-tts service's list when online, a built-in list when not."""
    from generator.speech.voices import list_voices

    out, err = Console(), Console(stderr=True, soft_wrap=True)
    found = list_voices(language, timeout=timeout)
    if found.source == "online":
        err.print(f"{len(found.voices)} voices from the Microsoft Edge voice service (online).", highlight=False)
    else:
        err.print(f"The voice service could not be reached ({found.reason}); showing the built-in list "
                  f"of {len(found.voices)} voices.", highlight=False)
    table = Table("voice", "locale", "gender", "traits", box=None, pad_edge=False)
    for v in found.voices:
        table.add_row(v.name, v.locale, v.gender, ", ".join(v.traits))
    out.print(table)
    if found.offline:
        err.print(f"Offline fallback (espeak-ng): {', '.join(found.offline)}", highlight=False)
    err.print("Choose one with --voice NAME, REELFLOW_VOICE or `voice = \"NAME\"` in reelflow.toml.", highlight=False)
    if not found.voices:
        raise typer.Exit(1)
