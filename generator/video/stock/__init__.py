"""The `stock` picture source: stock footage and photos from Pexels and Pixabay, with the user's own keys.

search (pexels, pixabay) → choose → download → renderer, one job per module. Importing the package
registers the renderer; nothing here imports prefect when loaded.
"""

from __future__ import annotations

from reelflow.errors import ReelflowError


class NoStock(ReelflowError):  # noqa: N818 - the caller reads `except NoStock`: no stock picture for this shot
    """No stock item could be used for a shot; the message is one line, `fallbacks` has every reason."""

    def __init__(self, message: str, fallbacks: list[str] | None = None) -> None:
        super().__init__(message)
        self.fallbacks = list(fallbacks or [])


from generator.video.stock import renderer  # noqa: E402,F401 - registers "stock"

__all__ = ["NoStock"]
