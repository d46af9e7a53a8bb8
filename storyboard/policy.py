"""The policy gate: before anything renders, hold the shots that would pass for real news footage.

A tool that turns news articles into realistic video must not quietly make fake footage. Each
shot's narration, key phrase and visual prompt is checked, with the article as context, for:
- `news_event`: a real disaster, attack, accident, protest or war shown as it happens (the event's
  name, or a description of its scene, in an article that reports a particular event);
- `real_person`: a named, identifiable person (a public figure by title, or anyone the shot has
  saying or doing something);
- `official_statement`: a government's, official's or real brand's statement being made;
- `news_style`: "news footage", CCTV, bodycam, dashcam, live-broadcast looks;
- `news_logo`: a real news outlet's name or logo in the picture;
- `sexual_content` and `minor_at_risk`.
Rules come first (term lists in storyboard.policy_terms, Chinese matched on jieba word boundaries,
names found with jieba.posseg `nr`/`nrt` tags and, in English, capitalised names next to a title
or a speech verb). Optional classifiers (an LLM through the planner backends) may add holds but
never remove one, and nothing in the article can switch the gate off: its mode comes from settings.

A held shot keeps its place in the storyboard; a reviewer approves it, drops it, or renders it
from `Hold.suggestion`, a stylised, non-photorealistic prompt with no real faces or logos.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal, Protocol

from reelflow.errors import ReelflowError
from reelflow.models import Article, Language, Shot, Storyboard
from storyboard import policy_terms as T

if TYPE_CHECKING:
    from reelflow.settings import Settings

log = logging.getLogger("storyboard.policy")

Mode = Literal["hold", "block", "warn"]
RULES = ("news_event", "real_person", "official_statement", "news_style", "news_logo", "sexual_content",
         "minor_at_risk")


@dataclass(frozen=True)
class Hold:
    """One shot held for a person's decision, and why."""

    shot_index: int
    reason: str
    rule: str
    evidence: tuple[str, ...] = ()
    suggestion: str = ""
    source: str = "rules"


@dataclass(frozen=True)
class PolicyReport:
    mode: Mode
    holds: list[Hold]
    shots: int

    @property
    def held(self) -> list[int]:
        return sorted({h.shot_index for h in self.holds})

    def for_shot(self, index: int) -> list[Hold]:
        return [h for h in self.holds if h.shot_index == index]


class PolicyBlocked(ReelflowError):
    """The gate is in `block` mode and some shots are risky: nothing is rendered."""


class PolicyClassifier(Protocol):
    """A second opinion (e.g. an LLM). It may add holds; the rules' holds stand whatever it says."""

    name: str

    def classify(self, board: Storyboard, article: Article | None) -> list[Hold]: ...


CLASSIFIERS: dict[str, Callable[[Settings], PolicyClassifier | None]] = {}


def register_classifier(name: str) -> Callable[[Callable[[Settings], PolicyClassifier | None]],
                                                   Callable[[Settings], PolicyClassifier | None]]:
    """Make a classifier available to the `policy_classifiers` setting under `name`."""

    def deco(factory: Callable[[Settings], PolicyClassifier | None]) -> Callable[[Settings], PolicyClassifier | None]:
        CLASSIFIERS[name] = factory
        return factory

    return deco


# ---------------------------------------------------------------- matching


def _jieba_bounds(text: str) -> tuple[set[int], set[int]]:
    import jieba

    starts, ends, pos = set(), set(), 0
    for token in jieba.lcut(text):
        starts.add(pos)
        pos += len(token)
        ends.add(pos)
    return starts, ends


Vocabulary = dict[str, tuple[str, ...]]  # language -> terms


class _Text:
    """A text prepared for term look-ups. Both languages' lists apply to every text, since an LLM
    planner may write English visual prompts for a Chinese article: a Chinese term must start or end
    where a jieba word does (or be 4+ characters long), English ones are matched as whole words."""

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
                text = _pattern(phrase).sub(lambda m: " " * len(m.group()), text)
            self._blanked[key] = text
        return self._blanked[key]

    def find(self, vocabulary: Vocabulary, exclude: Vocabulary | None = None) -> list[str]:
        """The terms of `vocabulary` (any language) that occur in the text."""
        text = self._without(exclude)
        found = []
        for term in dict.fromkeys(t for ts in vocabulary.values() for t in ts):
            if term.isascii():
                if _pattern(term).search(text):
                    found.append(term)
                continue
            if text not in self._bounds:
                self._bounds[text] = _jieba_bounds(text)
            starts, ends = self._bounds[text]
            at = text.find(term)
            while at >= 0:
                # The term must touch a word boundary: 超强台风 is a typhoon and 昨天夜里 is yesterday, but
                # a term inside a word (挑战争议) is not itself.
                if at + len(term) in ends or at in starts or len(term) >= 4:
                    found.append(term)
                    break
                at = text.find(term, at + 1)
        return found


