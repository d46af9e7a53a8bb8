"""The plain data passed between stages.

Every stage takes and returns these models; none of them knows about Prefect or the
database. They are pydantic models so that they serialise to JSON for the store and
for Prefect task results without extra code.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, Field, model_validator

Language = Literal["zh", "en"]

STORYBOARD_VERSION = 2  # 2: style sheet, Shot.style_refs (Shot.visual is additive: old JSON loads with a scene)


def content_hash(*parts: object) -> str:
    """A stable sha256 over JSON-serialisable parts; the key of every cache."""
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Article(BaseModel):
    """An article as read from disk: clean text split into paragraphs."""

    source_path: str
    title: str
    language: Language
    paragraphs: list[str]
    images: list[str] = Field(default_factory=list, description="Image references, resolved to absolute "
                              "paths when they are local files, else kept as written (URLs).")
    image_places: list[int] = Field(default_factory=list, description="For each image, the index of the "
                                    "paragraph it stands before (its own paragraph's when inside one), so that it is "
                                    "shown beside the words it illustrates; empty when not known.")
    missing_images: list[str] = Field(default_factory=list, description="Local images the article refers to "
                                      "that are not there (resolved paths); said once when it is read.")
    encoding: str = Field(description="The encoding the bytes were decoded from, e.g. 'utf-8', 'gb18030'.")
    source_hash: str = Field(description="sha256 of the file's raw bytes.")

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class SceneVisual(BaseModel):
    """A picture to generate or find."""

    kind: Literal["scene"] = "scene"
    prompt: str = ""
    search: list[str] = Field(default_factory=list, description="Stock search terms.")
    icon: str | None = Field(None, description="The pictogram the card shows (a name in reelflow.pictograms); None: "
                             "not planned, the renderer picks from the shot's words; '': none.")


class ImageVisual(BaseModel):
    """An article image, with a camera move over a blurred fill of itself."""

    kind: Literal["image"] = "image"
    image: str
    focus: tuple[float, float] = Field((0.5, 0.5), description="Where to look, as fractions of width and height.")


class StatVisual(BaseModel):
    """One number as the article writes it, and what it measures."""

    kind: Literal["stat"] = "stat"
    value: str = Field(description="The number exactly as written in the article, e.g. '1200' or '三百多'.")
    number: float | None = Field(None, description="Its value, for a count-up; None when it is not exact.")
    unit: str = ""
    label: str = Field("", description="What it measures, in the article's words.")
    change: Literal["", "up", "down"] = Field("", description="'up' or 'down' when the number is the size of a "
                                              "change ('fell by 45 percent' is down 45 percent, not a level of 45 "
                                              "percent); drawn as an arrow and a sign.")
    note: str = Field("", description="How the figure compares where the article gives only the difference, in "
                      "its words ('six more than last year', '比去年多了5家'); a line under the figure.")


class Bar(BaseModel):
    label: str
    value: str
    number: float


class ChartVisual(BaseModel):
    """Labelled values with one unit: bars (or a line for values over time)."""

    kind: Literal["chart"] = "chart"
    style: Literal["bars", "line"] = "bars"
    unit: str = ""
    title: str = ""
    bars: list[Bar] = Field(min_length=2)


class CompareVisual(BaseModel):
    """Two or three things side by side, attribute by attribute."""

    kind: Literal["compare"] = "compare"
    items: list[str] = Field(min_length=2, max_length=3)
    rows: list[tuple[str, list[str]]] = Field(default_factory=list, description="(attribute, one value per item).")


class ListVisual(BaseModel):
    """Items revealed as they are said."""

    kind: Literal["list"] = "list"
    title: str = ""
    items: list[str] = Field(min_length=2)


class QuoteVisual(BaseModel):
    kind: Literal["quote"] = "quote"
    text: str
    speaker: str = ""


class TimelineEvent(BaseModel):
    when: str
    what: str


class TimelineVisual(BaseModel):
    kind: Literal["timeline"] = "timeline"
    events: list[TimelineEvent] = Field(min_length=2)


class TitleVisual(BaseModel):
    """The opening hook (title plus the main claim) or a section heading."""

    kind: Literal["title"] = "title"
    text: str
    subtitle: str = ""
    icon: str | None = Field(None, description="The pictogram the card shows (a name in reelflow.pictograms); None: "
                             "not planned, the renderer picks from the shot's words; '': none.")


Visual = Annotated[
    SceneVisual | ImageVisual | StatVisual | ChartVisual | CompareVisual | ListVisual | QuoteVisual | TimelineVisual
    | TitleVisual,
    Field(discriminator="kind"),
]
VISUAL_KINDS = ("scene", "image", "stat", "chart", "compare", "list", "quote", "timeline", "title")


JudgedFrame = Literal["report", "fiction", "game_or_film", "history", "forecast", "how_to", "science", "review"]
JUDGED_FRAMES: tuple[str, ...] = get_args(JudgedFrame)
JudgedContent = Literal["event", "health_or_safety_claim", "person_act", "none"]
JUDGED_CONTENTS: tuple[str, ...] = get_args(JudgedContent)


class ShotJudgment(BaseModel):
    """A planner model's own judgment of a shot, for the policy gate (which may add holds from it, never drop
    one): what the article is, whether the picture would pass for camera footage, which real people it shows,
    and what the shot shows (storyboard.policy_judgments says what each value means)."""

    frame: JudgedFrame = Field(description="report: a report of a real event or claim; else what the article is.")
    footage_like: bool = Field(description="Would the generated picture pass as camera footage?")
    real_people: list[str] = Field(default_factory=list, description="Real, identifiable people the shot shows.")
    content: JudgedContent | None = Field(None, description="What the shot shows: an event, a health or safety "
                                          "claim, a real person's act, or none; None: the model gave no content.")


class Shot(BaseModel):
    """One shot of the storyboard: what is said and what is shown."""

    index: int
    narration: str
    visual_prompt: str
    negative_prompt: str = ""
    camera: str = "slow push in"
    seconds: float = Field(description="Estimated narration length; the cut uses the real one.")
    key_phrase: str = Field(description="A short phrase the animatic shows as large text.")
    keywords: list[str] = Field(default_factory=list)
    paragraph: int = Field(0, description="Index of the article paragraph the shot comes from.")
    image: str | None = Field(None, description="An article image to show or animate, if one fits.")
    style_refs: list[str] = Field(default_factory=list, description="Names of the style sheet's characters and "
                                  "places this shot shows (their fixed descriptions are in its visual prompt).")
    visual: Visual | None = Field(None, description="What the shot shows; old storyboards get a scene from "
                                  "visual_prompt (or their image).")
    source: str | None = Field(None, description="The picture source a reviewer chose for this shot (e.g. "
                               "'stock'); None: the renderer's (auto: the best available).")
    take: int = Field(0, ge=0, description="Asked for another picture this many times: stock takes its next "
                      "candidate, a model another seed.")
    judgment: ShotJudgment | None = Field(None, description="The LLM planner's judgment for the policy gate; "
                                          "None from the rules planner or a model that gave none.")

    @model_validator(mode="after")
    def _default_visual(self) -> Shot:
        if self.visual is None:
            self.visual = SceneVisual(prompt=self.visual_prompt, search=list(self.keywords))
        return self


class StyleEntity(BaseModel):
    """A recurring character or place, described once so every shot draws it the same way."""

    name: str
    description: str = Field(description="Fixed visual description, repeated in every prompt that shows it.")


class StyleSheet(BaseModel):
    """The look shared by all shots of a storyboard: consistency across separately generated clips."""

    version: int = 1
    look: str = ""
    palette: list[str] = Field(default_factory=list)
    era: str = ""
    characters: list[StyleEntity] = Field(default_factory=list)
    places: list[StyleEntity] = Field(default_factory=list)


class Storyboard(BaseModel):
    version: int = STORYBOARD_VERSION
    title: str
    language: Language
    target_seconds: float
    seed: int
    planner: str
    style: StyleSheet = Field(default_factory=StyleSheet)
    shots: list[Shot]
    mood: str = Field("calm", description="Picks the music: a track whose sidecar names this mood, or the bed's.")

    def hash(self) -> str:
        return content_hash(self.model_dump(mode="json"))


class WordTiming(BaseModel):
    """A word (or, for CJK, usually a character) and when it is spoken, in seconds from the audio start."""

    text: str
    start: float
    end: float


class Narration(BaseModel):
    """A shot's spoken narration: a WAV file and the timings of its words."""

    text: str
    audio_path: str
    duration: float
    words: list[WordTiming]
    voice: str
    engine: str


