"""Judgment (1), a rehearsal: an article about a drill, exercise or simulation, told by its structure.

Revision 11. A drill written as a report (昨日, "on Monday", officials said) has a report's every sign and
a disaster's every word, so counting frame words lost to the report's (held-out 14: four drills held).
What gives a rehearsal away is how it is told: a drill word where the article says what it is about (the
title or the first sentence), and a second sign of staging anywhere: a scenario ("模拟场景为", "训练假设",
"the scenario was"), people playing parts ("由医学生扮演", "role-played", "volunteers posing as"), the
victims in scare quotes (“伤员”, 'casualties'), or the drill word again. A drill that is a report all the
same (people really harmed in it, a military show of force) is storyboard.policy_frame's to decide; a
"drill" the article says was none (a cover story) is no rehearsal.
"""

from __future__ import annotations

import re

# Words for a rehearsal, where the article says what it is about.
_DRILL = re.compile(
    r"演练|演习|练兵|模拟|预演|推演|拉练"
    r"|\b(?:drills?|exercises?|rehears(?:al|als|e|ed|es|ing)|practice\s+runs?|dry\s+runs?|mock|simulat(?:ed|ion|ions)"
    r"|war\s?games?|shakeout)\b", re.IGNORECASE)
# Words that name a rehearsal only beside staging (训练 is a team's training too, "practised" a pianist's).
_DRILL_WEAK = re.compile(r"训练|\b(?:practi[sc](?:ed|ing)|practises|training)\b", re.IGNORECASE)
# Staging: a scenario, people playing parts, a make-believe casualty.
_STAGED = re.compile(
    r"场景为|模拟场景|假设|假定|设定|假想|科目|扮演|饰演|化了?伤妆|伤妆|模拟伤员|假人|道具"
    r"|\b(?:scenario|role-?play(?:ed|ers?|ing)?|played\s+by|play(?:ed|ing|s)?\s+(?:the\s+)?(?:casualties|victims"
    r"|injured|wounded|passengers|patients|hostages)|posing\s+as|pretend(?:ed|ing)?|made\s+up\s+(?:as|with)|make-?up|fake\s+blood"
    r"|fake\s+wounds|dummy|dummies|mannequins?)\b", re.IGNORECASE)
# The victims in scare quotes: the article's own marks say they are not real.
_QUOTED = re.compile(r"“([^”\n]{1,20})”|「([^」\n]{1,20})」|\"([^\"\n]{1,30})\"|(?:(?<=\s)|^)'([^'\n]{1,30})'(?!\w)",
                     re.MULTILINE)
_VICTIM = re.compile(r"伤员|伤者|伤病员|落水|被困|遇难|死者|群众|乘客|患者|病人|人质|幸存者|受灾"
                     r"|\b(?:casualt(?:y|ies)|victims?|injured|wounded|dead|bodies|hostages?|survivors?|patients?"
                     r"|passengers?|evacuees)\b", re.IGNORECASE)
# The article says the "drill" was none: a cover story, a real event told as one.
_NOT_A_DRILL = re.compile(
    r"(?:不是|并非|并不是|根本不是|而非)(?:一次|一场)?(?:演练|演习|模拟)|谎称|号称|对外称|声称[^。！？]{0,12}(?:演练|演习)"
    r"|以(?:演练|演习)为名|(?:演练|演习)为幌子"
    r"|\b(?:not\s+an?\s+(?:drill|exercise)|wasn'?t\s+an?\s+(?:drill|exercise)|was\s+no\s+(?:drill|exercise)"
    r"|(?:called|claimed|described|passed\s+off|dismissed)\s+(?:it\s+)?as\s+an?\s+(?:drill|exercise)"
    r"|(?:called|claimed)\s+it\s+(?:was\s+)?an?\s+(?:drill|exercise)|cover\s+story|under\s+the\s+guise"
    r"|(?:real|actual|genuine)\s+(?:[a-z-]+\s+)?(?:leak|explosion|accident|emergency|fire\s+broke)|not\s+part\s+of\s+the\s+(?:drill|exercise))\b"
    r"|真实(?:的)?(?:泄漏|事故|爆炸|险情|火情)|真的(?:泄漏|爆炸|着火)|不属于(?:演练|演习)",
    re.IGNORECASE)
_FIRST = re.compile(r"[^。！？!?\n]+(?:[。！？!?]|$)|[^\n]+?(?<=[.!?])(?=\s|$)")


def _first_sentence(text: str) -> str:
    found = _FIRST.search(text.strip())
    return found.group() if found else ""


def quoted_victims(text: str) -> list[str]:
    """The victims `text` puts in scare quotes (“伤员”, 'casualties'): its own marks say they are not real."""
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    return [q for q in quoted if _VICTIM.search(q)]


def not_a_drill(text: str) -> bool:
    """Does the article say its "drill" was none (不是演练, "officials called it a drill", a cover story)?"""
    return bool(_NOT_A_DRILL.search(text))


def rehearsal(title: str, text: str) -> tuple[str, ...]:
    """The signs that the article is about a rehearsal (empty: it is not, or it says its "drill" was none)."""
    whole = f"{title}\n{text}"
    if not_a_drill(whole):
        return ()
    lead_text = f"{title}\n{_first_sentence(text)}"
    staged = [m.group() for m in _STAGED.finditer(whole)]
    victims = quoted_victims(whole)
    lead = _DRILL.findall(lead_text) or (_DRILL_WEAK.findall(lead_text) if staged or victims else [])
    if not lead:
        return ()
    # Two different drill words ("practice run" and "drill") say it twice; one said again ("exercise") does not.
    again = {re.sub(r"s$", "", m.group().lower()) for m in _DRILL.finditer(whole)}
    signs = staged + [f"“{v}”" for v in victims]
    if not signs and len(again) < 2:
        return ()
    return tuple(dict.fromkeys([lead[0]] + signs + sorted(again)))
