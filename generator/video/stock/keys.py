"""The user's API keys, read when a request is made and never kept, logged or hashed.

The environment (PEXELS_API_KEY / PIXABAY_API_KEY) wins; otherwise a Prefect Secret block named
`pexels-api-key` / `pixabay-api-key`, read only where a Prefect server is already there to ask (an
API URL is set, or we run inside a flow run), so a plain CLI run never starts one for a key and
`generator/` never imports prefect when it is loaded.
"""

from __future__ import annotations

import logging
import os
import re
import sys

log = logging.getLogger("reelflow.stock")

ENV = {"pexels": "PEXELS_API_KEY", "pixabay": "PIXABAY_API_KEY"}
_KEY_PARAM = re.compile(r"([?&]key=)[^&#\s]*", re.I)


def api_key(provider: str) -> str | None:
    """The key for `provider`, or None when the user has not given one."""
    _guard_http_logs()
    value = os.environ.get(ENV[provider], "").strip()
    return value or _prefect_secret(f"{provider}-api-key")


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


def _prefect_server_at_hand() -> bool:
    if os.environ.get("PREFECT_API_URL"):
        return True
    if "prefect" not in sys.modules:  # not running under Prefect: nothing to ask
        return False
    try:
        from prefect.context import FlowRunContext

        return FlowRunContext.get() is not None
    except Exception:
        return False


def _prefect_secret(name: str) -> str | None:
    if not _prefect_server_at_hand():
        return None
    try:
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            doc = client.read_block_document_by_name(name, "secret", include_secrets=True)
        value = doc.data.get("value")
        value = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        return value.strip() if isinstance(value, str) and value.strip() else None
    except Exception as exc:  # no block, no server: the same as no key; say which, never what
        log.debug("No Prefect Secret %r (%s).", name, type(exc).__name__)
        return None


def scrub(text: str, *secrets: str | None) -> str:
    """`text` with every key removed: the secrets themselves and any `key=` query parameter in a URL."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_PARAM.sub(r"\1***", text)
