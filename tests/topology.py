"""The docker/compose.yaml topology without Docker: for the scale-out test and bench/scale.py.

A Prefect server on a real PostgreSQL database, the reelflow store in another database of the same
server, media in an S3 API (moto's S3 server on 127.0.0.1, as MinIO in compose), and Prefect process
workers started with `prefect worker start`, each with a data dir of its own (no shared disk). The
"GPU" pool's workers run the tiny random DiT on the CPU. Everything is a real process talking over
loopback, as the containers would over their network.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parent.parent
S3_KEYS = {"AWS_ACCESS_KEY_ID": "reelflow-test", "AWS_SECRET_ACCESS_KEY": "reelflow-test-secret",
           "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Topology:
    """Start the pieces one by one; `close()` stops them and drops the databases."""

    def __init__(self, root: Path, postgres_url: str, model_dir: Path, *, preset: str = "preview",
                 max_seconds: float = 8.0) -> None:
        self.root = root
        self.tag = uuid.uuid4().hex[:8]
        base = make_url(postgres_url)
        self._admin = base
        self.prefect_db = f"rf_prefect_{self.tag}"
        self.store_db = f"rf_store_{self.tag}"
        self.store_url = base.set(database=self.store_db).render_as_string(hide_password=False)
        self.prefect_db_url = base.set(drivername="postgresql+asyncpg", database=self.prefect_db
                                       ).render_as_string(hide_password=False)
        self.model_dir = model_dir
        self.preset = preset
        self.max_seconds = max_seconds
        self.procs: list[subprocess.Popen[bytes]] = []
        self.api_url = ""
        self.s3_endpoint = ""
        self._moto: Any = None
        self.storage_url = f"s3://media/{self.tag}"
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    # -- pieces -------------------------------------------------------------------------

    def create_databases(self) -> None:
        for name in (self.prefect_db, self.store_db):
            self._sql(f'CREATE DATABASE "{name}"')

    def start_s3(self) -> None:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request otherwise

        os.environ.update(S3_KEYS)
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.s3_endpoint = f"http://{host}:{port}"
        import s3fs

        with contextlib.suppress(FileExistsError):  # moto keeps its buckets for the life of the process
            s3fs.S3FileSystem(endpoint_url=self.s3_endpoint).mkdir("media")

    def start_server(self, timeout: float = 240.0) -> None:
        port = free_port()
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = self._base_env()
        env.pop("PREFECT_API_URL", None)
        env.update(PREFECT_API_DATABASE_CONNECTION_URL=self.prefect_db_url, PREFECT_UI_ENABLED="false",
                   PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port),
                   PREFECT_HOME=str(self.root / "prefect-server-home"))
        self._spawn("prefect-server", [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                       "--port", str(port)], env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[-1].poll() is not None:
                raise RuntimeError(f"the Prefect server exited; see {self.logs / 'prefect-server.log'}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the Prefect server did not answer in {timeout:.0f} s")

    def worker_env(self, data_dir: Path) -> dict[str, str]:
        env = self._base_env()
        env.update(
            PREFECT_API_URL=self.api_url,
            PREFECT_WORKER_QUERY_SECONDS="1",
            PREFECT_HOME=str(data_dir / "prefect-home"),
            REELFLOW_DATA_DIR=str(data_dir),
            REELFLOW_DATABASE_URL=self.store_url,
            REELFLOW_STORAGE_URL=self.storage_url,
            REELFLOW_STORAGE_ENDPOINT=self.s3_endpoint,
            REELFLOW_CPU_POOL="cpu",
            REELFLOW_GPU_POOL="gpu",
            REELFLOW_GPU_SLOTS="1",
            REELFLOW_RENDERER="dit",
            REELFLOW_DIT__MODEL=str(self.model_dir),
            REELFLOW_DIT__STEPS="2",
            REELFLOW_DIT__MAX_FRAMES="9",
            REELFLOW_PRESET=self.preset,
            REELFLOW_MAX_SECONDS=str(self.max_seconds),
            REELFLOW_SPEECH_ENGINE="espeak",
            REELFLOW_SERVE_POLL="1",
            REELFLOW_BATCH_WORKERS="4",
            **S3_KEYS,
        )
        return env

    def deploy(self) -> str:
        out = subprocess.run([str(Path(sys.executable).with_name("reelflow")), "deploy"], cwd=self.root,
                             env=self.worker_env(self.root / "deployer"), capture_output=True, text=True,
                             timeout=180)
        if out.returncode != 0:
            raise RuntimeError(f"reelflow deploy failed: {out.stderr[-2000:]}")
        return out.stderr

    def start_worker(self, pool: str, name: str) -> Path:
        """A `prefect worker start` process on `pool` with its own data dir; returns the data dir.

        A GPU worker takes one run at a time (`--limit 1`, one per GPU on a real box): otherwise the
        first worker to poll claims every scheduled run and the others stand idle."""
        data_dir = self.root / name
        data_dir.mkdir(parents=True, exist_ok=True)
        # Each box is its own "machine": its own data dir and its own GPU limit.
        env = dict(self.worker_env(data_dir), REELFLOW_GPU_HOST=name)
        limit = ["--limit", "1"] if pool == "gpu" else []
        self._spawn(name, [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process",
                           "--name", name, *limit], env, cwd=data_dir)
        return data_dir

    def start(self, gpu_workers: int = 1) -> None:
        """Everything, in order: databases, S3, the server, the deployments, one CPU and K GPU workers."""
        self.create_databases()
        self.start_s3()
        self.start_server()
        self.deploy()
        self.start_worker("cpu", "cpu-box")
        for k in range(gpu_workers):
            self.start_worker("gpu", "gpu-box" if gpu_workers == 1 else f"gpu-box-{k + 1}")

    def run_batch(self, source: Path, timeout: float = 900.0) -> Any:
        """Run `batch/reelflow` on the CPU pool for every article in `source`; the finished flow run."""
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}):
            return run_deployment("batch/reelflow", parameters={"source": str(source), "review": False,
                                                                "via_deployment": True},
                                  timeout=timeout, poll_interval=1)

    def flow_runs(self) -> list[Any]:
        """Every flow run on the server, with its deployment's flow name."""
        from prefect import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            flows = {f.id: f.name for f in client.read_flows()}
            runs = client.read_flow_runs(limit=200)
        return [(flows.get(r.flow_id, "?"), r) for r in runs]

    def limits(self) -> dict[str, int]:
        """The global concurrency limits on the server: name → slots."""
        from prefect import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            return {lim.name: lim.limit for lim in client.read_global_concurrency_limits(limit=100)}

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self._moto is not None:
            self._moto.stop()
        for name in (self.prefect_db, self.store_db):
            # Cleaning up: the test's own outcome matters more than a database left behind.
            with contextlib.suppress(Exception):
                self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- plumbing ------------------------------------------------------------------------

    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REELFLOW_", "PREFECT_"))}
        venv_bin = str(Path(sys.executable).parent)
        env.update(PATH=venv_bin + os.pathsep + env.get("PATH", ""), HF_HUB_OFFLINE="1",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="INFO",
                   PYTHONPATH=str(ROOT))
        return env

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd or self.root))

    def _sql(self, statement: str) -> None:
        import psycopg

        url = self._admin
        with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                             dbname=url.database, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def log_tail(self, chars: int = 3000) -> str:
        parts = []
        for log in sorted(self.logs.glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts)


def copy_articles(names: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(ROOT / "tests" / "fixtures" / "articles" / name, folder / name)
    return folder
