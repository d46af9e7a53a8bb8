"""Output presets: the frame, rate, loudness and limits each platform expects."""

from __future__ import annotations

from dataclasses import dataclass

from reelflow.errors import ReelflowError


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
    x264_preset: str = "veryfast"
    crf: int = 20

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


_PORTRAIT = dict(width=1080, height=1920)
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("douyin", **_PORTRAIT, max_seconds=900),
        Preset("tiktok", **_PORTRAIT, max_seconds=600),
        Preset("shorts", **_PORTRAIT, max_seconds=180),
        Preset("reels", **_PORTRAIT, max_seconds=180),
        Preset("wechat-channels", **_PORTRAIT, max_seconds=1800),
        Preset("bilibili", width=1920, height=1080, max_seconds=3600),
        Preset("youtube", width=1920, height=1080, max_seconds=3600),
        Preset("square", width=1080, height=1080, max_seconds=600),
        # A quick draft at a quarter of the size: for reviewing a storyboard, and for tests.
        Preset("preview", width=270, height=480, video_bitrate="1M", audio_bitrate="128k", crf=23),
    )
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ReelflowError(f"unknown preset {name!r}; known presets: {known}") from None
