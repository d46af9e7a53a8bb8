"""The user's API keys, read when a request is made and never kept, logged or hashed.

The environment (PEXELS_API_KEY / PIXABAY_API_KEY) wins; otherwise each lookup added with
`add_lookup` is asked by secret name (`pexels-api-key` / `pixabay-api-key`). The flows add one that
reads Prefect Secret blocks (flows/secrets_store.py), so workers on other machines find the keys
there while this stage never imports Prefect.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable

log = logging.getLogger("reelflow.stock")

ENV = {"pexels": "PEXELS_API_KEY", "pixabay": "PIXABAY_API_KEY"}
_KEY_PARAM = re.compile(r"([?&]key=)[^&#\s]*", re.I)
_LOOKUPS: list[Callable[[str], str | None]] = []


def add_lookup(lookup: Callable[[str], str | None]) -> None:
    """Another place keys may be kept (a secret store), asked by name after the environment."""
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def api_key(provider: str) -> str | None:
    """The key for `provider`, or None when the user has not given one."""
    _guard_http_logs()
    value = os.environ.get(ENV[provider], "").strip()
    if value:
        return value
    for lookup in _LOOKUPS:
        if found := lookup(f"{provider}-api-key"):
            return found
    return None


class _ScrubKeys(logging.Filter):
    """httpx logs every request's URL at INFO, and Pixabay's URL carries the key: take it out of the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        secrets = [os.environ.get(name) for name in ENV.values()]
        clean = scrub(message, *secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


_FILTER = _ScrubKeys()


def _guard_http_logs() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def scrub(text: str, *secrets: str | None) -> str:
    """`text` with every key removed: the secrets themselves and any `key=` query parameter in a URL."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_PARAM.sub(r"\1***", text)
