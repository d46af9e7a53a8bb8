"""The rules planner: extractive, deterministic and offline.

It keeps the article's own sentences (so the narration is always faithful), picks the most
important ones when the article is too long for the clip, and groups them into shots of a length
a viewer can follow (about 4-9 seconds each).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from reelflow.errors import BadInput
from reelflow.models import (
    Article,
    ChartVisual,
    ImageVisual,
    Language,
    SceneVisual,
    Shot,
    Storyboard,
    TimelineEvent,
    Visual,
)
from storyboard.against import against_runs
from storyboard.need_against import need_runs
from storyboard.phrase_edges import (
    bad_end_en,
    bad_end_zh,
    bad_span_en,
    bad_start_en,
    bad_start_zh,
    cuts_count_zh,
    cuts_word_zh,
)
from storyboard.planners import register
from storyboard.rankings import ranked
from storyboard.run_on import keep_across_cut, runs_on
from storyboard.segment import (
    EN_STOPWORDS,
    EN_WORD,
    ZH_CLAUSE_MAJOR,
    ZH_STOPWORDS,
    cjk_count,
    clauses,
    estimate_seconds,
    keyword_weights,
    keywords,
    sentences,
    words,
    wordset,
)
from storyboard.thresholds import bars_are_bounds, bound_shares
from storyboard.time_sides import time_sided
from storyboard.told_parts import part_runs
from storyboard.visuals import (
    change_chart,
    comparison,
    dated_event,
    enumeration,
    item_chart,
    opens_item,
    plan_visual,
    visual_weight,
)

SHOT_MIN = 4.0
SHOT_MAX = 9.0
SHOT_IDEAL = 6.5
MAX_UNITS_PER_SHOT = 12
KEY_PHRASE_ZH_CHARS = 12
KEY_PHRASE_EN_WORDS = 6

CAMERAS = ("slow push in", "slow pan left", "slow pan right", "slow pull out")
CAMERA_WORDS = {
    "zh": {"slow push in": "缓慢推镜", "slow pan left": "缓慢左摇", "slow pan right": "缓慢右摇",
           "slow pull out": "缓慢拉远"},
    "en": {"slow push in": "slow push-in", "slow pan left": "slow pan left", "slow pan right": "slow pan right",
           "slow pull out": "slow pull-out"},
}
NEGATIVE_PROMPT = {
    "zh": "文字，水印，字幕，标志，模糊，低画质，畸形，扭曲，过曝",
    "en": "text, watermark, subtitles, logo, blurry, low quality, deformed, distorted, overexposed",
}

_ENDS = "。！？!?；;….”’」』）)》\"'，,、：:"
_PUNCT_TOKEN = re.compile(r"^[\W_]+$")
# Clause edges; a "." or "," between digits is inside a number ($2.4 million, 1,150), never an edge.
_EN_SEGMENT = re.compile(r"(?:[;:!?\"“”()\[\]—–]|(?<!\d)[,.]|[,.](?!\d))+|\s-\s")
# Words that make a weak start or end for on-screen text ("的…", "…和").
_ZH_EDGE = wordset(
    "的 了 着 过 和 与 及 或 在 是 也 就 都 而 并 但 又 把 被 让 给 对 向 从 于 为 将 会 要 能 可 还 很 "
    "更 最 这 那 其 之 地 得 呢 吗 吧 啊 一 不 有 没 等 以 所 如 则 即 由 因 此 每 各 该 其中 以及 或者 "
    "而且 并且 但是 因为 所以 如果 "
) | ZH_STOPWORDS


@dataclass(frozen=True)
class _Sentence:
    index: int
    paragraph: int
    text: str
    seconds: float
    first_in_paragraph: bool
    heading_like: bool


@dataclass(frozen=True)
class _Unit:
    """What a shot is assembled from: a whole sentence, or a clause of one too long for a single shot."""

    sentence: int
    paragraph: int
    text: str
    seconds: float
    starts_sentence: bool = True
    ends_sentence: bool = True
    heading: bool = False
    enumerates: bool = False  # its sentence is an ordinal enumeration (首先…其次…最后, 一是…二是…)


def _with_end(text: str, language: Language) -> tuple[str, bool]:
    """Text that ends like a sentence, so that headings do not run into the next sentence when read."""
    if text.endswith(tuple(_ENDS)):
        return text, False
    return text + ("。" if language == "zh" else "."), True


def _join(parts: list[str], language: Language) -> str:
    return ("" if language == "zh" else " ").join(parts)


def _article_sentences(article: Article) -> list[_Sentence]:
    lang = article.language
    out: list[_Sentence] = []
    for p, para in enumerate(article.paragraphs):
        said = sentences(para, lang, split_long=False)
        for k, raw in enumerate(said):
            text, added = _with_end(raw, lang)
            heading = k == 0 and (added or (len(said) == 1 and p + 1 < len(article.paragraphs)
                                            and (_question_heading(raw, lang) or _colon_heading(raw, lang))))
            out.append(_Sentence(len(out), p, text, estimate_seconds(text, lang), k == 0, heading))
    out = _with_attributions(out, lang)
    body = sum(s.seconds for s in out)
    if out and (len(out) < 2 or body < 2 * SHOT_MIN) and article.title.strip():
        # A tiny article: the title is part of what little there is to say.
        text, _ = _with_end(article.title.strip(), lang)
        title = _Sentence(0, 0, text, estimate_seconds(text, lang), True, False)
        out = [title] + [
            _Sentence(s.index + 1, s.paragraph, s.text, s.seconds, s.first_in_paragraph, s.heading_like) for s in out
        ]
    return out


def _colon_heading(text: str, language: Language) -> bool:
    """A short paragraph of its own ending on a colon ("What changed:", "三个变化：") heads what follows: it opens a
    shot, never ends one."""
    if not text.rstrip().endswith((":", "：")):
        return False
    return cjk_count(text) <= 12 if language == "zh" else len(text.split()) <= 5


def _question_heading(text: str, language: Language) -> bool:
    """A paragraph of one short question or exclamation ("Train, plane or car?", "为什么是山洞？") heads the
    section after it: it opens a shot and is never read into the sentence before it."""
    if not text.rstrip().endswith(("?", "？", "!", "！")) or re.search(r"[“”\"「」]", text):
        return False
    return cjk_count(text) <= 16 if language == "zh" else len(EN_WORD.findall(text)) <= 8


_ZH_ATTRIBUTION = re.compile(r"^[^，。“”「」]{2,20}(?:说|表示|称|指出|介绍)[。！]?$")


def _with_attributions(sents: list[_Sentence], language: Language) -> list[_Sentence]:
    """A quotation and the short sentence naming who said it ("“……。”市消防救援支队的一位负责人说。") are one
    sentence: chosen apart, the quote would have no speaker and the attribution nothing to attribute."""
    if language != "zh":
        return sents
    out: list[_Sentence] = []
    for s in sents:
        prev = out[-1] if out else None
        if prev and prev.paragraph == s.paragraph and prev.text.endswith(("”", "」")) and _ZH_ATTRIBUTION.match(s.text):
            text = prev.text + s.text
            out[-1] = _Sentence(prev.index, prev.paragraph, text, estimate_seconds(text, language),
                                prev.first_in_paragraph, False)
        else:
            out.append(_Sentence(len(out), s.paragraph, s.text, s.seconds, s.first_in_paragraph, s.heading_like))
    return out


def _tokens(text: str, language: Language) -> list[str]:
    toks = words(text, language)
    return toks if language == "zh" else [t.lower() for t in toks]


def _normalised(pairs: list[tuple[str, float]]) -> dict[str, float]:
    """Weights scaled to a maximum of 1, keyed in lower case to match `_tokens`."""
    top = max((w for _, w in pairs), default=0.0)
    return {k.lower(): w / top for k, w in pairs} if top > 0 else {}


def _scores(sents: list[_Sentence], article: Article) -> list[float]:
    """Importance: keyword weight per sqrt-second (so long sentences do not win by length alone),
    plus a bonus for the lede and paragraph openers, which carry the story, and for numbers."""
    lang = article.language
    weights = _normalised(keyword_weights(article.text, lang, 60))
    raw = []
    for s in sents:
        found = set(_tokens(s.text, lang))
        raw.append(sum(weights.get(t, 0.0) for t in found) / math.sqrt(max(s.seconds, 1.0)))
    top = max(raw, default=0.0) or 1.0
    out = []
    for s, r in zip(sents, raw, strict=True):
        score = r / top
        score += 1.0 if s.index == 0 else 0.0
        score += 0.3 if s.first_in_paragraph else 0.0
        score += 0.1 if re.search(r"\d", s.text) else 0.0
        score += visual_weight(s.text, lang)  # a sentence that can be drawn (a figure, a list, a quote) shows more
        score -= 0.6 if s.heading_like else 0.0
        score -= 0.3 if s.seconds < 1.5 and s.index else 0.0
        out.append(score)
    return out


# Openings that point back at something the viewer must already have heard.
_ZH_CONNECTIVE = re.compile(r"^(例如|比如|譬如|而且|而|但是|但|不过|然而|这些|这种|这样|这个|这|此外|同时|另外|"
                            r"因此|所以|于是|对此|其中|此|该|他们|她们|它们|他|她|它)")
_EN_CONNECTIVE = re.compile(r"^(for example|for instance|however|but|and|so|this|these|that|those|also|"
                            r"meanwhile|moreover|in addition|therefore|they|it|he|she)\b", re.IGNORECASE)


def opens_with_connective(text: str, language: Language) -> bool:
    """Whether a sentence starts by pointing at something said before it (例如, 而, 这, However, This…)."""
    text = text.lstrip("“\"'「 ")
    return bool((_ZH_CONNECTIVE if language == "zh" else _EN_CONNECTIVE).match(text))


def _continues_list(text: str, language: Language) -> bool:
    """"roads leading to the two hospitals;": an English sentence that opens in lower case is a list's item or a
    sentence's continuation, and needs what it continues."""
    return language == "en" and bool(re.match(r"[\W_]*[a-z]", text)) and not re.match(r"[\W_]*(?:iPhone|e-)", text)


