"""Language-aware text splitting: sentences, clauses, words, keywords and spoken length.

Chinese and English need different tools (jieba, pysbd) and different units (characters vs
words), so every function takes the language instead of guessing it again.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import jieba

from reelflow.models import Language

if TYPE_CHECKING:
    import pysbd

jieba.setLogLevel(logging.WARNING)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
# Letters and digits of any script, so that "café" and "2,500" are one word each.
EN_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
DIGIT = re.compile(r"\d")

# Chinese: where a sentence ends, and what may trail the end mark (closing quotes, brackets).
ZH_SENTENCE_END = "。！？!?；;…"
ZH_CLOSERS = "”’」』）)》】〉\"'"
# Clause boundaries inside a long sentence, strongest first; ASCII ones only when not between digits.
ZH_CLAUSE_MAJOR = re.compile(r"(?<=[，：])|(?<=[,:])(?!\d)|(?<=\D[,:])")
ZH_CLAUSE_MINOR = re.compile(r"(?<=、)")
EN_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=—)|(?<=—)\s+")

ZH_MAX_CHARS = 40
EN_MAX_WORDS = 25

def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


EN_STOPWORDS = wordset(
    "a about above after again against all almost also although always am among an and another any anyone "
    "anything are around as at away back be became because become been before being below between both but by "
    "came can cannot could did do does doing done down during each either else enough even ever every few first "
    "for from further get gets getting go goes going got had has have having he her here hers herself him himself "
    "his how however i if in into is it its itself just last later least less let like made make makes many may "
    "me might more most much must my myself never new next no nor not now of off often on once one only onto or "
    "other others our ours ourselves out over own perhaps put rather really said same say says see seems seen "
    "several she should since so some something sometimes still such take than that the their theirs them "
    "themselves then there these they thing things this those though through thus to today together too took "
    "toward two under until up upon us used very was way we well went were what whatever when where whether which "
    "while who whom whose why will with within without would yet you your yours yourself "
    "three four five six seven eight nine ten hundred thousand million billion percent "
)

ZH_STOPWORDS = wordset(
    "我们 你们 他们 她们 它们 自己 这个 那个 这些 那些 这样 那样 这里 那里 什么 怎么 为什么 一个 一种 "
    "一些 一样 一直 一起 没有 已经 如今 现在 以前 以后 时候 开始 可以 可能 就是 还是 只是 因为 所以 但是 "
    "而且 并且 不过 如果 虽然 然后 于是 不少 很多 许多 越来越 大家 有人 还有 之后 之前 其中 每天 每个 "
    "当然 也许 甚至 真正 看到 觉得 出来 起来 下来 进行 通过 需要 成为 来说 方面 一边 表示 介绍 说道 目前 "
    "其实 仍然 十分 非常 比较 几乎 所有 各种 不是 不会 不能 能够 作为 "
)


def cjk_count(text: str) -> int:
    """Number of CJK ideographs: the unit of Chinese reading speed."""
    return len(CJK.findall(text))


def detect_language(text: str) -> Language:
    """'zh' when ideographs are a substantial share of the letters, else 'en'.

    Counted per letter, not per word, so a Chinese article that quotes a few English names stays Chinese.
    """
    cjk = cjk_count(text)
    if cjk == 0:
        return "en"
    latin = len(LATIN_LETTER.findall(text))
    return "zh" if cjk / (cjk + latin) >= 0.2 else "en"


@lru_cache(maxsize=1)
def _pysbd() -> pysbd.Segmenter:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _zh_raw_sentences(text: str) -> list[str]:
    """Split at sentence-ending marks, keeping the marks and any closing quotes with the sentence."""
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        buf.append(ch)
        i += 1
        if ch in ZH_SENTENCE_END:
            while i < n and (text[i] in ZH_SENTENCE_END or text[i] in ZH_CLOSERS):
                buf.append(text[i])
                i += 1
            out.append("".join(buf))
            buf = []
        elif ch == "\n":
            out.append("".join(buf))
            buf = []
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [p for p in pattern.split(text) if p.strip()]


def _pack(parts: list[str], size: Callable[[str], float], limit: float, sep: str) -> list[str]:
    """Greedily join neighbouring parts while the joined size stays within `limit`."""
    out: list[str] = []
    cur = ""
    for part in parts:
        joined = f"{cur}{sep}{part}" if cur else part
        if cur and size(joined) > limit:
            out.append(cur)
            cur = part
        else:
            cur = joined
    if cur:
        out.append(cur)
    return out


def clauses(text: str, language: Language) -> list[str]:
    """The finest split at clause punctuation (commas, colons, enumeration commas), punctuation kept.

    Never splits inside a number such as 2,000 or 10:30, nor inside a word.
    """
    text = text.strip()
    if language == "zh":
        out: list[str] = []
        for part in _split_keep(text, ZH_CLAUSE_MAJOR):
            out.extend(_split_keep(part, ZH_CLAUSE_MINOR))
        return [p.strip() for p in out if p.strip()] or ([text] if text else [])
    parts = [p.strip() for p in EN_CLAUSE.split(text) if p.strip()]
    return parts or ([text] if text else [])


def _zh_split_long(sentence: str) -> list[str]:
    if len(sentence) <= ZH_MAX_CHARS:
        return [sentence]
    out: list[str] = []
    for chunk in _pack(_split_keep(sentence, ZH_CLAUSE_MAJOR), len, ZH_MAX_CHARS, ""):
        if len(chunk) > ZH_MAX_CHARS:
            out.extend(_pack(_split_keep(chunk, ZH_CLAUSE_MINOR), len, ZH_MAX_CHARS, ""))
        else:
            out.append(chunk)
    return [c.strip() for c in out if c.strip()]


def _en_words(text: str) -> int:
    return len(EN_WORD.findall(text))


def _en_split_long(sentence: str) -> list[str]:
    if _en_words(sentence) <= EN_MAX_WORDS:
        return [sentence]
    return _pack(clauses(sentence, "en"), _en_words, EN_MAX_WORDS, " ")


def sentences(text: str, language: Language, *, split_long: bool = True) -> list[str]:
    """Sentences in reading order, each a verbatim (stripped) piece of `text`.

    With `split_long`, sentences too long for one breath (about 40 characters / 25 words) are split
    further at clause punctuation, so that a shot never has to cut a sentence mid-word.
    """
    if language == "zh":
        raw = _zh_raw_sentences(text)
        return [c for s in raw for c in (_zh_split_long(s) if split_long else [s])]
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        for s in _pysbd().segment(line):
            s = s.strip()
            if s:
                out.extend(_en_split_long(s) if split_long else [s])
    return out


def words(text: str, language: Language) -> list[str]:
    """Words without whitespace: jieba's segmentation for Chinese, letter/digit runs for English."""
    if language == "zh":
        return [w for w in jieba.lcut(text) if w.strip()]
    return EN_WORD.findall(text)


