"""Deployments on work pools: how reelflow runs on more than one machine.

Prefect's workers do the scaling: `prefect worker start --pool cpu` on any number of machines takes
`article-to-video` and `batch` runs; `prefect worker start --pool gpu` on each GPU box takes
`render-shots` runs. Nothing here starts a worker or moves work around by itself. This module only
plans the deployments and makes the pools (process pools, if they do not exist); flows/deploy.py
registers the deployments on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prefect import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from reelflow.settings import Settings

DEPLOYMENT = "reelflow"  # the name of every deployment reelflow makes, served or on a pool


@dataclass(frozen=True)
class PoolDeployment:
    flow: str
    pool: str
    parameters: dict[str, Any]
    schedule: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.flow}/{DEPLOYMENT}"


def batch_plan(settings: Settings) -> tuple[dict[str, Any], str | None]:
    """The `batch` deployment's parameters and schedule (None: not scheduled, no batch_source)."""
    params: dict[str, Any] = {"review": True, "via_deployment": True}
    if not settings.batch_source:
        return params, None
    params["source"] = str(settings.batch_source.expanduser())
    return params, f"cron {settings.batch_cron!r} ({settings.batch_timezone})"


def planned(settings: Settings) -> list[PoolDeployment]:
    """The deployments these settings put on work pools (none when no pool is set)."""
    out = []
    if settings.cpu_pool:
        out.append(PoolDeployment("article-to-video", settings.cpu_pool, {"review": True}))
        params, schedule = batch_plan(settings)
        out.append(PoolDeployment("batch", settings.cpu_pool, params, schedule))
    if settings.gpu_pool:
        out.append(PoolDeployment("render-shots", settings.gpu_pool, {}))
    return out


def ensure_pool(name: str) -> bool:
    """Create a process work pool called `name` unless one exists; True if it was made now."""
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
            return False
        except ObjectNotFound:
            pass
        try:
            client.create_work_pool(WorkPoolCreate(name=name, type="process"))
            return True
        except ObjectAlreadyExists:  # made by another `deploy` at the same moment
            return False


def describe(deployed: list[PoolDeployment]) -> list[str]:
    return [f"{d.full_name} on work pool {d.pool!r}" + (f", schedule {d.schedule}" if d.schedule else "")
            for d in deployed]
