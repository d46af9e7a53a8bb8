"""Planner registry: a planner turns an Article into a Storyboard.

Planners are looked up by name (from settings or a CLI flag), so a new one — an LLM-based planner,
say — only has to register itself; nothing else changes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from reelflow.backends import registry
from reelflow.models import Article, Storyboard

if TYPE_CHECKING:
    from reelflow.settings import Settings


@runtime_checkable
class Planner(Protocol):
    """Splits an article into shots whose estimated narration fits `max_seconds`."""

    name: str

    def plan(self, article: Article, *, max_seconds: float, seed: int) -> Storyboard: ...


F = TypeVar("F", bound=Callable[[], Planner])

PLANNERS = registry("planner")  # name -> planner class (or factory)


def register(name: str, *, needs: Iterable[str] = (), settings: type[BaseModel] | None = None
             ) -> Callable[[F], F]:
    """Class decorator: make a planner available under `name`, with its own settings model (`settings.<name>`)."""

    def deco(factory: F) -> F:
        PLANNERS.add(name, factory, needs=needs, settings=settings)
        return factory

    return deco


def register_lazy(name: str, target: str, *, needs: Iterable[str] = (),
                  settings: type[BaseModel] | None = None) -> None:
    """Register a planner by "module:Class" so its heavy imports (httpx, torch) wait until it is chosen."""
    if name not in PLANNERS:
        PLANNERS.add(name, target, needs=needs, settings=settings)


def get_planner(name: str, settings: Settings | None = None) -> Planner:
    """A fresh planner instance, handed `settings` when it takes them (the LLM planners do);
    an unknown name is a user error that lists the known ones."""
    PLANNERS.entry(name)  # an error that lists the known planners, if there is none by that name
    factory = PLANNERS[name]
    if settings is not None and "settings" in inspect.signature(factory).parameters:
        return factory(settings=settings)
    return factory()
