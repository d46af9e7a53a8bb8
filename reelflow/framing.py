"""Where a picture's subject is, and which window of it a cut of another shape should keep.

A picture made once for several cuts (a 1920×1920 master for 9:16, 16:9 and 1:1) is cropped by each
cut. A centre crop cuts off a subject that stands to one side, so the crop follows the picture's
*interest*: the detail (edges) and the motion (frame differences) in a few frames, summed per column
and per row. Each cut slides its window over those profiles and keeps the most interest; when even
the best window would lose a subject (much of the interest is concentrated outside it), the cut shows
the whole picture over a blurred fill of itself instead.

No face detector ships with the project (its weights cannot be fetched offline); faces count as detail.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reelflow.models import Interest

BINS = 48  # profile resolution: 1/48 of the side is finer than any crop step a viewer would notice
SAMPLES = 8  # frames looked at per clip
LOSE_AT_MOST = 0.35  # a crop may drop this share of the interest…
FLAT = 1.6  # …unless the interest is spread evenly (no bin above FLAT × the mean): then nothing is a subject


def interest_of(path: str | Path, side: int = 96) -> Interest:
    """The detail and motion of a clip, summed per column and per row (each profile sums to 1).

    Decodes the clip once (every frame: H.264 with one key frame cannot seek cheaply) and looks at
    SAMPLES frames scaled to `side` px on their long side."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        total = stream.frames or 0
        step = max(1, total // SAMPLES) if total else 6
        w, h = stream.codec_context.width, stream.codec_context.height
        sw, sh = (side, max(2, round(side * h / w))) if w >= h else (max(2, round(side * w / h)), side)
        grey = [frame.reformat(width=sw, height=sh, format="gray").to_ndarray().astype(np.float32)
                for k, frame in enumerate(container.decode(stream)) if k % step == 0]
    return interest_from_frames(grey)


def interest_from_frames(frames: list[np.ndarray]) -> Interest:
    """Interest profiles from greyscale frames (same size): edges count once, motion twice."""
    if not frames:
        return Interest(columns=[1.0], rows=[1.0])
    stack = np.stack(frames)
    detail = np.zeros(stack.shape[1:], np.float32)
    detail[:, 1:] += np.abs(np.diff(stack, axis=2)).mean(axis=0)
    detail[1:, :] += np.abs(np.diff(stack, axis=1)).mean(axis=0)
    motion = np.abs(np.diff(stack, axis=0)).mean(axis=0) if len(stack) > 1 else np.zeros_like(detail)
    weight = _norm(detail) + 2 * _norm(motion)
    weight = np.clip(weight - np.percentile(weight, 30), 0, None)  # the flat background adds nothing
    weight += 1e-3 * (weight.mean() or 1.0)  # and an empty picture is evenly interesting (its centre is kept)
    return Interest(columns=_bins(weight.sum(axis=0)), rows=_bins(weight.sum(axis=1)))


def _norm(a: np.ndarray) -> np.ndarray:
    mean = float(a.mean())
    return a / mean if mean > 1e-6 else np.zeros_like(a)


def _bins(profile: np.ndarray) -> list[float]:
    edges = np.linspace(0, len(profile), BINS + 1)
    sums = np.array([profile[int(a):max(int(a) + 1, int(b))].sum() for a, b in zip(edges[:-1], edges[1:], strict=True)])
    return [round(float(v), 5) for v in sums / sums.sum()]


def best_window(profile: list[float], keep: float) -> tuple[float, float]:
    """The window of `keep` (a share of the side) that holds the most interest: (start as a share of the
    side, interest kept). Of windows within 2 % of the best, the one centred nearest the interest's centre
    of mass wins: a subject is framed, not left at the edge, and a flat picture is centre-cropped."""
    if keep >= 1 or not profile:
        return 0.0, 1.0
    p = np.asarray(profile, np.float64)
    n = len(p)
    cum = np.concatenate([[0.0], np.cumsum(p)])
    width = keep * n
    starts = np.linspace(0, n - width, 97)
    kept = np.array([_mass(cum, s, s + width) for s in starts])
    good = np.flatnonzero(kept >= kept.max() - 0.02)
    centre = float((p * (np.arange(n) + 0.5)).sum() / p.sum()) - width / 2  # the start that centres the mass
    pick = good[np.argmin(np.abs(starts[good] - centre))]
    return float(starts[pick] / n), float(kept[pick])


def _mass(cum: np.ndarray, a: float, b: float) -> float:
    """The profile's sum from a to b (fractional bin positions), from its cumulative sums."""
    def at(x: float) -> float:
        i = min(int(x), len(cum) - 2)
        return float(cum[i] + (cum[i + 1] - cum[i]) * (x - i))

    return at(b) - at(a)


def loses_subject(profile: list[float], kept: float) -> bool:
    """Whether a crop keeping `kept` of the interest would cut a subject off: it loses more than
    LOSE_AT_MOST of the interest, and the interest is concentrated (an evenly busy picture has no
    subject to lose)."""
    if not profile:
        return False
    return 1 - kept > LOSE_AT_MOST and max(profile) > FLAT / len(profile)


def crop_origin(interest: Interest | None, src_w: int, src_h: int, w: int, h: int) -> tuple[int, int, bool]:
    """Where a w×h crop of a src_w×src_h picture (scaled to cover w×h) starts, in the scaled picture's
    pixels, and whether it would lose the subject (then pad instead). Centre without `interest`."""
    scale = max(w / src_w, h / src_h)
    sw, sh = round(src_w * scale), round(src_h * scale)
    if interest is None:
        return (sw - w) // 2, (sh - h) // 2, False
    x0, kept_x = best_window(interest.columns, w / sw) if sw > w else (0.0, 1.0)
    y0, kept_y = best_window(interest.rows, h / sh) if sh > h else (0.0, 1.0)
    lose = loses_subject(interest.columns, kept_x) if sw > w else loses_subject(interest.rows, kept_y)
    x = min(max(0, round(x0 * sw)), sw - w)
    y = min(max(0, round(y0 * sh)), sh - h)
    return x, y, lose
