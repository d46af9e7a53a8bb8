"""The gate's rules: how the four judgments combine into holds, shot by shot.

A shot is held for what it shows when (1) the article reports a real event or claim, (2) the shot's
picture would pass for camera footage, and (3) it shows an event, a health or safety claim, or a
real person doing or saying something. (4) A footage-like shot that carries on a held event (its
queues, clean-ups, crowds) is held too, with the reason pointing at the first held shot. Looks that
fake a recording (CCTV, a news logo), sexual content and minors at risk are held in any frame, except
a CCTV or news look inside a game's, film's or novel's story, which records no real event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from reelflow.models import Article, Language, Shot, Storyboard
from storyboard import policy_terms as T
from storyboard import policy_vocab as V
from storyboard.policy_claim import health_claim
from storyboard.policy_content import content_shape
from storyboard.policy_depiction import drawn
from storyboard.policy_frame import Frame, article_frame
from storyboard.policy_hold import Hold
from storyboard.policy_match import Text
from storyboard.policy_people import mentions, officials, public_figures, role_acts
from storyboard.policy_reasons import say
from storyboard.policy_safe import safe_prompt

# Hearsay that frames a particular occurrence: 据渔民讲述, 据一位目击的司机说.
HEARSAY = re.compile(r"据[^，。,.\s]{1,8}?(?:讲述|介绍|回忆|透露|描述|称|说)")
_SENTENCE = re.compile(r"[^。！？!?\n]+|(?<=[.!?])\s")
DELIVERED = {"声明", "发表声明", "发表讲话", "讲话", "致辞", "记者会", "新闻发布会", "例行记者会", "表态",
             "statement", "press conference", "news conference", "briefing", "press briefing", "speech",
             "addressed", "podium"}
# The frame storyboard.policy_e5_frame gives an article it is sure reports no risky event.
NOT_RISKY = "not_report"
# What a later shot can carry on: an event, a person's act, an official statement.
CARRIED = ("news_event", "real_person", "official_statement")
_BY_MODEL = {"zh": "规划模型的判断", "en": "the planner model's judgment"}  # evidence of a hold the model added
# Frames of a made-up story: a news or CCTV look in them shows no real event (rev 9; held in a report).
STORIES = ("fiction", "game_film")
ENTERTAINERS = {"明星", "歌手", "演员", "star", "singer", "actor", "actress"}


def claims(text: str) -> set[str]:
    """The words of `text` that make what it shows a health or safety claim rather than another event."""
    return set(V.HEALTH["zh"] + V.HEALTH["en"]) | set(health_claim(text)) | set(content_shape(text).practice)


def event_content(text: str) -> tuple[list[str], list[str]]:
    """(what the text shows of an event, health or safety scare or unrest; casualty words). An event
    told by its shape (a casualty count, police acting on people, force, a blockade, a harmful
    practice exposed) counts whatever its words; flames and bangs in a kitchen or a fireworks show
    are not an event."""
    found = Text(text)
    casualties = found.find(T.CASUALTY, T.CASUALTY_NOT)
    shape = content_shape(text)
    health = found.find(V.HEALTH) + health_claim(text) + list(shape.practice)
    unrest = found.find(V.UNREST) + list(shape.event)
    if found.find(V.HARMLESS):
        return list(dict.fromkeys(health + unrest)), casualties
    events = found.find(T.EVENT, T.EVENT_NOT)
    strong = found.find(T.SCENE_STRONG)
    weak = found.find(T.SCENE) + found.find(V.PARAPHRASE)
    shown = events + strong + health + unrest
    weather = set(found.find(V.WEATHER))
    calm = weather | set(found.find(V.CLOSURE))
    if not casualties and (not (shown or set(weak) - weather) or weather and set(shown + weak) <= calm):
        # Rain, mud or snow and what they shut, nobody harmed: a muddy festival or a snow day is no event (rev 11).
        return [], casualties
    # The same thing named in both languages (消防车, "fire truck": a Chinese article's English prompt) is one sign.
    signs = max(len(found.find({lang: T.SCENE[lang]})) + len(found.find({lang: V.PARAPHRASE[lang]}))
                for lang in ("zh", "en"))
    if signs >= 2 or (weak and (casualties or shown)):
        shown += weak
    return list(dict.fromkeys(shown)), casualties


@dataclass
class Context:
    """What the whole article says, once: its frame, whether it reports an event, its public figures."""

    language: Language
    frame: Frame
    event_terms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    @property
    def event_report(self) -> bool:
        return self.frame.real and bool(self.event_terms)


def article_context(article: Article | None, board: Storyboard, frame: Frame | None = None) -> Context:
    """The article's context; `frame` replaces the rules' frame judgment when given (policy_frame_e5)."""
    title = article.title if article is not None else board.title
    body = article.text if article is not None else ""
    if frame is None:
        frame = article_frame(title, body) if article is not None else Frame("report")
    ctx = Context(board.language, frame)
    units = [u for u in _SENTENCE.findall(f"{title}\n{body}") if u.strip()]
    units += [f"{s.narration}\n{s.visual_prompt}" for s in board.shots]
    shown: list[str] = []
    casualties = framing = 0
    for unit in units:
        terms, hurt = event_content(unit)
        shown += terms
        casualties += bool(hurt)
        framing += bool(Text(unit).find(T.FRAMING) or HEARSAY.search(unit))
    shown = list(dict.fromkeys(shown))
    # A report of an event: named or described more than once, or once with harm or news framing.
    if len(shown) >= 2 or (shown and (casualties or framing)):
        ctx.event_terms = shown[:4]
    everything = "\n".join([title, body] + [_shot_text(s) for s in board.shots])
    ctx.people = list(dict.fromkeys(public_figures(everything) + role_acts(everything)))
    return ctx


def _people_real(shot: Shot, ctx: Context, planner: bool) -> bool:
    """(1) for a real person's act or statement: a report, or an article e5 found reports no risky event (a
    mayor's announcement is no event, but a picture of the mayor saying it would still pass for real)."""
    return ctx.frame.kind == NOT_RISKY or _real(shot, ctx, planner)