_ZH_SURVEYED = re.compile(r"(?:对|向|访问了?|调查了?|询问了?|采访了?)[^，。；！？]{0,12}?\d[\d,]*[名户位人家]"
                          r"[^，。；！？]{0,16}?(?:调查|问卷|调研|访谈|采访|回访|走访)")
_EN_SURVEYED = re.compile(r"\b(?:survey(?:ed)?|poll(?:ed)?|questionnaire|interviewed|asked|questioned)\b[^.;!?]{0,40}?"
                          r"\d[\d,]*\s+[a-z]+", re.IGNORECASE)
_SHARE = re.compile(r"\d\s*(?:%|％|percent|成)|[一二两三四五六七八九十]成|分之|一半|\bhalf\b|\b(?:a|one|two|three)\s+"
                    r"(?:third|quarter|fifth)s?\b|\b(?:one|two|three|four)\s+in\s+(?:three|four|five|ten)\b",
                    re.IGNORECASE)


def _announces_finding(text: str, following: str, language: Language) -> bool:
    """"街道对312名就餐老人做了问卷调查。" then "结果显示，87%的受访者…": a sentence that says who a survey asked and
    not what it found points at the next one, as a sentence ending in a colon does; said alone it shows the sample."""
    asked = (_ZH_SURVEYED if language == "zh" else _EN_SURVEYED).search(text)
    return bool(asked) and not _SHARE.search(text) and bool(_SHARE.search(following))


