"""The final cut: shots timed to the narration, fitted to the preset, subtitles and label burned in, one encode.

Narration drives timing. Shot i lasts as long as its clip (narration + pad, rounded to frames) and
its narration starts `lead` seconds after the shot appears, so picture, voice and subtitles stay
together by construction. With crossfades each shot starts (begins to fade in) `overlap` seconds
before the previous one ends, and its narration waits at least until the fade's midpoint, when the
new picture is the stronger one; the previous narration has ended before the fade begins. The
timeline is computed once (`timeline`, `voice_starts`) and the audio, the cues and the xfade offsets
all read it, so the narration lands on its own shot.

What goes through ffmpeg directly, and why (see README "How the cut is made"): the whole picture
path is ONE filter graph fed by the clip files — each clip fitted to the preset (crop when the aspect
is close, else a blurred pad), brought to the preset's rate and exact length, joined (concat or
xfade), subtitles and AI label burned by libass — and one x264 encode. No frame passes through
Python. The soundtrack is mixed and loudness-normalised beforehand (editing.audio, audio-only passes,
a few seconds); the cover is one more single-frame pass.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editing.audio import mix_narration
from editing.presets import Preset, bits_per_second
from editing.provenance import ManifestInfo, implicit_label_json, seal, visible_label
from editing.subtitles import cues_for_narration, line_limit, write_ass, write_cover_ass, write_srt
from editing.tags import hashtags
from reelflow.brand import Brand, brand_options, graphics_top
from reelflow.errors import ReelflowError
from reelflow.framing import crop_origin
from reelflow.media import FONTS_DIR, atomic_path, atomic_write_text, copy_atomic, filter_path, probe, run_ffmpeg
from reelflow.models import Cue, Draft, Interest, Narration, Shot, ShotClip, Storyboard

if TYPE_CHECKING:
    from reelflow.settings import Settings

log = logging.getLogger("reelflow.cut")

TRANSITIONS = ("cut", "crossfade")
SIZE_MARGIN = 0.96  # aim this far under a file-size limit: container overhead and VBV slack
CROP_ASPECT_TOLERANCE = 0.25  # crop when the aspects differ by less than this (relative), else pad
MIN_CROP_AREA = 0.5  # a shared picture is cropped for another shape if the crop keeps this share of it (9:16 → 1:1)


@dataclass(frozen=True)
class CutOptions:
    lead: float = 0.12
    music: Path | None = None
    music_db: float = -20.0
    music_credit: dict[str, object] | None = None
    """What the draft's metadata says about the music (title, artist, licence); default: the file name."""
    transition: str = "cut"
    transition_seconds: float = 0.3
    label: str | None = None
    """The visible AI label; default: the standard text for the storyboard's language."""
    extra_metadata: dict[str, object] = field(default_factory=dict)
    settings: Settings | None = None
    """Signing and the metadata label's producer (c2pa_cert/key, producer, audio_cue); default: loaded."""
    master: tuple[int, int] | None = None
    """With several cuts of one render: the size pictures were made at, cropped to this cut's shape."""


# ---------------------------------------------------------------- timeline


VOICE_GAP = 0.02  # at least this much between a narration's end and the next shot's fade-in


def voice_lead(k: int, lead: float, overlap: float) -> float:
    """How long after shot k appears its narration starts: `lead`, and after a crossfade in no
    sooner than the fade's midpoint (before it the picture is still mostly the previous shot)."""
    return lead if k == 0 else max(lead, overlap / 2)


