"""The tiny text-to-image pipelines of tests/t2i_tiny.py: each builds offline, saves in the diffusers layout,
reloads with `DiffusionPipeline.from_pretrained(..., local_files_only=True)` and makes a portrait image from
a Chinese and English prompt, the same for the same seed and different for another. Their pixels are noise."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("diffusers")

import torch  # noqa: E402
from t2i_tiny import FAMILIES, MULTIPLE, PORTRAIT, build, clip_tokenizer, gemma_tokenizer, t5_tokenizer  # noqa: E402

PROMPT = "城市夜景 night city"
# Distilled guidance for SANA-Sprint and FLUX-dev (FLUX-schnell ignores it); classifier-free guidance (with the
# empty negative prompt) elsewhere.
GUIDANCE = {"sana_sprint": 4.5, "flux": 0.0, "flux_dev": 3.5}


@pytest.mark.parametrize("family", FAMILIES)
def test_builds_reloads_and_generates(family: str, tmp_path: Path) -> None:
    import diffusers

    folder = build(family, tmp_path / family)
    index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    components = [k for k, v in index.items() if isinstance(v, list) and v[0] is not None]
    assert components and all((folder / name).is_dir() for name in components)

    pipe = diffusers.DiffusionPipeline.from_pretrained(folder, local_files_only=True)
    assert type(pipe).__name__ == index["_class_name"]
    pipe.set_progress_bar_config(disable=True)
    height, width = PORTRAIT[family]
    assert height % MULTIPLE[family] == 0 and width % MULTIPLE[family] == 0 and height > width

    def image(seed: int) -> np.ndarray:
        kw = dict(prompt=PROMPT, negative_prompt="", height=height, width=width, num_inference_steps=2,
                  guidance_scale=GUIDANCE.get(family, 2.0), generator=torch.Generator("cpu").manual_seed(seed),
                  output_type="np")
        if "negative_prompt" not in inspect.signature(pipe.__call__).parameters:
            del kw["negative_prompt"]  # SANA-Sprint: guidance is distilled, there is no negative prompt
        return pipe(**kw).images

    first = image(0)
    assert first.shape == (1, height, width, 3)
    assert np.isfinite(first).all()
    assert np.array_equal(first, image(0))
    assert not np.allclose(first, image(1))


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
