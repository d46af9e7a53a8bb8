"""Asking one provider for one kind of item: the key, the provider's client, a next page when a page is used up."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

import httpx

from generator.video.stock import pexels, pixabay
from generator.video.stock.candidate import Candidate, Page, Query
from generator.video.stock.keys import ENV, api_key
from generator.video.stock.options import StockOptions
from generator.video.stock.transport import SITE, StockError
from reelflow.models import SceneVisual, Shot

CLIENTS: dict[str, Callable[[httpx.Client, Query, str, StockOptions], Page]] = {
    "pexels": pexels.search, "pixabay": pixabay.search}
MAX_PAGES = 3  # pages read when every result so far is already used in this clip


def shot_terms(shot: Shot) -> list[str]:
    """What to search for: the scene's stock terms, else the shot's keywords, else its key phrase."""
    visual = shot.visual
    words = list(visual.search) if isinstance(visual, SceneVisual) and visual.search else list(shot.keywords)
    return [w.strip() for w in words if w.strip()] or ([shot.key_phrase] if shot.key_phrase.strip() else [])


def find(client: httpx.Client, provider: str, query: Query, opts: StockOptions,
         avoid: Collection[tuple[str, str]] = ()) -> list[Candidate]:
    """The provider's results for `query`; reads on while every result is in `avoid` and more pages exist."""
    key = api_key(provider)
    if not key:
        raise StockError(f"{SITE[provider]} skipped: no API key (set {ENV[provider]})")
    found: list[Candidate] = []
    for page in range(1, MAX_PAGES + 1):
        result = CLIENTS[provider](client, replace(query, page=page), key, opts)
        found += result.candidates
        if not result.more or any(c.key not in avoid for c in found):
            break
    if not found and len(query.terms) > 1:  # Pixabay wants every word: the first (main) term alone may find some
        return find(client, provider, replace(query, terms=query.terms[:1]), opts, avoid)
    return found
