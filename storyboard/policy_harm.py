"""Harm to people told in the article's own voice: deaths, injuries, casualties, people trapped, missing or
evacuated, found by their shape in Chinese and English.

Revision 9: a learned release (storyboard.policy_e5_shots, q < KEEP) may lift the rules' event holds, but
never where the article itself says people were killed, hurt, trapped, missing or moved out of harm's way:
that is the fake footage that matters most, and a model unsure of the article is no reason to wave it
through. Quoted words, hypotheticals ("could kill") and simulations ("simulated casualties") are not the
article telling of harm, so they do not count; people really hurt in a drill do.
"""

from __future__ import annotations

import re

from storyboard.policy_content import _EN_AT_LEAST, _EN_COUNT, _EN_NUM, _SPORT, _ZH_COUNT, _ZH_NUM, missing_person
from storyboard.policy_frame import _QUOTED
from storyboard.policy_rehearsal import quoted_victims

_SENTENCE = re.compile(r"[^。！？!?\n]+")
# Not the article telling of harm that happened: a hypothetical, a warning, a drill, a simulation.
_NOT_TOLD = re.compile(
    r"\b(?:could|would|might|may|if|unless|risk\s+of|simulated|simulation|mock|rehearsal|scenario"
    r"|pretend(?:ed|ing)?|in\s+the\s+game|in\s+the\s+film|in\s+the\s+novel)\b"
    r"|可能|如果|假如|假设|假定|设定|万一|若是|模拟|假想|游戏中|剧中|小说中|电影中", re.IGNORECASE)
_ZH_PEOPLE = r"(?:人|名|位|户|居民|群众|村民|市民|游客|学生|工人|矿工|乘客|船员)"
_ZH_MOVED = re.compile(
    rf"(?:紧急)?(?:疏散|撤离|转移|安置)[^。，！？]{{0,8}}?{_ZH_NUM}(?:余|多)?{_ZH_PEOPLE}"
    rf"|{_ZH_NUM}(?:余|多)?{_ZH_PEOPLE}[^。，！？]{{0,8}}?(?:被|已|已经|紧急)?(?:疏散|撤离|转移|安置|被困|困在)"
    r"|(?:被困|困在)[^。，！？]{0,8}?(?:废墟|井下|楼内|屋内|车内|电梯|水中|山上|洞内|矿井)")
_EN_PEOPLE = (r"(?:people|residents|villagers|families|households|homes|patients|students|workers|miners|passengers"
              r"|tourists|hikers|guests|children|pupils|staff|crew|locals)")
_EN_MOVED = re.compile(
    rf"\b(?:evacuated|evacuating|evacuate|moved|rescued|airlifted|trapped|stranded)\s+{_EN_AT_LEAST}{_EN_NUM}\s+"
    rf"(?:[a-z-]+\s+)?{_EN_PEOPLE}\b"
    rf"|\b{_EN_AT_LEAST}{_EN_NUM}\s+(?:[a-z-]+\s+)?{_EN_PEOPLE}\s+(?:were|have\s+been|had\s+been|are|remain|remained)?"
    r"\s*(?:evacuated|trapped|stranded|rescued|airlifted|forced\s+from\s+their\s+homes)\b"
    rf"|\b{_EN_PEOPLE}\s+(?:were|have\s+been|had\s+been|are|remain|remained)\s+(?:evacuated|trapped|stranded)\b"
    r"|\b(?:trapped|buried)\s+(?:under|beneath|in|inside)\s+(?:the\s+)?(?:rubble|debris|collapsed|wreckage|mud)",
    re.IGNORECASE)


def own_voice(text: str) -> list[str]:
    """The sentences of `text` in the article's own voice: quotes removed, hypotheticals and drills left out, and
    (revision 11) sentences whose victims are in scare quotes (四十名“乘客”被困: the article's marks say no one was)."""
    told = [s for s in _SENTENCE.findall(text) if not quoted_victims(s)]
    return [s for s in _SENTENCE.findall(_QUOTED.sub(" ", "\n".join(told))) if s.strip() and not _NOT_TOLD.search(s)]


def harm_to_people(text: str, moved: bool = True) -> list[str]:
    """The words by which `text`, in its own voice, tells of people killed, hurt, trapped, missing or
    evacuated (a count of casualties, people moved out or trapped, a search for someone missing).
    `moved=False`: not people evacuated or trapped (what a drill moves out is no harm)."""
    found: list[str] = []
    patterns = (_ZH_COUNT, _EN_COUNT, _ZH_MOVED, _EN_MOVED) if moved else (_ZH_COUNT, _EN_COUNT)
    for sentence in own_voice(text):
        for pattern in patterns:
            found += [m.group().strip()[:24] for m in pattern.finditer(sentence) if not _SPORT.search(m.group())]
        found += missing_person(sentence)
    return list(dict.fromkeys(found))
