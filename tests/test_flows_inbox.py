"""The watched inbox, with the files a new user would drop in, including ones meant to break it."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import ARTICLES

from flows.inbox import Inbox, _shown
from reelflow.settings import load_settings
from reelflow.store import Store


def _wait(check, timeout: float = 240.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


# Quotes, shell syntax, emoji, NFD accents, and 255 bytes long: made into a draft like any other name.
GOOD = unicodedata.normalize("NFD", "it's \"good\" $(touch pwned) &|; 🎬 é")
GOOD += "x" * (255 - len(GOOD.encode()) - 3) + ".md"


def test_inbox_with_good_duplicate_half_written_binary_and_empty_files(prefect_server, data_dir: Path,
                                                                         tmp_path: Path) -> None:
    from flows.dispatch import in_process

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Already there when the watcher starts.
    shutil.copy(ARTICLES / "zh_bom.md", inbox / GOOD)
    shutil.copy(ARTICLES / "zh_bom.md", inbox / "same-again.md")  # the same content under another name
    shutil.copy(ARTICLES / "binary.txt", inbox / "binary.txt")
    (inbox / "empty.md").write_bytes(b"")
    (inbox / "download.md.part").write_text("still coming", encoding="utf-8")  # a tool's temp name: left alone

    full = (ARTICLES / "en_article.md").read_bytes()
    written = threading.Event()

    def write_slowly() -> None:  # a slow copy: the file grows for ~2 s, never still for `settle`
        with (inbox / "slow.md").open("wb") as f:
            for start in range(0, len(full), len(full) // 8 + 1):
                f.write(full[start:start + len(full) // 8 + 1])
                f.flush()
                time.sleep(0.25)
        written.set()

    watcher = Inbox(inbox, in_process(preset="preview", max_seconds=8), settle=0.8, poll=0.1, workers=2)
    with watcher:
        writer = threading.Thread(target=write_slowly)
        writer.start()
        _wait(lambda: "binary.txt" in _names(inbox / "failed"))
        writer.join()
        _wait(lambda: {GOOD, "same-again.md", "slow.md"} <= _names(inbox / "done")
              and "empty.md" in _names(inbox / "failed"))
        # Still watching after the bad files: a late one is handled too.
        (inbox / "late.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
        _wait(lambda: "late.txt.reason.txt" in _names(inbox / "failed"))
        assert all(t.is_alive() for t in watcher._threads)

    assert _names(inbox) == {"download.md.part", "processing", "done", "failed"}
    assert _names(inbox / "processing") == set()
    assert _names(inbox / "failed") == {"binary.txt", "binary.txt.reason.txt", "empty.md", "empty.md.reason.txt",
                                        "late.txt", "late.txt.reason.txt"}
    for name, word in (("binary", "binary"), ("empty", "empty"), ("late", "binary")):
        (reason,) = [p for p in (inbox / "failed").glob(f"{name}*.reason.txt")]
        text = reason.read_text(encoding="utf-8")
        assert text.count("\n") == 1 and word in text.lower() and name in text  # one line, names the file
    # The slow file was taken whole, never half: its draft is of the full text.
    assert written.is_set() and (inbox / "done" / "slow.md").read_bytes() == full
    store = Store(load_settings().db_url)
    counts = store.counts()
    assert counts["drafts"] == 2 and counts["articles"] == 2  # GOOD and same-again.md made one draft
    assert len(GOOD.encode()) == 255 and not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    assert store.drafted_articles([hashlib.sha256(full).hexdigest()])
    store.dispose()


BURST = r"""
import json, sys, time, tracemalloc
from pathlib import Path

import storyboard
from flows.inbox import Inbox, _shown

text, root = Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2])


def handle(path):
    return storyboard.read(path).title  # a real check of each file, cheap enough for a thousand


def run(n):
    inbox = root / f"inbox{n}"
    inbox.mkdir()
    for i in range(n):
        (inbox / f"article-{i:04d}.md").write_text(f"{text}\n\n第{i}篇。\n", encoding="utf-8")
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    # One worker, so that two files' reads never overlap and blur the watcher's own share.
    with Inbox(inbox, handle, settle=0.05, poll=0.02, workers=1) as watcher:
        deadline = time.monotonic() + 120
        while watcher.handled < n and time.monotonic() < deadline:
            time.sleep(0.05)
    done = sum(1 for p in (inbox / "done").iterdir() if not p.name.endswith(".outcome.txt"))
    return tracemalloc.get_traced_memory()[1] - base, done, sorted(p.name for p in inbox.iterdir())


