"""Persistence. Only this package talks to the database; everything else calls `Store` with plain models."""

from reelflow.store.store import Store

__all__ = ["Store"]
