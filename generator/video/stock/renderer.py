"""`StockRenderer`: a shot made from a stock video (or a photo under a camera move), with its credit.

`plan` picks one item per scene shot for the whole clip, so no item shows twice; `render` makes the
shot from the planned item (or searches itself), falling back item by item and then provider by
provider, and says why in `ShotClip.fallbacks`. A video shorter than the shot is followed by a second
clip, never looped. Each clip gets a `<clip>.json` sidecar with its credit, so a cached clip keeps it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx

from generator.video import register
from generator.video.base import RenderRequest, sidecar_path
from generator.video.stock import NoStock, choose
from generator.video.stock.candidate import Candidate, Query, orientation_of
from generator.video.stock.download import fetch, pick_rendition
from generator.video.stock.options import StockOptions
from generator.video.stock.search import find, shot_terms
from generator.video.stock.transport import SITE, StockError
from reelflow.errors import ReelflowError
from reelflow.media import atomic_path, atomic_write_text, probe, run_ffmpeg
from reelflow.models import Credit, SceneVisual, ShotClip
from reelflow.settings import StockSettings

log = logging.getLogger("reelflow.stock")

NEXT = 5  # planned spare items per shot: fallbacks, and second clips for a short video


def _planned(request: RenderRequest) -> list[Candidate]:
    """The items `plan` gave this shot: its own, then its spares (none when it was not planned)."""
    first = request.options.get("stock_item")
    rest = request.options.get("stock_next") or []
    return [Candidate.from_dict(d) for d in [first, *rest] if isinstance(d, dict)]  # type: ignore[misc]


def _query(request: RenderRequest, kind: str) -> Query:
    # A picture made for several cuts (a master frame) is searched in the shape of the first cut, the main one.
    w, h = request.options.get("shape") or (request.width, request.height)  # type: ignore[misc]
    return Query(tuple(shot_terms(request.shot)), kind, orientation_of(w, h),  # type: ignore[arg-type]
                 request.language)


class _Attempt:
    """One shot's render: the reasons better items were passed over, and the items already tried."""

    def __init__(self, request: RenderRequest) -> None:
        self.request = request
        self.fallbacks: list[str] = []
        self.tried: set[tuple[str, str]] = set()

    def note(self, reason: str) -> None:
        line = f"stock: {reason}"
        self.fallbacks.append(line)
        log.warning("Shot %d: %s.", self.request.shot.index + 1, line.removeprefix("stock: "))


