"""The policy gate as flows use it: the pipeline's adapter (reelflow/pipeline/gate.py)."""

from reelflow.pipeline.gate import Hold, available, check

__all__ = ["Hold", "available", "check"]
