"""Judgment (3): who is shown. Real public figures are recognised from an office next to a name
("外交部发言人毛宁", "Governor Kathy Hochul") and from a short list of the very well known, not from
any two or three characters a tagger calls a name: a novel's hero or an alliance is not a person."""

from __future__ import annotations

import re

from storyboard import policy_terms as T
from storyboard import policy_vocab as V
from storyboard.policy_match import Text, cjk

_SURNAME = "".join(sorted(T.ZH_SURNAMES))
_COMPOUND = "|".join(T.ZH_COMPOUND_SURNAMES)
_ZH_OFFICES = sorted(V.OFFICE["zh"], key=len, reverse=True)
# Office, then a name: a surname and one or two characters ("发言人毛宁", "总理李强", "市长陈建国").
_ZH_AFTER = re.compile(rf"(?:{'|'.join(map(re.escape, _ZH_OFFICES))})"
                       rf"((?:{_COMPOUND}|[{_SURNAME}])[\u4e00-\u9fff]{{1,2}})")
_ZH_STOP = set("在于是和与的了表称说今昨向对就将也又都已曾正被把从到为")
_EN_OFFICES = sorted((t for t in V.OFFICE["en"]), key=len, reverse=True)
# A name's words are on one line: a shot's text joins its narration, key phrase and prompt with line breaks, and
# "Suleyman Soylu" at a key phrase's end ran into the prompt's "Magnitude …" as one name.
_EN_NAME = r"[A-Z][a-zA-Z'’\-]+(?:[ \t]+[A-Z][a-zA-Z'’\-]+){0,2}"
# Office, optionally qualified ("Health Minister", "Tesla chief executive"), then a capitalised name.
_EN_AFTER = re.compile(rf"\b(?i:{'|'.join(re.escape(o) for o in _EN_OFFICES)})\s+({_EN_NAME})")


def _zh_named(text: str) -> list[str]:
    out = []
    for m in _ZH_AFTER.finditer(text):
        name = m.group(1)
        # Trim a verb or particle the pattern swallowed: 李强在 -> 李强, 毛宁表示 -> 毛宁.
        while len(name) > 2 and name[-1] in _ZH_STOP:
            name = name[:-1]
        if len(name) == 3 and Text(name[1:]).find(T.PERSON_ACT):
            name = name[:2]
        out.append(name)
    return out


def _en_named(text: str) -> list[str]:
    out = []
    for m in _EN_AFTER.finditer(text):
        words = m.group(1).split()
        if words and words[0][0].isupper() and words[0].lower() not in T.EN_NOT_NAME_FIRST:
            words = [w for w in words if w.lower() not in T.EN_NOT_NAME_WORD]
            if words:
                out.append(" ".join(words))
    return out


# A person by their office or role doing or saying something, with or without a name: "the chief executive
# of Halvorsen Air told pilots", "a deputy minister said", 董事长在会上宣布, 自称医院主任的博主在直播里说.
_EN_ROLE = re.compile(
    r"\b(?:(?:deputy|vice|former|acting|interim)[\s-]+)?(chief\s+executive|ceo|chief\s+operating\s+officer|chairman"
    r"|chairwoman|chairperson|mayor|prime\s+minister|minister|governor|spokes(?:person|man|woman)|commissioner"
    r"|secretary\s+of\s+state|president|senator|ambassador|police\s+chief|boss|(?:council|party)\s+leader"
    r"|leader\s+of\s+[\w\s]{1,30}?(?:council|party))\b(?!['’]s)"
    r"[^.!?;:\"“]{0,60}?\b(?:told|tells|said|says|announced|announces|declared|ordered|orders|admitted|denied|urged"
    r"|warned|vowed|claimed|claims|insisted|signed|apologi[sz]ed|wrote|tweeted|posted|threatened|promised"
    r"|instructed|asked|blamed|called\s+for|dismissed|shouted|shouting|filmed|caught\s+on\s+camera)\b", re.IGNORECASE)
_ZH_ROLE = re.compile(
    r"(副?(?:董事长|总裁|首席执行官|CEO|总经理|局长|市长|县长|省长|部长|厅长|主任|发言人|书记|州长|总统|总理|首相|外长|大使))"
    r"[^，。！？；“”]{0,10}?(?:表示|称|说|宣布|宣称|下令|要求|承认|否认|回应|透露|指出|强调|警告|声称|呼吁|道歉|签署|命令|告诉|批评)")


def role_acts(text: str) -> list[str]:
    """The offices or roles (chief executive, mayor, 董事长) whose holder the text shows saying or doing
    something: a real person's act even unnamed."""
    found = [" ".join(m.group(1).lower().split()) for m in _EN_ROLE.finditer(text)]
    found += [m.group(1) for m in _ZH_ROLE.finditer(text)] if cjk(text) else []
    return list(dict.fromkeys(found))


def public_figures(text: str) -> list[str]:
    """Real people the text names: by office, or from the list of the very well known."""
    named = (_zh_named(text) if cjk(text) else []) + _en_named(text)
    listed = [p for p in Text(text).find(V.PUBLIC_FIGURES) if not any(p.lower() in n.lower() for n in named)]
    return list(dict.fromkeys(named + listed))


def officials(text: str) -> list[str]:
    """Government offices whose holder is identifiable even unnamed ("the health minister said")."""
    return Text(text).find(V.OFFICIAL)


def mentions(text: str, people: list[str]) -> list[str]:
    """Which of the article's public figures this text names, by full name or family name."""
    out = []
    for person in people:
        parts = [person] + ([person.split()[-1]] if " " in person else [])
        if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)" if p.isascii() else re.escape(p), text) for p in parts):
            out.append(person)
    return out
