"""Tiny, randomly initialised text-to-image diffusers pipelines of several families, built offline from configs.

Like tests/dit_tiny.py (whose vocabulary and T5 tokenizer we reuse), each is saved with `save_pretrained`
in the standard diffusers folder layout (model_index.json, one subfolder per component, tokenizers
included), so a test loads it with `DiffusionPipeline.from_pretrained(folder, local_files_only=True)`,
the path a user's downloaded model takes. Tokenizers are made here from small vocabularies: CLIP's
byte-level BPE over the 256 byte symbols, Gemma's BPE over ASCII, common hanzi and byte fallback, and
dit_tiny's T5 Unigram. No download anywhere. Their images are noise; they exist to test the plumbing.

The VAEs keep the real downscale factor, so sizes follow the real models' rules: SD / SDXL / PixArt
take multiples of 8, FLUX of 16 (8 times the 2x2 packing), SANA of 32. SANA, SANA-Sprint and PixArt
generate at their aspect-ratio bin and resize back to the size asked for (`use_resolution_binning`).

Run `python tests/t2i_tiny.py OUT_DIR` to write them all to a folder.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import torch

try:
    from dit_tiny import ASCII, HANZI
    from dit_tiny import tokenizer as t5_tokenizer
except ImportError:  # imported as tests.t2i_tiny
    from tests.dit_tiny import ASCII, HANZI
    from tests.dit_tiny import tokenizer as t5_tokenizer

FAMILIES = ("sd_turbo", "sdxl_turbo", "sana", "sana_sprint", "flux", "flux_dev", "pixart")
# The multiple that height and width must be for each family (the VAE's factor times the patch packing).
MULTIPLE = {"sd_turbo": 8, "sdxl_turbo": 8, "sana": 32, "sana_sprint": 32, "flux": 16, "flux_dev": 16, "pixart": 8}
# The smallest 9:16-ish portrait (height, width) at least 112 x 64 that is a multiple of the family's MULTIPLE.
PORTRAIT = {f: (-(-112 // m) * m, -(-64 // m) * m) for f, m in MULTIPLE.items()}
CLIP_MAX = 77


def clip_tokenizer():
    """A CLIP tokenizer (byte-level BPE) with only the 256 byte symbols, bare and word-final, and no merges:
    every text, Chinese included, tokenises (one token a byte)."""
    from tokenizers import pre_tokenizers
    from transformers import CLIPTokenizer

    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    pieces = alphabet + [c + "</w>" for c in alphabet] + ["<|startoftext|>", "<|endoftext|>"]
    return CLIPTokenizer(vocab={p: i for i, p in enumerate(pieces)}, merges=[], model_max_length=CLIP_MAX)


def gemma_tokenizer():
    """A Gemma tokenizer (BPE with byte fallback): specials, the 256 byte tokens, then ASCII and hanzi pieces
    and a few merges ("▁" + letter), so characters outside the list fall back to bytes instead of <unk>."""
    from transformers import GemmaTokenizer

    pieces = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"] + [f"<0x{b:02X}>" for b in range(256)]
    letters = ASCII + ASCII[:26].upper()
    pieces += ["▁"] + list(letters + HANZI) + ["▁" + c for c in letters]
    merges = [("▁", c) for c in letters]
    return GemmaTokenizer(vocab={p: i for i, p in enumerate(dict.fromkeys(pieces))}, merges=merges,
                          model_max_length=4096)


def _clip(vocab: int, projection: bool = False, hidden: int = 32):
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=2,
                            num_attention_heads=2, max_position_embeddings=CLIP_MAX, projection_dim=hidden,
                            bos_token_id=vocab - 2, eos_token_id=vocab - 1, pad_token_id=vocab - 1,
                            hidden_act="gelu")
    return CLIPTextModelWithProjection(config) if projection else CLIPTextModel(config)


def _t5(vocab: int):
    from transformers import T5Config, T5EncoderModel

    return T5EncoderModel(T5Config(vocab_size=vocab, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
                                   relative_attention_num_buckets=8, feed_forward_proj="gated-gelu"))


def _gemma(vocab: int):
    from transformers import Gemma2Config, Gemma2Model

    return Gemma2Model(Gemma2Config(vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                    num_attention_heads=2, num_key_value_heads=1, head_dim=16,
                                    max_position_embeddings=4096, sliding_window=256,
                                    pad_token_id=0, eos_token_id=1, bos_token_id=2))


def _vae_kl(latent_channels: int = 4, **kw):
    """An AutoencoderKL with four blocks (downscale 8, as the real ones) of few channels."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(in_channels=3, out_channels=3, latent_channels=latent_channels,
                         down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
                         block_out_channels=(8, 8, 16, 16), layers_per_block=1, norm_num_groups=4, sample_size=32,
                         **kw)


