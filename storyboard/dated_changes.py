"""Changes told with a date at each end, or told in two clauses, that the "from A to B" rules do not see.

- "grown, from 15,900 in 2022 to 18,600 this year", "fell from 210 last year to 85 this year": each end of the
  change carries its own time, which labels its bar;
- "an average of 320 faulty lights a month before the switch began; that has dropped to around 90 a month",
  "去年高峰时段平均要排12分钟，……排队时间缩短到4分钟左右", "过去……平均要5个月，今年……缩短到45天": a level said with
  an earlier time, and a later clause whose verb takes it "to" a new level of the same measure;
- the same told over two sentences ("Last year the council spent £2.1 million…. …it expects this year's bill to
  fall to about £1.2 million"): the shot that says the new level shows both (`carried_change`).

Each bar is labelled with the article's own words (its time, or the verb that leads the new level); where the
two figures are not one measure there is no change at all.
"""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.figures import Change, Figure, label_en, label_zh, numbers
from storyboard.sides import time_zh

__all__ = ["carried_change", "dated_changes", "short_subject_en"]

# --- English ---------------------------------------------------------------------------------------------------------

_EN_AMOUNT = r"(?P<cur>[$€£¥])?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s+(?P<mag>million|billion|thousand))?"
_EN_APPROX = r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|just\s+|only\s+|over\s+|under\s+|almost\s+)?"
_EN_MAG = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
_EN_EARLY = (r"in\s+(?:19|20)\d{2}|last\s+(?:year|spring|summer|autumn|winter|month)|a\s+year\s+(?:earlier|ago|before)"
             r"|the\s+year\s+before|(?:two|three|five|ten)\s+years\s+(?:ago|earlier)|previously|at\s+the\s+start"
             r"|before\s+(?:the|it|this|we|they)\b[^,;.]{0,30}")
_EN_LATE = (r"(?:this|last)\s+(?:year|spring|summer|autumn|winter|season)|now|today|so\s+far\s+this\s+year"
            r"|in\s+(?:19|20)\d{2}")
_EN_DATED_FROM_TO = re.compile(
    rf"\bfrom\s+{_EN_APPROX}(?P<a>[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion|thousand))?)"
    rf"(?P<aunit>(?:\s+(?!in\b|last\b|a\b|the\b|to\b)[a-z%][\w%-]*){{0,2}})(?:\s+(?P<aw>{_EN_EARLY}))?\s*,?\s+to\s+"
    rf"{_EN_APPROX}(?P<b>[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s+(?:million|billion|thousand))?)"
    rf"(?P<bunit>(?:\s+(?!in\b|last\b|this\b|now\b|today\b|so\b)[a-z%][\w%-]*){{0,2}})(?:\s+(?P<bw>{_EN_LATE}))?\b",
    re.IGNORECASE)
_EN_TO_VERB = re.compile(r"\b(?P<verb>(?:fallen|fell|fall|falls|falling|dropped|drop|drops|declined|decline|shrunk|"
                         r"shrank|shrink|come\s+down|came\s+down|gone\s+down|went\s+down|been\s+cut|been\s+reduced|"
                         r"risen|rose|rise|rises|grown|grew|grow|climbed|climb|increased|increase|gone\s+up|went\s+up|"
                         r"jumped|jump|doubled|cut|reduced|shortened|lengthened)\s+to)\s+" + _EN_APPROX + "$",
                         re.IGNORECASE)
_EN_EARLY_MARK = re.compile(rf"\b(?:{_EN_EARLY})", re.IGNORECASE)
_EN_LATE_MARK = re.compile(r"\b(?:this\s+year|now|today|this\s+spring|this\s+summer|so\s+far\s+this\s+year)\b",
                           re.IGNORECASE)
_EN_PRONOUNS = {"it", "that", "this", "they", "which", "there", "he", "she", "we"}
_EN_TAIL_TIME = re.compile(r"\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|each\s+(?:day|week|month|year)"
                           r"|(?:each|every)\s+(?:morning|evening|night|afternoon)|on\s+average)$", re.IGNORECASE)
_EN_PLACE_PREP = re.compile(r"\s+(?:on|in|at|outside|near|across|along|around|inside|by)\s+[^,;]*$", re.IGNORECASE)


def _en_figure(cur: str, num: str, mag: str, start: int) -> Figure:
    """An English amount as a Figure: "£2.1 million" is written "£2.1", unit "£", its scale 2.1e6."""
    value = float(num.replace(",", ""))
    return Figure(cur + num, value, mag, "", False, cur, value * _EN_MAG.get(mag, 1.0), "", False, start)