class Credit(BaseModel):
    """Who made a shot's picture when it is someone else's work (a stock item): what attribution names."""

    provider: str = Field(description="The library, e.g. 'pexels' or 'pixabay'.")
    item_id: str
    page_url: str = Field(description="The item's page on the library's site.")
    author: str = ""
    author_url: str = ""
    licence: str = ""
    kind: Literal["video", "photo"] = "video"

    def line(self) -> str:
        """The attribution as the library asks for it, e.g. "Video by NAME on Pexels"."""
        site = {"pexels": "Pexels", "pixabay": "Pixabay"}.get(self.provider, self.provider)
        what = "Video" if self.kind == "video" else "Photo"
        return f"{what} by {self.author} on {site}" if self.author else f"{what} from {site}"


class Interest(BaseModel):
    """Where a picture's detail and motion lie: their share per column and per row (each list sums to 1),
    so that a cut of another shape crops the window that keeps its subject (reelflow.framing)."""

    columns: list[float]
    rows: list[float]


class ShotClip(BaseModel):
    """A rendered shot: a silent video of exactly `seconds`."""

    index: int
    path: str
    seconds: float
    width: int
    height: int
    fps: int
    renderer: str
    credit: Credit | None = Field(None, description="Attribution, when the picture is someone else's work.")
    fallbacks: list[str] = Field(default_factory=list, description="Why better sources were passed over, "
                                 "one line each (e.g. 'stock: pexels answered 429 three times').")
    interest: Interest | None = Field(None, description="Where its subject is, for a picture that cuts of "
                                      "other shapes crop (one made at the master size); else None.")


