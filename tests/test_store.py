"""The store on SQLite and on PostgreSQL.

PostgreSQL runs when REELFLOW_TEST_POSTGRES_URL is set (CI: `eval "$(bash .ci/postgres.sh)"`);
otherwise those cases skip, unless REELFLOW_REQUIRE_POSTGRES=1 makes the absence an error.
Each PostgreSQL test gets its own schema (through search_path), dropped afterwards, so
tests can rerun and even run in parallel against one database.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, text

import reelflow.store.store as store_module
from reelflow.errors import ReelflowError
from reelflow.models import Article, Draft, Shot, ShotClip, Storyboard
from reelflow.store import Store
from reelflow.store.tables import Base

TABLE_NAMES = {"articles", "storyboards", "shots", "renders", "drafts"}


# -- fixtures ---------------------------------------------------------------------------


def make_article(digest: str = "a" * 64, title: str = "标题", path: str = "/in/a.md") -> Article:
    return Article(source_path=path, title=title, language="zh", paragraphs=["第一段。", "第二段。"],
                   encoding="utf-8", source_hash=digest)


def make_storyboard(n: int = 3, seed: int = 0) -> Storyboard:
    shots = [
        Shot(index=i, narration=f"narration {i}", visual_prompt=f"prompt {i}", seconds=2.5 + i,
             key_phrase=f"phrase {i}", keywords=["k"], paragraph=i)
        for i in range(n)
    ]
    return Storyboard(title="标题", language="zh", target_seconds=30, seed=seed, planner="rules", shots=shots)


def make_clip(path: Path, index: int = 0) -> ShotClip:
    path.write_bytes(b"mp4")
    return ShotClip(index=index, path=str(path), seconds=3.0, width=1080, height=1920, fps=30, renderer="animatic")


def make_draft(path: Path, preset: str = "douyin") -> Draft:
    path.write_bytes(b"mp4")
    return Draft(video_path=str(path), srt_path=str(path.with_suffix(".srt")), ass_path=str(path.with_suffix(".ass")),
                 thumbnail_path=str(path.with_suffix(".jpg")), duration=31.5, preset=preset, width=1080,
                 height=1920, metadata={"title": "标题", "tags": ["a", "b"]})


# -- schema -----------------------------------------------------------------------------


def test_upgrade_creates_tables_and_is_idempotent(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.upgrade()
        names = set(inspect(store.engine).get_table_names())
        assert TABLE_NAMES | {"alembic_version"} <= names
        assert store.counts() == dict.fromkeys(TABLE_NAMES, 0)

        statements: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        store.upgrade()
        changes = [s for s in statements if s.split()[0].upper() in {"CREATE", "ALTER", "INSERT", "UPDATE", "DROP"}]
        assert changes == []
        with store.engine.connect() as conn:
            heads = set(MigrationContext.configure(conn).get_current_heads())
        assert heads == store_module._heads()
    finally:
        store.dispose()


def test_migration_matches_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, Base.metadata) == []


def test_concurrent_upgrade_threads(db_url: str) -> None:
    stores = [Store(db_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))

    def run(s: Store) -> None:
        barrier.wait()
        s.upgrade()

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            for future in [pool.submit(run, s) for s in stores]:
                future.result()
        assert stores[0].counts() == dict.fromkeys(TABLE_NAMES, 0)
    finally:
        for s in stores:
            s.dispose()


def test_concurrent_upgrade_processes(db_url: str) -> None:
    code = textwrap.dedent("""
        import sys, time
        from reelflow.store import Store
        store = Store(sys.argv[1])
        time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
        store.upgrade()
    """)
    start = time.time() + 2.0  # all have imported SQLAlchemy and Alembic by then
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url, str(start)], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    with Store(db_url) as s:
        assert s.counts() == dict.fromkeys(TABLE_NAMES, 0)


# -- articles and storyboards -----------------------------------------------------------


def test_upsert_article_by_hash(store: Store) -> None:
    first = store.upsert_article(make_article())
    again = store.upsert_article(make_article())
    moved = store.upsert_article(make_article(title="新标题", path="/in/b.md"))
    other = store.upsert_article(make_article(digest="b" * 64))
    assert first == again == moved != other
    assert store.counts()["articles"] == 2
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT source_path, title FROM articles WHERE id = :id"), {"id": first}).one()
    assert tuple(row) == ("/in/b.md", "新标题")


def test_save_storyboard_creates_shots_and_is_reused(store: Store) -> None:
    article_id = store.upsert_article(make_article())
    board = make_storyboard(3)
    board_id = store.save_storyboard(article_id, board)
    assert store.get_storyboard(board_id) == board
    shots = store.shot_ids(board_id)
    assert sorted(shots) == [0, 1, 2]
    assert len(set(shots.values())) == 3

    assert store.save_storyboard(article_id, board) == board_id
    assert store.counts()["storyboards"] == 1
    assert store.counts()["shots"] == 3

    other_id = store.save_storyboard(article_id, make_storyboard(2, seed=1))
    assert other_id != board_id
    assert store.counts()["shots"] == 5


# -- renders and drafts -----------------------------------------------------------------


def test_record_and_find_render(store: Store, tmp_path: Path) -> None:
    board_id = store.save_storyboard(store.upsert_article(make_article()), make_storyboard(2))
    shot_id = store.shot_ids(board_id)[1]
    clip = make_clip(tmp_path / "shot1.mp4", index=1)
    render_id = store.record_render(shot_id, "animatic", "h" * 64, clip)
    assert isinstance(render_id, int)
    assert store.find_render("h" * 64) == clip
    assert store.find_render("x" * 64) is None

    store.set_status("render", render_id, "failed")
    assert store.find_render("h" * 64) is None
    store.set_status("render", render_id, "done")
    Path(clip.path).unlink()
    assert store.find_render("h" * 64) is None


def test_record_and_find_draft(store: Store, tmp_path: Path) -> None:
    article = make_article()
    board_id = store.save_storyboard(store.upsert_article(article), make_storyboard())
    old = make_draft(tmp_path / "old.mp4")
    new = make_draft(tmp_path / "new.mp4")
    store.record_draft(board_id, "o" * 64, old)
    store.record_draft(board_id, "o" * 64, new)
    store.record_draft(board_id, "p" * 64, make_draft(tmp_path / "other-options.mp4"))

    assert store.find_draft(article.source_hash, "douyin", "o" * 64) == new
    assert store.find_draft(article.source_hash, "shorts", "o" * 64) is None
    assert store.find_draft("z" * 64, "douyin", "o" * 64) is None
    Path(new.video_path).unlink()
    assert store.find_draft(article.source_hash, "douyin", "o" * 64) == old  # the newest that still exists
    Path(old.video_path).unlink()
    assert store.find_draft(article.source_hash, "douyin", "o" * 64) is None

    listed = store.list_drafts(limit=2)
    assert [d["path"] for d in listed] == [str(tmp_path / "other-options.mp4"), new.video_path]
    assert listed[0]["title"] == "标题"
    assert listed[0]["status"] == "done"
    assert listed[0]["created_at"].tzinfo == UTC


# -- failures ---------------------------------------------------------------------------


def test_failed_write_leaves_no_rows(store: Store) -> None:
    article_id = store.upsert_article(make_article())
    before = store.counts()
    with pytest.raises(ReelflowError, match="saving a storyboard"):
        store.save_storyboard(article_id + 999, make_storyboard())  # no such article: FK error
    assert store.counts() == before

    # The storyboard row goes in before the shots; a duplicate shot index fails the
    # second step, and the first must be rolled back with it.
    board = make_storyboard(2)
    board.shots[1].index = 0
    with pytest.raises(ReelflowError):
        store.save_storyboard(article_id, board)
    assert store.counts() == before


def test_set_status_validates(store: Store) -> None:
    article_id = store.upsert_article(make_article())
    store.set_status("article", article_id, "running")
    with pytest.raises(ValueError, match="unknown kind"):
        store.set_status("video", article_id, "done")
    with pytest.raises(ValueError, match="unknown status"):
        store.set_status("article", article_id, "finished")
    with pytest.raises(LookupError):
        store.set_status("article", article_id + 999, "done")
    with pytest.raises(LookupError):
        store.get_storyboard(12345)


def test_concurrent_writers(store: Store, tmp_path: Path) -> None:
    """Writers in several threads wait for each other instead of failing with 'database is locked'."""
    article_id = store.upsert_article(make_article())
    board = make_storyboard(1)
    shot_id = store.shot_ids(store.save_storyboard(article_id, board))[0]
    clip = make_clip(tmp_path / "c.mp4")

    def work(n: int) -> None:
        for i in range(10):
            store.upsert_article(make_article(digest=f"{n:02d}{i:02d}".ljust(64, "0")))
            store.record_render(shot_id, "animatic", f"{n}-{i}", clip)
            store.save_storyboard(article_id, board)  # the same one every time: reused

    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(work, n) for n in range(8)]:
            future.result()
    counts = store.counts()
    assert counts["articles"] == 1 + 80
    assert counts["renders"] == 80
    assert counts["storyboards"] == 1


def test_bad_urls_raise_without_password(tmp_path: Path) -> None:
    with pytest.raises(ReelflowError) as info:
        Store("postgresql+psycopg://u:secretpw@127.0.0.1:1/x").upgrade()
    message = str(info.value)
    assert "secretpw" not in message
    assert "127.0.0.1:1/x" in message
    assert "\n" not in message

    with pytest.raises(ReelflowError) as info:
        Store("nosuchdb://u:secretpw@host/x")
    assert "secretpw" not in str(info.value)

    with pytest.raises(ReelflowError, match="invalid database URL"):
        Store("not a url secretpw")
