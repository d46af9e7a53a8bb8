"""What a run shows on its page in the Prefect dashboard: the storyboard, render progress, the review page.

The reviewer decides from these alone, so the review page carries everything: a link to a player page
(through the media server) with the shot list beside the video, a contact sheet of every shot, what
is said and shown, what changed since the last version, what the policy gate held and why, and the
metadata the post would go out with. Its first lines are what the Resume form's small box shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
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
from reelflow.media import CJK_FONT, atomic_path, run_ffmpeg
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
    return " · ".join(parts)


@dataclass(frozen=True)
class CutView:
    """One cut on a review page: its draft, storyboard and version, and the storyboard of the version
    before it (None for v1) to mark what changed. A page lists one today; it is a list so that a review
    of several cuts of one article (shapes, languages) can show each the same way."""

    draft: Draft
    board: Storyboard
    version: int
    previous: Storyboard | None = None


def changed_shots(before: Storyboard | None, after: Storyboard) -> set[int]:
    """The shots (0-based) of `after` that differ from `before`: words, prompt, source, take or visual."""
    if before is None:
        return set()
    old = {shot.index: shot for shot in before.shots}

    def look(shot: Any) -> tuple[Any, ...]:
        return (shot.narration, shot.visual_prompt, shot.source, shot.take,
                shot.visual.model_dump_json() if shot.visual is not None else None)

    return {shot.index for shot in after.shots if shot.index not in old or look(old[shot.index]) != look(shot)}


def _kind(shot: Any) -> str:
    return shot.visual.kind if shot.visual is not None else "scene"


def contact_sheet(cut: CutView, settings: Settings) -> Path | None:
    """One small image of every shot's still, numbered, with what it shows; changed shots outlined.

    One image rather than a still per table row, so the whole draft fits in the few lines the Resume
    form gives its description (about 190 px high). Kept under thumbs/ where the media server serves it."""
    from PIL import Image, ImageDraw, ImageFont

    thumbs = shot_thumbnails(cut.draft, settings)
    if not thumbs:
        return None
    changed = changed_shots(cut.previous, cut.board)
    font = ImageFont.truetype(str(CJK_FONT), 11)
    w, h = cut.draft.width, cut.draft.height
    box_w, box_h = (52, 92) if h > w else (124, 70) if w > h else (80, 80)  # each shape's tile fits its frames
    label, gap = 15, 4
    tiles = []
    for shot in cut.board.shots:
        tile = Image.new("RGB", (box_w, box_h + label), (24, 24, 27))
        if shot.index in thumbs:
            with Image.open(thumbs[shot.index]) as still:
                still = still.convert("RGB")
                still.thumbnail((box_w, box_h))
                tile.paste(still, ((box_w - still.width) // 2, (box_h - still.height) // 2))
        draw = ImageDraw.Draw(tile)
        mark = shot.index in changed
        draw.rectangle((0, box_h, box_w, box_h + label), fill=(245, 158, 11) if mark else (63, 63, 70))
        draw.text((3, box_h + 1), f"{shot.index + 1} {_kind(shot)}", font=font,
                  fill=(0, 0, 0) if mark else (250, 250, 250))
        if mark:
            draw.rectangle((0, 0, box_w - 1, box_h + label - 1), outline=(245, 158, 11), width=3)
        tiles.append(tile)
    per_row = max(1, (460 + gap) // (box_w + gap))
    rows = (len(tiles) + per_row - 1) // per_row
    sheet = Image.new("RGB", (min(len(tiles), per_row) * (box_w + gap) - gap, rows * (box_h + label + gap) - gap),
                      (9, 9, 11))
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % per_row) * (box_w + gap), (i // per_row) * (box_h + label + gap)))
    out = settings.dir("thumbs") / f"{Path(cut.draft.video_path).stem}-sheet.jpg"
    with atomic_path(out) as part:
        sheet.save(part, "JPEG", quality=85)
    storage_for(settings).put(out)
    return out


def player_page(cut: CutView, settings: Settings) -> Path | None:
    """A page that plays the draft with its shot list beside it, each shot a link that seeks to it
    (`#t=SECONDS` works too). The dashboard cannot embed a video; this is one click away from it."""
    video = link(settings, cut.draft.video_path)
    if not video:
        return None
    thumbs = shot_thumbnails(cut.draft, settings)
    times = cut.draft.metadata.get("shot_times") or []
    changed = changed_shots(cut.previous, cut.board)
    items = []
    for shot in cut.board.shots:
        start = float(times[shot.index][0]) if shot.index < len(times) else 0.0
        still = f'<img src="{escape(Path(thumbs[shot.index]).name)}" alt="">' if shot.index in thumbs else ""
        items.append(f'<li{" class=changed" if shot.index in changed else ""}><a href="#t={start:.2f}">{still}'
                     f'<b>{shot.index + 1}</b> <i>{escape(_kind(shot))}</i> <span>{start:.1f} s</span>'
                     f'{" · changed" if shot.index in changed else ""}<br>{escape(shot.narration)}</a></li>')
    html = PLAYER.format(title=escape(f"Draft v{cut.version}: {cut.board.title}"), video=escape(video),
                         shots="\n".join(items))
    out = settings.dir("thumbs") / f"{Path(cut.draft.video_path).stem}-player.html"
    with atomic_path(out) as part:
        part.write_text(html, encoding="utf-8")
    storage_for(settings).put(out)
    return out


PLAYER = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title><style>
body{{margin:0;font:14px system-ui,sans-serif;background:#18181b;color:#eee;display:flex;gap:16px;padding:16px}}
video{{max-height:92vh;max-width:60vw;background:#000}}
ol{{list-style:none;margin:0;padding:0;overflow:auto;max-height:92vh}}
li a{{display:flow-root;color:#eee;text-decoration:none;padding:6px;border-left:4px solid transparent}}
li a:hover{{background:#27272a}} li.changed a{{border-left-color:#f59e0b}} li.playing a{{background:#3f3f46}}
img{{height:64px;float:left;margin-right:8px}} span{{color:#a1a1aa}} i{{color:#fbbf24}}
</style></head><body><video id="v" src="{video}" controls playsinline></video>
<div><h3>{title}</h3><ol id="shots">{shots}</ol></div><script>
const v=document.getElementById('v');
function seek(){{const m=location.hash.match(/t=([0-9.]+)/);
if(m){{v.currentTime=parseFloat(m[1]);v.play().catch(()=>{{}});}}}}
window.addEventListener('hashchange',seek);v.addEventListener('loadedmetadata',seek,{{once:true}});
v.addEventListener('timeupdate',()=>{{const items=[...document.querySelectorAll('#shots li')];
const now=items.filter(li=>parseFloat(li.querySelector('a').hash.slice(3))<=v.currentTime+0.05).pop();
items.forEach(li=>li.classList.toggle('playing',li===now));}});
</script></body></html>
"""


