"""Platform name → publisher class, imported on first use (a platform's module may be heavy or optional)."""

from __future__ import annotations

import importlib
from functools import cache

from publishing.base import Publisher
from reelflow.errors import BadInput

PUBLISHERS: dict[str, str] = {
    "youtube": "publishing.youtube:YouTube",
    "tiktok": "publishing.tiktok:TikTok",
    "bilibili": "publishing.bilibili:Bilibili",
    "douyin": "publishing.douyin:Douyin",
    "folder": "publishing.folder:Folder",
    "webhook": "publishing.webhook:Webhook",
}


def platforms() -> list[str]:
    return sorted(PUBLISHERS)


@cache
def get_publisher(platform: str) -> Publisher:
    target = PUBLISHERS.get(platform)
    if target is None:
        raise BadInput(platform, f"unknown platform; expected one of {', '.join(platforms())}")
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)()
