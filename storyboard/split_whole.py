"""A whole split into parts, however the article words it: shares that add up to all of something ("45% of
visitors were students, 30% were working adults, …, and the remaining 10% were retirees"; "家长缴费约占四成，区财政
补贴约占五成，剩下一成来自社会捐赠"; 六成 beside 百分之二十五 and 百分之十五), or sums that add up to a total said
just before them ("The programme costs £1.8 million. About £1.1 million pays for planting; £500,000 covers
watering; and £200,000 goes on outreach"). The test is the arithmetic, not the phrasing: parts that add up to
their whole are drawn together as one chart, so that no shot shows one share alone or a clause as a label.
`split_around` finds the breakdown a shot tells part of, in the paragraph around it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, is_verb_en, numbers
from storyboard.segment import EN_STOPWORDS, cjk_count

__all__ = ["split_whole", "split_around"]

_CURRENCY = "$€£¥"
_EN_BOUND = re.compile(r"[.;:!?](?:\s+|$)|(?<!\d),\s*|,(?!\d{3}(?!\d))\s*|\s+(?:while|whereas|but)\s+"
                       r"|\s+and\s+(?=[^,;:]*?\d)")
_ZH_BOUND = re.compile(r"[，,；;。！？：:]")
# the verb that links a part's figure to its name: "were working adults", "goes on labour", "pays for planting"
_EN_OF = re.compile(r"^of\s+(?:the\s+)?(?P<of>[\w\s'’-]{2,40}?)\s+(?=(?:is|are|was|were)\b)", re.IGNORECASE)
_EN_LINK = re.compile(r"^(?:(?:is|are|was|were|will\s+be|came|comes|come|goes|go|went|is\s+spent|was\s+spent|"
                      r"are\s+spent|spent|pays?|paid|covers?|covered|funds?|funded|buys?|bought|is\s+going|"
                      r"are\s+going|is\s+coming)\b)?\s*(?:(?:from|on|for|to|towards|into|by)\b)?\s*"
                      r"(?:(?:the|a|an|its|their)\s+)?", re.IGNORECASE)
# where a part's name ends: "materials such as asphalt", "watering and care for the first three summers"
_EN_NAME_END = re.compile(r"\s+(?:such|including|for|with|that|which|who|using|in|at|from|to|by|like|over|"
                          r"under|during|across|per|each|a|an|the)\b.*$|[,(].*$", re.IGNORECASE)
_EN_TAKES = (r"\s+(?:cost|costs|took|takes|accounted\s+for|accounts\s+for|account\s+for|made\s+up|makes\s+up|"
             r"make\s+up|take\s+up|takes\s+up|took\s+up|came\s+to|comes\s+to|got|gets|received|receives)"
             r"(?:\s+(?:about|around|nearly|roughly|some|another|the\s+rest|a\s+further|just|over|under|almost|"
             r"more\s+than|less\s+than))*\s*[$€£¥]?$")
_EN_BEFORE = re.compile(r"(?P<what>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3})" + _EN_TAKES, re.IGNORECASE)
# the whole clause before the verb, when it is short: "building work outside permitted hours made up 18%"
_EN_BEFORE_WHOLE = re.compile(r"^(?:and\s+|while\s+)?(?P<what>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,5})"
                              + _EN_TAKES, re.IGNORECASE)
_EN_GAP_TAIL = re.compile(r"\s*(?:\b(?:for|at|on|with|by)\s+)?(?:\b(?:the|a)\s+)?(?:\b(?:other|remaining|last|final|"
                          r"rest|another|further)\s+)?(?:\b(?:about|around|nearly|roughly|some|just)\s+)?[$€£¥]?$",
                          re.IGNORECASE)
_W = r"[a-z][\w'’-]*"
# a part named before its figure: up to three words, or two names of up to two words joined by "and" ("insurance and
# league affiliation £14")
_EN_BARE = re.compile(rf"^(?:and\s+|while\s+|with\s+)?(?P<what>{_W}(?:\s+{_W})?\s+and(?:\s+{_W}){{1,2}}"
                      rf"|{_W}(?:\s+{_W}){{0,2}})$", re.IGNORECASE)
_EN_APPROX = re.compile(r"^(?:(?:and|but|while|with|about|around|nearly|almost|roughly|some|just|over|under|the|"
                        r"remaining|rest|another|a|further|final|last|other|only)\s+)*$", re.IGNORECASE)
_ZH_LEAD = re.compile(r"^(?:其中|另外|此外|还有|而|和|以及|及|再加上|加上|剩下的?|剩余的?|其余的?|余下的?|另有)+")
_ZH_TAIL = re.compile(r"(?:约占|大约占|占到?了?|约为|为|是|有|达到?|约|大约|近|将近|接近|左右)+$")
_ZH_AFTER = re.compile(r"^(?:左右)?(?:来自|来源于|用于|用在|花在|投向|归|给|由)(?P<who>[\u4e00-\u9fff]{2,10}?)"
                       r"(?:承担|支付|出资|负担|提供)?$")
_OPENS = re.compile(r"其中|这其中|当中|\b(?:of\s+(?:that|this|which|it|the\s+total))\b", re.IGNORECASE)
_ZH_SHARE_OF = re.compile(r"(?:约|大约)?占(?:到)?[\u4e00-\u9fff]{1,8}的$")
_ZH_REST = re.compile(r"(?:剩下|剩余|其余|余下|另外|其他)的?$")


_TIME = re.compile(r"今年|去年|前年|明年|以前|过去|现在|如今|目前|[年月]|季度|\b(?:year|month|week|quarter|today|now|"
                   r"then|before|after|since|(?:19|20)\d{2})\b", re.IGNORECASE)
_TOTAL = re.compile(r"合计|共计|总计|一共|总共|加起来|\b(?:in\s+(?:all|total)|total(?:led|ling)?|altogether|"
                    r"combined|overall)\b", re.IGNORECASE)
_FUNCTION = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by", "from", "that",
             "this", "which", "who", "is", "are", "was", "were", "it", "its", "their", "but", "as"}


class _Part(NamedTuple):
    figure: Figure
    name: str
    amount: float  # a share as a fraction of one, or a sum in its currency


def share_of(f: Figure) -> float | None:
    """A share as a fraction of one (38 %, 四成, a share word), or None for any other figure."""
    if f.measure == "%" or f.unit in ("%", "％"):
        return f.value / 100
    if f.measure == "share":
        return f.value
    if f.unit.startswith("成"):
        return f.value / 10
    return None


def _kind(f: Figure) -> tuple[str, float] | None:
    """What a figure is an amount of, comparable across phrasings (六成 and 百分之二十五 are both shares)."""
    if f.change or f.per or f.each == "item":
        return None  # a change, a rate or one item's figure (平均每座35万元) is no part of a sum
    share = share_of(f)
    if share is not None:
        return "share", share
    if f.measure[:1] and f.measure[0] in _CURRENCY:
        return f.measure[0], f.scale
    if f.measure == "元":
        return "元", f.scale
    return None


def _bounds(text: str, language: Language) -> list[re.Match[str]]:
    """Clause edges. An "and" is one only after a figure of its own clause: in "kit and equipment £18" it joins
    the two words of one part's name, which a label must keep whole."""
    out: list[re.Match[str]] = []
    for m in (_ZH_BOUND if language == "zh" else _EN_BOUND).finditer(text):
        since = out[-1].end() if out else 0
        if m.group().strip().lower() == "and" and not re.search(r"\d", text[since:m.start()]):
            continue
        out.append(m)
    return out


