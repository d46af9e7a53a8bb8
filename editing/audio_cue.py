"""An optional tonal cue at the start of a clip: an audible "this is AI-made" notice (GB 45438-2025
allows a voice or tonal cue beside the visible label).

Two short soft sine notes (880 Hz, then 1320 Hz; 0.36 s in all, about -18 dBFS) mixed over the
opening of the finished clip's audio. The picture is copied untouched; only the audio is encoded
again, and the container's metadata (the AIGC label) is carried over.
"""

from __future__ import annotations

from pathlib import Path

from reelflow.media import atomic_path, run_ffmpeg

CUE_NOTES = ((880.0, 0.0, 0.16), (1320.0, 0.18, 0.18))  # (Hz, start s, length s)
CUE_LEVEL = 0.12  # peak amplitude of each note, about -18 dBFS
SINE_AMPLITUDE = 0.125  # what ffmpeg's sine source makes
CUE_SECONDS = 0.36


def _cue_graph() -> str:
    notes = []
    for k, (hz, start, length) in enumerate(CUE_NOTES):
        fade = min(0.03, length / 4)
        notes.append(
            f"sine=frequency={hz:g}:duration={length:g}:sample_rate=48000,volume={CUE_LEVEL / SINE_AMPLITUDE:g},"
            f"afade=t=in:d={fade:g},afade=t=out:st={length - fade:g}:d={fade:g},"
            f"adelay={round(start * 1000)}:all=1,aformat=channel_layouts=stereo[n{k}]"
        )
    inputs = "".join(f"[n{k}]" for k in range(len(CUE_NOTES)))
    return ";".join(notes) + f";{inputs}amix=inputs={len(CUE_NOTES)}:normalize=0[cue]"


def add_cue(path: Path, audio_bitrate: str | None = None) -> None:
    """Mix the cue into the start of the MP4 at `path`, in place (atomically).

    A limiter keeps the sum under -1 dBFS where the cue meets the first syllable.
    """
    from reelflow.media import probe

    info = probe(path)
    if info.audio_codec is None:
        return  # nothing to mix into; the visible label still marks the clip
    bitrate = audio_bitrate or _audio_bitrate(path) or "128k"
    graph = f"{_cue_graph()};[0:a][cue]amix=inputs=2:duration=first:normalize=0,alimiter=limit=0.85:level=0[a]"
    with atomic_path(path) as part:
        run_ffmpeg(
            ["-i", str(path), "-filter_complex", graph, "-map", "0:v:0", "-map", "[a]",
             "-c:v", "copy", "-c:a", "aac", "-b:a", bitrate, "-ar", str(info.sample_rate or 48000),
             "-map_metadata", "0", "-movflags", "+faststart+use_metadata_tags", str(part)],
            "adding the audio cue",
        )


def _audio_bitrate(path: Path) -> str | None:
    import av

    with av.open(str(path)) as container:
        stream = next(iter(container.streams.audio), None)
        rate = stream.bit_rate if stream is not None else None
    return f"{max(64, round(rate / 1000))}k" if rate else None
