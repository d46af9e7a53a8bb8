"""The policy gate as flows use it: the pipeline's (reelflow/pipeline/gate.py, over storyboard.policy.check)."""

from reelflow.pipeline.gate import Hold, check

__all__ = ["Hold", "check"]