def _clause(text: str, f: Figure, language: Language) -> tuple[int, int]:
    bounds = _bounds(text, language)
    start = max((m.end() for m in bounds if m.end() <= f.start), default=0)  # lookaheads see on
    nxt = next((m for m in bounds if m.start() >= f.start + len(f.written)), None)
    return start, nxt.start() if nxt else len(text)


def _name_en(text: str, f: Figure, start: int, end: int) -> tuple[str, str]:
    """A part's name and the whole a share is "of": the words after its figure less the linking verb, else the
    words before it that a verb like "cost" joins to it."""
    after = text[f.start + len(f.written):end]
    after = re.sub(r"^\s*(?:%|percent|per\s+cent|million|billion|m|bn|k)\b", "", after, flags=re.IGNORECASE)
    if f.unit and after.lstrip().lower().startswith(f.unit.lower()):
        after = after.lstrip()[len(f.unit):]
    after = after.strip()
    said_of = _EN_OF.match(after)
    of = said_of.group("of").strip() if said_of else ""
    after = after[said_of.end():] if said_of else after
    link = _EN_LINK.match(after)
    name = ""
    if link and link.end() < len(after):
        name = _EN_NAME_END.sub("", after[link.end():]).strip()
    before = text[start:f.start].strip()
    if not name or not _EN_APPROX.match(before + " " if before else ""):
        # "Wages make up 55% of spending", "buildings 25%", "utilities for the other 15%": the name said first
        whole_after = re.match(r"^of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?P<of>[a-z][\w\s'’-]{1,30})$", after)
        m = _EN_BEFORE_WHOLE.match(before) or _EN_BEFORE.search(before) or \
            _EN_BARE.match(_EN_GAP_TAIL.sub("", before + " ").strip())
        name = _EN_NAME_END.sub("", m.group("what")).strip() if m and (not after or whole_after) else ""
        name = re.sub(r"^(?:and|while|but|the|a|an)\s+", "", name, flags=re.IGNORECASE)
        of = of or (whole_after.group("of").strip() if whole_after and name else "")
    toks = name.split()
    if not 1 <= len(toks) <= 6 or toks[-1].lower() in _FUNCTION or toks[0].lower() in _FUNCTION:
        return "", of
    return name, of


