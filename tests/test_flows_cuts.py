"""One review for every cut of one render, in the flow: a revision re-makes the changed shot in each cut, and
approval sends each account the cut it takes, exactly once."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from flows_support import Reviewer, run_artifacts

from reelflow.settings import load_settings
from reelflow.store import Store

DATA = ROOT / "tests" / "data" / "languages"
NEW = "渡口明年会变成一座小博物馆。"
NEW_EN = "Next year the ferry becomes a small museum."
ZH_TITLE = "老渡口的最后一年"  # a new title written in Chinese: the Chinese cut's, not the English one's


def test_one_review_covers_every_cut_and_each_account_gets_its_own(prefect_server, data_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.article_to_video import article_to_video
    from publishing.accounts import Account, open_account_store

    monkeypatch.setenv("REELFLOW_REVIEW_POLL", "0.2")
    monkeypatch.setenv("REELFLOW_REVIEW_TIMEOUT", "900")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    article = tmp_path / "zh_river_ferry.md"
    shutil.copy(DATA / "zh_river_ferry.md", article)
    table = json.loads((DATA / "zh_river_ferry.en.json").read_text(encoding="utf-8"))
    table_path = tmp_path / "zh_river_ferry.en.json"
    table_path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    pauses: list[str] = []

    def translate_once_asked_again(run: object) -> None:
        """The first revise has no English for its new line: the form asks again and says so; then it is added
        (with its key phrase), as a translator would, and the same revise is sent again."""
        pauses.append(str(run))
        if len(pauses) == 2:
            added = json.loads(table_path.read_text(encoding="utf-8"))
            assert added[NEW] == ""  # the missing line was added to the file for the translator
            added.update({NEW: NEW_EN, "变成一座小博物馆": "A small museum"})
            table_path.write_text(json.dumps(added, ensure_ascii=False), encoding="utf-8")
    folders = {}
    for name, preset, language in (("zh-feed", None, None), ("en-feed", "preview", "en")):
        folders[name] = tmp_path / name
        folders[name].mkdir()
        open_account_store(load_settings()).save(Account(name=name, platform="folder", target=str(folders[name]),
                                                         preset=preset, language=language))
    answers = [{"decision": "revise", "shots": [{"shot": 5, "narration": NEW}]},
               {"decision": "revise", "shots": [{"shot": 5, "narration": NEW}]},
               {"decision": "approve", "accounts": ["zh-feed", "en-feed"], "post": [{"title": ZH_TITLE}]}]
    with Reviewer(answers, timeout=900, on_pause=translate_once_asked_again) as reviewer:
        state = article_to_video(str(article), review=True, preset="preview", languages=["zh", "en"],
                                 renderer="graphics", return_state=True)
    assert not reviewer.errors and state.is_completed(), state.message
    draft = state.result()
    assert draft.metadata["outcome"] == "published" and draft.metadata["version"] == 2

    # Asked once per version, the page listing all four cuts.
    arts = run_artifacts(reviewer.answered[0])
    pages = [a.data for a in arts if a.type == "markdown" and "## Cuts of this render" in a.data]
    assert len(pages) == 3 and all(p.count("| preview |") == 2 for p in pages)
    assert "zh_river_ferry.en.json" in pages[1] and "translation" in pages[1]  # why it asks again, at its top
    # Each cut shows its own contact sheet and player (its framing and subtitles are what is approved for it).
    thumbs = load_settings().dir("thumbs")
    sheets = re.findall(r"!\[Contact sheet of the preview (zh|en) cut\]\([^)]*/thumbs/([^)/]+)\)", pages[2])
    assert sorted(lang for lang, _ in sheets) == ["en", "zh"], pages[2]
    zh_sheet, en_sheet = (thumbs / dict(sheets)[lang] for lang in ("zh", "en"))
    assert zh_sheet.read_bytes() != en_sheet.read_bytes()  # the English cut's own frames, not the Chinese ones
    players = dict(re.findall(r"\*\*preview · (zh|en)\*\*.*?\[▶ Play this cut[^]]*\]\([^)]*/thumbs/([^)/]+)\)",
                              pages[2]))
    assert NEW_EN in (thumbs / players["en"]).read_text(encoding="utf-8")  # listed in the cut's own words
    assert NEW in (thumbs / players["zh"]).read_text(encoding="utf-8")

    store = Store(load_settings().db_url)
    try:
        source_hash = hashlib.sha256(article.read_bytes()).hexdigest()
        records = {(d.preset, d.metadata["language"], d.metadata["version"]) for d in store.drafts_of(source_hash)}
        assert records == {("preview", lang, v) for lang in ("zh", "en") for v in (1, 2)}
        # The revision re-made only the changed shot, in every cut (graphics are drawn per language).
        shots = len(store.get_storyboard(1).shots)
        assert store.counts()["renders"] == 2 * shots + 2
        assert len(store.list_publications()) == 2
    finally:
        store.dispose()
    for name, (width, language, said) in {"zh-feed": (270, "zh", "博物馆"), "en-feed": (270, "en", "museum")}.items():
        (post,) = [p for p in folders[name].iterdir() if p.is_dir()]
        meta = json.loads((post / "publication.json").read_text(encoding="utf-8"))
        assert (meta["width"], meta["language"]) == (width, language)
        assert (meta["title"] == ZH_TITLE) == (language == "zh"), meta["title"]
        (srt,) = post.glob("*.srt")
        assert said in srt.read_text(encoding="utf-8")
