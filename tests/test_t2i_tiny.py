"""The offline tokenizers of tests/t2i_tiny.py read Chinese and English prompts after a save and reload.

Each family's tiny pipeline is built, loaded and run through the still renderer in tests/test_still.py."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("diffusers")

from t2i_tiny import clip_tokenizer, gemma_tokenizer, t5_tokenizer  # noqa: E402

PROMPT = "城市夜景 night city"
# Distilled guidance for SANA-Sprint and FLUX-dev (FLUX-schnell ignores it); classifier-free guidance (with the
# empty negative prompt) elsewhere.
GUIDANCE = {"sana_sprint": 4.5, "flux": 0.0, "flux_dev": 3.5}


@pytest.mark.parametrize("make", [clip_tokenizer, gemma_tokenizer, t5_tokenizer])
def test_chinese_prompt_tokenises(make, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    make().save_pretrained(tmp_path)
    tok = AutoTokenizer.from_pretrained(tmp_path, local_files_only=True)
    ids = tok(PROMPT).input_ids
    assert len(ids) > len(PROMPT.split())
    if make is t5_tokenizer:  # Unigram without byte fallback: the one hanzi outside dit_tiny's list (景) is <unk>
        assert ids.count(tok.unk_token_id) == 1
        assert "城市夜" in tok.decode(ids, skip_special_tokens=True)
    else:  # byte-level BPE (CLIP) and byte fallback (Gemma): every character survives the round trip
        assert tok.decode(ids, skip_special_tokens=True) == PROMPT
