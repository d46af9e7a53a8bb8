"""`reelflow inbox status`: what became of each file dropped in the inbox, one line each (or JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from reelflow.cli_errors import exit_codes

inbox_app = typer.Typer(no_args_is_help=True, help="The watched folder `reelflow serve` drafts from.")


def entries(root: Path) -> list[dict[str, str]]:
    """Every file the inbox took: waiting to be taken, being made, done (with what it became), or failed
    (with why), newest last."""
    rows: list[tuple[float, dict[str, str]]] = []

    def add(path: Path, outcome: str, detail: str) -> None:
        rows.append((path.stat().st_mtime, {"file": path.name, "outcome": outcome, "detail": detail}))

    def note(path: Path, suffix: str) -> str:
        side = path.with_name(path.name + suffix)
        return side.read_text(encoding="utf-8").strip() if side.is_file() else ""

    for folder, outcome, suffix in (("done", "done", ".outcome.txt"), ("failed", "failed", ".reason.txt"),
                                    ("processing", "in progress", "")):
        for path in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            if path.is_file() and not path.name.endswith((".outcome.txt", ".reason.txt")):
                add(path, outcome, note(path, suffix) if suffix else "")
    from flows.inbox import ignored

    for path in sorted(root.glob("*")) if root.is_dir() else []:
        if path.is_file() and not ignored(path.name):
            add(path, "waiting", "not taken yet (still being written, or the watcher is not running)")
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


@inbox_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file, as a list.")] = False
           ) -> None:
    """List each inbox file with its outcome: the draft and review link, or why it failed."""
    with exit_codes():
        from flows.serve import inbox_dir
        from reelflow.settings import load_settings

        root = inbox_dir(load_settings())
        rows = entries(root)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"inbox {root}")
    for col in ("file", "outcome", "detail"):
        table.add_column(col, overflow="fold")
    for row in rows:
        colour = {"done": "green", "failed": "red"}.get(row["outcome"], "yellow")
        table.add_row(row["file"], f"[{colour}]{row['outcome']}[/]", row["detail"])
    Console().print(table)
