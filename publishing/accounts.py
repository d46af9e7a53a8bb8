"""Accounts and their credentials: one store per machine, the same for every command and every run on it.

The rule (`publishing.account_store`): `auto` and `file` keep accounts in one encrypted file under the
data folder, which `reelflow accounts`, `reelflow make`, and runs started by `reelflow serve` or a
worker on this machine all read, whether or not PREFECT_API_URL is set (a server being set used to
switch the store, so an account added before `serve` was invisible to its runs). `prefect` keeps
them as Prefect Secret blocks instead, for workers on other machines; choose it explicitly.

The local file holds every account as one Fernet-encrypted JSON document, readable only by
the user (0600). Its key lives apart from it: in a 0600 key file under the user's config
folder (made on first use), or derived from REELFLOW_SECRET_KEY when that is set (scrypt
with a salt kept in the file). A copy of the data folder alone therefore reveals nothing.
Secrets are pydantic SecretStr, so printing or logging an Account shows `**********`.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, Field, SecretStr, field_validator

from publishing.errors import UnknownAccount
from publishing.http import SECRETS
from reelflow.backends import registry
from reelflow.errors import BadInput, ReelflowError
from reelflow.settings import Settings

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SECRET_FIELDS = ("access_token", "refresh_token", "client_secret", "signing_secret")
FORMAT = "reelflow-accounts"


class Account(BaseModel):
    """One place to publish to, with what it takes to post there."""

    name: str
    platform: str
    access_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    open_id: str | None = Field(None, description="TikTok/Douyin user id that comes with the token.")
    scopes: list[str] = Field(default_factory=list)
    target: str | None = Field(None, description="folder: the folder; webhook: the URL.")
    signing_secret: SecretStr | None = Field(None, description="webhook: the HMAC-SHA256 key.")
    preset: str | None = Field(None, description="Of several cuts of one render, the shape this account posts "
                               "(a preset name, e.g. bilibili or shorts); default: the cut named after the "
                               "platform, else the first.")
    language: str | None = Field(None, description="Of several cuts, the language this account posts (zh, en); "
                                 "default: the first cut's.")
    added_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not NAME.match(value):
            raise ValueError("account names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        return value

    def model_post_init(self, _context: Any) -> None:
        SECRETS.add(*(self.secret(f) for f in SECRET_FIELDS))

    def secret(self, field: str) -> str | None:
        value = getattr(self, field)
        return value.get_secret_value() if value is not None else None

    def to_secret_json(self) -> dict[str, Any]:
        """Everything, secrets included: only for the encrypted store."""
        data = self.model_dump(mode="json")
        for field in SECRET_FIELDS:
            data[field] = self.secret(field)
        return data

    def summary(self) -> dict[str, Any]:
        """What `accounts list` may show: no secrets, only whether they are there."""
        return {
            "name": self.name,
            "platform": self.platform,
            "expires_at": self.expires_at,
            "can_refresh": self.refresh_token is not None,
            "refresh_expires_at": self.refresh_expires_at,
            "target": self.target,
            "added_at": self.added_at,
        }


class AccountStore(Protocol):
    """Where accounts live; implementations: FileAccountStore here, the Prefect Secret blocks in flows/."""

    def where(self) -> str:
        """One line for people: where the accounts are kept."""
        ...

    def get(self, name: str) -> Account: ...

    def save(self, account: Account) -> None: ...

    def remove(self, name: str) -> bool: ...

    def list(self) -> list[Account]: ...


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _write_private(path: Path, data: bytes) -> None:
    """Write a 0600 file atomically: a temp file in the same folder, fsynced, renamed over."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class FileAccountStore:
    """All accounts in one encrypted file; every change rewrites it under a file lock."""

    def __init__(self, path: Path, key_file: Path, passphrase: str | None = None) -> None:
        self.path = path
        self.key_file = key_file
        self.passphrase = passphrase

    def __repr__(self) -> str:
        return f"FileAccountStore({str(self.path)!r})"

    def where(self) -> str:
        return f"the encrypted file {self.path} (key: {self.passphrase and 'REELFLOW_SECRET_KEY' or self.key_file})"

    # -- keys ---------------------------------------------------------------------------

    def _fernet(self, salt: bytes | None) -> Fernet:
        if self.passphrase:
            if salt is None:
                raise ReelflowError(f"{self.path}: no salt recorded for REELFLOW_SECRET_KEY")
            key = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(self.passphrase.encode("utf-8"))
            return Fernet(base64.urlsafe_b64encode(key))
        return Fernet(self._key_from_file())

    def _key_from_file(self) -> bytes:
        if not self.key_file.exists():
            _write_private(self.key_file, Fernet.generate_key())
        mode = self.key_file.stat().st_mode & 0o777
        if mode & 0o077:
            raise ReelflowError(f"{self.key_file}: the key file is readable by others (mode {mode:o}); "
                                f"run `chmod 600 {self.key_file}`")
        key = self.key_file.read_bytes().strip()
        try:
            Fernet(key)
        except ValueError:
            raise ReelflowError(f"{self.key_file}: not a Fernet key") from None
        return key

    # -- the file -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}
        mode = self.path.stat().st_mode & 0o777
        if mode & 0o077:
            raise ReelflowError(f"{self.path}: the accounts file is readable by others (mode {mode:o}); "
                                f"run `chmod 600 {self.path}`")
        try:
            envelope = json.loads(self.path.read_text(encoding="utf-8"))
            if envelope.get("format") != FORMAT:
                raise ValueError
            salt = base64.b64decode(envelope["salt"]) if envelope.get("salt") else None
        except (ValueError, KeyError, TypeError):
            raise ReelflowError(f"{self.path}: not a reelflow accounts file") from None
        if bool(envelope.get("kdf")) != bool(self.passphrase):
            how = "REELFLOW_SECRET_KEY" if envelope.get("kdf") else f"the key file {self.key_file}"
            raise ReelflowError(f"{self.path}: it was encrypted with {how}; set that up to read it")
        try:
            plain = self._fernet(salt).decrypt(envelope["data"].encode("ascii"))
        except InvalidToken:
            how = "REELFLOW_SECRET_KEY" if self.passphrase else f"the key in {self.key_file}"
            raise ReelflowError(f"{self.path}: cannot decrypt it with {how} (wrong key?)") from None
        return json.loads(plain)

    def _write(self, accounts: dict[str, dict[str, Any]]) -> None:
        salt = os.urandom(16) if self.passphrase else None
        token = self._fernet(salt).encrypt(json.dumps(accounts, ensure_ascii=False).encode("utf-8"))
        envelope = {
            "format": FORMAT,
            "version": 1,
            "kdf": "scrypt" if self.passphrase else None,
            "salt": base64.b64encode(salt).decode("ascii") if salt else None,
            "data": token.decode("ascii"),
        }
        _write_private(self.path, json.dumps(envelope).encode("utf-8"))

    # -- the store ----------------------------------------------------------------------

    def get(self, name: str) -> Account:
        with self._locked():
            data = self._read().get(name)
        if data is None:
            raise UnknownAccount(name)
        return Account.model_validate(data)

    def save(self, account: Account) -> None:
        with self._locked():
            accounts = self._read()
            accounts[account.name] = account.to_secret_json()
            self._write(accounts)

    def remove(self, name: str) -> bool:
        with self._locked():
            accounts = self._read()
            if accounts.pop(name, None) is None:
                return False
            self._write(accounts)
            return True

    def list(self) -> list[Account]:
        with self._locked():
            return [Account.model_validate(v) for _, v in sorted(self._read().items())]


ACCOUNT_STORES = registry("account store")  # "prefect": Prefect Secret blocks (flows/secrets_store.py)


def open_account_store(settings: Settings) -> AccountStore:
    """The store the settings call for: the machine's encrypted file unless `account_store` is "prefect".

    PREFECT_API_URL alone does not switch stores: `reelflow serve` sets it for its runs, and they must
    see the accounts `reelflow accounts add` saved before it (one store for every command and run here).
    """
    if settings.publishing.account_store == "prefect":
        # Registered by flows/secrets_store.py (through the `reelflow.backends` entry point): publishing
        # does not import the workflow engine.
        return ACCOUNT_STORES["prefect"]()
    path = settings.publishing.accounts_file or settings.data_dir / "accounts.enc"
    key_file = settings.publishing.key_file or _config_home() / "reelflow" / "accounts.key"
    passphrase = os.environ.get("REELFLOW_SECRET_KEY") or None
    if passphrase is not None and len(passphrase) < 12:
        raise BadInput("REELFLOW_SECRET_KEY", "too short to protect the accounts file (use 12+ characters)")
    return FileAccountStore(Path(path), Path(key_file), passphrase)
