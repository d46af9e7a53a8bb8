"""What each shot shows, derived offline from its narration: numbers, comparisons, lists, quotes, headings.

Everything a graphic puts on screen is copied from the article (the value as written, its unit, a label
made of the article's own words); `traceable` checks that, and the planner falls back to a scene for a
graphic it cannot trace rather than show a figure the article does not contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reelflow.models import (
    Bar,
    ChartVisual,
    ImageVisual,
    Language,
    ListVisual,
    QuoteVisual,
    SceneVisual,
    StatVisual,
    TitleVisual,
    Visual,
)
from storyboard.segment import cjk_count, wordset

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"

# Units a number is shown with, longest first so that "分钟" wins over "分".
ZH_UNITS = sorted(wordset(
    "分钟 小时 秒钟 公里 千米 平方米 米 秒 天 周 年 个月 月 岁 倍 % ％ 元 块 万元 亿元 美元 个 家 位 名 人 份 次 件 种 "
    "条 座 所 辆 台 部 项 分 公斤 斤 吨 度 帧 亩 万 亿"), key=lambda u: (-len(u), u))
EN_UNITS = sorted(wordset(
    "percent % seconds second s minutes minute min hours hour days day years year times x million billion "
    "thousand people members books visitors dollars euros km miles"), key=lambda u: (-len(u), u))

_ZH_NUMBER = re.compile(
    rf"(?P<num>\d+(?:[.,]\d+)*|[{_ZH_NUM_CHARS}]{{1,8}})(?P<approx>多|余)?"
    rf"(?P<unit>{'|'.join(map(re.escape, ZH_UNITS))})")
_EN_NUMBER = re.compile(
    rf"(?P<cur>[$€£])?(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>{'|'.join(map(re.escape, EN_UNITS))})?(?![\w])",
    re.IGNORECASE)
_QUOTE = re.compile(r"[“「\"](?P<text>[^”」\"]{4,60})[”」\"]")
_ZH_SAY = re.compile(r"(说|表示|称|介绍|认为|指出)")
_EN_SAY = re.compile(r"\b(said|says|told|explained)\b", re.IGNORECASE)
_ZH_LIST = re.compile(r"((?:[\u4e00-\u9fffA-Za-z0-9]{1,8}、){2,}[\u4e00-\u9fffA-Za-z0-9]{1,8})")


def zh_number(text: str) -> float | None:
    """The value of a Chinese numeral ("一千二百" → 1200, "三十二" → 32, "两" → 2); None if it is not one."""
    if not text or any(c not in _ZH_NUM_CHARS for c in text):
        return None
    if re.search(r"[一二两三四五六七八九][一二两三四五六七八九]", text):
        return None  # "四五斤", "五六万": a range, not a figure
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_SMALL:
            section += (1 if digit is None else digit) * ZH_SMALL[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * ZH_BIG[ch] if total and ZH_BIG[ch] > 10_000 else total + section * ZH_BIG[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def number_value(num: str) -> float | None:
    """Arabic ("1,200", "3.5") or Chinese numerals to a float."""
    if num[0].isdigit():
        try:
            return float(num.replace(",", ""))
        except ValueError:
            return None
    return zh_number(num)


# Words allowed between what is measured and its number ("摊位总数超过1200个"); any other word breaks the link.
_ZH_LINK = wordset("超过 达到 达 有 约 近 共 共有 已有 已 为 是 大约 多达 不到 接近 将近 高达 只有 仅 的 了 已经 "
                   "就 也 都")


def _label_zh(clause: str, start: int) -> str:
    """What a number measures: the noun phrase just before it in its clause, in whole jieba words
    ("去年茶叶销售收入超过一千八百万元" → "茶叶销售收入"); "" when there is none."""
    import jieba.posseg

    toks = [(p.word, p.flag) for p in jieba.posseg.lcut(clause[:start])]
    while toks and toks[-1][0] in _ZH_LINK:
        toks.pop()
    out = ""
    while toks and (toks[-1][1].startswith("n") or toks[-1][1] in ("vn", "an")) and cjk_count(toks[-1][0] + out) <= 8:
        out = toks.pop()[0] + out
    return out if cjk_count(out) >= 2 else ""


def _clauses(text: str) -> Iterable[str]:
    return (c for c in re.split(r"[，。！？；;!?]", text) if c.strip())


def numbers(text: str, language: Language) -> list[tuple[str, float, str, str, bool]]:
    """(value as written, value, unit, label, approximate) for each number with a unit in `text`."""
    out = []
    for clause in _clauses(text):
        if language == "zh":
            for m in _ZH_NUMBER.finditer(clause):
                num = m.group("num")
                value = number_value(num)
                if value is None or clause[max(0, m.start() - 1):m.start()] == "第" or (
                        not num[0].isdigit() and len(num) == 1 and num in "一两"):
                    continue  # "一位", "两人": articles, not figures
                written = num + (m.group("approx") or "")
                out.append((written, value, m.group("unit"), _label_zh(clause, m.start()), bool(m.group("approx"))))
        else:
            for m in _EN_NUMBER.finditer(clause):
                if not m.group("unit") and not m.group("cur"):
                    continue
                value = number_value(m.group("num"))
                if value is None:
                    continue
                words = re.findall(r"[A-Za-z]+", clause[:m.start()])[-3:]
                unit = m.group("unit") or m.group("cur")
                out.append(((m.group("cur") or "") + m.group("num"), value, unit, " ".join(words), False))
    return out


def traceable(visual: Visual, article_text: str) -> bool:
    """Every string the visual puts on screen occurs in the article (numbers as the article writes them)."""
    return all(s in article_text for s in on_screen(visual) if s)


def on_screen(visual: Visual) -> list[str]:
    """The strings a visual shows, for tracing and for tests."""
    match visual:
        case StatVisual():
            return [visual.value, visual.label]
        case ChartVisual():
            return [visual.title] + [s for b in visual.bars for s in (b.label, b.value)]
        case ListVisual():
            return [visual.title, *visual.items]
        case QuoteVisual():
            return [visual.text, visual.speaker]
        case TitleVisual():
            return [visual.text, visual.subtitle]
        case _:
            return []


def _chart(found: list[tuple[str, float, str, str, bool]]) -> ChartVisual | None:
    """Bars where one unit recurs with distinct labels: the comparison the narration makes."""
    by_unit: dict[str, list[tuple[str, float, str, str, bool]]] = {}
    for f in found:
        if f[3]:
            by_unit.setdefault(f[2], []).append(f)
    best = max(by_unit.values(), key=len, default=[])
    labels = {f[3] for f in best}
    if len(best) < 2 or len(labels) < len(best):
        return None
    return ChartVisual(unit=best[0][2], bars=[Bar(label=f[3], value=f[0], number=f[1]) for f in best[:5]])


def _quote(narration: str, language: Language) -> QuoteVisual | None:
    m = _QUOTE.search(narration)
    if not m:
        return None
    said = _ZH_SAY if language == "zh" else _EN_SAY
    if not said.search(narration):
        return None
    speaker = ""
    if language == "zh":
        import jieba.posseg

        before = narration[:m.start()]
        names = [p.word for p in jieba.posseg.lcut(before) if p.flag in ("nr", "nrfg", "nrt")]
        speaker = names[-1] if names else ""
    return QuoteVisual(text=m.group("text").strip("，。,. "), speaker=speaker)


def _list(narration: str, language: Language) -> ListVisual | None:
    if language == "zh":
        m = _ZH_LIST.search(narration)
        if not m:
            return None
        items = m.group(1).split("、")
        return ListVisual(items=items[:6]) if len(items) >= 3 else None
    m = re.search(r"((?:[A-Za-z][\w' -]{1,24}, ){2,}(?:and |or )?[A-Za-z][\w' -]{1,24})", narration)
    if not m:
        return None
    items = [re.sub(r"^(and|or) ", "", i.strip()) for i in m.group(1).split(",")]
    return ListVisual(items=items[:6]) if len(items) >= 3 else None


def plan_visual(narration: str, language: Language, article_text: str, *, title: str = "", heading: str = "",
                hook: str = "", image: str | None = None, prompt: str = "", search: list[str] | None = None) -> Visual:
    """The most informative visual the narration supports, traced to the article; else the image or a scene."""
    fallback: Visual = ImageVisual(image=image) if image else SceneVisual(prompt=prompt, search=search or [])
    candidates: list[Visual | None] = []
    if title:
        candidates.append(TitleVisual(text=title, subtitle=hook))
    if heading:
        candidates.append(TitleVisual(text=heading, subtitle=hook))
    found = numbers(narration, language)
    candidates.append(_chart(found))
    candidates.append(_list(narration, language))
    candidates.append(_quote(narration, language))
    exact = [f for f in found if f[3]]
    if exact:
        written, value, unit, label, approx = max(exact, key=lambda f: f[1])
        candidates.append(StatVisual(value=written, number=None if approx else value, unit=unit, label=label))
    for c in candidates:
        if c is not None and traceable(c, article_text):
            return c
    return fallback


KINDS_FROM_WORDS = ("chart", "stat", "list", "quote", "title", "scene")


def visual_of_kind(kind: str, narration: str, language: Language, *, key_phrase: str = "", prompt: str = "",
                   search: list[str] | None = None) -> Visual | None:
    """A visual of the kind a reviewer asked for, drawn from the shot's own words; None when they do not hold
    one (no numbers for a chart, no quote marks for a quote): nothing is invented to fill the kind."""
    found = numbers(narration, language)
    if kind == "chart":
        return _chart(found)
    if kind == "stat":
        exact = [f for f in found if f[3]]
        if not exact:
            return None
        written, value, unit, label, approx = max(exact, key=lambda f: f[1])
        return StatVisual(value=written, number=None if approx else value, unit=unit, label=label)
    if kind == "list":
        return _list(narration, language)
    if kind == "quote":
        return _quote(narration, language)
    if kind == "title":
        return TitleVisual(text=key_phrase or narration[:24])
    if kind == "scene":
        return SceneVisual(prompt=prompt, search=search or [])
    return None
