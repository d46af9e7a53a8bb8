"""Comparisons told clause by clause that no figure's label names: rankings, rivals with one verb, and a figure
set against the one it beat.

- a ranking ("最受欢迎的是红烧肉，约600份；其次是清蒸鲈鱼，约450份；番茄炒蛋排第三，约380份", "Riverside Park
  comes second with 33,500, followed by University Avenue at 29,800"): bars by thing, in the article's order;
- rivals that one verb is said of ("Ashton charges $71 a month, while Westport charges $58"): bars by name;
- a figure and the baseline it is measured against ("约400份午餐，比开业头一个月的150份多了一倍还多", "1.2 million
  rides, well ahead of the 800,000 the city forecast"): two bars, each under the words that say which.

Every label and value is the article's own words; anything less certain is no chart at all.
"""

from __future__ import annotations

import re

from reelflow.models import Bar, ChartVisual, Language
from storyboard.figures import Figure, numbers
from storyboard.gapped import gapped
from storyboard.leaders import share_measure_en, with_leader_en

__all__ = ["ranked"]


def ranked(text: str, language: Language) -> ChartVisual | None:
    """The ranking, rivalry or baseline comparison the text makes, as bars; None where it makes none."""
    if language == "zh":
        return ranking_zh(text) or baseline_zh(text)
    return ranking_en(text) or rivals_en(text) or baseline_en(text) or gapped(text, language)  # round 15b


# --- Chinese ----------------------------------------------------------------------------------------------------

_ZH_NAME = r"[\u4e00-\u9fffA-Za-z0-9]{2,10}"
_ZH_ORD = r"第[一二三四五六]"
_ZH_RANK_HEAD = re.compile(rf"^(?:而|但|则)?(?P<measure>[\u4e00-\u9fff]{{2,4}}?)?"
                           r"(?:最[\u4e00-\u9fff]{1,4}的(?:是|要数|当属)|其次(?:是|为|要数)?|再次是|然后是|接下来是"
                           rf"|{_ZH_ORD}是|排(?:名|在)?{_ZH_ORD}(?:位)?的是|位(?:居|列){_ZH_ORD}(?:位)?的是)"
                           rf"(?P<name>{_ZH_NAME})$")
_ZH_RANK_TAIL = re.compile(rf"^(?:而|但|则)?(?P<name>{_ZH_NAME}?)(?:次之|居次|紧随其后|排(?:名|在)?{_ZH_ORD}(?:位)?"
                           rf"|位(?:居|列){_ZH_ORD}(?:位)?|最[\u4e00-\u9fff]{{1,3}})$")
_ZH_BY = re.compile(r"按(?P<measure>[\u4e00-\u9fff]{2,4})(?:排|排名|排序|来看|算)")


# "早上六点半到八点人最多": the crowd (人, 车) is what is most, the time or place before it is what is ranked
_ZH_CROWD = re.compile(r"(?<=[点时天日月周末晚上午间段里内边口处站场区路街门])(?:人|车|人流|车流|客流)$")


def _without_crowd(name: str, head: str) -> str:
    bare = _ZH_CROWD.sub("", name)
    return bare if bare != name and len(bare) >= 2 and re.search(r"最[\u4e00-\u9fff]{1,3}$", head) else name


def ranking_zh(text: str) -> ChartVisual | None:
    """Parts of a sentence (at ；or 。) that each open on a ranked thing (最…的是X, 其次是X, X次之, X排第三,
    X最便宜) and give its figure after it: bars by thing, in the order told, titled by what is ranked."""
    found = numbers(text, "zh")
    rows: list[tuple[str, Figure]] = []
    measure = ""
    at = 0
    for part in re.split(r"(?<=[；;。])", text):
        start, at = at, at + len(part)
        clause_at = start
        name = ""
        for clause in re.split(r"(?<=[，,：:])", part):
            head = clause.rstrip("，,：:；;。")
            m = _ZH_RANK_HEAD.match(head) or _ZH_RANK_TAIL.match(head)
            if m and not re.search(r"\d", m.group("name")):
                name = _without_crowd(m.group("name"), head)
                said = m.groupdict().get("measure") or ""
                if said and not rows and said[-1] not in "得地了的":  # 票价最高的是: the measure; 借得最多的是: none
                    measure = said
                clause_at += len(clause)
                break
            clause_at += len(clause)
        if not name:
            continue
        fig = next((f for f in found if clause_at <= f.start < at), None)
        if fig is not None:
            rows.append((name, fig))
    if len(rows) < 2 or len({f.measure for _, f in rows}) != 1 or len({n for n, _ in rows}) != len(rows):
        return None
    by = _ZH_BY.search(text)
    title = measure or (by.group("measure") if by else "")
    one_unit = len({f.unit for _, f in rows}) == 1
    bars = [Bar(label=n, value=f.written if one_unit else f.written + f.unit, number=f.scale) for n, f in rows]
    return ChartVisual(unit=rows[0][1].unit if one_unit else "", bars=bars[:5], title=title)


