"""The policy gate: before anything renders, hold the shots that would pass for real news footage.

A tool that turns news articles into realistic video must not quietly make fake footage. The gate
judges (1) the article's frame (a report of a real event or claim, or fiction, a game, history, a
forecast, a how-to), (2) each shot's depiction (footage-like, or drawn, charted, mapped), (3) who is
shown (public figures by office or name list), and (4) continuity (a shot carrying on a held event
is held too); storyboard.policy_rules combines them. Optional classifiers (an LLM through the
planner backends) may add holds but never remove one, and nothing in the article can switch the
gate off: its mode comes from settings. When the gate cannot run, it fails closed: every shot is
held, with the reason. This module has no Prefect in it: any pipeline calls `check`.

A held shot keeps its place in the storyboard; a reviewer approves (releases) it, drops it, or
renders it from `Hold.suggestion`, a stylised, non-photorealistic prompt with no real faces or logos.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from reelflow.errors import ReelflowError
from reelflow.models import Article, Storyboard
from storyboard.policy_hold import RULES, Hold, Mode, PolicyBlocked, PolicyReport, hold_all, rule_order
from storyboard.policy_safe import safe_prompt, safe_shot

if TYPE_CHECKING:
    from reelflow.settings import Settings
    from storyboard.policy_frame import Frame

__all__ = ["RULES", "Hold", "Mode", "PolicyBlocked", "PolicyClassifier", "PolicyReport", "check", "review",
           "classifiers_for", "register_classifier", "safe_prompt", "safe_shot"]

log = logging.getLogger("storyboard.policy")


class PolicyClassifier(Protocol):
    """A second opinion (e.g. an LLM). It may add holds; the rules' holds stand whatever it says."""

    name: str

    def classify(self, board: Storyboard, article: Article | None) -> list[Hold]: ...


Factory = Callable[["Settings"], "PolicyClassifier | None"]
CLASSIFIERS: dict[str, Factory] = {}
# Built-in classifiers, imported only when named in settings: module path, and its `make(settings)`.
BUILTIN = {"llm": "storyboard.policy_llm", "e5": "storyboard.policy_e5"}


def register_classifier(name: str) -> Callable[[Factory], Factory]:
    """Make a classifier available to the `policy_classifiers` setting under `name`."""

    def deco(factory: Factory) -> Factory:
        CLASSIFIERS[name] = factory
        return factory

    return deco


def classifiers_for(settings: Settings) -> list[PolicyClassifier]:
    """The classifiers named in settings that can run here."""
    out = []
    for name in getattr(settings, "policy_classifiers", []) or []:
        factory = CLASSIFIERS.get(name)
        if factory is None and name in BUILTIN:
            factory = importlib.import_module(BUILTIN[name]).make
        if factory is None:
            known = ", ".join(sorted(set(CLASSIFIERS) | set(BUILTIN)))
            raise ReelflowError(f"unknown policy classifier {name!r}; known: {known}")
        made = factory(settings)
        if made is not None:
            out.append(made)
    return out


def _second_opinions(holds: list[Hold], classifiers: Sequence[PolicyClassifier], board: Storyboard,
                     article: Article | None) -> list[Hold]:
    by_index = {s.index: s for s in board.shots}
    for classifier in classifiers:
        try:
            extra = classifier.classify(board, article)
        except ReelflowError as exc:  # a second opinion that fails does not wave the shots through either
            log.warning("The %s policy classifier failed (%s); the rules' holds stand.", classifier.name, exc)
            continue
        seen = {(h.shot_index, h.rule) for h in holds}
        for h in extra:
            if h.shot_index in by_index and (h.shot_index, h.rule) not in seen:
                suggestion = h.suggestion or safe_prompt(by_index[h.shot_index], board.language)
                holds.append(Hold(h.shot_index, h.reason, h.rule, h.evidence, suggestion, classifier.name))
    return holds


def _why(exc: BaseException) -> str:
    """A one-line cause for the reviewer; the exception's type and the start of its message only."""
    message = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _frame(article: Article | None, frame_model: str) -> Frame | None:
    """The article's frame by the model named (None: the rules' own, judged inside the rules)."""
    if frame_model == "rules" or article is None:
        return None
    if frame_model != "e5":
        raise ReelflowError(f"unknown policy_frame_model {frame_model!r}; known: e5, rules")
    from storyboard.policy_e5_frame import frame

    return frame(article.title, article.text)


def _shots(holds: list[Hold], board: Storyboard, shot_model: str, article: Article | None = None) -> list[Hold]:
    """The rules' holds joined to the shot model named ("rules": as they are; "e5": storyboard.policy_e5_shots)."""
    if shot_model == "rules":
        return holds
    if shot_model != "e5":
        raise ReelflowError(f"unknown policy_shot_model {shot_model!r}; known: e5, rules")
    from storyboard.policy_e5_shots import verdict

    judged = verdict(board)
    return judged.join(holds, board, article) if judged is not None else holds


def check(board: Storyboard, article: Article | None = None, settings: Settings | None = None,
          classifiers: Sequence[PolicyClassifier] | None = None, frame_model: str | None = None,
          shot_model: str | None = None) -> list[Hold]:
    """The holds a person must decide on before rendering, in shot order.

    Without settings: the rules (and any `classifiers` given, and the `frame_model` given, else the
    rules' frame, and the `shot_model` given, else none), in `hold` mode. With settings, their mode,
    classifiers, frame model and shot model apply:
    `block` raises PolicyBlocked when anything is held, `warn` logs the holds and returns none. If the
    gate itself fails, every shot is held, saying why (never "nothing held").
    """
    mode: Mode = settings.policy_mode if settings is not None else "hold"
    if frame_model is None:
        frame_model = getattr(settings, "policy_frame_model", "rules") if settings is not None else "rules"
    if shot_model is None:
        shot_model = getattr(settings, "policy_shot_model", "rules") if settings is not None else "rules"
    try:
        from storyboard.policy_rules import judge

        chosen = classifiers if classifiers is not None else (classifiers_for(settings) if settings else [])
        holds = _shots(judge(board, article, _frame(article, frame_model)), board, shot_model, article)
        holds = _second_opinions(holds, chosen, board, article)
    except Exception as exc:  # noqa: BLE001 - fail closed: whatever broke, nothing goes through unseen
        log.error("The policy gate could not run (%s); holding all %d shots.", _why(exc), len(board.shots))
        holds = hold_all(board, _why(exc))
    holds.sort(key=rule_order)
    if holds and mode == "block":
        report = PolicyReport(mode, holds, len(board.shots))
        lines = "; ".join(f"shot {h.shot_index + 1}: {h.reason}" for h in holds[:5])
        raise PolicyBlocked(f"the policy gate blocked {len(report.held)} of {report.shots} shots ({lines}); "
                            "set policy_mode to 'hold' to review them instead")
    if holds and mode == "warn":
        for h in holds:
            log.warning("Policy (warn only): shot %d: %s", h.shot_index + 1, h.reason)
        return []
    return holds


def review(board: Storyboard, article: Article | None, settings: Settings) -> list[Hold]:
    """`check` with the settings' mode and classifiers (the name the flow used before)."""
    return check(board, article, settings)
