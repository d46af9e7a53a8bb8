"""Register reelflow's deployments on the work pools the settings name.

Module entrypoints, so a worker runs the code installed in its own environment (the Docker images
install the project; no code is pulled at run time). This module imports the flows themselves, so it
sits above them: nothing in flows/ imports it.
"""

from __future__ import annotations

from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from flows.article_to_video import article_to_video
from flows.batch import batch
from flows.pools import DEPLOYMENT, PoolDeployment, ensure_pool, planned
from flows.render_pool import render_shots
from reelflow.settings import Settings


def deploy(settings: Settings) -> list[PoolDeployment]:
    """Make the pools and register (or update) the deployments on them; returns what was deployed."""
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