_ZH_AGAINST = re.compile(r"比(?P<then>[\u4e00-\u9fff]{2,10}?)的(?:约|近|大约)?$")
_ZH_HERE = re.compile(r"这里|这儿|该[\u4e00-\u9fff]|本[馆店站]|日均|每天|每日|每晚|平均|全年|一共|共")


def baseline_zh(text: str) -> ChartVisual | None:
    """"暑假期间这里日均接待约两千六百人次，比平时的1800人次多出四成多": a figure and the one it is measured
    against (比平时的…), two bars, the first under the time or subject its clause opens with (暑假期间), else the
    short clause before it (一年过去，这里…)."""
    found = numbers(text, "zh")
    for k, old in enumerate(found):
        m = _ZH_AGAINST.search(text[max(text.rfind(c, 0, old.start) for c in "，,；;。") + 1:old.start])
        new = next((f for f in reversed(found[:k]) if f.measure == old.measure and not f.change), None)
        if m is None or new is None:
            continue
        a = max(text.rfind(c, 0, new.start) for c in "，,；;。：:") + 1
        clause = text[a:new.start]
        here = _ZH_HERE.search(clause)
        label = clause[:here.start()] if here else ""
        if not label and a >= 2:
            b = max(text.rfind(c, 0, a - 1) for c in "，,；;。：:") + 1
            prev = text[b:a - 1]
            label = prev if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", prev) and not numbers(prev, "zh") else ""
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", label or "") or label == m.group("then"):
            continue
        title = re.sub(r"^(?:这里|这儿)", "", clause[here.start():]) if here else ""
        title = re.sub(r"(?:约|近|大约|达到?|超过)+$", "", title)
        title = title if 2 <= len(title) <= 10 and not re.search(r"\d", title) else ""
        one_unit = new.unit == old.unit
        bars = [Bar(label=label, value=new.written if one_unit else new.written + new.unit, number=new.scale),
                Bar(label=m.group("then"), value=old.written if one_unit else old.written + old.unit, number=old.scale)]
        return ChartVisual(unit=new.unit if one_unit else "", bars=bars, title=title)
    return None


# --- English ----------------------------------------------------------------------------------------------------