def _zh_keyword_ok(word: str) -> bool:
    return len(word) >= 2 and word not in ZH_STOPWORDS and not word.isdigit() and not DIGIT.search(word)


# Parts of speech that can be shown: nouns, places, names, organisations, nominal verbs.
ZH_VISUAL_POS = ("n", "nr", "ns", "nt", "nz", "nw", "vn", "s", "nrt", "nrfg")


def keyword_weights(text: str, language: Language, k: int = 20, *, nouns: bool = False) -> list[tuple[str, float]]:
    """The `k` most characteristic words with weights, strongest first.

    Chinese uses jieba's TF-IDF so that common words weigh little (`nouns` keeps only things a
    picture can show); English uses a stopword-filtered frequency, enough for the short texts we see,
    spelled as the text mostly spells it (so names keep their capitals).
    """
    if not text.strip() or k <= 0:
        return []
    if language == "zh":
        import jieba.analyse  # loads its IDF table (~0.3 s): only when keywords are asked for

        pos = ZH_VISUAL_POS if nouns else ()
        tags = jieba.analyse.extract_tags(text, topK=k * 3 + 10, withWeight=True, allowPOS=pos)
        return [(w, float(s)) for w, s in tags if _zh_keyword_ok(w)][:k]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    forms: dict[str, Counter[str]] = {}
    for i, w in enumerate(EN_WORD.findall(text)):
        low = w.lower()
        if len(low) < 3 or low in EN_STOPWORDS or DIGIT.search(low):
            continue
        counts[low] += 1
        first.setdefault(low, i)
        forms.setdefault(low, Counter())[w] += 1
    if not counts:
        return []
    top = max(counts.values())
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))[:k]
    spell = {w: (w if w in forms[w] else forms[w].most_common(1)[0][0]) for w in ranked}
    return [(spell[w], counts[w] / top) for w in ranked]


def keywords(text: str, language: Language, k: int = 5, *, nouns: bool = False) -> list[str]:
    """The `k` most characteristic words of `text`, strongest first."""
    return [w for w, _ in keyword_weights(text, language, k, nouns=nouns)]


def estimate_seconds(text: str, language: Language) -> float:
    """Spoken length of `text`, used to size shots before any audio exists.

    Chinese: about 4.5 characters a second, plus 0.4 s per embedded Latin word and 0.25 s per digit
    (numbers are read out digit group by digit group). English: about 2.5 words a second.
    """
    if language == "zh":
        seconds = cjk_count(text) / 4.5 + 0.4 * len(LATIN_WORD.findall(text)) + 0.25 * len(DIGIT.findall(text))
    else:
        seconds = _en_words(text) / 2.5
    return round(seconds, 2)
