"""What exactly-once costs: YouTube publishing to a loopback server, by chunk size, with and without faults.

    .venv/bin/python bench/publish_upload.py [--mb 64] [--runs 3]

A labelled preview clip padded to --mb MB is published with the YouTube publisher to the
loopback server of tests/platform_servers.py (the resumable protocol, real sockets), into a
fresh SQLite ledger each run. For each chunk size: the median wall time, the throughput, the
ledger writes (one per acknowledged chunk) and their share of the time. Then one run with the
connection cut mid-way and one with the answer to the last chunk lost: the bytes sent in all
against the clip's size (a client that started over would send 2×, and make a second video).
The loopback has no network cost, so the figures are the client's own overhead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from platform_servers import YouTubeServer, make_clip, publishing_settings  # noqa: E402

from publishing import publish  # noqa: E402
from publishing.accounts import Account, open_account_store  # noqa: E402
from publishing.oauth import apply_tokens  # noqa: E402
from reelflow.models import Draft  # noqa: E402
from reelflow.store import Store  # noqa: E402

MB = 1024 * 1024


def one_run(draft: Draft, chunk: int, work: Path, faults: list[tuple] | None = None) -> dict[str, float]:
    with YouTubeServer() as server:
        data_dir = Path(tempfile.mkdtemp(dir=work))
        settings = publishing_settings(data_dir, data_dir / "key", poll_timeout_seconds=0,
                                       youtube=server.settings() | {"chunk_bytes": chunk})
        access, refresh = server.issue()
        account = apply_tokens(Account(name="yt", platform="youtube", client_id=server.client_id,
                                       client_secret=server.client_secret),
                               {"access_token": access, "refresh_token": refresh, "expires_in": 3600})
        open_account_store(settings).save(account)
        with Store(settings.db_url) as store:
            store.upgrade()  # migrations are not part of the upload
        server.faults["put"] += faults or []
        start = time.perf_counter()
        publish(draft, "yt", settings=settings)
        seconds = time.perf_counter() - start
        (video,) = server.videos.values()
        assert video.data == Path(draft.video_path).read_bytes()
        sent = sum(min(chunk, len(video.data) - s) for s in server.put_starts)
        return {"seconds": seconds, "puts": len(server.put_starts), "sent": sent, "videos": len(server.videos)}


def ledger_write_cost(work: Path, n: int = 200) -> float:
    """Seconds per progress checkpoint (one leased UPDATE, committed) on a SQLite ledger."""
    with Store(f"sqlite:///{work / 'bench-ledger.db'}") as store:
        store.upgrade()
        store.claim_publication(key="k" * 64, draft_key="d" * 64, platform="youtube", account="yt",
                                video_path="/x.mp4")
        store.lease_publication("k" * 64, "bench:1:a", 600)
        start = time.perf_counter()
        for i in range(n):
            store.update_publication("k" * 64, "bench:1:a", lease_seconds=600, session={"acked": i})
        return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    draft = Draft.model_validate(make_clip(work / "clip", work / "signing", seconds=2, pad_bytes=args.mb * MB))
    size = Path(draft.video_path).stat().st_size
    per_write = ledger_write_cost(work)
    print(f"# {dt.date.today()} {platform.node()} {platform.machine()} python {platform.python_version()}")
    print(f"clip {size / MB:.1f} MiB; ledger checkpoint {per_write * 1000:.2f} ms each\n")
    print("| chunk | median s | MiB/s | PUTs | ledger share |")
    print("|---|---|---|---|---|")
    for chunk in (256 * 1024, MB, 8 * MB, 32 * MB):
        runs = [one_run(draft, chunk, work) for _ in range(args.runs)]
        seconds = statistics.median(r["seconds"] for r in runs)
        puts = runs[0]["puts"]
        print(f"| {chunk // 1024} KiB | {seconds:.2f} | {size / MB / seconds:.0f} | {puts} | "
              f"{puts * per_write / seconds:.0%} |")
    chunk = 8 * MB
    chunks = -(-size // chunk)
    cut = one_run(draft, chunk, work, [("ok",)] * (chunks // 2) + [("drop", chunk // 2)])
    lost = one_run(draft, chunk, work, [("ok",)] * (chunks - 1) + [("lose_reply",)])
    print(f"\nconnection cut in chunk {chunks // 2 + 1} of {chunks}: sent {cut['sent'] / size:.2f}× the clip, "
          f"{cut['videos']} video, {cut['seconds']:.2f} s")
    print(f"answer to the last chunk lost: sent {lost['sent'] / size:.2f}× the clip, {lost['videos']} video, "
          f"{lost['seconds']:.2f} s")


if __name__ == "__main__":
    main()
