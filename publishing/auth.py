"""Putting an account's token on a request, and refreshing it when it runs out or is refused.

How the token goes on the request is the platform's `auth_style`: "bearer", "access-token" (a
header of that name), or a function of the platform's own (Bilibili signs every request).

A refreshed token is saved to the account store at once: TikTok, Douyin and Bilibili hand
out a new refresh token on every refresh and the old one stops working, so losing it
would lock the account out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

import httpx

from publishing.accounts import Account, AccountStore
from publishing.errors import AuthRevoked
from publishing.http import Api
from publishing.oauth import OAuthConfig, TokenRefused, refresh

# A platform's own way: (request, access token, account, sign_body) -> None, setting the headers.
Signer = Callable[[httpx.Request, str, Account, bool], None]
Style = Literal["bearer", "access-token"] | Signer

# Refresh this long before the platform's expiry, so a token never dies mid-request.
EARLY = timedelta(seconds=60)


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
            self.style(request, token, self.account, sign_body)
