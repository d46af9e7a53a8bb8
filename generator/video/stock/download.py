"""Fetching one stock file: the right size, resumable, size-capped, checked, cached, written atomically.

A file is kept under <download_dir>/<provider>-<id>-<w>x<h>-<hash><ext>, so a second render of the same
item downloads nothing (Pixabay asks that results be cached, not hotlinked). While it downloads it is a
`.part` file beside that name; a download cut off is resumed from where it stopped with an HTTP Range
request. It is decoded once before it gets its name, so a file in the cache is one that plays.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from generator.video.stock.candidate import Candidate, Rendition
from generator.video.stock.keys import scrub
from generator.video.stock.options import StockOptions
from generator.video.stock.transport import RETRYABLE, SITE, StockError, server_wait
from reelflow.media import atomic_path, probe

log = logging.getLogger("reelflow.stock")

_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def pick_rendition(renditions: Sequence[Rendition], width: int, height: int) -> Rendition:
    """The file closest to the frame: the smallest whose short side covers the frame's, else the largest."""
    short = min(width, height)
    big = [r for r in renditions if min(r.width, r.height) >= short]
    if big:
        return min(big, key=lambda r: (r.width * r.height, r.size or 0))
    return max(renditions, key=lambda r: (r.width * r.height, r.size or 0))


def cache_path(folder: Path, candidate: Candidate, rendition: Rendition) -> Path:
    """Where this item's file lives: named by (provider, id, rendition), never by anything secret."""
    url = scrub(rendition.url)
    ext = Path(httpx.URL(url).path).suffix.lower()
    if ext not in (".mp4", ".mov", ".webm", ".jpg", ".jpeg", ".png", ".webp"):
        ext = ".mp4" if candidate.kind == "video" else ".jpg"
    item = re.sub(r"[^A-Za-z0-9_-]", "_", candidate.item_id)[:40]
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    return folder / f"{candidate.provider}-{item}-{rendition.width}x{rendition.height}-{digest}{ext}"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def fetch(client: httpx.Client, candidate: Candidate, rendition: Rendition, opts: StockOptions) -> Path:
    """The item's file on disk: from the cache, or downloaded, checked and put there. StockError when it cannot be."""
    final = cache_path(Path(opts.download_dir), candidate, rendition)
    if final.is_file():
        log.debug("Stock cache hit: %s", final.name)
        return final
    if rendition.size and rendition.size > opts.max_bytes:
        raise StockError(f"the file is {_mb(rendition.size)}, over stock.max_download_mb "
                         f"({opts.max_download_mb:g} MB)")
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(final.name + ".part")
    _download(client, candidate, rendition.url, part, opts)
    try:
        check(part, candidate.kind)
    except StockError:
        part.unlink(missing_ok=True)
        raise
    with atomic_path(final) as tmp:
        os.replace(part, tmp)
    return final


def _download(client: httpx.Client, candidate: Candidate, url: str, part: Path, opts: StockOptions) -> None:
    """Download `url` into `part`, resuming what is already there; retries what can pass."""
    site = SITE.get(candidate.provider, candidate.provider)
    attempt = 0
    while True:
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        wait: float | None = None
        try:
            with client.stream("GET", url, headers=headers, timeout=opts.timeout_seconds) as response:
                status = response.status_code
                if status == 416 and have:  # the .part is no prefix of this file: start again
                    part.unlink(missing_ok=True)
                    problem = "the partial file did not match"
                elif status in RETRYABLE:
                    problem, wait = f"answered {status}", server_wait(response)
                elif status >= 400:
                    raise StockError(f"{site} download failed: answered {status}")
                else:
                    expected = _write(response, part, have, opts)
                    got = part.stat().st_size
                    if expected is None or got == expected:
                        return
                    problem = f"the download stopped at {_mb(got)} of {_mb(expected)}"
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            got = part.stat().st_size if part.exists() else 0
            how = "timed out" if isinstance(exc, httpx.TimeoutException) else "was cut off"
            problem = f"the download {how} after {_mb(got)}"
        if attempt >= opts.retries:
            raise StockError(f"{site} download failed: {problem}"
                             + (f" ({attempt + 1} tries)" if attempt else ""))
        wait = min(0.2 * 2**attempt, opts.max_wait_seconds) if wait is None else wait
        if wait > opts.max_wait_seconds:
            raise StockError(f"{site} download failed: {problem}, and it asks to wait {wait:.0f} s")
        attempt += 1
        log.info("%s: %s; resuming (try %d of %d).", candidate.describe(), problem, attempt + 1, opts.retries + 1)
        time.sleep(wait)


def _write(response: httpx.Response, part: Path, have: int, opts: StockOptions) -> int | None:
    """Append (206) or rewrite (200) `part` from the response; the file's whole expected size if known."""
    length = response.headers.get("Content-Length")
    if response.status_code == 206:
        match = _RANGE.match(response.headers.get("Content-Range", ""))
        if not match or int(match.group(1)) != have:
            part.unlink(missing_ok=True)  # a resume we cannot line up: start again from the first byte
            raise httpx.RemoteProtocolError("the server resumed at another offset")
        total = int(match.group(3)) if match.group(3) != "*" else None
        mode = "ab"
    else:
        total = int(length) if length else None
        have, mode = 0, "wb"
    if total is not None and total > opts.max_bytes:
        part.unlink(missing_ok=True)
        raise StockError(f"the file is {_mb(total)}, over stock.max_download_mb "
                         f"({opts.max_download_mb:g} MB); not downloaded")
    size = have
    with part.open(mode) as f:
        for chunk in response.iter_raw():  # the bytes as sent: what a Range counts
            size += len(chunk)
            if size > opts.max_bytes:
                f.close()
                part.unlink(missing_ok=True)
                raise StockError(f"the file grew past stock.max_download_mb "
                                 f"({opts.max_download_mb:g} MB) while downloading; stopped")
            f.write(chunk)
    return total


def check(path: Path, kind: str) -> None:
    """Decode the file once (a first and a last frame for a video) so a broken one never enters the cache."""
    try:
        if kind == "photo":
            from PIL import Image

            with Image.open(path) as img:
                img.load()
                if not (img.width and img.height):
                    raise ValueError("no pixels")
            return
        info = probe(path)
        if not (info.width and info.height and info.duration > 0):
            raise ValueError("no video stream")
        _decode_ends(path, info.duration)
    except Exception as exc:
        text = str(exc).replace(str(path), path.name).split(": '")[0]  # PyAV appends the path; keep it short
        reason = text.splitlines()[0][:100] if text else type(exc).__name__
        raise StockError(f"the file does not decode as a {kind} ({reason})") from None


def _decode_ends(path: Path, duration: float) -> None:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        next(container.decode(stream))
        if duration > 1.0 and stream.time_base:
            container.seek(int((duration - 0.5) / stream.time_base), stream=stream)
            next(container.decode(stream))