def _name_zh(text: str, f: Figure, start: int, end: int) -> str:
    before = text[start:f.start]
    after = text[f.start + len(f.written) + len(f.unit):end]
    if re.search(r"(?:每|平均|人均|均)[\u4e00-\u9fff]?$", before) or re.match(r"^\s*(?:每|一)", after):
        return ""  # 平均每座35万元, 60元每人: a rate, not a part
    words = _ZH_TAIL.sub("", _ZH_LEAD.sub("", _ZH_SHARE_OF.sub("", before.strip())))  # 人工成本约占总支出的六成
    words = re.sub(r"的$", "", words)  # "支持的占百分之六十五": those who support
    if not words or _ZH_REST.search(before):
        said = re.sub(r"^(?:左右|上下)", "", after.strip())
        reason = re.match(r"(?:因为|由于|因|所以|但|只能|如果)", said)  # 剩下15%因为太破: a reason, not a name
        m = None if reason else _ZH_AFTER.match(after.strip())
        said = "" if reason else re.sub(r"^(?:则是|都是|就是|是|为|属于|用作|用于)", "", said)  # 其余600元是报名费
        words = m.group("who") if m else said if 2 <= cjk_count(said) == len(said) <= 8 else ""  # 其余…表示无所谓
        rest = _ZH_REST.search(before)
        if not words and rest:
            words = rest.group().removesuffix("的")  # "剩下15%因为太破旧": the rest, as the article names it
    if "的" in words and cjk_count(words) > 6:
        words = words.rsplit("的", 1)[1]
    return words if 2 <= cjk_count(words) == len(words) <= 10 else ""


def _adds_up(parts: list[_Part], whole: float | None) -> bool:
    total = sum(p.amount for p in parts)
    if whole is None:
        return False
    return abs(total - whole) <= 0.03 * whole


def split_whole(text: str, language: Language) -> tuple[ChartVisual, list[Figure]] | None:
    got = _split(text, language)
    return (got[0], got[1]) if got else None


