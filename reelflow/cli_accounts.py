"""`reelflow accounts add|list|remove` and `reelflow publish`: the publishing commands.

Secrets are asked for with hidden prompts when not given as options, never echoed, and
`accounts list` shows names, platforms and expiry only.
"""

from __future__ import annotations

import json
import logging
import sys
import webbrowser
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelflow.errors import BadInput, ReelflowError

accounts_app = typer.Typer(no_args_is_help=True, help="Accounts to publish to (credentials kept encrypted).")
err = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(2 if isinstance(exc, BadInput) else 1)


def _client_file(path: Path) -> tuple[str | None, str | None]:
    """client_id and client_secret from a Google-style client secrets JSON ({"installed": {...}})."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BadInput(path, f"cannot read the client file ({exc})") from None
    section = data.get("installed") or data.get("web") or data
    return section.get("client_id"), section.get("client_secret")


@accounts_app.command("add")
def add(
    platform: Annotated[str, typer.Argument(help="youtube, tiktok, bilibili, douyin, folder, webhook (or a "
                                                 "plugin's platform).")],
    name: Annotated[str, typer.Option("--name", help="What you will call this account in --account.")],
    token: Annotated[str | None, typer.Option(help="Use this access token instead of signing in.")] = None,
    refresh_token: Annotated[str | None, typer.Option(help="With --token: its refresh token.")] = None,
    expires_in: Annotated[int | None, typer.Option(help="With --token: seconds until it expires.")] = None,
    open_id: Annotated[str | None, typer.Option(help="TikTok/Douyin: the user's open_id (with --token).")] = None,
    client_id: Annotated[str | None, typer.Option(help="Your app's client id (client_key on TikTok/Douyin).")] = None,
    client_secret: Annotated[str | None, typer.Option(help="Your app's client secret; asked for if not given.")] = None,
    client_file: Annotated[Path | None, typer.Option(help="Google's client_secret.json for an installed app.")] = None,
    path: Annotated[Path | None, typer.Option(help="folder: where publications go.")] = None,
    url: Annotated[str | None, typer.Option(help="webhook: the URL to POST to.")] = None,
    secret: Annotated[str | None, typer.Option(help="webhook: the HMAC signing secret; asked for if not given.")
                      ] = None,
    no_browser: Annotated[bool, typer.Option(help="Only print the consent URL; do not open a browser.")] = False,
    preset: Annotated[str | None, typer.Option(help="Of several cuts of one render, the shape this account posts "
                                               "(e.g. shorts, bilibili); default: the platform's own.")] = None,
    language: Annotated[str | None, typer.Option(help="Of several cuts, the language this account posts (zh, en); "
                                                 "default: the first cut's.")] = None,
    redirect_uri: Annotated[str | None, typer.Option(help="Send this redirect URI (e.g. an https tunnel to the "
                                                          "loopback port) instead of http://127.0.0.1:PORT/.")] = None,
) -> None:
    """Add (or replace) an account: signs in with OAuth in the browser, or takes a token."""
    try:
        from editing.presets import PRESETS
        from publishing.accounts import open_account_store
        from publishing.registry import get_publisher
        from reelflow.settings import load_settings

        settings = load_settings()
        publisher = get_publisher(platform)
        store = open_account_store(settings)
        if preset is not None and preset not in PRESETS:
            raise BadInput("--preset", f"unknown preset {preset!r}; known presets: {', '.join(PRESETS)}")
        if language not in (None, "zh", "en"):
            raise BadInput("--language", f"unknown language {language!r}; reelflow speaks zh and en")
        new_account = getattr(publisher, "new_account", None)  # a platform without OAuth (folder, webhook)
        if new_account is not None:
            account = new_account(name, path=path, url=url, secret=secret,
                                  ask=lambda prompt: typer.prompt(prompt, hide_input=True))
        elif publisher.oauth(settings) is not None:
            account = _oauth_account(settings, publisher, platform, name, token, refresh_token, expires_in, open_id,
                                     client_id, client_secret, client_file, no_browser, redirect_uri)
        else:
            raise BadInput(platform, "this platform takes no accounts (it has neither OAuth nor new_account)")
        account = account.model_copy(update={"preset": preset, "language": language})
        store.save(account)
    except ValidationError as exc:
        raise _fail(BadInput(name, exc.errors()[0]["msg"])) from None
    except ReelflowError as exc:
        raise _fail(exc) from None
    expiry = f", token expires {account.expires_at:%Y-%m-%d %H:%M} UTC" if account.expires_at else ""
    err.print(f"Added {platform} account {name!r}{expiry}.\nIt lives in {store.where()}: every reelflow command "
              "and every run on this machine (also those `reelflow serve` starts) reads it there. "
              "publishing.account_store = \"prefect\" keeps accounts as Prefect Secret blocks instead, "
              "for workers on other machines.", highlight=False, soft_wrap=True)


def _oauth_account(settings, publisher, platform, name, token, refresh_token, expires_in, open_id,  # noqa: ANN001, ANN202
                   client_id, client_secret, client_file, no_browser, redirect_uri):
    from publishing.accounts import Account
    from publishing.http import SECRETS, Api
    from publishing.oauth import apply_tokens, authorize

    if client_file is not None:
        file_id, file_secret = _client_file(client_file)
        client_id, client_secret = client_id or file_id, client_secret or file_secret
    SECRETS.add(client_secret, token, refresh_token)
    if token:
        account = Account(name=name, platform=platform, client_id=client_id, client_secret=client_secret,
                          open_id=open_id)
        return apply_tokens(account, {"access_token": token, "refresh_token": refresh_token,
                                      "expires_in": expires_in, "open_id": open_id})
    if not client_id:
        raise BadInput("--client-id", f"signing in to {platform} needs your app's client id "
                                      "(or pass --token to use a token you already have)")
    client_secret = client_secret or typer.prompt("Client secret", hide_input=True)
    SECRETS.add(client_secret)
    config = publisher.oauth(settings)

    def open_url(consent: str) -> None:
        err.print(f"Open this URL to let reelflow post to {platform} as {name!r}:\n{consent}", highlight=False,
                  soft_wrap=True)
        if not no_browser:
            webbrowser.open(consent)

    with Api(settings.publishing) as api:
        answer = authorize(config, client_id, client_secret, api=api, port=settings.publishing.oauth_port,
                           timeout=settings.publishing.oauth_timeout_seconds, open_url=open_url,
                           redirect_uri=redirect_uri)
    account = Account(name=name, platform=platform, client_id=client_id, client_secret=client_secret)
    return apply_tokens(account, answer)


def _when(value: datetime | None) -> str:
    if value is None:
        return "-"
    left = value - datetime.now(UTC)
    mark = " (expired)" if left.total_seconds() <= 0 else ""
    return f"{value:%Y-%m-%d %H:%M} UTC{mark}"


@accounts_app.command("list")
def list_accounts() -> None:
    """Show accounts: names, platforms and when their tokens expire. Never their secrets."""
    try:
        from publishing.accounts import open_account_store
        from reelflow.settings import load_settings

        accounts = open_account_store(load_settings()).list()
    except ReelflowError as exc:
        raise _fail(exc) from None
    table = Table("name", "platform", "token expires", "refreshable", "target")
    for account in accounts:
        info = account.summary()
        table.add_row(info["name"], info["platform"], _when(info["expires_at"]),
                      "yes" if info["can_refresh"] else "no", info["target"] or "")
    Console().print(table)


@accounts_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The account's name.")]) -> None:
    """Forget an account and its credentials (revoke the app's access on the platform too)."""
    try:
        from publishing.accounts import open_account_store
        from reelflow.settings import load_settings

        removed = open_account_store(load_settings()).remove(name)
    except ReelflowError as exc:
        raise _fail(exc) from None
    err.print(f"Removed {name!r}." if removed else f"No account named {name!r}.", highlight=False)


def _the_cut(draft: Any, account: str, settings: Any) -> Any:
    """Of a render's several cuts (the draft's JSON lists them), the one this account takes."""
    from publishing.accounts import open_account_store
    from publishing.routing import cut_for, language_of, sibling_cuts

    cuts = sibling_cuts(draft)
    if len(cuts) < 2:
        return draft
    chosen = cut_for(cuts, open_account_store(settings).get(account))
    err.print(escape(f"{account!r} takes the {chosen.preset} cut in {language_of(chosen)}: "
                     f"{Path(chosen.video_path).name}"), highlight=False)
    return chosen


def publish_command(
    draft_json: Annotated[Path, typer.Argument(help="The draft's JSON (clip.json beside clip.mp4).")],
    account: Annotated[str, typer.Option("--account", help="The account's name (reelflow accounts list).")],
    at: Annotated[datetime | None, typer.Option("--at", formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z",
                                                                  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"],
                                                help="Publish at this time (ISO 8601 with a zone, e.g. "
                                                     "2026-12-01T09:00+0800).")] = None,
    dry_run: Annotated[bool, typer.Option(help="Show what would be posted where; send nothing.")] = False,
    retry_failed: Annotated[bool, typer.Option(help="Try again a publication the ledger marks failed.")] = False,
) -> None:
    """Publish a finished draft to one account, exactly once (a re-run resumes or confirms)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("reelflow.publishing")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        from publishing.ledger import preview, publish, retry_failed_publication
        from reelflow.models import Draft
        from reelflow.settings import load_settings

        try:
            draft = Draft.model_validate_json(draft_json.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BadInput(draft_json, f"cannot read it ({exc.strerror})") from None
        except ValidationError as exc:
            raise BadInput(draft_json, f"not a reelflow draft ({exc.errors()[0]['msg']})") from None
        settings = load_settings()
        draft = _the_cut(draft, account, settings)
        if dry_run:
            sys.stdout.write(json.dumps(preview(draft, account, settings=settings, when=at), ensure_ascii=False,
                                        indent=2, default=str) + "\n")
            return
        if retry_failed:
            retry_failed_publication(draft, account, settings=settings)
        result = publish(draft, account, settings=settings, when=at)
    except ReelflowError as exc:
        raise _fail(exc) from None
    finally:
        log.removeHandler(handler)
    if result.status == "failed":
        raise _fail(ReelflowError(f"{result.platform} {result.account!r}: this clip failed before: {result.reason}; "
                                  "add --retry-failed to try again"))
    when = result.scheduled_at if result.status in ("scheduled", "pending") else result.published_at
    err.print(escape(f"{result.platform} {result.account!r}: {result.status}"
                     + (f" ({when:%Y-%m-%d %H:%M} UTC)" if when else "")
                     + (f" — {result.reason}" if result.reason else "")), highlight=False, soft_wrap=True)
    sys.stdout.write(f"{result.url or result.remote_id or result.status}\n")