def _unet(cross_attention_dim: int, **kw):
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        sample_size=16, in_channels=4, out_channels=4, layers_per_block=1, block_out_channels=(16, 32),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=cross_attention_dim, attention_head_dim=(2, 4), norm_num_groups=8,
        use_linear_projection=True, **kw)


def _sd_turbo() -> dict:
    from diffusers import EulerDiscreteScheduler

    tok = clip_tokenizer()
    return dict(
        tokenizer=tok, text_encoder=_clip(len(tok)), unet=_unet(32), vae=_vae_kl(scaling_factor=0.18215),
        scheduler=EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                         timestep_spacing="trailing", steps_offset=1),
        safety_checker=None, feature_extractor=None, requires_safety_checker=False,
    )


def _sdxl_turbo() -> dict:
    from diffusers import EulerAncestralDiscreteScheduler

    tok, tok2 = clip_tokenizer(), clip_tokenizer()
    time_dim, hidden2 = 8, 32
    return dict(
        tokenizer=tok, tokenizer_2=tok2, text_encoder=_clip(len(tok)),
        text_encoder_2=_clip(len(tok2), projection=True, hidden=hidden2),
        # SDXL conditions the UNet on both encoders' hidden states side by side, and on the pooled
        # projection of the second plus six size numbers embedded in `time_dim` each.
        unet=_unet(32 + hidden2, addition_embed_type="text_time", addition_time_embed_dim=time_dim,
                   projection_class_embeddings_input_dim=6 * time_dim + hidden2),
        vae=_vae_kl(scaling_factor=0.13025),
        scheduler=EulerAncestralDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                                  timestep_spacing="trailing", steps_offset=1),
        image_encoder=None, feature_extractor=None,
    )


def _vae_dc():
    """An AutoencoderDC with six stages (downscale 32, as SANA's) of few channels."""
    from diffusers import AutoencoderDC

    return AutoencoderDC(in_channels=3, latent_channels=8, attention_head_dim=8,
                         encoder_block_types="ResBlock", decoder_block_types="ResBlock",
                         encoder_block_out_channels=(4, 8, 8, 8, 16, 16),
                         decoder_block_out_channels=(4, 8, 8, 8, 16, 16),
                         encoder_layers_per_block=(1,) * 6, decoder_layers_per_block=(1,) * 6,
                         encoder_qkv_multiscales=((),) * 6, decoder_qkv_multiscales=((),) * 6,
                         scaling_factor=0.41407)


def _sana_transformer(**kw):
    from diffusers import SanaTransformer2DModel

    return SanaTransformer2DModel(in_channels=8, out_channels=8, num_attention_heads=2, attention_head_dim=8,
                                  num_layers=2, num_cross_attention_heads=2, cross_attention_head_dim=8,
                                  cross_attention_dim=16, caption_channels=32, patch_size=1, **kw)