def _amount(m: re.Match[str], group: str) -> Figure:
    parts = re.match(r"([$€£¥]?)(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion|thousand))?", m.group(group))
    assert parts is not None
    return _en_figure(parts.group(1), parts.group(2), parts.group(3) or "", m.start(group))


def short_subject_en(prefix: str) -> str:
    """"The average number of cars stopping outside each gate in the morning fell": a subject too long for the
    planner's label, shortened by the time said at its end and by its trailing phrases to at most eight words."""
    label = label_en(prefix, len(prefix))
    if label:
        return label
    words = re.findall(r"[A-Za-z][\w'’-]*", prefix)
    if len(words) < 3:
        return ""
    words = words[:-1]  # the verb of change
    while words and words[-1].lower() in ("has", "have", "had", "also", "been", "is", "was", "now", "since"):
        words = words[:-1]
    while words and words[0].lower() in ("the", "a", "an", "and", "but", "so"):
        words = words[1:]
    phrase = " ".join(words)
    phrase = _EN_TAIL_TIME.sub("", phrase)
    while len(phrase.split()) > 8 and _EN_PLACE_PREP.search(phrase):  # "…buses running late on the ring road"
        phrase = _EN_PLACE_PREP.sub("", phrase, count=1)
    words = phrase.split()
    if not words or words[0].lower() in _EN_PRONOUNS or len(words) > 8:
        return ""
    return phrase if re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", prefix) else ""


def _dated_from_to_en(text: str, done: set[int]) -> list[Change]:
    out: list[Change] = []
    for m in _EN_DATED_FROM_TO.finditer(text):
        if m.start("a") in done or m.start("b") in done or _EN_SPREAD.search(text[max(0, m.start() - 30):m.start()]):
            continue
        a, b = _amount(m, "a"), _amount(m, "b")
        aunit, bunit = m.group("aunit").strip(), m.group("bunit").strip()
        if (a.measure != b.measure) or (aunit and bunit and aunit.lower() != bunit.lower()):
            continue
        unit = " ".join(u for u in (a.unit, aunit or bunit) if u)
        clause_start = max(text.rfind(c, 0, m.start()) for c in ",;.\n") + 1
        prefix = text[clause_start:m.start()]
        label = short_subject_en(prefix) if prefix.strip() else _previous_clause_subject(text, clause_start)
        if not label:
            continue
        dated = bool(m.group("aw"))  # undated: the bars are told apart by "from" and "to" (change_words)
        a = a._replace(unit=unit, when=_clean(m.group("aw") or ""))
        b = b._replace(unit=unit, when=_clean(m.group("bw") or "to") if dated else "")
        out.append(Change(label, a, b))
    return out


def _previous_clause_subject(text: str, clause_start: int) -> str:
    """"The city's register of licensed dogs has also grown, from…": the clause before names what changed."""
    if clause_start < 1 or text[clause_start - 1] != ",":
        return ""
    prev_start = max(text.rfind(c, 0, clause_start - 1) for c in ",;.:!?\n") + 1
    return short_subject_en(text[prev_start:clause_start - 1])


def _clean(when: str) -> str:
    """"in 2022" → "2022": a bar's time as the article writes it, without the preposition that joins it."""
    return re.sub(r"^in\s+(?=(?:19|20)\d{2}$)", "", re.sub(r"\s+", " ", when.strip()), flags=re.IGNORECASE)


_EN_SPREAD = re.compile(r"\b(?:rang\w*|var\w*|spann?\w*|spread|between)\s+(?:\w+\s+)?$", re.IGNORECASE)


_EN_AFTER_UNIT = re.compile(r"(?P<unit>(?:\s+(?!a\b|an\b|per\b|before\b|last\b|in\b|this\b|now\b|on\b|for\b|to\b|"
                            r"and\b|but\b|that\b|it\b)[a-z][\w-]*){0,2})(?P<rate>\s+(?:a|an|per)\s+(?:day|week|month|year|night))?"
                            r"(?=\W|$)", re.IGNORECASE)


