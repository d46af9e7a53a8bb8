"""The figures an article states: each number with its whole unit, what it measures, and when.

A figure on screen is only as good as its label, so the label is the grammatical subject or measure of
the number in its own clause ("the number of staff leaving the companies fell by 57 percent" measures
"number of staff leaving the companies", not "companies"); where no subject can be found the label is
empty and the graphic falls back. Units are kept whole: a magnitude and its measure word together
(280万千瓦时, 3 million km), never the magnitude alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reelflow.models import Language
from storyboard.name_numbers import names_en, names_zh, whole_name_zh
from storyboard.segment import EN_STOPWORDS, cjk_count, wordset

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"


def _longest_first(words: frozenset[str]) -> list[str]:
    return sorted(words, key=lambda u: (-len(u), u))


# A unit is a magnitude, a measure word, or both ("万千瓦时", "亿元", "万人次", "million km").
ZH_MAGNITUDES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}
ZH_MEASURES = _longest_first(wordset(
    "分钟 小时 秒钟 秒 天 周 年 个月 月 岁 倍 % ％ 元 块 美元 欧元 个 家 位 名 人 人次 户 份 次 件 种 条 座 "
    "所 辆 台 部 项 分 公斤 千克 斤 吨 度 帧 亩 公顷 公里 千米 米 厘米 平方米 平方公里 立方米 千瓦时 千瓦 兆瓦 瓦 "
    "起 例 场 间 张 本 册 棵 株 只 头 盏 个百分点 百分点 成 届 层 箱 批 ℃ °C °F 摄氏度"))  # temperatures are units
EN_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
EN_MEASURES = _longest_first(wordset(
    "percent % seconds second s minutes minute min hours hour days day weeks week months month years year times x "
    "km kilometres kilometers miles metres meters tonnes tons kg kilograms kwh mwh gwh dollars euros pounds yuan "
    "people members books visitors percentage points litres liters gallons ℃ °C °F"))
# depths and lengths in small units ("once 5 cm of snow has fallen on main roads and 8 cm on side streets")
EN_MEASURES = _longest_first(frozenset(EN_MEASURES) | wordset("cm mm centimetres centimeters millimetres millimeters"))

_ZH_UNIT = (r"(?:个(?:多|半)?(?:小时|月|星期|钟头)"
            rf"|(?:{'|'.join(ZH_MAGNITUDES)})(?:{'|'.join(map(re.escape, ZH_MEASURES))})?"
            rf"|{'|'.join(map(re.escape, ZH_MEASURES))}"
            r"|(?:毫|公)?升(?![到至高级为了值温级格职])"  # 4.8升 is litres; 升到/升至 after a number are verbs
            r")")
_ZH_NUMBER = re.compile(
    rf"(?P<num>\d+(?:[.,]\d+)*|[{_ZH_NUM_CHARS}]{{1,8}})(?P<approx>多|余)?(?P<unit>{_ZH_UNIT})")
_EN_UNIT = (rf"(?:(?:{'|'.join(EN_MAGNITUDES)})(?:\s+(?:{'|'.join(map(re.escape, EN_MEASURES))}))?"
            r"|(?:(?:cubic|square)\s+(?=metres|meters|km|kilometres|miles))?"  # "60 cubic metres" is one unit
            rf"(?:{'|'.join(map(re.escape, EN_MEASURES))}))")
_EN_NUMBER = re.compile(
    rf"(?P<cur>[$€£¥])?(?P<num>\d+(?:[.,]\d+)*)(?:\s*(?P<unit>{_EN_UNIT})(?![\w])"
    r"|\s+(?P<noun>(?:[a-z]{3,}ing\s+)?[a-z]{3,}s)\b)?(?![\w%])", re.IGNORECASE)  # "120 gardening tools"
# A share is one figure, its meaning kept: 三分之一, 六成, 四成半, 一半; "a third", "two in five", "half of".
_ZH_FRACTION = re.compile(rf"(?P<den>\d+|[{_ZH_NUM_CHARS}]{{1,3}})分之(?P<num>\d+(?:\.\d+)?|[{_ZH_NUM_CHARS}]{{1,3}})"
                          r"|(?P<half>一半)")
_EN_SMALL = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10}
_EN_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
             "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "tenth": 10, "tenths": 10}
_EN_FRACTION = re.compile(
    rf"\b(?P<num>{'|'.join(_EN_SMALL)}|\d+)[\s-]+(?P<part>{'|'.join(sorted(_EN_PARTS, key=len, reverse=True))})\b"
    rf"|\b(?P<n>{'|'.join(k for k in _EN_SMALL if len(k) > 2)}|\d+)\s+(?:in|out of)\s+(?:every\s+)?"
    rf"(?P<d>{'|'.join(k for k in _EN_SMALL if len(k) > 2)}|\d+)\b"
    r"|\b(?P<half>half)\s+(?:of\b|the\b|(?:said|say|says|were|are|was|is|had|have|found|reported|agreed|want|"
    r"wanted|would|use|used)\b)", re.IGNORECASE)  # "nearly half said…": the share a survey found
_ZH_FOR_MONTHS = re.compile(r"(?:近|约|个|每|了|过|有|需|要|用|花|历时|耗时)$")  # 历时6月: a duration, not a month
_ZH_APPROX_BEFORE = re.compile(r"(约|大约|近|将近|接近|大概)$")
_ZH_APPROX_AFTER = re.compile(r"^(左右|上下|以上)")

# When a figure holds: a year, "the first year", "last year", "three years ago".
_ZH_WHEN = re.compile(r"((?:19|20)\d{2}年(?:底|初|末|上半年|下半年)?|第[一二三四五六七八九十\d]+年|去年|今年|前年|明年|"
                      r"[一二三四五六七八九十两\d]+年前|开放初期|试点之初)")
_EN_WHEN = re.compile(r"\b(?:in|by|since|until|from)\s+((?:19|20)\d{2})\b|\b(last year|this year|a year earlier)\b",
                      re.IGNORECASE)


# A date said right after an English figure is the figure's own ("$160,000 in 2020", "$1.4 million last year").
_EN_WHEN_AFTER = re.compile(r"^\s+(?:of\s+[a-z]+(?:\s+[a-z]+)?\s+(?=in\s))?"  # "2.3 tonnes of food in 2023"
                            r"(?:in\s+((?:19|20)\d{2})|(last year|this year|a year earlier)"
                            r"|in\s+(?:its|their|the)\s+((?:first|second|third)\s+year))\b(?!\s*[-–])", re.IGNORECASE)


class Figure(NamedTuple):
    """One number as the article writes it. `measure` is the unit without its magnitude and `scale` the value
    with it (3万元: value 3, unit 万元, measure 元, scale 30000), so that figures of one measure compare."""

    written: str
    value: float
    unit: str
    label: str
    approx: bool
    measure: str = ""
    scale: float = 0.0
    when: str = ""
    counted: bool = False  # the unit names what is counted ("48,000 trees"): no label needed
    start: int = 0
    of: str = ""  # the whole a share is part of ("食材占成本的六成": 成本)
    change: str = ""  # "up"/"down": the number is the size of a change ("fell by 45 percent"), not a level
    per: str = ""  # a Chinese rate said before the figure (每月150元: 月, 人均480公斤: 人均): what one value is per
    part: bool = False  # a part of a figure said before it ("$6 million of that", 其中600万元): no rival bar
    each: str = ""  # "item": one item's figure (每座, 每条, "each"); "total": all items' (合计, 全区, "in total")


# A change by N, not a level: "fell by 45 percent", "cut costs by a fifth", "rose 12 percent", "下降约40%",
# "减少了30人". A verb followed by 到/至/"to" names the level it reached and is not one.
_DOWN_STEMS = ("fell", "fall", "drop", "declin", "decreas", "reduc", "lower", "cut", "shrank", "shrink", "shrunk",
               "slash", "trim", "halv", "shorten", "narrow", "dipp", "dip", "slid", "slip", "plung", "sank", "sink",
               "down")
_UP_STEMS = ("rose", "rise", "risen", "grew", "grow", "increas", "climb", "jump", "doubl", "tripl", "boost",
             "rais", "lift", "expand", "extend", "widen", "gain", "hik", "bump", "soar", "up")
_EN_APPROX = r"(?:about|around|nearly|almost|roughly|some|more\s+than|over|close\s+to|just\s+over|only)\s+"
_EN_CHANGE_BY = re.compile(rf"\b(?P<verb>(?:[a-z]+\s+){{1,5}})by\s+(?:{_EN_APPROX})?[$€£¥]?$"
                           rf"|\b(?P<bare>[a-z]+)\s+(?:{_EN_APPROX})?[$€£¥]?$", re.IGNORECASE)
_ZH_DOWN = "下降|减少|降低|缩短|下滑|下跌|回落|减|降|少了"
_ZH_UP = "增加|增长|上升|提高|提升|上涨|扩大|延长|增|升|多了"
_ZH_CHANGE_BY = re.compile(rf"(?:(?P<down>{_ZH_DOWN})|(?P<up>{_ZH_UP}))了?(?:约|近|超过|逾|将近|大约|接近)?$")


def _direction(verb: str) -> str:
    w = verb.lower()
    for stems, way in ((_DOWN_STEMS, "down"), (_UP_STEMS, "up")):
        for stem in stems:
            if re.fullmatch(re.escape(stem) + r"(?:e|ed|d|s|es|ing|ped|ping|med|ming|ted|ting|ged|ging)?", w):
                return way
    return ""


_EN_PHRASAL_UP = re.compile(r"\b(?:make|makes|made|making|take|takes|took|taking|add|adds|added|adding)\s+$",
                            re.IGNORECASE)


def change_by(before: str, language: Language, unit: str = "") -> str:
    """"up" or "down" when the number right after `before` (its clause up to the number) is the size of a change
    ("fell by", "cut costs by", "rose 12 percent", "下降约"), "" when it is a level ("fell to", "下降到", "costs").
    A verb straight before the number without "by" is a change only for a percentage ("fell 45 percent"): "grew
    300 tonnes" is how much was grown."""
    if language == "zh":
        m = _ZH_CHANGE_BY.search(before)
        return ("down" if m.group("down") else "up") if m else ""
    m = _EN_CHANGE_BY.search(before)
    if not m:
        return ""
    if m.group("verb"):  # the verb nearest "by" ("cut delivery costs by")
        return next((d for d in map(_direction, reversed(m.group("verb").split())) if d), "")
    bare = m.group("bare").lower()
    if bare == "up" and _EN_PHRASAL_UP.search(before[:m.start("bare")]):
        return ""  # "Phones and tablets make up 12%": a share of a whole, not a rise
    if bare in ("down", "up") or unit.lower() in ("percent", "%", "percentage points"):
        return _direction(bare)
    return ""


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