@register("stock", needs={"network", "key"}, settings=StockSettings)
class StockRenderer:
    name = "stock"
    version = "1"

    def options_from_settings(self, settings: Any) -> dict[str, object]:
        """The `stock` settings as plain data (no key is a setting: keys are read when a request is made)."""
        return StockOptions.from_settings(settings).to_dict()

    def cache_options(self, request: RenderRequest) -> dict[str, object]:
        """What changes the pixels: the planned items when the request carries them, else the search itself."""
        items = _planned(request)
        if items:
            return {"items": [[c.provider, c.item_id, c.kind] for c in items]}
        opts = StockOptions.from_dict(request.options)
        return {"query": shot_terms(request.shot), "language": request.language, "providers": list(opts.providers),
                "photos": opts.photos, "pexels_url": opts.pexels_url, "pixabay_url": opts.pixabay_url,
                "per_page": opts.per_page}

    # -------------------------------------------------------------------------------------- plan

    def plan(self, requests: list[RenderRequest], avoid: Iterable[tuple[str, str]] = ()) -> dict[int, dict]:
        """One item per scene shot, no item twice in the clip; {shot index: options to add to its request}."""
        used = set(avoid)
        picks: dict[int, tuple[Candidate, list[Candidate]]] = {}
        down: set[str] = set()  # providers that failed once: not asked again for this clip
        with httpx.Client(follow_redirects=True) as client:
            for request in requests:
                if not isinstance(request.shot.visual, SceneVisual) or not shot_terms(request.shot):
                    continue
                ranked = self._search(client, request, StockOptions.from_dict(request.options), used, down)
                # A reviewer who asked for another clip (take n) gets the n-th next best one.
                ranked = ranked[min(request.shot.take, max(0, len(ranked) - 1)):]
                if ranked:
                    picks[request.shot.index] = (ranked[0], ranked[1:])
                    used.add(ranked[0].key)
        # Spares (fallbacks, second clips) are never another shot's item either: each goes to one shot only.
        taken = {first.key for first, _ in picks.values()}
        spares: dict[int, list[Candidate]] = {}
        for index, (_, rest) in picks.items():
            spares[index] = [c for c in rest if c.key not in taken][:NEXT]
            taken |= {c.key for c in spares[index]}
        out: dict[int, dict] = {}
        for index, (first, _) in picks.items():
            mine = {first.key} | {c.key for c in spares[index]}
            out[index] = {"stock_item": first.to_dict(), "stock_next": [c.to_dict() for c in spares[index]],
                          "stock_avoid": [list(k) for k in sorted((taken | used) - mine)]}
        return out

    def _search(self, client: httpx.Client, request: RenderRequest, opts: StockOptions,
                used: set[tuple[str, str]], down: set[str]) -> list[Candidate]:
        """The first provider's ranked unused items (videos, else photos when allowed)."""
        kinds = ("video", "photo") if opts.photos else ("video",)
        for kind in kinds:
            for provider in opts.providers:
                if provider in down:
                    continue
                query = _query(request, kind)
                try:
                    found = find(client, provider, query, opts, used)
                except StockError as exc:
                    log.warning("Planning stock: %s.", exc)
                    down.add(provider)
                    continue
                ranked = choose.rank(found, choose.terms(query.terms), request.width, request.height,
                                     request.seconds, used)
                if ranked:
                    log.info("Shot %d: %s (%s).", request.shot.index + 1, ranked[0].describe(),
                             choose.why(ranked[0], choose.terms(query.terms), request.width, request.height,
                                        request.seconds))
                    return ranked
        return []

    # ------------------------------------------------------------------------------------ render

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        opts = StockOptions.from_dict(request.options)
        attempt = _Attempt(request)
        with httpx.Client(follow_redirects=True) as client:
            for batch in self._batches(client, request, opts, attempt):
                for i, candidate in enumerate(batch):
                    if candidate.key in attempt.tried:
                        continue
                    attempt.tried.add(candidate.key)
                    try:
                        # the clip and its sidecar appear together: a clip in the cache always has its credit
                        with atomic_path(out_path) as part:
                            used = self._make(client, candidate, batch[i + 1:], request, part, opts, attempt)
                            clip = self._finish(used, request, out_path, attempt)
                    except ReelflowError as exc:  # this item failed (download, decode, ffmpeg): the next one
                        attempt.note(f"{candidate.describe()} passed over: {exc}")
                        continue
                    return clip
        terms = " ".join(shot_terms(request.shot)) or "(no search terms)"
        last = attempt.fallbacks[-1].removeprefix("stock: ") if attempt.fallbacks else "nothing was found"
        raise NoStock(f"no usable stock picture for shot {request.shot.index + 1} ('{terms}'): {last}",
                      attempt.fallbacks)

    def _batches(self, client: httpx.Client, request: RenderRequest, opts: StockOptions, attempt: _Attempt
                 ) -> Iterator[list[Candidate]]:
        """Candidates in the order they are tried: the planned items, then each provider's videos, then photos."""
        items = _planned(request)
        if items:
            yield items
        terms = shot_terms(request.shot)
        if not terms:
            attempt.note("the shot has no search terms")
            return
        down: set[str] = set()
        for kind in ("video", "photo") if opts.photos else ("video",):
            for provider in opts.providers:
                if provider in down:
                    continue
                query = _query(request, kind)
                avoid = attempt.tried | {(str(p), str(i)) for p, i in request.options.get("stock_avoid") or []}
                try:
                    found = find(client, provider, query, opts, avoid)
                except StockError as exc:
                    attempt.note(str(exc))
                    down.add(provider)
                    continue
                ranked = choose.rank(found, choose.terms(terms), request.width, request.height, request.seconds,
                                     avoid)
                if not ranked:
                    attempt.note(f"{SITE[provider]} has no {kind} for '{query.text}'")
                yield ranked

    def _make(self, client: httpx.Client, candidate: Candidate, rest: list[Candidate], request: RenderRequest,
              out_path: Path, opts: StockOptions, attempt: _Attempt) -> list[Candidate]:
        """Write the shot from `candidate` (plus second clips from `rest` when it is short); the items used."""
        path = fetch(client, candidate, pick_rendition(candidate.renditions, request.width, request.height), opts)
        if candidate.kind == "photo":
            from PIL import Image

            from generator.video.camera import move

            with Image.open(path) as picture:
                move(picture, request, out_path, what=f"a {SITE.get(candidate.provider, '')} photo")
            return [candidate]
        segments = [(candidate, path, probe(path).duration)]
        total = segments[0][2]
        need = request.frames / request.fps
        for extra in rest:
            if total >= need or len(segments) >= 4:
                break
            if extra.kind != "video" or extra.key in attempt.tried:
                continue
            attempt.tried.add(extra.key)
            try:
                extra_path = fetch(client, extra, pick_rendition(extra.renditions, request.width, request.height),
                                   opts)
            except StockError as exc:
                attempt.note(f"{extra.describe()} (a second clip) passed over: {exc}")
                continue
            length = probe(extra_path).duration
            segments.append((extra, extra_path, length))
            total += length
        if total < need:
            attempt.note(f"the videos found last {total:.1f} s of the {need:.1f} s shot; the last frame is held")
        compose([(p, d) for _, p, d in segments], request, out_path)
        return [c for c, _, _ in segments]

    def _finish(self, used: list[Candidate], request: RenderRequest, out_path: Path, attempt: _Attempt) -> ShotClip:
        first = used[0]
        credit = Credit(provider=first.provider, item_id=first.item_id, page_url=first.page_url, author=first.author,
                        author_url=first.author_url, licence=first.licence, kind=first.kind)
        extra = [f"{c.provider} {c.kind} {c.item_id} by {c.author or 'unknown'} ({c.page_url})" for c in used[1:]]
        atomic_write_text(sidecar_path(out_path), json.dumps(
            {"credit": credit.model_dump(mode="json"), "also": extra, "fallbacks": attempt.fallbacks},
            ensure_ascii=False, indent=1))
        log.info("Shot %d: %s.", request.shot.index + 1, credit.line())
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=request.frames / request.fps,
                        width=request.width, height=request.height, fps=request.fps, renderer=self.name,
                        credit=credit, fallbacks=attempt.fallbacks)


