"""Which stock item a shot gets, by rules a reader can follow (pure functions, no I/O).

An item is never one already used in this clip. Among the rest, in this order of importance:
  1. its shape matches the frame's (portrait for a portrait frame), so the crop keeps most of it;
  2. a video is at least as long as the shot (a shorter one needs a second clip after it; never a loop);
  3. it is sharp enough: its best file is at least the frame's short side;
  4. it matches the words: how many query terms its tags, alt text or page slug contain;
and last, the provider's own order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from generator.video.stock.candidate import Candidate, orientation_of

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")


def terms(words: Iterable[str]) -> list[str]:
    """The query's terms, lower-case, without repeats ("Night market", "夜市" → ["night", "market", "夜市"])."""
    out: list[str] = []
    for word in words:
        for t in _WORD.findall(word.lower()):
            if t not in out:
                out.append(t)
    return out


def overlap(candidate: Candidate, query_terms: Sequence[str]) -> int:
    """How many query terms the item's own words contain (a Chinese term also counts inside a longer tag)."""
    text = candidate.text.lower()
    words = set(_WORD.findall(text))
    return sum(1 for t in query_terms if t in words or (not t.isascii() and t in text))


def shape_fits(candidate: Candidate, width: int, height: int) -> bool:
    frame = orientation_of(width, height)
    return frame == "square" or orientation_of(candidate.width, candidate.height) == frame


def long_enough(candidate: Candidate, seconds: float) -> bool:
    return candidate.kind == "photo" or candidate.duration >= seconds


def sharp_enough(candidate: Candidate, width: int, height: int) -> bool:
    short = min(width, height)
    return any(min(r.width, r.height) >= short for r in candidate.renditions)


def score(candidate: Candidate, query_terms: Sequence[str], width: int, height: int, seconds: float
          ) -> tuple[bool, bool, bool, int, int]:
    """The sort key, best first when sorted in reverse: the rules of the module docstring in order."""
    return (shape_fits(candidate, width, height), long_enough(candidate, seconds),
            sharp_enough(candidate, width, height), overlap(candidate, query_terms), -candidate.rank)


def rank(candidates: Iterable[Candidate], query_terms: Sequence[str], width: int, height: int, seconds: float,
         avoid: Iterable[tuple[str, str]] = ()) -> list[Candidate]:
    """Usable candidates, best first; items in `avoid` ((provider, id)) and repeats are left out."""
    skip = set(avoid)
    unique: dict[tuple[str, str], Candidate] = {}
    for c in candidates:
        if c.key not in skip and c.key not in unique:
            unique[c.key] = c
    return sorted(unique.values(), key=lambda c: score(c, query_terms, width, height, seconds), reverse=True)


def why(candidate: Candidate, query_terms: Sequence[str], width: int, height: int, seconds: float) -> str:
    """The choice in words, for the log: what the item has and what it lacks."""
    shape, length, sharp, words, _ = score(candidate, query_terms, width, height, seconds)
    parts = [f"matches {words} of {len(query_terms)} search terms",
             "fits the frame's shape" if shape else "a different shape (cropped)",
             "sharp enough" if sharp else "softer than the frame"]
    if candidate.kind == "video":
        parts.append(f"{candidate.duration:g} s" + ("" if length else " (a second clip follows)"))
    return ", ".join(parts)


def covers(first: Candidate, others: Sequence[Candidate], seconds: float, max_clips: int = 4) -> list[Candidate]:
    """After `first`, the next-best videos needed to fill `seconds` end to end (never `first` again)."""
    chosen: list[Candidate] = []
    total = first.duration
    for c in others:
        if total >= seconds or len(chosen) + 1 >= max_clips:
            break
        if c.kind == "video" and c.key != first.key and c.duration > 0:
            chosen.append(c)
            total += c.duration
    return chosen