def _split(text: str, language: Language) -> tuple[ChartVisual, list[Figure], Figure | None] | None:
    """The first run of two to six named parts of one kind, each in its own clause, that add up to their whole
    (all of it for shares; for sums, a figure of that currency said just before them); with their figures."""
    found = numbers(text, language)
    kinds = [_kind(f) for f in found]
    for i in range(len(found)):
        if kinds[i] is None:
            continue
        kind = kinds[i][0]
        parts: list[_Part] = []
        of = ""
        for j in range(i, len(found)):
            k = kinds[j]
            if k is None or k[0] != kind:
                break
            f = found[j]
            start, end = _clause(text, f, language)
            if parts and start < parts[-1].figure.start + len(parts[-1].figure.written):
                break  # two figures in one clause: a comparison or a range, not two parts
            if language == "zh":
                name = _name_zh(text, f, start, end)
            else:
                name, said_of = _name_en(text, f, start, end)
                of = of or said_of
            if not name and parts and _restated(text, f, start, end, parts[-1], k[1]):
                parts[-1] = parts[-1]._replace(figure=f, amount=k[1])  # "just over half of them, 52%": one share
                continue
            if not name or _TIME.search(name):
                break  # "今年…百分之九十，去年百分之十": one rate at two times, never the parts of one whole
            parts.append(_Part(f, name, k[1]))
        while len(parts) >= 2:
            whole: float | None = 1.0
            title, said = of, None
            if kind == "share" and not title and i > 0 and _kind(found[i - 1]) is not None and \
                    _OPENS.search(text[found[i - 1].start:found[i].start]):
                title, said = _whole_title(text, found[i - 1], language), found[i - 1]  # "总投入…，其中…约占四成"
            if kind == "share" and not title and language == "zh":
                title = _whole_before_zh(text, _clause(text, found[i], language)[0])
            if kind != "share":
                prior = [(g, kinds[n]) for n, g in enumerate(found[max(0, i - 2):i], start=max(0, i - 2))]
                wholes = [(g, kk[1]) for g, kk in prior if kk is not None and kk[0] == kind and
                          not _listed_with(text, g, found[i])]
                match = next(((g, w) for g, w in reversed(wholes) if _adds_up(parts, w)), None)
                k = i + len(parts)  # "…，企业出资50万元，合计500万元", "…, £1.4 million in all": the sum said after
                if match is None and k < len(found) and kinds[k] is not None and kinds[k][0] == kind and \
                        _TOTAL.search(text[slice(*_clause(text, found[k], language))]) and _adds_up(parts, kinds[k][1]):
                    match = (found[k], kinds[k][1])
                whole = match[1] if match else None
                title = _whole_title(text, match[0], language) if match else ""
                said = match[0] if match else None
            names = [p.name.lower() for p in parts]
            if _adds_up(parts, whole) and len(set(names)) == len(names):
                return _chart(parts, title), [p.figure for p in parts], said
            rest = _rest_after(text, parts[-1].figure, language) if len(set(names)) == len(names) else ("", "")
            told = _told_rest(text, found, kinds, i, parts, rest, kind, title, said, language)
            if told is not None:
                return told
            parts.pop()
    return None


_ZH_REST_CLAUSE = re.compile(r"^(?:而|另外)?(?P<rest>(?:剩下|剩余|其余|余下)(?:的部分|部分|的份额)?|其他部分)")
_EN_REST_CLAUSE = re.compile(r"\b(?P<rest>(?:the\s+)?(?:rest|remainder|balance)|(?:the\s+)?remaining\s+"
                             r"(?:share|part|portion|money|sum|amount|cost|costs|spending|ones|"
                             r"(?P<frac>half|third|quarter|fifth|tenth)))\b", re.IGNORECASE)

_EN_REST_IS = re.compile(r"^\s+(?:is|are|was|were|goes\s+on|went\s+on|comes\s+from|came\s+from)\s+"
                         r"(?P<what>[a-z][\w'’-]*(?:\s+(?:and\s+)?[a-z][\w'’-]*){0,2})\s*[.;!?]?\s*$", re.IGNORECASE)


def _rest_after(text: str, f: Figure, language: Language) -> tuple[str, str]:
    """The words naming the rest of the whole in the clause right after a part, when that clause gives it no figure
    ("剩下的部分来自商业照明…", "the remainder covers the licence…", "car alarms … made up the rest"), and the share
    it is when said in words ("the remaining quarter goes on labour": "quarter")."""
    bounds = _bounds(text, language)
    after = next((m for m in bounds if m.start() >= f.start + len(f.written)), None)
    if after is None or re.match(r"[.。!?！？]", after.group()):
        return "", ""  # a rest said in the next sentence may be the rest of something else
    if language == "en":  # "; car alarms, delivery vans and … made up the rest": its commas are a list's
        bounds = list(re.finditer(r"[.;:!?](?:\s+|$)", text))
    nxt = next((m for m in bounds if m.start() >= after.end()), None)
    clause = text[after.end():nxt.start() if nxt else len(text)]
    if language == "zh":
        m = _ZH_REST_CLAUSE.match(clause.strip())
        return (m.group("rest"), "") if m and not re.search(r"\d|[一二三四五六七八九十]成", clause) else ("", "")
    m = _EN_REST_CLAUSE.search(clause)
    if m is None or re.search(r"\d", clause):
        return "", ""
    named = _EN_REST_IS.match(clause[m.end():])  # "the rest is pens": the rest named by what it is
    if m.group("frac"):  # "the remaining quarter goes on labour": a share said in words, named by what it goes on
        return (named.group("what"), m.group("frac")) if named else ("", "")
    return (named.group("what") if named else m.group("rest")), ""


