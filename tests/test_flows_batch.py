"""The scheduled batch: every new article in a folder becomes its own article-to-video run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ARTICLES
from flows_support import run_artifacts


def test_batch_of_three_articles(prefect_server, data_dir: Path, tmp_path: Path) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    from flows.batch import batch

    source = tmp_path / "source"
    source.mkdir()
    for name in ("zh_bom.md", "en_article.md", "zh_gbk.txt"):
        shutil.copy(ARTICLES / name, source / name)
    shutil.copy(ARTICLES / "zh_bom.md", source / "zz-copy-of-bom.md")  # same content: made once
    shutil.copy(ARTICLES / "garden.png", source / "garden.png")  # not an article: not listed

    state = batch(str(source), preset="preview", max_seconds=8, return_state=True)
    rows = {r["article"]: r for r in state.result()}
    assert set(rows) == {"zh_bom.md", "en_article.md", "zh_gbk.txt", "zz-copy-of-bom.md"}
    for name in ("zh_bom.md", "en_article.md", "zh_gbk.txt"):
        assert rows[name]["status"] == "made" and Path(rows[name]["file"]).is_file()
        # A link the dashboard can open, through the media server of `reelflow serve`.
        assert rows[name]["draft"].startswith("http://") and rows[name]["draft"].endswith(Path(rows[name]["file"]).name)
    assert rows["zz-copy-of-bom.md"]["status"] == "same content as zh_bom.md"

    # Each article was its own article-to-video run, a child of the batch run.
    batch_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        children = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[batch_id])))
    assert sorted(c.parameters["article_path"].rsplit("/", 1)[-1] for c in children) == [
        "en_article.md", "zh_bom.md", "zh_gbk.txt"]
    assert all(c.state.is_completed() for c in children)

    # The summary table on the batch run's page.
    (table,) = [a for a in run_artifacts(batch_id) if a.type == "table"]
    assert table.key == "batch-summary"
    data = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert {r["article"] for r in data} == set(rows)

    # The next scheduled run finds nothing new: no run, no draft made again.
    again = {r["article"]: r["status"] for r in batch(str(source), preset="preview", max_seconds=8)}
    assert again == dict.fromkeys(rows, "already made")