@cache
def _pattern(term: str) -> re.Pattern[str]:
    if not term.isascii():
        return re.compile(re.escape(term))
    body = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


# ---------------------------------------------------------------- names


def _zh_names(text: str) -> list[str]:
    """Personal names jieba.posseg tags (nr, nrfg, nrt), without the informal and the common false ones."""
    import jieba.posseg as pseg

    names = []
    for pair in pseg.cut(text):
        word, flag = pair.word, pair.flag
        if flag not in ("nr", "nrfg", "nrt") or not 2 <= len(word) <= 5 or word in T.ZH_NOT_NAME:
            continue
        if word in T.BRAND["zh"] or word.startswith(T.ZH_INFORMAL_NAME) or word.endswith(T.ZH_INFORMAL_SUFFIX):
            continue
        if len(word) == 2 and _common_word(word):
            continue
        han = all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in word)
        surname = word[0] in T.ZH_SURNAMES or word[:2] in T.ZH_COMPOUND_SURNAMES
        # Two characters: only with a surname first (a common word otherwise); three or more: also foreign names.
        if han and (surname or len(word) >= 3) and (len(word) <= 3 or flag == "nrt" or "·" in word):
            names.append(word)
    return names


def _common_word(word: str) -> bool:
    """jieba's dictionary tags some everyday words as names (顾客, 文明); a real two-character name is rare
    in its corpus, an everyday word frequent."""
    import jieba

    jieba.initialize()
    return jieba.dt.FREQ.get(word, 0) >= 300


_NOT_PEOPLE = {t.lower() for table in (T.BRAND, T.NEWS_OUTLET, T.GOVERNMENT) for ts in table.values() for t in ts}

_EN_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?|[A-Z]\.)"
_EN_NAME = re.compile(rf"\b{_EN_WORD}(?:\s+{_EN_WORD}){{0,4}}")
_EN_SPEECH = "|".join(re.escape(w) for w in T.PERSON_ACT["en"])


def _en_names(text: str) -> list[str]:
    """Capitalised names next to a title ("Minister Li Wei"), a speech verb ("Doyle says"), or with a
    common first name ("Margaret Doyle")."""
    names = []
    for m in _EN_NAME.finditer(text):
        words = m.group().split()
        while words and words[0].lower().strip(".") in T.EN_NOT_NAME_FIRST:
            words = words[1:]
        titles = [i for i, w in enumerate(words) if w.lower() in T.EN_TITLE_WORDS]
        if titles:  # "Interior Minister Suleyman Soylu": the name is what follows the title
            words = words[titles[-1] + 1:]
        if not words or any(w.lower() in T.EN_NOT_NAME_WORD for w in words):
            continue
        name = " ".join(words)
        if name.lower() in _NOT_PEOPLE or words[0].lower() in _NOT_PEOPLE:
            continue
        before = text[max(0, m.start() - 40): m.start() + m.group().find(words[0])].lower().split()
        after = text[m.end(): m.end() + 80]
        titled = bool(before) and (before[-1].strip(",") in T.EN_TITLE_WORDS
                                   or " ".join(before[-2:]) in ("prime minister", "chief executive", "vice president"))
        speaking = re.match(rf"\s*(?:,[^,.;]{{0,60}},\s*)?(?:{_EN_SPEECH})\b", after, re.IGNORECASE) is not None or (
            bool(before) and before[-1] in ("said", "says", "told", "according"))
        given = words[0].lower() in T.EN_GIVEN_NAMES and len(words) >= 2
        if titled or speaking or given:
            names.append(name)
    return names


def _names(text: str) -> list[str]:
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return list(dict.fromkeys((_zh_names(text) if cjk else []) + _en_names(text)))


# ---------------------------------------------------------------- the rules


