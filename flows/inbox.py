"""The inbox: drop an article into a folder and it becomes a draft.

A file is taken only once it is completely written: its size and mtime must stay the same for
`settle` seconds (a copy over the network or a slow editor save keeps changing them). Names that
tools use while writing (`.part`, `.tmp`, `.crdownload`, `~`, `.swp`, Emacs `#name#` and `.#name`,
hidden files) are never taken; they are renamed to their final name when done. A taken file is moved
to `processing/`, then to `done/`, or to `failed/` with `NAME.reason.txt` beside it saying why in one
line ("NAME: problem"). What the reader can judge alone (extension, size, empty, binary, undecodable,
too short) is refused here, with no flow run and no traceback.

Bounded: the watcher follows at most `max_tracked` files at a time and hands them to a queue as
long as the workers; a burst of thousands of files waits on disk, not in memory. Files already
there at start-up are picked up, including any left in `processing/` by a crash. The same content
dropped twice is made once: the second waits for the first and then finds its draft. Nothing a
file does (bad bytes, a crash in the flow) stops the watcher.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from reelflow.errors import BadInput
from reelflow.media import NAME_MAX, atomic_write_text, short_stem

log = logging.getLogger("reelflow.inbox")

Handler = Callable[[Path], str]
"""Makes the draft for one taken file; returns a short note for the log, raises to fail the file."""

Check = Callable[[Path], None]
"""Judges a taken file before any flow run (cheap: extension, size, bytes); raises BadInput to refuse it."""

WORK_DIRS = ("processing", "done", "failed")
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp", ".swo", "~")


def ignored(name: str) -> bool:
    """Names that are not (yet) a finished article: hidden files (`.~lock…`, Emacs `.#name` locks),
    Emacs auto-saves (`#name#`), editor and download temporaries."""
    lower = name.lower()
    return (name.startswith((".", "#")) and len(name) > 1 or name.endswith("#") or lower.endswith(PARTIAL_SUFFIXES)
            or lower.endswith((".reason.txt", ".outcome.txt")))


def readable_article(path: Path) -> None:
    """The watcher's own look at a file: what the reader refuses (extension, size, empty, binary,
    undecodable, too short) is refused here in one line, without starting a flow run."""
    import storyboard  # the reader only; imported late so the watcher module stays light to import
    from reelflow.settings import load_settings

    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are no text: nothing downstream (flow parameters, JSON) can carry it
        raise BadInput(path, "the file name is not valid UTF-8 text; rename the file") from None
    storyboard.read(path, max_bytes=load_settings().max_file_bytes)


class Inbox:
    def __init__(self, root: Path, handle: Handler, *, settle: float = 2.0, poll: float = 1.0, workers: int = 2,
                 max_tracked: int = 128, check: Check | None = readable_article, record_outcomes: bool = False
                 ) -> None:
        self.root = Path(root)
        self.handle = handle
        self.check = check
        self.record_outcomes = record_outcomes  # done/NAME.outcome.txt, for `reelflow inbox status`
        self.settle, self.poll, self.workers, self.max_tracked = settle, poll, workers, max_tracked
        self.processing, self.done, self.failed = (self.root / d for d in WORK_DIRS)
        self._queue: queue.Queue[Path] = queue.Queue(maxsize=workers)
        self._tracked: dict[str, tuple[int, int, float]] = {}  # name -> size, mtime_ns, since (monotonic)
        self._busy: set[str] = set()  # content hashes being made now
        self._busy_changed = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.handled = 0

    # -- running --------------------------------------------------------------------------

    def start(self) -> Inbox:
        for folder in (self.root, self.processing, self.done, self.failed):
            folder.mkdir(parents=True, exist_ok=True)
        self._threads = [threading.Thread(target=self._watch, name="inbox-watch", daemon=True)]
        self._threads += [threading.Thread(target=self._work, name=f"inbox-work-{i}", daemon=True)
                          for i in range(self.workers)]
        for thread in self._threads:
            thread.start()
        log.info("Watching %s for articles.", self.root)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop taking files; files being made are finished first (up to `timeout`)."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> Inbox:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- watching -------------------------------------------------------------------------

    def _watch(self) -> None:
        self._resume_processing()
        while not self._stop.is_set():
            try:
                self.scan()
            except Exception:  # noqa: BLE001 - an unreadable folder for a moment must not end the watcher
                log.exception("Looking at the inbox %s failed; trying again.", self.root)
            self._stop.wait(self.poll)

    def _resume_processing(self) -> None:
        """Files a killed watcher had taken but not finished are made again (the store skips done work)."""
        with os.scandir(self.processing) as entries:
            for entry in entries:
                if self._stop.is_set():
                    return
                if entry.is_file(follow_symlinks=False) and not ignored(entry.name):
                    self._put(Path(entry.path))

    def scan(self) -> None:
        """One look at the folder: follow new files, take the ones that have settled."""
        now = time.monotonic()
        seen: set[str] = set()
        with os.scandir(self.root) as entries:
            for entry in entries:
                if self._stop.is_set():
                    return
                if ignored(entry.name):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    st = entry.stat(follow_symlinks=False)
                except OSError:  # gone between listing and looking
                    continue
                name = entry.name
                before = self._tracked.get(name)
                if before is None:
                    if len(self._tracked) < self.max_tracked:
                        self._tracked[name] = (st.st_size, st.st_mtime_ns, now)
                        seen.add(name)
                    continue  # the rest wait on disk for a later look
                seen.add(name)
                if (st.st_size, st.st_mtime_ns) != before[:2]:
                    self._tracked[name] = (st.st_size, st.st_mtime_ns, now)
                elif now - before[2] >= self.settle:
                    del self._tracked[name]
                    seen.discard(name)
                    taken = self._take(Path(entry.path))
                    if taken is not None:
                        self._put(taken)
        for name in [n for n in self._tracked if n not in seen]:
            del self._tracked[name]  # renamed or deleted by someone else

    def _take(self, path: Path) -> Path | None:
        try:
            return self._move(path, self.processing)
        except OSError as exc:
            log.warning("Could not take %s: %s", path.name, exc)
            return None

    def _put(self, path: Path) -> None:
        """Queue a taken file; waits while every worker is busy, so the queue never grows."""
        while not self._stop.is_set():
            try:
                self._queue.put(path, timeout=0.2)
                return
            except queue.Full:
                continue

    # -- making -----------------------------------------------------------------------------

    def _work(self) -> None:
        while not (self._stop.is_set() and self._queue.empty()):
            try:
                path = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                self._make(path)
            except Exception:  # noqa: BLE001 - the watcher outlives any one file
                log.exception("Unexpected failure while finishing %s", path.name)
            finally:
                self._queue.task_done()

    def _make(self, path: Path) -> None:
        try:
            digest = _hash(path)
        except OSError as exc:
            self._finish(path, f"cannot read the file: {exc.strerror or exc}")
            return
        with self._busy_changed:  # the same content twice: the second waits, then finds the draft made
            while digest in self._busy:
                self._busy_changed.wait()
            self._busy.add(digest)
        try:
            if self.check is not None:
                self.check(path)
            note = self.handle(path)
        except BadInput as exc:  # judged before or by the flow: the problem, named by the dropped file's name
            self._finish(path, _one_line_text(_shown(exc.problem)))
        except Exception as exc:  # noqa: BLE001 - a bad file fails that file only
            self._finish(path, _one_line(exc))
        else:
            log.info("%s: %s", _shown(path.name), note)
            self._finish(path, None, note)
        finally:
            with self._busy_changed:
                self._busy.discard(digest)
                self._busy_changed.notify_all()

    def _finish(self, path: Path, reason: str | None, note: str = "") -> None:
        with self._busy_changed:
            self.handled += 1
        if reason is None:
            moved = self._move(path, self.done)
            if note and self.record_outcomes:  # the draft, the run that waits for review: `reelflow inbox status`
                atomic_write_text(moved.with_name(moved.name + ".outcome.txt"), note + "\n")
            return
        shown = _shown(path.name)
        log.warning("%s: %s", shown, reason)
        moved = self._move(path, self.failed)
        atomic_write_text(_reason_path(moved), f"{shown}: {reason}\n")

    @staticmethod
    def _move(path: Path, folder: Path) -> Path:
        """Move into `folder` under the same name, or NAME-2.EXT… if that is taken (never overwrite)."""
        target = folder / path.name
        n = 1
        while True:
            try:
                os.link(path, target)  # fails if target exists: no race with another mover
                break
            except FileExistsError:
                n += 1
                target = _numbered(folder, path, n)
            except OSError:  # no hard links here (another file system): rename, checked first
                if target.exists():
                    n += 1
                    target = _numbered(folder, path, n)
                    continue
                os.replace(path, target)
                return target
        path.unlink()
        return target


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _numbered(folder: Path, path: Path, n: int) -> Path:
    """NAME-n.EXT, the stem shortened when a 255-byte name would not take the number."""
    suffix = f"-{n}{path.suffix}"
    return folder / f"{short_stem(path.stem, NAME_MAX - len(suffix.encode()))}{suffix}"


def _reason_path(moved: Path) -> Path:
    """NAME.reason.txt beside the failed file; for a name too long to take that, a shortened one
    (the reason's text starts with the full name)."""
    name = moved.name + ".reason.txt"
    if len(name.encode("utf-8", "surrogateescape")) <= NAME_MAX:
        return moved.with_name(name)
    return moved.with_name(short_stem(moved.name, NAME_MAX - len(b".reason.txt")) + ".reason.txt")


def _shown(name: str) -> str:
    """A file name fit for a log line or a UTF-8 file, even one whose bytes are not UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _one_line(exc: BaseException) -> str:
    return _one_line_text(str(exc) or type(exc).__name__)


def _one_line_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 500 else text[:499] + "…"
