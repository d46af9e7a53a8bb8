"""Part of judgment (1): article types that are not reports, recognised by their shape.

An exhibition, a travel piece, a product review or a match report uses a few war, disaster or
footage words (a museum's trench with "shelling" as a sound effect, a volcanic island, a dash cam on
test) but is built differently from a report: opening times and "on show until", a day-by-day route
and tickets, a price and a spec sheet with "in our tests", a score line. Each shape below is one sign
of its frame; policy_frame weighs them against the report's own signs over the whole article.
"""

from __future__ import annotations

import re

from storyboard.policy_match import cjk, jieba_bounds

_I = re.IGNORECASE

SHAPES: dict[str, re.Pattern[str]] = {
    # Exhibitions, museums, anniversaries: something shown to visitors, for a while.
    "exhibition": re.compile(
        r"展览|展出|展期|展厅|展柜|展品|特展|开展|布展|策展|博物馆|纪念馆|美术馆|陈列|复原(?:了)?|参观|周年|纪念展"
        r"|\b(?:exhibitions?|exhibits?|museums?|galler(?:y|ies)|curators?|on\s+(?:show|display|view)|anniversary"
        r"|commemorat\w+|re-?creates?|re-?created|reconstruct(?:ed|s|ion)|entry\s+is\s+free|admission|display\s+cases?"
        r"|glass\s+cases?)\b", _I),
    # Travel: a place to visit, a route by day, getting there, booking.
    "travel": re.compile(
        r"景点|景区|游客|行程|攻略|门票|订票|订房|住宿|民宿|上岛|环岛|自驾|打卡|看日出|旺季|淡季|出游|旅行|旅游|值得一去"
        r"|第[一二三四五六七]天|(?:第|前|后)[一二三]晚"
        r"|\b(?:itinerar(?:y|ies)|day\s+(?:one|two|three)|getting\s+there|where\s+to\s+(?:stay|eat)|guesthouses?"
        r"|visitors?|tourists?|book\s+ahead|worth\s+a\s+visit|sightseeing|travell?ers'?|hikes?|hiking|trails?"
        r"|sunrise|sunset|ferries\s+run|the\s+island'?s?)\b", _I),
    # Product reviews: a price, a spec, a test by the writer, a verdict.
    "product": re.compile(
        r"售价|评测|测评|横评|对比测试|上手|续航|性价比|值得买|优点|缺点|开箱|实测|我们(?=[^。！？]{0,40}?(?:测试|试用))"
        r"|(?:[0-9]+|[一二两三四五六七八九十百千万]+)\s?(?:元|美元|英镑|毫安|mAh|GB|TB|英寸|寸)(?:价位|档|左右)"
        r"|[0-9]+\s?(?:元|美元|英镑|毫安|mAh|GB|TB|英寸|寸)"
        r"|[£$€¥]\s?\d[\d,.]*|\b\d+(?:\.\d+)?\s?(?:K|mAh|GB|TB|Hz|W|inch|inches|mm|litres?|liters?)\b"
        r"|^tested:|\b(?:in\s+our\s+tests?|we\s+tested|verdict|pros|cons|battery\s+life|price\s+tag|costs?\s+[£$€]"
        r"|(?:the\s+)?app\s+is|worth\s+(?:buying|it|the\s+money)|specs?|at\s+this\s+price)\b", _I | re.MULTILINE),
    # Sport: a match, a score line, a league.
    # Sport: a match, a score line, a league, the positions and laws of a game (rev 10: rugby's, cricket's too).
    "sport": re.compile(
        r"比赛|比分|进球|联赛|决赛|半决赛|夺冠|球队|主场|客场|赛季|[0-9]+\s?[比:：]\s?[0-9]+|球迷|射门|扳平"
        r"|门将|前锋|后卫|中场|队医|换人|替补|首发|裁判|点球|犯规|任意球|角球|达阵|橄榄球|上半场|下半场|终场|补时"
        r"|\b(?:match|matches|scored|goals?|season|league|fixture|kick-off|semi-final|final\s+whistle|half-time"
        r"|championship|tournament|\d+-\d+\s+(?:win|draw|defeat|victory)|coach|striker|midfielder|stadium"
        r"|(?:goal)?keeper|(?:first|second)\s+half|(?:ended|won|lost|drew|finished)\s+\d+-\d+"
        r"|rugby|fly-half|scrum-half|scrums?|line-?outs?|tries|try\s+line|forward\s+pass|equali[sz]er|winger"
        r"|referee|penalty|full-time|sin-bin|touchline|substitutes?|innings|wickets?|\d+(?:st|nd|rd|th)\s+minute)\b",
        _I),
}


# A price or a spec is one sign however many the article gives ("$35 … $140 … $160" is one price list).
_NUMERIC = {"product": re.compile(r"^(?:[£$€¥]\s?\d[\d,.]*|\d[\d,.]*\s?\w+|[一二两三四五六七八九十百千万]+\s?\w+)$"),
            "sport": re.compile(r"^\d+\s?[比:：-]\s?\d+.*$")}
_NO_MATCH = re.compile(r"(?!)")


def _label(m: re.Match[str]) -> str:
    return "(a figure)"


def shape_signs(text: str) -> dict[str, list[str]]:
    """For each non-report frame with a shape, the spans of `text` that show it (one sign each). A short
    Chinese sign must start and end on jieba word boundaries: 进球 inside 冲进球场 is not a goal."""
    out: dict[str, list[str]] = {}
    bounds: tuple[set[int], set[int]] | None = None
    for kind, pattern in SHAPES.items():
        found = []
        for m in pattern.finditer(text):
            if cjk(m.group()) and len(m.group()) < 4:
                bounds = bounds or jieba_bounds(text)
                if m.start() not in bounds[0] or m.end() not in bounds[1]:
                    continue
            found.append(_NUMERIC.get(kind, _NO_MATCH).sub(_label, m.group()))
        out[kind] = found
    return out