def overlap_for(clips: list[ShotClip], narrations: list[Narration], options: CutOptions) -> float:
    """The crossfade length actually used: the setting, shortened so that every narration starts
    once its shot dominates the picture and ends before the next shot begins to fade in, and no
    clip is more than half transition."""
    if options.transition == "cut" or len(clips) < 2:
        return 0.0
    lead = options.lead
    d = min(options.transition_seconds, min(c.seconds for c in clips) / 2)
    for k, (c, n) in enumerate(zip(clips, narrations, strict=True)):
        room = c.seconds - n.duration  # picture time around shot k's narration
        if k == len(clips) - 1:  # no fade out: the narration only has to fit after the midpoint
            d = min(d, 2 * max(room, lead))
            continue
        room -= VOICE_GAP
        # voice_lead(k) + d <= room; voice_lead grows with d past 2·lead, so solve piecewise.
        d = min(d, room - lead if k == 0 or room <= 3 * lead else room / 1.5)
    return max(0.0, math.floor(d * 1000 + 1e-6) / 1000)


def timeline(clips: list[ShotClip], overlap: float = 0.0) -> list[float]:
    """Start time of each shot on the clip's timeline (each starts `overlap` before the last ends)."""
    starts, t = [], 0.0
    for clip in clips:
        starts.append(round(t, 6))
        t += clip.seconds - overlap
    return starts


def voice_starts(clips: list[ShotClip], lead: float, overlap: float = 0.0) -> list[float]:
    """When each shot's narration starts on the clip's timeline (audio and subtitles both use it)."""
    return [round(s + voice_lead(k, lead, overlap), 6) for k, s in enumerate(timeline(clips, overlap))]


def total_seconds(clips: list[ShotClip], overlap: float = 0.0) -> float:
    return sum(c.seconds for c in clips) - overlap * (len(clips) - 1)


# ---------------------------------------------------------------- limits


def plan_video_bitrate(preset: Preset, seconds: float) -> int:
    """The video bitrate cap (bit/s) for a clip of `seconds`: the preset's, or lower to fit its file
    size limit; a clip that cannot fit even at the preset's minimum is refused."""
    cap = bits_per_second(preset.video_bitrate)
    audio = bits_per_second(preset.audio_bitrate)
    budget = preset.max_bytes * 8 * SIZE_MARGIN / seconds - audio
    if budget >= cap:
        return cap
    floor = bits_per_second(preset.min_video_bitrate)
    if budget < floor:
        raise ReelflowError(
            f"a {seconds:.0f} s clip cannot fit {preset.name}'s {_size(preset.max_bytes)} file-size limit "
            f"(it would need under {max(budget, 0) / 1000:.0f} kbit/s of video, below the "
            f"{floor / 1000:.0f} kbit/s minimum); lower --max-seconds"
        )
    log.info("Lowering the video bitrate to %.0f kbit/s to fit %s's %s limit.", budget / 1000, preset.name,
             _size(preset.max_bytes))
    return int(budget)


