"""Tiny, randomly initialised DiT video pipelines of every supported family, built offline from configs.

Each is saved with `save_pretrained` in the standard diffusers folder layout (model_index.json, one
subfolder per component, tokenizer included), so the tests load it through the same code path a
user's `--model DIR` takes. The tokenizer is a T5 Unigram tokenizer over a small vocabulary we make
here (ASCII letters, digits and a few hundred common hanzi): no download anywhere. Their frames are
noise; they exist to test the plumbing.

Run `python tests/dit_tiny.py OUT_DIR` to write them all to a folder.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import torch

HANZI = ("的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行"
         "过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从夜市城灯笼光影"
         "街头烟火气城市文化历史科技未来山水海风雨雪春夏秋冬新闻故事画面电影感柔和竖屏构图镜头推近拉远")
ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
FAMILIES = ("wan", "wan_i2v", "cogvideox", "cogvideox_i2v", "ltx", "ltx_i2v")


def tokenizer():
    """A T5 tokenizer (Unigram) built from a vocabulary list: pad, eos, unk, then pieces."""
    from transformers import T5Tokenizer

    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    pieces += [(c, -3.0) for c in ASCII + HANZI] + [("▁" + c, -3.5) for c in ASCII]
    return T5Tokenizer(vocab=pieces, extra_ids=0)


def _t5(vocab: int, umt5: bool = False):
    from transformers import T5Config, T5EncoderModel, UMT5Config, UMT5EncoderModel

    kw = dict(vocab_size=vocab, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
              relative_attention_num_buckets=8, feed_forward_proj="gated-gelu")
    return UMT5EncoderModel(UMT5Config(**kw)) if umt5 else T5EncoderModel(T5Config(**kw))


def _wan(i2v: bool) -> dict:
    from diffusers import AutoencoderKLWan, UniPCMultistepScheduler, WanTransformer3DModel

    tok = tokenizer()
    parts = dict(
        tokenizer=tok,
        text_encoder=_t5(len(tok), umt5=True),
        vae=AutoencoderKLWan(base_dim=4, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
                             temperal_downsample=[False, True, True]),
        scheduler=UniPCMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=3.0),
        transformer=WanTransformer3DModel(
            patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=36 if i2v else 16,
            out_channels=16, text_dim=32, freq_dim=32, ffn_dim=32, num_layers=2, cross_attn_norm=True,
            qk_norm="rms_norm_across_heads", rope_max_seq_len=64, image_dim=8 if i2v else None),
    )
    if i2v:  # Wan 2.1 I2V style: a CLIP vision encoder beside the text encoder
        from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModel

        parts["image_encoder"] = CLIPVisionModel(CLIPVisionConfig(
            hidden_size=8, num_hidden_layers=2, num_attention_heads=2, image_size=32,
            intermediate_size=16, patch_size=8))
        parts["image_processor"] = CLIPImageProcessor(crop_size=32, size=32)
    return parts


def _cogvideox(i2v: bool) -> dict:
    from diffusers import AutoencoderKLCogVideoX, CogVideoXDDIMScheduler, CogVideoXTransformer3DModel

    tok = tokenizer()
    return dict(
        tokenizer=tok,
        text_encoder=_t5(len(tok)),
        vae=AutoencoderKLCogVideoX(
            in_channels=3, out_channels=3, down_block_types=("CogVideoXDownBlock3D",) * 4,
            up_block_types=("CogVideoXUpBlock3D",) * 4, block_out_channels=(8, 8, 8, 8), latent_channels=4,
            layers_per_block=1, norm_num_groups=2, temporal_compression_ratio=4),
        scheduler=CogVideoXDDIMScheduler(timestep_spacing="trailing", prediction_type="v_prediction",
                                         rescale_betas_zero_snr=True),
        transformer=CogVideoXTransformer3DModel(
            num_attention_heads=2, attention_head_dim=16, in_channels=8 if i2v else 4, out_channels=4,
            time_embed_dim=8, text_embed_dim=32, num_layers=2, sample_width=6, sample_height=4, sample_frames=49,
            patch_size=2, temporal_compression_ratio=4, max_text_seq_length=32,
            use_rotary_positional_embeddings=i2v, use_learned_positional_embeddings=i2v),
    )


def _ltx(i2v: bool) -> dict:
    from diffusers import AutoencoderKLLTXVideo, FlowMatchEulerDiscreteScheduler, LTXVideoTransformer3DModel

    tok = tokenizer()
    vae = AutoencoderKLLTXVideo(
        latent_channels=8, block_out_channels=(8, 8, 8, 8), decoder_block_out_channels=(8, 8, 8, 8),
        spatio_temporal_scaling=(True, True, False, False), decoder_spatio_temporal_scaling=(True, True, False, False),
        layers_per_block=(1, 1, 1, 1, 1), decoder_layers_per_block=(1, 1, 1, 1, 1), patch_size=1, patch_size_t=1,
        encoder_causal=True, decoder_causal=False)
    return dict(
        tokenizer=tok,
        text_encoder=_t5(len(tok)),
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(),
        transformer=LTXVideoTransformer3DModel(
            in_channels=8, out_channels=8, patch_size=1, patch_size_t=1, num_attention_heads=4, attention_head_dim=8,
            cross_attention_dim=32, num_layers=2, caption_channels=32),
    )


BUILDERS: dict[str, tuple[str, Callable[[], dict]]] = {
    "wan": ("WanPipeline", lambda: _wan(False)),
    "wan_i2v": ("WanImageToVideoPipeline", lambda: _wan(True)),
    "cogvideox": ("CogVideoXPipeline", lambda: _cogvideox(False)),
    "cogvideox_i2v": ("CogVideoXImageToVideoPipeline", lambda: _cogvideox(True)),
    "ltx": ("LTXPipeline", lambda: _ltx(False)),
    "ltx_i2v": ("LTXImageToVideoPipeline", lambda: _ltx(True)),
}


def build(family: str, folder: Path, seed: int = 0) -> Path:
    """Build one tiny pipeline and save it under `folder` in the diffusers layout."""
    import diffusers

    class_name, parts = BUILDERS[family]
    torch.manual_seed(seed)
    pipe = getattr(diffusers, class_name)(**parts())
    folder = Path(folder)
    pipe.save_pretrained(folder)
    return folder


def build_real_size_config(folder: Path) -> Path:
    """A Wan 2.1 1.3B folder with the published configs only (no weights): enough to size the model."""
    folder = Path(folder)
    (folder / "transformer").mkdir(parents=True, exist_ok=True)
    (folder / "model_index.json").write_text(json.dumps({
        "_class_name": "WanPipeline", "_diffusers_version": "0.33.0",
        "scheduler": ["diffusers", "UniPCMultistepScheduler"], "text_encoder": ["transformers", "UMT5EncoderModel"],
        "tokenizer": ["transformers", "T5TokenizerFast"], "transformer": ["diffusers", "WanTransformer3DModel"],
        "vae": ["diffusers", "AutoencoderKLWan"]}), encoding="utf-8")
    (folder / "transformer" / "config.json").write_text(json.dumps({
        "_class_name": "WanTransformer3DModel", "added_kv_proj_dim": None, "attention_head_dim": 128,
        "cross_attn_norm": True, "eps": 1e-06, "ffn_dim": 8960, "freq_dim": 256, "image_dim": None,
        "in_channels": 16, "num_attention_heads": 12, "num_layers": 30, "out_channels": 16,
        "patch_size": [1, 2, 2], "qk_norm": "rms_norm_across_heads", "rope_max_seq_len": 1024,
        "text_dim": 4096}), encoding="utf-8")
    return folder


def as_hf_cache(folder: Path, hf_home: Path, repo_id: str, commit: str = "0123456789abcdef" * 2 + "01234567") -> Path:
    """Lay a model folder out as the Hugging Face hub cache does: blobs, a snapshot of links, refs/main."""
    import hashlib

    repo = Path(hf_home) / "hub" / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    for f in sorted(Path(folder).rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        link = snapshot / f.relative_to(folder)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(Path("../" * (len(f.relative_to(folder).parts) + 1)) / "blobs" / blob.name)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    return snapshot


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tiny-dit")
    for name in FAMILIES:
        shutil.rmtree(out / name, ignore_errors=True)
        print(build(name, out / name))
