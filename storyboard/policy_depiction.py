"""Judgment (2): would the shot's generated picture pass as camera footage? A chart, map, drawing,
animation, game screen or product shot would not, whatever it shows.

Charts are named in many ways (折线图, 柱状图, 饼图, "a stacked bar chart", "heat map"), so a chart
is recognised by its shape, a kind of chart followed by 图/chart/graph/plot, not by a list of names.
"""

from __future__ import annotations

import re

from storyboard import policy_vocab as V
from storyboard.policy_match import Text

_CHART = re.compile(
    r"(?:折线|曲线|柱状|柱形|条形|饼状?|环形|散点|面积|雷达|热力|气泡|瀑布|漏斗|走势|趋势|统计|数据|信息|流程|结构"
    r"|分布|对比|示意|甘特|树状|等值线|时间轴)图|图表|数据可视化|可视化图"
    r"|\b(?:line|bar|pie|column|area|scatter|stacked|donut|doughnut|bubble|radar|waterfall|funnel|trend|data)"
    r"[\s-]+(?:chart|graph|plot)s?\b|\b(?:histogram|heat\s?map|infographics?|data\s+visuali[sz]ation|dashboard)\b",
    re.IGNORECASE)


# A product on a white background (白底), not a sign's white ground behind its lettering (白底黑字的牌子).
_PRODUCT = re.compile(r"白底(?![黑红蓝绿金]?字)")


# A chart or map that is a thing in a photographed scene, not the picture (rev 11): "a director at a podium
# pointing to a chart of case numbers", "a nurse writing on paper charts", 指着墙上的地图.
_IN_SCENE = re.compile(
    r"\b(?:pointing\s+(?:to|at)|gestur(?:es|ing)\s+(?:to|at)|beside|next\s+to|in\s+front\s+of|holding|holds|holds\s+up"
    r"|writing\s+on|studying|looking\s+at)\s+(?:a|an|the|his|her|their)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:charts?|graphs?|maps?|diagrams?|screens?)\b|\b(?:paper|patient|medical|flip|wall)\s+(?:charts?|maps?)\b"
    r"|指着[^，。,]{0,12}?(?:图表|地图|示意图|图)", re.IGNORECASE)


def drawn(visual_prompt: str) -> list[str]:
    """The words in the picture's prompt that make it not footage; empty when it is footage-like."""
    visual_prompt = _IN_SCENE.sub(" ", visual_prompt)
    charts = [m.group() for m in _CHART.finditer(visual_prompt)] + [m.group() for m in _PRODUCT.finditer(visual_prompt)]
    return list(dict.fromkeys(Text(visual_prompt).find(V.DRAWN) + charts))


def footage_like(visual_prompt: str) -> bool:
    return not drawn(visual_prompt)
