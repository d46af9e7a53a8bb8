"""`reelflow serve`: run reelflow every day on this machine (dashboard, schedules, inbox, media server)."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from reelflow.cli_errors import ERR, exit_codes
from reelflow.errors import BadInput, ReelflowError


def serve(
    print_only: Annotated[bool, typer.Option("--print", help="Show what would start, and start nothing.")] = False,
) -> None:
    """Serve the deployments on their schedules, watch the inbox, serve drafts to the dashboard."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    with exit_codes():
        from flows.serve import describe, plan, run
        from reelflow.settings import load_settings

        settings = load_settings()
        the_plan = plan(settings)
        if print_only:
            sys.stdout.write(describe(the_plan) + "\n")
            return
        # The inbox and media server log through `logging`; show them beside Prefect's own lines. A handler
        # of their own: Prefect's root handler would make logging.basicConfig a no-op.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s",
                                               datefmt="%H:%M:%S"))
        ours = logging.getLogger("reelflow")
        ours.addHandler(handler)
        ours.setLevel(logging.INFO)
        ours.propagate = False
        run(settings, the_plan)


def deploy() -> None:
    """Put the deployments on the work pools named by cpu_pool / gpu_pool (for `prefect worker start`)."""
    with exit_codes():
        from reelflow.settings import load_settings

        settings = load_settings()
        if not (settings.cpu_pool or settings.gpu_pool):
            raise BadInput("settings", "no work pool is set: set REELFLOW_CPU_POOL and/or REELFLOW_GPU_POOL "
                           "(or cpu_pool / gpu_pool in reelflow.toml)")
        if not os.environ.get("PREFECT_API_URL"):
            raise ReelflowError("PREFECT_API_URL is not set: point it at the Prefect server the workers use")
        from flows.deploy import deploy as deploy_to_pools
        from flows.pools import describe

        for line in describe(deploy_to_pools(settings)):
            ERR.print(f"deployed {line}", highlight=False)
