"""`reelflow models`: the video (dit) and image (still) models configured and found here, and what each can do.

Found means: folders under <data_dir>/models/ and Hugging Face cache entries whose model_index.json
names a supported video or text-to-image pipeline. Nothing is downloaded and no weights are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from reelflow.errors import BadInput, ReelflowError


@dataclass
class Row:
    where: str
    source: str
    pipeline: str = ""
    family: str = ""
    params: str = ""
    size: str = ""
    timing: str = ""
    steps: str = ""
    status: str = ""


def cached_model_ids(hub: Path, supported: object = None) -> list[str]:
    """Model ids in a Hugging Face hub cache whose current snapshot names one of `supported` (default: video)."""
    from generator.video.dit.families import SUPPORTED_PIPELINES

    supported = SUPPORTED_PIPELINES if supported is None else supported
    found = []
    for repo in sorted(hub.glob("models--*")):
        ref = repo / "refs" / "main"
        snapshots = [repo / "snapshots" / ref.read_text(encoding="utf-8").strip()] if ref.is_file() else \
            sorted((repo / "snapshots").glob("*"))
        for snap in snapshots:
            index = snap / "model_index.json"
            try:
                name = json.loads(index.read_text(encoding="utf-8")).get("_class_name")
            except (OSError, ValueError):
                continue
            if name in supported:  # type: ignore[operator]
                found.append(repo.name.removeprefix("models--").replace("--", "/"))
                break
    return found


def _describe(where: str, source: str, inspect: Callable[[str], Any], fill: Callable[[Row, Any], None],
              check: Callable[[Any], None], override: str) -> Row:
    """One model's row: what it is (`inspect`, then `fill` for what differs by kind) and whether it can
    run here (`check`; `override` names the setting that runs it without a GPU anyway)."""
    row = Row(where, source)
    try:
        info = inspect(source)
    except ReelflowError as exc:
        row.status = f"[red]{getattr(exc, 'problem', str(exc))}[/]"
        return row
    row.pipeline = info.class_name
    row.family = info.family.label + (" (distilled)" if info.distilled else "")
    row.params = f"{info.params / 1e9:.1f} B" if info.params >= 1e8 else f"{info.params / 1e6:.2g} M (tiny)"
    fill(row, info)
    try:
        check(info)
        row.status = "[green]ok[/]"
    except BadInput:
        row.status = f"[yellow]needs a GPU (or {override})[/]"
    return row


def describe(where: str, source: str, opts: object) -> Row:
    from generator.video.dit.loader import DitOptions, check_can_run, inspect_model

    assert isinstance(opts, DitOptions)

    def fill(row: Row, info: Any) -> None:
        fam = info.family
        (w, h), (pw, ph) = info.size(False, opts), info.size(True, opts)
        row.size = f"{w}×{h}" + (f", {pw}×{ph}" if (pw, ph) != (w, h) else "")
        frames = f"{fam.fixed_frames}" if fam.fixed_frames else f"{fam.frame_step}k+1 ≤ {fam.max_frames}"
        row.timing = f"{fam.fps} fps, {frames} frames"
        row.steps = f"{info.steps(opts)} steps, CFG {info.guidance(opts):g}"

    return _describe(where, source, inspect_model, fill, lambda info: check_can_run(info, opts), "--allow-cpu")


def describe_image(where: str, source: str, opts: object) -> Row:
    from generator.video.still.renderer import StillOptions, check_can_run, inspect_image_model

    assert isinstance(opts, StillOptions)

    def fill(row: Row, info: Any) -> None:
        (pw, ph), (lw, lh) = info.size(1080, 1920), info.size(1920, 1080)
        row.size = f"{pw}×{ph} for 9:16, {lw}×{lh} for 16:9"
        row.timing = "one image per shot, moved by a camera" if opts.animate == "camera" else "image, then i2v"
        row.steps = f"{info.steps(opts)} steps, guidance {info.guidance(opts):g}"

    return _describe(where, source, inspect_image_model, fill, lambda info: check_can_run(info, opts),
                     "still.allow_cpu")


def _print(out: Console, rows: list[Row], what: str) -> None:
    for r in rows:
        out.print(f"\n[bold]{r.source}[/]  ({r.where})", highlight=False)
        if r.pipeline:
            out.print(f"  {r.pipeline} · {r.family} · {what} {r.params}", highlight=False)
            out.print(f"  {r.size} · {r.timing} · {r.steps} · {r.status}", highlight=False)
        else:
            out.print(f"  {r.status}", highlight=False)


def _class_name(folder: Path) -> str | None:
    try:
        return json.loads((folder / "model_index.json").read_text(encoding="utf-8")).get("_class_name")
    except (OSError, ValueError):
        return None


def image_rows(settings: object, hub: Path) -> list[Row]:
    """The still source's text-to-image models: the configured one, local folders, the HF cache."""
    from generator.video.still.families import SUPPORTED_PIPELINES as IMAGE_PIPELINES
    from generator.video.still.renderer import StillOptions

    opts = StillOptions.from_dict(settings.still.model_dump())  # type: ignore[attr-defined]
    rows = [describe_image("still.model", opts.model, opts)] if opts.model else []
    local = settings.data_dir / "models"  # type: ignore[attr-defined]
    if local.is_dir():
        for folder in sorted(p for p in local.iterdir() if (p / "model_index.json").is_file()):
            if _class_name(folder) in IMAGE_PIPELINES and str(folder) != opts.model:
                rows.append(describe_image("local", str(folder), opts))
    for model_id in cached_model_ids(hub, IMAGE_PIPELINES):
        if model_id != opts.model:
            rows.append(describe_image("HF cache", model_id, opts))
    return rows