_EN_WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                   "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
# A number written in words, as comparisons often are ("from nine days to three", "four and a half years").
EN_WORD_NUMBER = rf"\b(?:{'|'.join(_EN_WORD_VALUES)})(?:\s+and\s+a\s+half)?\b"


def number_value(num: str) -> float | None:
    """Arabic ("1,200", "3.5"), Chinese, or English word numerals ("four and a half") to a float."""
    words = re.fullmatch(r"(?P<n>[a-z]+)(?P<half>\s+and\s+a\s+half)?", num.lower())
    if words and words.group("n") in _EN_WORD_VALUES:
        return _EN_WORD_VALUES[words.group("n")] + (0.5 if words.group("half") else 0.0)
    if num[0].isdigit():
        try:
            return float(num.replace(",", ""))
        except ValueError:
            return None
    return zh_number(num)


def _split_unit(unit: str, magnitudes: dict[str, float]) -> tuple[float, str]:
    for mag in sorted(magnitudes, key=len, reverse=True):
        if unit.lower().startswith(mag):
            return magnitudes[mag], unit[len(mag):].strip() or unit
    return 1.0, unit


# Words allowed between what is measured and its number ("摊位总数超过1200个", "人次增加到1100人"); any other
# word breaks the link. Verbs of change and of amount belong here: the measure is their subject, not them.
_ZH_LINK = wordset("超过 达到 达 有 约 近 共 共有 已有 已 为 是 大约 多达 不到 接近 将近 高达 只有 仅 的 了 已经 "
                   "就 也 都 增加 增长 上升 提高 提升 下降 降低 降 减少 降至 增至 升至 到 至 需 需要 只要 只需 要 "
                   "每年 每月 每天 每次 占 约为 仅为 只 才 还 仍 仍然 却 只占 占到 提高到 提升到 "
                   "上调 下调 上调至 下调至 调至 调到 降到 增到 升到 涨到 涨至 跌到 跌至 "
                   "增加到 减少到 减至 缩短到 缩短 延长到 延长 扩大到 扩大 翻番 翻了 增长到 下降到 上升到 达到了 "
                   "整整 足足 仅仅 差不多 大概 总共 一共 合计")  # amount adverbs jieba may tag as nouns (整整: vn)


# A verb with its result ("找到|走失人员", "救出|被困群众") takes the whole phrase as its object: the verb after it
# modifies the noun and stays in the label ("走失人员", not "人员").
_ZH_RESULT = re.compile(r"[\u4e00-\u9fff](?:到|出|回|完|起)$")
_ZH_GLUE = ("n", "a", "b", "j", "s", "i", "l")  # words that run on into a noun as part of one compound


def _noun_run(toks: list[tuple[str, str]], limit: int, modifiers: bool) -> str:
    """The noun phrase ending the token list (popped from it): nouns, and with `modifiers` the "…的" and the
    words that modify the noun ("工作日晚间到馆人次", "室内充电引发的火灾"), up to `limit` characters."""
    out = ""
    taken: list[tuple[str, str]] = []
    while toks and cjk_count(toks[-1][0] + out) <= limit:
        word, flag = toks[-1]
        noun = flag.startswith("n") or flag in ("vn", "an", "j", "s", "nz")
        # a verb written straight onto the noun is part of its name ("快递|量", "就餐|人数"), not a clause
        compound = out and flag == "v" and cjk_count(word) == 2 and \
            word not in _ZH_LINK | _ZH_STOP_MOD | _ZH_MODALS and not _ZH_RESULT.search(word) and \
            (len(toks) < 2 or toks[-2][1] != "d") and \
            (len(toks) < 2 or toks[-2][1] != "v" or _ZH_RESULT.search(toks[-2][0]) is not None)
        noun = noun or compound
        modifier = modifiers and out and (word == "的" or flag in ("v", "t", "a", "b")) and word not in _ZH_STOP_MOD
        if noun or modifier:
            out = toks.pop()[0] + out
            taken.insert(0, (word, flag))
        else:
            break
    if toks and taken and toks[-1][1].startswith(_ZH_GLUE):
        # cut by the limit inside a compound ("干线快|巴高峰期发车间隔"): start where no noun runs on from the left,
        # keeping a verb written onto its noun ("发车|间隔")
        while taken and (toks[-1][1].startswith(_ZH_GLUE)):
            toks.append(taken.pop(0))
            if taken and taken[0][1] == "v" and len(taken) > 1:
                break
        out = "".join(w for w, _ in taken)
    out = out.lstrip("的")
    return out if cjk_count(out) >= 2 else ""


_ZH_STOP_MOD = wordset("是 有 在 为 开始 已经 将 把 被")


def label_zh(clause: str, start: int, *, modifiers: bool = False) -> str:
    """What a number measures: the noun phrase just before it in its clause, in whole jieba words
    ("去年茶叶销售收入超过一千八百万元" → "茶叶销售收入"). When the word before the number is a verb that is not
    a link ("骑手每月支付150元"), the subject and that verb together ("骑手每月支付"). `modifiers` also keeps
    what modifies the noun ("室内充电引发的火灾"), for a chart's title. "" when there is none."""
    import jieba.posseg

    share = _ZH_SHARE.search(clause[:start])
    if share:  # "食材占成本的六成": the measure is 食材 (a share of 成本), not 成本
        clause, start = clause[:share.start()], share.start()
    toks = [(p.word, p.flag) for p in jieba.posseg.lcut(clause[:start])]
    while toks and (toks[-1][0] in _ZH_LINK or (share and toks[-1][1] == "d")):  # "人数却只有…的"
        toks.pop()
    limit = 10 if modifiers else 8
    if toks and toks[-1][1] == "v" and cjk_count(toks[-1][0]) == 1:  # "一部电梯花了": a light verb (花, 用, 要)
        toks.pop()  # is no name: the noun it follows is what the number measures
        run = _noun_run(toks, limit, modifiers)
        if run and toks and toks[-1][0] == "着" or (run and len(toks) > 1 and toks[-1][1] == "v"
                                                   and cjk_count(toks[-1][0]) == 1):
            return ""  # "绕着小区转20多分钟": the noun is where the act happens, not what the number measures
        if run and toks and toks[-1][1] == "p":  # "跑者平均在县里住2.4天": 在县里 is where, not what: the
            toks.pop()  # measure is the subject before the place ("外地全程跑者"), or none
            while toks and (toks[-1][1] in ("a", "ad", "d", "t") or toks[-1][0] in _ZH_LINK):
                toks.pop()
            return _noun_run(toks, limit, modifiers)
        return run
    if toks and toks[-1][1] == "v":  # "支付", "花费": the subject's act is what the number measures
        verb = toks.pop()[0]
        while toks and toks[-1][1] in ("d", "r", "t"):
            verb = toks.pop()[0] + verb
        subject = _noun_run(toks, limit - cjk_count(verb), False)
        return subject + verb if subject else ""
    run = _noun_run(toks, limit, modifiers)
    if run and toks and toks[-1][0] in _ZH_MODALS:
        return ""  # "能少用": a verb after a modal, whatever its tag says, not what is measured
    if run and len(toks) > 1 and toks[-1][0] in ("和", "与", "及", "以及", "、"):
        conj = toks.pop()[0]  # "玉米和水稻6800吨": the sum of both, never the last one's alone
        other = _noun_run(toks, limit - cjk_count(run + conj), False)
        return other + conj + run if other else ""
    return run