# Hearsay that frames a particular occurrence: 据渔民讲述, 据一位目击的司机说.
HEARSAY = re.compile(r"据[^，。,.\s]{1,8}?(?:讲述|介绍|回忆|透露|描述|称|说)")


@dataclass
class _Context:
    """What the whole storyboard's source says, once: is it a report of a particular event, and which
    public figures it names (so "he said" in a later shot is still that person)."""

    language: Language
    event_report: bool = False
    event_terms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def _article_context(article: Article | None, board: Storyboard) -> _Context:
    """The article and every shot's picture together: an LLM planner's prompts describe the event too."""
    ctx = _Context(board.language)
    parts = [article.title, article.text] if article is not None else [board.title]
    text = "\n".join(parts + [s.visual_prompt for s in board.shots])
    found = _Text(text)
    events = found.find(T.EVENT, T.EVENT_NOT)
    scenes = found.find(T.SCENE) + found.find(T.SCENE_STRONG)
    casualties = found.find(T.CASUALTY, T.CASUALTY_NOT)
    framing = found.find(T.FRAMING)
    framing += [m.group() for m in HEARSAY.finditer(text)]
    realism = _Text("\n".join(s.visual_prompt for s in board.shots)).find(T.REALISM)
    history = found.find(T.HISTORY)
    evidence = len(events) + len(scenes)
    # A report of a particular event: the event named or its scene described, with news framing or
    # casualties; or, unless told as history, named and described at length, or named, described and
    # asked to look real.
    ctx.event_report = (evidence >= 2 and bool(casualties or framing)) or (
        bool(events) and bool(casualties or len(framing) >= 2)) or (
        not history and bool(events) and (evidence >= 3 or bool(scenes and realism)))
    ctx.event_terms = list(dict.fromkeys(events + scenes))[:4] or casualties[:2]
    ctx.people = _public_figures(text, _names(text)) if article is not None else []
    return ctx


def _public_figures(text: str, names: list[str]) -> list[str]:
    """The names that stand next to a title (部长, president, singer...) somewhere in the text."""
    out = []
    for name in names:
        span = 12 if any("\u4e00" <= ch <= "\u9fff" for ch in name) else 40
        for m in re.finditer(re.escape(name), text):
            if _Text(text[max(0, m.start() - span): m.end() + span]).find(T.TITLE):
                out.append(name)
                break
    return out


def _shot_text(shot: Shot) -> str:
    return "\n".join(x for x in (shot.narration, shot.key_phrase, shot.visual_prompt) if x)


def _check_shot(shot: Shot, ctx: _Context) -> list[Hold]:
    lang = ctx.language
    text = _Text(_shot_text(shot))
    prompt = _Text(shot.visual_prompt)
    holds: list[tuple[str, str, list[str]]] = []

    events = text.find(T.EVENT, T.EVENT_NOT)
    strong, weak = text.find(T.SCENE_STRONG), text.find(T.SCENE)
    casualties = text.find(T.CASUALTY, T.CASUALTY_NOT)
    framing = text.find(T.FRAMING)
    shot_event = bool(events or strong) or len(weak) >= 2 or bool(weak and casualties)
    realistic = bool(prompt.find(T.REALISM))
    news = bool(casualties or framing or len(strong) >= 2 or realistic) or ctx.event_report
    if (ctx.event_report and (events or strong or weak or casualties)) or (shot_event and news):
        what = events + strong + weak or casualties
        holds.append(("news_event", _say(lang, "event", what), what))
    elif ctx.event_report and not prompt.find(T.NOT_FOOTAGE):
        # A follow-up shot of a reported event ("families wait at the pit head") has no risky word of
        # its own, but a realistic picture of it is still footage of that event.
        holds.append(("news_event", _say(lang, "follow_up", ctx.event_terms), ctx.event_terms))

    styles = text.find(T.NEWS_STYLE)
    if styles:
        holds.append(("news_style", _say(lang, "style", styles), styles))

    outlets_pic = prompt.find(T.NEWS_OUTLET)
    outlets = text.find(T.NEWS_OUTLET)
    logos = text.find(T.LOGO)
    if outlets_pic or (outlets and logos):
        holds.append(("news_logo", _say(lang, "logo", outlets_pic or outlets), outlets_pic or outlets))

    names = _names(_shot_text(shot))
    titles = text.find(T.TITLE)
    acts = text.find(T.PERSON_ACT)
    if not names and acts and ctx.people and text.find(T.PRONOUN):
        names = ctx.people[:3]  # "he said": the public figure the article named
    if names and (titles or acts):
        holds.append(("real_person", _say(lang, "person", names), names))

    government = text.find(T.GOVERNMENT)
    statements = text.find(T.STATEMENT)
    brands = text.find(T.BRAND)
    brand_statements = text.find(T.BRAND_STATEMENT)
    speakers = [t for t in titles if t not in ("明星", "歌手", "演员", "star", "singer", "actor", "actress")]
    if statements and (government and (speakers or _speaking_act(statements)) or speakers and acts) \
            or (brands and brand_statements):
        who = government + speakers or brands
        holds.append(("official_statement", _say(lang, "statement", who), who + statements))

    sexual = text.find(T.SEXUAL, T.SEXUAL_NOT)
    if sexual:
        holds.append(("sexual_content", _say(lang, "sexual", sexual), sexual))
    minors, risks = text.find(T.MINOR), text.find(T.MINOR_RISK, T.MINOR_RISK_NOT)
    if minors and (risks or sexual):
        holds.append(("minor_at_risk", _say(lang, "minor", minors + (risks or sexual)), minors + (risks or sexual)))

    if not holds:
        return []
    suggestion = safe_prompt(shot, lang)
    return [Hold(shot.index, reason, rule, tuple(dict.fromkeys(ev)), suggestion) for rule, reason, ev in holds]


