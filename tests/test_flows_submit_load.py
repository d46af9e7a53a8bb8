"""A reviewer's Submit is not lost while a batch renders (issue 16, item 7).

`reelflow serve` on this machine: its Prefect server on SQLite, a batch of new articles rendering (each
its own run, in its own process, writing task states, logs and artifacts), and meanwhile reviewers press
Submit on paused runs, once each, as the dashboard's Resume form does (it does not retry). Before the
fix 17 to 22 of 40 got 503 ("database is locked": a read transaction refused its upgrade to a write
after another connection wrote); serve's server now begins its writes IMMEDIATE, so each waits its turn.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flows_support import Serve, _post_until_answered, new_articles, paused_runs, resume_once

SUBMITS = 20


def test_every_submit_is_taken_while_a_batch_renders(data_dir: Path, tmp_path: Path) -> None:
    with Serve(data_dir, tmp_path, batch=True, REELFLOW_MAX_SECONDS="20") as serve:
        assert "database: SQLite" in serve.until("serve's banner", lambda: "reelflow serve is running" in serve.tail()
                                                 and serve.tail(), 60)
        new_articles(serve.source, 12, "load")  # more than the submits outlast: serve stops with the test
        probes = paused_runs(serve.api, SUBMITS)
        deployment = _post_until_answered(f"{serve.api}/deployments/filter", {
            "deployments": {"name": {"any_": ["reelflow"]}}, "flows": {"name": {"any_": ["batch"]}}})[0]
        _post_until_answered(f"{serve.api}/deployments/{deployment['id']}/create_flow_run", {})
        serve.until("an article to render", lambda: serve.runs("RUNNING", flow="article-to-video"), 300)
        results = []
        for run_id in probes:
            rendering = len(serve.runs("RUNNING", flow="article-to-video"))
            status, seconds = resume_once(serve.api, run_id)
            results.append((status, round(seconds, 2), rendering))
            time.sleep(0.25)
        print("submits (status, seconds, article runs rendering):", results)
        assert sum(1 for r in results if r[2]) >= SUBMITS * 3 // 4, results  # the load was there
        assert [r[0] for r in results] == [201] * SUBMITS, results  # and no Submit was lost
        assert all(serve.state(run_id)["type"] == "RUNNING" for run_id in probes)
        assert max(r[1] for r in results) < 30, results  # answered well within the dashboard's wait
        if any(run["state"]["type"] == "FAILED" for run in serve.runs(flow="article-to-video")):
            pytest.fail(f"an article run failed under the load:\n{serve.tail()}")