def _share_of_whom_zh(after: str) -> str:
    """"六成家长愿意让孩子穿循环校服": a share opening its clause measures the people (or things) named right
    after it and what they do, said whole when short: "家长愿意让孩子穿循环校服"; "" when no noun follows."""
    import jieba.posseg

    toks = [(p.word, p.flag) for p in jieba.posseg.lcut(after)]
    k = 0
    while k < len(toks) and (toks[k][1].startswith("n") or toks[k][1] in ("j", "vn")):
        k += 1
    noun = "".join(w for w, _ in toks[:k])
    if cjk_count(noun) < 2 or k == len(toks) or toks[k][1] != "v":
        return ""
    whole = "".join(w for w, _ in toks)
    if cjk_count(whole) == len(whole) and cjk_count(whole) <= 12:
        return whole
    return noun + toks[k][0]


_ZH_VO_AFTER = re.compile(r"^的(?P<obj>[\u4e00-\u9fff]{1,2})(?=[，。；！？、,;]|$)")


def _verb_object_zh(clause: str, start: int, end: int) -> str:
    """A duration or amount said inside a separable verb ("排了二十分钟的队", "打了两个小时的电话") measures the
    act, verb and object: 排队, 打电话 (`occurs` traces it to the article as written)."""
    m = _ZH_VO_AFTER.match(clause[end:])
    before = clause[:start]
    if not m or not before.endswith("了") or len(before) < 2 or not "\u4e00" <= before[-2] <= "\u9fff":
        return ""
    return before[-2] + m.group("obj")


def with_unit(f: Figure, unit: str | None = None) -> str:
    """A figure as written with its unit (`unit`, or its own): a space before a word ("38 percent"), none before a
    sign or a measure word ("38%", "14个")."""
    unit = f.unit if unit is None else unit
    return f.written + (" " if re.match(r"[A-Za-z]", unit) else "") + unit


def occurs(text: str, article: str) -> bool:
    """`text` is in the article as written (its first letter in either case), or is a separable verb the
    article splits around a figure ("排队" in "排了二十分钟的队")."""
    if text in article or (text[:1].isascii() and text[:1].swapcase() + text[1:] in article):
        return True  # a label's capital ("Last year" beside "This year") is typography
    if 2 <= len(text) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in text):
        split = re.escape(text[0]) + r"了[^，。；！？]{1,10}的" + re.escape(text[1:])
        return re.search(split, article) is not None
    return False


ZH_CLASSIFIERS = wordset("个 家 位 名 座 所 辆 台 部 项 件 条 种 棵 株 只 头 盏 间 张 本 户 批 箱 场 处 栋")


_ZH_NOT_COUNTED = wordset("全部 所有 全都 都 均 各 每 左右 以上 上下")


def _counted_zh(after: str) -> str:
    """What a classifier counts, the noun phrase right after it ("186个|行政村", "三家|长者食堂"): "" when a
    noun does not follow."""
    import jieba.posseg

    quoted = re.match(r"^[“「\"]([^”」\"]{2,8})[”」\"]", after)
    if quoted:  # 146个“计量分区”: the quoted name is what is counted
        return quoted.group(1)
    taken: list[tuple[str, str]] = []
    for p in jieba.posseg.lcut(after[:12]):
        inner = taken and p.flag in ("i", "l", "a", "b")  # "社区|微循环|线": a compound goes on to its noun
        if not (p.flag.startswith("n") or p.flag in ("vn", "j") or inner) or p.word in _ZH_NOT_COUNTED or \
                cjk_count("".join(w for w, _ in taken) + p.word) > 8:
            break
        taken.append((p.word, p.flag))
    while taken and not (taken[-1][1].startswith("n") or taken[-1][1] in ("vn", "j")):
        taken.pop()
    out = "".join(w for w, _ in taken)
    return out if cjk_count(out) >= 2 else ""


_ZH_SHARE = re.compile(r"(?:占|是|为|只有|仅有|仅为|相当于|达到)(?:了|到)?(?P<of>[^，。；！？占]{1,12}?)"
                       r"(?:的|总数的|总量的)(?:约|近|将近|超过|不到)?$")
_ZH_MODALS = wordset("能 能够 可 可以 会 将 要 需 需要 得 应 应该")


def share_of(clause: str, start: int) -> str:
    """The whole a share is part of ("食材占成本的六成" → "成本", "人数只有柳塘的三分之一" → "柳塘"); "" when the
    number is not a share of something."""
    m = _ZH_SHARE.search(clause[:start])
    return m.group("of") if m else ""


_EN_VERBS = wordset(
    "rose rise rises risen grew grow grows grown increased increase increases climbed climb climbs jumped jump "
    "jumps fell fall falls fallen dropped drop drops declined decline declines decreased decrease decreases shrank "
    "reached reach reaches hit hits totalled totaled totals total topped was were is are be been stood stands stand "
    "remained remains make makes made account accounts accounted cost costs took take takes needed need needs "
    "earned earn earns paid pay pays spent spend spends saved save saves gained gain gains lost lose loses cut "
    "cuts doubled tripled halved averaged averages came comes use uses used consume consumes consumed burn burns "
    "burned burnt")
# Verbs of change, recognised in any inflection ("raised", "cuts", "lifting", "slashed", "doubled").
_EN_CHANGE_STEMS = ("rais", "rise", "ris", "lift", "boost", "cut", "drop", "doubl", "tripl", "halv", "increas",
                    "decreas", "reduc", "lower", "expand", "trim", "slash", "hik", "push", "grow", "shrink", "fell",
                    "fall", "climb", "jump", "declin", "extend", "shorten", "widen", "narrow", "add", "brought",
                    "bring", "set", "move", "chang", "adjust", "upgrad", "bump", "grown", "risen", "fallen", "shrunk")
_EN_CHANGE = re.compile(rf"^(?:{'|'.join(_EN_CHANGE_STEMS)})(?:e|ed|d|s|es|ing|ped|ping|med|ming|ted|ting)?$",
                        re.IGNORECASE)


def is_verb_en(word: str) -> bool:
    """A verb that can govern a number: the known ones, and verbs of change in any inflection."""
    return word.lower() in _EN_VERBS or bool(_EN_CHANGE.match(word))


# Adverbs never end a label ("the certification course still costs" measures "the certification course").
_EN_ADVERBS = wordset("still also now only already just even currently recently again usually often always never "
                      "ever yet nearly almost typically generally reportedly alone then today together")
# Words that may stand between the verb and its number ("fell by about", "make up").
_EN_BRIDGE = wordset("by to from up for about around nearly almost roughly approximately over under more less than "
                     "just only some another at least most as much many of down off")
_EN_LEAD = wordset("and but while so yet or which that the a an its their his her our this these those whose")
_EN_PRONOUNS = wordset("it they he she we i you this these that those there who which one")


def _noun_before_en(text: str) -> str:
    """The noun phrase before a closing "of"/"worth" ("a deal worth", "the pools' combined budget of")."""
    toks = list(re.finditer(r"[^\W\d_](?:[^\W\d_]|['’-])*", text))[:-1]
    words: list[re.Match[str]] = []
    for t in reversed(toks):
        w = t.group().lower()
        if w in EN_STOPWORDS or is_verb_en(w) or w in _EN_ADVERBS or len(words) == 4:
            break
        words.insert(0, t)
    if not words or (len(words) == 1 and words[0].group().lower() in _EN_GENERIC):
        return ""  # "a total of": not what the number measures
    return text[words[0].start():words[-1].end()]


_EN_PER = re.compile(r"\s+(?:per|for\s+each|for\s+every|each|every|a)\s+(?:minute|hour|day|week|month|year|second|"
                     r"decade|metre|meter|kilometre|km|mile)\b", re.IGNORECASE)
# A rate said after a unit: "per" and its measure (one or two words), or "a"/"an" and a span of time.
_EN_RATE = re.compile(r"^\s+(?:per\s+(?:(?:square|cubic)\s+)?[a-z]+|(?:an?|each)\s+(?:second|minute|hour|day|week|"
                      r"month|year|night|trip|visit)\b)(?![\w-])", re.IGNORECASE)
_EN_AUX = wordset("has have had is are was were be been will would can could may might should")
_EN_QUANTIFIERS = wordset("each every any all both either neither some most")
_EN_GENERIC = wordset("total sum maximum minimum figure amount number average peak value")


_EN_TIME_PREPS = wordset("by over in during since after before until from at")
_EN_TIME_NOUNS = wordset("year week month spring summer autumn winter season term weekend quarter")
_EN_DETERMINERS = wordset("the its their a an this that these those our his her each every")
_EN_POINTERS = wordset("figure figures number numbers total amount it items item things thing ones one that this")


