"""The publishing ledger: one row per (video, account), leases, and exactly-once publishing.

Runs on SQLite and, when REELFLOW_TEST_POSTGRES_URL is set, on PostgreSQL (each test in its
own schema), like tests/test_store.py.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from platform_servers import make_clip, publishing_settings

from publishing import Busy, publish
from publishing.accounts import Account, open_account_store
from publishing.ledger import idempotency_key
from reelflow.errors import ReelflowError
from reelflow.models import Draft
from reelflow.store import Store


def claim(store: Store, key: str = "k" * 64):
    return store.claim_publication(key=key, draft_key="d" * 64, platform="folder", account="out",
                                   video_path="/clips/a.mp4")


def test_claim_is_one_row_even_when_raced(store: Store) -> None:
    with ThreadPoolExecutor(4) as pool:
        rows = list(pool.map(lambda _: claim(store), range(8)))
    assert {r.key for r in rows} == {"k" * 64} and all(r.status == "pending" for r in rows)
    assert len(store.list_publications()) == 1


def test_one_lease_holder_at_a_time(store: Store) -> None:
    claim(store)
    key = "k" * 64
    assert store.lease_publication(key, "host:1:a", 60) is not None
    assert store.lease_publication(key, "host:2:b", 60) is None, "a live lease keeps others out"
    with pytest.raises(ReelflowError, match="another process"):
        store.update_publication(key, "host:2:b", status="uploading")
    assert store.lease_publication(key, "host:2:b", 60, dead_owner="host:1:a") is not None, "a dead owner's is free"
    row = store.update_publication(key, "host:2:b", status="uploading", session={"session_uri": "http://x/s"})
    assert row.session == {"session_uri": "http://x/s"} and row.owner == "host:2:b" and row.attempts == 2
    store.release_publication(key, "host:2:b")
    assert store.lease_publication(key, "host:3:c", 0.05) is not None
    time.sleep(0.1)
    assert store.lease_publication(key, "host:4:d", 60) is not None, "an expired lease is free"


def test_unique_per_video_and_account(store: Store) -> None:
    claim(store, "a" * 64)
    with pytest.raises(ReelflowError):  # same video and account under another key: the table refuses
        claim(store, "b" * 64)
    assert idempotency_key("d" * 64, "folder", "out") != idempotency_key("d" * 64, "folder", "other")


def test_exactly_once_across_calls_and_threads(db_url: str, data_dir: Path, tmp_path: Path) -> None:
    settings = publishing_settings(data_dir, tmp_path / "k" / "key").model_copy(update={"database_url": db_url})
    draft = Draft.model_validate(make_clip(tmp_path / "clip", tmp_path / "signing"))
    out = tmp_path / "out"
    out.mkdir()
    open_account_store(settings).save(Account(name="out", platform="folder", target=str(out)))

    def attempt(_: int):
        try:
            return publish(draft, "out", settings=settings)
        except Busy:
            return None

    with ThreadPoolExecutor(3) as pool:
        results = [r for r in pool.map(attempt, range(3)) if r is not None]
    again = publish(draft, "out", settings=settings)
    assert [p.name for p in out.iterdir()] == [again.remote_id], "exactly one publication folder"
    assert {r.remote_id for r in results} == {again.remote_id} and again.status == "published"
    with Store(settings.db_url) as ledger:
        (row,) = ledger.list_publications()
    assert row.status == "published" and row.owner is None and row.key == again.key