def _restated(text: str, f: Figure, start: int, end: int, last: _Part, amount: float) -> bool:
    """"Amplified music accounted for just over half of the complaints, 52%": a share alone in its clause right
    after a part, of about that part's size, is that part said exactly."""
    alone = re.fullmatch(r"\s*(?:or\s+|about\s+|around\s+|some\s+|约|大约|即)?", text[start:f.start]) and \
        not re.search(r"[A-Za-z\u4e00-\u9fff]{3}", text[f.start + len(f.written):end].replace(f.unit, "", 1))
    return bool(alone) and abs(amount - last.amount) <= 0.05


def _told_rest(text: str, found: list[Figure], kinds: list[tuple[str, float] | None], i: int, parts: list[_Part],
               rest: tuple[str, str], kind: str, title: str, said: Figure | None, language: Language,
               ) -> tuple[ChartVisual, list[Figure], Figure | None] | None:
    """Two or more parts and a rest told with no figure: shares are drawn whole, the rest as a bar of what is left
    named as the article names it (no figure beside it: the article gives none); sums are drawn with the whole they
    come out of as the title ("Of that, about £1,400 goes on lessons and £85 on test fees; the remainder covers…"),
    and no bar for the rest, whose figure the article never says."""
    if not rest[0] or len(parts) < 2:
        return None
    if kind == "share" and any(k is not None and k[0] == kind for k in kinds[:i]):
        return None  # "Umbrellas … a quarter. Phones make up 12%, …": the rest would hold a share said before
    total = sum(p.amount for p in parts)
    figs = [p.figure for p in parts]
    if kind == "share":
        if total > 0.97:
            return None
        bars = [Bar(label=p.name, value=_with_unit(p.figure), number=p.amount) for p in parts]
        bars.append(Bar(label=rest[0], value=rest[1], number=round(1 - total, 4)))
        return ChartVisual(unit="", bars=bars, title=re.sub(r"^在(?=[\u4e00-\u9fff]{2})", "", title)), figs, said
    prior = [g for n, g in enumerate(found[:i]) if kinds[n] is not None and kinds[n][0] == kind and
             kinds[n][1] > total and _OPENS.search(text[g.start:found[i].start])]
    if not prior:
        return None
    whole = prior[-1]
    return _chart(parts, _whole_title(text, whole, language) or title), figs, whole


def _listed_with(text: str, whole: Figure, first: Figure) -> bool:
    """"…开支为例：房租1500元，伙食费1000元，其余500元…": a figure told in the same enumeration as the parts (after the
    colon that opens it, only commas between) is one of them, however the sums fall; never their whole."""
    between = text[whole.start:first.start]
    if re.search(r"[.;。；!?！？]", between):
        return False
    opened = max(text.rfind(":", 0, whole.start), text.rfind("：", 0, whole.start))
    return opened >= 0 and not re.search(r"[.;。；!?！？]", text[opened:whole.start])


def _whole_before_zh(text: str, at: int) -> str:
    """"一吨旧衣里，大约55%…；约30%…": the clause just before the shares names what they are shares of."""
    m = re.search(r"(?:^|[，,；;。！？：:])([\u4e00-\u9fff\d]{2,12}?)(?:里|中|当中|之中)[，,：:]$", text[:at])
    return m.group(1) if m else ""