def label_en(clause: str, start: int) -> str:
    """The subject of the verb that governs the number: "the number of staff leaving the companies fell by"
    → "number of staff leaving the companies". "" when the words before the number are not subject, verb,
    and the small words that join a verb to its number."""
    colon = clause.rfind(":", 0, start)  # "the commonest complaint was travel: the average apprentice spends"
    clause, start = clause[colon + 1:], start - colon - 1
    # "under-12", "COVID-19", "A380": a name with its number is one word of the subject, not a figure
    toks = re.findall(r"[^\W\d_][^\W\d_'’-]*-\d+[^\W\d_]*|[A-Z]\d+[A-Za-z]?\b|[^\W\d_](?:[^\W\d_]|['’-])*"
                      r"|\d[\d,.]*", clause[:start])
    i = len(toks)
    if i and toks[-1].lower() in ("of", "worth"):  # "the pools' combined budget of $2.4 million"
        return _noun_before_en(clause[:start])
    while i and toks[i - 1].lower() in _EN_BRIDGE:
        i -= 1
    while i > 1 and toks[i - 1].lower() in ("now", "still") and is_verb_en(toks[i - 2]):
        i -= 1  # "the average wait is now four and a half years": the adverb between verb and number
    if not i or not is_verb_en(toks[i - 1]):
        return ""
    i -= 1
    while i and (is_verb_en(toks[i - 1]) or toks[i - 1].lower() in _EN_ADVERBS | _EN_AUX):  # "has risen"
        i -= 1
    words = toks[:i]
    joins = [k for k, w in enumerate(words) if w.lower() in ("but", "while", "whereas")]
    if joins:  # "Rents rose but wages fell 3%": the subject of the clause the figure is in
        words = words[joins[-1] + 1:]
    aux = next((k for k, w in enumerate(words) if k and w.lower() in _EN_AUX), 0)
    if aux:  # "the power bill is forecast to": the subject ends at its verb
        words = words[:aux]
    if words and words[-1].lower() in ("and", "or", "but", "to"):
        # "Loans last a week and cost £2": the subject's first clause is no label for the second; "the library
        # plans to add 120 tools": a plan's object, whose count names what it is
        return ""
    if words and (words[0].lower() in _EN_TIME_PREPS or (  # "By October the figure", "Over the summer the resort"
            len(words) > 1 and words[0].lower() in ("next", "last", "this") and words[1].lower() in _EN_TIME_NOUNS)):
        k = next((k for k in range(2, len(words)) if words[k].lower() in _EN_DETERMINERS), 0)
        words = words[k:] if k else []
    while words and words[0].lower() in _EN_LEAD:
        words = words[1:]
    if len(words) == 1 and words[0].lower() in _EN_POINTERS:
        return ""  # "the figure was 16 kg", "items cost £65": a word that points elsewhere measures nothing
    while words and (words[-1].lower() in _EN_ADVERBS or words[-1].lower().endswith("ly")):
        words = words[:-1]
    if not words or len(words) > 8 or any(w[0].isdigit() for w in words) or (
            len(words) == 1 and words[0].lower() in _EN_PRONOUNS) or all(
            w.lower() in EN_STOPWORDS | _EN_PRONOUNS | _EN_QUANTIFIERS for w in words):  # "Each one adds"
        return ""
    m = re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", clause)
    return m.group(0) if m else ""


_EN_IS_WHAT = re.compile(r"^\s*of\s+[A-Za-z][A-Za-z' -]{1,40}?\s+(?:is|are|was|were)\s+(?:now\s+)?"
                         r"(?P<what>[A-Za-z][A-Za-z' -]{1,40}?)[.!?,;]?\s*$"
                         # "a quarter is fresh fruit and vegetables": the share's label follows its verb
                         r"|^\s+(?:is|are|was|were)\s+(?:now\s+)?(?P<is>[A-Za-z][A-Za-z' -]{1,40}?)[.!?,;]?\s*$")
_EN_OF_WHOLE = re.compile(r"^\s*(?:of\s+)?(?:the\s+|all\s+|its\s+|their\s+|our\s+)?")
_EN_SAY_LIKE = wordset("say says said have has had do does did use uses used live lives own owns report reports "
                       "agree agrees want wants work works")


def label_after_en(rest: str, *, share: bool = False) -> str:
    """A share's label from the words after it: "of household waste is food scraps" → "food scraps" (N of Y is
    X); "of households now compost", "(two in five) residents say" → the noun phrase before the verb; "" when no
    verb closes it."""
    m = _EN_IS_WHAT.match(rest)
    if m and (share or m.group("what")):
        what = m.group("what") or m.group("is")
        return what if len(what.split()) <= 5 and what.split()[0].lower() not in EN_STOPWORDS else ""
    if not share and not re.match(r"\s*of\b", rest):
        return ""  # "$2.4 million barely changed": the words after a plain number are not what it measures
    head = _EN_OF_WHOLE.match(rest)
    toks = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*|\S", rest[head.end():])) if head else []
    for k, t in enumerate(toks):
        w = t.group().lower()
        if is_verb_en(w) or w in _EN_SAY_LIKE or w in _EN_ADVERBS or w.endswith("ly") or (
                w.endswith("ed") and len(w) > 4):
            if 1 <= k <= 5 and toks[k - 1].group().lower() not in EN_STOPWORDS:
                return rest[head.end() + toks[0].start():head.end() + toks[k - 1].end()]
            return ""
        if not t.group()[0].isalpha() or w in EN_STOPWORDS:
            return ""
    return ""


# "Plane: 80 minutes…", "桂园社区食堂：15元": an item named before a colon, the figures after it are its own.
_COLON_NAME = re.compile(r"^\s*(?:[-*•]\s*|\d+[.)]\s*)?(?P<name>[^:：，,。.;；!?！？]{2,30}?)\s*[:：]\s*")


_SAYS_END = re.compile(r"(?:说|表示|称|指出|介绍|认为|写道|透露|强调)$"
                       r"|\b(?:said|says|told|explained|added|wrote|asked|warned|put\s+it)$", re.IGNORECASE)


def _short_name(name: str, language: Language) -> bool:
    """A name before a colon that labels what follows ("Plane:", "收费标准："), never an attribution ("Marsh said:")."""
    if _SAYS_END.search(name.strip()):
        return False
    if language == "zh":
        return 2 <= cjk_count(name) <= 12 and not re.search(r"\d", name) and _names_a_thing_zh(name)
    words = name.split()
    # "Breakages still happen:" says something about what follows (an adverb or verb in it): it names nothing
    clause = any(w.lower() in _EN_ADVERBS | _EN_AUX or is_verb_en(w) for w in words[1:])
    return 1 <= len(words) <= 4 and not re.search(r"\d", name) and words[0].lower() not in EN_STOPWORDS and not clause


def _names_a_thing_zh(name: str) -> bool:
    """An item's name is a thing ("桂园社区食堂", "人工瞭望"); a heading that says something about what follows
    ("火情发现时间的变化最明显：", "效果很好：") ends on its predicate and names nothing the figures measure."""
    import jieba.posseg

    toks = [p for p in jieba.posseg.lcut(name) if p.word.strip()]
    return bool(toks) and toks[-1].flag not in ("a", "ad", "d", "z") and not any(p.word in _ZH_DEGREE for p in toks)


_ZH_DEGREE = wordset("最 很 非常 更 十分 特别 比较 极其 尤其 最为")


_EN_COMPARATIVE = re.compile(r"^\s+(?P<what>(?:more|fewer|less|higher|lower|longer|shorter|cheaper|faster|slower|"
                             r"bigger|smaller)\s+[a-z]+(?:\s+[a-z]+)?)\b(?=\s+than\b|\s*[,.;]|\s*$)", re.IGNORECASE)


def _comparative_en(rest: str) -> str:
    """"22 percent fewer hours than…": the comparison the number measures ("fewer hours")."""
    m = _EN_COMPARATIVE.match(rest)
    if not m or m.group("what").split()[-1].lower() in EN_STOPWORDS:
        return ""
    return m.group("what")


def item_name(text: str, language: Language) -> str:
    """The name an item opens with before a colon ("Plane: 80 minutes…" → "Plane"), or ""."""
    m = _COLON_NAME.match(text)
    return m.group("name").strip() if m and _short_name(m.group("name"), language) else ""


