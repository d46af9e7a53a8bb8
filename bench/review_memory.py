"""What drafts waiting for review cost: memory of every process, suspended against paused, side by side.

    .venv/bin/python bench/review_memory.py [--drafts 10] [--modes suspend,pause]

For each mode, `reelflow serve` (its own Prefect server, the inbox, the media server) on a fresh
data dir; N distinct articles dropped in the inbox at once; measured when all N runs wait for review:
the resident memory (RSS, from /proc) and the count of every process in serve's process tree, against
the same before the first file was dropped. `suspend` is the default (`review_suspend=true`: a waiting
run ends, its deployment starts it again with the answer); `pause` keeps each waiting run's process.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "zh_bom.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants (from /proc's parent links)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(proc.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def waiting(api: str) -> int:
    runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"state": {"type": {"any_": ["PAUSED"]}}}},
                      timeout=10).json()
    return len(runs)


def one_mode(mode: str, drafts: int, work: Path) -> dict[str, float]:
    prefect_port, media_port = free_port(), free_port()
    inbox = work / "inbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(REELFLOW_DATA_DIR=str(work / "data"), REELFLOW_INBOX_DIR=str(inbox), REELFLOW_INBOX_SETTLE="0.5",
               REELFLOW_PRESET="preview", REELFLOW_MAX_SECONDS="8", REELFLOW_SPEECH_ENGINE="espeak",
               REELFLOW_PREFECT_PORT=str(prefect_port), REELFLOW_MEDIA_PORT=str(media_port),
               REELFLOW_REVIEW_SUSPEND="true" if mode == "suspend" else "false",
               PREFECT_HOME=str(work / "prefect-home"), PREFECT_LOGGING_LEVEL="WARNING")
    api = f"http://127.0.0.1:{prefect_port}/api"
    log = (work / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "serve"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{api}/deployments/name/article-to-video/reelflow", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"serve did not come up; see {work / 'serve.log'}")
            time.sleep(0.5)
        time.sleep(3)
        before = tree(proc.pid)
        before_mb = rss_mb(before)
        text = ARTICLE.read_text(encoding="utf-8-sig")
        t = time.perf_counter()
        for i in range(drafts):  # distinct content: each is an article of its own
            (inbox / f"article-{i:03d}.md").write_text(text + f"\n\n第{i + 1}期。\n", encoding="utf-8")
        deadline = time.monotonic() + 120 + 90 * drafts
        while waiting(api) < drafts:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"only {waiting(api)} of {drafts} runs wait for review; see {work / 'serve.log'}")
            time.sleep(1)
        made_s = time.perf_counter() - t
        time.sleep(5)  # let exiting processes go
        after = tree(proc.pid)
        return {"before_mb": before_mb, "after_mb": rss_mb(after), "before_procs": len(before),
                "after_procs": len(after), "made_s": made_s}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drafts", type=int, default=10)
    ap.add_argument("--modes", default="suspend,pause")
    args = ap.parse_args()
    rows = {}
    for mode in args.modes.split(","):
        work = Path(tempfile.mkdtemp(prefix=f"reelflow-review-{mode}-"))
        try:
            rows[mode] = one_mode(mode, args.drafts, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(mode, rows[mode], file=sys.stderr)
    print(f"\n{args.drafts} drafts waiting for review; {os.cpu_count()} cores, {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| mode | processes before → waiting | RSS before → waiting, MB | MB per waiting draft | drafts made in |")
    print("|---|---|---|---|---|")
    for mode, r in rows.items():
        per = (r["after_mb"] - r["before_mb"]) / args.drafts
        print(f"| {mode} | {r['before_procs']} → {r['after_procs']} | {r['before_mb']:.0f} → {r['after_mb']:.0f} | "
              f"{per:+.1f} | {r['made_s']:.0f} s |")


if __name__ == "__main__":
    main()