def _sana() -> dict:
    from diffusers import DPMSolverMultistepScheduler

    tok = gemma_tokenizer()
    return dict(
        tokenizer=tok, text_encoder=_gemma(len(tok)), vae=_vae_dc(),
        # sample_size 16: the pipeline bins sizes with its 512 table (real SANA 1024 models have 32).
        transformer=_sana_transformer(sample_size=16),
        scheduler=DPMSolverMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True,
                                              flow_shift=3.0, algorithm_type="dpmsolver++", solver_order=2),
    )


def _sana_sprint() -> dict:
    from diffusers import SCMScheduler

    tok = gemma_tokenizer()
    return dict(
        tokenizer=tok, text_encoder=_gemma(len(tok)), vae=_vae_dc(),
        # Sprint's pipeline knows only sample_size 32 (its 1024 bin table).
        transformer=_sana_transformer(sample_size=32, guidance_embeds=True, guidance_embeds_scale=0.1,
                                      qk_norm="rms_norm_across_heads", timestep_scale=1000.0),
        scheduler=SCMScheduler(prediction_type="trigflow", sigma_data=0.5),
    )


def _flux(dev: bool) -> dict:
    """FLUX.1-schnell-like: no guidance embedding, a fixed-shift flow-matching schedule; or FLUX.1-dev-like
    (`dev`): `guidance_scale` goes in through a guidance embedding, the shift follows the image size."""
    from diffusers import FlowMatchEulerDiscreteScheduler, FluxTransformer2DModel

    tok, tok2 = clip_tokenizer(), t5_tokenizer()
    shifting = dict(shift=3.0, use_dynamic_shifting=True, base_shift=0.5, max_shift=1.15, base_image_seq_len=256,
                    max_image_seq_len=4096) if dev else dict(shift=1.0, use_dynamic_shifting=False)
    return dict(
        tokenizer=tok, text_encoder=_clip(len(tok)), tokenizer_2=tok2, text_encoder_2=_t5(len(tok2)),
        vae=_vae_kl(16, scaling_factor=0.3611, shift_factor=0.1159, use_quant_conv=False, use_post_quant_conv=False),
        # 16 latent channels packed 2x2: 64 in; the rope axes add up to the head size.
        transformer=FluxTransformer2DModel(patch_size=1, in_channels=64, num_layers=1, num_single_layers=1,
                                           attention_head_dim=16, num_attention_heads=2, joint_attention_dim=32,
                                           pooled_projection_dim=32, guidance_embeds=dev, axes_dims_rope=(4, 6, 6)),
        scheduler=FlowMatchEulerDiscreteScheduler(**shifting),
        image_encoder=None, feature_extractor=None,
    )


def _pixart() -> dict:
    from diffusers import DPMSolverMultistepScheduler, PixArtTransformer2DModel

    tok = t5_tokenizer()
    return dict(
        tokenizer=tok, text_encoder=_t5(len(tok)), vae=_vae_kl(scaling_factor=0.13025),
        # sample_size 32: the pipeline bins sizes with its 256 table; 8 out channels = learned sigma.
        transformer=PixArtTransformer2DModel(num_attention_heads=2, attention_head_dim=8, in_channels=4, out_channels=8,
                                             num_layers=2, cross_attention_dim=16, sample_size=32, patch_size=2,
                                             caption_channels=32, use_additional_conditions=False),
        scheduler=DPMSolverMultistepScheduler(),
    )


BUILDERS: dict[str, tuple[str, Callable[[], dict]]] = {
    "sd_turbo": ("StableDiffusionPipeline", _sd_turbo),
    "sdxl_turbo": ("StableDiffusionXLPipeline", _sdxl_turbo),
    "sana": ("SanaPipeline", _sana),
    "sana_sprint": ("SanaSprintPipeline", _sana_sprint),
    "flux": ("FluxPipeline", lambda: _flux(False)),
    "flux_dev": ("FluxPipeline", lambda: _flux(True)),
    "pixart": ("PixArtSigmaPipeline", _pixart),
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


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tiny-t2i")
    for name in FAMILIES:
        shutil.rmtree(out / name, ignore_errors=True)
        print(build(name, out / name))