def _clauses(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in re.split(r"([，。！？；;!?]|[,.]\s)", text):
        if part and not re.fullmatch(r"[，。！？；;!?]|[,.]\s", part) and part.strip():
            out.append((pos, part))
        pos += len(part)
    return out


def _when(text: str, end: int, after: int, language: Language) -> str:
    """The last time expression in text[after:end], within the same sentence."""
    window = text[after:end]
    window = re.split(r"[。！？!?]|\.\s", window)[-1] if language == "zh" else re.split(r"[.!?]\s", window)[-1]
    found = (_ZH_WHEN if language == "zh" else _EN_WHEN).findall(window)
    if not found:
        return ""
    last = found[-1]
    return next((g for g in last if g), "") if isinstance(last, tuple) else last


def _not_a_share_en(clause: str, m: re.Match[str]) -> bool:
    """Words a share's pattern matches that are no share: "four and a half years" (part of a number), "a half plot"
    (a size of a thing), "730 in 2020" (a figure and its year)."""
    if m.group("num"):
        mixed = re.search(r"\band\s+$", clause[:m.start()])
        small = m.group("num").lower() in ("a", "an") and m.group("part").lower() in ("half", "halves") and \
            not re.match(r"\s+of\b", clause[m.end():])
        return bool(mixed or small)
    if m.group("n") and m.group("d"):
        d, n = m.group("d"), m.group("n")
        year = re.fullmatch(r"(?:19|20)\d{2}", d) is not None
        return year or (n.isdigit() and d.isdigit() and int(n) >= int(d))
    return False


def _fractions(clause: str, language: Language) -> list[tuple[int, int, str, float]]:
    """Shares written as words (三分之一, 一半, "a third", "two in five"): span, as written, value."""
    out = []
    if language == "zh":
        for m in _ZH_FRACTION.finditer(clause):
            if m.group("half"):
                out.append((m.start(), m.end(), m.group(), 0.5))
                continue
            den, num = number_value(m.group("den")), number_value(m.group("num"))
            if den and num is not None:
                out.append((m.start(), m.end(), m.group(), num / den))
    else:
        for m in _EN_FRACTION.finditer(clause):
            if m.group("half"):
                out.append((m.start(), m.start() + 4, clause[m.start():m.start() + 4], 0.5))
                continue
            if _not_a_share_en(clause, m):
                continue
            n, d = (m.group("num"), _EN_PARTS.get((m.group("part") or "").lower())) if m.group("num") else (
                m.group("n"), m.group("d"))
            top = _EN_SMALL.get(n.lower()) if not n[0].isdigit() else int(n)
            bottom = d if isinstance(d, int) else (_EN_SMALL.get(d.lower()) if not d[0].isdigit() else int(d))
            if top and bottom:
                out.append((m.start(), m.end(), m.group(), top / bottom))
    return out


def numbers(text: str, language: Language) -> list[Figure]:
    """Each number with a unit in `text`, in order, with what it measures and when."""
    out: list[Figure] = []
    prev_end = 0
    for offset, clause in _clauses(text):
        named = _COLON_NAME.match(clause)
        name = named.group("name").strip() if named and _short_name(named.group("name"), language) else ""
        shares = _fractions(clause, language)
        for a, b, written, value in shares:
            label = label_zh(clause, a) if language == "zh" else (
                label_en(clause, a) or label_after_en(clause[b:], share=True))
            of = share_of(clause, a) if language == "zh" else ""
            out.append(Figure(written, value, "", label, False, "share", value, "", False, offset + a, of))
        taken = [(a, b) for a, b, _, _ in shares]
        if language == "zh":
            for m in _ZH_NUMBER.finditer(clause):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                num, unit = m.group("num"), m.group("unit")
                value = number_value(num)
                before = clause[max(0, m.start() - 1):m.start()]
                article_like = not num[0].isdigit() and len(num) == 1 and num in "一两"
                if value is None or before == "第" or (article_like and not unit.startswith(("成", "倍"))):
                    continue  # "第七个", "一位", "两人": order and articles, not figures
                if names_zh(clause, m.start(), m.end("approx") if m.group("approx") else m.end("num")):
                    continue  # 12岁以下, 三年级, G60: part of a name or band, not an amount
                if unit.startswith("年") and num.isdigit() and len(num) == 4:
                    continue  # 2021年: a date
                if unit == "月" and value is not None and value == int(value) and 1 <= value <= 12 and not \
                        m.group("approx") and not _ZH_FOR_MONTHS.search(clause[:m.start()]):
                    continue  # 10月委托…: a month, not a figure (3个月 and 历时6月 are durations)
                if before.isdigit() or clause[m.end():m.end() + 1].isdigit():
                    continue
                approx = bool(m.group("approx") or _ZH_APPROX_BEFORE.search(clause[:m.start()])
                              or _ZH_APPROX_AFTER.match(clause[m.end():]))
                if unit == "成" and clause[m.end():m.end() + 1] == "半":  # 四成半: one share, 4.5 tenths
                    unit, value = "成半", value + 0.5
                elif unit == "成" and re.match(r"[一二三四五六七八九](?![零〇一二三四五六七八九十百千万亿两\d])",
                                               clause[m.end():]):
                    tenth = "一二三四五六七八九".index(clause[m.end()]) + 1
                    unit, value = "成" + clause[m.end()], value + tenth / 10  # 两成五: 25%, one share
                mag, measure = _split_unit(unit, ZH_MAGNITUDES)
                written = num + (m.group("approx") or "")
                at = offset + m.start()
                counted = _counted_zh(clause[m.end():]) if measure in ZH_CLASSIFIERS else ""
                rate = _ZH_RATE.search(clause[:m.start()])
                per = (rate.group("per") or rate.group("avg")) if rate else ""
                # 每公斤 is the unit's, not a label; 人均日采摘量 and 日均客流 are names of what is measured
                head = clause[:rate.start()] if rate and rate.group("per") and not rate.group("noun") else \
                    clause[:m.start()]  # 每件的清洗成本: the noun after 的 is the measure's name
                label = _verb_object_zh(clause, m.start(), m.end()) or label_zh(head, len(head)) or (
                    name if named and m.start() >= named.end() else "") or (
                    _share_of_whom_zh(clause[m.end():]) if unit in ("成", "%", "％") else "")
                label = whole_name_zh(clause, label, m.start())  # 5号线, not 号线每天运送
                if rate and rate.group("avg") and label and label in rate.group(0):  # 人均日采摘量, not 采摘量
                    label = _ZH_LINK_TAIL.sub("", rate.group(0).removeprefix("平均"))
                out.append(Figure(written, value, unit, counted or label, approx, measure,
                                  value * mag, _when(text, at, prev_end, language), bool(counted), at,
                                  share_of(clause, m.start()), change_by(clause[:m.start()], language), per,
                                  "其中" in clause[:m.start()]))
                prev_end = offset + m.end()
        else:
            for m in _EN_NUMBER.finditer(clause):
                if any(a <= m.start() < b for a, b in taken) or names_en(clause, m.start()):
                    continue  # "under-9 teams", "Route 9": part of a name, not an amount
                unit = m.group("unit") or m.group("noun") or ""
                if not unit and not m.group("cur"):
                    elided = _elided_en(clause, m, out, offset) or _count_of_whole_en(clause, m, offset) or \
                        _same_measure_en(text, clause, m, out, offset)
                    if elided:
                        out.append(elided)
                        prev_end = offset + m.end()
                    continue
                value = number_value(m.group("num"))
                if value is None:
                    continue
                if m.group("cur") and m.group("noun"):  # "£500,000 covers…", "$90,000 goes on…": a sum, its verb
                    unit = ""
                counted = bool(m.group("noun")) and not m.group("cur") and \
                    unit.lower().split()[-1] not in _EN_VERBS | EN_STOPWORDS
                if m.group("noun") and not counted and not m.group("cur"):
                    continue
                mag, measure = _split_unit(unit, EN_MAGNITUDES)
                if m.group("cur") and measure.lower() in EN_MAGNITUDES:
                    measure = ""  # "$1.4 million" is dollars, as "$160,000" is: one measure
                at = offset + m.start()
                # the currency is written with the value ("$380"), once: the unit is only a word after it
                label = label_en(clause, m.start()) or label_after_en(clause[m.end():]) or (
                    name if named and m.start() >= named.end() else "") or _comparative_en(clause[m.end():])
                rate = _EN_PER.match(clause[m.end():])
                verb = re.match(r"\s+(\w+)", clause[clause.find(label) + len(label):]) if rate and label else None
                if rate and verb and _EN_CHANGE.match(verb.group(1)) and not m.group("cur"):
                    # "falls by 10 percent for each minute": a rate of change, not a level
                    label = clause[clause.find(label):clause.find(label) + len(label) + verb.end()]
                    unit = unit + rate.group(0).rstrip()
                elif (unit or m.group("cur")) and (per := _EN_RATE.match(_EN_OF_STUFF.sub("", clause[m.end():]))):
                    # "14 km per hour", "95 lights per square km", "$5 a day": the rate is the unit, kept whole
                    unit = unit + per.group(0).rstrip() if unit else per.group(0).strip()
                    measure = measure + per.group(0).rstrip()
                change = change_by(clause[:m.start()], language, unit)
                by = re.search(r"\bby\s+\S*\s*$", clause[:m.start()]) if change and not label else None
                if by:  # "the council cut waiting times by 20 minutes": what changed is the verb's object
                    label = _object_en(clause[:by.start()])
                dated = _EN_WHEN_AFTER.match(clause[m.end():])  # "from $160,000 in 2020 to $1.4 million last year"
                out.append(Figure((m.group("cur") or "") + m.group("num"), value, unit,
                                  label, False, (m.group("cur") or "") + measure, value * mag,
                                  next(g for g in dated.groups() if g) if dated else
                                  _when(text, at, prev_end, language), counted, at, change=change,
                                  part=bool(_EN_PART.match(clause[m.end():]))))
                prev_end = offset + m.end()
    found = _whole_durations(text, _resolve_pointers(sorted(out, key=lambda f: f.start)))
    found = _shared_rate_en(text, found) if language == "en" else found
    return [f._replace(each=_item_or_total(text, f.start, language)) for f in found]


_EN_AND_NOUN = re.compile(r"^\s+and\s+(?:[a-z]+\s+){1,4}$")


def _shared_rate_en(text: str, found: list[Figure]) -> list[Figure]:
    """"A full plot costs £42 a year and a half plot £24": a sum with no rate of its own, said of another thing
    right after a sum with one, is in that rate (£24 a year), so the two compare."""
    out: list[Figure] = []
    for f in found:
        prev = out[-1] if out else None
        cur = f.measure[:1] if f.measure[:1] in "$€£¥" else ""
        if prev is not None and cur and f.measure == cur and not f.unit and prev.unit and \
                prev.measure.startswith(cur) and prev.measure != cur and \
                _EN_AND_NOUN.match(text[prev.start + len(prev.written) + len(prev.unit) + 1:f.start]):
            f = f._replace(unit=prev.unit, measure=prev.measure)
        out.append(f)
    return out


_EN_HOURS_AND = re.compile(r"\s*hours?\s+(?:and\s+)?$", re.IGNORECASE)
_EN_DAYS_AND = re.compile(r"\s*days?\s+(?:and\s+)?$", re.IGNORECASE)


def _whole_durations(text: str, found: list[Figure]) -> list[Figure]:
    """"1 hour 10 minutes a day" is one duration: its hours and minutes are one figure, written whole (never "1
    hour" alone), measured in minutes."""
    out: list[Figure] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.measure.lower() in ("hour", "hours") and f.measure.lower().startswith("minute") \
                and _EN_HOURS_AND.match(text[prev.start + len(prev.written):f.start]):
            out[-1] = prev._replace(written=text[prev.start:f.start] + f.written, unit=f.unit, measure=f.measure,
                                    value=prev.value * 60 + f.value, scale=prev.value * 60 + f.value,
                                    label=prev.label or f.label)
            continue
        if prev is not None and prev.measure.lower() in ("day", "days") and f.measure.lower() in ("hour", "hours") \
                and _EN_DAYS_AND.match(text[prev.start + len(prev.written):f.start]):  # "3 days 4 hours", in hours
            out[-1] = prev._replace(written=text[prev.start:f.start] + f.written, unit=f.unit, measure=f.measure,
                                    value=prev.value * 24 + f.value, scale=prev.value * 24 + f.value,
                                    label=prev.label or f.label)
            continue
        out.append(f)
    return out


# One item's figure against all items' together: 每座每天可处理30吨 against 合计日处理能力120吨, "each apprentice
# costs £24,000" against "£1.2 million in total". The two are never bars of one chart.
_ZH_ITEM = re.compile(r"每(?:一)?(?:个|座|条|台|位|家|辆|名|所|间|套|盏|棵|只|头|部|项|张|艘|架|处|块|户|栋|口|眼|"
                      r"支|批|列|班)(?![\u4e00-\u9fff]*(?:合计|总共|一共|总计|共计))")
_ZH_TOTAL = re.compile(r"合计|总共|一共|总计|共计|(?<![公])共(?=有|约|计|[\d一二三四五六七八九十两])|累计|"
                       r"全区|全市|全县|全镇|全乡|全村|全省")
_EN_TOTAL = re.compile(r"\bin\s+total\b|\baltogether\b|\bcombined\b|\bin\s+all\b|\ba\s+total\s+of\b"
                       r"|\btotal(?:led|ed|s)?\b", re.IGNORECASE)


def _item_or_total(text: str, at: int, language: Language) -> str:
    """Whether the figure at `at` is one item's (a per-unit before it in its clause) or all items' (a total word in
    its clause before it, or, in English, anywhere in its clause)."""
    marks = r"[，,；;。！？!?：:\n]" if language == "zh" else r"[;.!?:,](?=\s|$)|\n"  # not "$2.1"'s point
    bounds = [m.start() for m in re.finditer(marks, text)]
    a = max((k + 1 for k in bounds if k < at), default=0)
    before, clause = text[a:at], text[a:next((k for k in bounds if k >= at), len(text))]
    if language == "zh":
        if _ZH_TOTAL.search(before):
            return "total"
        return "item" if _ZH_ITEM.search(before) else ""
    if _EN_TOTAL.search(clause):
        return "total"
    return "item" if re.search(r"\b(?:each|every)\s+[a-z]+", before, re.IGNORECASE) else ""


# A rate said before a Chinese figure: 每月150元, 每小时可采120公斤, 平均每晚约230辆, 人均日采摘量达到480公斤.
_ZH_PER_WORDS = ("小时|分钟|平方米|公斤|千克|公里|星期|月|天|日|晚|夜|年|周|次|人|户|斤|吨|亩|件|台|份|克|度|"
                 "张|辆|家|套|瓶|箱|单|趟|班|条|只|头|棵|株|盏|间|块|本|袋|包|桶|杯|碗|份")
_ZH_RATE = re.compile(rf"(?:平均)?(?:每(?:个)?(?P<per>{_ZH_PER_WORDS})(?:的(?P<noun>[\u4e00-\u9fff]{{2,6}}?))?"
                      r"(?![\u4e00-\u9fff]*[的])"
                      r"(?:(?:可以|能够|可|能)[\u4e00-\u9fff]{0,2}|(?:要|需要|需|约|大约|只要|只需|仅|才|卖|卖到|收|是|为)*)"
                      r"|(?P<avg>人均|户均|亩均|日均|车均)(?![\u4e00-\u9fff]*的)[\u4e00-\u9fff]{0,8})$")
_ZH_LINK_TAIL = re.compile(r"(?:达到|达|为|是|约|超过|有|近|高达|仅|只有|大约|将近|接近|了)+$")
# "a state grant covered $6 million of that": a part of the figure before it, not a figure beside it.
_EN_PART = re.compile(r"^\s+of\s+(?:that|it|this|them|the\s+total|the\s+cost|the\s+sum)\b", re.IGNORECASE)


def _elided_en(clause: str, m: re.Match[str], found: list[Figure], offset: int) -> Figure | None:
    """"140 blades in its first year and 1,900 last year": a bare number joined by "and" to a figure of its
    clause, with its own date, is that figure's measure at another time (the unit is not said again)."""
    prev = next((f for f in reversed(found) if f.start >= offset and f.unit and f.measure != "share"), None)
    dated = _EN_WHEN_AFTER.match(clause[m.end():])
    value = number_value(m.group("num"))
    if prev is None or not dated or value is None or not re.search(r"\band\s+(?:about\s+|nearly\s+|almost\s+)?$",
                                                                   clause[:m.start()]):
        return None
    mag = prev.scale / prev.value if prev.value else 1.0
    when = next(g for g in dated.groups() if g)
    return prev._replace(written=m.group("num"), value=value, scale=value * mag, when=when, start=offset + m.start(),
                         approx=False, change="")


_EN_OF_STUFF = re.compile(r"^\s+of\s+[a-z]+(?=\s+per\b)")  # "60 cubic metres of snow per hour": the rate is the unit's
_EN_BARE_AFTER_VERB = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:about|around|nearly|barely|only|just|roughly|almost|"
                                 r"some|under|over)?\s*$")