def _resolve(sents: list[_Sentence], chosen: list[int], max_seconds: float, language: Language,
             dropped: set[int] | None = None) -> list[int]:
    """A chosen sentence that opens with a connective brings its antecedent, or is dropped if that does not fit
    (added to `dropped`, so that the selection can fill its time with another)."""
    keep = set(chosen)
    dropped = set() if dropped is None else dropped
    changed = True
    while changed:  # ends: each pass adds a never-dropped sentence or drops one for good
        changed = False
        for i in sorted(keep):
            following = sents[i + 1].text if i + 1 < len(sents) else ""
            announces = sents[i].text.rstrip().endswith(("：", ":")) or _announces_finding(
                sents[i].text, following, language)
            if announces and (i + 1) not in keep:
                # it announces what follows ("也暴露出一些问题："): said alone it points at nothing
                nxt = sents[i + 1] if i + 1 < len(sents) else None
                used = sum(sents[k].seconds for k in keep)
                if nxt and nxt.paragraph == sents[i].paragraph and (i + 1) not in dropped and \
                        used + nxt.seconds <= max_seconds:
                    keep.add(i + 1)
                else:
                    keep.discard(i)
                    dropped.add(i)
                changed = True
                break
            if i == 0 or (i - 1) in keep or not (opens_with_connective(sents[i].text, language) or (
                    _continues_list(sents[i].text, language) and not opens_item(sents[i].text, language))):
                continue
            used = sum(sents[k].seconds for k in keep)
            prev = sents[i - 1]
            if not prev.heading_like and (i - 1) not in dropped and used + prev.seconds <= max_seconds:
                keep.add(i - 1)
            else:
                keep.discard(i)
                dropped.add(i)
            changed = True
            break
    return sorted(keep)


def _select(sents: list[_Sentence], scores: list[float], max_seconds: float, language: Language) -> list[_Sentence]:
    """All sentences if they fit; else the most important whole sentences that fit, in article order."""
    if sum(s.seconds for s in sents) <= max_seconds:
        return list(sents)
    chosen: list[int] = []
    dropped: set[int] = set()
    for _ in range(len(sents)):  # a sentence dropped for want of its antecedent leaves time: fill it again
        used = sum(sents[i].seconds for i in chosen)
        for i in sorted(range(len(sents)), key=lambda i: (-scores[i], i)):
            if sents[i].heading_like or i in chosen or i in dropped:  # a subheading out of its section only
                continue  # interrupts a summary
            if used + sents[i].seconds <= max_seconds:
                chosen.append(i)
                used += sents[i].seconds
        before = len(dropped)
        chosen = _resolve(sents, chosen, max_seconds, language, dropped)
        chosen = _with_neighbours(sents, chosen, max_seconds, dropped)
        if len(dropped) == before:
            break
    chosen = _fill(sents, scores, chosen, dropped, max_seconds, language)
    if not chosen:  # every sentence is longer than the clip: say the most important one anyway
        chosen = [max(range(len(sents)), key=lambda i: (scores[i], -i))]
    return [sents[i] for i in sorted(chosen)]


def _with_neighbours(sents: list[_Sentence], chosen: list[int], max_seconds: float, dropped: set[int]) -> list[int]:
    """A sentence too short for a shot of its own and with no chosen neighbour (a shot joins only adjacent
    sentences) brings the next or previous sentence of its paragraph when that fits, or is dropped (its time goes
    to another): "夜市并不是新鲜事物。" alone would be a 2 s shot."""
    keep = set(chosen)
    for i in sorted(chosen):
        if i == 0 or sents[i].seconds >= SHOT_MIN or (i - 1) in keep or (i + 1) in keep:
            continue
        used = sum(sents[k].seconds for k in keep)
        near = [k for k in (i + 1, i - 1) if 0 <= k < len(sents) and k not in dropped
                and sents[k].paragraph == sents[i].paragraph and not sents[k].heading_like
                and used + sents[k].seconds <= max_seconds]
        if near:
            keep.add(near[0])
        else:
            keep.discard(i)
            dropped.add(i)
    return sorted(keep)


FILL_SHARE = 0.9  # a clip shorter than this share of its target leaves the viewer with a gap in the story


def _fill(sents: list[_Sentence], scores: list[float], chosen: list[int], dropped: set[int], max_seconds: float,
          language: Language) -> list[int]:
    """When whole sentences leave the clip short of its target (none left fits the time that remains), swap
    one chosen sentence for a longer one that fills it, losing the least importance."""
    used = sum(sents[i].seconds for i in chosen)
    if used >= FILL_SHARE * max_seconds:
        return chosen
    keep = set(chosen)
    best: tuple[float, int, int] | None = None
    for i in chosen:
        if i == 0 or ((i + 1) in keep and opens_with_connective(sents[i + 1].text, language)):
            continue  # the lede stays, and so does an antecedent
        for j in range(1, len(sents)):
            s = sents[j]
            if j in keep or j in dropped or s.heading_like or s.text.rstrip().endswith(("：", ":")):
                continue
            if opens_with_connective(s.text, language) and (j - 1) not in keep - {i}:
                continue
            total = used - sents[i].seconds + s.seconds
            if FILL_SHARE * max_seconds <= total <= max_seconds:
                loss = scores[i] - scores[j]
                if best is None or loss < best[0]:
                    best = (loss, i, j)
    if best is None:
        return chosen
    return sorted(keep - {best[1]} | {best[2]})


def _sections(sents: list[_Sentence]) -> dict[int, str]:
    """The heading of each paragraph that opens a section (the paragraph right after a heading), by paragraph."""
    out: dict[int, str] = {}
    by_para: dict[int, list[_Sentence]] = {}
    for s in sents:
        by_para.setdefault(s.paragraph, []).append(s)
    for p, group in by_para.items():
        if len(group) == 1 and group[0].heading_like and (p + 1) in by_para:
            out[p + 1] = group[0].text.rstrip("。.")
    return out


def _event_runs(chosen: list[_Sentence], language: Language) -> dict[int, list[TimelineEvent]]:
    """For each narrated sentence in a run of dated ones that follow each other in the article ("2019年：…",
    "2020年9月：…"), the events of its run told up to it, and the next when it is the first: a timeline section
    told over several shots grows as it is told."""
    out: dict[int, list[TimelineEvent]] = {}
    run: list[tuple[int, TimelineEvent]] = []

    def close() -> None:
        if len(run) >= 2:
            for k, (index, _) in enumerate(run):
                out[index] = [e for _, e in run[:max(k + 1, 2)]]
        run.clear()

    for s in chosen:
        event = None if s.heading_like else dated_event(s.text, language)
        if event is None or (run and s.index != run[-1][0] + 1):
            close()
        if event is not None:
            run.append((s.index, event))
    close()
    return out


_NAMED_ITEM = re.compile(r"^\s*[^:：，,。.;；!?！？]{2,30}?\s*[:：]\s*\S")