DELIVERED = {"声明", "发表声明", "发表讲话", "讲话", "致辞", "记者会", "新闻发布会", "例行记者会", "表态",
             "statement", "press conference", "news conference", "briefing", "press briefing", "speech",
             "addressed", "podium"}


def _speaking_act(statements: list[str]) -> bool:
    """A statement being delivered (a press conference, a speech), not only its content reported."""
    return any(s in DELIVERED for s in statements)


REASONS = {
    "zh": {
        "event": "以新闻方式呈现真实灾难、袭击、事故或冲突（{}）：写实画面会被当作真实现场影像",
        "follow_up": "文章报道的是一起真实事件（{}），这个镜头的写实画面会被当作该事件的现场影像",
        "style": "要求新闻/监控/执法记录仪/直播式画面（{}）：会被当作真实拍摄",
        "logo": "画面可能出现真实新闻机构的名称或台标（{}）",
        "person": "出现可识别的真实人物（{}）在说话或行动：写实画面会伪造其言行",
        "statement": "表现政府、官员或真实品牌的正式表态（{}）：写实画面会伪造官方声明",
        "sexual": "涉及色情或性内容（{}）",
        "minor": "涉及处于危险中的未成年人（{}）",
    },
    "en": {
        "event": "a real disaster, attack, accident or conflict presented as news ({}): realistic footage would "
                 "pass for the real scene",
        "follow_up": "the article reports a real event ({}); a realistic picture in this shot would pass for "
                     "footage of it",
        "style": "asks for a news, CCTV, bodycam or live-broadcast look ({}): it would pass for real recording",
        "logo": "a real news outlet's name or logo could appear in the picture ({})",
        "person": "an identifiable real person ({}) saying or doing something: realistic footage would fake it",
        "statement": "an official statement by a government, official or real brand ({}): realistic footage "
                     "would fake it",
        "sexual": "sexual content ({})",
        "minor": "minors at risk ({})",
    },
}


def _say(language: Language, key: str, evidence: Iterable[str]) -> str:
    shown = "、".join(dict.fromkeys(evidence)) if language == "zh" else ", ".join(dict.fromkeys(evidence))
    return REASONS[language][key].format(shown)


# ---------------------------------------------------------------- safe rewrites

SAFE_STYLE = {
    "zh": "扁平风格插画，简洁的几何图形与图标，柔和色块，明显非写实；不出现真实人物面孔、新闻台标、文字或水印；"
          "用象征性图形表现，不表现伤亡与破坏。画面主题：",
    "en": "flat vector illustration, simple geometric shapes and icons, soft colour blocks, clearly not "
          "photorealistic; no real faces, no news logos, no text or watermarks; symbolic, no injuries or "
          "destruction shown. Subject: ",
}
SAFE_NEGATIVE = {
    "zh": "写实照片，真实人脸，新闻画面，监控画面，台标，水印，文字，血腥，伤亡，废墟",
    "en": "photorealistic, photograph, real face, news footage, CCTV, bodycam, news logo, watermark, text, "
          "blood, injuries, rubble",
}


