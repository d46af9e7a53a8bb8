"""An age is one person's, never a count: "年纪最大的学员是八十三岁的王秀英" drawn as "八十三 | 学员" reads as 83
students. A figure in years of life (岁, 周岁) is a stat only when its label names an age (平均年龄, 年龄中位数);
otherwise it says who someone is, which a scene shows better than a number beside the wrong noun. So is how long
someone has done something ("经营家政公司十年的赵磊", "干了二十年装修的老周", "who has run the shop for 30 years",
"after 12 years in the job"): a tenure, never a count of the thing done."""

from __future__ import annotations

import re

from reelflow.models import Language
from storyboard.figures import Figure

__all__ = ["lone_age", "lone_tenure"]

_ZH_AGE_UNITS = ("岁", "周岁", "虚岁")
_ZH_AGE_LABEL = re.compile(r"年龄|岁数|年纪|寿命|平均")
_EN_AGE_AFTER = re.compile(r"^\s*(?:-|\s)?(?:years?|yrs?)(?:-|\s+)old\b|^-year-old\b", re.IGNORECASE)
_EN_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+$", re.IGNORECASE)
_EN_AGE_LABEL = re.compile(r"\b(?:age|ages|aged|life\s+expectancy|lifespan)\b", re.IGNORECASE)


def lone_age(f: Figure, narration: str, language: Language) -> bool:
    """Whether f is somebody's age (八十三岁的王秀英, "a 91-year-old volunteer", "aged 12") and its label does not
    say it is an age: such a figure counts nothing and is never drawn as a stat."""
    if language == "zh":
        return f.unit in _ZH_AGE_UNITS and not _ZH_AGE_LABEL.search(f.label)
    after = narration[f.start + len(f.written):]
    before = narration[:f.start]
    age = bool(_EN_AGE_AFTER.match(after) or _EN_AGE_BEFORE.search(before))
    return age and not _EN_AGE_LABEL.search(f.label)


_ZH_YEARS = ("年", "个月", "多年")
_ZH_TENURE_AFTER = re.compile(r"^(?:多)?(?:年|个月)(?:多|有余|之久)?(?:了)?的")  # 十年的赵磊: a span qualifying who
_ZH_TENURE_BEFORE = re.compile(r"(?:干|做|当|教|开|经营|工作|从业|从事|执教|行医|坐诊|服务|扎根|守|住|跑|卖|带|管)了?"
                               r"(?:近|约|整整|足足|将近|快|已)?$")
_DURATION_LABEL = re.compile(r"时间|时长|年限|工龄|周期|期限|历时|耗时|平均|寿命|等待|\b(?:time|wait|duration|"
                             r"span|average|life|lifespan|term)\b", re.IGNORECASE)
_EN_YEARS_AFTER = re.compile(r"^\s*(?:-|\s)?(?:years?|decades?)\b", re.IGNORECASE)
_EN_TENURE_BEFORE = re.compile(r"\b(?:for|after|over|in\s+the\s+job\s+for)\s+(?:(?:about|almost|nearly|more\s+than|"
                               r"over|some|around|the\s+past|the\s+last|the)\s+)*$", re.IGNORECASE)
_EN_TENURE_WORDS = re.compile(r"^[-\s]*(?:years?|decades?)[-\s]+(?:veteran|career|stint|old\s+business)\b",
                              re.IGNORECASE)


def lone_tenure(f: Figure, narration: str, language: Language) -> bool:
    """Whether f is how long someone has done something (十年的赵磊, 干了二十年, "for 30 years", "a 20-year
    veteran") and its label does not name a duration: a stat "十 | 经营家政公司" reads as ten companies."""
    if _DURATION_LABEL.search(f.label) or f.change:
        return False
    after = narration[f.start + len(f.written):]
    before = narration[:f.start]
    if language == "zh":
        if f.unit not in _ZH_YEARS or f.value >= 1000:  # 2024年 is a date
            return False
        return bool(_ZH_TENURE_AFTER.match(after) or _ZH_TENURE_BEFORE.search(before))
    if f.value >= 1000:
        return False
    return bool(_EN_YEARS_AFTER.match(after) and _EN_TENURE_BEFORE.search(before) or _EN_TENURE_WORDS.match(after))
