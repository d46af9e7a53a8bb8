"""docker/ is checked without a Docker engine: the compose schema, a Dockerfile linter, and what
the files promise (health checks, a GPU reservation, non-root images, no real secrets)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

DOCKER = ROOT / "docker"
BIN = Path(sys.executable).parent


def _compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_matches_the_compose_spec() -> None:
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
                           str(DOCKER / "compose.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_compose_rejects_a_broken_file(tmp_path: Path) -> None:
    """The validator really validates: a misspelt key fails."""
    broken = tmp_path / "compose.yaml"
    broken.write_text((DOCKER / "compose.yaml").read_text(encoding="utf-8").replace("healthcheck:", "helthcheck:", 1))
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(broken)],
                          capture_output=True, text=True)
    assert proc.returncode != 0


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.gpu"])
def test_dockerfiles_pass_hadolint(name: str) -> None:
    proc = subprocess.run([str(BIN / "hadolint"), str(DOCKER / name)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.gpu"])
def test_images_run_as_non_root(name: str) -> None:
    users = re.findall(r"^USER\s+(\S+)", (DOCKER / name).read_text(encoding="utf-8"), re.M)
    assert users and users[-1] not in {"root", "0"}


def test_topology() -> None:
    services = _compose()["services"]
    assert {"postgres", "prefect-server", "minio", "worker-cpu", "worker-gpu", "serve"} <= set(services)
    for name in ("postgres", "prefect-server", "minio"):
        assert "healthcheck" in services[name], name
    server_env = services["prefect-server"]["environment"]
    assert server_env["PREFECT_API_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    devices = services["worker-gpu"]["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["capabilities"] == ["gpu"]
    assert "--pool" in services["worker-cpu"]["entrypoint"] and "cpu" in services["worker-cpu"]["entrypoint"]
    assert "gpu" in services["worker-gpu"]["entrypoint"]
    assert "models:/models" in services["worker-gpu"]["volumes"]  # mounted, not baked in
    # No shared disk between reelflow's own services: media go through the S3 storage (MinIO).
    ours = ("worker-cpu", "worker-gpu", "serve")
    data = [next(v for v in services[name]["volumes"] if v.endswith(":/data")) for name in ours]
    assert len(set(data)) == len(ours), data
    for name in ours:
        env = services[name]["environment"]
        assert env["REELFLOW_STORAGE_URL"].startswith("s3://") and env["REELFLOW_STORAGE_ENDPOINT"] == "http://minio:9000"
        assert (env["REELFLOW_CPU_POOL"], env["REELFLOW_GPU_POOL"]) == ("cpu", "gpu")


def test_env_example_names_every_variable_and_no_real_secret() -> None:
    compose_text = (DOCKER / "compose.yaml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_]+)", compose_text))
    example = dict(line.split("=", 1) for line in (DOCKER / ".env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    assert used <= set(example), used - set(example)
    for key, value in example.items():
        if "PASSWORD" in key or "SECRET" in key:
            assert value.startswith("CHANGE-ME"), key


def test_lock_file_pins_every_runtime_dependency() -> None:
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in
              (DOCKER / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in line}
    for dep in deps:
        name = re.split(r"[\[<>=!~ ]", dep, maxsplit=1)[0].lower().replace("_", "-")
        assert name in pinned, f"{name} is not pinned in docker/requirements.lock"
