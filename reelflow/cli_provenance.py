"""`reelflow provenance init` and `reelflow verify CLIP`: signing credentials and checking a clip's labels.

`verify` exit codes: 0 the clip carries the visible label record, a well-formed AIGC label and a C2PA
manifest whose signature validates (trusted or not, unless --require-trusted); 1 something is
missing or does not validate; 2 the file cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from reelflow.cli_errors import exit_codes

provenance_app = typer.Typer(no_args_is_help=True, help="C2PA signing credentials.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

STATE_TEXT = {
    "trusted": "[green]valid, trusted[/] (the signer chains to a trust anchor)",
    "untrusted": "[yellow]valid, untrusted[/] (intact and signed, but the signer's CA is not a trust anchor here)",
    "invalid": "[red]INVALID[/] (the file or its manifest was changed after signing, or the signature is bad)",
    "missing": "[red]MISSING[/] (no C2PA manifest)",
}


@provenance_app.command("init")
def init(
    force: Annotated[bool, typer.Option(help="Make a new CA and signer even if one exists.")] = False,
) -> None:
    """Make a development CA and C2PA signing certificate in the data folder."""
    from editing.c2pa_certs import DEV_WARNING, make_dev_certificate
    from reelflow.settings import load_settings

    with exit_codes(err):
        settings = load_settings()
        files, made = make_dev_certificate(settings.data_dir / "provenance", force=force, org=settings.producer)
    err.print(("Made" if made else "Kept the existing") + " development signing certificate:")
    err.print(f"  chain (leaf first)  {files.chain}")
    err.print(f"  private key (0600)  {files.key}")
    err.print(f"  CA (trust anchor)   {files.ca}")
    err.print(f"[yellow]Warning:[/] {DEV_WARNING}")
    err.print(f"To see clips as trusted on this machine: reelflow verify CLIP --trust-anchor {files.ca}")
    if settings.c2pa_cert:
        err.print(f"Note: the c2pa_cert setting ({settings.c2pa_cert}) is set, so clips are signed with it, not this.")
    sys.stdout.write(f"{files.folder}\n")


def verify(
    clip: Annotated[Path, typer.Argument(help="A finished clip (.mp4).")],
    trust_anchor: Annotated[Path | None, typer.Option(
        help="PEM file of CA certificates to trust (default: the c2pa_trust_anchor setting).")] = None,
    require_trusted: Annotated[bool, typer.Option(help="Fail unless the signer chains to a trust anchor.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full record as JSON.")] = False,
) -> None:
    """Check a clip's AI-content labels: visible label, AIGC metadata, C2PA signature."""
    from editing.c2pa_sign import summarise
    from editing.provenance import read_labels
    from reelflow.settings import load_settings

    with exit_codes(err):
        anchor = trust_anchor or load_settings().c2pa_trust_anchor
        record = read_labels(clip, anchor, require_trusted=require_trusted)
    if as_json:
        payload = record.model_dump(mode="json")
        payload.update(ok=record.ok, ai_generated=record.ai_generated)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0 if record.ok else 1)

    out.print(f"[bold]{clip}[/]")
    out.print(f"Visible label:   {record.visible_label or '[red]none recorded[/]'}")
    if record.aigc is None:
        out.print("AIGC label:      [red]none[/]")
    else:
        out.print(f"AIGC label:      {json.dumps(record.aigc, ensure_ascii=False)}", markup=False)
    out.print(f"C2PA signature:  {STATE_TEXT[record.c2pa]}")
    if record.c2pa_failures or record.c2pa_error:
        out.print(f"  failures: {', '.join(record.c2pa_failures) or record.c2pa_error}", markup=False)
    if record.manifest:
        summary = summarise(record.manifest)
        out.print("C2PA manifest:", markup=False)
        out.print(f"  title: {summary['title']}", markup=False)
        out.print(f"  claim generator: {summary['claim_generator']}", markup=False)
        out.print(f"  signed by: {summary['signed_by']}", markup=False)
        for a in summary["actions"]:
            out.print(f"  action {a['action']}: {a['digitalSourceType']} by {a['softwareAgent']} "
                      f"- {a['description']}", markup=False)
        for i in summary["ingredients"]:
            out.print(f"  ingredient ({i['relationship']}): {i['title']}, sha256 {i['sha256']}", markup=False)
        gen = summary["generation"]
        if gen:
            out.print(f"  models: planner {gen.get('planner')}, renderer {', '.join(gen.get('renderers', []))}, "
                      f"voice {', '.join(gen.get('voices', []))}", markup=False)
    if record.ok:
        out.print("[green]OK[/]: the clip is labelled as AI-generated and its credentials are intact.")
        return
    for problem in record.problems:
        err.print(f"[red]problem:[/] {problem}")
    raise typer.Exit(1)
