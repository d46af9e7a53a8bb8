"""Pixabay search (https://pixabay.com/api/docs/): /api/videos/ and /api/.

The key is a query parameter, so every URL that could reach a message is scrubbed (keys.scrub).
Chinese queries go with `lang=zh`. The video API has no orientation filter: the frame's shape is
left to the choice; the photo API gets `orientation=vertical|horizontal`.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from generator.video.stock.candidate import Candidate, Page, Query, Rendition
from generator.video.stock.options import StockOptions
from generator.video.stock.transport import StockError, get

LICENCE = "Pixabay Content License (https://pixabay.com/service/license-summary/)"
LANGS = frozenset({"cs", "da", "de", "en", "es", "fr", "id", "it", "hu", "nl", "no", "pl", "pt", "ro", "sk", "fi", "sv",
                   "tr", "vi", "th", "bg", "ru", "el", "ja", "ko", "zh"})
MAX_Q = 100  # characters Pixabay accepts in `q`


def lang(language: str) -> str:
    code = language.replace("_", "-").split("-")[0].lower()
    return code if code in LANGS else "en"


def search(client: httpx.Client, query: Query, key: str, opts: StockOptions) -> Page:
    path = "/videos/" if query.kind == "video" else "/"
    per_page = max(3, min(200, opts.per_page))
    params: dict[str, Any] = {"key": key, "q": query.text[:MAX_Q], "lang": lang(query.language), "page": query.page,
                              "per_page": per_page, "safesearch": "true"}
    if query.kind == "photo":
        params["image_type"] = "photo"
        if query.orientation != "square":
            params["orientation"] = "vertical" if query.orientation == "portrait" else "horizontal"
    response = get(client, "pixabay", opts.url("pixabay") + path, opts, params=params, secret=key,
                   what=f"{query.kind} search")
    try:
        data = response.json()
        hits = data["hits"]
        total = int(data.get("totalHits") or 0)
    except (ValueError, KeyError, TypeError):
        raise StockError(f"Pixabay {query.kind} search failed: the answer is not the search JSON") from None
    start = (query.page - 1) * per_page
    parse = _video if query.kind == "video" else _photo
    found = [c for i, hit in enumerate(hits) if (c := parse(hit, start + i)) is not None]
    return Page(found, more=query.page * per_page < total)


def _author_url(hit: dict[str, Any]) -> str:
    user, uid = hit.get("user"), hit.get("user_id")
    return f"https://pixabay.com/users/{user}-{uid}/" if user and uid else ""


def _text(hit: dict[str, Any]) -> str:
    slug = " ".join(w for w in re.split(r"[-_/]+", hit.get("pageURL", "")) if w.isalpha() and len(w) > 1
                    and w not in ("https", "pixabay", "com", "videos", "photos", "en", "id"))
    return f"{hit.get('tags', '')} {slug}".strip()


def _video(hit: dict[str, Any], rank: int) -> Candidate | None:
    files = [Rendition(v["url"], int(v["width"]), int(v["height"]), v.get("size") or None)
             for v in (hit.get("videos") or {}).values()
             if isinstance(v, dict) and v.get("url") and v.get("width") and v.get("height")]
    if not files:
        return None
    big = max(files, key=lambda r: r.width * r.height)
    return Candidate("pixabay", str(hit["id"]), "video", hit.get("pageURL", ""), hit.get("user", ""),
                     _author_url(hit), LICENCE, float(hit.get("duration") or 0), big.width, big.height, _text(hit),
                     tuple(files), rank)


def _photo(hit: dict[str, Any], rank: int) -> Candidate | None:
    w, h = int(hit.get("imageWidth") or 0), int(hit.get("imageHeight") or 0)
    renditions = []
    if hit.get("largeImageURL") and w and h:
        scale = min(1.0, 1280 / max(w, h))  # largeImageURL is at most 1280 px on its long side
        renditions.append(Rendition(hit["largeImageURL"], round(w * scale), round(h * scale)))
    if hit.get("webformatURL") and hit.get("webformatWidth"):
        renditions.append(Rendition(hit["webformatURL"], int(hit["webformatWidth"]), int(hit["webformatHeight"])))
    if not renditions:
        return None
    return Candidate("pixabay", str(hit["id"]), "photo", hit.get("pageURL", ""), hit.get("user", ""),
                     _author_url(hit), LICENCE, 0.0, w, h, _text(hit), tuple(renditions), rank)
