"""Finding a vocabulary's terms in a text: Chinese on jieba word boundaries, English as whole words.

Both languages' lists apply to every text, since an LLM planner may write English visual prompts
for a Chinese article.
"""

from __future__ import annotations

import re
from functools import cache

Vocabulary = dict[str, tuple[str, ...]]  # language -> terms


def jieba_bounds(text: str) -> tuple[set[int], set[int]]:
    import jieba

    starts, ends, pos = set(), set(), 0
    for token in jieba.lcut(text):
        starts.add(pos)
        pos += len(token)
        ends.add(pos)
    return starts, ends


_VOWELS = set("aeiou")


def _lemmas(word: str) -> tuple[set[str], bool]:
    """The dictionary forms an English word may come from, and whether it was inflected (-ed, -ing)."""
    w = word.lower()
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            out = {base, base + "e"}
            if base.endswith("i") and suffix == "ed":
                out.add(base[:-1] + "y")  # carried -> carry
            if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
                out.add(base[:-1])  # stabbed -> stab
            return out, True
    return {w}, False


def _singular(word: str) -> set[str]:
    """A plural's singular (suspects -> suspect), which is all an -s form adds: not the verb's -ed and -ing
    (a "suspected cardiac arrest" is no suspect)."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return {w[:-3] + "y"}
    if w.endswith("es") and len(w) > 4:
        return {w[:-2], w[:-1]}
    if w.endswith("s") and not w.endswith("ss") and len(w) > 4:
        return {w[:-1]}
    return set()


def _inflected(lemma: str, verb_forms_only: bool) -> set[str]:
    """A lemma's regular English inflections: recall -> recalls, recalled, recalling; evacuate -> evacuating."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {stem + "ed", stem + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    if len(lemma) >= 3 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS \
            and lemma[-3] not in _VOWELS:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # stab -> stabbed, stabbing
    if not verb_forms_only:
        forms |= {lemma, lemma[:-1] + "ies" if lemma.endswith("y") else lemma + ("es" if lemma.endswith(
            ("s", "sh", "ch", "x", "z")) else "s")}
    return forms


def word_forms(word: str) -> list[str]:
    """The regular inflections of an English word of four letters or more, itself first. From a dictionary
    form, every form (recall: recalls, recalled, recalling); from an -ed or -ing form, only the other of
    the two, so "shelling" does not become the noun "shell"; from a plural, only its singular."""
    if len(word) < 4 or not word.isalpha():
        return [word]
    singular = _singular(word)
    if singular:
        return [word] + sorted(singular)
    lemmas, inflected = _lemmas(word)
    forms = {f for lemma in lemmas for f in _inflected(lemma, inflected)}
    return [word] + sorted(forms - {word.lower()}, key=len, reverse=True)


@cache
def pattern(term: str) -> re.Pattern[str]:
    """A term's pattern: a Chinese term as written; an English one as whole words, each word in its
    regular inflections (word_forms), so a list need not write out recall, recalls, recalled, recalling.
    A term written with a leading "=" is matched as written."""
    if not term.isascii():
        return re.compile(re.escape(term))
    if term.startswith("="):  # written exactly as it must be found ("=marched": not a marching band)
        body = r"\s+".join(re.escape(w) for w in term[1:].split())
        return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)
    body = r"\s+".join("(?:" + "|".join(re.escape(f) for f in word_forms(w)) + ")" for w in term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


class Text:
    """A text prepared for term look-ups. A Chinese term must start or end where a jieba word does (or
    be 4+ characters long): 超强台风 is a typhoon, but 战争 inside 挑战争议 is not a war."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self._blanked: dict[int, str] = {}
        self._bounds: dict[str, tuple[set[int], set[int]]] = {}

    def _without(self, exclude: Vocabulary | None) -> str:
        if exclude is None:
            return self.raw
        key = id(exclude)
        if key not in self._blanked:
            text = self.raw
            for phrase in sorted((p for ps in exclude.values() for p in ps), key=len, reverse=True):
                text = pattern(phrase).sub(lambda m: " " * len(m.group()), text)
            self._blanked[key] = text
        return self._blanked[key]

    def find(self, vocabulary: Vocabulary, exclude: Vocabulary | None = None) -> list[str]:
        """The terms of `vocabulary` (any language) that occur in the text."""
        text = self._without(exclude)
        found = []
        # "ambulance" and "ambulances" found on the same word are one term: the one written as the text has it.
        by_span: dict[tuple[int, int], str] = {}
        for term in dict.fromkeys(t for ts in vocabulary.values() for t in ts):
            if term.isascii():
                name = term.lstrip("=")
                for m in pattern(term).finditer(text):
                    if m.span() not in by_span or m.group().lower() == name.lower():
                        by_span[m.span()] = name
                continue
            if term not in text:
                continue
            if text not in self._bounds:
                self._bounds[text] = jieba_bounds(text)
            starts, ends = self._bounds[text]
            at = text.find(term)
            while at >= 0:
                if at + len(term) in ends or at in starts or len(term) >= 4:
                    found.append(term)
                    break
                at = text.find(term, at + 1)
        return list(dict.fromkeys(found + [by_span[k] for k in sorted(by_span)]))


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
