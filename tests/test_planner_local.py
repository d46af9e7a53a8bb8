"""The `local` planner on a tiny random Qwen2-style model built offline (config + a BPE tokenizer trained
on the fixture text, saved with a chat template), loaded through the same path a user's model takes.

Its words are noise: what these tests prove is loading (folder and Hugging Face cache), decoding
constrained to the storyboard schema (valid JSON that validates, every time), a storyboard from the
model in extract mode, and the fallback when its free-written narration cannot be traced.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("lmformatenforcer")

import storyboard  # noqa: E402
from reelflow.errors import ReelflowError  # noqa: E402
from reelflow.models import Article  # noqa: E402
from storyboard.llm.build import ArticleIndex  # noqa: E402
from storyboard.llm.local_planner import LocalBackend  # noqa: E402
from storyboard.llm.parse import parse_draft  # noqa: E402
from storyboard.llm.prompt import SYSTEM, user_message  # noqa: E402
from storyboard.llm.schema import CAMERA_MOVES, LIMITS, draft_schema  # noqa: E402
from storyboard.segment import estimate_seconds, sentences  # noqa: E402

ROOT = Path(__file__).parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
CHAT_TEMPLATE = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
                 "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def build_tiny_model(folder: Path) -> Path:
    """A Qwen2 causal LM with random weights and a byte-level BPE tokenizer trained here, saved as a user's
    downloaded model would be (config.json, safetensors, tokenizer files with a chat template)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.md"))]
    texts.append(json.dumps({"style": {"look": "", "palette": [], "characters": [{"name": "", "description": ""}]},
                             "shots": [{"sentences": [1, 2], "visual_prompt": "", "camera": "slow push in",
                                        "image": None}]}))
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(texts, trainers.BpeTrainer(
        vocab_size=1000, special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                  chat_template=CHAT_TEMPLATE)
    tok.save_pretrained(folder)
    config = Qwen2Config(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=16384,
                         eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id, tie_word_embeddings=True)
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(config)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small runs fastest on one thread, and the machine is shared
    yield build_tiny_model(tmp_path_factory.mktemp("tiny-qwen"))
    torch.set_num_threads(threads)


@pytest.fixture(autouse=True)
def local_env(tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REELFLOW_LOCAL__MODEL", str(tiny_model))
    monkeypatch.setenv("REELFLOW_LOCAL__DEVICE", "cpu")
    monkeypatch.setenv("REELFLOW_PLANNER_FALLBACK", "false")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("REELFLOW_LOCAL__NARRATION", raising=False)


@pytest.fixture(scope="module")
def zh() -> Article:
    return storyboard.read(ARTICLES / "zh_article.md")


def test_constrained_decoding_gives_json_that_fits_the_schema(tiny_model: Path, zh: Article) -> None:
    """Noise weights, yet the raw answer parses, validates, and keeps every enum and length of the schema."""
    index = ArticleIndex.of(zh)
    numbers = [p.number for p in index.sentences]
    schema = draft_schema("extract", paragraphs=[], sentences=numbers, images=1, max_shots=2, narration_chars=60,
                          bounded=True)
    messages = [{"role": "system", "content": SYSTEM["extract"]},
                {"role": "user", "content": user_message(zh, index.sentences, "extract", target_seconds=8,
                                                         max_shots=2, schema=schema)}]
    backend = LocalBackend(str(tiny_model), device="cpu", max_new_tokens=64)
    answer = backend.complete(messages, schema, seed=3)
    raw = json.loads(answer)  # complete JSON, although max_new_tokens was far too small for it
    draft = parse_draft(answer)
    assert set(raw) == {"style", "shots"} and 1 <= len(draft.shots) <= 2
    for shot in raw["shots"]:
        assert list(shot) == list(schema["properties"]["shots"]["items"]["properties"])  # every key, in order
        assert 1 <= len(shot["sentences"]) <= LIMITS["sentences"] and set(shot["sentences"]) <= set(numbers)
        assert shot["camera"] in CAMERA_MOVES and shot["image"] in (0, None)
        assert len(shot["visual_prompt"]) <= LIMITS["visual_prompt"]
    assert len(raw["style"]["look"]) <= LIMITS["look"]


def test_local_planner_makes_a_storyboard_from_the_model(zh: Article) -> None:
    board = storyboard.plan(zh, "local", max_seconds=10, seed=1)
    assert board.planner == "local" and board.version == 2
    for shot in board.shots:  # extract mode: the model chose article sentences by number
        assert shot.narration and all(part in zh.text for part in sentences(shot.narration, "zh"))
        assert shot.seconds == estimate_seconds(shot.narration, "zh")
        assert shot.key_phrase in shot.narration and shot.visual_prompt
    assert sum(s.seconds for s in board.shots) <= 10 or len(board.shots) == 1


def test_free_narration_from_noise_falls_back_to_rules(zh: Article, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """In rewrite mode the noise model writes its own narration: valid JSON, but none of it is in the article."""
    monkeypatch.setenv("REELFLOW_LOCAL__NARRATION", "rewrite")
    monkeypatch.setenv("REELFLOW_PLANNER_FALLBACK", "true")
    with caplog.at_level(logging.INFO, "storyboard.llm"):
        board = storyboard.plan(zh, "local", max_seconds=4)
    assert board.planner == "rules (fallback from local)"
    assert board.shots == storyboard.plan(zh, "rules", max_seconds=4).shots
    messages = [r.getMessage() for r in caplog.records]
    assert any("asking once more" in m for m in messages)  # a repair round first
    assert any(r.levelno == logging.WARNING and "using the rules planner instead" in r.getMessage()
               for r in caplog.records)


def test_missing_model_is_a_clear_error_or_a_fallback(zh: Article, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REELFLOW_LOCAL__MODEL", str(tmp_path / "no-such-model"))
    with pytest.raises(ReelflowError, match=r"local planner failed: local model .*no-such-model: folder not found"):
        storyboard.plan(zh, "local", max_seconds=10)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("REELFLOW_LOCAL__MODEL", "Qwen/Qwen2.5-0.5B-Instruct")
    with pytest.raises(ReelflowError, match="not in the Hugging Face cache"):
        storyboard.plan(zh, "local", max_seconds=10)
    monkeypatch.setenv("REELFLOW_PLANNER_FALLBACK", "true")
    assert storyboard.plan(zh, "local", max_seconds=10).planner == "rules (fallback from local)"


def test_loads_a_model_id_from_the_hugging_face_cache(tiny_model: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An id resolves to its snapshot in the local cache (the layout `hf download` leaves), offline."""
    from storyboard.llm.local_planner import resolve_model

    hub = tmp_path / "hf" / "hub"
    repo = hub / "models--tiny--qwen"
    snapshot = repo / "snapshots" / ("a" * 40)
    shutil.copytree(tiny_model, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("a" * 40)
    code = ("import sys; from storyboard.llm.local_planner import resolve_model; "
            "print(resolve_model('tiny/qwen'))")
    env = {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert Path(out) == snapshot
    assert resolve_model(str(tiny_model)) == tiny_model


def test_import_storyboard_stays_light() -> None:
    code = ("import sys, storyboard; print(sorted(storyboard.PLANNERS)); "
            "print([m for m in ('torch', 'transformers', 'httpx', 'lmformatenforcer') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["['local', 'openai', 'rules']", "[]"]
