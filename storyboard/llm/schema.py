"""What the model is asked to return (a draft), and the JSON schema that describes it.

The draft is smaller than a Storyboard on purpose: everything the code can work out itself (title,
language, durations, negative prompt, the planner's name) is not asked for, so a model can neither
get it wrong nor be talked into changing it by the article.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from reelflow.models import JUDGED_CONTENTS, JUDGED_FRAMES, ShotJudgment, Visual

NarrationMode = Literal["rewrite", "extract"]
CAMERA_MOVES = ("slow push in", "slow pan left", "slow pan right", "slow pull out", "static")

# Lengths a sensible answer stays within; they also bound constrained decoding, which must end.
LIMITS = {
    "look": 80, "era": 30, "palette": 4, "colour": 16, "entities": 2, "name": 24, "description": 100,
    "visual_prompt": 220, "key_phrase": 24, "keywords": 4, "keyword": 16, "sentences": 3, "people": 4, "person": 40,
}


# Names real models use for the same fields when they answer without a schema (json_object or plain
# mode): accepted, so a usable answer is not sent back for its spelling.
ALIASES = {
    "shots": ("scenes", "shot_list", "storyboard", "segments"),
    "style": ("style_sheet", "stylesheet"),
    "narration": ("voiceover", "voice_over", "text", "script", "narration_text"),
    "visual_prompt": ("prompt", "visual", "video_prompt", "image_prompt", "visual_description", "visuals"),
    "camera": ("camera_movement", "camera_motion", "camera_move", "shot_type"),
    "key_phrase": ("keyphrase", "caption", "on_screen_text", "title_text"),
    "paragraph": ("paragraph_index", "source_paragraph", "para"),
    "sentences": ("sentence_numbers", "sentence_ids"),
    "style_refs": ("characters", "refs", "entities"),
    "image": ("image_index", "article_image"),
    "frame": ("article_frame", "article_type", "genre"),
    "footage_like": ("footage", "photorealistic", "looks_like_footage", "is_footage"),
    "real_people": ("people", "public_figures", "real_persons"),
    "content": ("content_kind", "content_type", "shows", "depicts"),
}
# Frames as models spell them when answering without a schema.
FRAME_ALIASES = {"news": "report", "real": "report", "real_event": "report", "claim": "report", "game": "game_or_film",
                 "film": "game_or_film", "movie": "game_or_film", "game_film": "game_or_film", "tv": "game_or_film",
                 "novel": "fiction", "book": "fiction", "story": "fiction", "howto": "how_to", "how_to_guide": "how_to",
                 "recipe": "how_to", "explainer": "science", "science_explainer": "science", "weather": "forecast",
                 "weather_forecast": "forecast", "historical": "history", "product_review": "review"}
# Contents as models spell them when answering without a schema.
CONTENT_ALIASES = {"news_event": "event", "incident": "event", "disaster": "event", "accident": "event",
                   "attack": "event", "protest": "event", "health": "health_or_safety_claim",
                   "health_claim": "health_or_safety_claim", "safety_claim": "health_or_safety_claim",
                   "health_or_safety": "health_or_safety_claim", "claim": "health_or_safety_claim",
                   "person": "person_act", "person_action": "person_act", "real_person": "person_act",
                   "statement": "person_act", "nothing": "none", "other": "none", "ordinary": "none"}

_NUMBER = re.compile(r"-?\d+")
_CAMERA_WORDS = [(re.compile(p), move) for p, move in (
    (r"\b(static|still|fixed|locked)\b", "static"),
    (r"\bleft\b", "slow pan left"),
    (r"\bright\b", "slow pan right"),
    (r"\b(pull|zoom out|dolly out|out)\b", "slow pull out"),
    (r"\b(push|zoom in|dolly in|in)\b", "slow push in"),
)]


def _renamed(data: Any, fields: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for name in fields:
        if name not in data:
            alias = next((a for a in ALIASES.get(name, ()) if a in data), None)
            if alias is not None:
                data[name] = data.pop(alias)
    return data


def _int(value: Any) -> Any:
    """"P3", "[S12]", "3" → 3; anything else unchanged (and then rejected by validation if wrong)."""
    if isinstance(value, str) and (m := _NUMBER.search(value)):
        return int(m.group())
    return value


def _str_list(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,，、;；]", value) if v.strip()]
    return value


class DraftEntity(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        if isinstance(data, str):  # "Margaret Doyle, a retired electrician"
            return {"name": data.split(",")[0].strip(), "description": data}
        if isinstance(data, dict) and "description" not in data:
            for alias in ("appearance", "visual_description", "look", "visual"):
                if data.get(alias):
                    return {**data, "description": data[alias]}
        return data


class DraftStyle(BaseModel):
    model_config = ConfigDict(extra="ignore")

    look: str = ""
    palette: list[str] = Field(default_factory=list)
    era: str = ""
    characters: list[DraftEntity] = Field(default_factory=list)
    places: list[DraftEntity] = Field(default_factory=list)

    @field_validator("palette", mode="before")
    @classmethod
    def _palette(cls, v: Any) -> Any:
        return _str_list(v)


class DraftShot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    paragraph: int | None = None
    narration: str = ""
    sentences: list[int] = Field(default_factory=list)
    visual_prompt: str = Field(min_length=3)
    camera: str = ""
    key_phrase: str = ""
    keywords: list[str] = Field(default_factory=list)
    style_refs: list[str] = Field(default_factory=list)
    image: int | None = None
    visual: Visual | None = Field(None, description="What the shot shows (a Shot.visual); the builder keeps it only "
                                  "if everything it puts on screen occurs in the article.")
    # The model's judgment for the policy gate; a shot without a readable one is judged by the rules alone.
    frame: str | None = None
    footage_like: bool | None = None
    real_people: list[str] = Field(default_factory=list)
    content: str | None = None

    @field_validator("frame", mode="before")
    @classmethod
    def _frame(cls, value: Any) -> Any:
        """A frame in another spelling ("Game/Film", "news") is mapped; one that is none of them is no judgment."""
        return _judged(value, FRAME_ALIASES, JUDGED_FRAMES)

    @field_validator("content", mode="before")
    @classmethod
    def _content(cls, value: Any) -> Any:
        """A content in another spelling ("news event", "Health") is mapped; one that is none of them is none given."""
        return _judged(value, CONTENT_ALIASES, JUDGED_CONTENTS)

    @field_validator("footage_like", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
            return value.strip().lower() in ("true", "yes")
        return None

    @field_validator("real_people", mode="before")
    @classmethod
    def _people(cls, value: Any) -> Any:
        value = _str_list(value)
        if not isinstance(value, list):
            return []
        names = [str(v).strip()[:60] for v in value if isinstance(v, str | int) and str(v).strip()]
        return [n for n in names if n.lower() not in ("none", "n/a", "无")][:LIMITS["people"] * 2]

    @property
    def judgment(self) -> ShotJudgment | None:
        """The model's judgment when it gave both a frame and a depiction (its content, when given, with them)."""
        if self.frame is None or self.footage_like is None:
            return None
        return ShotJudgment.model_validate({"frame": self.frame, "footage_like": self.footage_like,
                                            "real_people": self.real_people, "content": self.content})

    @field_validator("visual", mode="before")
    @classmethod
    def _visual_or_none(cls, value: Any) -> Any:
        """A malformed visual costs the shot its graphic (the planner derives one), not the whole answer."""
        if value is None or isinstance(value, BaseModel):
            return value
        try:
            return TypeAdapter(Visual).validate_python(value)
        except ValidationError:
            return None

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        data = _renamed(data, ("narration", "visual_prompt", "camera", "key_phrase", "paragraph", "sentences",
                               "style_refs", "image", "frame", "footage_like", "real_people", "content"))
        if isinstance(data, dict) and isinstance(data.get("style_refs"), list):
            data["style_refs"] = [r.get("name", "") if isinstance(r, dict) else r for r in data["style_refs"]]
        return data

    @field_validator("paragraph", "image", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        return _int(v)

    @field_validator("sentences", mode="before")
    @classmethod
    def _numbers(cls, v: Any) -> Any:
        v = [v] if isinstance(v, int | str) else v
        return [_int(x) for x in v] if isinstance(v, list) else v

    @field_validator("keywords", "style_refs", mode="before")
    @classmethod
    def _words(cls, v: Any) -> Any:
        return _str_list(v)

    @field_validator("narration", "visual_prompt", "key_phrase", "camera")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()

    @field_validator("camera")
    @classmethod
    def _camera(cls, v: str) -> str:
        """Free-text camera directions mapped onto the moves the renderers know ("" when none fits)."""
        low = v.lower()
        if low in CAMERA_MOVES:
            return low
        for pattern, move in _CAMERA_WORDS:
            if pattern.search(low):
                return move
        return ""

    @model_validator(mode="after")
    def _has_narration(self) -> DraftShot:
        if not self.narration and not self.sentences:
            raise ValueError("a shot needs narration (or sentence numbers)")
        return self


class PlanDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    style: DraftStyle = Field(default_factory=DraftStyle)
    shots: list[DraftShot] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _lenient(cls, data: Any) -> Any:
        if isinstance(data, list):  # just the shots
            return {"shots": data}
        data = _renamed(data, ("shots", "style"))
        if isinstance(data, dict) and isinstance(data.get("shots"), dict):  # {"storyboard": {"shots": ...}}
            data = {**data, **_renamed(data.pop("shots"), ("shots", "style"))}
        return data


def _string(max_len: int | None, min_len: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    if max_len:
        out |= {"minLength": min_len, "maxLength": max_len} if min_len else {"maxLength": max_len}
    return out


def _array(items: dict[str, Any], max_items: int, min_items: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": items, "maxItems": max_items}
    if min_items:
        out["minItems"] = min_items
    return out


def _object(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def _int_enum(n: int) -> dict[str, Any]:
    # An enum, not a bounded integer: a constrained decoder then cannot run on writing digits.
    return {"type": "integer", "enum": list(range(n))}


def draft_schema(mode: NarrationMode, *, paragraphs: list[int], sentences: list[int], images: int, max_shots: int,
                 narration_chars: int, bounded: bool) -> dict[str, Any]:
    """The JSON schema of a draft for one request.

    Every property is required and no other is allowed (what OpenAI's strict mode needs). With
    `bounded`, strings get a maxLength too (constrained decoding must end; strict mode on the API
    rejects maxLength, so it is left out there and checked after parsing instead).
    """
    L = LIMITS

    def s(key: str | int, min_len: int = 0) -> dict[str, Any]:
        # Lower bounds only where the draft model has them, and only with upper ones (strict mode has neither).
        return _string((L[key] if isinstance(key, str) else key) if bounded else None, min_len)

    entity = _object({"name": s("name", 1), "description": s("description", 1)})
    style = _object({
        "look": s("look"),
        "palette": _array(s("colour"), L["palette"]),
        "era": s("era"),
        "characters": _array(entity, L["entities"]),
        "places": _array(entity, L["entities"]),
    })
    shot: dict[str, Any] = {}
    if mode == "extract":
        shot["sentences"] = _array({"type": "integer", "enum": list(sentences)}, L["sentences"], 1)
    else:
        shot["paragraph"] = {"type": "integer", "enum": list(paragraphs)}
        shot["narration"] = s(narration_chars, 1)
    shot |= {
        "visual_prompt": s("visual_prompt", 3),
        "camera": {"type": "string", "enum": list(CAMERA_MOVES)},
        "key_phrase": s("key_phrase"),
        "keywords": _array(s("keyword"), L["keywords"]),
        "style_refs": _array(s("name"), L["entities"] * 2),
        "image": {"anyOf": [_int_enum(images), {"type": "null"}]} if images else {"type": "null"},
        # The policy gate's four judgments (storyboard.policy_rules uses them to add holds, never to drop one).
        "frame": {"type": "string", "enum": list(JUDGED_FRAMES)},
        "footage_like": {"type": "boolean"},
        "real_people": _array(s("person"), L["people"]),
        "content": {"type": "string", "enum": list(JUDGED_CONTENTS)},
    }
    return _object({"style": style, "shots": _array(_object(shot), max_shots, 1)})


def longest_answer(schema: dict[str, Any], whitespace: int = 1) -> int:
    """Characters in the longest JSON a bounded schema admits (with `whitespace` spaces at every gap).

    A constrained decoder writes at least one character a token, so this many new tokens (plus the
    end token) always let it finish: a cut-off answer would be invalid JSON.
    """
    ws = whitespace
    if "anyOf" in schema:
        return max(longest_answer(s, ws) for s in schema["anyOf"])
    if "enum" in schema:
        return max(len(json.dumps(v, ensure_ascii=False)) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        return 2 + int(schema.get("maxLength", 10_000))
    if kind == "null":
        return 4
    if kind == "boolean":
        return 5
    if kind == "array":
        n = int(schema.get("maxItems", 20))
        return 2 + n * (longest_answer(schema["items"], ws) + 1 + 2 * ws) + 2 * ws
    if kind == "object":
        props = schema["properties"]
        inner = sum(len(json.dumps(k)) + 2 + longest_answer(v, ws) + 4 * ws for k, v in props.items())
        return 2 + inner + 2 * ws
    return 32


def _judged(value: Any, aliases: dict[str, str], allowed: Any) -> str | None:
    """One of `allowed` from a model's spelling of it (case, spaces, slashes and hyphens aside; `aliases` for
    other words); None for anything else."""
    if not isinstance(value, str):
        return None
    key = re.sub(r"[\s/-]+", "_", value.strip().lower())
    key = aliases.get(key, key)
    return key if key in allowed else None
