"""A change told as 从<when>的N…到M ("比例从三年前的12%升到了31%", "会员从去年的300人增加到520人"): its two bars
are told apart by when each held, never by the words around the figures ("从三年前的 | 升到" reads as a clause cut in
two). The earlier end is the time said after 从; the later one the time said beside it, else "now" in a word the
article itself uses (现在, 如今, 目前; 今年 where the earlier end is counted in years)."""

from __future__ import annotations

import re

from storyboard.figures import Figure

__all__ = ["from_time_labels_zh"]

_FROM = re.compile(r"从(?P<when>[\u4e00-\u9fff\d]{1,8}?)的?(?:约|近|大约|不到|超过)?$")
_TO_WHEN = re.compile(r"(?:到|至)了?(?P<when>[\u4e00-\u9fff\d]{1,6}?)的(?:约|近|大约|超过)?$")
_TIME = re.compile(r"(?:年|月|季度|周|天)前$"
                   r"|^(?:去年|前年|上个?月|上半年|上周|当年|以前|过去|\d{4}年|[一二三四五六七八九十\d]+月)")
_NOWS = ("现在", "如今", "目前")


def from_time_labels_zh(before: Figure, after: Figure, narration: str, article_text: str) -> list[str] | None:
    """The times of a 从…到 change's two ends, or None where the earlier end's words name no time."""
    m = _FROM.search(narration[max(0, before.start - 12):before.start])
    if m is None or not _TIME.search(m.group("when")):
        return None
    then = m.group("when")
    gap = narration[before.start + len(before.written):after.start]
    said = _TO_WHEN.search(gap)
    if said and said.group("when") != then:
        return [then, said.group("when")]
    nows = [*_NOWS, *(["今年"] if re.search(r"年前$|^(?:去年|前年|\d{4}年)", then) else [])]
    now = next((w for w in nows if w in article_text), "")
    return [then, now] if now else None
