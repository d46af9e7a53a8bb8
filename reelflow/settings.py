"""Settings: `reelflow.toml` (optional), then `REELFLOW_*` environment variables, then CLI flags.

A misspelt key in the file is an error that names the key, not a silently ignored line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
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


# -- picture sources (issue 15): each backend's own section -------------------------------------


class StillSettings(_Strict):
    """`still`: one generated image per shot from a text-to-image model, moved by a camera."""

    model: str | None = Field(None, description="A diffusers text-to-image folder, or a model id in the HF cache "
                              "(SDXL-Turbo, SD-Turbo, SANA, SANA-Sprint, FLUX.1-schnell...).")
    steps: int | None = Field(None, ge=1, description="Denoising steps; default: the family's.")
    guidance: float | None = Field(None, ge=0, description="CFG scale; default: the family's.")
    allow_cpu: bool = Field(False, description="Run a real-size model on a machine with no GPU anyway.")
    offload: bool = Field(False, description="Model CPU offload, for GPUs with little memory.")
    animate: Literal["camera", "i2v"] = Field("camera", description="camera: a camera move on the CPU; i2v: the "
                                              "image goes to the dit renderer's image-to-video model (i2v_model).")


class StockSettings(_Strict):
    """`stock`: stock footage and photos from Pexels and Pixabay, with the user's own keys."""

    providers: list[Literal["pexels", "pixabay"]] = Field(default_factory=lambda: ["pexels", "pixabay"],
                                                          description="Tried in this order.")
    pexels_url: str = "https://api.pexels.com"
    pixabay_url: str = "https://pixabay.com/api"
    photos: bool = Field(True, description="Use a photo (with a camera move) when no video fits.")
    max_download_mb: float = Field(150.0, gt=0, description="Largest file downloaded for one shot.")
    timeout_seconds: float = Field(30.0, gt=0, description="Per request.")
    retries: int = Field(3, ge=0, description="Retries of one request after 429/5xx/timeouts.")
    max_wait_seconds: float = Field(60.0, ge=0, description="Longest Retry-After / rate-limit reset waited out; "
                                    "a longer one fails that provider at once.")
    per_page: int = Field(15, ge=3, le=80, description="Results asked for per search (Pexels max 80, Pixabay ≥ 3).")
    download_dir: Path | None = Field(None, description="Downloaded items; default: <data_dir>/stock.")


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
    planner: str = "rules"
    # LLM planners (issue 3). The API key is read from OPENAI_API_KEY at request time and never kept here.
    llm_model: str | None = Field(None, description="Model name for the openai planner, e.g. gpt-4o-mini, qwen2.5.")
    llm_base_url: str = Field(default_factory=lambda: os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1",
                              description="OpenAI-compatible endpoint; default: $OPENAI_BASE_URL.")
    llm_timeout: float = Field(120.0, gt=0, description="Seconds to wait for one chat completion.")
    llm_max_retries: int = Field(3, ge=0, description="Retries after a 429, a 5xx, a timeout or a dropped connection.")
    llm_backoff: float = Field(1.0, ge=0, description="First retry delay, seconds; doubles each retry (max 30 s).")
    llm_temperature: float = Field(0.3, ge=0, le=2)
    llm_section_chars: int = Field(6000, ge=500, description="Longer articles are planned section by section.")
    llm_narration: Literal["rewrite", "extract"] = Field(
        "rewrite", description="openai planner: narration written by the model (checked against the article) "
        "or chosen from the article's own sentences.")
    planner_fallback: bool = Field(True, description="When an LLM planner fails, use the rules planner (warning).")
    local_model: str | None = Field(None, description="local planner: a model folder, or a Hugging Face id "
                                    "already in the cache.")
    local_device: str = Field("auto", description="local planner: auto (GPU when there is one), cpu, cuda, cuda:1...")
    local_max_new_tokens: int = Field(2048, ge=64)
    local_narration: Literal["rewrite", "extract"] = Field("extract", description="local planner: narration mode.")
    renderer: str = Field("auto", description="The picture source: auto (the best one per shot), graphics, "
                          "animatic, dit, still, stock.")
    # DiT rendering (issue 4): `--renderer dit --model DIR`.
    model: str | None = Field(None, description="dit: a diffusers pipeline folder, or a model id in the HF cache.")
    i2v_model: str | None = Field(None, description="dit: an image-to-video model for shots with an image and for "
                                  "continuing shots longer than the model makes at once.")
    allow_cpu: bool = Field(False, description="dit: run a real-size model on a machine with no GPU anyway.")
    dit_steps: int | None = Field(None, ge=1, description="dit: denoising steps; default: the family's.")
    dit_guidance: float | None = Field(None, ge=0, description="dit: CFG scale; default: the family's (1 = off).")
    dit_resolution: str | None = Field(None, description="dit: e.g. 480p or 720p; default: the family's.")
    dit_cache: str = Field("off", pattern=r"^(off|fbc|taylorseer|pab)(:[0-9.]+)?$",
                           description="dit: diffusers cache acceleration: off, fbc[:threshold], taylorseer, pab.")
    dit_compile: bool = Field(False, description="dit: torch.compile the transformer blocks.")
    dit_offload: bool = Field(False, description="dit: model CPU offload, for GPUs with little memory.")
    dit_vae_tiling: bool = Field(False, description="dit: decode the video in tiles (less memory).")
    dit_attention: str | None = Field(None, description="dit: a diffusers attention backend, e.g. flash; "
                                      "default: PyTorch SDPA.")
    dit_max_segments: int = Field(4, ge=1, le=16, description="dit: most generations one long shot is made of.")
    dit_max_frames: int | None = Field(None, ge=1, description="dit: fewer frames per generation than the "
                                       "family's maximum (small GPUs); longer shots continue or slow down.")
    voice: str | None = Field(None, description="A voice name; default: one per article language.")
    speech_engine: str = Field("edge", description="Preferred speech engine; the offline one is the fallback.")
    speech_timeout: float = Field(8.0, gt=0, description="Seconds before an online voice is given up.")
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
    publishing: PublishingSettings = Field(default_factory=PublishingSettings,
                                           description="Accounts, endpoints, retries (see README, Publishing).")
    still: StillSettings = Field(default_factory=StillSettings, description="The `still` picture source.")
    stock: StockSettings = Field(default_factory=StockSettings, description="The `stock` picture source; keys "
                                 "come from PEXELS_API_KEY / PIXABAY_API_KEY or Prefect Secrets, never from here.")
    brand: BrandSettings = Field(default_factory=BrandSettings, description="Colours, font and logo of graphics "
                                 "and the cover.")

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
