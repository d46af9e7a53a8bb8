"""Pexels search (https://www.pexels.com/api/documentation/): /videos/search and /v1/search.

The key goes in the Authorization header. Chinese queries are sent with `locale=zh-CN`, which Pexels
searches without translation; `orientation` asks for the frame's shape up front.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from generator.video.stock.candidate import Candidate, Page, Query, Rendition
from generator.video.stock.options import StockOptions
from generator.video.stock.transport import StockError, get

LICENCE = "Pexels License (https://www.pexels.com/license/): free to use, attribution appreciated"
LOCALES = {"en": "en-US", "pt": "pt-BR", "es": "es-ES", "ca": "ca-ES", "de": "de-DE", "it": "it-IT", "fr": "fr-FR",
           "sv": "sv-SE", "id": "id-ID", "pl": "pl-PL", "ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR", "th": "th-TH",
           "nl": "nl-NL", "hu": "hu-HU", "vi": "vi-VN", "cs": "cs-CZ", "da": "da-DK", "fi": "fi-FI", "uk": "uk-UA",
           "el": "el-GR", "ro": "ro-RO", "nb": "nb-NO", "sk": "sk-SK", "tr": "tr-TR", "ru": "ru-RU"}
# The sizes Pexels' `src` variants are cut to: (box width, box height, cropped to exactly that box).
PHOTO_SIZES = {"large2x": (1880, 1300, False), "large": (940, 650, False), "portrait": (800, 1200, True),
               "landscape": (1200, 627, True)}


def locale(language: str) -> str:
    """Pexels' locale for an article language ("zh" → "zh-CN", "zh-TW"/"zh-Hant" → "zh-TW")."""
    lang = language.replace("_", "-")
    if lang.lower() in ("zh-tw", "zh-hk", "zh-hant"):
        return "zh-TW"
    return LOCALES.get(lang.split("-")[0].lower(), "en-US")


def search(client: httpx.Client, query: Query, key: str, opts: StockOptions) -> Page:
    path = "/videos/search" if query.kind == "video" else "/v1/search"
    params = {"query": query.text, "orientation": query.orientation, "locale": locale(query.language),
              "page": query.page, "per_page": opts.per_page}
    response = get(client, "pexels", opts.url("pexels") + path, opts, params=params,
                   headers={"Authorization": key}, secret=key, what=f"{query.kind} search")
    try:
        data = response.json()
        items = data["videos" if query.kind == "video" else "photos"]
    except (ValueError, KeyError, TypeError):
        raise StockError(f"Pexels {query.kind} search failed: the answer is not the search JSON") from None
    start = (query.page - 1) * opts.per_page
    parse = _video if query.kind == "video" else _photo
    found = [c for i, item in enumerate(items) if (c := parse(item, start + i)) is not None]
    return Page(found, more=bool(data.get("next_page")))


def _slug(url: str) -> str:
    """The words of an item's page URL: Pexels writes what it shows there (".../video/foggy-forest-123/")."""
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    return " ".join(w for w in re.split(r"[-_]+", tail) if w and not w.isdigit())


def _video(item: dict[str, Any], rank: int) -> Candidate | None:
    files = [Rendition(f["link"], int(f["width"]), int(f["height"]), f.get("size"))
             for f in item.get("video_files") or []
             if f.get("link") and f.get("width") and f.get("height") and f.get("file_type", "video/mp4") == "video/mp4"]
    if not files:
        return None
    user = item.get("user") or {}
    tags = " ".join(t for t in item.get("tags") or [] if isinstance(t, str))
    return Candidate("pexels", str(item["id"]), "video", item.get("url", ""), user.get("name", ""),
                     user.get("url", ""), LICENCE, float(item.get("duration") or 0), int(item.get("width") or 0),
                     int(item.get("height") or 0), f"{tags} {_slug(item.get('url', ''))}".strip(), tuple(files), rank)


def _fit(w: int, h: int, box_w: int, box_h: int, crop: bool) -> tuple[int, int]:
    if crop:
        return box_w, box_h
    scale = min(1.0, box_w / w, box_h / h)
    return round(w * scale), round(h * scale)


def _photo(item: dict[str, Any], rank: int) -> Candidate | None:
    w, h, src = int(item.get("width") or 0), int(item.get("height") or 0), item.get("src") or {}
    if not (w and h and src.get("original")):
        return None
    renditions = [Rendition(src["original"], w, h)]
    for name, (bw, bh, crop) in PHOTO_SIZES.items():
        if src.get(name):
            renditions.append(Rendition(src[name], *_fit(w, h, bw, bh, crop)))
    text = f"{item.get('alt') or ''} {_slug(item.get('url', ''))}".strip()
    return Candidate("pexels", str(item["id"]), "photo", item.get("url", ""), item.get("photographer", ""),
                     item.get("photographer_url", ""), LICENCE, 0.0, w, h, text, tuple(renditions), rank)
