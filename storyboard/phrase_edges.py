"""Where an on-screen key phrase may not begin or end, so that it is never a fragment: not on a verb whose object
is left out ("county council is replacing | all 14,200"), not on an adjective before its noun ("took the largest |
share"), not on a count's noun without its count ("three | dogs at a time", "£1.8 million | comes from"), not on a
participle without its subject ("have been | changed so far"), and in Chinese not on a frame cut from its 在/对
("在…科长刘志强看来").
"""

from __future__ import annotations

import re

from storyboard.segment import EN_STOPWORDS, wordset

__all__ = ["bad_start_en", "bad_end_en", "bad_end_zh", "bad_span_en", "bad_start_zh", "cuts_word_zh", "cuts_count_zh"]

_OBJECT_LEADS = wordset("a an the all its their his her our this these those some every each")
_AUXILIARIES = wordset("be been being is are was were has have had will would can could may might must")
_COUNT_WORDS = wordset("one two three four five six seven eight nine ten eleven twelve twenty thirty "
                       "forty fifty hundred hundreds thousand thousands million millions billion "
                       "billions dozen dozens")
_TAKES = wordset("took take takes spent spend spends paid pay pays bought buy buys needs need needed has have had "
                 "gets get got includes include included replaced replaces replace costs cost")
_TIME_UNITS = wordset("year years month months week weeks day days hour hours night nights")
_EN_GRADED = re.compile(r"^(?:[a-z]+est|most|least|more|less|main|biggest|largest|new|old|first|last|next)$")


def _numeric(word: str) -> bool:
    return bool(re.match(r"[$€£¥]?\d", word)) or word in _COUNT_WORDS


def bad_start_en(words: list[str], a: int) -> bool:
    """words (lower case) may not start a phrase at a: right after a count, or a participle after its auxiliary."""
    prev = words[a - 1] if a else ""
    w = words[a]
    if re.match(r"[$€£¥]?\d", prev) or prev in ("million", "billion", "thousand", "millions", "billions"):
        return True  # "£1.8 million | comes from", "2:45" cut to "45": a phrase that opens inside a figure
    if prev in ("and", "or") and a > 1 and words[a - 2] not in EN_STOPWORDS:
        return True  # "Fencing and | gates took…": one name of two joined by "and"
    if prev in ("a", "an", "per") and w in _TIME_UNITS:
        return True  # "twice a | year costs £4": the rate cut from its figure
    if prev in ("last", "next", "this", "every", "each"):
        return True  # "Last | year the council…": the time phrase cut
    return prev in _AUXILIARIES and bool(re.search(r"(?:ed|en)$", w))


_GOES_ON = frozenset(["began", "begin", "begins", "start", "started", "starts", "stopped", "stop", "stops", "kept",
                     "keep", "keeps", "continued", "continue", "continues", "finished", "resumed"])
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"])


def bad_end_en(words: list[str], b: int) -> bool:
    """A phrase words[:b] may not end on a verb whose object follows, nor on a graded adjective before its noun."""
    if b >= len(words):
        return False
    last, nxt = words[b - 1], words[b]
    ing = last.endswith("ing")
    if (ing or last in _TAKES) and (nxt in _OBJECT_LEADS or _numeric(nxt)):
        return True  # "is replacing | all 14,200", "took | the largest share"
    if ing and nxt in ("from", "to", "into"):
        return True  # "sites ranging | from £85,000"
    if (ing and b >= 2 and words[b - 2] in _GOES_ON) or last in _GOES_ON:
        return True  # "Library began (opening) | until 9 pm", "crews kept filling | potholes": the verb's rest is after
    if nxt in _SPAN_ENDS and (last in _TIME_UNITS or last in _MORE_TIME_UNITS or _numeric(last)):
        return True  # "a letter sent a fortnight | later", "built 40 years | ago", "a boy eight years | old"
    if last in _MONTHS and _numeric(nxt):
        return True  # "on November | 28": a date cut in two
    if _numeric(last) and (nxt in _COUNT_WORDS or words[b - 2] == "from" or (
            last[:1] not in "$€£¥" and (nxt not in EN_STOPWORDS or nxt == "of"))):
        return True  # "£2.1 | million", "from $160,000 | in 2020", "need 64 | lifeguards", "all 14,200 | of its…"
    if nxt in _DETERMINERS:
        return True  # "Trust laid | a new bed", "Halsey heard | the plans": a word before "the"/"a" is a verb or a
        # preposition whose object is cut off
    if last in _EN_PREPOSITIONS or last in _MORE_PREPOSITIONS:
        return True  # "a caddy that sits beside | the sink"
    if b >= 2 and words[b - 2] in ("a", "an", "the") and nxt not in EN_STOPWORDS and not _numeric(nxt) and \
            not nxt.endswith(("ed", "s")):
        return True  # "tells a clear | story", "climbs the fire | escape": a modifier cut from its noun
    if b >= 2 and words[b - 2] in ("that", "which", "who") and b < len(words):
        return True  # "a caddy that sits | beside the sink": a relative clause cut after its verb
    if last in _EN_APPROX and _numeric(nxt):
        return True  # "crews have roughly | 900 km": the approximation without its figure
    if (last in _AUXILIARIES or last in _TAKES or last in _SAYS) and not (b >= 2 and words[b - 2] in _OBJECT_LEADS):
        return True  # "installation costs | between…", "homes had | an…": the verb's rest follows ("the cost": a noun)
    return bool(_EN_GRADED.match(last)) and nxt not in EN_STOPWORDS


