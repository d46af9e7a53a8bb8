"""Small helpers every media stage shares: the ffmpeg binary, running it, probing, atomic files.

ffmpeg comes from imageio-ffmpeg's static build (libass, libx264, loudnorm, sidechaincompress),
so no system ffmpeg is assumed. Probing uses PyAV, which reads the same containers.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reelflow.errors import ReelflowError

FONTS_DIR = Path(__file__).parent / "assets" / "fonts"
CJK_FONT = FONTS_DIR / "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"


@cache
def ffmpeg_exe() -> str:
    """The ffmpeg to use: REELFLOW_FFMPEG if set, else imageio-ffmpeg's static build."""
    override = os.environ.get("REELFLOW_FFMPEG")
    if override:
        return override
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _libc_prctl() -> Any:
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
    except (OSError, AttributeError):
        return None


_PRCTL = _libc_prctl()
PR_SET_PDEATHSIG = 1


def dies_with_parent() -> None:
    """preexec_fn for a child that must not outlive us (ffmpeg): killed when our process dies, kill -9 too.

    Linux's PR_SET_PDEATHSIG; a resolved libc function called in the child, nothing imported there."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


def run_ffmpeg(args: list[str], what: str) -> str:
    """Run ffmpeg quietly; on failure raise with the last lines of its log. Returns stderr."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", preexec_fn=dies_with_parent)
    if proc.returncode != 0:
        tail = " | ".join(line.strip() for line in proc.stderr.strip().splitlines()[-4:])
        raise ReelflowError(f"ffmpeg failed while {what}: {tail}")
    return proc.stderr


def filter_path(path: str | Path) -> str:
    """A path as a filter option's value inside a filtergraph: escaped for the option (\\ ' :), then for
    the graph (\\ ' [ ] , ;), with no quotes, so any name a file system accepts passes through."""
    value = "".join("\\" + c if c in "\\':" else c for c in str(path))
    return "".join("\\" + c if c in "\\'[],;" else c for c in value)


@dataclass(frozen=True)
class Probe:
    duration: float
    width: int | None
    height: int | None
    fps: float | None
    video_codec: str | None
    video_profile: str | None
    pix_fmt: str | None
    audio_codec: str | None
    sample_rate: int | None
    channels: int | None


def probe(path: str | Path) -> Probe:
    """Read a media file's streams with PyAV."""
    import av

    with av.open(str(path)) as container:
        v = next(iter(container.streams.video), None)
        a = next(iter(container.streams.audio), None)
        if container.duration is not None:
            duration = container.duration / 1_000_000
        else:
            stream = v or a
            duration = float(stream.duration * stream.time_base) if stream and stream.duration else 0.0
        return Probe(
            duration=duration,
            width=v.codec_context.width if v else None,
            height=v.codec_context.height if v else None,
            fps=float(v.average_rate) if v and v.average_rate else None,
            video_codec=v.codec_context.name if v else None,
            video_profile=v.codec_context.profile if v else None,
            pix_fmt=v.codec_context.pix_fmt if v else None,
            audio_codec=a.codec_context.name if a else None,
            sample_rate=a.codec_context.sample_rate if a else None,
            channels=a.codec_context.channels if a else None,
        )


@contextlib.contextmanager
def atomic_path(final: str | Path) -> Iterator[Path]:
    """Yield a temp path beside `final`; rename it into place only if the block succeeds.

    A crash or error never leaves a half-written file under the finished name.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{_part_stem(final)}.p{os.getpid()}-", suffix=f".part{final.suffix}",
                               dir=final.parent)  # the writer's pid in the name: sweep_parts knows when it is dead
    os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; a finished file follows the umask like any other
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


NAME_MAX = 255  # bytes in one file name on every file system we run on


def short_stem(stem: str, max_bytes: int) -> str:
    """`stem` cut to at most `max_bytes` of UTF-8 on a character boundary, so names built from an
    article's (legal, up to 255-byte) name plus suffixes still fit in NAME_MAX."""
    raw = stem.encode("utf-8", "surrogateescape")
    if len(raw) <= max_bytes:
        return stem
    return raw[:max_bytes].decode("utf-8", "ignore").rstrip() or "article"


def fit_name(stem: str, room: int) -> str:
    """`stem` cut (at a character boundary) to at most `room` UTF-8 bytes (see short_stem)."""
    return short_stem(stem, room)


def _part_stem(final: Path) -> str:
    # ".{stem}.{8 random}.part{suffix}" must fit NAME_MAX whatever the final name's length.
    budget = NAME_MAX - len(f"..p4194304-XXXXXXXX.part{final.suffix}".encode()) - 8
    return short_stem(final.stem, budget)


def current_umask() -> int:
    # Read, not set-and-restore: os.umask(0) would briefly open files other threads create.
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text().splitlines()
        return int(next(line for line in status if line.startswith("Umask:")).split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sweep_parts(final: str | Path, older_than: float) -> list[Path]:
    """Delete temp files `atomic_path` left beside `final` when its process was killed (kill -9 skips
    the clean-up). A part is stale when the process that wrote it is gone, however young; a part
    from a live process is kept, however old. Parts without a writer's pid (older releases) go
    once untouched for `older_than` seconds."""
    final = Path(final)
    cutoff = time.time() - older_than
    removed = []
    for part in final.parent.glob(f".{glob.escape(_part_stem(final))}.*.part{final.suffix}"):
        writer = _writer_pid(part.name)
        with contextlib.suppress(FileNotFoundError):
            stale = not _alive(writer) if writer is not None else part.stat().st_mtime < cutoff
            if stale:
                part.unlink()
                removed.append(part)
    return removed


@contextlib.contextmanager
def scratch_dir(beside: str | Path, what: str) -> Iterator[Path]:
    """A scratch folder in `beside` (under the data dir, not /tmp), named with this process's pid, removed
    when the block ends; one a killed process left is removed by `sweep_scratch` once that process is gone."""
    folder = Path(beside)
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{what}.p{os.getpid()}-", suffix=".scratch", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sweep_scratch(folder: str | Path) -> list[Path]:
    """Remove scratch folders in `folder` whose process is gone (kill -9 skips their clean-up)."""
    removed = []
    for path in Path(folder).glob(".*.scratch") if Path(folder).is_dir() else []:
        pid = _writer_pid(path.name.removesuffix(".scratch") + ".part")
        if pid is not None and not _alive(pid) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _writer_pid(name: str) -> int | None:
    tail = name.rsplit(".part", 1)[0].rsplit(".", 1)[-1]  # "p1234-abcd1234"
    if tail.startswith("p") and "-" in tail and tail[1:tail.index("-")].isdigit():
        return int(tail[1:tail.index("-")])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def atomic_write_text(final: str | Path, text: str) -> None:
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def copy_atomic(src: str | Path, final: str | Path) -> None:
    with atomic_path(final) as tmp:
        shutil.copyfile(src, tmp)
