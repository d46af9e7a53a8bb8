"""A range told against one value: "前年每公斤给0.8元；今年只给每公斤0.3元到0.5元", "a ticket cost $4 last year; this
year it costs $6 to $8", "过去30到40分钟一班，现在10分钟一班". Each end of a range alone is no value the article gives,
so the range is one side, shown as written ("0.3元到0.5元") and drawn to its top end: the bar never shows more than
the article allows, and the other side's bar stands beside it as said.
"""

from __future__ import annotations

from collections.abc import Callable

from reelflow.models import ChartVisual, Language
from storyboard.against import told_against
from storyboard.figures import Figure, numbers

__all__ = ["range_against"]


def _joined(found: list[Figure], narration: str, span_of: Callable[[Figure], str | None]) -> list[Figure]:
    """The figures with each range's two ends made one figure, written as the article writes the range."""
    out: list[Figure] = []
    k = 0
    while k < len(found):
        f = found[k]
        span = span_of(f)
        nxt = found[k + 1] if k + 1 < len(found) else None
        if span and nxt is not None and span_of(nxt) == span and f.measure == nxt.measure:
            at = narration.find(span, max(0, f.start - len(span)))
            if at < 0 or at > f.start:
                return []
            top = max(f, nxt, key=lambda g: g.scale)
            cut = nxt.unit and nxt.unit not in span[:len(span) - len(nxt.unit)]
            written = span.removesuffix(nxt.unit).rstrip() if cut else span
            unit = "" if f.unit and f.unit in written else f.unit
            out.append(f._replace(written=written, unit=unit, value=top.value, scale=top.scale, start=at,
                                  when=f.when or nxt.when))
            k += 2
            continue
        if span:  # "30到40分钟一班": one end read as a figure, the other not; the range whole, drawn to its top
            at = narration.find(span, max(0, f.start - len(span)))
            if at < 0 or at > f.start or narration[f.start + len(f.written):at + len(span)].strip(f.unit + " "):
                return []  # the figure read is not the range's top end
            written = (span.removesuffix(f.unit) if f.unit else span).rstrip()
            out.append(f._replace(written=written, start=at))
            k += 1
            continue
        out.append(f)
        k += 1
    return out


def range_against(narration: str, language: Language, article_text: str,
                  span_of: Callable[[Figure, str, Language], str | None]) -> ChartVisual | None:
    """Bars for a range against a single value of one measure, each by its side; None where the narration has no
    range or the comparison does not hold (told_against's rules: one measure, each with its own side)."""
    found = sorted(numbers(narration, language), key=lambda f: f.start)
    spans = [span_of(f, narration, language) for f in found]
    if not any(spans):
        return None
    joined = _joined(found, narration, lambda f: span_of(f, narration, language))
    if not joined:
        return None
    return told_against(narration, language, article_text, figures=joined)