def review_markdown(draft: Draft, board: Storyboard, holds: Sequence[Hold], settings: Settings, version: int,
                    previous: Storyboard | None = None, problem: str | None = None) -> str:
    """The review page, which is also the Resume form's description: what the form's small box shows
    first (a problem with the last answer, the title, the play link, the contact sheet) comes first."""
    cuts = [CutView(draft, board, version, previous)]
    lines = []
    if problem:
        lines += [f"> **⚠ Your last answer was not applied:** {_md(problem)}. Please answer again.", ""]
    for cut in cuts:
        lines += _cut_section(cut, settings)
    if holds:
        lines += ["", "#### Held by the policy gate", ""]
        lines += [f"- **shot {h.shot_index + 1}** ({_md(h.rule)}): {_md(h.reason)}"
                  + (f" — suggestion: {_md(h.suggestion)}" if h.suggestion else "") for h in holds]
    lines += ["", "#### The post", ""]
    lines += [f"- **{k}**: {_md(str(v))}" for k, v in publish_metadata(draft, board).items()]
    lines += ["", "Answer with **Resume** on this run: approve (you may change the post's title, text, tags and "
              "time), reject (say why in notes), or revise (a shot's number with its new narration, prompt, picture "
              "source — stock, still, dit, graphics, or another for a different picture — or visual: chart, stat, "
              "list, quote, title, scene)."]
    return "\n".join(lines)


