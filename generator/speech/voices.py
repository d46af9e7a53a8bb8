"""Which voices there are: the edge-tts service's list when it answers, a built-in list when not.

The built-in list is a hand-picked set of Chinese and English neural voices that the service has
offered for years; it lets a user choose a voice offline (the clip then falls back to espeak-ng
until the service is reachable, but the choice is kept in their settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.speech.base import DEFAULT_VOICES

LIST_TIMEOUT = 4.0


@dataclass(frozen=True)
class VoiceInfo:
    name: str
    locale: str
    gender: str
    traits: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoiceList:
    """Voices, and where they came from: "online" (the service) or "built-in" (with the reason)."""

    voices: list[VoiceInfo]
    source: str
    reason: str | None = None
    offline: list[str] = field(default_factory=list)
    """The offline (espeak-ng) voice names for the language(s) asked for."""


def _v(name: str, gender: str, *traits: str) -> VoiceInfo:
    locale = "-".join(name.split("-")[:2])
    return VoiceInfo(name, locale, gender, traits)


BUILTIN: tuple[VoiceInfo, ...] = (
    _v("zh-CN-XiaoxiaoNeural", "Female", "Warm"),
    _v("zh-CN-XiaoyiNeural", "Female", "Lively"),
    _v("zh-CN-YunjianNeural", "Male", "Passion"),
    _v("zh-CN-YunxiNeural", "Male", "Lively", "Sunshine"),
    _v("zh-CN-YunxiaNeural", "Male", "Cute"),
    _v("zh-CN-YunyangNeural", "Male", "Professional", "Reliable"),
    _v("zh-CN-liaoning-XiaobeiNeural", "Female", "Humorous"),
    _v("zh-CN-shaanxi-XiaoniNeural", "Female", "Bright"),
    _v("zh-HK-HiuGaaiNeural", "Female", "Friendly"),
    _v("zh-HK-WanLungNeural", "Male", "Friendly"),
    _v("zh-TW-HsiaoChenNeural", "Female", "Friendly"),
    _v("zh-TW-YunJheNeural", "Male", "Friendly"),
    _v("en-US-AriaNeural", "Female", "Positive", "Confident"),
    _v("en-US-AvaNeural", "Female", "Expressive", "Caring"),
    _v("en-US-AndrewNeural", "Male", "Warm", "Confident"),
    _v("en-US-BrianNeural", "Male", "Approachable", "Casual"),
    _v("en-US-ChristopherNeural", "Male", "Reliable", "Authority"),
    _v("en-US-EmmaNeural", "Female", "Cheerful", "Clear"),
    _v("en-US-GuyNeural", "Male", "Passion"),
    _v("en-US-JennyNeural", "Female", "Friendly", "Considerate"),
    _v("en-US-MichelleNeural", "Female", "Friendly", "Pleasant"),
    _v("en-GB-LibbyNeural", "Female", "Friendly"),
    _v("en-GB-RyanNeural", "Male", "Friendly"),
    _v("en-GB-SoniaNeural", "Female", "Friendly"),
    _v("en-AU-NatashaNeural", "Female", "Friendly"),
    _v("en-AU-WilliamNeural", "Male", "Friendly"),
    _v("en-IN-NeerjaNeural", "Female", "Friendly"),
)


def _matches(locale: str, language: str | None) -> bool:
    return language is None or locale.lower().startswith(language.lower() + "-")


def _from_service(entry: dict) -> VoiceInfo:
    tag = entry.get("VoiceTag") or {}
    return VoiceInfo(
        name=str(entry.get("ShortName", "")),
        locale=str(entry.get("Locale", "")),
        gender=str(entry.get("Gender", "")),
        traits=tuple(str(t) for t in tag.get("VoicePersonalities") or ()),
    )


def list_voices(language: str | None = None, *, timeout: float = LIST_TIMEOUT, proxy: str | None = None) -> VoiceList:
    """The voices for `language` ("zh", "en", or None for all), from the service within `timeout` seconds."""
    from generator.speech.edge import _short, run_bounded

    offline = sorted({v for lang, v in DEFAULT_VOICES["espeak"].items() if language in (None, lang)})
    try:
        import edge_tts

        entries = run_bounded(lambda: edge_tts.list_voices(proxy=proxy), timeout)
        voices = [_from_service(e) for e in entries if isinstance(e, dict) and e.get("ShortName")]
        if not voices:
            raise ValueError("the service returned no voices")
    except Exception as exc:  # noqa: BLE001 - any failure means "use the built-in list"
        reason = _short(exc, timeout)
        return VoiceList([v for v in BUILTIN if _matches(v.locale, language)], "built-in", reason, offline)
    chosen = sorted((v for v in voices if _matches(v.locale, language)), key=lambda v: (v.locale, v.name))
    return VoiceList(chosen, "online", None, offline)