def _real(shot: Shot, ctx: Context, planner: bool) -> bool:
    """(1) for this shot: the rules' frame, or the planner model's when it says "report" (never the reverse)."""
    return ctx.frame.real or (planner and shot.judgment is not None and shot.judgment.frame == "report")


def _footage(shot: Shot, planner: bool) -> bool:
    """(2) for this shot: footage-like by the rules, or by the planner model's judgment."""
    return not drawn(shot.visual_prompt) or (planner and shot.judgment is not None and shot.judgment.footage_like)


def _judged_people(shot: Shot, planner: bool) -> list[str]:
    """(3) by the planner model: the real people it says the shot shows."""
    return list(shot.judgment.real_people) if planner and shot.judgment is not None else []


def _judged_content(shot: Shot, planner: bool) -> str | None:
    """(content) by the planner model: event, health_or_safety_claim, person_act or none (None: not given)."""
    return shot.judgment.content if planner and shot.judgment is not None else None


def _model_says_footage_of_a_report(shot: Shot) -> bool:
    """The gate's own rule on the model's judgments alone, as the LLM classifier's are read. The model's
    content can hold what the words miss, but only where the model itself also judged the article a report
    and the picture footage-like, so one wrong judgment among three does not hold a shot (or, by
    continuity, a whole article)."""
    return shot.judgment is not None and shot.judgment.frame == "report" and shot.judgment.footage_like


def _shot_text(shot: Shot) -> str:
    return "\n".join(x for x in (shot.narration, shot.key_phrase, shot.visual_prompt) if x)


