"""What a run shows on its page in the Prefect dashboard: the storyboard, render progress, the review page.

The reviewer decides from these alone, so the review page carries everything: a link to the draft
that plays in the browser (through the media server), each shot's thumbnail, what is said, what is
shown, what the policy gate held and why, and the metadata the post would go out with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

from flows.media_server import link
from flows.policy_gate import Hold
from reelflow.media import atomic_path, run_ffmpeg
from reelflow.models import Credit, Draft, Storyboard
from reelflow.settings import Settings
from reelflow.storage import storage_for


def artifact_key(*parts: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")[:100]


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md(text: str) -> str:
    """Text safe inside Markdown table cells and lines."""
    return _cell(text, 400).replace("|", "\\|").replace("<", "&lt;")


def storyboard_table(board: Storyboard, holds: Sequence[Hold], key: str) -> None:
    held = {h.shot_index: h for h in holds}
    rows = [
        {
            "shot": shot.index + 1,
            "seconds": round(shot.seconds, 1),
            "narration": _cell(shot.narration),
            "visual prompt": _cell(shot.visual_prompt),
            "camera": shot.camera,
            "policy": f"HELD: {held[shot.index].reason}" if shot.index in held else "ok",
        }
        for shot in board.shots
    ]
    create_table_artifact(rows, key=key, description=f"Storyboard of “{board.title}”: {len(rows)} shots, "
                          f"{board.planner} planner, {len(held)} held by the policy gate.")


class RenderProgress:
    """A progress artifact that moves as shots finish rendering."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.done = max(1, total), 0
        self.id: UUID = create_progress_artifact(0.0, description=what)  # type: ignore[assignment]

    def advance(self) -> None:
        self.done += 1
        update_progress_artifact(self.id, progress=100.0 * self.done / self.total)


def shot_thumbnails(draft: Draft, settings: Settings) -> dict[int, Path]:
    """A small still from the middle of each shot of the draft (as the viewer will see it, subtitles and
    all), kept under thumbs/ where the media server serves it; made once per draft."""
    out: dict[int, Path] = {}
    folder = settings.dir("thumbs")
    stem = Path(draft.video_path).stem
    times = draft.metadata.get("shot_times") or []
    for index, (start, seconds) in enumerate(times):  # type: ignore[misc]
        thumb = folder / f"{stem}-shot{index + 1}.jpg"
        if not thumb.is_file():
            with atomic_path(thumb) as part:
                run_ffmpeg(["-ss", f"{float(start) + float(seconds) / 2:.2f}", "-i", draft.video_path,
                            "-frames:v", "1", "-vf", "scale=180:-2", "-q:v", "4", "-f", "image2", str(part)],
                           f"taking a thumbnail of shot {index + 1}")
            storage_for(settings).put(thumb)  # shared storage: the media server may run on another machine
        out[index] = thumb
    return out


def publish_metadata(draft: Draft, board: Storyboard) -> dict[str, Any]:
    """What the post would carry: title, caption, tags, the AI label, the clip's shape."""
    tags: list[str] = []
    for shot in board.shots:
        for word in shot.keywords:
            if word not in tags:
                tags.append(word)
    return {
        "title": board.title,
        "caption": _cell(" ".join(s.narration for s in board.shots[:2]), 200),
        "tags": ", ".join(tags[:8]),
        "language": board.language,
        "duration": f"{draft.duration:.1f} s",
        "size": f"{draft.width}×{draft.height} ({draft.preset})",
        "AI label": str(draft.metadata.get("ai_label", "")),
        "voices": ", ".join(str(v) for v in draft.metadata.get("voices", []) or []),
        "picture credits": "; ".join(draft.metadata.get("picture_credits", []) or []) or "none",
    }


def _picture(entry: dict[str, Any]) -> str:
    """Where a shot's picture came from: the source, whose work it is, and why better sources were passed over."""
    parts = [f"**{_md(str(entry.get('renderer', '')))}**"] if entry.get("renderer") else []
    credit = entry.get("credit")
    if credit:
        who = Credit.model_validate(credit)
        parts.append(f"[{_md(who.line())}]({who.page_url})")
    parts += [f"⤷ {_md(str(f))}" for f in entry.get("fallbacks") or []]
    return "<br>".join(parts)