_EN_NUM = r"[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s*%|\s+(?:million|billion|thousand))?"
_EN_NAME = r"[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*){0,3}"
_EN_ORDINALS = r"(?:first|second|third|fourth|fifth|next|top|last)"
# inside a run already ranked ("followed by Oak Hill with 97 and the town centre with 54") a place said in lower
# case with its article is a name too: the run's shape, not the capital, says it is the next thing ranked
_EN_RUN_NAME = rf"(?:{_EN_NAME}|(?:the|its|their)\s+(?P<low>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){{0,2}}?))"
_EN_RANK = [
    # "The busiest dock by far is Central Station, with 41,000 trips": the top of a ranking
    re.compile(rf"\b(?:the\s+)?(?:[a-z]+est|most\s+[a-z]+|biggest|largest|top)\b[^.;:]{{0,40}}?\b(?:is|was)\s+"
               rf"(?P<name>{_EN_NAME}),?\s+(?:with|at|on)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?(?P<num>{_EN_NUM})"),
    # "ranks three neighbourhoods as the hottest: Carver Park, where only 8% of…": the top named after a colon
    re.compile(rf"\b(?:[a-z]+est|(?:most|least)\s+[a-z]+)\b[^.;:]{{0,30}}:\s+(?P<name>{_EN_NAME}),?\s+"
               rf"(?:where|with|at|on)\s+(?:[a-z]+\s+){{0,3}}?(?:about\s+|around\s+|nearly\s+|only\s+|just\s+)?"
               rf"(?P<num>{_EN_NUM})"),
    # "Riverside Park comes second with 33,500", "Elm Street ranks third at 12%"
    re.compile(rf"(?P<name>{_EN_NAME})\s+(?:comes?|came|is|was|ranks?|ranked|finished|places?|placed|sits?|sat)\s+"
               rf"{_EN_ORDINALS}\b,?\s+(?:with|at|on)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?(?P<num>{_EN_NUM})"),
    # "followed by University Avenue at 29,800", "then Hill Road with 9,000"
    re.compile(rf"\b(?:followed\s+by|then|ahead\s+of|behind)\s+(?P<name>{_EN_RUN_NAME}),?\s+(?:with|at|on)\s+"
               rf"(?:about\s+|around\s+|nearly\s+|some\s+)?(?P<num>{_EN_NUM})"),
    # "Riverside is the busiest, with about 2,400", "Oak Lane was by far the most popular at 61%", "Hilltop led
    # with 1,700", "Elm Road tops the table on 12%": the top named first, its rank word after it
    re.compile(rf"(?P<name>{_EN_NAME})\s+(?:(?:is|was|remains|remained|proved)\s+(?:by\s+far\s+|easily\s+|still\s+)?"
               rf"(?:the\s+)?(?:[a-z]+est|most\s+[a-z]+|biggest|largest|top|leader|favou?rite)"
               rf"|(?:leads?|led|tops?|topped)(?:\s+the\s+(?:table|list|ranking))?)\b,?\s+(?:with|at|on)\s+"
               rf"(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?(?P<num>{_EN_NUM})"),
    # "…followed by Hilltop with 1,700 and Mill Lane with 950": the next in the run, joined by "and"
    # "…, while Brindle, the most rural of the three, had 175": an aside about it and a verb of having
    re.compile(rf"(?<=[\d%])(?:\s+[a-z]+){{0,3}},?\s+(?:and|then|while|whereas)\s+(?P<name>{_EN_RUN_NAME})"
               r"(?:,\s+[^,.;\d]{1,40},)?,?\s+(?:with|at|on|had|has|got|took|saw|drew|received|recorded|logged|"
               r"reached|managed)\s+"
               rf"(?:about\s+|around\s+|nearly\s+|some\s+|roughly\s+)?(?P<num>{_EN_NUM})"),
]
_EN_NOT_NAME = {"The", "A", "An", "It", "This", "That", "Its", "Their", "Next", "Then"}


def _number(written: str) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", written)
    if m is None:
        return None
    value = float(m.group().replace(",", ""))
    scale = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
    return value * next((v for k, v in scale.items() if written.endswith(k)), 1.0)


def _unit_after(text: str, end: int) -> str:
    """"41,000 trips in twelve months": the noun a figure counts, said right after it."""
    m = re.match(r"\s+([a-z]+s)\b(\s+(?:a|an|per)\s+(?:day|week|month|year|night)\b)?", text[end:])
    return "".join(g for g in m.groups() if g) if m and m.group(1) not in ("is", "was", "has", "this", "its") else ""


def ranking_en(text: str) -> ChartVisual | None:
    """Things said in their rank order, each with its figure ("The busiest … is X, with N"; "Y comes second with
    M, followed by Z at K"): bars by thing, in the order told, from one sentence or a run of them."""
    hits: dict[int, tuple[str, str, int]] = {}
    ranked_words = 0
    for k, pattern in enumerate(_EN_RANK):
        for m in pattern.finditer(text):
            name = (m.groupdict().get("low") or m.group("name")).strip()
            if name.split()[0] in _EN_NOT_NAME or m.start("num") in hits:
                continue
            ranked_words += 0 < k < len(_EN_RANK) - 1  # "and Y with M" only continues a ranking
            hits[m.start("num")] = (name, m.group("num").rstrip(","), m.end("num"))
    rows = [hits[k] for k in sorted(hits)]
    if not rows or not ranked_words or len({n for n, _, _ in rows}) != len(rows):
        return None
    kinds = {(v[0] if v[0] in "$€£¥" else "") + ("%" if v.endswith("%") else "") for _, v, _ in rows}
    values = [_number(v) for _, v, _ in rows]
    if len(kinds) != 1 or any(v is None for v in values):
        return None
    unit = _unit_after(text, rows[0][2])
    bars = [Bar(label=n, value=v, number=x) for (n, v, _), x in zip(rows, values, strict=True) if x is not None]
    bars = with_leader_en(text, bars)  # "X had the most repairs with 910, followed by…": X is the ranking's top
    title = share_measure_en(text, bars) if not unit else ""  # "8% of the ground is shaded": what the % are of
    return ChartVisual(unit=unit, bars=bars[:5], title=title) if len(bars) >= 2 else None