_SPAN_ENDS = wordset("later ago earlier old long apart away afterwards before after running late early")
_MORE_TIME_UNITS = wordset("fortnight fortnights decade decades century centuries minute minutes second seconds "
                           "weekend weekends term terms season seasons")
_DETERMINERS = wordset("the a an its their his her our this these those every each")
_MORE_PREPOSITIONS = wordset("beside between behind above below along around past toward towards within without "
                             "inside outside beneath underneath beyond")
_EN_APPROX = wordset("about around nearly almost roughly approximately some over under just only barely")
_SAYS = wordset("said says say told tells reported reports showed shows found finds")
_EN_PREPOSITIONS = wordset("in of at on from with by for to into across among near")
_FINITE = _AUXILIARIES | _TAKES | _SAYS | wordset("do does did")


_RELATIVES = wordset("that which who whom whose")


def bad_span_en(words: list[str], a: int, b: int) -> bool:
    """A phrase that opens on (or inside) a preposition's object and runs on into the clause's verb makes that object
    its subject: "only 84 homes in | Millbrook had a heat pump" reads "Millbrook had a heat pump", which the article
    never said."""
    if not any(w in _FINITE for w in words[a:b]):
        return False
    # "households that installed a | pump last year found…", "residents who bought a | bike … said": the object of a
    # relative clause's verb, run on into the main clause's verb, becomes its subject
    lead = words[max(0, a - 4):a]
    for k, w in enumerate(lead):
        if w in _RELATIVES and k + 1 < len(lead) and (lead[k + 1] in _TAKES or lead[k + 1].endswith("ed")) and \
                all(x in _OBJECT_LEADS for x in lead[k + 2:]):
            return True
    for k in range(a - 1, max(-1, a - 4), -1):  # "companies with customer-facing | staff found…": still its object
        if words[k] in _EN_PREPOSITIONS:
            return True
        if words[k] in _FINITE or (words[k] in EN_STOPWORDS and words[k] not in _OBJECT_LEADS):
            return False
    return False


_ZH_FRAME_END = re.compile(r"(?:看来|来看|来说|而言|为例|眼里|眼中|心里)$")
# words whose verb or object follows: a phrase never ends on one ("路过时会 | 顺手投进去"); whole jieba words, so that
# 社会, 功能, 重要 and 现在 (which end in the same characters) stay good ends
_ZH_MODAL_END = wordset("会 能 要 将 可以 可能 应该 应当 需要 得 把 被 让 给 对 向 从 在 "
                        "已经 正在 正 还 就 都 也 又 才 不 没有 没 是 "
                        "很难 难以 无法 打算 准备 开始 继续 还会 都能 时会")
_ZH_APPROX_END = re.compile(r"(?:将近|接近|大约|约|近|超过|不到|多达|高达|只有|仅)$")


