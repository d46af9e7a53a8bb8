"""What a stock search gives back, the same shape for every provider, so choosing never cares where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["video", "photo"]


@dataclass(frozen=True)
class Rendition:
    """One file of an item: a size the library encoded it at (size in bytes when the library says)."""

    url: str
    width: int
    height: int
    size: int | None = None


@dataclass(frozen=True)
class Candidate:
    """One stock item with what attribution, choice and download need; JSON-safe through to_dict/from_dict."""

    provider: str
    item_id: str
    kind: Kind
    page_url: str
    author: str = ""
    author_url: str = ""
    licence: str = ""
    duration: float = 0.0  # seconds; 0 for a photo
    width: int = 0
    height: int = 0
    text: str = ""  # tags, alt text: what the library says the item shows
    renditions: tuple[Rendition, ...] = field(default_factory=tuple)
    rank: int = 0  # position in the provider's own answer (its idea of relevance)

    @property
    def key(self) -> tuple[str, str]:
        """(provider, id): what "the same item" means when avoiding reuse."""
        return (self.provider, self.item_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["renditions"] = [asdict(r) for r in self.renditions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        renditions = tuple(Rendition(**r) for r in data.get("renditions", ()))
        return cls(**{**data, "renditions": renditions})

    def describe(self) -> str:
        """How a log line names the item, e.g. "pexels video 1234"."""
        return f"{self.provider} {self.kind} {self.item_id}"


@dataclass(frozen=True)
class Query:
    """One search: the words, what kind of item, the frame's shape, the article's language, which page."""

    terms: tuple[str, ...]
    kind: Kind = "video"
    orientation: Literal["portrait", "landscape", "square"] = "portrait"
    language: str = "zh"
    page: int = 1

    @property
    def text(self) -> str:
        return " ".join(self.terms)


@dataclass(frozen=True)
class Page:
    """One page of a provider's answer, and whether asking for the next page can give more."""

    candidates: list[Candidate]
    more: bool


def orientation_of(width: int, height: int) -> Literal["portrait", "landscape", "square"]:
    return "portrait" if height > width else "landscape" if width > height else "square"
