"""A post's hashtags: the article's topic (names, places, key terms), not its dates and small words.

The planner's keywords, ranked by how many shots name them; days, months, times of day, numbers and
filler are never tags, and a Chinese tag is a whole word (never a fragment such as 工们 of 采茶工们).
"""

from __future__ import annotations

import re
from collections import Counter

from reelflow.models import Storyboard

HASHTAGS = 5
TITLE_WEIGHT = 3

_WHEN_EN = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday tomorrow morning afternoon evening night tonight week
weekend weeks month months year years day days hour hours minute minutes time times season spring summer
autumn fall winter
""".split())  # noqa: SIM905 - a word list reads better as words
_FILLER_EN = frozenset("""
a an the and or but if of in on at to for from by with about into over after before under between through
is are was were be been being has have had do does did will would can could should may might must this that
these those it its they them their there here he she his her we our you your i me my who what which when where
why how all any each every some many much more most other such no not only own same so than too very just
also again still even ever never now then once one two three first last new old little big small good great
long way ways thing things people person lot lots part kind story clip video says said say make made makes
get got go goes went come came take took see seen saw know knew like back around out up down off almost
really always often sometimes usually perhaps maybe nearly quite rather enough another while because since
until though although without within across along behind beside near toward towards upon whether both either
together away instead already soon later
""".split())  # noqa: SIM905
_WHEN_ZH = ("今天", "昨天", "明天", "今年", "去年", "明年", "上午", "下午", "晚上", "早上", "傍晚", "凌晨", "星期",
            "周末", "时候", "时间", "时期", "现在", "目前", "近年", "日前", "当天", "每天", "季节")
_ZH_POS = ("n", "nr", "ns", "nt", "nz", "vn", "nw")


def hashtags(storyboard: Storyboard, k: int = HASHTAGS) -> list[str]:
    """Up to `k` hashtags from the planner's keywords, most frequent first (ties: first seen), leaving out
    dates and times of day, filler words, numbers and (Chinese) anything that is not a whole word."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for shot in storyboard.shots:
        for word in shot.keywords:
            tag = _tag(word, storyboard.language)
            if tag:
                counts[tag] += 1
                first.setdefault(tag, len(first))
    ranked = sorted(counts, key=lambda t: (-counts[t], first[t]))
    return [f"#{t}" for t in ranked[:k]]


def _tag(word: str, language: str) -> str:
    parts = re.findall(r"\w+", word)
    if not parts or any(p.isdigit() for p in parts):
        return ""
    if language == "zh":
        tag = "".join(parts)
        return tag if len(tag) >= 2 and _zh_word(tag) and not tag.startswith(_WHEN_ZH) and not re.search(
            r"[年月日号点分秒]$", tag) else ""
    if all(p.lower() in _FILLER_EN or p.lower() in _WHEN_EN or len(p) < 3 for p in parts):
        return ""
    return "".join(p[:1].upper() + p[1:] for p in parts)


def _zh_word(tag: str) -> bool:
    """A whole word: in jieba's dictionary, or cut as one word by it (a name, a new word), not a fragment."""
    import jieba

    return bool(jieba.dt.FREQ.get(tag)) or jieba.lcut(tag, HMM=False) == [tag]
