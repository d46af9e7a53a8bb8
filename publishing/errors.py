"""What can go wrong when publishing, as the user should hear it.

Every message names the account or file and says what to do; none carries a secret
(the HTTP layer scrubs known secrets from anything a platform echoes back).
"""

from __future__ import annotations

from reelflow.errors import ReelflowError


class PublishError(ReelflowError):
    """Publishing did not finish; the ledger says how far it got."""


class UnknownAccount(PublishError):  # noqa: N818 - named for what the user did
    def __init__(self, name: str) -> None:
        super().__init__(f"no account named {name!r}; add it with `reelflow accounts add PLATFORM --name {name}` "
                         "(see `reelflow accounts list`)")


class AuthRevoked(PublishError):  # noqa: N818
    """The platform no longer accepts the account's tokens; only the user can fix that."""

    def __init__(self, platform: str, account: str, detail: str = "its authorisation was revoked or has expired"
                 ) -> None:
        self.platform, self.account = platform, account
        super().__init__(f"account {account!r} ({platform}): {detail}; run "
                         f"`reelflow accounts add {platform} --name {account}` to authorise it again")


class Deferred(PublishError):  # noqa: N818
    """Quota, rate or permission trouble: nothing is wrong with the clip, try again later."""


class Rejected(PublishError):  # noqa: N818
    """The platform refused this clip for good (format, policy); the ledger marks it failed."""


class Busy(PublishError):  # noqa: N818
    """Another process holds this publication's lease."""


class Transient(Exception):  # noqa: N818 - internal signal, never shown
    """A failure worth retrying: 429, 5xx, a timeout or a dropped connection."""

    def __init__(self, what: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(what)


class Unauthorized(Exception):  # noqa: N818 - internal signal
    """The access token was refused (401 or the platform's equivalent); refresh and retry once."""