def _same_measure_en(text: str, clause: str, m: re.Match[str], found: list[Figure], offset: int) -> Figure | None:
    """"…up to 60 cubic metres of snow per hour; the old guns managed about 35, while the lances make barely 20":
    a bare number ending its clause right after a verb, in the sentence of a figure with a unit, is that
    figure's measure for another subject (the unit is not said again)."""
    prev = next((f for f in reversed(found) if f.unit and f.measure != "share" and not f.change), None)
    at = offset + m.start()
    value = number_value(m.group("num"))
    verb = _EN_BARE_AFTER_VERB.search(clause[:m.start()])
    if prev is None or value is None or verb is None or not (is_verb_en(verb.group("verb")) or re.fullmatch(
            r"[a-z]{3,}ed", verb.group("verb"))) or \
            re.search(r"[.!?]\s", text[prev.start:at]) or not re.match(r"\s*(?:[,.;!?]|$)", clause[m.end():]):
        return None
    mag = prev.scale / prev.value if prev.value else 1.0
    return prev._replace(written=m.group("num"), value=value, scale=value * mag, start=at, approx=False, change="",
                         label="", when="", counted=False)


_EN_OF_THE = re.compile(r"^\s+of\s+(?:the|its|their|our|these|those)\s+[a-z]+s\s+(?P<verb>[a-z]+)\b[\w' -]*[.!?]?$")


def _count_of_whole_en(clause: str, m: re.Match[str], offset: int) -> Figure | None:
    """"56 of the companies decided to keep the shorter week": a count of some of a whole, labelled with what
    they did, said whole ("of the companies decided to keep the shorter week"), never a bare "56"."""
    rest = _EN_OF_THE.match(clause[m.end():])
    value = number_value(m.group("num"))
    if rest is None or value is None or "." in m.group("num") or not (
            is_verb_en(rest.group("verb")) or rest.group("verb").endswith("ed")):
        return None
    label = clause[m.end():].strip().rstrip(".!?")
    if len(label.split()) > 9:
        return None
    return Figure(m.group("num"), value, "", label, False, "of", value, "", False, offset + m.start())


# Nouns that point back at a figure already said ("五年前，这个数字只有2000亩", "this figure"): no label of their own.
_POINTER_LABEL = re.compile(r"^(?:这个|这一|该|此|那个)?(?:数字|数据|数目|数值|数|比例)$"
                            r"|^(?:this|that|the)\s+(?:figure|number|total|share)$", re.IGNORECASE)


