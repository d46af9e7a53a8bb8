"""Picture sources behind one small interface, chosen by name (animatic, graphics, dit, still, stock, auto)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel

from generator.video.base import RenderRequest, VideoRenderer, read_sidecar, render_key, sidecar_path
from reelflow.backend_settings import DitSettings, StillSettings
from reelflow.backends import registry
from reelflow.errors import ReelflowError
from reelflow.models import ShotClip

RENDERERS = registry("video")  # name -> factory of a VideoRenderer (the picture sources)
_INSTANCES: dict[str, VideoRenderer] = {}


def register(name: str, *, needs: Iterable[str] = (), settings: type[BaseModel] | None = None
             ) -> Callable[[Callable[[], VideoRenderer]], Callable[[], VideoRenderer]]:
    """Decorator: the renderer factory below is the picture source `name` (needing e.g. {"gpu"}), whose
    own settings are `settings` (read as `settings.<name>`)."""

    def deco(factory: Callable[[], VideoRenderer]) -> Callable[[], VideoRenderer]:
        RENDERERS.add(name, factory, needs=needs, settings=settings)
        return factory

    return deco


def renderers() -> list[str]:
    _load_builtin()
    return list(RENDERERS)


def get_renderer(name: str) -> VideoRenderer:
    """One instance per process: a heavy backend (a DiT pipeline) is loaded once and reused."""
    _load_builtin()
    if name not in RENDERERS:
        RENDERERS.entry(name)  # a plugin's, or an error that lists the known renderers
    if name not in _INSTANCES:
        _INSTANCES[name] = RENDERERS[name]()
    return _INSTANCES[name]


def render(request: RenderRequest, renderer: str, cache_dir: Path) -> ShotClip:
    """Render a shot, reusing the cached clip when the same request was rendered before.

    Beside each clip a sidecar (`<clip>.json`) says which source made it, whose work it shows and why
    better sources were passed over, so a clip found in the cache comes back with all of it."""
    backend = get_renderer(renderer)
    key = render_key(backend, request)
    out = cache_dir / f"{key}.mp4"
    if out.is_file():
        # A backend may render at its own size (dit: the model's); the cut needs the file's real size.
        from reelflow.media import probe

        info = probe(out)
        return ShotClip(index=request.shot.index, path=str(out), seconds=request.frames / request.fps,
                        width=info.width or request.width, height=info.height or request.height, fps=request.fps,
                        **{"renderer": backend.name, **read_sidecar(out)})  # type: ignore[arg-type]
    clip = backend.render(request, out)
    _write_sidecar(clip)
    return clip


def _write_sidecar(clip: ShotClip) -> None:
    import json

    from reelflow.media import atomic_write_text

    path = sidecar_path(clip.path)
    try:  # a backend may have written its own fields (stock: the other items a shot shows); keep them
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.pop("interest", None)  # measured from the clip that was there before, if any
    data.update(renderer=clip.renderer, credit=clip.credit.model_dump(mode="json") if clip.credit else None,
                fallbacks=clip.fallbacks)
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def with_interest(clip: ShotClip) -> ShotClip:
    """The clip with where its subject is (`interest`), for cuts of other shapes to crop around: read from
    its sidecar, else measured once (a decode of the clip) and kept there."""
    if clip.interest is not None:
        return clip
    import json

    from reelflow.framing import interest_of
    from reelflow.media import atomic_write_text
    from reelflow.models import Interest

    path = sidecar_path(clip.path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if data.get("interest"):
        return clip.model_copy(update={"interest": Interest.model_validate(data["interest"])})
    found = interest_of(clip.path)
    atomic_write_text(path, json.dumps({**data, "interest": found.model_dump()}, ensure_ascii=False, indent=1))
    return clip.model_copy(update={"interest": found})


def plan(renderer: str, requests: list[RenderRequest]) -> list[RenderRequest]:
    """Let a backend decide things across the clip before any shot renders (auto: each shot's source, and
    stock items no two shots share); a backend without a `plan` takes the requests as they are."""
    backend = get_renderer(renderer)
    fn = getattr(backend, "plan", None)
    return fn(requests) if fn else requests


def source_of(request: RenderRequest, renderer: str) -> str:
    """The source that makes this shot: the one `auto` chose for it, else the renderer itself."""
    return str(request.options.get("source") or renderer)


def render_options(renderer: str, settings: object) -> dict[str, object]:
    """The settings a backend wants in RenderRequest.options (empty for backends that need none)."""
    backend = get_renderer(renderer)
    fn = getattr(backend, "options_from_settings", None)
    return fn(settings) if fn else {}


def preflight(renderer: str, settings: object, portrait: bool = True) -> None:
    """Let a backend check its model and machine before any work starts (dit: model found, GPU or tiny)."""
    backend = get_renderer(renderer)
    check = getattr(backend, "preflight", None)
    if check:
        check(render_options(renderer, settings), portrait)


def _load_builtin() -> None:
    # Imported lazily so that `import generator.video` stays cheap.
    from generator.video import animatic, auto, graphics, stock  # noqa: F401

    if "dit" in RENDERERS and "still" in RENDERERS:
        return
    if _importable("diffusers") and _importable("torch"):
        from generator.video.dit import renderer  # noqa: F401
        from generator.video.still import renderer as _still  # noqa: F401
    else:
        RENDERERS.add("dit", _missing("dit"), needs={"gpu"}, settings=DitSettings)
        RENDERERS.add("still", _missing("still"), needs={"gpu"}, settings=StillSettings)


def _importable(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _missing(name: str) -> Callable[[], VideoRenderer]:
    def factory() -> VideoRenderer:
        raise ReelflowError(f"the {name} renderer needs diffusers and torch: pip install -e '.[dit]' "
                            "(and a CUDA build of torch for a GPU)")

    return factory


__all__ = ["RenderRequest", "VideoRenderer", "get_renderer", "plan", "preflight", "register", "render",
           "render_key", "render_options", "renderers", "source_of", "with_interest"]
