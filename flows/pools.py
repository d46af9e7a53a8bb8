"""Deployments on work pools: how reelflow runs on more than one machine.

Prefect's workers do the scaling: `prefect worker start --pool cpu` on any number of machines takes
`article-to-video` and `batch` runs; `prefect worker start --pool gpu` on each GPU box takes
`render-shots` runs. Nothing here starts a worker or moves work around by itself. This module only
makes the pools (process pools, if they do not exist) and registers the deployments on them, with
module entrypoints, so a worker runs the code installed in its own environment (the Docker images
install the project; no code is pulled at run time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prefect import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.schedules import Cron

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


def deploy(settings: Settings) -> list[PoolDeployment]:
    """Make the pools and register (or update) the deployments on them; returns what was deployed."""
    from flows.article_to_video import article_to_video
    from flows.batch import batch
    from flows.render_pool import render_shots

    flows = {"article-to-video": article_to_video, "batch": batch, "render-shots": render_shots}
    done = planned(settings)
    for d in done:
        ensure_pool(d.pool)
        schedule = Cron(settings.batch_cron, timezone=settings.batch_timezone) if d.schedule else None
        deployment: RunnerDeployment = flows[d.flow].to_deployment(
            DEPLOYMENT, parameters=d.parameters, entrypoint_type=EntrypointType.MODULE_PATH,
            schedule=schedule, work_pool_name=d.pool)
        deployment.apply(work_pool_name=d.pool)
    return done


def describe(deployed: list[PoolDeployment]) -> list[str]:
    return [f"{d.full_name} on work pool {d.pool!r}" + (f", schedule {d.schedule}" if d.schedule else "")
            for d in deployed]
