"""OAuth 2 for installed apps: a consent URL, a redirect to a loopback port, tokens, refresh.

The platforms speak dialects of the same protocol; each platform's module says which in the
`OAuthConfig` it returns (parameter names, scope separator, PKCE flavour, whether a refresh sends
the client secret) and, where its token answers are not plain OAuth 2, an `unwrap` function of its
own (Douyin's `data`/`error_code`, Bilibili's `{code, data}`). Nothing here names a platform.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import secrets
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx

from publishing.accounts import Account
from publishing.errors import PublishError
from publishing.http import SECRETS, Api, json_of, short
from reelflow.errors import ReelflowError


@dataclass(frozen=True)
class OAuthConfig:
    platform: str
    auth_url: str
    token_url: str
    scopes: tuple[str, ...]
    refresh_url: str | None = None
    client_param: str = "client_id"
    redirect_param: str = "redirect_uri"
    scope_sep: str = " "
    pkce: Literal["S256", "S256-hex"] | None = "S256"
    send_scope: bool = True
    response_type: bool = True
    extra_auth_params: dict[str, str] = field(default_factory=dict)
    # The token answer as plain OAuth 2 fields, from the platform's own envelope (TokenRefused when it
    # says no); None: the answer is plain OAuth 2 already.
    unwrap: Callable[[dict[str, Any], str], dict[str, Any]] | None = None
    refresh_sends_secret: bool = True


class TokenRefused(ReelflowError):  # noqa: N818
    """The token endpoint said no (invalid_grant and friends)."""


def _challenge(verifier: str, method: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii"))
    if method == "S256-hex":
        return digest.hexdigest()
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def consent_url(config: OAuthConfig, client_id: str, redirect_uri: str, state: str, verifier: str | None) -> str:
    params: dict[str, str] = {config.client_param: client_id, config.redirect_param: redirect_uri, "state": state}
    if config.response_type:
        params["response_type"] = "code"
    if config.send_scope:
        params["scope"] = config.scope_sep.join(config.scopes)
    if config.pkce and verifier:
        params["code_challenge"] = _challenge(verifier, config.pkce)
        params["code_challenge_method"] = "S256"
    params.update(config.extra_auth_params)
    joiner = "&" if "?" in config.auth_url else "?"
    return config.auth_url + joiner + urllib.parse.urlencode(params)


class _Redirect(http.server.BaseHTTPRequestHandler):
    """Takes the one redirect the consent page sends back and answers with a short page."""

    result: dict[str, str]
    done: threading.Event

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        if not ({"code", "auth_code", "error"} & query.keys()):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        type(self).result.update(query)
        ok = "error" not in query
        body = ("<html><body><p>reelflow: " + ("signed in, you can close this tab."
                if ok else "the sign-in was not completed.") + "</p></body></html>").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        type(self).done.set()

    def log_message(self, *_args: Any) -> None:  # the query holds the code: keep it out of stderr
        return


def authorize(config: OAuthConfig, client_id: str, client_secret: str | None, *, api: Api, port: int = 0,
              timeout: float = 300.0, open_url: Callable[[str], None], redirect_uri: str | None = None
              ) -> dict[str, Any]:
    """Run the consent flow and return the token answer (parsed, see `token_fields`).

    A loopback server on 127.0.0.1 receives the redirect; `redirect_uri` overrides the URL
    sent to the platform (e.g. an https tunnel that forwards to that port).
    """
    handler = type("Redirect", (_Redirect,), {"result": {}, "done": threading.Event()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="oauth-redirect", daemon=True)
    thread.start()
    try:
        redirect = redirect_uri or f"http://127.0.0.1:{server.server_address[1]}/"
        state = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48) if config.pkce else None
        open_url(consent_url(config, client_id, redirect, state, verifier))
        if not handler.done.wait(timeout):
            raise ReelflowError(f"{config.platform}: no sign-in within {timeout:.0f} s; run the command again")
        answer = handler.result
    finally:
        server.shutdown()
        server.server_close()
    if "error" in answer:
        raise ReelflowError(f"{config.platform}: the sign-in was refused ({short(answer['error'], 80)})")
    if answer.get("state") != state:
        raise ReelflowError(f"{config.platform}: the redirect carried the wrong state; sign-in abandoned")
    code = answer.get("code") or answer.get("auth_code") or ""
    SECRETS.add(code)
    form = {config.client_param: client_id, "code": code, "grant_type": "authorization_code",
            "redirect_uri": redirect}
    if client_secret:
        form["client_secret"] = client_secret
    if verifier:
        form["code_verifier"] = verifier
    try:
        return _token_call(config, api, config.token_url, form, "exchanging the sign-in code")
    except TokenRefused as exc:
        raise ReelflowError(f"{config.platform}: {exc}") from None


def _token_call(config: OAuthConfig, api: Api, url: str, form: dict[str, str], what: str) -> dict[str, Any]:
    def check(response: httpx.Response) -> None:
        if 400 <= response.status_code < 500:
            data = _safe_json(response)
            detail = data.get("error_description") or data.get("error") or data.get("message") or response.text
            raise TokenRefused(f"{what} was refused: {short(str(detail), 160)}")

    response = api.send("POST", url, what=f"{config.platform}: {what}", authorise=False, data=form, check=check)
    data = json_of(response, f"{config.platform}: {what}")
    if config.unwrap is not None:
        data = config.unwrap(data, what)
    elif "error" in data and "access_token" not in data:
        raise TokenRefused(f"{what} was refused: {short(str(data.get('error_description') or data['error']), 160)}")
    if not data.get("access_token"):
        raise PublishError(f"{config.platform}: {what}: no access_token in the answer")
    SECRETS.add(data.get("access_token"), data.get("refresh_token"))
    return data


def _safe_json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _expiry(value: Any, now: datetime) -> datetime | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    if seconds > 1e9:  # Bilibili: an absolute Unix time, not a duration
        return datetime.fromtimestamp(seconds, UTC)
    return now + timedelta(seconds=seconds)


def apply_tokens(account: Account, data: dict[str, Any]) -> Account:
    """The account with a token answer folded in (a refresh token only replaces the old one when sent)."""
    now = datetime.now(UTC)
    scopes = data.get("scope") or data.get("scopes") or account.scopes
    if isinstance(scopes, str):
        scopes = [s for s in scopes.replace(",", " ").split() if s]
    update: dict[str, Any] = {
        "access_token": data["access_token"],
        "expires_at": _expiry(data.get("expires_in"), now),
        "scopes": list(scopes),
    }
    if data.get("refresh_token"):
        update["refresh_token"] = data["refresh_token"]
        update["refresh_expires_at"] = _expiry(data.get("refresh_expires_in"), now) or account.refresh_expires_at
    if data.get("open_id"):
        update["open_id"] = str(data["open_id"])
    merged = account.to_secret_json() | update
    return Account.model_validate(merged)


def refresh(config: OAuthConfig, account: Account, api: Api) -> Account:
    """New tokens for the account; TokenRefused when the refresh token is revoked or expired."""
    token = account.secret("refresh_token")
    if not token:
        raise TokenRefused("there is no refresh token")
    form = {config.client_param: account.client_id or "", "grant_type": "refresh_token", "refresh_token": token}
    secret = account.secret("client_secret")
    if secret and config.refresh_sends_secret:
        form["client_secret"] = secret
    data = _token_call(config, api, config.refresh_url or config.token_url, form, "refreshing the token")
    return apply_tokens(account, data)