tracemalloc.start()
run(50)  # warm-up: first-use allocations (jieba, encodings) are not the watcher's
print(json.dumps({"small": run(100), "large": run(1000)}))
"""


def test_burst_of_1000_files_with_bounded_memory(tmp_path: Path) -> None:
    """A burst waits on disk: the watcher's memory does not grow with the number of files.

    Measured in a process of its own: tracemalloc counts every thread's allocations, and in the
    test session other threads (Prefect's clients, servers of earlier tests) add their own noise.
    """
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", BURST, str(ARTICLES / "zh_bom.md"), str(tmp_path)],
                         capture_output=True, text=True, timeout=400, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    (small, small_done, small_left), (large, large_done, large_left) = result["small"], result["large"]
    assert (small_done, large_done) == (100, 1000)
    assert small_left == large_left == ["done", "failed", "processing"]
    # Ten times the files, about the same peak: at most 128 files are followed at a time, the rest wait
    # on disk (holding all 1,000 names and stats would add well over 200 kB).
    assert large < small + 100_000, (small, large)


@pytest.mark.parametrize("name", [".hidden.md", "notes.md~", "report.md.crdownload", "x.md.tmp", "#draft.md#",
                                  ".#draft.md", ".~lock.draft.md#", "draft.md.swp"])
def test_temporary_names_are_left_alone(tmp_path: Path, name: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_text("正在下载的文件。", encoding="utf-8")
    seen: list[Path] = []
    with Inbox(inbox, lambda p: seen.append(p) or "ok", settle=0.05, poll=0.02):
        time.sleep(0.4)
    assert seen == [] and (inbox / name).is_file()


_NAMES = ["it's \"news\".md", "$(touch pwned) &|;.md", "a b 🎬.md", unicodedata.normalize("NFC", "café.md"),
          unicodedata.normalize("NFD", "café-nfd.md"), "é" * 124 + "x.md"]  # the last is 253 bytes


def test_inbox_judges_files_itself_and_takes_any_name(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Bad files are refused by the watcher in one line each, with no flow run (the handler is never
    called for them) and no traceback; editor auto-saves are left alone; every legal name works."""
    import storyboard

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = (ARTICLES / "en_article.md").read_bytes()
    for i, name in enumerate(_NAMES):
        (inbox / name).write_bytes(good + f"\n\nNumber {i}.\n".encode())
    long_bad = "b" * 251 + ".txt"  # 255 bytes: its reason file needs a shortened name
    not_utf8 = os.fsdecode(b"latin-caf\xe9.md")  # a legal name whose bytes are no UTF-8: refused up front
    bad = {"binary.txt": (ARTICLES / "binary.txt").read_bytes(), "empty.md": b"", "report.pdf": b"%PDF-1.4 x" * 20,
           "short.md": (ARTICLES / "short.md").read_bytes(),
           "huge.txt": b"word " * 1_100_000, long_bad: b"\x00\x01" * 300, not_utf8: good}
    for name, data in bad.items():
        (inbox / name).write_bytes(data)
    editor = ["#draft.md#", ".#draft.md", ".~lock.draft.md#", "draft.md.swp", "draft.md~", "draft.md.part"]
    for name in editor:
        (inbox / name).write_text("an article being edited " * 20, encoding="utf-8")

    handled: list[str] = []

    def handle(path: Path) -> str:  # a real read of the file the flow would get
        handled.append(path.name)
        return storyboard.read(path).title

    caplog.set_level("INFO", logger="reelflow.inbox")
    with Inbox(inbox, handle, settle=0.2, poll=0.05, workers=2) as watcher:
        _wait(lambda: watcher.handled == len(_NAMES) + len(bad), timeout=60)

    assert sorted(handled) == sorted(_NAMES)  # no flow run for a bad file
    assert _names(inbox / "done") == set(_NAMES)
    assert _names(inbox) == {*editor, "processing", "done", "failed"}
    failed = _names(inbox / "failed")
    assert set(bad) <= failed and len(failed) == 2 * len(bad)  # each with its reason file
    words = {"binary.txt": "binary file (contains nul bytes), not text", "empty.md": "empty",
             "report.pdf": "extension", "short.md": "too short", "huge.txt": "too large",
             long_bad: "binary", not_utf8: "not valid utf-8"}
    for name, word in words.items():
        reasons = (inbox / "failed").glob("*.reason.txt")
        (reason,) = [p for p in reasons if p.read_text("utf-8").startswith(_shown(name) + ":")]
        text = reason.read_text(encoding="utf-8")
        assert text.count("\n") == 1 and word in text.lower() and "processing" not in text
    refused = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(refused) == len(bad) and all(not r.exc_info for r in refused)
    assert {r.getMessage().split(":")[0] for r in refused} == {_shown(n) for n in bad}
    assert "Traceback" not in caplog.text and not (tmp_path / "pwned").exists() and not Path("pwned").exists()