def _resolve_pointers(found: list[Figure]) -> list[Figure]:
    """A figure labelled by a pointer measures what the last figure of its measure measured; with no such
    figure (or one with no label) it has no label, and falls back rather than show "数字 2000亩"."""
    out: list[Figure] = []
    for f in found:
        if _POINTER_LABEL.match(f.label):
            earlier = next((e for e in reversed(out) if e.measure == f.measure and e.label), None)
            f = f._replace(label=earlier.label if earlier else "")
        out.append(f)
    return out


def _object_en(prefix: str) -> str:
    """What a verb of change acts on, when "from" follows its object ("The town raised the hourly wage from"
    → "the hourly wage"): the words after the last verb, a short noun phrase."""
    toks = list(re.finditer(r"[^\W\d_](?:[^\W\d_]|['’-])*", prefix))
    verbs = [k for k, t in enumerate(toks) if is_verb_en(t.group())]
    if not verbs or verbs[-1] == len(toks) - 1:
        return ""
    obj = toks[verbs[-1] + 1:]
    if len(obj) > 6 or obj[-1].group().lower() in EN_STOPWORDS or obj[-1].group().lower() in _EN_BRIDGE:
        return ""
    if any(t.group().lower() in _EN_AUX for t in obj):  # "Average spend per visit has gone": spend is the subject's
        return ""  # noun, and what follows it is the rest of the subject and its verb, not an object
    return prefix[obj[0].start():obj[-1].end()]


def _subject_before_en(prefix: str) -> str:
    """"X <verb> from A to B" with a verb no list knows ("The waiting time went from"): the words before the last
    one, when they are a short noun phrase."""
    toks = list(re.finditer(r"[^\W\d_](?:[^\W\d_]|['’-])*", prefix))
    if len(toks) < 2 or toks[-1].group().lower() in _EN_BRIDGE | _EN_LEAD | _EN_PRONOUNS:
        return ""
    words = toks[:-1]
    while words and words[0].group().lower() in _EN_LEAD:
        words = words[1:]
    while words and words[-1].group().lower() in _EN_ADVERBS | _EN_AUX:  # "spend per visit has | gone from"
        words = words[:-1]
    while words and words[-1].group().lower() in _EN_ADVERBS:
        words = words[:-1]
    if not words or len(words) > 6 or words[-1].group().lower() in EN_STOPWORDS or (
            len(words) == 1 and words[0].group().lower() in _EN_PRONOUNS):
        return ""
    return prefix[words[0].start():words[-1].end()]


class Change(NamedTuple):
    """A measure going from one value to another in one clause ("从每年212起下降到57起", "from 71 to 50 percent")."""

    label: str
    before: Figure
    after: Figure


_ZH_FROM = re.compile(r"[从由](?:每(?:个)?[\u4e00-\u9fff]{1,2}?|约|大约|近|"
                      r"(?:最初|原来|原先|此前|以前|过去|当初|起初|开始|试点之初)的?"
                      r"|[^，。；！？从由到至\d]{2,8}?的)*$")  # 从规范前一年的460件: the time it held, then its value
_ZH_MODAL_TAIL = re.compile(r"(?:就|都|也|还|便|仍)?(?:能够|能|可以|可|会|将)$")
_EN_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|nearly\s+)?$", re.IGNORECASE)


def changes(text: str, language: Language) -> list[Change]:
    """Before → after pairs of one measure: a figure right after 从/from, and the next figure of the same
    measure after 到/至/to in the same clause."""
    found = numbers(text, language)
    found = _word_durations_en(text, found) if language == "en" else found
    out: list[Change] = []
    for a, b in zip(found, found[1:], strict=False):
        between = text[a.start + len(a.written):b.start]
        head = text[:a.start]
        if _ranges(text, head, b):
            continue
        if language == "zh":
            ok = _ZH_FROM.search(head) and re.search(r"[到至]", between) and not re.search(r"[，。；！？]", between)
            clause_start = max(head.rfind(c) for c in "，。；！？\n") + 1
            where = _ZH_FROM.search(head)
            # "果心温度就能从32℃降到8℃": what can change is the noun before the modal
            stem = _ZH_MODAL_TAIL.sub("", text[clause_start:where.start()]) if where else ""
            label = label_zh(stem, len(stem), modifiers=True) if ok else ""
            rate = re.search(rf"([\u4e00-\u9fff]均){re.escape(label)}", stem) if label else None
            label = rate.group(0) if rate else label  # 场均观众 (jieba: 场|均|观众): the rate is part of the name
            if ok and where and not label and not text[clause_start:where.start()].strip():
                label = _topic_before(text, clause_start, language)
            if label and where:  # "24小时开放的公厕": a figure that names the thing is part of its name
                stem = text[clause_start:where.start()]
                whole = re.search(rf"(?:\d+|[{_ZH_NUM_CHARS}]+)(?P<unit>{_ZH_UNIT})?{re.escape(label)}$", stem)
                label = whole.group(0) if whole and not re.match(r"\d*[年月日号]", whole.group(0).lstrip(
                    _ZH_NUM_CHARS + "0123456789")) else label
        else:
            ok = _EN_FROM.search(head) and re.search(r"\bto\b", between) and not re.search(r"[;.]", between)
            clause_start = max(head.rfind(c) for c in ",;.\n") + 1
            where = _EN_FROM.search(head)
            prefix = text[clause_start:where.start()] if ok and where else ""
            label = (label_en(prefix, len(prefix)) or _object_en(prefix) or _subject_before_en(prefix)) if prefix \
                else ""
        unit_a = a.measure if a.unit not in ("", b.unit) else b.measure
        if ok and label and {a.measure, b.measure} in ({"share", "percent"}, {"share", "%"}, {"share", "％"}):
            # "fell from 85 percent to about a third": one share, written two ways; drawn to one scale
            a, b = (f._replace(scale=f.value / 100) if f.measure != "share" else f for f in (a, b))
            out.append(Change(label, a, b))
        elif ok and label and (unit_a == b.measure or _rate_and_unit(a, b)):
            out.append(Change(label, a, b))
    out += _bare_changes(text, language, found, {c.before.start for c in out})
    out += _start_rise_changes(text, language, found, {c.before.start for c in out})
    out += _compared_changes(text, language, found, {c.after.start for c in out})
    from storyboard.dated_changes import dated_changes  # its own module, which reads this one's figures
    out += dated_changes(text, language, {f.start for c in out for f in (c.before, c.after)})
    return sorted(out, key=lambda c: min(c.before.start, c.after.start))  # the first said is the shot's


_EN_AMOUNT = r"[$€£¥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_EN_SECONDS = {"minute": 60, "hour": 3600, "day": 86_400, "week": 604_800, "month": 2_629_800, "year": 31_557_600}
_EN_WORD_DURATION = re.compile(rf"(?P<num>{EN_WORD_NUMBER})\s+(?P<unit>(?:{'|'.join(_EN_SECONDS)})s?)\b",
                               re.IGNORECASE)


def _word_durations_en(text: str, found: list[Figure]) -> list[Figure]:
    """Durations written in words ("four and a half years", "from nine days to three"), for comparisons: the
    figures a before/after is often told in, kept out of `numbers` (where "three hours long" would be a stat)."""
    taken = {f.start for f in found}
    out = list(found)
    for offset, clause in _clauses(text):
        for m in _EN_WORD_DURATION.finditer(clause):
            value = number_value(m.group("num"))
            if offset + m.start() in taken or value is None:
                continue
            unit = m.group("unit")
            out.append(Figure(m.group("num"), value, unit, label_en(clause, m.start()), False, unit, value, "", False,
                              offset + m.start()))
    return sorted(out, key=lambda f: f.start)


def _duration_seconds(f: Figure) -> float | None:
    per = _EN_SECONDS.get(f.measure.lower().removesuffix("s"))
    return f.value * per if per else None


def _rate_and_unit(a: Figure, b: Figure) -> bool:
    """"from 180 litres per day to 150 litres": one end says the rate in full, the other only its unit; one measure."""
    x, y = sorted((a.measure, b.measure), key=len)
    return bool(x) and y.startswith(x + " ")


def _one_measure(a: Figure, b: Figure) -> tuple[Figure, Figure] | None:
    """The two sides of a comparison in one measure: as they are, or durations in two units ("four and a half
    years, compared with about 18 months") drawn to one scale, each bar with its own unit."""
    if a.measure == b.measure:
        return a, b
    sa, sb = _duration_seconds(a), _duration_seconds(b)
    return (a._replace(scale=sa), b._replace(scale=sb)) if sa and sb else None


_EN_START_RISE = re.compile(
    r"(?:^|[,;.!?:]\s+)(?P<what>[A-Z][\w'’ -]{1,40}?)\s+(?:starts?|started|begins?|began)\s+at\s+"
    rf"(?P<a>{_EN_AMOUNT})[^.;!?]{{0,60}}?\s+(?:and\s+)?(?:rises?|rose|climbs?|climbed|increases?|increased|"
    r"grows?|grew|goes\s+up|went\s+up|falls?|fell|drops?|dropped)\s+to\s+(?:about\s+|around\s+)?"
    rf"(?P<b>{_EN_AMOUNT})")