_EN_RIVAL = re.compile(rf"^(?:(?:[Nn]eighbou?ring|[Nn]earby|[Rr]ival|[Aa]djacent|[Bb]y\s+contrast,?)\s+)?"
                       rf"(?P<name>{_EN_NAME})\s+(?P<verb>[a-z]+s)\b(?P<mid>[^\d$€£¥;,.]{{0,40}}?)\s*"
                       rf"(?:about\s+|around\s+|nearly\s+|just\s+|only\s+)?(?P<num>{_EN_NUM})"
                       r"(?P<per>\s+(?:a|an|per)\s+(?:day|week|month|year|hour|night))?\s*[.;]?\s*$")


def rivals_en(text: str) -> ChartVisual | None:
    """"Neighbouring Ashton charges a typical household $71 a month, while Westport charges $58": named rivals of
    which the sentence says one verb, each with its figure, as bars by name (the first's rate is all of theirs)."""
    parts = re.split(r",\s*(?:while|whereas|but|and)\s+|;\s*(?:while|whereas|but|and\s+)?", text.strip())
    rows = [m for p in parts if (m := _EN_RIVAL.match(p.strip()))]
    if len(rows) < 2 or len(rows) != len(parts) or len({m.group("verb") for m in rows}) != 1 or \
            len({m.group("name") for m in rows}) != len(rows) or any(m.group("name").split()[0] in _EN_NOT_NAME
                                                                    for m in rows):
        return None
    if any(m.group("per") for m in rows[1:]) and any(not m.group("per") for m in rows):
        return None
    kinds = {m.group("num")[0] if m.group("num")[0] in "$€£¥" else "" for m in rows}
    values = [_number(m.group("num")) for m in rows]
    if len(kinds) != 1 or any(v is None for v in values):
        return None
    per = (rows[0].group("per") or "").strip()
    bars = [Bar(label=m.group("name"), value=m.group("num"), number=x) for m, x in zip(rows, values, strict=True)
            if x is not None]
    return ChartVisual(unit=per, bars=bars[:5], title="")


_EN_BEAT = re.compile(rf"(?:\b(?P<verb>[a-z]{{3,}})\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?(?P<a>{_EN_NUM})"
                      r"(?:\s+(?P<unit>[a-z]+))?,?\s+(?:well\s+|far\s+|just\s+|slightly\s+|comfortably\s+)?"
                      r"(?:ahead\s+of|above|below|short\s+of|behind|beating|against|compared\s+(?:with|to))\s+"
                      rf"the\s+(?P<b>{_EN_NUM})\s+(?:(?:that|which)\s+)?(?P<who>(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+"
                      r"(?:forecast|expected|predicted|projected|planned|targeted|budgeted|estimated|promised))\b")


_EN_NOT_VERB = {"about", "around", "nearly", "some", "the", "and", "with", "than", "for", "from", "only", "just",
                "over", "almost", "roughly", "more", "less", "were", "was", "are", "had", "has", "have", "been"}


def baseline_en(text: str) -> ChartVisual | None:
    """"has logged 1.2 million rides, well ahead of the 800,000 the city forecast": what came about against what
    was expected, two bars labelled by their verbs' words ("logged", "city forecast")."""
    m = _EN_BEAT.search(text)
    if m is None or not m.group("verb") or m.group("verb") in _EN_NOT_VERB:
        return None
    a, b = _number(m.group("a")), _number(m.group("b"))
    if a is None or b is None:
        return None
    who = re.sub(r"^the\s+", "", m.group("who"))
    bars = [Bar(label=m.group("verb"), value=m.group("a"), number=a), Bar(label=who, value=m.group("b"), number=b)]
    return ChartVisual(unit=m.group("unit") or "", bars=bars, title="")