def _item_runs(chosen: list[_Sentence], language: Language) -> dict[int, ChartVisual]:
    """For each narrated item in a run of named ones that follow each other ("Night train: about 11 hours…",
    "Plane: 80 minutes…"), the chart of the figures they share: the comparison the run makes."""
    out: dict[int, ChartVisual] = {}
    run: list[_Sentence] = []

    def close() -> None:
        chart = item_chart([s.text for s in run], language) if len(run) >= 2 else None
        if chart:
            out.update({s.index: chart for s in run})
        run.clear()

    for s in chosen:
        named = not s.heading_like and bool(_NAMED_ITEM.match(s.text)) and dated_event(s.text, language) is None
        if not named or (run and s.index != run[-1].index + 1):
            close()
        if named:
            run.append(s)
    close()
    return out


def _ranking_runs(chosen: list[_Sentence], language: Language) -> dict[int, ChartVisual]:
    """A ranking told over neighbouring sentences of a paragraph ("The busiest dock is Central Station, with
    41,000 trips." | "Riverside Park comes second with 33,500, followed by…"; 最受欢迎的是…；其次是…；…排第三):
    each of them shows it whole, as far as it is narrated."""
    out: dict[int, ChartVisual] = {}
    for i, a in enumerate(chosen):
        best = max((len(c.bars) for c in [ranked(a.text, language)] if c), default=0)
        for j in range(i + 1, min(i + 5, len(chosen))):
            if chosen[j].index != chosen[j - 1].index + 1 or chosen[j].paragraph != a.paragraph:
                break
            chart = ranked(_join([s.text for s in chosen[i:j + 1]], language), language)
            if chart is not None and len(chart.bars) > best:
                best = len(chart.bars)
                # "Demand is uneven." before the ranking tells none of it: it keeps its own graphic
                out.update({s.index: chart for s in chosen[i:j + 1] if len(out.get(s.index, chart).bars) <= best
                            and any(b.label in s.text or b.value in s.text for b in chart.bars)})
    return out


def _major_clauses(text: str, language: Language) -> list[str]:
    """Clauses at commas and colons; an enumeration comma (、) only splits a clause still too long,
    so that a list such as "番茄、辣椒、空心菜" stays together where it can."""
    if language != "zh":
        return clauses(text, language)
    out: list[str] = []
    for part in [p for p in ZH_CLAUSE_MAJOR.split(text) if p.strip()]:
        if estimate_seconds(part, language) > SHOT_MAX:
            out.extend(clauses(part, language))
        else:
            out.append(part.strip())
    return out


def _enumerations(sents: list[_Sentence], language: Language) -> dict[int, tuple[Visual, int]]:
    """Ordinal enumerations (首先…；其次…；最后…, 一是…二是…) told over one or more sentences of a paragraph: for
    each of their sentences, the whole list and the index of the enumeration's last sentence."""
    out: dict[int, tuple[Visual, int]] = {}
    for i, s in enumerate(sents):
        if i in out:
            continue
        best, end, j = enumeration(s.text, language), i, i
        # its items stay in one paragraph, or are paragraphs of their own that each open on an ordinal (a list)
        while j + 1 < len(sents) and j - i < 6 and (sents[j + 1].paragraph == s.paragraph or (
                sents[j + 1].first_in_paragraph and opens_item(sents[j + 1].text, language)
                and opens_item(sents[j].text, language))):
            j += 1
            joined = enumeration(_join([x.text for x in sents[i:j + 1]], language), language)
            if joined is not None and (best is None or _items(joined) > _items(best)):
                best, end = joined, j
        if best is not None:
            for k in range(i, end + 1):
                out[k] = (best, end)
    return out


def _comparisons(chosen: list[_Sentence], language: Language) -> dict[int, ChartVisual]:
    """The comparison each long sentence makes (two or more bars): a sentence told over several shots shows it
    whole in each of them, and a shot boundary inside it costs more, as inside an enumeration."""
    out: dict[int, ChartVisual] = {}
    for s in chosen:
        if s.seconds > SHOT_MAX:  # a change told over two shots ("142 times in 2026," | "up from 118") too
            chart = comparison(s.text, language) or change_chart(s.text, language)
            chart = time_sided(chart, s.text, language)  # 今年前九个月 said in the sentence's first shot
            if chart is not None and bars_are_bounds(chart, s.text, language):  # 24℃及以下: a bound, no level
                chart = bound_shares(s.text, language)
            if chart is not None:
                out[s.index] = chart
    return out


_ORDINAL_WORDS = re.compile(r"首先|其次|第[一二三四五]|[一二三四五]是|最后|\b(?:first|second|third|finally)\b",
                            re.IGNORECASE)


def _tells_items(narration: str, v: Visual, language: Language) -> bool:
    """The shot says one of the enumeration's items (its first words) or an ordinal that opens one: a shot that
    tells only the clause before the list is not shown it."""
    items = getattr(v, "items", None) or [e.when + e.what for e in getattr(v, "events", None) or []]
    heads = [i.rstrip("…")[:4] if language == "zh" else " ".join(i.rstrip("…").split()[:2]) for i in items]
    return bool(_ORDINAL_WORDS.search(narration)) or any(h and h.lower() in narration.lower() for h in heads)


def _items(v: Visual) -> int:
    return len(getattr(v, "items", None) or getattr(v, "events", None) or [])


def _units(chosen: list[_Sentence], language: Language,
           listed: dict[int, tuple[Visual, int]] | None = None) -> list[_Unit]:
    """Sentences that fit a shot stay whole; longer ones become clauses for the grouping to balance.
    A long sentence without clause punctuation stays whole: a shot never cuts a word."""
    out: list[_Unit] = []
    listed = listed or {}
    for s in chosen:
        parts = [s.text] if s.seconds <= SHOT_MAX else _major_clauses(s.text, language)
        run = listed.get(s.index)
        for k, c in enumerate(parts):
            inside = run is not None and (k < len(parts) - 1 or s.index < run[1])  # more of the list follows
            out.append(_Unit(s.index, s.paragraph, c, estimate_seconds(c, language), k == 0, k == len(parts) - 1,
                             s.heading_like, inside))
    return out


