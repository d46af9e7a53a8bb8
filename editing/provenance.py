"""AI-content labels every clip carries: the visible one and the GB 45438-2025 implicit metadata label.

The visible label is drawn by the cut (as an ASS layer); the implicit label is a JSON record
under the key `AIGC` in the MP4's own metadata (`mdta` keys), which ffprobe and exiftool read back.
C2PA signing is added on top of this in its own step.
"""

from __future__ import annotations

import json

PRODUCER = "reelflow"

VISIBLE_LABELS = {"zh": "AI生成", "en": "AI-generated"}


def visible_label(language: str) -> str:
    return VISIBLE_LABELS.get(language, VISIBLE_LABELS["en"])


def implicit_label(content_id: str, producer: str = PRODUCER) -> dict[str, str]:
    """The standard's metadata record. Propagator fields are left empty for platforms to fill in."""
    return {
        "Label": "1",  # 1 = AI-generated (2 = possibly, 3 = suspected)
        "ContentProducer": producer,
        "ProduceID": content_id,
        "ReservedCode1": "",
        "ContentPropagator": "",
        "PropagateID": "",
        "ReservedCode2": "",
    }


def implicit_label_json(content_id: str, producer: str = PRODUCER) -> str:
    return json.dumps(implicit_label(content_id, producer), ensure_ascii=False, separators=(",", ":"))