def _own_holds(shot: Shot, ctx: Context, planner: bool = False) -> list[tuple[str, str, list[str]]]:
    """The shot's holds for what it shows itself (with `planner`, the planner model's judgments join the rules')."""
    lang, text, prompt = ctx.language, Text(_shot_text(shot)), Text(shot.visual_prompt)
    holds: list[tuple[str, str, list[str]]] = []
    real, people_real = _real(shot, ctx, planner), _people_real(shot, ctx, planner)
    if people_real and _footage(shot, planner):
        shown, casualties = event_content(_shot_text(shot)) if real else ([], [])
        content = _judged_content(shot, planner)
        if shown:  # harm words alone ("a knee injury") are not an event; in a reported one, continuity holds
            key = "health" if set(shown) & claims(_shot_text(shot)) else "event"
            holds.append(("news_event", say(lang, key, shown + casualties), shown + casualties))
        elif real and content in ("event", "health_or_safety_claim") and _model_says_footage_of_a_report(shot):
            key = "model_health" if content == "health_or_safety_claim" else "model_event"
            holds.append(("news_event", say(lang, key, []), [_BY_MODEL[lang]]))
        acts = text.find(T.PERSON_ACT)
        people = public_figures(_shot_text(shot)) + mentions(_shot_text(shot), ctx.people)
        if not people and ctx.people and text.find(T.PRONOUN):
            people = ctx.people[:2]  # "he said": the public figure the article named
        roles = role_acts(_shot_text(shot))  # "the chief executive told pilots": a real person's act, unnamed
        people = list(dict.fromkeys(people + roles))
        judged = _judged_people(shot, planner)
        if people and (acts or roles or mentions(shot.visual_prompt, people)) or judged:
            who = list(dict.fromkeys(people + judged))
            holds.append(("real_person", say(lang, "person", who), who))
        elif content == "person_act" and _model_says_footage_of_a_report(shot):
            holds.append(("real_person", say(lang, "model_person", []), [_BY_MODEL[lang]]))
        titles = text.find(T.TITLE)
        speakers = [t for t in titles if t not in ENTERTAINERS] + officials(_shot_text(shot))
        statements, government = text.find(T.STATEMENT), text.find(T.GOVERNMENT)
        brands, brand_statements = text.find(T.BRAND), text.find(T.BRAND_STATEMENT)
        if statements and (government and (speakers or any(s in DELIVERED for s in statements))
                           or speakers and acts) or (brands and brand_statements):
            who = list(dict.fromkeys(government + speakers)) or brands
            holds.append(("official_statement", say(lang, "statement", who), who + statements))
    styles = text.find(T.NEWS_STYLE)
    if styles and ctx.frame.kind == "product" and not event_content(_shot_text(shot))[0]:
        styles = []  # a dash cam or CCTV camera under review is the product, not a recording's look
    if styles and ctx.frame.kind in STORIES:
        styles = []  # a game's or a novel's CCTV is the story's, not a real event's recording (issue 17's rule)
    if styles:
        holds.append(("news_style", say(lang, "style", styles), styles))
    outlets_pic, outlets, logos = prompt.find(T.NEWS_OUTLET), text.find(T.NEWS_OUTLET), text.find(T.LOGO)
    if outlets_pic or (outlets and logos):
        holds.append(("news_logo", say(lang, "logo", outlets_pic or outlets), outlets_pic or outlets))
    sexual = text.find(T.SEXUAL, T.SEXUAL_NOT)
    if sexual:
        holds.append(("sexual_content", say(lang, "sexual", sexual), sexual))
    minors, risks = text.find(T.MINOR), text.find(T.MINOR_RISK, T.MINOR_RISK_NOT)
    if minors and (risks or sexual):
        holds.append(("minor_at_risk", say(lang, "minor", minors + (risks or sexual)), minors + (risks or sexual)))
    return holds


def _continues(shot: Shot, ctx: Context, first: Hold, previous_held: bool, planner: bool = False) -> bool:
    """Does this footage-like shot carry on what the first held shot showed? Every shot of a reported
    event does (queues, crowds, clean-ups); after a person's held act, a shot that follows it straight
    on and shows that person or the people around the act (the crowd at the rally) does, but not one
    about what was announced (the bridge the mayor promised)."""
    if not _footage(shot, planner) or not _people_real(shot, ctx, planner):
        return False
    if _real(shot, ctx, planner) and (first.rule == "news_event" or ctx.event_terms):
        return True
    if not (shot.index > first.shot_index and previous_held):
        return False
    text = Text(_shot_text(shot))
    return bool(mentions(_shot_text(shot), ctx.people) or text.find(T.PRONOUN) or text.find(T.PERSON_ACT)
                or text.find(V.AUDIENCE))


def judge(board: Storyboard, article: Article | None, frame: Frame | None = None) -> list[Hold]:
    """Every rule's holds on the storyboard, continuity included, in shot order. When the planner model
    judged the shots (Shot.judgment), its judgments join the rules' and add holds (source "planner");
    they never take one away. `frame`: the article's frame as judged elsewhere (the rules' by default)."""
    ctx = article_context(article, board, frame)
    holds = _judge(board, ctx, planner=False)
    if any(s.judgment is not None for s in board.shots):
        seen = {(h.shot_index, h.rule) for h in holds}
        holds += [replace(h, source="planner") for h in _judge(board, ctx, planner=True)
                  if (h.shot_index, h.rule) not in seen]
    return holds


def _judge(board: Storyboard, ctx: Context, planner: bool) -> list[Hold]:
    lang = board.language
    own = {s.index: _own_holds(s, ctx, planner) for s in board.shots}
    holds: list[Hold] = []
    first: Hold | None = None
    for shot in board.shots:
        for rule, reason, evidence in own[shot.index]:
            hold = Hold(shot.index, reason, rule, tuple(dict.fromkeys(evidence)), safe_prompt(shot, lang))
            holds.append(hold)
            if first is None and rule in CARRIED:
                first = hold
    if first is None and ctx.event_terms and any(_real(s, ctx, planner) for s in board.shots):
        first = Hold(-1, "", "news_event", tuple(ctx.event_terms))
    if first is not None:
        carried = {h.shot_index for h in holds if h.rule in CARRIED}
        for shot in board.shots:
            if not own[shot.index] and _continues(shot, ctx, first, shot.index - 1 in carried, planner):
                key = "follow_up" if first.shot_index < 0 else "continues"
                reason = say(lang, key, first.evidence, shot=first.shot_index + 1)
                holds.append(Hold(shot.index, reason, first.rule, first.evidence, safe_prompt(shot, lang)))
                carried.add(shot.index)
    return holds