def _earlier_then_to_en(text: str, done: set[int], *, across: bool) -> list[Change]:
    """A level said with an earlier time, then a later clause taking it "to" another ("that has dropped to
    around 90 a month"); `across` lets the later clause be the next sentence."""
    amounts = [m for m in re.finditer(_EN_AMOUNT, text) if not re.fullmatch(r"(?:19|20)\d{2}", m.group(0))]
    out: list[Change] = []
    for k, mb in enumerate(amounts):
        verb = _EN_TO_VERB.search(text[:mb.start()])
        if verb is None or k == 0:
            continue
        ma = amounts[k - 1]
        between = text[ma.end():mb.start()]
        if ma.start() in done or mb.start() in done or re.search(r"\bfrom\b", between) or not re.search(
                r"[;,.]", between) or (not across and re.search(r"[.!?]\s", between)) or re.search(
                r"[.!?]\s.*[.!?]\s", between):
            continue
        a_start = max(text.rfind(c, 0, ma.start()) for c in ";.!?\n") + 1
        a_end = min((i for i in (text.find(c, ma.end()) for c in ";.!?,") if i >= 0), default=len(text))
        early = _EN_EARLY_MARK.search(text[a_start:a_end])
        if early is None or _EN_LATE_MARK.search(text[a_start:ma.start()]):
            continue
        a, b = _figure(ma), _figure(mb)
        if sum(_figure(m).measure == a.measure for m in amounts) > 2 and not across:
            continue  # three or more levels of one measure: a series, which says more than two bars
        ua, ub = _EN_AFTER_UNIT.match(text, ma.end()), _EN_AFTER_UNIT.match(text, mb.end())
        a_unit, a_rate = (ua.group("unit").strip(), (ua.group("rate") or "").strip()) if ua else ("", "")
        b_unit, b_rate = (ub.group("unit").strip(), (ub.group("rate") or "").strip()) if ub else ("", "")
        if a.measure != b.measure or (b_unit and b_unit.lower() != a_unit.lower()) or (b_rate and b_rate != a_rate):
            continue
        unit = " ".join(u for u in (a.unit, a_unit, a_rate) if u)
        b_clause = text[max(text.rfind(c, 0, mb.start()) for c in ";.!?,\n") + 1:mb.start()]
        late = _EN_LATE_MARK.search(b_clause) or _EN_LATE_MARK.search(text[mb.end():mb.end() + 20])
        counted = a_unit if a_unit.endswith("s") and a_unit.split()[-1].lower() not in _EN_MEASURE_WORDS else ""
        title = counted or _noun_before_verb(text[:verb.start()]) or label_en(text[a_start:ma.start()],
                                                                                ma.start() - a_start)
        a = a._replace(unit=unit, when=_clean(early.group(0)), label=title)
        to = re.sub(r"^been\s+", "", verb.group("verb"))  # "it has since been cut to": "cut to"
        b = b._replace(unit=unit, when=_clean(re.sub(r"'s$", "", late.group(0)) if late else to))
        if a.when.lower() != b.when.lower():
            out.append(Change(title, a, b))
    return out


def _figure(m: re.Match[str]) -> Figure:
    return _en_figure(m.group("cur") or "", m.group("num"), m.group("mag") or "", m.start())


def _noun_before_verb(head: str) -> str:
    """"it expects this year's bill to fall": the noun whose level the verb changes ("bill")."""
    m = re.search(r"(?P<n>[a-z]+)\s+(?:(?:is|are|was|were|will|would|should|could|to|has|have|had)\s+)*"
                  r"(?:been\s+|also\s+)?$", head)
    n = m.group("n") if m else ""
    return n if n and n not in _EN_PRONOUNS | _EN_NOT_NOUN and len(n) > 2 else ""


_EN_NOT_NOUN = {"and", "but", "has", "have", "also", "since", "already", "now", "further", "then", "expected"}
_EN_MEASURE_WORDS = {"days", "weeks", "months", "years", "hours", "minutes", "seconds", "percent", "watts", "times"}


# --- Chinese ---------------------------------------------------------------------------------------------------------

_ZH_TO = re.compile(r"(?P<verb>(?:缩短|下降|减少|降低|压缩|回落|提高|增加|上升|增长|延长|提升|扩大|上涨|攀升|跌|"
                    r"降|减|涨|升|增)了?[到至]|(?:已经?|则|就|更)?(?:达到了?|突破了?))(?:约|近|大约|将近|不到|超过)?$")
_ZH_WORKS = r"(?:改造|试点|整治|实施|开通|调整|升级|扩建|翻新|装修|上线|启用|改建|搬迁|施工|提速|改革)"
_ZH_EARLY = re.compile(rf"{_ZH_WORKS}之?前|"
                       r"过去|以前|以往|此前|之前|原来|原先|早先|从前|去年|前年|(?:19|20)\d{2}年|"
                       r"最初|起初|当初|初期|之初|刚(?:开通|开业|开放|启用|上线)|(?:第一|首|头一?)个?(?:月|周|年|季度|天)")
_ZH_LATE = re.compile(rf"{_ZH_WORKS}之?后|"
                      r"今年|现在|如今|目前|眼下|最近|近期|年底|年末|月底|到[一二三四五六七八九十\d]{1,2}月")
_ZH_DAYS = {"分钟": 1 / 1440, "小时": 1 / 24, "天": 1, "周": 7, "个月": 30, "月": 30, "年": 365}


