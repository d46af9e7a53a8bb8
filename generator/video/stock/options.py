"""The stock source's settings as plain data: they travel in RenderRequest.options and hold no secret."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StockOptions:
    providers: tuple[str, ...] = ("pexels", "pixabay")
    pexels_url: str = "https://api.pexels.com"
    pixabay_url: str = "https://pixabay.com/api"
    photos: bool = True
    max_download_mb: float = 150.0
    timeout_seconds: float = 30.0
    retries: int = 3
    max_wait_seconds: float = 60.0
    per_page: int = 15
    download_dir: str = ""

    @classmethod
    def from_settings(cls, settings: Any) -> StockOptions:
        """From a Settings (its `stock` section and data dir) or a bare StockSettings."""
        stock = getattr(settings, "stock", settings)
        data = stock.model_dump(mode="json")
        folder = data.get("download_dir") or (Path(settings.data_dir) / "stock" if hasattr(settings, "data_dir")
                                              else Path.home() / ".cache" / "reelflow-stock")
        return cls.from_dict({**data, "download_dir": str(folder)})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StockOptions:
        known = {f.name for f in fields(cls)}
        picked = {k: v for k, v in data.items() if k in known and v is not None}
        if "providers" in picked:
            picked["providers"] = tuple(picked["providers"])
        return cls(**picked)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["providers"] = list(self.providers)
        return data

    def url(self, provider: str) -> str:
        return (self.pexels_url if provider == "pexels" else self.pixabay_url).rstrip("/")

    @property
    def max_bytes(self) -> int:
        return int(self.max_download_mb * 1024 * 1024)
