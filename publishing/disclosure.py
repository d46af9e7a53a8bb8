"""No clip leaves without its AI-content labels.

`editing.provenance.read_labels` reads a clip's marks back (the visible label the cut
recorded, the GB 45438-2025 implicit AIGC record, the C2PA manifest's validation state)
and lists what is missing or broken; a clip with any problem is refused before a byte is
sent, and each platform's AI-content flag is set from the same record. Should that module
not be importable, the implicit label is read here with PyAV: a JSON record under the MP4
metadata key `AIGC` whose `Label` is 1 (AI-generated), 2 or 3 (possibly/suspected).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelflow.errors import BadInput

AI_GENERATED = {"1", "2", "3"}


@dataclass(frozen=True)
class Disclosure:
    """What the clip says about itself; publishers set each platform's AI flag from it."""

    ai_generated: bool
    implicit: dict[str, Any] = field(default_factory=dict)
    c2pa: str | None = None
    problems: tuple[str, ...] = ()
    source: str = "metadata"


def _from_metadata(path: Path) -> Disclosure:
    import av

    try:
        with av.open(str(path)) as container:
            tags = {k.lower(): v for k, v in container.metadata.items()}
    except (av.error.FFmpegError, OSError) as exc:
        raise BadInput(path, f"cannot read the clip's metadata ({exc})") from None
    raw = tags.get("aigc")
    if not raw:
        return Disclosure(False, problems=("no AIGC implicit label in the file's metadata",))
    try:
        implicit = json.loads(raw)
    except json.JSONDecodeError:
        implicit = None
    if not isinstance(implicit, dict):
        return Disclosure(False, problems=("the AIGC metadata is not a JSON object",))
    ok = str(implicit.get("Label")) in AI_GENERATED
    return Disclosure(ok, implicit, problems=() if ok else (f"the AIGC Label is {implicit.get('Label')!r}",))


def read_disclosure(path: str | Path) -> Disclosure:
    path = Path(path)
    try:
        from editing.provenance import read_labels
    except ImportError:
        return _from_metadata(path)
    try:
        record = read_labels(path)
    except BadInput:
        raise
    except Exception as exc:  # fail closed: a clip whose labels cannot be checked does not go out
        raise BadInput(path, f"cannot check its AI-content labels ({type(exc).__name__}: {exc})") from None
    return Disclosure(
        ai_generated=bool(record.ai_generated),
        implicit=dict(record.aigc or {}),
        c2pa=str(record.c2pa),
        problems=tuple(record.problems),
        source="read_labels",
    )


def require_disclosure(path: str | Path) -> Disclosure:
    """The clip's labels, or a refusal naming the file and what is missing."""
    found = read_disclosure(path)
    if found.problems or not found.ai_generated:
        problems = "; ".join(found.problems) or "it is not marked as AI-generated"
        raise BadInput(path, f"not fit to publish: {problems}; publishing refused (clips made by `reelflow make` "
                             "carry every label)")
    return found