# A one-character noun, suffix or measure word glued to the word before it finishes that word (杨柳|村, 回收|箱,
# 光伏|板, 5号|线): jieba splits them, a phrase may not.
_ZH_GLUED = frozenset(("n", "ng", "zg", "q", "k", "ns"))
_ZH_LOOSE = frozenset(("uj", "ul", "uz", "ug", "uv", "p", "c", "d", "m", "r", "x"))


def cuts_word_zh(run: list[tuple[str, str]], b: int) -> bool:
    """Whether a phrase ending at run[b] would end inside a compound or name ("走进城西镇杨柳" for 杨柳村)."""
    if b >= len(run) or b == 0:
        return False
    if run[b - 1][0] in _ZH_MODAL_END:
        return True  # "路过时会 | 顺手投进去", "老小区里很难 | 找到": the verb it leads is cut off
    if run[b][0][:1] == "得" and run[b][1] in ("ud", "uv", "u"):
        return True  # "活动室里总是坐 | 得满满当当", "队员们跑 | 得很快": a verb cut from how it went
    if _ZH_BINDS_FIGURE.search(run[b - 1][0]) and re.match(r"[\d零〇一二两三四五六七八九十百千万]", run[b][0]):
        return True  # "课程共 | 12节", "累计 | 3000人", "高达 | 九成": the word that binds a figure, without it
    if _glued(run, b) and run[b - 1][1] not in _ZH_LOOSE:
        return True
    # "绿色旧衣|回收箱": a noun before a compound noun (回收+箱) is that compound's modifier, not the phrase's head
    return b + 1 < len(run) and _glued(run, b + 1) and run[b][1] not in _ZH_LOOSE and run[b - 1][1].startswith("n")


_ZH_BINDS_FIGURE = re.compile(r"^(?:共|共计|总共|一共|合计|总计|累计|达|高达|多达|达到|逾|超|足足|整整|仅仅|只|仅|"
                              r"约|近)$")
# a numeral with its measure word: what it counts is the noun the measure word governs
_ZH_COUNT = re.compile(r"[\d零〇一二两三四五六七八九十百千万]+多?[个名位座家条辆起件项次种所只台本张户间场批辆]$")


def cuts_count_zh(run: list[tuple[str, str]], a: int, b: int, after: str) -> bool:
    """"本市已出现十一个最高气温 | 超过35℃的高温日": a phrase with a count whose counted noun comes after a clause and
    的 ends inside that noun phrase, and pins the count on the wrong noun (11 temperatures). Likewise "已有三百多名 |
    报名参加的老人", "共发生五起 | 涉及电动车的火灾". `after` is the narration's text after the phrase."""
    counts = [k for k in range(a, b) if _ZH_COUNT.search(run[k][0]) or (
        run[k][1] == "m" and k + 1 < len(run) and run[k + 1][1] == "q")]
    if not counts or any(run[k][1] == "uj" for k in range(counts[-1], b)):
        return False
    clause = re.split(r"[，,。；;！？!?：:、]", after, maxsplit=1)[0]
    return bool(re.search(r"的[\u4e00-\u9fff]", clause[:16]))


_ZH_DEGREE = wordset("总是 总 常常 经常 往往 很 最 太 更 非常 特别 十分 比较 越来越 也 都 还 就 才 不")


def bad_start_zh(run: list[tuple[str, str]], a: int) -> bool:
    """"很|难找到一个空位": a phrase never opens right after the adverb that qualifies its first word."""
    # "坐得 | 满满当当": nor on the complement cut from its verb and 得
    return a > 0 and (run[a - 1][0] in _ZH_DEGREE or run[a - 1][0] == "得" and run[a - 1][1] in ("ud", "uv", "u"))


def _glued(run: list[tuple[str, str]], k: int) -> bool:
    word, flag = run[k]
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and flag in _ZH_GLUED


def bad_end_zh(text: str) -> bool:
    """"建筑改造科科长刘志强看来": a frame (在…看来, 对…来说) without its opening word says nothing."""
    if re.search(r"(?:很难|难以|无法|不能|不会)$", text):
        return True  # "老小区里很难 | 找到一个空车位": what is hard is cut off
    if _ZH_APPROX_END.search(text):
        return True  # "月租便宜将近 | 一半": the approximation without its figure
    return bool(_ZH_FRAME_END.search(text)) and not re.match(r"^(?:在|对|从|以|拿)", text)