def safe_prompt(shot: Shot, language: Language) -> str:
    """A stylised prompt for the shot: its harmless keywords, drawn as an illustration."""
    risky = set()
    for table in (T.EVENT, T.SCENE, T.SCENE_STRONG, T.CASUALTY, T.NEWS_STYLE, T.NEWS_OUTLET, T.LOGO, T.SEXUAL,
                  T.TITLE, T.GOVERNMENT, T.BRAND):
        risky.update(t.lower() for ts in table.values() for t in ts)
    names = {n.lower() for n in _names(_shot_text(shot))}
    keep = [k for k in shot.keywords if k.lower() not in risky and k.lower() not in names
            and not any(n in k.lower() or k.lower() in n for n in names)]
    subject = ("、" if language == "zh" else ", ").join(keep[:5]) or ("抽象的信息图形" if language == "zh"
                                                                     else "abstract information graphics")
    return SAFE_STYLE[language] + subject


def safe_shot(shot: Shot, language: Language) -> Shot:
    """The shot with its visual prompt replaced by the stylised one (narration unchanged)."""
    negative = ", ".join(x for x in (shot.negative_prompt, SAFE_NEGATIVE[language]) if x)
    return shot.model_copy(update={"visual_prompt": safe_prompt(shot, language), "negative_prompt": negative})


# ---------------------------------------------------------------- the gate


def check(board: Storyboard, article: Article | None = None,
          classifiers: Sequence[PolicyClassifier] = ()) -> list[Hold]:
    """Every hold on the storyboard, rules first, then each classifier's additions, in shot order."""
    ctx = _article_context(article, board)
    holds = [h for shot in board.shots for h in _check_shot(shot, ctx)]
    for classifier in classifiers:
        try:
            extra = classifier.classify(board, article)
        except ReelflowError as exc:  # a second opinion that fails does not wave the shots through either
            log.warning("The %s policy classifier failed (%s); the rules' holds stand.", classifier.name, exc)
            continue
        seen = {(h.shot_index, h.rule) for h in holds}
        by_index = {s.index: s for s in board.shots}
        for h in extra:
            if h.shot_index in by_index and (h.shot_index, h.rule) not in seen:
                suggestion = h.suggestion or safe_prompt(by_index[h.shot_index], board.language)
                holds.append(Hold(h.shot_index, h.reason, h.rule, h.evidence, suggestion, classifier.name))
    return sorted(holds, key=lambda h: (h.shot_index, RULES.index(h.rule) if h.rule in RULES else len(RULES)))


def gate(board: Storyboard, article: Article | None = None, mode: Mode = "hold",
         classifiers: Sequence[PolicyClassifier] = ()) -> PolicyReport:
    """Check the storyboard and apply the mode: `block` raises PolicyBlocked when anything is held."""
    report = PolicyReport(mode=mode, holds=check(board, article, classifiers), shots=len(board.shots))
    if report.holds and mode == "block":
        lines = "; ".join(f"shot {h.shot_index + 1}: {h.reason}" for h in report.holds[:5])
        raise PolicyBlocked(f"the policy gate blocked {len(report.held)} of {report.shots} shots ({lines}); "
                            "set policy_mode to 'hold' to review them instead")
    if report.holds and mode == "warn":
        for h in report.holds:
            log.warning("Policy (warn only): shot %d: %s", h.shot_index + 1, h.reason)
    return report


def classifiers_for(settings: Settings) -> list[PolicyClassifier]:
    """The classifiers named in settings that can run here."""
    import storyboard.policy_llm  # noqa: F401  (registers "llm")

    out = []
    for name in getattr(settings, "policy_classifiers", []) or []:
        factory = CLASSIFIERS.get(name)
        if factory is None:
            known = ", ".join(sorted(CLASSIFIERS)) or "none"
            raise ReelflowError(f"unknown policy classifier {name!r}; known: {known}")
        made = factory(settings)
        if made is not None:
            out.append(made)
    return out


def review(board: Storyboard, article: Article | None, settings: Settings) -> list[Hold]:
    """The flow's entry point: the holds a person must decide on before rendering.

    `hold` returns them; `block` raises PolicyBlocked; `warn` logs them and holds nothing.
    """
    report = gate(board, article, settings.policy_mode, classifiers_for(settings))
    return report.holds if settings.policy_mode == "hold" else []