def compose(segments: list[tuple[Path, float]], request: RenderRequest, out_path: Path) -> None:
    """The videos end to end, each scaled to cover the frame and centre-cropped, cut to exactly the shot's frames.

    Each video plays at its own speed; the last is cut where the shot ends. If they are together too
    short, the last frame is held (never a loop).
    """
    w, h, fps, frames = request.width, request.height, request.fps, request.frames
    need = frames / fps
    chains, inputs = [], []
    left = need
    for i, (path, length) in enumerate(segments):
        take = max(min(length, left), 1.0 / fps)
        left -= take
        inputs += ["-i", str(path)]
        chains.append(f"[{i}:v]trim=duration={take:.4f},setpts=PTS-STARTPTS,fps={fps},"
                      f"scale=w='max({w},ceil(iw*{h}/ih))':h='max({h},ceil(ih*{w}/iw))':flags=bicubic,"
                      f"crop={w}:{h},setsar=1,format=yuv420p[s{i}]")
    joined = "".join(f"[s{i}]" for i in range(len(segments)))
    hold = max(left, 0.0) + 3.0 / fps  # whatever rounding left short, held, then cut at exactly `frames`
    graph = ";".join(chains) + f";{joined}concat=n={len(segments)}:v=1:a=0,tpad=stop_mode=clone:stop_duration=" \
                               f"{hold:.4f}[v]"
    with atomic_path(out_path) as part:
        run_ffmpeg([*inputs, "-filter_complex", graph, "-map", "[v]", "-frames:v", str(frames), "-r", str(fps), "-an",
                    "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p",
                    "-movflags", "+faststart", str(part)],
                   f"cutting stock footage for shot {request.shot.index + 1}")
