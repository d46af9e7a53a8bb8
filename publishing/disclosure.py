"""No clip leaves without its AI-content labels.

`editing.provenance.read_labels` reads a clip's marks back from the files themselves (the visible
label the cut recorded, the GB 45438-2025 implicit AIGC record, the C2PA manifest and whether its
signature and hard binding validate) and lists what is missing or broken. A clip with any problem
is refused before a byte is sent or a ledger row written, and each platform's AI-content flag is
set from that same record. There is no weaker fallback: if the labels cannot be checked (the C2PA
library missing, an unreadable file), the clip does not go out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelflow.errors import BadInput


@dataclass(frozen=True)
class Disclosure:
    """What the clip says about itself; publishers set each platform's AI flag from it."""

    ai_generated: bool
    implicit: dict[str, Any] = field(default_factory=dict)
    c2pa: str | None = None
    problems: tuple[str, ...] = ()


def read_disclosure(path: str | Path) -> Disclosure:
    path = Path(path)
    try:
        from editing.provenance import read_labels

        record = read_labels(path)
    except BadInput:
        raise
    except Exception as exc:  # fail closed: a clip whose labels cannot be checked does not go out
        raise BadInput(path, f"cannot check its AI-content labels ({type(exc).__name__}: {exc}); "
                             "publishing refused") from None
    return Disclosure(
        ai_generated=record.ai_generated,
        implicit=dict(record.aigc or {}),
        c2pa=record.c2pa,
        problems=tuple(record.problems),
    )


def require_disclosure(path: str | Path) -> Disclosure:
    """The clip's labels, or a refusal naming the file and what is missing."""
    found = read_disclosure(path)
    if found.problems or not found.ai_generated:
        problems = "; ".join(found.problems) or "it is not marked as AI-generated"
        raise BadInput(path, f"not fit to publish: {problems}; publishing refused (clips made by `reelflow make` "
                             "carry every label)")
    return found
