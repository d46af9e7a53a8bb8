"""Settings: `reelflow.toml` (optional), then `REELFLOW_*` environment variables, then CLI flags.

A misspelt key in the file is an error that names the key, not a silently ignored line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from reelflow.errors import BadInput


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reelflow"


def config_file() -> Path:
    return Path(os.environ.get("REELFLOW_CONFIG", "reelflow.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REELFLOW_", extra="forbid", validate_default=True)

    data_dir: Path = Field(default_factory=default_data_dir, description="Caches, drafts and the SQLite store.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite in data_dir.")
    preset: str = "douyin"
    planner: str = "rules"
    renderer: str = "animatic"
    voice: str | None = Field(None, description="A voice name; default: one per article language.")
    speech_engine: str = Field("edge", description="Preferred speech engine; the offline one is the fallback.")
    speech_timeout: float = Field(8.0, gt=0, description="Seconds before an online voice is given up.")
    max_seconds: float = Field(60.0, gt=0, description="Target length of a clip.")
    shot_pad: float = Field(0.35, ge=0, description="Silence after each shot's narration, seconds.")
    music_db: float = Field(-20.0, description="Music bed level relative to the voice before ducking, dB.")
    seed: int = 0
    max_file_bytes: int = Field(5_000_000, gt=0, description="Largest article file accepted.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = config_file()
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'reelflow.db'}"

    def dir(self, *parts: str) -> Path:
        """A folder under the data dir, created on first use."""
        path = self.data_dir.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path


def load_settings(**overrides: Any) -> Settings:
    """Load settings; CLI overrides that are None are left to the file and environment."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "?"
        problem = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
        raise BadInput(config_file(), f"setting {key!r}: {problem}") from None