class Cue(BaseModel):
    """A subtitle cue: up to two already line-broken lines shown from start to end (seconds)."""

    start: float
    end: float
    lines: list[str]


class Draft(BaseModel):
    """The finished clip and its sidecars."""

    video_path: str
    srt_path: str
    ass_path: str
    thumbnail_path: str
    duration: float
    preset: str
    width: int
    height: int
    metadata: dict[str, object] = Field(default_factory=dict)


PublicationStatus = Literal["pending", "uploading", "processing", "scheduled", "published", "failed"]


class Publication(BaseModel):
    """One clip on one account: where it went and how far it got (the ledger's public face, no secrets)."""

    platform: str
    account: str
    status: PublicationStatus
    remote_id: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    scheduled_at: datetime | None = None
    reason: str | None = Field(None, description="Why it failed or is still pending.")
    key: str = Field("", description="The idempotency key: one publication per (video, account).")


class PublicationRecord(Publication):
    """A ledger row as the publishers see it: the public part plus what a resumed upload needs."""

    draft_key: str
    video_path: str
    session: dict[str, Any] = Field(default_factory=dict, description="Resumable state: session URI, ids, bytes.")
    owner: str | None = None
    lease_until: datetime | None = None
    attempts: int = 0

    def public(self) -> Publication:
        return Publication.model_validate(self.model_dump(include=set(Publication.model_fields)))
