"""The `auto` picture source: for each shot, the best source this machine has (the default renderer).

Per shot, the first that is available, in this order:

- a graphic (`stat`, `chart`, `compare`, `list`, `quote`, `timeline`, `title`) → `graphics`, always;
- an article image (`image`) → `graphics`, which moves over the image;
- a scene (`scene`) → `dit` (a GPU and a video model), `still` (a GPU and an image model),
  `stock` (network and a key), else `graphics`.

What is available is decided once, before any work starts (`availability`: each source with the
reason it is not, which `reelflow doctor` prints too). A reviewer may pick the source of one shot
(`Shot.source`). When the chosen source fails on a shot (no stock item fits, a download breaks),
the next one takes the shot and the reason is kept in the clip's `fallbacks`; graphics never fails
for want of a GPU or network, so the clip always finishes.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.video import get_renderer, register, render_key, render_options
from generator.video.base import RenderRequest
from reelflow.errors import ReelflowError
from reelflow.models import SceneVisual, Shot, ShotClip

log = logging.getLogger(__name__)

SCENE_ORDER = ("dit", "still", "stock")
ALWAYS = "graphics"
# Options the pipeline adds per shot (steps.shot_options) that the delegate keeps.
SHOT_EXTRAS = ("mood", "words", "continues", "shape", "stock_item", "stock_next", "stock_avoid")


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0]


def _reachable(url: str, timeout: float = 2.0) -> str | None:
    """None when a TCP connection to the URL's host opens; else why not (no DNS, refused, timed out)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return f"{host} cannot be reached ({exc.strerror or type(exc).__name__})"


def _stock_reason(settings: Any) -> str | None:
    from generator.video.stock import keys

    with_key = [p for p in settings.stock.providers if keys.api_key(p)]
    if not with_key:
        names = " or ".join(f"{p.upper()}_API_KEY" for p in settings.stock.providers) or "a provider"
        return f"no stock key: set {names}"
    urls = {"pexels": settings.stock.pexels_url, "pixabay": settings.stock.pixabay_url}
    reasons = [r for p in with_key if (r := _reachable(urls[p]))]
    return None if len(reasons) < len(with_key) else "; ".join(reasons)


def _on_pool(options: dict[str, object]) -> dict[str, object]:
    """With a GPU work pool, the pool's workers run the models: here only the model itself is checked."""
    out = {**options, "allow_cpu": True}
    if isinstance(options.get("still"), dict):
        out["still"] = {**options["still"], "allow_cpu": True}  # type: ignore[dict-item]
    return out


def availability(settings: Any) -> dict[str, str | None]:
    """Each picture source `auto` may use → None when this machine can use it, else the reason it cannot."""
    out: dict[str, str | None] = {}
    for name in SCENE_ORDER:
        try:
            renderer = get_renderer(name)
            if name == "stock":
                out[name] = _stock_reason(settings)
                continue
            preflight = getattr(renderer, "preflight", None)
            if preflight:
                preflight(_on_pool(render_options(name, settings)) if settings.gpu_pool else
                          render_options(name, settings))
            out[name] = None
        except ReelflowError as exc:
            out[name] = _reason(exc)
    out[ALWAYS] = None
    return out


def candidates(shot: Shot, available: list[str]) -> list[str]:
    """The sources to try for this shot, best first; graphics is always last."""
    # A graphic, an article image, a title are drawn; a scene gets the best source this machine has.
    order = [name for name in SCENE_ORDER if name in available] if isinstance(shot.visual, SceneVisual) else []
    if shot.source and shot.source != ALWAYS:  # the reviewer's choice comes first
        order = [shot.source, *(name for name in order if name != shot.source)]
    return [*order, ALWAYS]


class AutoRenderer:
    name = "auto"
    version = "1"

    def options_from_settings(self, settings: Any) -> dict[str, object]:
        # Only what is available goes into the options (they are part of the draft's identity); why the
        # others are not is for people (`reelflow doctor`, the log), and its wording may vary run to run.
        reasons = availability(settings)
        available = [name for name, why in reasons.items() if why is None]
        for name, why in reasons.items():
            if why:
                log.info("Pictures: %s is not available here (%s).", name, why)
        return {"available": available, "sources": {name: render_options(name, settings) for name in available}}

    def plan(self, requests: list[RenderRequest]) -> list[RenderRequest]:
        """Choose each shot's source (and, for stock, its item: no item used twice in one clip)."""
        planned = []
        for request in requests:
            available = list(request.options.get("available") or [ALWAYS])  # type: ignore[call-overload]
            order = candidates(request.shot, available)
            planned.append(replace(request, options={**request.options, "source": order[0], "then": order[1:]}))
        stock = [r for r in planned if r.options["source"] == "stock"]
        if stock:
            backend = get_renderer("stock")
            items = backend.plan([self.delegated(r, "stock") for r in stock])  # type: ignore[attr-defined]
            chosen = {r.shot.index: r for r in stock}
            for index, extra in items.items():
                chosen[index] = replace(chosen[index], options={**chosen[index].options, **extra})
            planned = [chosen.get(r.shot.index, r) if r.options["source"] == "stock" else r for r in planned]
        return planned

    def delegated(self, request: RenderRequest, name: str) -> RenderRequest:
        """The request as the source `name` takes it: its own options, plus the shot's extras."""
        sources = request.options.get("sources") or {}
        own = dict(sources.get(name) or {})  # type: ignore[union-attr]
        own.update({k: request.options[k] for k in SHOT_EXTRAS if k in request.options})
        return replace(request, options=own)

    def _order(self, request: RenderRequest) -> list[str]:
        if "source" in request.options:
            return [str(request.options["source"]), *request.options.get("then", [])]  # type: ignore[misc]
        available = list(request.options.get("available") or [ALWAYS])  # type: ignore[call-overload]
        return candidates(request.shot, available)

    def cache_options(self, request: RenderRequest) -> dict[str, object]:
        name = self._order(request)[0]
        try:
            key = render_key(get_renderer(name), self.delegated(request, name))
        except ReelflowError as exc:  # the source cannot make this shot; render() says why and moves on
            key = f"unusable: {_reason(exc)}"
        return {"source": name, "key": key}

    def render(self, request: RenderRequest, out_path: Path) -> ShotClip:
        fallbacks: list[str] = []
        order = self._order(request)
        for k, name in enumerate(order):
            try:
                clip = get_renderer(name).render(self.delegated(request, name), out_path)
            except ReelflowError as exc:
                if k == len(order) - 1:
                    raise
                why = _reason(exc)
                fallbacks.append(f"{name}: {why}")
                log.warning("Shot %d: the %s source failed (%s); trying %s.", request.shot.index + 1, name, why,
                            order[k + 1])
                continue
            return clip.model_copy(update={"fallbacks": [*fallbacks, *clip.fallbacks]})
        raise AssertionError("unreachable: graphics is always the last source")


@register("auto")
def _factory() -> AutoRenderer:
    return AutoRenderer()
