"""Putting an account's token on a request, and refreshing it when it runs out or is refused.

A refreshed token is saved to the account store at once: TikTok, Douyin and Bilibili hand
out a new refresh token on every refresh and the old one stops working, so losing it
would lock the account out.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

import httpx

from publishing.accounts import Account, AccountStore
from publishing.errors import AuthRevoked
from publishing.http import Api
from publishing.oauth import OAuthConfig, TokenRefused, refresh

Style = Literal["bearer", "access-token", "bilibili"]

# Refresh this long before the platform's expiry, so a token never dies mid-request.
EARLY = timedelta(seconds=60)


def bilibili_headers(client_id: str, app_secret: str, access_token: str, body: bytes) -> dict[str, str]:
    """Bilibili open platform v2 signature: HMAC-SHA256 over the sorted x-bili-* headers."""
    signed = {
        "x-bili-accesskeyid": client_id,
        "x-bili-content-md5": hashlib.md5(body).hexdigest(),
        "x-bili-signature-method": "HMAC-SHA256",
        "x-bili-signature-nonce": uuid.uuid4().hex,
        "x-bili-signature-version": "2.0",
        "x-bili-timestamp": str(int(time.time())),
    }
    canonical = "\n".join(f"{k}:{signed[k]}" for k in sorted(signed))
    signature = hmac.new(app_secret.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()
    return {**signed, "Access-Token": access_token, "Authorization": signature, "Accept": "application/json"}


class TokenAuth:
    """An account's access token as the platform wants it, refreshed early and on 401."""

    def __init__(self, account: Account, store: AccountStore, config: OAuthConfig | None, refresh_api: Api,
                 style: Style = "bearer") -> None:
        self.account = account
        self.store = store
        self.config = config
        self.refresh_api = refresh_api
        self.style = style
        self._lock = threading.Lock()

    def revoked(self, detail: str) -> AuthRevoked:
        return AuthRevoked(self.account.platform, self.account.name, detail)

    def token(self) -> str:
        with self._lock:
            expires = self.account.expires_at
            if expires is not None and expires - EARLY <= datetime.now(UTC) and self.account.refresh_token:
                self._refresh_locked()
            token = self.account.secret("access_token")
        if not token:
            raise self.revoked("it has no access token")
        return token

    def refresh(self) -> None:
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        if self.config is None or self.account.refresh_token is None:
            raise self.revoked("its token was refused and there is no refresh token to get a new one")
        try:
            self.account = refresh(self.config, self.account, self.refresh_api)
        except TokenRefused as exc:
            raise self.revoked(f"the platform refused to refresh its token ({exc})") from None
        self.store.save(self.account)

    def apply(self, request: httpx.Request, *, sign_body: bool) -> None:
        token = self.token()
        if self.style == "bearer":
            request.headers["Authorization"] = f"Bearer {token}"
        elif self.style == "access-token":
            request.headers["access-token"] = token
        else:
            body = request.content if sign_body else b""
            secret = self.account.secret("client_secret") or ""
            request.headers.update(bilibili_headers(self.account.client_id or "", secret, token, body))
