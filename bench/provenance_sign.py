"""What provenance costs a finished clip: signing (C2PA, BMFF hash) and verifying, by clip size.

    .venv/bin/python bench/provenance_sign.py [--seconds 10 60] [--runs 3]

Makes labelled 1080×1920 H.264 clips of the given lengths (ffmpeg test pattern, AIGC metadata),
then times `seal` (development certificate, already made) and `read_labels` on each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editing.provenance import ManifestInfo, implicit_label_json, read_labels, seal  # noqa: E402
from reelflow.media import run_ffmpeg  # noqa: E402


def make_clip(path: Path, seconds: int) -> None:
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size=1080x1920:rate=30:duration={seconds}",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "8M", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart+use_metadata_tags",
                "-metadata", f"AIGC={implicit_label_json('bench')}", str(path)], "making a bench clip")
    path.with_suffix(".json").write_text('{"metadata": {"ai_label": "AI生成"}}', encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, nargs="+", default=[10, 60])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    info = ManifestInfo(title="bench", language="zh", article_hash="0" * 64, planner="rules",
                        renderers=("animatic",), voices=("edge:zh-CN-XiaoxiaoNeural",), shots=8, label="AI生成")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REELFLOW_DATA_DIR"] = str(Path(tmp) / "data")
        print("| clip | size MiB | seal (sign) median s | verify median s |")
        print("|---|---|---|---|")
        for seconds in args.seconds:
            base = Path(tmp) / f"clip{seconds}.mp4"
            make_clip(base, seconds)
            signs, checks = [], []
            for run in range(args.runs + 1):  # the first run also makes the development certificate
                clip = base.with_name(f"run{seconds}-{run}.mp4")
                clip.write_bytes(base.read_bytes())
                clip.with_suffix(".json").write_bytes(base.with_suffix(".json").read_bytes())
                t0 = time.perf_counter()
                seal(clip, info)
                t1 = time.perf_counter()
                record = read_labels(clip)
                t2 = time.perf_counter()
                assert record.ok, record.problems
                if run:
                    signs.append(t1 - t0)
                    checks.append(t2 - t1)
            size = base.stat().st_size / 2**20
            print(f"| {seconds} s 1080×1920 | {size:.1f} | {statistics.median(signs):.2f} | "
                  f"{statistics.median(checks):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
