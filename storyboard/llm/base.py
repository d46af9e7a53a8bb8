"""The shared path of the LLM planners: ask, parse, repair once, check against the article, fall back.

A planner subclass only says how to get an answer (`Backend.complete`). Whatever goes wrong after
the backend's own retries ends in one of two ways, chosen by the `planner_fallback` setting: the
rules planner's storyboard with a warning, or a ReelflowError that says what failed.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Protocol

from reelflow.errors import BadInput, ReelflowError
from reelflow.models import Article, Storyboard, StyleSheet
from reelflow.settings import LocalSettings, OpenAISettings, Settings, load_settings
from storyboard.llm.build import ArticleIndex, Built, build, fit
from storyboard.llm.parse import DraftError, parse_draft
from storyboard.llm.prompt import SYSTEM, repair_message, user_message
from storyboard.llm.schema import NarrationMode, draft_schema
from storyboard.llm.sections import budgets, max_shots, split

log = logging.getLogger("storyboard.llm")

Message = dict[str, str]
MAX_ECHO = 6000


class PlannerError(ReelflowError):
    """The model could not give a usable storyboard (after retries and a repair round)."""


class BackendError(PlannerError):
    """The model could not be reached or refused the request: no point asking again for other parts."""


class Backend(Protocol):
    """Gets one answer from a model for a chat; retries on transient failures are its own business."""

    def complete(self, messages: list[Message], schema: dict[str, Any], *, seed: int) -> str: ...


def redact(text: str) -> str:
    """`text` without the API key (should any server echo it back) or credentials in URLs."""
    key = os.environ.get("OPENAI_API_KEY", "")
    if len(key) >= 4:
        text = text.replace(key, "***")
    return re.sub(r"(?<=://)[^/@\s]+@", "***@", text)


class LLMPlanner:
    """A planner that asks a model for a draft storyboard and keeps only what the article supports."""

    name = "llm"
    bounded = False  # whether string lengths go into the schema (constrained decoding needs them)

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._backend: Backend | None = None

    @property
    def options(self) -> OpenAISettings | LocalSettings:
        """This planner's own settings section (`[openai]`, `[local]`)."""
        return getattr(self.settings, self.name)  # type: ignore[no-any-return]

    @property
    def mode(self) -> NarrationMode:
        return self.options.narration

    def make_backend(self) -> Backend:
        raise NotImplementedError

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = self.make_backend()
        return self._backend

    def close(self) -> None:
        close = getattr(self._backend, "close", None)
        if close is not None:
            close()

    def plan(self, article: Article, *, max_seconds: float, seed: int) -> Storyboard:
        try:
            return self.plan_with_model(article, max_seconds=max_seconds, seed=seed)
        except BadInput:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of the model path ends in the fallback policy
            reason = " ".join(redact(str(exc) or type(exc).__name__).split())  # one line
            if not self.settings.planner_fallback:
                raise ReelflowError(f"{self.name} planner failed: {reason} (set planner_fallback = true to use "
                                    "the rules planner instead)") from None
            log.warning("The %s planner failed (%s); using the rules planner instead.", self.name, reason)
            from storyboard.rules import RulesPlanner

            board = RulesPlanner().plan(article, max_seconds=max_seconds, seed=seed)
            return board.model_copy(update={"planner": f"rules (fallback from {self.name})"})
        finally:
            self.close()

    def plan_with_model(self, article: Article, *, max_seconds: float, seed: int) -> Storyboard:
        """The model's storyboard, or an exception; no fallback here."""
        index = ArticleIndex.of(article)
        if not index.sentences:
            raise BadInput(article.source_path, "too short to make a video: no sentences to narrate")
        sections = split(index, self.options.section_chars)
        asks = budgets(sections, max_seconds)
        style: StyleSheet | None = None
        groups = []
        failures: list[str] = []
        for section, seconds in zip(sections, asks, strict=True):
            try:
                built = self._plan_part(index, section.pieces(self.mode, article.language), seconds,
                                        (section.number, len(sections)), style, seed)
            except BackendError:
                raise
            except PlannerError as exc:
                if len(sections) == 1:
                    raise
                failures.append(f"part {section.number + 1}: {exc}")
                log.warning("The %s planner could not plan part %d of %d (%s); skipping it.", self.name,
                            section.number + 1, len(sections), redact(str(exc)))
                continue
            style = built.style
            groups.append(built.shots)
        shots = fit(groups, max_seconds, index)
        if not shots:
            raise PlannerError("no part of the article could be planned: " + "; ".join(failures))
        return Storyboard(title=article.title, language=article.language, target_seconds=max_seconds, seed=seed,
                          planner=self.name, style=style or StyleSheet(), shots=shots)

    def _plan_part(self, index: ArticleIndex, pieces: list, seconds: float, section: tuple[int, int],
                   style: StyleSheet | None, seed: int) -> Built:
        article = index.article
        n_shots = max_shots(seconds)
        narration_chars = 120 if article.language == "zh" else 300
        schema = draft_schema(self.mode, paragraphs=sorted({p.paragraph for p in pieces}),
                              sentences=[p.number for p in pieces] if self.mode == "extract" else [],
                              images=len(article.images), max_shots=n_shots,
                              narration_chars=narration_chars, bounded=self.bounded)
        style_json = style.model_dump(include={"look", "palette", "era", "characters", "places"}) if style else None
        messages: list[Message] = [
            {"role": "system", "content": SYSTEM[self.mode]},
            {"role": "user", "content": user_message(article, pieces, self.mode, target_seconds=seconds,
                                                     max_shots=n_shots, schema=schema, section=section,
                                                     style=style_json)},
        ]
        answer = self.backend.complete(messages, schema, seed=seed)
        try:
            built = build(parse_draft(answer), index, self.mode, seed=seed, style=style)
        except DraftError as exc:
            log.info("The %s planner's answer was not usable (%s); asking once more.", self.name, exc)
            return self._repair(messages, answer, str(exc), index, schema, seed, style, None)
        if built.problems:
            log.info("The %s planner's answer had %d problem(s) (%s); asking once more.", self.name,
                     len(built.problems), built.problems[0])
            return self._repair(messages, answer, "; ".join(built.problems[:8]), index, schema, seed, style, built)
        return built

    def _repair(self, messages: list[Message], answer: str, problem: str, index: ArticleIndex,
                schema: dict[str, Any], seed: int, style: StyleSheet | None, first: Built | None) -> Built:
        """One repair round: the model sees its answer and what was wrong with it."""
        retry = [*messages, {"role": "assistant", "content": answer[:MAX_ECHO]},
                 {"role": "user", "content": repair_message(problem)}]
        answer2 = self.backend.complete(retry, schema, seed=seed + 1)
        try:
            second = build(parse_draft(answer2), index, self.mode, seed=seed, style=style)
        except DraftError as exc:
            if first is not None and first.shots:
                return first
            raise PlannerError(f"the model's answer was not usable, twice: {exc}") from None
        best = second if first is None or second.score >= first.score else first
        if not best.shots:
            raise PlannerError("the model's storyboard had no narration found in the article: "
                               + "; ".join(best.problems[:3]))
        return best