def _start_rise_changes(text: str, language: Language, found: list[Figure], done: set[int]) -> list[Change]:
    """"Pay starts at £9.80 an hour in the first year and rises to £15.20 in the third": one measure from a first
    level to a later one; the later side, written without its rate, takes the first side's unit."""
    if language != "en":
        return []
    at = {f.start: f for f in found}
    out: list[Change] = []
    for m in _EN_START_RISE.finditer(text):
        fa, fb = at.get(m.start("a")), at.get(m.start("b"))
        if fa is None or fa.start in done or (fb is not None and fb.unit and fb.measure != fa.measure):
            continue
        mag = fa.scale / fa.value if fa.value else 1.0
        b = fa._replace(written=fb.written, value=fb.value, scale=fb.value * mag, start=fb.start, approx=fb.approx) \
            if fb is not None else _side(m, "b", fa)
        if b is not None and len(m.group("what").split()) <= 6:
            out.append(Change(m.group("what"), fa._replace(when="", change=""), b._replace(when="", change="")))
    return out


# "ranged from 14 km to 41 km", "between 3 and 9", "从5元到20元不等": the spread of many values, not a change
_EN_RANGE = re.compile(r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|spann?(?:s|ed|ing)?|spread)\s+"
                       r"(?:\w+\s+)?from\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥]?$", re.IGNORECASE)


def _ranges(text: str, head: str, after: Figure | None) -> bool:
    if _EN_RANGE.search(head):
        return True
    end = after.start + len(after.written) + len(after.unit) if after else -1
    return after is not None and text[end:end + 2] == "不等"


# "32 crossings a day, up from 28", "9 hours on average, compared with 14 the winter before": a level and the
# level it changed from, said after it; the earlier side may be a bare number in the later one's unit.
# "142 times in 2026, up from 118": the year dates the figure, and is never the figure
_EN_UP_FROM = re.compile(rf"(?<!\bin\s)(?P<b>{_EN_AMOUNT}|{EN_WORD_NUMBER})"
                         rf"(?:\s+[A-Za-z%][\w%-]*|\s+in\s+(?:19|20)\d{{2}}){{0,4}}?,?\s+"
                         rf"(?P<how>(?:up|down)\s+from|compared\s+"
                         rf"(?:with|to))\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?(?P<a>{_EN_AMOUNT})",
                         re.IGNORECASE)


_EN_IN_MONTH = re.compile(r"^(?:\s+[a-z%]+)?\s+in\s+(?P<month>(?:January|February|March|April|May|June|July|August|"
                          r"September|October|November|December)(?:\s+(?:19|20)\d{2})?)\b")


def _compared_changes(text: str, language: Language, found: list[Figure], done: set[int]) -> list[Change]:
    if language != "en":
        return []
    at = {f.start: f for f in found}
    out: list[Change] = []
    for m in _EN_UP_FROM.finditer(text):
        fb, fa = at.get(m.start("b")), at.get(m.start("a"))
        if fb is None or fb.start in done or fb.change or fb.part or (fa and _one_measure(fa, fb) is None):
            continue
        if fa:
            fa, fb = _one_measure(fa, fb) or (fa, fb)
        after = text[m.end("a"):]
        if m.group("how").lower().startswith("compared") and not _EN_EARLIER.match(after):
            continue  # "28 watts, compared with 100 watts for the old lamps": things side by side, not a change
        a = fa or _side(m, "a", fb)
        if a is None:
            continue
        dated = _EN_WHEN_AFTER.match(after)
        when = next((g for g in dated.groups() if g), "") if dated else ""
        label = fb.label or (fb.unit if fb.counted else "") or _passive_en(text, fb.start)
        month = _EN_IN_MONTH.match(text[m.start("b") + len(m.group("b")):])
        if when and not fb.when and month:  # "1,240 people in October, up from 730 in 2020": October against 2020
            fb = fb._replace(when=month.group("month"))
        if label:
            out.append(Change(label, a._replace(when=when or (a.when if fa else ""), change=""), fb))
    return out


_EN_PASSIVE = re.compile(r"(?:^|[,;.!?:]\s+)(?P<what>[A-Z][\w'’ -]{2,60}?\s+(?:was|were|has\s+been|have\s+been)\s+"
                         r"[a-z]+(?:ed|en|t)(?:\s+(?:out|up|in|off|on))?)\s+$")


def _passive_en(text: str, at: int) -> str:
    """"The team was called out 142 times": what the count counts is the clause up to it, its subject and verb."""
    m = _EN_PASSIVE.search(text[:at])
    return m.group("what") if m and len(m.group("what").split()) <= 8 else ""


# What a figure is compared with is an earlier level when a time follows it ("14 the winter before").
_EN_EARLIER = re.compile(r"^(?:\s*[A-Za-z%]+)?\s+"
                         r"(?:the\s+(?:winter|summer|year|month|week|season|day|spring|autumn|fall)"
                         r"\s+before|an?\s+(?:year|month|week|decade)\s+(?:earlier|ago|before)|last\s+\w+|"
                         r"in\s+(?:19|20)\d{2}|before\b|previously|earlier|in\s+(?:its|their|the)\s+first)",
                         re.IGNORECASE)


_EN_NUM = r"\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_EN_FROM_TO = re.compile(rf"\bfrom\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?(?P<a>{_EN_NUM}|{EN_WORD_NUMBER})"
                         r"(?:\s+[A-Za-z%][\w%-]*)?\s+to\s+(?:about\s+|around\s+|nearly\s+|under\s+|over\s+|"
                         rf"more\s+than\s+|roughly\s+|just\s+|almost\s+)?(?P<b>{_EN_NUM}|{EN_WORD_NUMBER})",
                         re.IGNORECASE)
_ZH_FROM_TO = re.compile(r"[从由](?:约|近)?(?P<a>\d+(?:\.\d+)?)[\u4e00-\u9fff%]{0,4}?[到至](?:约|近)?"
                         r"(?P<b>\d+(?:\.\d+)?)")


def _side(m: re.Match[str], group: str, ref: Figure | None) -> Figure | None:
    """The side of "from A to B" that has no figure of its own, in the unit of the side that has (`ref`)."""
    written = m.group(group)
    value = number_value(written.lstrip("$"))
    if value is None:
        return None
    if ref is None:
        return Figure(written, value, "", "", False, "", value, "", False, m.start(group))
    mag = ref.scale / ref.value if ref.value else 1.0
    return ref._replace(written=written, value=value, scale=value * mag, start=m.start(group), approx=False)


def _bare_changes(text: str, language: Language, found: list[Figure], done: set[int]) -> list[Change]:
    """"grown from 12 to 47", "from about 90 minutes to under 45", "from 15 to 260 oysters", "从12增加到47家": a
    change where one side (or both) has no unit of its own takes the other's, and a count with no unit at all is
    still a change of what its clause names."""
    at = {f.start: f for f in found}
    out: list[Change] = []
    for m in (_ZH_FROM_TO if language == "zh" else _EN_FROM_TO).finditer(text):
        fa, fb = at.get(m.start("a")), at.get(m.start("b"))
        if fa and fb or (fa and fa.start in done):
            continue
        ref = fb or fa
        if ref is None and not (m.group("a")[-1].isdigit() and m.group("b")[-1].isdigit()):
            continue  # "from two to three" with no unit on either side: words, not a measure
        a, b = fa or _side(m, "a", ref), fb or _side(m, "b", ref)
        head = text[:m.start()]
        if _ranges(text, text[:m.start("a")], None):
            continue
        marks = "，。；！？\n" if language == "zh" else ",;.\n"
        clause_start = max(head.rfind(c) for c in marks) + 1
        prefix = text[clause_start:m.start()]
        if language == "zh":
            label = label_zh(prefix, len(prefix), modifiers=True)
        else:
            label = label_en(prefix, len(prefix)) or _object_en(prefix) or _subject_before_en(prefix)
        if not label and not prefix.strip():
            label = _topic_before(text, clause_start, language)
        if a and b and label:
            out.append(Change(label, a, b))
    return out


def _topic_before(text: str, clause_start: int, language: Language) -> str:
    """"the number of plots has barely moved, from 402 to 410", "涉及夜市的投诉，从…的460件下降到138件": a change
    opening its own clause measures what the clause before it names, when that clause is what changed and its verb."""
    if clause_start < 1 or text[clause_start - 1] not in ",，":
        return ""
    marks = "，。；！？：\n" if language == "zh" else ",;.:!?\n"
    prev_start = max(text.rfind(c, 0, clause_start - 1) for c in marks) + 1
    prev = text[prev_start:clause_start - 1]
    if language == "en":
        return label_en(prev, len(prev))
    listed = re.search(r"(?P<items>[^\W\d_的]{1,4}(?:、[^\W\d_的]{1,4})+(?:和|与|及)[\u4e00-\u9fff]{2,8})$", prev)
    if listed and cjk_count(listed.group("items")) <= 12:  # "噪音、油烟和垃圾投诉": all the items' complaints
        return listed.group("items")
    return label_zh(prev, len(prev), modifiers=True)
