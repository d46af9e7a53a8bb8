"""Limits every run shares through the Prefect server: GPU slots and the online voice's rate.

A GPU render holds one slot of a global concurrency limit with one slot per GPU, so any number of
runs, in any number of processes, never put two renders on one GPU (with a GPU work pool, one such
limit per GPU machine). Online voice calls take a slot
of a rate limit (a limit whose slots decay), so a batch cannot hammer edge-tts into refusing us.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import socket
import subprocess
from collections.abc import Iterator
from functools import cache

from prefect import get_client
from prefect.concurrency.sync import concurrency, rate_limit
from prefect.exceptions import ObjectAlreadyExists

from reelflow.settings import Settings


def online(engine: str) -> bool:
    """Whether a voice engine calls a service over the network (its registration says it needs one)."""
    import generator.speech as speech

    return engine in speech.ENGINES and "network" in speech.ENGINES.needs(engine)


@cache
def gpu_count() -> int:
    """GPUs that nvidia-smi lists; 0 when there is none (or no driver)."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return 0
    try:
        out = subprocess.run([exe, "-L"], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return sum(1 for line in out.splitlines() if line.startswith("GPU "))


def gpu_slots(settings: Settings) -> int:
    return settings.gpu_slots or max(1, gpu_count())


def tts_burst(settings: Settings) -> int:
    return max(1, math.ceil(settings.tts_per_second))


def gpu_limit_name(settings: Settings) -> str:
    """The GPU limit a render here holds. On one machine, `gpu_limit`. With a GPU work pool, one
    limit per GPU machine (`gpu_limit` + its name), sized to that machine's GPUs: runs that land on
    the same box share its GPUs, and another box's GPUs are not counted as this one's."""
    if not settings.gpu_pool:
        return settings.gpu_limit
    return f"{settings.gpu_limit}-{settings.gpu_host or socket.gethostname()}"


def ensure_limits(settings: Settings, gpu: bool = True) -> None:
    """Create the limits on the Prefect server, or bring their sizes in line with the settings.

    `gpu=False` where no render happens (an article's run when the GPU pool renders its shots).
    """
    wanted = [(settings.tts_limit, tts_burst(settings), settings.tts_per_second)]
    if gpu:
        wanted.append((gpu_limit_name(settings), gpu_slots(settings), None))
    with get_client(sync_client=True) as client:
        for name, limit, decay in wanted:
            # Two runs starting together may both try to create it; the loser updates instead.
            for _ in range(2):
                try:
                    client.upsert_global_concurrency_limit_by_name(name, limit, slot_decay_per_second=decay)
                    break
                except ObjectAlreadyExists:
                    continue


def uses_gpu(renderer: str, settings: Settings) -> bool:
    return renderer in settings.gpu_renderers


@contextlib.contextmanager
def gpu_slot(renderer: str, settings: Settings) -> Iterator[None]:
    """Hold one GPU slot while the block runs, if this renderer needs a GPU; waits for a free one."""
    if not uses_gpu(renderer, settings):
        yield
        return
    # strict: a missing limit is an error, not a silent free-for-all on the GPU.
    with concurrency(gpu_limit_name(settings), occupy=1, strict=True,
                     lease_duration=max(300.0, settings.render_timeout)):
        yield


def voice_slot(engine: str, limit: str) -> None:
    """Wait for the online voice's rate limit (named `limit`); offline engines are not limited."""
    if online(engine):
        rate_limit(limit, occupy=1, strict=True)