def models() -> None:
    """List the DiT video models configured and found (local folders, Hugging Face cache), and what each can do."""
    import importlib.util

    from reelflow.settings import load_settings

    out = Console()
    if not (importlib.util.find_spec("diffusers") and importlib.util.find_spec("torch")):
        Console(stderr=True).print("[red]error:[/] the dit renderer needs diffusers and torch: "
                                   "pip install -e '.[dit]' (and a CUDA build of torch for a GPU)")
        raise SystemExit(1)
    from generator.video.dit.loader import DitOptions, device, hf_cache_dir
    from generator.video.still.families import SUPPORTED_PIPELINES as IMAGE_PIPELINES

    settings = load_settings()
    opts = DitOptions.from_settings(settings)
    rows: list[Row] = []
    if opts.model:
        rows.append(describe("dit.model", opts.model, opts))
    if opts.i2v_model:
        rows.append(describe("dit.i2v_model", opts.i2v_model, opts))
    configured = {opts.model, opts.i2v_model}
    local = settings.data_dir / "models"
    if local.is_dir():
        for folder in sorted(p for p in local.iterdir() if (p / "model_index.json").is_file()):
            if str(folder) not in configured and _class_name(folder) not in IMAGE_PIPELINES:
                rows.append(describe("local", str(folder), opts))
    hub = hf_cache_dir()
    for model_id in cached_model_ids(hub):
        if model_id not in configured:
            rows.append(describe("HF cache", model_id, opts))
    out.print(f"DiT video models (this machine: {device()})", highlight=False)
    _print(out, rows, "transformer")
    if not rows:
        out.print("No DiT models configured or found.")
    images = image_rows(settings, hub)
    out.print("\nText-to-image models (the still source)", highlight=False)
    _print(out, images, "denoiser")
    if not images:
        out.print("No text-to-image models configured or found.")
    out.print(f"\nLooked in: settings (dit.model, dit.i2v_model, still.model), {local}, {hub}. Use one with "
              "`reelflow make ARTICLE --renderer dit --model DIR_OR_ID`, or set \\[still] model for the still "
              "source (auto uses it for scene shots).", highlight=False)
