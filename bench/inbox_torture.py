"""The inbox under a torture set: N files dropped at once, good and bad, every kind a team's folder sees.

    .venv/bin/python bench/inbox_torture.py [--files 1000]

The set (made fresh, ~60 % valid): distinct articles in six encodings and three formats (UTF-8, UTF-8
with BOM, UTF-16, GB18030, Big5, ASCII English; .md, .txt, .html), byte-identical duplicates under
other names, binaries, empty files, a file over the size limit, editor and download temporaries
(never to be taken), names with quotes, shell characters, spaces and emoji, and one file still being
written for 5 s. The real watcher (flows.inbox.Inbox, its own refusals) hands each taken file to a
handler that reads and plans it with the real reader and rules planner and "drafts" each content once
(as the pipeline's reuse does). Reported: drafted once per distinct valid content, every bad file
refused with a one-line reason naming it, temporaries untouched, and the process's peak RSS and the
watcher's traced memory at 10 % of the files and at all of them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import storyboard  # noqa: E402
from flows.inbox import Inbox  # noqa: E402

ZH = (ROOT / "tests" / "fixtures" / "articles" / "zh_article.md").read_text(encoding="utf-8")
EN = (ROOT / "tests" / "fixtures" / "articles" / "en_article.md").read_text(encoding="utf-8")
NAMES = ["it's {i}", "$(x) &|; {i}", "a b 🎬 {i}", "café {i}", "报道{i}"]


def build(folder: Path, n: int, seed: int = 0) -> dict[str, set[str]]:
    """Write the torture set; returns the expected outcome of each name: valid contents, bad, ignored."""
    rng = random.Random(seed)
    valid: dict[str, str] = {}  # name -> content hash
    bad: set[str] = set()
    ignored: set[str] = set()
    for i in range(n):
        kind = rng.random()
        stem = rng.choice(NAMES).format(i=i)
        if kind < 0.55:
            zh = rng.random() < 0.6
            text = (ZH if zh else EN) + f"\n\n{'第' + str(i) + '期。' if zh else f'Issue {i}.'}\n"
            enc = rng.choice(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"] if zh else ["utf-8", "ascii"])
            fmt = rng.choice([".md", ".txt", ".html"])
            if fmt == ".html":
                body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
                text = f"<html><head><meta charset='{enc}'><title>t{i}</title></head><body><article>{body}</article>" \
                       "</body></html>"
            try:
                data = text.encode(enc)
            except UnicodeEncodeError:
                data = text.encode("utf-8")
            name = stem + fmt
            (folder / name).write_bytes(data)
            valid[name] = hashlib.sha256(data).hexdigest()
        elif kind < 0.65 and valid:  # a byte-identical duplicate of an earlier one
            src = rng.choice(sorted(valid))
            name = f"copy of {src}"
            shutil.copyfile(folder / src, folder / name)
            valid[name] = valid[src]
        elif kind < 0.73:
            name = f"{stem}.txt"
            (folder / name).write_bytes(bytes(rng.randrange(256) for _ in range(2000)) + b"\0")
            bad.add(name)
        elif kind < 0.80:
            name = f"{stem}.md"
            (folder / name).write_bytes(b"")
            bad.add(name)
        elif kind < 0.81:
            name = f"{stem}-huge.txt"
            (folder / name).write_text("很长的文章。" * 1_000_000, encoding="utf-8")
            bad.add(name)
        else:
            name = rng.choice([f"#{stem}.md#", f".#{stem}.md", f"{stem}.md.part", f"{stem}.md~", f".~lock.{stem}.md#",
                               f"{stem}.md.crdownload"])
            (folder / name).write_text("正在写。", encoding="utf-8")
            ignored.add(name)
    return {"valid": set(valid), "bad": bad, "ignored": ignored, "contents": set(valid.values())}


def write_slowly(path: Path, data: bytes, seconds: float) -> None:
    with path.open("wb") as f:
        step = max(1, len(data) // 10)
        for start in range(0, len(data), step):
            f.write(data[start:start + step])
            f.flush()
            time.sleep(seconds / 10)


def run(n: int, work: Path) -> dict[str, object]:
    inbox = work / f"inbox-{n}"
    inbox.mkdir(parents=True)
    expected = build(inbox, n)
    slow = ZH.encode("utf-8") + b"\n\nslow\n"
    writer = threading.Thread(target=write_slowly, args=(inbox / "being-written.md", slow, 5.0))
    drafted: dict[str, int] = {}
    lock = threading.Lock()

    def handle(path: Path) -> str:
        article = storyboard.read(path)
        storyboard.plan(article, "rules", max_seconds=30)
        with lock:
            drafted[article.source_hash] = drafted.get(article.source_hash, 0) + 1
            return "made" if drafted[article.source_hash] == 1 else "reused"

    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    writer.start()
    with Inbox(inbox, handle, settle=1.0, poll=0.1, workers=2) as watcher:
        total = len(expected["valid"]) + len(expected["bad"]) + 1
        deadline = time.monotonic() + 60 + n
        while watcher.handled < total and time.monotonic() < deadline:
            time.sleep(0.1)
    writer.join()
    seconds = time.perf_counter() - t0
    traced = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    done = {p.name for p in (inbox / "done").iterdir() if not p.name.endswith(".outcome.txt")}
    failed = {p.name for p in (inbox / "failed").iterdir() if not p.name.endswith(".reason.txt")}
    reasons = [p.read_text(encoding="utf-8") for p in (inbox / "failed").glob("*.reason.txt")]
    left = {p.name for p in inbox.iterdir() if p.is_file()}
    slow_hash = hashlib.sha256(slow).hexdigest()
    return {
        "files": n, "seconds": round(seconds, 1),
        "valid_done": len(expected["valid"] & done) == len(expected["valid"]) and "being-written.md" in done,
        # The pipeline makes each content once (a duplicate reuses its draft): one "made" per distinct content.
        "each_content_made_once": set(drafted) == expected["contents"] | {slow_hash},
        "distinct_contents": len(expected["contents"]) + 1, "contents_drafted": len(drafted),
        "bad_refused": failed == expected["bad"],
        "one_line_reasons": all(r.count("\n") == 1 and "Traceback" not in r for r in reasons),
        "temporaries_untouched": expected["ignored"] <= left,
        "traced_peak_kb": round(traced / 1024), "peak_rss_mb": round(resource.getrusage(
            resource.RUSAGE_SELF).ru_maxrss / 1024),
        "threads": len(os.listdir("/proc/self/task")),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reelflow-torture-"))
    try:
        storyboard.plan(storyboard.read(ROOT / "tests" / "fixtures" / "articles" / "zh_article.md"), "rules")
        small = run(max(10, args.files // 10), work)
        large = run(args.files, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in (small, large):
        print(r)
    growth = (large["traced_peak_kb"] - small["traced_peak_kb"]) / max(1, small["traced_peak_kb"])
    print(f"watcher traced memory {small['traced_peak_kb']} kB at {small['files']} files → "
          f"{large['traced_peak_kb']} kB at {large['files']}: {100 * growth:+.0f} %")


if __name__ == "__main__":
    main()
