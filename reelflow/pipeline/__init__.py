"""The one plain pipeline: `make(article_path, settings, store=…, storage=…)` → a finished, labelled clip.

Read top to bottom in reelflow/pipeline/article.py; the steps are plain functions in steps.py, run
here by a `Runner` (flows/ runs the same steps as Prefect tasks).
"""

from reelflow.pipeline.article import Job, make, make_cuts, make_here
from reelflow.pipeline.runner import Runner

__all__ = ["Job", "Runner", "make", "make_cuts", "make_here"]
