"""Part of judgment (1)/(content): does a sentence report a health or safety *claim*, whatever the disease?

A made-up outbreak or a made-up "this drug causes that" is fake news as much as a made-up fire, but
diseases, drugs and products are an open list: no vocabulary names them all. So a claim is found by
its shape, not its nouns: a disease word recognised by form (words ending -itis, -osis, -pox, -virus,
flu; 病, 症, 炎, 癌, 疹; a handful of generic nouns such as "illness", "infection", "failure") together
with a verb of catching it (tested positive, diagnosed, 确诊, 感染) or of something causing it
(linked to, twice as likely to develop, doubles the risk, 导致, 致). A claim that something *lowers*
a risk ("walking cuts heart-attack risk") is advice, not a scare, and does not count. A claim that
something cures, replaces medicine or lets people stop treatment is one without any disease word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyboard.policy_match import cjk

# Diseases and harms by their form; generic nouns for what has no telling suffix.
_EN_DISEASE = re.compile(
    r"\b(?:[a-z]+(?:itis|osis|emia|aemia|pox|virus|viruses|flu|coccus|bacteria|fever)"
    r"|mpox|flu|fever|illness(?:es)?|diseases?|disorders?|syndrome|infections?|cancers?|tumou?rs?|dementia"
    r"|(?:kidney|liver|heart|organ|lung|respiratory)\s+(?:failure|damage|problems?)|birth\s+defects?"
    r"|poisoning|seizures?|strokes?|heart\s+attacks?|allergic\s+reactions?|rash(?:es)?|deaths?)\b",
    re.IGNORECASE)
# Catching it, or something bringing it on (a claim of harm).
_EN_CATCH = re.compile(
    r"\b(?:tested\s+positive|test(?:s|ed)?\s+positive|diagnosed|infected|contracted|caught|came\s+down\s+with"
    r"|fell\s+ill|falling\s+ill|been\s+taken\s+ill|sickened|cases?\s+of|cluster|outbreak|confirmed)\b",
    re.IGNORECASE)
_EN_CAUSE = re.compile(
    r"\b(?:causes?|caused|causing|linked\s+to|tied\s+to|blamed\s+for|triggers?|triggered|leads?\s+to|led\s+to"
    r"|(?:twice|three\s+times|four\s+times|\d+\s+times|more)\s+(?:as\s+)?likely\s+to"
    r"|(?:doubles?|doubled|triples?|tripled|raises?|raised|increases?|increased)\s+(?:the\s+)?(?:risk|risks|chance|odds)"
    r"|higher\s+risk|at\s+risk\s+of)\b",
    re.IGNORECASE)
_EN_LOWERS = re.compile(r"\b(?:lowers?|lowered|cuts?|reduces?|reduced|halves?|prevents?|protects?\s+against)\b"
                        r"[^.]{0,30}\b(?:risk|chance|odds)", re.IGNORECASE)

# Chinese: words ending in a disease character (jieba tokens), and the verbs around them.
_ZH_DISEASE_END = ("病", "症", "炎", "癌", "瘤", "疹", "流感", "病毒", "中毒", "衰竭", "综合征", "早熟", "热")
_ZH_NOT_DISEASE = {"毛病", "通病", "语病", "心病", "弊病", "病", "症", "炎", "热", "发热", "炎热", "火热", "热热",
                   "闷热", "加热", "预热", "亲热", "狂热", "头热", "热热闹闹", "酷热", "燥热", "灼热", "白热",
                   "冷热", "保温热", "余热", "过热", "红热", "温热", "散热", "电热", "光热", "太阳热"}
_ZH_CATCH = re.compile(r"确诊|感染(?!力)|阳性|发病|患上|患有|罹患|病例|染上|聚集性|出现.{0,6}症状")
_ZH_CAUSE = re.compile(r"导致|致使|引起|引发|诱发|致(?=[\u4e00-\u9fff]{1,4}(?:病|症|炎|癌|瘤|疹|死|残|畸|早熟))"
                       r"|增加.{0,6}风险|风险.{0,4}(?:增加|升高|翻倍|上升)|(?:吃|喝|服用|食用|使用).{0,12}后出现")


# A claim that something cures, or replaces medicine, or lets people stop treatment: a health claim
# whatever the disease, and with no disease word at all ("three months of alkaline water and diabetics can
# stop their pills"). Said as advice ("不要擅自停药", "don't stop taking your pills") it is not one.
_ZH_CURE = re.compile(
    r"治愈(?!系|率)|根治|治好了?|包治|神药|(?:不用|不必|无需|不需要|不再需要)再?(?:吃|服|打|用|做)?[^，。！？]{0,4}?(?:药|针|胰岛素|治疗|手术|化疗)"
    r"|停(?:掉|用|服)?[^，。！？、]{0,4}?药(?!店|房|师)|(?:代替|取代|替代)[^，。！？]{0,6}?(?:药|胰岛素|治疗|化疗|疫苗)")
_ZH_ADVICE = re.compile(r"(?:不要|切勿|切莫|别|不可|不宜|不应|不得|擅自|遵医嘱|医生指导)[^，。！？]{0,4}$")
_EN_CURE = re.compile(
    r"(?<![\w-])(?:cures?|cured|curing)\b(?!\s+(?:meats?|ham|hams|bacon|pork|salmon|fish|sausages?|beef))"
    r"|\b(?:stop|stopped|stopping|quit|quitting|come\s+off|came\s+off|give\s+up|gave\s+up|ditch|ditched|throw\s+away)"
    r"\s+(?:taking\s+|using\s+)?(?:(?:their|your|his|her|all|the|my)\s+)?(?:[\w-]+\s+)?(?:pills|medication|medications|medicine"
    r"|medicines|insulin|tablets|treatment|chemo(?:therapy)?|inhalers?|statins|prescriptions?)\b"
    r"|\b(?:instead\s+of|replaces?|replaced|in\s+place\s+of|no\s+longer\s+need(?:s|ed)?)\s+(?:taking\s+)?"
    r"(?:(?:their|your|his|her|the|my)\s+)?(?:insulin|medication|medicine|pills|tablets|chemo(?:therapy)?|treatment"
    r"|vaccines?|vaccination|antibiotics|surgery)\b", re.IGNORECASE)
_EN_ADVICE = re.compile(r"\b(?:no|not|never|don't|do\s+not|shouldn't|should\s+not|must\s+not|without|warn(?:ed|s)?"
                        r"\s+against|there\s+is\s+no)\b[^.!?]{0,25}$", re.IGNORECASE)


def cure_claim(sentence: str) -> list[str]:
    """The words of a claim that something cures or replaces medicine; empty for none, or for advice."""
    found = [m.group() for m in _ZH_CURE.finditer(sentence) if not _ZH_ADVICE.search(sentence[: m.start()])]
    found += [m.group() for m in _EN_CURE.finditer(sentence) if not _EN_ADVICE.search(sentence[: m.start()])]
    return found


@lru_cache(maxsize=4096)
def _zh_diseases(text: str) -> tuple[str, ...]:
    import jieba

    out = []
    for token in jieba.lcut(text):
        if len(token) >= 2 and token not in _ZH_NOT_DISEASE and token.endswith(_ZH_DISEASE_END):
            if token.endswith("热") and len(token) < 3:
                continue
            out.append(token)
    return tuple(out)


def health_claim(sentence: str) -> list[str]:
    """The disease or harm words of a sentence that reports someone catching it or something causing
    it; empty when the sentence makes no such claim."""
    found: list[str] = []
    if cjk(sentence):
        diseases = _zh_diseases(sentence)
        verb = _ZH_CATCH.search(sentence) or _ZH_CAUSE.search(sentence)
        if verb and (diseases or _ZH_CATCH.search(sentence)):
            found += [*diseases, verb.group()]
    diseases_en = [m.group() for m in _EN_DISEASE.finditer(sentence)]
    if diseases_en and not _EN_LOWERS.search(sentence):
        verb_en = _EN_CATCH.search(sentence) or _EN_CAUSE.search(sentence)
        if verb_en:
            found += diseases_en + [verb_en.group()]
    found += cure_claim(sentence)
    return list(dict.fromkeys(w.lower() if w.isascii() else w for w in found))
