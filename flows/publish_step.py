"""Publishing an approved draft: one task per account, safe to retry and to re-run after a crash.

`publishing.publish` keeps a ledger (one post per draft × account), so a retry here, or a re-run
of the whole flow after a kill -9 mid-upload, carries on the same post instead of making another.
"""

from __future__ import annotations

import importlib
from datetime import datetime

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows.stages import worth_retrying
from reelflow.errors import ReelflowError
from reelflow.models import Draft, Publication
from reelflow.settings import load_settings


def _publishing():  # noqa: ANN202 - the module, imported when first needed
    module = importlib.import_module("publishing")
    if not hasattr(module, "publish"):
        raise ReelflowError("publishing is not installed in this copy of reelflow (publishing.publish is missing)")
    return module


def _retry_publish(task, run, state) -> bool:  # noqa: ANN001 - Prefect's retry_condition_fn signature
    """Retry what can pass (a busy ledger row, a dropped connection, a quota for now); not a refusal."""
    from publishing.errors import AuthRevoked, Rejected, UnknownAccount

    try:
        state.result()
    except (AuthRevoked, Rejected, UnknownAccount):
        return False
    except Exception:  # noqa: BLE001 - the rest is left to the shared rule
        return worth_retrying(task, run, state)
    return False


@task(name="publish", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=exponential_backoff(10),
      retry_jitter_factor=0.5, retry_condition_fn=_retry_publish)
def publish_draft(draft: Draft, account: str, when: datetime | None) -> Publication:
    publication = _publishing().publish(draft, account, settings=load_settings(), when=when)
    get_run_logger().info("Published to %s: %s%s", account, publication.status,
                          f" ({publication.url})" if publication.url else "")
    return publication