def review_markdown(draft: Draft, board: Storyboard, holds: Sequence[Hold], settings: Settings, version: int) -> str:
    thumbs = shot_thumbnails(draft, settings)
    video = link(settings, draft.video_path)
    cover = link(settings, draft.thumbnail_path)
    lines = [f"# Draft v{version}: {_md(board.title)}", ""]
    if video:
        lines.append(f"**[▶ Play the draft ({draft.duration:.1f} s)]({video})** · file `{draft.video_path}`")
    else:
        lines.append(f"Draft file: `{draft.video_path}`")
    if cover:
        lines += ["", f"![cover]({cover})"]
    if holds:
        lines += ["", "## Held by the policy gate", ""]
        lines += [f"- **shot {h.shot_index + 1}** ({_md(h.rule)}): {_md(h.reason)}"
                  + (f" — suggestion: {_md(h.suggestion)}" if h.suggestion else "") for h in holds]
    listed = {int(s["shot"]) - 1: s for s in draft.metadata.get("shot_list", []) or []}
    lines += ["", "## Shots", "", "| # | still | picture | narration | visual prompt |", "|---|---|---|---|---|"]
    for shot in board.shots:
        url = link(settings, thumbs[shot.index]) if shot.index in thumbs else None
        still = f"![shot {shot.index + 1}]({url})" if url else ""
        lines.append(f"| {shot.index + 1} | {still} | {_picture(listed.get(shot.index, {}))} | "
                     f"{_md(shot.narration)} | {_md(shot.visual_prompt)} |")
    lines += ["", "## Narration", ""]
    lines += [f"{shot.index + 1}. {_md(shot.narration)}" for shot in board.shots]
    lines += ["", "## Publishing metadata", "", "| field | value |", "|---|---|"]
    lines += [f"| {k} | {_md(str(v))} |" for k, v in publish_metadata(draft, board).items()]
    lines += ["", "Answer with **Resume** on this run: approve, reject (say why in notes), or revise "
              "(shot numbers with their new narration, prompt, picture source — stock, still, dit, graphics, "
              "or another for a different picture — or visual: chart, stat, list, quote, title, scene)."]
    return "\n".join(lines)


def review_page(draft: Draft, board: Storyboard, holds: Sequence[Hold], settings: Settings, key: str,
                version: int, cuts: Sequence[Draft] = ()) -> str:
    """Publish the review page as a Markdown artifact; returns its Markdown (also the form's description).
    With several cuts of one render, the page lists them all: one answer covers every cut."""
    markdown = review_markdown(draft, board, holds, settings, version)
    if len(cuts) > 1:
        markdown += "\n\n" + cuts_markdown(cuts, settings)
    create_markdown_artifact(markdown, key=key, description=f"Review draft v{version} of “{board.title}”")
    return markdown


def outcome_note(title: str, outcome: str, details: str) -> None:
    create_markdown_artifact(f"# {_md(title)}: {outcome}\n\n{details}", description=f"Outcome: {outcome}")


def cuts_markdown(cuts: Sequence[Draft], settings: Settings) -> str:
    """Every cut of one render (shape × language), each playable: approve, reject or revise applies to all of
    them, and each account gets the cut it takes (its preset and language)."""
    lines = ["## Cuts of this render", "", "One answer covers every cut: a revision is made in each; on approval "
             "each account gets the cut it takes (its preset and language).", "",
             "| cut | language | size | length | play |", "|---|---|---|---|---|"]
    for cut in cuts:
        url = link(settings, cut.video_path)
        play = f"[▶ {_md(Path(cut.video_path).name)}]({url})" if url else f"`{cut.video_path}`"
        lines.append(f"| {_md(cut.preset)} | {_md(str(cut.metadata.get('language', '')))} | "
                     f"{cut.width}×{cut.height} | {cut.duration:.1f} s | {play} |")
    return "\n".join(lines)
