"""The CLI's one rule for errors: one red line on stderr, exit 2 for bad input, 1 for our failure."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from rich.console import Console

from reelflow.errors import BadInput, ReelflowError

ERR = Console(stderr=True, soft_wrap=True)


@contextlib.contextmanager
def exit_codes(console: Console = ERR) -> Iterator[None]:
    """Turn reelflow's errors into the CLI's exit codes; anything else is a bug and keeps its traceback."""
    try:
        yield
    except BadInput as exc:
        console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except ReelflowError as exc:
        console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