def _cut_section(cut: CutView, settings: Settings) -> list[str]:
    """One cut: heading, play link, contact sheet, then each shot in a line (changes marked v1 → v2)."""
    draft, board = cut.draft, cut.board
    video, player = link(settings, draft.video_path), player_page(cut, settings)
    player_url = link(settings, player) if player else None
    sheet = contact_sheet(cut, settings)
    sheet_url = link(settings, sheet) if sheet else None
    changed = changed_shots(cut.previous, board)
    # One line, no heading, then the sheet: the Resume form gives its description ~165-185 px at 1400×1000.
    head = f"**v{cut.version}: {_md(_cell(board.title, 14))}**"
    if player_url and video:
        lines = [f"{head} · **[▶ Play the draft ({draft.duration:.1f} s) with its shot list]({player_url})** · "
                 f"[video file]({video})"]
    else:
        lines = [f"{head} · draft file: `{draft.video_path}`"]
    if sheet_url:
        lines += ["", f"![Contact sheet: {len(board.shots)} shots, numbered]({sheet_url})"]
    if cut.previous is not None:
        which = ", ".join(str(i + 1) for i in sorted(changed)) or "none"
        lines += ["", f"**Changed since v{cut.version - 1}: shot {which}** (outlined on the sheet)"]
    listed = {int(s["shot"]) - 1: s for s in draft.metadata.get("shot_list", []) or []}
    times = draft.metadata.get("shot_times") or []
    before = {s.index: s for s in cut.previous.shots} if cut.previous is not None else {}
    lines += ["", "#### Shots", ""]
    for shot in board.shots:
        start = float(times[shot.index][0]) if shot.index < len(times) else 0.0
        seek = f" · [▶ {start:.1f} s]({player_url}#t={start:.2f})" if player_url else ""
        head = f"- **{shot.index + 1}** · {_kind(shot)} · {_picture(listed.get(shot.index, {})) or '—'}{seek}"
        if shot.index in changed:
            old = before.get(shot.index)
            said = (f"v{cut.version - 1}: ~~{_md(old.narration)}~~ → v{cut.version}: **{_md(shot.narration)}**"
                    if old is not None and old.narration != shot.narration else _md(shot.narration))
            lines.append(f"{head} · **✎ changed** — {said}")
        else:
            lines.append(f"{head} — {_md(shot.narration)}")
    lines += ["", "#### Visual prompts", ""]
    lines += [f"- **{shot.index + 1}**: {_md(shot.visual_prompt)}" for shot in board.shots]
    return lines


def review_page(draft: Draft, board: Storyboard, holds: Sequence[Hold], settings: Settings, key: str,
                version: int, previous: Storyboard | None = None, problem: str | None = None,
                cuts: Sequence[Draft] = ()) -> str:
    """Publish the review page as a Markdown artifact; returns its Markdown (also the form's description).
    With several cuts of one render, the page lists them all: one answer covers every cut."""
    markdown = review_markdown(draft, board, holds, settings, version, previous, problem)
    if len(cuts) > 1:
        markdown += "\n\n" + cuts_markdown(cuts, board, settings, version, previous)
    create_markdown_artifact(markdown, key=key, description=f"Review draft v{version} of “{board.title}”")
    return markdown


def outcome_note(title: str, outcome: str, details: str) -> None:
    create_markdown_artifact(f"# {_md(title)}: {outcome}\n\n{details}", description=f"Outcome: {outcome}")


def cuts_markdown(cuts: Sequence[Draft], board: Storyboard, settings: Settings, version: int = 1,
                 previous: Storyboard | None = None) -> str:
    """Every cut of one render (shape × language), each playable and with its own contact sheet — its own
    framing, layout and subtitles, which is what a reviewer approves for each account: approve, reject or
    revise applies to all of them, and each account gets the cut it takes (its preset and language). Cuts in
    the storyboard's language mark the shots changed since `previous` as its first cut does."""
    lines = ["## Cuts of this render", "", "One answer covers every cut: a revision is made in each; on approval "
             "each account gets the cut it takes (its preset and language).", "",
             "| cut | language | size | length | play |", "|---|---|---|---|---|"]
    sections: list[str] = []
    for cut in cuts:
        url = link(settings, cut.video_path)
        play = f"[▶ {_md(Path(cut.video_path).name)}]({url})" if url else f"`{cut.video_path}`"
        language = str(cut.metadata.get("language", ""))
        lines.append(f"| {_md(cut.preset)} | {_md(language)} | "
                     f"{cut.width}×{cut.height} | {cut.duration:.1f} s | {play} |")
        same = language in ("", board.language)
        view = CutView(cut, board, version, previous) if same else CutView(cut, cut_board(cut, board), version)
        player, sheet = player_page(view, settings), contact_sheet(view, settings)
        head = f"**{_md(cut.preset)} · {_md(language)}** ({cut.width}×{cut.height})"
        if player and (player_url := link(settings, player)):
            head += f" · [▶ Play this cut with its shot list]({player_url})"
        sections += ["", head]
        if sheet and (sheet_url := link(settings, sheet)):
            sections += ["", f"![Contact sheet of the {_md(cut.preset)} {_md(language)} cut]({sheet_url})"]
    return "\n".join(lines + sections)


def cut_board(cut: Draft, board: Storyboard) -> Storyboard:
    """The storyboard as this cut says it: a cut in another language narrates each shot in its own words
    (kept in its shot list), so its player page lists those, not the source language's."""
    said = {int(s["shot"]) - 1: str(s.get("narration") or "") for s in cut.metadata.get("shot_list", []) or []}
    if not said:
        return board
    shots = [shot.model_copy(update={"narration": said.get(shot.index) or shot.narration}) for shot in board.shots]
    return board.model_copy(update={"shots": shots, "language": str(cut.metadata.get("language") or board.language)})
