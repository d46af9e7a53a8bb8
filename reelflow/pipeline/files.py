"""A draft's files: stored in shared media storage, fetched back where they are needed, delivered.

A draft is a video and its sidecars (subtitles, cover, JSON). On one machine they stay where the cut
wrote them; with shared storage (`storage_url`) they are also put there, so a draft made on one
worker is found and fetched by another.
"""

from __future__ import annotations

import json
from pathlib import Path

from reelflow.media import atomic_write_text, copy_atomic
from reelflow.models import Draft
from reelflow.storage import MediaStorage


def files(draft: Draft) -> dict[str, Path]:
    """A draft's video and sidecars, by suffix."""
    video = Path(draft.video_path)
    return {".mp4": video, ".srt": Path(draft.srt_path), ".ass": Path(draft.ass_path),
            ".jpg": Path(draft.thumbnail_path), ".json": video.with_suffix(".json")}


def stored(storage: MediaStorage, draft: Draft) -> dict[str, object]:
    """Put the draft and its sidecars in shared media storage; their references, for the draft's metadata."""
    if not storage.shared:
        return {}
    return {"stored": {suffix: storage.put(p) for suffix, p in files(draft).items() if p.is_file()}}


def reachable(storage: MediaStorage, draft: Draft) -> bool:
    """Whether a recorded draft can be had: here, or (made on another worker) in the media storage."""
    refs = draft.metadata.get("stored") or {}
    return Path(draft.video_path).is_file() or (".mp4" in refs and storage.exists(refs[".mp4"]))


def _at(video: Path, others: dict[str, Path] | None = None) -> dict[str, str]:
    others = others or {}
    return {"video_path": str(video),
            "srt_path": str(others.get(".srt", video.with_suffix(".srt"))),
            "ass_path": str(others.get(".ass", video.with_suffix(".ass"))),
            "thumbnail_path": str(others.get(".jpg", video.with_suffix(".jpg")))}


def localised(storage: MediaStorage, draft: Draft) -> Draft:
    """A recorded draft whose files are here: made on another worker, it is fetched from the storage."""
    refs = draft.metadata.get("stored") or {}
    if Path(draft.video_path).is_file() or ".mp4" not in refs:
        return draft
    local = {suffix: storage.fetch(ref) for suffix, ref in refs.items()}
    return draft.model_copy(update=_at(local[".mp4"], local))


def deliver(draft: Draft, out_path: Path) -> Draft:
    """Copy an existing draft (and its sidecars) to where this run was asked to put it."""
    src = Path(draft.video_path)
    if src.resolve() == out_path.resolve() or not src.is_file():
        return draft
    for suffix, old in files(draft).items():
        if old.is_file():
            copy_atomic(old, out_path.with_suffix(suffix))
    return draft.model_copy(update=_at(out_path))


def with_outcome(draft: Draft, outcome: str, **extra: object) -> Draft:
    """The draft as returned to the caller, saying what became of it (made, reused, published…)."""
    return draft.model_copy(update={"metadata": {**draft.metadata, "outcome": outcome, **extra}})


def list_all(drafts: list[Draft]) -> list[Draft]:
    """The cuts of one render, each with every cut's JSON written into its own (one cut: as it is)."""
    if len(drafts) < 2:
        return drafts
    listing = [str(Path(d.video_path).with_suffix(".json")) for d in drafts]
    return [list_cuts(d, listing) for d in drafts]


def list_cuts(draft: Draft, cuts: list[str]) -> Draft:
    """Write into the draft's JSON the JSON of every cut of its render, so that publishing it to an account
    can pick the cut that account takes (publishing/routing.py)."""
    sidecar = Path(draft.video_path).with_suffix(".json")
    if sidecar.is_file():
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        data.setdefault("metadata", {})["cuts"] = cuts
        atomic_write_text(sidecar, json.dumps(data, ensure_ascii=False, indent=2))
    return draft.model_copy(update={"metadata": {**draft.metadata, "cuts": cuts}})
