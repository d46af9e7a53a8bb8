"""Publishing: approved clips to the chosen accounts, at the chosen time, exactly once, labelled as AI-made.

    publish(draft, account, settings=..., when=None) -> Publication
    get_publisher(platform) -> Publisher
    platforms() -> list[str]

Platforms: youtube, tiktok, bilibili, douyin (official APIs), folder, webhook.
"""

from __future__ import annotations

from publishing.base import Publisher
from publishing.errors import AuthRevoked, Busy, Deferred, PublishError, Rejected, UnknownAccount
from publishing.ledger import preview, publish
from publishing.registry import get_publisher, platforms
from reelflow.models import Publication

__all__ = [
    "AuthRevoked",
    "Busy",
    "Deferred",
    "Publication",
    "PublishError",
    "Publisher",
    "Rejected",
    "UnknownAccount",
    "get_publisher",
    "platforms",
    "preview",
    "publish",
]