def _shot_cost(group: list[_Unit]) -> float:
    """Lower is better: inside 4-9 s, near 6.5 s, ending where a sentence ends, and not mixing
    paragraphs or skipping text."""
    s = sum(u.seconds for u in group)
    cost = 0.05 * abs(s - SHOT_IDEAL)
    cost += 3.0 * max(0.0, SHOT_MIN - s) + 10.0 * max(0.0, s - SHOT_MAX)  # the longest a shot holds one look
    if not group[-1].ends_sentence:  # a sentence continues in the next shot; worst if only its opening is here
        cost += 0.8 if group[-1].starts_sentence else 0.5
        cost += 2.0 if group[-1].enumerates else 0.0  # an enumeration is kept in one shot where its length allows
    if group[0].starts_sentence and _continues_list(group[0].text, "en") and group[0].sentence and \
            not group[0].enumerates:
        cost += 3.0  # "roads leading to the hospitals;": a list's item opens no shot, it goes with its lead-in
    for a, b in pairwise(group):
        cost += 50.0 if b.heading else 0.0  # a heading opens a shot, never runs on from a sentence
        cost += 0.4 if b.paragraph != a.paragraph else 0.0
        # a shot's sentences follow each other in the article: a gap (a paragraph skipped, or the heading of the
        # next section between them) would join what the article keeps apart
        cost += 50.0 if b.sentence - a.sentence > 1 else 0.0
    return cost


def _group(units: list[_Unit]) -> list[list[_Unit]]:
    """Optimal split of the unit sequence into shots (dynamic programming over shot boundaries)."""
    n = len(units)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        for j in range(i - 1, max(-1, i - 1 - MAX_UNITS_PER_SHOT), -1):
            cost = best[j] + _shot_cost(units[j:i])
            if cost < best[i]:
                best[i], back[i] = cost, j
    groups: list[list[_Unit]] = []
    i = n
    while i > 0:
        groups.append(units[back[i]:i])
        i = back[i]
    return groups[::-1]


# Parts of speech (jieba.posseg flags) that make a weak first or last word for on-screen text.
_ZH_BAD_START = wordset("u uj ul uz ud ug uv p c y e o f d r q x")
_ZH_BAD_END = wordset("u uj ul uz ud ug uv p c y e o f d r m q x")


def _runs_zh(text: str) -> list[tuple[list[tuple[str, str]], int]]:
    """Runs of (word, part of speech) between punctuation: a key phrase never spans a comma. With each, the first
    word a phrase may start at: a run after an enumeration comma opens inside a list ("老街、|广场和闲置停车场上
    规划了…"), so a phrase starts only after the list's last conjunction and the item it joins."""
    import jieba.posseg  # its tagging model loads in ~0.2 s: keep it out of `import storyboard`

    runs: list[list[tuple[str, str]]] = [[]]
    listed: list[bool] = [False]
    for word, flag in _zh_number_tokens([(p.word, p.flag) for p in jieba.posseg.lcut(text)]):
        if flag == "x" or _PUNCT_TOKEN.match(word) or not word.strip():
            runs.append([])
            listed.append(word == "、")
        else:
            runs[-1].append((word, flag))
    out = []
    for run, in_list in zip(runs, listed, strict=True):
        floor = 0
        if in_list:
            joins = [k for k, (w, f) in enumerate(run[:6]) if f == "c" or w in ("和", "与", "及", "以及", "或")]
            floor = joins[-1] + 1 if joins else 1
            while floor < len(run) and run[floor][1] in _ZH_NOMINAL:  # the last item itself
                floor += 1
        if run:
            out.append((run, floor))
    return out


