"""Platform name → publisher class, imported on first use (a platform's module may be heavy or optional).

A platform is one module and one line here (or in a plugin package's `reelflow.backends` entry point)."""

from __future__ import annotations

from functools import cache

from publishing.base import Publisher
from reelflow.backends import registry
from reelflow.errors import BadInput, ReelflowError

PUBLISHERS = registry("platform")  # name -> Publisher class
PUBLISHERS.add("youtube", "publishing.youtube:YouTube", needs={"network", "key"})
PUBLISHERS.add("tiktok", "publishing.tiktok:TikTok", needs={"network", "key"})
PUBLISHERS.add("bilibili", "publishing.bilibili:Bilibili", needs={"network", "key"})
PUBLISHERS.add("douyin", "publishing.douyin:Douyin", needs={"network", "key"})
PUBLISHERS.add("folder", "publishing.folder:Folder")
PUBLISHERS.add("webhook", "publishing.webhook:Webhook", needs={"network"})


def platforms() -> list[str]:
    return list(PUBLISHERS)


@cache
def get_publisher(platform: str) -> Publisher:
    try:
        PUBLISHERS.entry(platform)
    except ReelflowError:
        raise BadInput(platform, f"unknown platform; expected one of {', '.join(platforms())}") from None
    return PUBLISHERS[platform]()
