"""The `local` planner: a transformers chat model on this machine (a folder, or an id in the HF cache).

Decoding is constrained to the request's JSON schema with lm-format-enforcer's JSON-schema parser,
driven token by token from a transformers LogitsProcessor, so even a small model can only write a
draft that parses and validates; in the default `extract` narration mode it picks article sentences
by number, so its narration is the article's by construction. Models are never downloaded: an id
must already be in the Hugging Face cache (which also honours HF_HUB_OFFLINE).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reelflow.settings import LocalSettings
from storyboard.llm.base import BackendError, LLMPlanner, Message
from storyboard.llm.schema import longest_answer
from storyboard.planners import register

log = logging.getLogger("storyboard.llm")

MAX_CONSECUTIVE_WHITESPACE = 1


def _require() -> None:
    try:
        import lmformatenforcer  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise BackendError(f"the local planner needs torch, transformers and lm-format-enforcer "
                           f"(pip install 'reelflow[llm]'): {exc}") from None


def resolve_model(spec: str) -> Path:
    """A model folder, or the snapshot of a Hugging Face id already in the local cache (never downloaded)."""
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise BackendError(f"local model {path}: not a transformers model folder (no config.json)")
        return path
    looks_like_id = spec.count("/") == 1 and not spec.startswith(("/", ".", "~"))
    if not looks_like_id:
        raise BackendError(f"local model {spec}: folder not found")
    from huggingface_hub import constants, snapshot_download

    try:
        return Path(snapshot_download(spec, local_files_only=True))
    except Exception:  # noqa: BLE001 - every failure here means "not in the cache"
        raise BackendError(f"local model {spec!r} is not in the Hugging Face cache ({constants.HF_HUB_CACHE}); "
                           f"download it first (e.g. `hf download {spec}`) or set local.model to a folder") from None


def pick_device(setting: str) -> str:
    import torch

    if setting != "auto":
        return setting
    return "cuda" if torch.cuda.is_available() else "cpu"


@dataclass
class Loaded:
    model: Any
    tokenizer: Any
    token_data: Any
    eos: list[int]
    device: str


def _token_data(tokenizer: Any, eos: list[int]) -> Any:
    """What the enforcer needs to know of each token: its text, and whether it starts a new word.

    A token's text is read after a probe token, since many tokenizers drop a leading space when a
    token is decoded alone; batch decoding keeps this to seconds for a 150k vocabulary.
    """
    from lmformatenforcer import TokenEnforcerTokenizerData

    size = len(tokenizer)
    special = set(tokenizer.all_special_ids)
    probe = tokenizer.encode("0", add_special_tokens=False)[-1]
    probe_len = len(tokenizer.decode([probe]))
    ids = [i for i in range(size) if i not in special]
    alone = tokenizer.batch_decode([[i] for i in ids])
    after = [t[probe_len:] for t in tokenizer.batch_decode([[probe, i] for i in ids])]
    # A token that is part of a character's bytes decodes to U+FFFD; leaving such tokens out means every
    # allowed token writes at least one character, so a bounded schema bounds the answer's tokens.
    regular = [(i, a, len(a) > len(b)) for i, a, b in zip(ids, after, alone, strict=True)
               if a and "\ufffd" not in a]

    def decode(tokens: list[int]) -> str:
        return tokenizer.decode(tokens).rstrip("\ufffd")

    return TokenEnforcerTokenizerData(regular, decode, eos, False, size)


@functools.lru_cache(maxsize=2)
def load(path: str, device: str) -> Loaded:
    """Load once per process: model, tokenizer and the enforcer's token table."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        dtype = torch.bfloat16 if device.startswith("cuda") and torch.cuda.is_bf16_supported() else torch.float32
        model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True, dtype=dtype)
    except (OSError, ValueError) as exc:
        raise BackendError(f"local model {path}: cannot be loaded: {str(exc).splitlines()[0][:300]}") from None
    model.to(device).eval()
    eos = model.generation_config.eos_token_id
    eos_ids = sorted({*(eos if isinstance(eos, list) else [eos] if eos is not None else []),
                      *([tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else [])})
    if not eos_ids:
        raise BackendError(f"local model {path}: has no end-of-sequence token")
    log.info("Loaded local model %s on %s.", path, device)
    return Loaded(model, tokenizer, _token_data(tokenizer, eos_ids), eos_ids, device)


def _enforcing_processor(enforcer: Any, prompt_len: int) -> Any:
    import torch
    from transformers import LogitsProcessor

    class EnforceSchema(LogitsProcessor):
        """Every token that would break the schema gets -inf, so it cannot be chosen."""

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            mask = torch.full_like(scores, float("-inf"))
            for row in range(input_ids.shape[0]):
                allowed = enforcer.get_allowed_tokens(input_ids[row, prompt_len:].tolist()).allowed_tokens
                mask[row, allowed] = 0.0
            return scores + mask

    return EnforceSchema()


class LocalBackend:
    """Generates one constrained answer per request with a local model."""

    def __init__(self, spec: str, *, device: str, max_new_tokens: int) -> None:
        _require()
        self.path = resolve_model(spec)
        self.loaded = load(str(self.path), pick_device(device))
        self.max_new_tokens = max_new_tokens

    def prompt_ids(self, messages: list[Message]) -> Any:
        tok = self.loaded.tokenizer
        if getattr(tok, "chat_template", None):
            return tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                           return_dict=True, enable_thinking=False)
        text = "".join(f"{m['role']}: {m['content']}\n\n" for m in messages) + "assistant: "
        return tok(text, return_tensors="pt")

    def complete(self, messages: list[Message], schema: dict[str, Any], *, seed: int) -> str:
        import torch
        from lmformatenforcer import JsonSchemaParser, TokenEnforcer
        from transformers import GenerationConfig, LogitsProcessorList

        lm = self.loaded
        inputs = self.prompt_ids(messages).to(lm.device)
        prompt_len = inputs["input_ids"].shape[1]
        parser = JsonSchemaParser(schema)
        enforcer = TokenEnforcer(lm.token_data, parser)
        # Set after the enforcer, which replaces the parser's config with one for this tokenizer.
        parser.config.force_json_field_order = True
        parser.config.max_consecutive_whitespaces = MAX_CONSECUTIVE_WHITESPACE
        budget = max(self.max_new_tokens, longest_answer(schema, MAX_CONSECUTIVE_WHITESPACE) + 8)
        config = GenerationConfig(max_new_tokens=budget, do_sample=False, repetition_penalty=1.05,
                                  eos_token_id=lm.eos, pad_token_id=lm.tokenizer.pad_token_id or lm.eos[0])
        torch.manual_seed(seed)
        with torch.inference_mode():
            out = lm.model.generate(**inputs, generation_config=config,
                                    logits_processor=LogitsProcessorList([_enforcing_processor(enforcer, prompt_len)]))
        new = out[0, prompt_len:]
        if len(new) >= budget:
            log.warning("The local model used all %d new tokens; its answer may be cut short.", budget)
        return lm.tokenizer.decode(new, skip_special_tokens=True)


@register("local", settings=LocalSettings)
class LocalPlanner(LLMPlanner):
    """Storyboards from a local transformers model (settings [local])."""

    name = "local"
    bounded = True

    def make_backend(self) -> LocalBackend:
        s = self.settings.local
        if not s.model:
            raise BackendError("no local model: set local.model (REELFLOW_LOCAL__MODEL) to a model folder or a "
                               "Hugging Face id already in the cache, e.g. Qwen/Qwen2.5-3B-Instruct")
        return LocalBackend(s.model, device=s.device, max_new_tokens=s.max_new_tokens)