def _zh_number_tokens(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba's tokens with numbers made whole: "1" "." "5万" → "1.5万", "2024" "年" → "2024年" (a date, "t"), so
    that a phrase never starts or ends inside one."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(toks):
        word, flag = toks[k]
        prev = out[-1][0] if out else ""
        nxt = toks[k + 1][0] if k + 1 < len(toks) else ""
        if prev[-1:].isdigit() and word in (".", ",", "．") and nxt[:1].isdigit():
            out[-1] = (prev + word + nxt, "m")
            k += 2
            continue
        if prev[-1:].isdigit() and (word[:1].isdigit() or word[:1] in "万亿千百%％"):  # "1600" "万件"
            out[-1] = (prev + word, "m")
        elif re.fullmatch(r"\d+", prev) and word[:1] in "年月日号":
            out[-1] = (prev + word, "t")
        else:
            out.append((word, flag))
        k += 1
    return out


_ZH_NOMINAL = ("n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "j", "vn", "a", "b", "m")


_ZH_COMPLEMENTS = wordset("了 着 过 起来 下来 下去 出来 进来 上来 起 完 好")
_ZH_ORDINALS = wordset("最后 最初 最早 头 前 后 第 首 末")


def _whole_zh(run: list[tuple[str, str]], a: int, b: int) -> bool:
    """Whether words a..b of a run are a whole phrase: it does not stop before the noun its "…的" or its last noun
    modifies ("不需要门票|的公共客厅", "落到楼群|背后"), does not start inside a compound noun ("邻|市图书馆"), and a
    preposition in it (把, 在, 从) reaches its verb ("周师傅把电动车|停在…")."""
    def noun(f: str) -> bool:
        return f.startswith("n") or f in ("j", "vn", "s")  # a place word is a noun too ("老|街口")

    last, flag = run[b - 1]
    if b < len(run):
        nxt, nflag = run[b]
        # "活动室|里总是坐得满满当当": the room is whole without its "in"; never "夜市|里最年轻的摊主", which goes on
        inside = nxt in ("里", "内", "中") and noun(flag) and not any(f == "uj" for _, f in run[b + 1:])
        if (nflag in ("uj", "f") and not inside) or nxt in ("的", "之") or (noun(nflag) and noun(flag)):
            return False
        if nflag == "ul" or nxt in _ZH_COMPLEMENTS:
            return False  # a verb or adjective without its aspect or complement ("就热闹|了起来", "规划|了夜间集市")
        if flag == "v" and (noun(nflag) or nflag in ("a", "m", "r")):
            return False  # a verb without its object ("也带来|新的难题")
    if a > 0 and run[a - 1][1] in _ZH_NOMINAL and noun(run[a][1]):
        return False
    if a > 0 and run[a][1] == "m" and (run[a - 1][1] in ("f", "m", "a", "b", "r") or run[a - 1][0] in _ZH_ORDINALS):
        return False  # inside a quantity phrase ("最后|一批游客")
    if a > 0 and run[a - 1][1] == "v" and any(run[k][1] == "uj" for k in range(a, b)):
        return False  # the object of a verb left outside, with the clause it heads ("需要|门票的公共客厅")
    preps = [k for k in range(a, b) if run[k][1] == "p"]
    return not preps or any(run[k][1] == "v" for k in range(preps[-1] + 1, b))


_ZH_SURVEY = re.compile(r"调查|访问了|走访|采访|问卷|访谈|调研|抽样|民调|回访")
_ZH_FOUND = re.compile(r"显示|发现|表明|结果")


_ZH_BASE_MARKS = wordset("比 较 从 由 自 相比 比起")
_ZH_CHANGE_END = re.compile(r"(?:下降|减少|降低|增加|增长|上升|提高|提升|上涨|回落|缩短|延长|降|升|涨|增|减)$")


def _cuts_complement_zh(run: list[tuple[str, str]], b: int) -> bool:
    """"放映员周建国把幕布挂|在晒谷场…": a one-character verb whose place or result follows is cut mid-act."""
    word, flag = run[b - 1]
    return b < len(run) and flag.startswith("v") and len(word) == 1 and run[b][0][:1] in ("在", "到", "给", "进", "成")


def _cuts_figure_zh(run: list[tuple[str, str]], a: int, b: int) -> bool:
    """A phrase with a figure that leaves out what the figure is set against or changes to: "去年同期的41%明显减少"
    (after 比: the old value, shown as if it were the news), "规范前一年的460件下降" (下降 before its 到138件)."""
    marks = [k for k in range(a) if run[k][0] in _ZH_BASE_MARKS]
    first = next((k for k in range(a, b) if re.search(r"\d", run[k][0])), b)
    if marks and not any(re.search(r"\d", w) or f.startswith("v") for w, f in run[marks[-1] + 1:first]):
        return True  # the phrase's figure is the one after 比/从 (从外省引进了3条: a place, and a verb between)
    text = "".join(w for w, _ in run[a:b])
    if b < len(run) and re.search(r"[到至]$", text):
        return True  # "共享车位从最初的260个增加到": the change without where it went
    return bool(_ZH_CHANGE_END.search(text)) and b < len(run) and run[b][0][:1] in ("到", "至", "了")


def _key_phrase_zh(narration: str, weights: dict[str, float]) -> str:
    """Best window of whole words: keyword weight, plus a preference for ending on a noun and on
    clause edges, and for staying short (about 8 characters reads at a glance)."""
    best: tuple[float, str] | None = None
    # "街道办对周边6个小区的1,000户居民做了问卷调查": in a survey's clause a figure is who or where was asked,
    # never the story's number to show in large type
    survey = any(_ZH_SURVEY.search(c) and not _ZH_FOUND.search(c) for c in re.split(r"[，。；！？]", narration))
    for run, floor in _runs_zh(narration):
        for a in range(floor, len(run)):
            quantity = run[a][1] == "f" and a + 1 < len(run) and run[a + 1][1] == "m"  # "最后一批游客"
            if run[a][0] in _ZH_EDGE or (run[a][1] in _ZH_BAD_START and not quantity) or bad_start_zh(run, a):
                continue
            for b in range(a + 1, len(run) + 1):
                text = "".join(w for w, _ in run[a:b])
                if cjk_count(text) > KEY_PHRASE_ZH_CHARS or len(text) > KEY_PHRASE_ZH_CHARS + 6:
                    break
                last, flag = run[b - 1]
                if last in _ZH_EDGE or flag in _ZH_BAD_END or len(text) < 2 or not _whole_zh(run, a, b) or (
                        re.search(r"\d", text) and (survey or _cuts_figure_zh(run, a, b))) or \
                        _cuts_complement_zh(run, b) or bad_end_zh(text) or cuts_word_zh(run, b) or \
                        cuts_count_zh(run, a, b, narration[narration.find(text) + len(text):]):
                    continue
                score = sum(weights.get(w, 0.0) for w in {w for w, _ in run[a:b]})
                score += 0.5 if flag.startswith("n") or flag in ("vn", "an", "s") else 0.0
                score += (0.1 if a == 0 else 0.0) + (0.2 if b == len(run) else 0.0)
                score -= 0.04 * max(0, len(text) - 8) + (0.2 if len(text) < 4 else 0.0)
                if best is None or score > best[0]:
                    best = (score, text)
    return best[1] if best else ""


_EN_NEGATIONS = frozenset(("not", "no", "never", "nor", "none", "nobody", "nothing", "hardly"))
_EN_FRACTIONS = wordset("half quarter quarters third thirds hundred hundreds thousand thousands million millions "
                        "billion dozen percent")
_EN_NUMBER_WORDS = _EN_FRACTIONS | wordset("one two three four five six seven eight nine ten eleven twelve twenty "
                                           "thirty forty fifty")
_EN_APPROX_WORDS = wordset("about around nearly almost roughly some over under only just")
_EN_SAMPLING = frozenset(("surveyed", "polled", "interviewed", "questioned", "asked"))


def _negation_en(word: str) -> bool:
    return word in _EN_NEGATIONS or word.endswith(("n't", "n’t"))


def _numeric_en(word: str) -> bool:
    return word[:1].isdigit() or word in _EN_NUMBER_WORDS


def _phrase_start_en(words: list[str], a: int) -> bool:
    """Whether a key phrase may open on words[a]: not past a negation it drops ("Not every | month is easy"), not
    inside a figure ("four and a | half years", "£42 a | year and a half"); a negation may open one."""
    w = words[a]
    if _negation_en(w):
        return True
    if w in EN_STOPWORDS or any(_negation_en(x) for x in words[max(0, a - 2):a]):
        return False
    prev = words[a - 1] if a else ""
    before = words[a - 2] if a > 1 else ""
    if _numeric_en(w) and prev in _EN_APPROX_WORDS:
        return False  # "about | 18 months": the figure without its "about" says more than the article
    if w in _EN_FRACTIONS and (_numeric_en(prev) or prev == "and" or (prev in ("a", "an") and (
            before == "and" or _numeric_en(before)))):
        return False  # "four and a | half years": the end of a figure
    if re.match(r"[$€£¥]?\d", prev):
        return False  # "about 18 | months before the pandemic": a unit without its figure
    return not (prev in ("a", "an", "per") and _numeric_en(before))  # "£42 a | year": the figure's rate


def _phrase_words_en(words: list[str], a: int, b: int) -> bool:
    """A key phrase words[a:b] neither joins two clauses ("plots but wanted the warning rule") nor shows a survey's
    sample ("committee surveyed 190 shoppers"): how many were asked is never the story's figure."""
    return "but" not in words[a + 1:b] and not any(
        _numeric_en(words[k]) and k and words[k - 1] in _EN_SAMPLING for k in range(a, b))


def _key_phrase_en(narration: str, weights: dict[str, float]) -> str:
    best: tuple[float, str] | None = None
    for segment in _EN_SEGMENT.split(narration):
        toks = list(EN_WORD.finditer(segment))
        low = [t.group().lower() for t in toks]
        for a in range(len(toks)):
            if not _phrase_start_en(low, a) or bad_start_en(low, a):
                continue
            if a and toks[a].group()[:1].isupper() and toks[a - 1].group()[:1].isupper() and \
                    low[a - 1] not in EN_STOPWORDS:
                continue  # "(Hartfield Central) Library began…": never inside a name
            for b in range(a + 1, min(len(toks), a + KEY_PHRASE_EN_WORDS) + 1):
                if low[b - 1] in EN_STOPWORDS or low[b - 1] == "per" or not _phrase_words_en(low, a, b) or \
                        bad_end_en(low, b) or bad_span_en(low, a, b):
                    continue
                start = toks[a].start()
                start -= 1 if start and segment[start - 1] in "$€£¥" else 0  # "$2.4": the currency and its value
                text = segment[start:toks[b - 1].end()]
                found = {t.group().lower() for t in toks[a:b]}
                score = sum(weights.get(t, 0.0) for t in found)
                score += (0.1 if a == 0 else 0.0) + (0.2 if b == len(toks) else 0.0)
                score -= 0.05 * max(0, b - a - 4)
                if best is None or score > best[0]:
                    best = (score, text)
    return best[1] if best else ""


def key_phrase(narration: str, language: Language, weights: dict[str, float]) -> str:
    """A short phrase for large on-screen text: the best-weighted run of whole words inside one clause,
    at most 12 Chinese characters or 6 English words, so it never cuts a word or spans a comma."""
    phrase = _key_phrase_zh(narration, weights) if language == "zh" else _key_phrase_en(narration, weights)
    if phrase:
        return phrase
    toks = words(narration, language)
    if language == "zh":
        out = ""
        for t in toks:
            if cjk_count(out + t) > KEY_PHRASE_ZH_CHARS or (out and _PUNCT_TOKEN.match(t)):
                break  # the opening clause, whole: never a comma on screen
            out += t
        return out or narration[:KEY_PHRASE_ZH_CHARS]
    spans = list(EN_WORD.finditer(narration))[:KEY_PHRASE_EN_WORDS]
    return narration[spans[0].start():spans[-1].end()] if spans else narration.strip()


# Nouns a camera cannot film: abstractions, measures and time words (a stock library finds nothing for 转机).
_ZH_ABSTRACT = wordset("转机 难题 问题 样子 地方 方式 情况 事物 东西 总数 数量 常态 时间 时候 机会 原因 结果 作用 意义 "
                       "效果 影响 变化 发展 趋势 方面 部分 程度 水平 能力 经验 办法 措施 政策 规定 标准 目标 计划 "
                       "成本 收入 比例 规模 热闹 后半段 前半段 一天 生活 新鲜事物 烟火气 秩序感 "
                       "专门 特别 一起 其中 全部 大家 自家")  # the last: adverbs and pronouns jieba tags as nouns
_EN_ABSTRACT = wordset("time times minute minutes hour hours year years day days week weeks month months percent "
                       "share number total average rate way ways thing things problem problems issue issues change "
                       "changes result results reason reasons idea ideas part parts kind cost costs level levels plan "
                       "plans trial chance risk gap")
_ZH_CONCRETE_FLAGS = ("n", "nz", "ns", "nt", "nl", "ng", "s")


def scene_terms(narration: str, candidates: list[str], language: Language, k: int = 4) -> list[str]:
    """Search terms for a stock library or an image model: concrete nouns a camera can see (游客, 摊主, 糖画), the
    shot's own first; never times (十一点), adverbs (渐渐), names of people, or abstractions (转机)."""
    if language == "zh":
        import jieba.posseg

        tags = {p.word: p.flag for p in jieba.posseg.lcut(narration)}
        own = [w for w, f in tags.items() if f in _ZH_CONCRETE_FLAGS]
        pool = [w for w in candidates if w in tags] + own + [w for w in candidates if w not in tags]

        def concrete(w: str) -> bool:
            if w in tags:
                flag = tags[w]
            else:
                found = jieba.posseg.lcut(w)
                flag = found[0].flag if len(found) == 1 else "n"
            return flag in _ZH_CONCRETE_FLAGS and w not in _ZH_ABSTRACT and len(w) >= 2 and not re.search(r"\d", w)
    else:
        pool = list(candidates)

        def concrete(w: str) -> bool:
            low = w.lower()
            return (low not in _EN_ABSTRACT and low not in EN_STOPWORDS and not low.endswith("ly")
                    and not re.search(r"\d", low) and not w[:1].isupper())
    out: list[str] = []
    for w in pool:
        if w not in out and concrete(w):
            out.append(w)
    return out[:k]


def visual_prompt(title: str, kws: list[str], language: Language, camera: str, *, moment: str = "") -> str:
    """A text-to-video prompt: the topic (title), the shot's moment (its key phrase), what to show (concrete
    nouns), and a fixed look."""
    move = CAMERA_WORDS[language][camera]
    title = _short_title(title)
    if language == "zh":
        subject = f"{title}：{moment}" if moment else title
        subject += f"，{'、'.join(kws[:3])}" if kws else ""
        return f"{subject}，电影感画面，柔和光线，{move}，竖屏构图"
    subject = f"{title}: {moment}" if moment else title
    subject += f", {', '.join(kws[:3])}" if kws else ""
    return f"{subject}, cinematic, soft light, {move}, vertical framing"


def _short_title(title: str) -> str:
    """The main title without its subtitle ("A: B" -> "A"): the topic, in fewer words for the model."""
    head = re.split(r"[：:|｜]|\s[-–—]\s|——", title, maxsplit=1)[0].strip()
    return head if len(head) >= 4 else title.strip()


@register("rules")
class RulesPlanner:
    """Extractive planner: article sentences, ranked by keyword weight, grouped into 4-9 s shots."""

    name = "rules"

    def plan(self, article: Article, *, max_seconds: float, seed: int) -> Storyboard:
        lang = article.language
        sents = _article_sentences(article)
        if not sents:
            raise BadInput(article.source_path, "too short to make a video: no sentences to narrate")
        chosen = _select(sents, _scores(sents, article), max_seconds, lang)
        enumerations = _enumerations(sents, lang)
        compares = _comparisons(chosen, lang)
        groups = _group(_units(chosen, lang, {**{k: (v, k) for k, v in compares.items()}, **enumerations}))
        article_weights = _normalised(keyword_weights(article.text, lang, 30))
        article_nouns = keywords(article.text, lang, 10, nouns=True)
        article_text = "\n".join([article.title, article.text])

        section_of = _sections(sents)
        events_at = _event_runs(chosen, lang)
        compared_at = {**_ranking_runs(chosen, lang), **_item_runs(chosen, lang)}
        compared_at.update({k: v for k, v in part_runs(chosen, lang).items() if k not in compared_at})
        # "…bus stop measured 51°C." | "…of Linden Avenue, it was 34°C.": one comparison told over two sentences
        compared_at.update({k: v for k, v in against_runs(chosen, lang, article_text).items() if k not in compared_at})
        # "needs about 1,200 a week." | "…it has averaged roughly 950": a level against its need (round 15b)
        compared_at.update({k: v for k, v in need_runs(chosen, lang).items() if k not in compared_at})

        shots: list[Shot] = []
        for index, group in enumerate(groups):
            narration = _join([u.text for u in group], lang)
            shot_pairs = keyword_weights(narration, lang, 10)
            # Keywords feed the video prompt, so Chinese ones are nouns (what can be shown) where possible.
            kws = keywords(narration, lang, 5, nouns=True)
            for w in [w for w, _ in shot_pairs] + article_nouns:
                if len(kws) >= 3:
                    break
                if w not in kws:
                    kws.append(w)
            weights = _normalised(shot_pairs)
            for w, v in article_weights.items():
                weights[w] = weights.get(w, 0.0) + v
            camera = CAMERAS[(seed + index) % len(CAMERAS)]
            paragraph = group[0].paragraph
            image = None  # article images are placed afterwards, each on the scene shot beside it
            phrase = key_phrase(narration, lang, weights)
            terms = scene_terms(narration, kws + article_nouns, lang)
            prompt = visual_prompt(article.title, terms or kws, lang, camera, moment=phrase)
            heading = group[0].text.rstrip("。.") if group[0].heading else ""
            opens = group[0].starts_sentence and sents[group[0].sentence].first_in_paragraph
            told = [events_at[u.sentence] for u in group if u.sentence in events_at]
            compared = next((compared_at[u.sentence] for u in group if u.sentence in compared_at), None) or next(
                (compares[u.sentence] for u in group if u.sentence in compares and not (u.starts_sentence and
                                                                          u.ends_sentence)), None)
            # a shot telling part of an enumeration shows the whole list (its items come in as they are said)
            listed = next((enumerations[u.sentence][0] for u in group if u.sentence in enumerations), None)
            if listed is not None and not _tells_items(narration, listed, lang):
                listed = None  # "…满意率为88%；" before "一是…二是…" in a later shot: not this shot's list
            visual = plan_visual(
                narration, lang, article_text, title=article.title if index == 0 else "", heading=heading,
                section=section_of.get(paragraph, "") if opens and index else "", hook=phrase, image=image,
                prompt=prompt, search=terms or kws, events=told[-1] if told else None, compared=compared,
                listed=listed,
            )
            if index and runs_on(groups[index - 1][-1].sentence, group[0].sentence, group[0].starts_sentence):
                visual = keep_across_cut(shots[-1].visual, visual, narration, lang)  # the sentence's graphic stays on
            shots.append(
                Shot(
                    index=index,
                    narration=narration,
                    visual=visual,
                    visual_prompt=prompt,
                    negative_prompt=NEGATIVE_PROMPT[lang],
                    camera=camera,
                    seconds=estimate_seconds(narration, lang),
                    key_phrase=phrase,
                    keywords=kws,
                    paragraph=paragraph,
                    image=image,
                )
            )
        if not shots:
            raise BadInput(article.source_path, "too short to make a video: no shot could be made")
        shots = place_images(shots, article)
        return Storyboard(
            title=article.title, language=lang, target_seconds=max_seconds, seed=seed, planner=self.name, shots=shots
        )


def place_images(shots: list[Shot], article: Article) -> list[Shot]:
    """Each of the article's images once, on the shot without a graphic nearest where it stands in the article
    (the paragraphs either side of it): a picture shows beside the words it illustrates, rather than on every
    shot that has no graphic (one photo seven times over is a slideshow, not a video). Only images that are
    here (a URL or a missing file shows nothing)."""
    places = article.image_places if len(article.image_places) == len(article.images) else [
        int((k + 0.5) * len(article.paragraphs) / len(article.images)) for k in range(len(article.images))]
    out = list(shots)
    for image, place in zip(article.images, places, strict=True):
        free = [s for s in out if isinstance(s.visual, SceneVisual)]
        if not free:
            break
        if not Path(image).is_file():
            continue
        best = min(free, key=lambda s: (min(abs(s.paragraph - place + 1), abs(s.paragraph - place)), s.index))
        out[out.index(best)] = best.model_copy(update={"visual": ImageVisual(image=image), "image": image})
    return out