def _zh_days(f: Figure) -> float | None:
    per = _ZH_DAYS.get(f.unit)
    return f.value * per if per else None


def _whole_time(text: str, said: str) -> str:
    """The whole time a time word opens ("去年" in "去年三月，…" is 去年三月), so a pair reads 去年三月 / 今年十月."""
    whole = time_zh(text)
    return whole if whole.startswith(said) else said


def _earlier_then_to_zh(text: str, done: set[int], *, across: bool) -> list[Change]:
    found = numbers(text, "zh")
    out: list[Change] = []
    for k, b in enumerate(found):
        verb = _ZH_TO.search(text[:b.start])
        if verb is None or k == 0:
            continue
        # "改造前…等9分钟；改造后厕位增加了一半，等候时间缩短到3分钟": the level before, past a share between them
        # (a share or multiple is another thing's change; a span of time there is a period, so no skip past it)
        a = next((f for f in reversed(found[:k]) if f.measure not in ("share", "倍", "成")
                  and f.unit not in ("%", "倍", "成")), found[k - 1])
        between = text[a.start + len(a.written) + len(a.unit):b.start]
        if a.start in done or b.start in done or re.search(r"[从由]", between) or not re.search(
                r"[，。；]", between) or (not across and "。" in between) or between.count("。") > 1:
            continue
        a_start = max(text.rfind(c, 0, a.start) for c in "，。；！？\n") + 1
        part_start = max(text.rfind(c, 0, a.start) for c in "。；！？\n") + 1  # "改造前，…平均要等9分钟"
        early = _ZH_EARLY.search(text[a_start:a.start]) or (_ZH_EARLY.match(a.when) if a.when else None) or \
            _ZH_EARLY.match(text[part_start:a.start])
        if early is None:
            continue
        if sum(f.measure == a.measure for f in found) > 2:
            continue  # "改造前…3200人次，…升到4500人次，今年5月…5100人次": the series says more than two bars
        if a.measure == b.measure:
            pair = (a, b)
        else:
            da, db = _zh_days(a), _zh_days(b)
            if da is None or db is None:
                continue
            pair = (a._replace(scale=da), b._replace(scale=db))
        late = _ZH_LATE.search(between)
        b_start = max(text.rfind(c, 0, b.start) for c in "，。；！？\n") + 1
        title = b.label or label_zh(text[b_start:verb.start()], verb.start() - b_start) or a.label
        title = a.label if title and title in verb.group(0) else title  # "如今已突破八百人": 突破 is no name
        if not title and not late:
            continue  # bars told apart by times (过去 / 今年) say what changed without a title; "降到" alone does not
        said_early = _whole_time(text[part_start:a.start], early.group(0))
        out.append(Change(title, pair[0]._replace(when=said_early, change=""),
                          pair[1]._replace(when=_whole_time(between, late.group(0)) if late else verb.group("verb"),
                                           change="")))
    return out


# --- both ------------------------------------------------------------------------------------------------------------


def dated_changes(text: str, language: Language, done: set[int]) -> list[Change]:
    """The changes of this module within one sentence; `done` are the starts of figures already in a change."""
    if language == "zh":
        return _earlier_then_to_zh(text, done, across=False)
    out = _dated_from_to_en(text, done)
    return out + _earlier_then_to_en(text, done | {c.before.start for c in out}, across=False)


def carried_change(narration: str, article_text: str, language: Language) -> Change | None:
    """The change whose new level this shot says and whose old level the sentence before it said ("Last year the
    council spent £2.1 million…" | "…expects this year's bill to fall to about £1.2 million")."""
    told = narration.strip()
    if article_text.find(told) < 0:  # a shot that runs on into the next paragraph: its first sentence
        told = re.split(r"(?<=[。！？])" if language == "zh" else r"(?<=[.!?])\s+", told)[0]
    at = article_text.find(told)
    if at <= 0:
        return None
    ends = re.compile(r"[。！？；\n]" if language == "zh" else r"[.!?](?=\s)|\n")  # "£2.1 million" ends nothing
    prev_end = max((m.start() for m in ends.finditer(article_text, 0, at)), default=-1)
    if prev_end < 0 or article_text[prev_end + 1:at].strip():
        return None  # the shot does not open a sentence: its own sentence's changes are found without help
    prev_start = max((m.start() for m in ends.finditer(article_text, 0, prev_end)), default=-1) + 1
    joined = article_text[prev_start:at + len(told)]
    offset = at - prev_start
    finder = _earlier_then_to_zh if language == "zh" else _earlier_then_to_en
    return next((c for c in finder(joined, set(), across=True) if c.before.start < offset <= c.after.start), None)
