"""Video backends behind one small interface, chosen by name (`animatic`, later `dit`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.video.base import RenderRequest, VideoRenderer, render_key
from reelflow.errors import ReelflowError
from reelflow.models import ShotClip

_FACTORIES: dict[str, Callable[[], VideoRenderer]] = {}
_INSTANCES: dict[str, VideoRenderer] = {}


def register(name: str) -> Callable[[Callable[[], VideoRenderer]], Callable[[], VideoRenderer]]:
    def deco(factory: Callable[[], VideoRenderer]) -> Callable[[], VideoRenderer]:
        _FACTORIES[name] = factory
        return factory

    return deco


def renderers() -> list[str]:
    _load_builtin()
    return sorted(_FACTORIES)


def get_renderer(name: str) -> VideoRenderer:
    """One instance per process: a heavy backend (a DiT pipeline) is loaded once and reused."""
    _load_builtin()
    if name not in _FACTORIES:
        raise ReelflowError(f"unknown renderer {name!r}; known renderers: {', '.join(sorted(_FACTORIES))}")
    if name not in _INSTANCES:
        _INSTANCES[name] = _FACTORIES[name]()
    return _INSTANCES[name]


def render(request: RenderRequest, renderer: str, cache_dir: Path) -> ShotClip:
    """Render a shot, reusing the cached clip when the same request was rendered before."""
    backend = get_renderer(renderer)
    key = render_key(backend, request)
    out = cache_dir / f"{key}.mp4"
    if out.is_file():
        return ShotClip(
            index=request.shot.index,
            path=str(out),
            seconds=request.frames / request.fps,
            width=request.width,
            height=request.height,
            fps=request.fps,
            renderer=backend.name,
        )
    return backend.render(request, out)


def _load_builtin() -> None:
    # Imported lazily so that `import generator.video` stays cheap.
    from generator.video import animatic  # noqa: F401


__all__ = ["RenderRequest", "VideoRenderer", "get_renderer", "register", "render", "render_key", "renderers"]
