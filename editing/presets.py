"""Output presets: the frame, rate, loudness, limits and narration voice each platform expects.

Limits are the platforms' published upload limits (duration and file size, as of 2025); the cut
refuses a clip that would break them, or lowers the bitrate to fit the size when that still looks
acceptable. Voices: short-form feeds get a slightly brisker read than long-form platforms.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reelflow.errors import ReelflowError

MB = 1_000_000
GB = 1_000 * MB


@dataclass(frozen=True)
class VoiceStyle:
    """A narration voice and how it speaks: edge-tts voice name (None: the engine's default for the
    language), relative rate, pitch shift in Hz, volume change in percent."""

    voice: str | None = None
    rate: float = 1.0
    pitch: int = 0
    volume: int = 0


SHORT_FORM_VOICES = (
    ("zh", VoiceStyle("zh-CN-XiaoxiaoNeural", rate=1.08)),
    ("en", VoiceStyle("en-US-AriaNeural", rate=1.05)),
)
LONG_FORM_VOICES = (
    ("zh", VoiceStyle("zh-CN-YunxiNeural")),
    ("en", VoiceStyle("en-US-GuyNeural")),
)


@dataclass(frozen=True)
class Preset:
    name: str
    width: int
    height: int
    fps: int = 30
    video_bitrate: str = "8M"
    audio_bitrate: str = "192k"
    loudness_lufs: float = -14.0
    true_peak_db: float = -1.0
    max_seconds: float = 180.0
    max_bytes: int = 4 * GB
    min_video_bitrate: str = "1500k"
    """The lowest video bitrate the cut will go down to in order to fit max_bytes; below it, it refuses."""
    x264_preset: str = "veryfast"
    crf: int = 20
    voices: tuple[tuple[str, VoiceStyle], ...] = field(default=SHORT_FORM_VOICES)

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    def voice_style(
        self,
        language: str,
        *,
        voice: str | None = None,
        rate: float | None = None,
        pitch: int | None = None,
        volume: int | None = None,
    ) -> VoiceStyle:
        """The preset's voice for `language`, with any setting the user gave taking precedence."""
        base = dict(self.voices).get(language, VoiceStyle())
        given = {"voice": voice, "rate": rate, "pitch": pitch, "volume": volume}
        return replace(base, **{k: v for k, v in given.items() if v is not None})


def bits_per_second(rate: str) -> int:
    """'8M' -> 8_000_000, '192k' -> 192_000, '900000' -> 900_000."""
    units = {"k": 1_000, "K": 1_000, "M": 1_000_000, "G": 1_000_000_000}
    if rate and rate[-1] in units:
        return round(float(rate[:-1]) * units[rate[-1]])
    return round(float(rate))


_PORTRAIT = dict(width=1080, height=1920)
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("douyin", **_PORTRAIT, max_seconds=900, max_bytes=4 * GB),
        Preset("tiktok", **_PORTRAIT, max_seconds=600, max_bytes=4 * GB),
        Preset("shorts", **_PORTRAIT, max_seconds=180, max_bytes=256 * GB),
        Preset("reels", **_PORTRAIT, max_seconds=180, max_bytes=300 * MB),
        Preset("wechat-channels", **_PORTRAIT, max_seconds=1800, max_bytes=1 * GB),
        Preset("bilibili", width=1920, height=1080, max_seconds=3600, max_bytes=8 * GB, voices=LONG_FORM_VOICES),
        Preset("youtube", width=1920, height=1080, max_seconds=3600, max_bytes=256 * GB, voices=LONG_FORM_VOICES),
        Preset("square", width=1080, height=1080, max_seconds=600, max_bytes=4 * GB),
        # A quick draft at a quarter of the size: for reviewing a storyboard, and for tests.
        Preset("preview", width=270, height=480, video_bitrate="1M", audio_bitrate="128k", crf=23,
               max_bytes=50 * MB, min_video_bitrate="150k"),
        Preset("preview-wide", width=480, height=270, video_bitrate="1M", audio_bitrate="128k", crf=23,
               max_bytes=50 * MB, min_video_bitrate="150k"),
        Preset("preview-square", width=360, height=360, video_bitrate="1M", audio_bitrate="128k", crf=23,
               max_bytes=50 * MB, min_video_bitrate="150k"),
    )
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ReelflowError(f"unknown preset {name!r}; known presets: {known}") from None
