"""The layers hold: contracts checked by import-linter, and stages that load no Prefect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    """.importlinter: CLI > flows > pipeline > independent stages > core; Prefect only in flows/ and the CLI."""
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_stages_and_pipeline_load_no_prefect() -> None:
    """Every module of the stages, the core and the pipeline imports without loading Prefect."""
    code = """
import importlib, json, pkgutil, sys
names = []
for top in ("storyboard", "generator", "editing", "publishing", "reelflow.pipeline", "reelflow.store"):
    pkg = importlib.import_module(top)
    names.append(top)
    for info in pkgutil.walk_packages(pkg.__path__, top + "."):
        if ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
        names.append(info.name)
for core in ("reelflow.models", "reelflow.settings", "reelflow.media", "reelflow.storage", "reelflow.progress"):
    importlib.import_module(core)
print(json.dumps({"modules": len(names), "prefect": sorted(m for m in sys.modules if m.split(".")[0] == "prefect")}))
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["modules"] > 40
    assert out["prefect"] == [], out["prefect"][:10]
