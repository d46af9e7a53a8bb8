"""One way to plug in a backend: picture sources, voices, planners and platforms, each found by name.

Every kind of backend has one `Registry`; a backend module adds itself with one line,

    registry("voice").add("toy", "toy_voice:ToyVoice", needs={"network"}, settings=ToySettings)

or, on a class or factory it defines, with the registry as a decorator (`@registry("voice")("toy")`).
A target given as "module:attribute" is imported when the backend is first chosen, so a heavy
backend (torch, a platform SDK) costs nothing until it is used. `needs` says what the backend needs
from the machine ("gpu", "network", "key"), so the doctor and the pipeline can tell what is available
before any work starts. `settings` is the backend's own settings model (a pydantic model): the
backend reads it as `settings.section(name)` (built-ins: `settings.<name>`), filled from the `[<name>]`
section of reelflow.toml and `REELFLOW_<NAME>__<FIELD>` variables; built-in models live in the core
(reelflow/backend_settings.py), a plugin's in the plugin.

Backends in other packages register through the `reelflow.backends` entry point group: each entry
names a module that adds its backends when imported (in its pyproject.toml,
`[project.entry-points."reelflow.backends"] toy = "toy_voice"`). They are loaded the first time any
registry is asked for a name it does not hold.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from reelflow.errors import ReelflowError

log = logging.getLogger(__name__)

ENTRY_POINTS = "reelflow.backends"
NEEDS = frozenset({"gpu", "network", "key"})


@dataclass(frozen=True)
class Entry:
    """One registered backend: its name, what makes it (a callable or "module:attribute"), what it needs."""

    name: str
    target: Callable[..., Any] | str = field(repr=False)
    needs: frozenset[str] = frozenset()
    settings: type[BaseModel] | None = None

    def load(self) -> Callable[..., Any]:
        if not isinstance(self.target, str):
            return self.target
        module, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module), attr)


class Registry(Mapping[str, Callable[..., Any]]):
    """Backends of one kind by name; as a mapping, name → factory (a class or a function)."""

    def __init__(self, kind: str, noun: str | None = None) -> None:
        self.kind = kind
        self.noun = noun or kind  # what one is called in messages ("renderer", "planner")
        self._entries: dict[str, Entry] = {}

    def add(self, name: str, target: Callable[..., Any] | str, *, needs: Iterable[str] = (),
            settings: type[BaseModel] | None = None) -> None:
        """Register `target` under `name` (a later registration under the same name replaces it), with
        its settings model, if it has one."""
        wanted = frozenset(needs)
        if unknown := wanted - NEEDS:
            raise ValueError(f"{self.kind} backend {name!r}: unknown needs {sorted(unknown)}; known: {sorted(NEEDS)}")
        self._entries[name] = Entry(name, target, wanted, settings)

    def __call__(self, name: str | None = None, *, needs: Iterable[str] = (),
                 settings: type[BaseModel] | None = None) -> Callable[[Any], Any]:
        """Decorator form of `add`; without a name, the decorated class's `name` (and `needs`, `settings`)."""

        def deco(target: Any) -> Any:
            self.add(name or target.name, target, needs=needs or getattr(target, "needs", ()),
                     settings=settings or getattr(target, "settings_model", None))
            return target

        return deco

    def entry(self, name: str) -> Entry:
        if name not in self._entries:
            _load_plugins()
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise ReelflowError(f"unknown {self.noun} {name!r}; known {self.noun}s: {known}") from None

    def needs(self, name: str) -> frozenset[str]:
        return self.entry(name).needs

    def __getitem__(self, name: str) -> Callable[..., Any]:
        if name not in self._entries:
            _load_plugins()
        if name not in self._entries:
            raise KeyError(name)
        return self._entries[name].load()

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def __len__(self) -> int:
        return len(self._entries)


_REGISTRIES: dict[str, Registry] = {}
_LOCK = threading.Lock()
_plugins_loaded = False


NOUNS = {"video": "renderer", "voice": "speech engine", "planner": "planner", "platform": "platform",
         "account store": "account store"}


def registry(kind: str) -> Registry:
    """The registry of one kind of backend ("video", "voice", "planner", "platform"), made on first use."""
    with _LOCK:
        if kind not in _REGISTRIES:
            _REGISTRIES[kind] = Registry(kind, NOUNS.get(kind))
        return _REGISTRIES[kind]


def settings_model(name: str) -> type[BaseModel] | None:
    """The settings model a backend called `name` (of any kind) declares, loading plugins if no registered
    backend declares one; None when none does."""
    for attempt in range(2):
        with _LOCK:
            entries = [r._entries.get(name) for r in _REGISTRIES.values()]
        for entry in entries:
            if entry is not None and entry.settings is not None:
                return entry.settings
        if attempt == 0:
            _load_plugins()
    return None


def _load_plugins() -> None:
    """Import every module named in the `reelflow.backends` entry points, once per process."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINTS):
        try:
            importlib.import_module(ep.value.partition(":")[0])
        except Exception as exc:  # noqa: BLE001 - one broken plugin must not take reelflow down
            log.warning("The backend package %s (%s) could not be loaded: %s", ep.name, ep.value, exc)
