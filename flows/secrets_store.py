"""Publishing accounts kept as Prefect Secret blocks (used when `publishing.account_store` is "prefect").

Each account is one Secret block, `reelflow-account-<name>-<hash>`, whose value is the
account as JSON; the Prefect UI shows Secret values obfuscated, and workers on other
machines read the same blocks. This is the only Prefect-backed part of account storage;
publishing/accounts.py picks it (by name, from the backends registry) when a Prefect server is configured.
"""

from __future__ import annotations

import hashlib
import json
import re

from publishing.accounts import Account
from publishing.errors import UnknownAccount
from reelflow.backends import registry
from reelflow.errors import ReelflowError

PREFIX = "reelflow-account-"


def block_name(account: str) -> str:
    """Block names allow lowercase letters, digits and dashes; the hash keeps 'A_b' and 'a-b' apart."""
    slug = re.sub(r"[^a-z0-9-]+", "-", account.lower()).strip("-")[:40] or "account"
    return f"{PREFIX}{slug}-{hashlib.sha256(account.encode('utf-8')).hexdigest()[:8]}"


class PrefectSecretStore:
    """The AccountStore protocol over Prefect's Secret blocks."""

    def __repr__(self) -> str:
        return "PrefectSecretStore()"

    def where(self) -> str:
        from prefect.settings import PREFECT_API_URL

        return f"Prefect Secret blocks on {PREFECT_API_URL.value() or 'the ephemeral Prefect server'}"

    def _client(self):  # noqa: ANN202 - Prefect's sync client type
        from prefect.client.orchestration import get_client

        return get_client(sync_client=True)

    def get(self, name: str) -> Account:
        from prefect.exceptions import ObjectNotFound

        try:
            with self._client() as client:
                doc = client.read_block_document_by_name(block_name(name), "secret", include_secrets=True)
        except ObjectNotFound:
            raise UnknownAccount(name) from None
        except Exception as exc:  # connection trouble: say where, not what the block holds
            raise ReelflowError(f"cannot read account {name!r} from the Prefect server: {type(exc).__name__}") from None
        return Account.model_validate(json.loads(_value(doc.data)))

    def save(self, account: Account) -> None:
        from prefect.blocks.system import Secret

        value = json.dumps(account.to_secret_json(), ensure_ascii=False)
        try:
            Secret(value=value).save(block_name(account.name), overwrite=True)
        except Exception as exc:
            raise ReelflowError(f"cannot save account {account.name!r} to the Prefect server: "
                                f"{type(exc).__name__}") from None

    def remove(self, name: str) -> bool:
        from prefect.exceptions import ObjectNotFound

        with self._client() as client:
            try:
                doc = client.read_block_document_by_name(block_name(name), "secret", include_secrets=False)
            except ObjectNotFound:
                return False
            client.delete_block_document(doc.id)
            return True

    def list(self) -> list[Account]:
        with self._client() as client:
            docs = client.read_block_documents_by_type("secret", include_secrets=True)
        accounts = [Account.model_validate(json.loads(_value(d.data))) for d in docs
                    if (d.name or "").startswith(PREFIX)]
        return sorted(accounts, key=lambda a: a.name)


registry("account store").add("prefect", PrefectSecretStore, needs={"network"})


def _value(data: dict) -> str:
    value = data.get("value")
    if hasattr(value, "get_secret_value"):
        value = value.get_secret_value()
    return value if isinstance(value, str) else json.dumps(value)


def _server_at_hand() -> bool:
    """A Prefect server to ask: an API URL is set, or this is a flow run (never start one just for a key)."""
    import os

    if os.environ.get("PREFECT_API_URL"):
        return True
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


def secret_value(name: str) -> str | None:
    """The value of the Prefect Secret block `name` (e.g. `pexels-api-key`), or None; never logged."""
    if not _server_at_hand():
        return None
    try:
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            doc = client.read_block_document_by_name(name, "secret", include_secrets=True)
        value = doc.data.get("value")
        value = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        return value.strip() if isinstance(value, str) and value.strip() else None
    except Exception:  # noqa: BLE001 - no block, no server: the same as no key
        return None
