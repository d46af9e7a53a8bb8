"""Take a draft out of whatever shape a model answers in, and say precisely what is wrong when it can't.

Real models answer with clean JSON, JSON in a Markdown code fence, JSON after (or before) a sentence of
prose, or a reasoning block first. Every JSON object in the answer is a candidate; the first that
validates wins, preferring the whole answer, then fenced blocks, then bare objects from the last.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from pydantic import ValidationError

from reelflow.errors import ReelflowError
from storyboard.llm.schema import PlanDraft

_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON|json5)?[ \t]*\n?(.*?)```", re.S)
MAX_CANDIDATES = 200


class DraftError(ReelflowError):
    """The answer holds no usable draft; the message is what a repair request tells the model."""


def json_candidates(text: str) -> list[Any]:
    """JSON values found in `text`, most likely answer first (duplicates removed)."""
    text = _THINK.sub("", text).strip()
    found: list[Any] = []

    def add(value: Any) -> None:
        if value not in found:
            found.append(value)

    with contextlib.suppress(ValueError):
        add(json.loads(text))
    for block in reversed(_FENCE.findall(text)):
        try:
            add(json.loads(block))
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    bare: list[Any] = []
    i = text.find("{")
    while i >= 0 and len(bare) < MAX_CANDIDATES:
        try:
            value, end = decoder.raw_decode(text, i)
        except ValueError:
            i = text.find("{", i + 1)
            continue
        bare.append(value)
        i = text.find("{", end)  # objects nested in this one are not answers of their own
    for value in reversed(bare):
        add(value)
    return found


def describe(exc: ValidationError, limit: int = 6) -> str:
    """A validation error in a few short lines a model (or a person) can act on."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "the answer"
        parts.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def parse_draft(text: str) -> PlanDraft:
    """The draft in a model's answer, or DraftError saying why there is none."""
    if not text or not text.strip():
        raise DraftError("the answer was empty")
    candidates = json_candidates(text)
    # An object, or a bare list of shots (some models drop the wrapper).
    objects = [c for c in candidates if isinstance(c, dict) or (isinstance(c, list) and c
                                                                 and all(isinstance(x, dict) for x in c))]
    if not objects:
        what = "no JSON object" if not candidates else "JSON, but not an object"
        raise DraftError(f"the answer has {what}; expected one JSON object with 'style' and 'shots'")
    first_error: ValidationError | None = None
    for obj in objects:
        try:
            return PlanDraft.model_validate(obj)
        except ValidationError as exc:
            if first_error is None or ("shots" in obj and "shots" not in objects[0]):  # the likeliest answer
                first_error = exc
    assert first_error is not None
    raise DraftError(f"the JSON does not match the schema: {describe(first_error)}")
