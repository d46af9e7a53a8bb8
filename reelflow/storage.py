"""Media storage: where rendered shots and drafts live so that whichever worker needs one can get it.

On one machine there is nothing to share: a file stays where it was made and its reference is its
local path. With `storage_url` set (`s3://bucket/prefix` across machines, or a folder every worker
mounts) each finished file is also put in the store under its path relative to the data dir, and its
reference becomes that URL; a worker that needs it fetches it to the same relative path under its own
data dir. So workers never assume a shared disk, and the layout of every data dir stays the same.

fsspec does the talking, so any filesystem it knows works; S3 credentials come from the usual AWS_*
environment variables and are never kept here. Writes are all-or-nothing: a local or mounted folder
gets a temporary name and a rename, and an S3 object only appears once its upload is complete.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Any

import fsspec
from fsspec.spec import AbstractFileSystem

from reelflow.errors import ReelflowError


def _normalise(url: str) -> str:
    """A URL with a protocol; a plain folder becomes file:///absolute/path."""
    if "://" in url:
        return url.rstrip("/")
    return "file://" + str(Path(url).expanduser().resolve())


class MediaStorage:
    """Put files made here where other workers can fetch them; fetch files made elsewhere."""

    def __init__(self, data_dir: Path, url: str | None = None, endpoint: str | None = None) -> None:
        self.data_dir = data_dir.expanduser().resolve()
        self.url = _normalise(url) if url else None
        self._endpoint = endpoint
        self._fs: AbstractFileSystem | None = None

    def __repr__(self) -> str:
        return f"MediaStorage({self.url or 'local files only'})"

    @property
    def shared(self) -> bool:
        return self.url is not None

    @property
    def fs(self) -> AbstractFileSystem:
        if self._fs is None:
            assert self.url is not None
            options: dict[str, Any] = {}
            if self._endpoint and self.url.startswith(("s3://", "s3a://")):
                options["endpoint_url"] = self._endpoint
            self._fs, _ = fsspec.core.url_to_fs(self.url, **options)
        return self._fs

    def key_of(self, local: Path) -> str:
        """Where a local file goes in the store: its path under the data dir (else under external/)."""
        path = Path(local).expanduser().resolve()
        try:
            return path.relative_to(self.data_dir).as_posix()
        except ValueError:
            digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
            return f"external/{digest}/{path.name}"

    def is_ref(self, ref: str) -> bool:
        """Whether `ref` names something in the store (rather than a local path)."""
        return self.url is not None and ref.startswith(self.url + "/")

    def put(self, local: Path | str) -> str:
        """Make `local` reachable from every worker; returns its reference (the local path if not shared)."""
        local = Path(local)
        if not local.is_file():
            raise ReelflowError(f"{local}: cannot store a file that does not exist")
        if self.url is None:
            return str(local)
        ref = f"{self.url}/{self.key_of(local)}"
        target = self._path(ref)
        try:
            self.fs.makedirs(self.fs._parent(target), exist_ok=True)
            if _is_local(self.fs):
                part = f"{target}.part-{uuid.uuid4().hex[:8]}"
                self.fs.put_file(str(local), part)
                self.fs.mv(part, target)
            else:
                self.fs.put_file(str(local), target)
        except OSError as exc:  # fsspec maps S3 and file errors to OSError subclasses
            raise ReelflowError(f"{local}: could not store it at {ref}: {_reason(exc)}") from None
        return ref

    def exists(self, ref: str) -> bool:
        if not self.is_ref(ref):
            return Path(ref).is_file()
        try:
            return bool(self.fs.isfile(self._path(ref)))
        except OSError:
            return False

    def fetch(self, ref: str) -> Path:
        """A local path for `ref`: the file itself when local, else a copy under this data dir."""
        if not self.is_ref(ref):
            path = Path(ref)
            if not path.is_file():
                raise ReelflowError(f"{ref}: file not found (and it is not in the media storage {self.url})")
            return path
        key = ref[len(self.url or "") + 1:]
        local = self.data_dir / key
        remote = self._path(ref)
        try:
            size = self.fs.size(remote)
            if local.is_file() and local.stat().st_size == size:
                return local
            local.parent.mkdir(parents=True, exist_ok=True)
            part = local.with_name(f"{local.name}.part-{uuid.uuid4().hex[:8]}")
            try:
                self.fs.get_file(remote, str(part))
                os.replace(part, local)
            finally:
                part.unlink(missing_ok=True)
        except FileNotFoundError:
            raise ReelflowError(f"{ref}: not found in the media storage") from None
        except OSError as exc:
            raise ReelflowError(f"{ref}: could not fetch it: {_reason(exc)}") from None
        return local

    def delete(self, ref: str) -> None:
        """Remove a stored file (a reference from `put`); a local path is left alone."""
        if self.is_ref(ref):
            self.fs.rm(self._path(ref))

    def _path(self, ref: str) -> str:
        """The filesystem's own path for a reference (fsspec paths have no protocol)."""
        return self.fs._strip_protocol(ref)


def _is_local(fs: AbstractFileSystem) -> bool:
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return "file" in protocols or "local" in protocols


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def storage_for(settings: Any) -> MediaStorage:
    """The media storage these settings describe."""
    return MediaStorage(settings.data_dir, settings.storage_url, settings.storage_endpoint)
