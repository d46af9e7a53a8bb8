"""Model FLOPs of one transformer forward, counted from the transformer's published config.

Only the matrix products are counted (2 FLOP per multiply-add): per block the self-attention
projections (q, k, v, o: 8·N·d²), the attention itself (QKᵀ and AV: 4·N²·d), cross-attention to the
text (q and o on the video tokens, k and v on the text tokens, and 4·N·L·d for scores and values),
and the MLP (4·N·d·f). Norms, modulation, patch embedding and the output head are left out (< 1 %).
For Wan 2.1 1.3B at 832×480×81 this gives 2.83e14, matching the published ≈ 2.8e14 per forward.

N, the number of video tokens, is latent frames × latent height × latent width over the patch sizes;
L is the prompt length the family runs its text encoder at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Geometry:
    temporal: int  # VAE temporal compression
    spatial: int  # VAE spatial compression
    patch_t: int
    patch_h: int
    patch_w: int


def geometry(family_key: str, config: dict[str, Any]) -> Geometry:
    if family_key.startswith("wan"):
        pt, ph, pw = config.get("patch_size", (1, 2, 2))
        spatial = 16 if family_key == "wan2.2-ti2v" else 8
        return Geometry(4, spatial, pt, ph, pw)
    if family_key.startswith("cogvideox"):
        p = config.get("patch_size", 2)
        return Geometry(config.get("temporal_compression_ratio", 4), 8, config.get("patch_size_t") or 1, p, p)
    if family_key.startswith("ltx"):
        p = config.get("patch_size", 1)
        return Geometry(8, 32, config.get("patch_size_t", 1), p, p)
    raise KeyError(family_key)


def video_tokens(family_key: str, config: dict[str, Any], frames: int, width: int, height: int) -> int:
    g = geometry(family_key, config)
    latent_f = (frames - 1) // g.temporal + 1
    latent_f = -(-latent_f // g.patch_t)
    return latent_f * (height // g.spatial // g.patch_h) * (width // g.spatial // g.patch_w)


def transformer_flops(family_key: str, config: dict[str, Any], frames: int, width: int, height: int,
                      text_tokens: int) -> float:
    """FLOPs of one forward of the transformer (one denoising step without CFG)."""
    n = video_tokens(family_key, config, frames, width, height)
    L = text_tokens
    heads, head_dim = config["num_attention_heads"], config["attention_head_dim"]
    d = heads * head_dim
    layers = config["num_layers"]
    if family_key.startswith("cogvideox"):
        # One joint attention over video and text tokens; the MLP runs over both (inner size 4d).
        t = n + L
        per_block = 8 * t * d * d + 4 * t * t * d + 4 * t * d * (4 * d)
    else:
        ffn = config.get("ffn_dim") or 4 * d
        if config.get("added_kv_proj_dim"):  # Wan 2.1 I2V: 257 CLIP image tokens beside the text
            L += 257
        self_attn = 8 * n * d * d + 4 * n * n * d
        cross = 4 * n * d * d + 4 * L * d * d + 4 * n * L * d
        per_block = self_attn + cross + 4 * n * d * ffn
    return float(layers * per_block)


def attention_share(family_key: str, config: dict[str, Any], frames: int, width: int, height: int,
                    text_tokens: int) -> float:
    """The fraction of the forward spent in self-attention scores and values (the N² term)."""
    n = video_tokens(family_key, config, frames, width, height)
    d = config["num_attention_heads"] * config["attention_head_dim"]
    t = n + text_tokens if family_key.startswith("cogvideox") else n
    total = transformer_flops(family_key, config, frames, width, height, text_tokens)
    return config["num_layers"] * 4 * t * t * d / total
