"""From a checked draft to the shots the pipeline uses.

The model proposes; this module decides. Narration is kept only where it traces to the article, the
key phrase must be a short piece of the narration (else one is derived), durations come from the
narration's length, the style sheet is folded into every visual prompt, and the shots are cut down
to the target length with every part of the article represented where it fits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import jieba

from reelflow.models import Article, Language, Shot, StyleEntity, StyleSheet, Visual
from storyboard.llm.faithful import Tracer
from storyboard.llm.prompt import Piece
from storyboard.llm.schema import CAMERA_MOVES, LIMITS, DraftShot, DraftStyle, NarrationMode, PlanDraft
from storyboard.rules import (
    CAMERAS,
    KEY_PHRASE_EN_WORDS,
    KEY_PHRASE_ZH_CHARS,
    NEGATIVE_PROMPT,
    SHOT_MAX,
    key_phrase,
)
from storyboard.segment import EN_WORD, cjk_count, estimate_seconds, keyword_weights, keywords, sentences, words
from storyboard.visuals import plan_visual, traceable

MAX_PROMPT_CHARS = 700


@dataclass
class ArticleIndex:
    """The article as the LLM planners see it: sentences numbered across the article, and the checks."""

    article: Article
    sentences: list[Piece]
    tracer: Tracer
    weights: dict[str, float]

    @classmethod
    def of(cls, article: Article) -> ArticleIndex:
        lang = article.language
        pieces = [Piece(0, p, s) for p, para in enumerate(article.paragraphs)
                  for s in sentences(para, lang, split_long=False)]
        pieces = [Piece(i, p.paragraph, p.text) for i, p in enumerate(pieces)]
        pairs = keyword_weights(article.text, lang, 40)
        top = max((w for _, w in pairs), default=0.0) or 1.0
        return cls(article, pieces, Tracer(article.text, lang, article.paragraphs),
                   {k.lower(): w / top for k, w in pairs})

    def paragraphs(self, numbers: list[int]) -> list[Piece]:
        return [Piece(p, p, self.article.paragraphs[p]) for p in numbers]


@dataclass
class Built:
    """The usable shots of one answer and what was wrong with the rest (for a repair request)."""

    shots: list[Shot] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    style: StyleSheet = field(default_factory=StyleSheet)

    @property
    def score(self) -> tuple[int, int]:
        return len(self.shots), -len(self.problems)


def importance(text: str, index: ArticleIndex) -> float:
    """The article's keyword weight said per (square-root) second: what a shot is worth keeping for."""
    lang = index.article.language
    found = {w if lang == "zh" else w.lower() for w in words(text, lang)}
    seconds = max(estimate_seconds(text, lang), 1.0)
    return sum(index.weights.get(w, 0.0) for w in found) / math.sqrt(seconds)


def merge_style(base: StyleSheet | None, draft: DraftStyle) -> StyleSheet:
    """The first answer's look wins; later sections may only add characters and places."""

    def entities(old: list[StyleEntity], new: list) -> list[StyleEntity]:
        out = list(old)
        names = {e.name.strip().lower() for e in out}
        for e in new:
            name, desc = e.name.strip()[: LIMITS["name"] * 2], e.description.strip()[: LIMITS["description"] * 2]
            if name and desc and name.lower() not in names:
                out.append(StyleEntity(name=name, description=desc))
                names.add(name.lower())
        return out

    if base is None:
        base = StyleSheet(look=draft.look.strip()[:200], era=draft.era.strip()[:80],
                          palette=[c.strip() for c in draft.palette if c.strip()][:6])
    return base.model_copy(update={"characters": entities(base.characters, draft.characters),
                                   "places": entities(base.places, draft.places)})


def fold_style(prompt: str, style: StyleSheet, refs: list[str], camera: str) -> str:
    """The shot's prompt with the fixed descriptions of what it shows and the shared look appended,
    so that shots generated separately still draw the same person, place and palette."""
    prompt = prompt.strip().rstrip(".")
    low = prompt.lower()
    parts = [prompt]
    for entity in [*style.characters, *style.places]:
        if entity.name in refs and entity.description.lower() not in low:
            parts.append(f"{entity.name}: {entity.description.rstrip('.')}")
    look = ", ".join(x for x in (style.look, style.era) if x)
    if style.palette:
        look = f"{look}, palette of {', '.join(style.palette)}" if look else f"palette of {', '.join(style.palette)}"
    if look and look.lower() not in low:
        parts.append(look)
    if camera != "static" and camera not in low:
        parts.append(camera)
    return ". ".join(parts)[:MAX_PROMPT_CHARS]


_CLAUSE_MARKS = re.compile(r"[，。、：；！？,;:!?…]|\.(?!\d)")


def good_key_phrase(phrase: str, narration: str, language: Language) -> bool:
    """Short, inside one clause, and made of whole words of the narration (never half a word)."""
    phrase = phrase.strip()
    at = narration.find(phrase)
    if len(phrase) < 2 or at < 0 or _CLAUSE_MARKS.search(phrase):
        return False
    if language == "zh":
        if not 0 < cjk_count(phrase) <= KEY_PHRASE_ZH_CHARS or len(phrase) > KEY_PHRASE_ZH_CHARS + 6:
            return False
        edges, pos = {0}, 0
        for w in jieba.lcut(narration):
            pos += len(w)
            edges.add(pos)
        return at in edges and at + len(phrase) in edges
    end = at + len(phrase)
    inside_word = (at > 0 and narration[at - 1].isalnum()) or (end < len(narration) and narration[end].isalnum())
    return not inside_word and 0 < len(EN_WORD.findall(phrase)) <= KEY_PHRASE_EN_WORDS