def _whole_title(text: str, whole: Figure, language: Language) -> str:
    start, _ = _clause(text, whole, language)
    end = whole.start + len(whole.written)
    if language == "zh":
        end += len(whole.unit)
        span = re.sub(r"^(?:以|拿|就|按)(?=[\u4e00-\u9fff])", "", _ZH_LEAD.sub("", text[start:end]).strip())
        after = text[end:_clause(text, whole, language)[1]]
        noun = re.match(r"^([\u4e00-\u9fff]{1,4}?)(?:为例|来说|来看|而言)?$", after)
        span += noun.group(1) if noun else ""  # "以…4600元套餐为例": the whole is the 套餐, not 4600元
        return span if 3 <= cjk_count(span) <= 18 else ""
    if whole.unit and text[end:].startswith(" " + whole.unit):
        end += len(whole.unit) + 1
    return _noun_phrase_en(text, start, whole.start, end, _clause(text, whole, language)[1])


_DETERMINER = re.compile(r"\b(?:the|a|an|its|their|this|that|his|her|our|each)\s", re.IGNORECASE)


def _noun_phrase_en(text: str, start: int, at: int, end: int, clause_end: int) -> str:
    """The whole's title: the noun phrase its figure sits in ("broke down the new £110 fee:" -> "the new £110 fee"),
    from the last determiner before the figure (a verb before it is the clause's, not the whole's name) to the
    noun right after it when nothing but that noun follows in the clause."""
    lead = list(_DETERMINER.finditer(text, start, at))
    if lead:
        start = lead[-1].start()
    noun = re.match(r"\s+([a-z][\w'’-]*)(?:\s+([a-z][\w'’-]*))?", text[end:clause_end])
    words = [w for w in (noun.groups() if noun else ()) if w]
    for w in words:  # "£110 fee:", "£90 ticket goes": the noun the figure qualifies, up to the verb or a small word
        if w.lower() in _FUNCTION | EN_STOPWORDS or is_verb_en(w):
            break
        end = text.index(w, end) + len(w)
    span = text[start:end].strip()
    return span if len(span.split()) <= 7 else ""


def _chart(parts: list[_Part], title: str) -> ChartVisual:
    figs = [p.figure for p in parts]
    one_unit = len({f.unit for f in figs}) == 1
    bars = [Bar(label=p.name, value=p.figure.written if one_unit else _with_unit(p.figure), number=p.amount)
            for p in parts]
    return ChartVisual(unit=figs[0].unit if one_unit else "", bars=bars, title=title)


def _with_unit(f: Figure) -> str:
    if not f.unit or f.unit in ("%", "％"):
        return f.written + f.unit
    sep = "" if re.match(r"[\u4e00-\u9fff]", f.unit) else " "
    return f.written + sep + f.unit


def _paragraph(article_text: str, at: int, end: int) -> tuple[int, int]:
    a = article_text.rfind("\n", 0, at) + 1
    b = article_text.find("\n", end)
    return a, b if b >= 0 else len(article_text)


def split_around(narration: str, article_text: str, language: Language) -> ChartVisual | None:
    """The breakdown of the paragraph this shot is told from, when the shot says one of its parts or the whole
    they add up to: the whole split, never one share of it alone."""
    text = narration.strip()
    at = article_text.find(text)
    if at < 0:
        head, tail = text[:12], text[-12:]
        a = article_text.find(head)
        b = article_text.find(tail, max(a, 0))
        if a < 0 or b < 0:
            return None
        at, end = a, b + len(tail)
    else:
        end = at + len(text)
    p0, p1 = _paragraph(article_text, at, end)
    para = article_text[p0:p1]
    offset = 0
    while para:
        got = _split(para, language)
        if got is None:
            return None
        chart, figs, whole = got
        if any(at <= p0 + offset + f.start < end for f in [*figs, *([whole] if whole else [])]):
            return chart
        last = figs[-1]
        told = p0 + offset + last.start + len(last.written)
        gap = article_text[told:at]
        if told <= at and len(gap) <= 40 and not re.search(r"\d|[.。!?！？](?:\s|$)", gap) and \
                _rest_after(para, last, language)[0]:
            return chart  # "…£85 on test fees;" | "the remainder covers…": the shot that tells the rest shows the whole
        cut = last.start + len(last.written)
        offset, para = offset + cut, para[cut:]
    return None