class _TooBig(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _size(n: int) -> str:
    return f"{n / 1e9:g} GB" if n >= 1e9 else f"{n / 1e6:g} MB" if n >= 1e6 else f"{n / 1e3:g} kB"


# ---------------------------------------------------------------- the graph


def fit_chain(src_w: int, src_h: int, preset: Preset, tag: str, master: tuple[int, int] | None = None,
              interest: Interest | None = None) -> str:
    """Filters (input [tag_in], output [tag_fit]) that fit a src_w×src_h clip to the preset's frame.

    Same size: nothing. Close aspect, or the `master` size (a picture shared by several cuts, made to
    be cropped): scale to cover and crop — around the subject where the clip's `interest` says where it
    is (reelflow.framing), else from the middle; a crop that would cut the subject off becomes a pad.
    Far aspect and smaller (a 16:9 model clip in a 9:16 frame): the clip whole, over a blurred, darkened
    copy of itself that fills the frame. The blur runs at 1/8 size and is scaled up — a full-size box
    blur would cost more than the encode.
    """
    w, h = preset.width, preset.height
    if (src_w, src_h) == (w, h):
        return f"[{tag}_in]null[{tag}_fit]"
    close = abs(src_w / src_h - w / h) / (w / h) < CROP_ASPECT_TOLERANCE
    # A picture shared by several cuts (its subject known) is cropped while the crop keeps enough of it.
    shared = interest is not None and min(src_w * h / (src_h * w), src_h * w / (src_w * h)) >= MIN_CROP_AREA
    if close or (src_w, src_h) == master or shared:
        # Close aspect, the master picture made to cover several cuts' frames, or a shared picture: this
        # cut's shape from it, around its subject.
        x, y, lose = crop_origin(interest, src_w, src_h, w, h)
        if not lose:
            return (f"[{tag}_in]scale={w}:{h}:force_original_aspect_ratio=increase,"
                    f"crop={w}:{h}:x='min({x},iw-{w})':y='min({y},ih-{h})'[{tag}_fit]")
    sw, sh = max(2, w // 8 // 2 * 2), max(2, h // 8 // 2 * 2)
    return (
        f"[{tag}_in]split[{tag}_a][{tag}_b];"
        f"[{tag}_a]scale={sw}:{sh}:force_original_aspect_ratio=increase,crop={sw}:{sh},boxblur=6:2,"
        f"eq=brightness=-0.08,scale={w}:{h}[{tag}_bg];"
        f"[{tag}_b]scale={w}:{h}:force_original_aspect_ratio=decrease[{tag}_fg];"
        f"[{tag}_bg][{tag}_fg]overlay=(W-w)/2:(H-h)/2[{tag}_fit]"
    )


def video_graph(clips: list[ShotClip], durations: list[float], preset: Preset, overlap: float,
                ass_path: Path | None, master: tuple[int, int] | None = None) -> str:  # fmt: skip
    """The picture path as one filter graph: inputs 0..n-1 are the clips, the output is [v].

    Every clip is fitted, set to the preset's rate, padded (last frame held) or trimmed to exactly its
    `seconds`, then the clips are concatenated or cross-faded, and the subtitles/label drawn on top.
    """
    fps, parts, labels = preset.fps, [], []
    for k, (clip, actual) in enumerate(zip(clips, durations, strict=True)):
        tag = f"c{k}"
        pad = max(0.0, clip.seconds - actual) + 2 / fps
        parts.append(f"[{k}:v]setpts=PTS-STARTPTS[{tag}_in]")
        parts.append(fit_chain(clip.width, clip.height, preset, tag, master, clip.interest))
        parts.append(
            f"[{tag}_fit]fps={fps},setsar=1,format=yuv420p,tpad=stop_mode=clone:stop_duration={pad:.3f},"
            f"trim=duration={clip.seconds:.6f},setpts=PTS-STARTPTS,settb=1/{fps}[v{k}]"
        )
        labels.append(f"[v{k}]")
    if len(clips) == 1:
        parts.append("[v0]null[joined]")
    elif overlap <= 0:
        parts.append(f"{''.join(labels)}concat=n={len(clips)}:v=1:a=0[joined]")
    else:
        starts = timeline(clips, overlap)
        prev = "[v0]"
        for k in range(1, len(clips)):
            out = "[joined]" if k == len(clips) - 1 else f"[x{k}]"
            parts.append(f"{prev}[v{k}]xfade=transition=fade:duration={overlap:.3f}:offset={starts[k]:.6f}{out}")
            prev = out
    if ass_path is not None:
        subs = f"subtitles=filename={filter_path(ass_path)}:fontsdir={filter_path(FONTS_DIR)},"
    else:
        subs = ""
    parts.append(f"[joined]{subs}format=yuv420p[v]")
    return ";".join(parts)


# ---------------------------------------------------------------- metadata


def description(storyboard: Storyboard, limit: int | None = None) -> str:
    """The opening of the narration, whole sentences up to ~120 characters (zh) / 220 (en)."""
    limit = limit or (120 if storyboard.language == "zh" else 220)
    joiner = "" if storyboard.language == "zh" else " "
    text = ""
    for shot in storyboard.shots:
        candidate = (text + joiner + shot.narration.strip()) if text else shot.narration.strip()
        if len(candidate) > limit and text:
            break
        text = candidate
        if len(text) >= limit * 0.6:
            break
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def music_credit_line(credit: dict[str, object] | None, language: str) -> str:
    """The line crediting the music in the post's description (licences such as CC-BY require
    attribution where the work is published); none for reelflow's own generated bed."""
    if not credit or credit.get("generated") or not (credit.get("title") or credit.get("file")):
        return ""
    title = str(credit.get("title") or Path(str(credit["file"])).stem)
    artist, licence = credit.get("artist"), credit.get("licence")
    if language == "zh":
        return f"音乐：{title}" + (f" - {artist}" if artist else "") + (f"（{licence}）" if licence else "")
    return f"Music: {title}" + (f" by {artist}" if artist else "") + (f" ({licence})" if licence else "")


# ---------------------------------------------------------------- the cut


WORK_FILES = ("mix.wav", "subs.ass", "subs.srt", "cover.ass")
"""What a cut writes in its work dir for itself alone: removed when it ends, finished or failed (11 MB a clip)."""


def cut(storyboard: Storyboard, narrations: list[Narration], clips: list[ShotClip], preset: Preset, out_path: Path,
        work_dir: Path, options: CutOptions | None = None, content_id: str = "") -> Draft:
    """Cut the finished clip and write its sidecars (SRT, ASS, cover JPEG, metadata JSON) beside it."""
    try:
        return _cut(storyboard, narrations, clips, preset, out_path, work_dir, options, content_id)
    finally:
        for name in WORK_FILES:
            (Path(work_dir) / name).unlink(missing_ok=True)


def _cut(
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
    if opts.transition not in TRANSITIONS:
        raise ReelflowError(f"unknown transition {opts.transition!r}; known: {', '.join(TRANSITIONS)}")
    if len(narrations) != len(clips) or not clips:
        raise ReelflowError(f"cut needs one narration per shot: got {len(narrations)} and {len(clips)} clips")
    order = sorted(range(len(clips)), key=lambda i: clips[i].index)
    clips, narrations = [clips[i] for i in order], [narrations[i] for i in order]
    overlap = overlap_for(clips, narrations, opts)
    starts = timeline(clips, overlap)
    voices = voice_starts(clips, opts.lead, overlap)
    total = total_seconds(clips, overlap)
    if total > preset.max_seconds:
        raise ReelflowError(
            f"the clip would be {total:.0f} s, longer than {preset.name}'s limit of {preset.max_seconds:.0f} s; "
            "lower --max-seconds"
        )
    video_bps = plan_video_bitrate(preset, total)
    work_dir.mkdir(parents=True, exist_ok=True)
    out_path = Path(out_path)
    durations = [_clip_seconds(c) for c in clips]

    # Audio: every narration once its shot is on screen, music ducked under it, loudness-normalised.
    mixed = work_dir / "mix.wav"
    segments = [(Path(n.audio_path), v) for n, v in zip(narrations, voices, strict=True)]
    mix = mix_narration(segments, total, mixed, music=opts.music, preset=preset, music_db=opts.music_db)

    # Subtitles from the word timings, on the same timeline.
    cues: list[Cue] = []
    for n, v in zip(narrations, voices, strict=True):
        cues += cues_for_narration(n.text, n.words, storyboard.language, offset=v, end=n.duration,
                                   limit=line_limit(storyboard.language, preset.portrait))
    label = opts.label or visible_label(storyboard.language)
    # Written in the work dir and put beside the clip once it is finished: a cut killed half-way leaves
    # no subtitles under the clip's name without the clip.
    ass_path, srt_path = out_path.with_suffix(".ass"), out_path.with_suffix(".srt")
    work_ass, work_srt = work_dir / "subs.ass", work_dir / "subs.srt"
    write_ass(cues, work_ass, preset, label=label, duration=total)
    write_srt(cues, work_srt)

    metadata = {
        "title": storyboard.title,
        "comment": f"{label} · made with reelflow",
        "AIGC": implicit_label_json(content_id or storyboard.hash()[:32],
                                    opts.settings.producer if opts.settings else None),
    }
    meta_args = [a for k, v in metadata.items() for a in ("-metadata", f"{k}={v}")]
    inputs = [a for c in clips for a in ("-i", str(c.path))]
    graph = video_graph(clips, durations, preset, overlap, work_ass, opts.master)
    floor = bits_per_second(preset.min_video_bitrate)
    for attempt in range(2):
        try:
            with atomic_path(out_path) as part:
                run_ffmpeg(
                    [
                        *inputs,
                        "-i", str(mix.path),
                        "-filter_complex", graph,
                        "-map", "[v]", "-map", f"{len(clips)}:a:0",
                        "-r", str(preset.fps),
                        "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p",
                        "-preset", preset.x264_preset, "-crf", str(preset.crf),
                        "-maxrate", str(video_bps), "-bufsize", str(2 * video_bps),
                        "-g", str(preset.fps * 2),
                        "-c:a", "aac", "-b:a", preset.audio_bitrate, "-ar", "48000", "-ac", "2",
                        "-t", f"{total:.3f}",
                        "-movflags", "+faststart+use_metadata_tags",
                        *meta_args,
                        str(part),
                    ],
                    "encoding the final clip",
                )  # fmt: skip
                # Provenance: C2PA manifest (+ audio cue), signed right after the encode, before the sidecars.
                seal(part, ManifestInfo.from_cut(storyboard, narrations, clips, content_id, label), opts.settings)
                if part.stat().st_size > preset.max_bytes:
                    raise _TooBig(part.stat().st_size)
            break
        except _TooBig as big:  # the encoder's buffer slack overshot: once more, lower by the overshoot
            lower = int(video_bps * preset.max_bytes / big.size * SIZE_MARGIN)
            if attempt == 1 or lower < floor:
                raise ReelflowError(
                    f"the clip came out at {_size(big.size)}, over {preset.name}'s {_size(preset.max_bytes)} "
                    "limit; lower --max-seconds"
                ) from None
            video_bps = lower
    copy_atomic(work_ass, ass_path)
    copy_atomic(work_srt, srt_path)
    thumb = out_path.with_suffix(".jpg")
    k = 0  # the opening shot: what the viewer sees first
    write_cover(clips[k], min(clips[k].seconds * 0.5, max(durations[k] - 0.1, 0.0)), storyboard.title,
                storyboard.language, label, preset, work_dir, thumb, opts.master,
                Brand.from_options(brand_options(opts.settings)) if opts.settings else None)

    info = probe(out_path)
    music_credit = opts.music_credit or {"file": opts.music.name if opts.music else None}
    credit_line = music_credit_line(music_credit, storyboard.language)
    tags = hashtags(storyboard)
    # Stock pictures are someone's work: each library asks for a line naming the author, in the post too.
    picture_credits = list(dict.fromkeys(c.credit.line() for c in clips if c.credit))
    credits_text = "\n".join([*picture_credits, *([credit_line] if credit_line else [])])
    draft_meta: dict[str, object] = {
        "title": storyboard.title,
        "description": description(storyboard) + (f"\n\n{credits_text}" if credits_text else ""),
        "hashtags": tags,
        "tags": [t.removeprefix("#") for t in tags],  # what the publishers send as the post's tags
        "language": storyboard.language,
        "shots": len(clips),
        # What each shot says and shows, and where it sits in the clip: readable without parsing the SRT.
        "shot_list": [
            {"shot": shot.index + 1, "narration": shot.narration, "key_phrase": shot.key_phrase,
             "visual_prompt": shot.visual_prompt, "camera": shot.camera, "image": shot.image,
             "visual": shot.visual.kind if shot.visual else "scene",
             "renderer": clip.renderer, "render": Path(clip.path).name,
             "credit": clip.credit.model_dump(mode="json") if clip.credit else None, "fallbacks": clip.fallbacks,
             "start": round(start, 3), "end": round(start + duration, 3),
             "voice_start": round(voice, 3), "voice_seconds": round(narration.duration, 3)}
            for shot, clip, narration, start, duration, voice in zip(
                _shots_for(storyboard, clips), clips, narrations, starts, durations, voices, strict=True)
        ],
        "planner": storyboard.planner,
        "renderer": sorted({c.renderer for c in clips}),
        "picture_credits": picture_credits,
        "voices": sorted({f"{n.engine}:{n.voice}" for n in narrations}),
        "music": music_credit,
        "mood": storyboard.mood,
        "transition": {"kind": opts.transition if overlap > 0 else "cut", "seconds": overlap},
        "timeline": [round(s, 3) for s in starts],
        "voice_starts": [round(v, 3) for v in voices],
        "video_bitrate_max": video_bps,
        "file_bytes": out_path.stat().st_size,
        "loudness_lufs": round(mix.integrated_lufs, 2),
        "true_peak_db": round(mix.true_peak_db, 2),
        "ai_label": label,
        "aigc": json.loads(metadata["AIGC"]),
        **opts.extra_metadata,
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


def write_cover(clip: ShotClip, at: float, title: str, language: str, label: str, preset: Preset, work_dir: Path,
                out: Path, master: tuple[int, int] | None = None, brand: Brand | None = None) -> None:
    """The cover (the post's thumbnail and the review page's first picture): one designed frame.

    A clean picture: the shot's frame at `at` s, blurred until any text it carries is gone (the
    animatic draws its key phrase there; a title set over words is unreadable) and dimmed a little;
    then the title, set once inside the preset's safe area, and the AI label; with a brand, the title in its
    font and its logo where the graphics put it.
    """
    brand = brand or Brand()
    font_path, font_name = brand.font_for(title)
    cover_ass = write_cover_ass(title, preset, work_dir / "cover.ass", language=language, label=label,
                                font=font_name)
    fonts = brand.fonts_dir(work_dir / "cover-fonts") if font_path == brand.font else FONTS_DIR
    graph = (
        f"[0:v]setpts=PTS-STARTPTS[c_in];{fit_chain(clip.width, clip.height, preset, 'c', master, clip.interest)};"
        f"[c_fit]gblur=sigma={max(8, min(preset.width, preset.height) // 10)},eq=brightness=-0.06[c_clean];"
        f"[c_clean]subtitles=filename={filter_path(cover_ass)}:fontsdir={filter_path(fonts)}"
    )
    inputs = ["-ss", f"{at:.2f}", "-i", str(clip.path)]
    logo = brand.logo_png(preset.width, preset.height, graphics_top(preset.width, preset.height),
                          work_dir / "cover-logo.png")
    if logo is not None:
        inputs += ["-i", str(logo[0])]
        graph += f"[c_t];[c_t][1:v]overlay=x={logo[1]}:y={logo[2]}"
    with atomic_path(out) as part:
        run_ffmpeg([*inputs, "-filter_complex", graph + "[cover]", "-map", "[cover]",
                    "-frames:v", "1", "-q:v", "3", "-f", "image2", str(part)], "writing the cover")  # fmt: skip


def _shots_for(storyboard: Storyboard, clips: list[ShotClip]) -> list[Shot]:
    """The storyboard's shot for each clip (clips carry their shot's index)."""
    by_index = {shot.index: shot for shot in storyboard.shots}
    return [by_index[clip.index] for clip in clips]


def _clip_seconds(clip: ShotClip) -> float:
    """The clip file's real length (a model may return a few frames more or less than asked)."""
    try:
        return probe(clip.path).duration or clip.seconds
    except Exception as exc:  # noqa: BLE001 - PyAV raises many kinds; the message names the file
        raise ReelflowError(f"cannot read shot clip {clip.path}: {exc}") from None