def _narration(shot: DraftShot, index: ArticleIndex, mode: NarrationMode) -> tuple[str, int | None]:
    if mode == "extract" and shot.sentences:
        chosen = sorted({n for n in shot.sentences if 0 <= n < len(index.sentences)})
        if not chosen:
            return "", None
        joiner = "" if index.article.language == "zh" else " "
        return joiner.join(index.sentences[n].text for n in chosen), index.sentences[chosen[0]].paragraph
    return shot.narration, shot.paragraph


def build(draft: PlanDraft, index: ArticleIndex, mode: NarrationMode, *, seed: int,
          style: StyleSheet | None = None) -> Built:
    """Shots from a draft: each narration checked against the article, untraceable sentences dropped."""
    article = index.article
    lang = article.language
    sheet = merge_style(style, draft.style)
    names = {e.name for e in [*sheet.characters, *sheet.places]}
    out = Built(style=sheet)
    seen: set[str] = set()
    for k, d in enumerate(draft.shots):
        narration, paragraph = _narration(d, index, mode)
        narration, problems = index.tracer.check(narration)
        out.problems += [f"shot {k}: “{p.sentence[:60]}” {p.reason}" for p in problems]
        if not narration:
            if not problems:
                out.problems.append(f"shot {k}: no narration")
            continue
        if narration in seen:
            out.problems.append(f"shot {k}: repeats an earlier shot's narration")
            continue
        seen.add(narration)
        if paragraph is None or not 0 <= paragraph < len(article.paragraphs) or (
                mode == "rewrite" and not _in(narration, article.paragraphs[paragraph], index)):
            found = index.tracer.paragraph_of(narration)
            paragraph = found if found is not None else 0
        camera = d.camera if d.camera in CAMERA_MOVES else CAMERAS[(seed + k) % len(CAMERAS)]
        refs = [r for r in d.style_refs if r in names]
        image = article.images[d.image] if d.image is not None and 0 <= d.image < len(article.images) else None
        prompt = fold_style(d.visual_prompt, sheet, refs, camera)
        for part in split_long(narration, lang):
            kws = [w.strip()[:30] for w in d.keywords if w.strip()][:5] or keywords(part, lang, 5, nouns=True)
            phrase = d.key_phrase if good_key_phrase(d.key_phrase, part, lang) else \
                key_phrase(part, lang, index.weights)
            out.shots.append(Shot(
                index=len(out.shots),
                narration=part,
                visual_prompt=prompt,
                negative_prompt=NEGATIVE_PROMPT["en"],
                camera=camera if camera != "static" else "slow push in",
                seconds=estimate_seconds(part, lang),
                key_phrase=phrase,
                keywords=kws,
                paragraph=paragraph,
                image=image,
                style_refs=refs,
                visual=_visual(d, part, index, image, prompt, kws, first=not out.shots, phrase=phrase),
                judgment=d.judgment,
            ))
    return out


def _visual(d: DraftShot, part: str, index: ArticleIndex, image: str | None, prompt: str, kws: list[str], *,
            first: bool, phrase: str) -> Visual:
    """The model's visual when all it shows is in the article; else one derived from the narration, as the
    rules planner does (a graphic that cannot be traced is never drawn)."""
    article = index.article
    text = "\n".join([article.title, article.text])
    if d.visual is not None and d.visual.kind not in ("scene", "image") and traceable(d.visual, text):
        return d.visual
    return plan_visual(part, article.language, text, title=article.title if first else "", hook=phrase,
                       image=image, prompt=prompt, search=kws)


def split_long(narration: str, language: Language) -> list[str]:
    """A narration longer than a shot should be (9 s) as consecutive parts that each fit, split between
    sentences, or at clause punctuation inside a long sentence; never inside a word."""
    if estimate_seconds(narration, language) <= SHOT_MAX:
        return [narration]
    joiner = "" if language == "zh" else " "
    parts: list[str] = []
    for piece in sentences(narration, language, split_long=True):
        if parts and estimate_seconds(parts[-1] + joiner + piece, language) <= SHOT_MAX:
            parts[-1] += joiner + piece
        else:
            parts.append(piece)
    return parts


def _in(narration: str, paragraph: str, index: ArticleIndex) -> bool:
    """Whether most of `narration` traces to this one paragraph."""
    return Tracer(paragraph, index.article.language).coverage(narration) >= 0.5


def fit(groups: list[list[Shot]], max_seconds: float, index: ArticleIndex) -> list[Shot]:
    """Shots (grouped by section, in article order) cut down to `max_seconds`: first the best shot of
    each section, best sections first, so the clip covers the whole article; then the best of the rest."""
    flat = [(g, s) for g, shots in enumerate(groups) for s in shots]
    if sum(s.seconds for _, s in flat) <= max_seconds:
        chosen = set(range(len(flat)))
    else:
        score = [importance(s.narration, index) for _, s in flat]
        best_of: dict[int, int] = {}
        for i, (g, _) in enumerate(flat):
            if g not in best_of or score[i] > score[best_of[g]]:
                best_of[g] = i
        order = sorted(best_of.values(), key=lambda i: -score[i])
        order += sorted((i for i in range(len(flat)) if i not in order), key=lambda i: (-score[i], i))
        chosen, used = set(), 0.0
        for i in order:
            if used + flat[i][1].seconds <= max_seconds:
                chosen.add(i)
                used += flat[i][1].seconds
        if not chosen:  # every shot is longer than the clip: say the most important one anyway
            chosen = {max(range(len(flat)), key=lambda i: score[i])}
    return [s.model_copy(update={"index": n}) for n, i in enumerate(sorted(chosen)) for s in [flat[i][1]]]
