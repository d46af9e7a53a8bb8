"""Article in, storyboard out: `read` a file, then `plan` it into shots.

    import storyboard
    article = storyboard.read("examples/zh_city_night_markets.md")
    board = storyboard.plan(article, max_seconds=60)
"""

from __future__ import annotations

from reelflow.errors import ReelflowError
from reelflow.models import Article, Storyboard
from reelflow.settings import LocalSettings, OpenAISettings, Settings
from storyboard import rules as _rules  # noqa: F401  (registers the "rules" planner)
from storyboard.pictograms import with_pictograms
from storyboard.planners import PLANNERS, Planner, get_planner, register, register_lazy
from storyboard.reader import read

register_lazy("openai", "storyboard.llm.openai_planner:OpenAIPlanner", needs={"network", "key"},
              settings=OpenAISettings)
register_lazy("local", "storyboard.llm.local_planner:LocalPlanner", settings=LocalSettings)

__all__ = ["PLANNERS", "Planner", "get_planner", "plan", "read", "register"]


def plan(article: Article, planner: str = "rules", *, max_seconds: float = 60.0, seed: int = 0,
         settings: Settings | None = None) -> Storyboard:
    """Plan `article` into a storyboard with the named planner (handed `settings`: the LLM planners'
    model and endpoint); same inputs give the same storyboard."""
    if not max_seconds > 0:
        raise ReelflowError(f"max_seconds must be positive, got {max_seconds}")
    board = get_planner(planner, settings).plan(article, max_seconds=max_seconds, seed=seed)
    return board.model_copy(update={"shots": with_pictograms(board.shots, board.title)})
