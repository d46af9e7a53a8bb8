"""Stage progress as events, so the CLI can draw bars and flows can write artifacts.

Stages report through `start`, `advance` and `finish`; whoever displays progress subscribes.
Tasks run in worker threads of the same process, so listeners must be thread-safe (rich is).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Event:
    kind: Literal["start", "advance", "finish"]
    stage: str
    total: int | None = None
    detail: str = ""


Listener = Callable[[Event], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)


def _emit(event: Event) -> None:
    with _lock:
        targets = list(_listeners)
    for listener in targets:
        listener(event)


def start(stage: str, total: int | None = None, detail: str = "") -> None:
    _emit(Event("start", stage, total, detail))


def advance(stage: str, detail: str = "") -> None:
    _emit(Event("advance", stage, None, detail))


def finish(stage: str, detail: str = "") -> None:
    _emit(Event("finish", stage, None, detail))
