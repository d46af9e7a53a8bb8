"""The final cut: shots timed to the narration, subtitles burned in, mixed audio, one encode.

Narration drives timing. Shot i lasts as long as its clip (narration + pad, rounded to frames)
and its narration starts `lead` seconds into it, so picture, voice and subtitles stay together
by construction. The whole picture path is one ffmpeg graph (concat, fit, subtitles) and one
x264 encode; the audio is mixed and loudness-normalised beforehand in editing.audio.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from editing.audio import mix_narration
from editing.presets import Preset
from editing.provenance import implicit_label_json, visible_label
from editing.subtitles import cues_for_narration, write_ass, write_srt
from reelflow.errors import ReelflowError
from reelflow.media import FONTS_DIR, atomic_path, atomic_write_text, probe, run_ffmpeg
from reelflow.models import Cue, Draft, Narration, ShotClip, Storyboard


@dataclass(frozen=True)
class CutOptions:
    lead: float = 0.12
    music: Path | None = None
    music_db: float = -20.0


def timeline(clips: list[ShotClip]) -> list[float]:
    """Start time of each shot on the clip's timeline."""
    starts, t = [], 0.0
    for clip in clips:
        starts.append(t)
        t += clip.seconds
    return starts


def cut(
    storyboard: Storyboard,
    narrations: list[Narration],
    clips: list[ShotClip],
    preset: Preset,
    out_path: Path,
    work_dir: Path,
    options: CutOptions | None = None,
    content_id: str = "",
) -> Draft:
    opts = options or CutOptions()
    if len(narrations) != len(clips):
        raise ReelflowError(f"cut needs one narration per shot: got {len(narrations)} and {len(clips)} clips")
    clips = sorted(clips, key=lambda c: c.index)
    starts = timeline(clips)
    total = starts[-1] + clips[-1].seconds
    if total > preset.max_seconds:
        raise ReelflowError(
            f"the clip would be {total:.0f} s, longer than {preset.name}'s limit of {preset.max_seconds:.0f} s; "
            "lower --max-seconds"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    out_path = Path(out_path)

    # Audio: every narration at its shot's start, music ducked under it, loudness-normalised.
    mixed = work_dir / "mix.wav"
    segments = [(Path(n.audio_path), s + opts.lead) for n, s in zip(narrations, starts, strict=True)]
    mix = mix_narration(segments, total, mixed, music=opts.music, preset=preset, music_db=opts.music_db)

    # Subtitles from the word timings, shifted onto the timeline.
    cues: list[Cue] = []
    for n, s in zip(narrations, starts, strict=True):
        cues += cues_for_narration(n.text, n.words, storyboard.language, offset=s + opts.lead, end=n.duration)
    label = visible_label(storyboard.language)
    ass_path, srt_path = out_path.with_suffix(".ass"), out_path.with_suffix(".srt")
    write_ass(cues, ass_path, preset, label=label, duration=total)
    write_srt(cues, srt_path)

    concat_list = work_dir / "shots.txt"
    concat_list.write_text("".join(f"file '{_concat_escape(c.path)}'\n" for c in clips), encoding="utf-8")
    fit = _fit_filter(clips[0], preset)
    vf = f"{fit}subtitles=filename='{_filter_escape(ass_path)}':fontsdir='{_filter_escape(FONTS_DIR)}',format=yuv420p"
    metadata = {
        "title": storyboard.title,
        "comment": f"{label} · made with reelflow",
        "AIGC": implicit_label_json(content_id or storyboard.hash()[:32]),
    }
    meta_args = [a for k, v in metadata.items() for a in ("-metadata", f"{k}={v}")]
    with atomic_path(out_path) as part:
        run_ffmpeg(
            [
                "-f", "concat", "-safe", "0", "-i", str(concat_list),
                "-i", str(mix.path),
                "-map", "0:v:0", "-map", "1:a:0",
                "-vf", vf,
                "-r", str(preset.fps),
                "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-preset", preset.x264_preset, "-crf", str(preset.crf),
                "-maxrate", preset.video_bitrate, "-bufsize", _double(preset.video_bitrate),
                "-g", str(preset.fps * 2),
                "-c:a", "aac", "-b:a", preset.audio_bitrate, "-ar", "48000", "-ac", "2",
                "-t", f"{total:.3f}",
                "-movflags", "+faststart+use_metadata_tags",
                *meta_args,
                str(part),
            ],
            "encoding the final clip",
        )
    thumb = out_path.with_suffix(".jpg")
    with atomic_path(thumb) as part:
        at = min(max(clips[0].seconds * 0.5, 0.5), total / 2)
        run_ffmpeg(["-ss", f"{at:.2f}", "-i", str(out_path), "-frames:v", "1", "-q:v", "3", str(part)],
                   "writing the thumbnail")
    info = probe(out_path)
    draft_meta: dict[str, object] = {
        "title": storyboard.title,
        "language": storyboard.language,
        "shots": len(clips),
        "planner": storyboard.planner,
        "renderer": sorted({c.renderer for c in clips}),
        "voices": sorted({f"{n.engine}:{n.voice}" for n in narrations}),
        "music": str(opts.music) if opts.music else "generated bed",
        "loudness_lufs": round(mix.integrated_lufs, 2),
        "true_peak_db": round(mix.true_peak_db, 2),
        "ai_label": label,
        "aigc": json.loads(metadata["AIGC"]),
    }
    draft = Draft(
        video_path=str(out_path),
        srt_path=str(srt_path),
        ass_path=str(ass_path),
        thumbnail_path=str(thumb),
        duration=info.duration,
        preset=preset.name,
        width=info.width or preset.width,
        height=info.height or preset.height,
        metadata=draft_meta,
    )
    atomic_write_text(out_path.with_suffix(".json"), draft.model_dump_json(indent=2))
    return draft


def _fit_filter(clip: ShotClip, preset: Preset) -> str:
    """Fit clips of another size to the preset: crop when the aspect is close, else a blurred pad."""
    if (clip.width, clip.height) == (preset.width, preset.height):
        return ""
    w, h = preset.width, preset.height
    src_aspect, dst_aspect = clip.width / clip.height, w / h
    if abs(src_aspect - dst_aspect) / dst_aspect < 0.25:
        return f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1,"
    return (
        f"split[a][b];[a]scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},boxblur=20:2[bg];"
        f"[b]scale={w}:{h}:force_original_aspect_ratio=decrease[fg];[bg][fg]overlay=(W-w)/2:(H-h)/2,setsar=1,"
    )


def _filter_escape(path: str | Path) -> str:
    return str(path).replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")


def _concat_escape(path: str | Path) -> str:
    return str(path).replace("'", "'\\''")


def _double(rate: str) -> str:
    number, unit = rate[:-1], rate[-1]
    return f"{float(number) * 2:g}{unit}" if unit.isalpha() else str(float(rate) * 2)
