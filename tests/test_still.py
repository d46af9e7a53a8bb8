"""The `still` picture source: a text-to-image model from a local folder or the HF cache, one image per shot
at the preset's aspect, moved by a camera. Tiny random pipelines of each family (tests/t2i_tiny.py), loaded
through the user's code path; their pixels are noise, so the tests check the plumbing, sizes and seeds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("diffusers")

from PIL import Image  # noqa: E402
from t2i_tiny import build  # noqa: E402

import generator.video as video  # noqa: E402
from generator.video.base import RenderRequest  # noqa: E402
from generator.video.still.renderer import StillOptions, check_can_run, inspect_image_model  # noqa: E402
from reelflow.errors import BadInput  # noqa: E402
from reelflow.media import probe  # noqa: E402
from reelflow.models import Shot  # noqa: E402

# family → (pipeline class, the multiple its image sides must be)
FAMILIES = {"sd_turbo": ("StableDiffusionPipeline", 8), "sdxl_turbo": ("StableDiffusionXLPipeline", 8),
            "sana": ("SanaPipeline", 32), "sana_sprint": ("SanaSprintPipeline", 32), "flux": ("FluxPipeline", 16),
            "pixart": ("PixArtSigmaPipeline", 16)}


def _request(model: str, *, seed: int = 5, w: int = 270, h: int = 480, camera: str = "slow push in",
             **still: object) -> RenderRequest:
    shot = Shot(index=2, narration="夜市的灯笼亮起来了。", visual_prompt="夜市灯笼 night market lanterns, warm light",
                seconds=1.0, key_phrase="灯笼", keywords=["夜市"], camera=camera)
    return RenderRequest(shot=shot, seconds=1.0, width=w, height=h, fps=30, seed=seed, title="夜市", language="zh",
                         options={"still": {"model": model, **still}})


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_makes_a_moving_shot_at_the_presets_aspect(family: str, tmp_path: Path) -> None:
    folder = build(family, tmp_path / f"{family}-tiny")
    info = inspect_image_model(str(folder))
    assert info.class_name == FAMILIES[family][0] and info.tiny
    clip = video.render(_request(str(folder)), "still", tmp_path / "shots")
    assert clip.renderer == "still"
    got = probe(clip.path)
    assert (got.width, got.height, got.fps) == (270, 480, 30.0) and got.duration == pytest.approx(1.0, abs=0.04)
    # The image the shot was made from is kept beside it, portrait like the preset, in the family's multiples.
    still = Image.open(Path(clip.path).with_suffix(".png"))
    m = FAMILIES[family][1]
    assert still.height > still.width and still.width % m == 0 and still.height % m == 0
    assert abs(still.width / still.height - 270 / 480) < 0.25


def test_same_seed_same_picture_another_seed_another(tmp_path: Path) -> None:
    folder = str(build("sd_turbo", tmp_path / "sd-turbo-tiny"))
    renderer = video.get_renderer("still")
    pictures = {}
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        clip = renderer.render(_request(folder, seed=seed), tmp_path / name / "shot.mp4")
        pictures[name] = np.asarray(Image.open(Path(clip.path).with_suffix(".png")))
    assert np.array_equal(pictures["a"], pictures["b"]) and not np.array_equal(pictures["a"], pictures["c"])
    # What changes the picture changes the render key; what does not, does not.
    key = lambda r: video.render_key(renderer, r)  # noqa: E731
    assert key(_request(folder)) != key(_request(folder, steps=3))
    assert key(_request(folder)) != key(_request(folder, seed=6))
    assert key(_request(folder)) == key(_request(folder, offload=True))


def test_a_turbo_model_from_the_hugging_face_cache_runs_its_few_steps(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from dit_tiny import as_hf_cache

    folder = build("sdxl_turbo", tmp_path / "built")
    as_hf_cache(folder, tmp_path / "hf", "someone/sdxl-turbo-tiny")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    info = inspect_image_model("someone/sdxl-turbo-tiny")
    assert info.distilled and info.steps(StillOptions()) == 4 and info.guidance(StillOptions()) == 0.0
    clip = video.render(_request("someone/sdxl-turbo-tiny"), "still", tmp_path / "shots")
    assert probe(clip.path).width == 270
    with pytest.raises(BadInput, match="not in the Hugging Face cache"):
        inspect_image_model("someone/not-downloaded")


def _real_size_sdxl(folder: Path) -> Path:
    """An SDXL folder with its published UNet config and no weights: enough to size the model."""
    (folder / "unet").mkdir(parents=True)
    (folder / "model_index.json").write_text(json.dumps({
        "_class_name": "StableDiffusionXLPipeline", "unet": ["diffusers", "UNet2DConditionModel"]}))
    (folder / "unet" / "config.json").write_text(json.dumps({
        "_class_name": "UNet2DConditionModel", "sample_size": 128, "in_channels": 4, "out_channels": 4,
        "layers_per_block": 2, "block_out_channels": [320, 640, 1280], "transformer_layers_per_block": [1, 2, 10],
        "attention_head_dim": [5, 10, 20], "cross_attention_dim": 2048, "use_linear_projection": True,
        "addition_embed_type": "text_time", "addition_time_embed_dim": 256,
        "projection_class_embeddings_input_dim": 2816,
        "down_block_types": ["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
        "up_block_types": ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"]}))
    return folder


def test_a_real_size_model_is_refused_on_a_cpu_in_one_line(tmp_path: Path) -> None:
    """Config only (no weights): an SDXL UNet of 2.6 B parameters is sized on the meta device and refused."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    folder = _real_size_sdxl(tmp_path / "sdxl-base")
    info = inspect_image_model(str(folder))
    assert 2.4e9 < info.params < 2.8e9 and not info.tiny
    with pytest.raises(BadInput) as err:
        check_can_run(info, StillOptions(model=str(folder)))
    assert "no CUDA GPU" in str(err.value) and "\n" not in str(err.value)
    check_can_run(info, StillOptions(model=str(folder), allow_cpu=True))  # allowed: no error


def test_auto_gives_scene_shots_to_the_still_model_and_draws_the_rest(data_dir: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import ROOT

    from reelflow.pipeline.article import make_here
    from reelflow.settings import load_settings

    folder = build("sd_turbo", tmp_path / "sd-turbo-tiny")
    monkeypatch.setenv("REELFLOW_STILL__MODEL", str(folder))
    monkeypatch.delenv("PEXELS_API_KEY", raising=False)
    monkeypatch.delenv("PIXABAY_API_KEY", raising=False)
    settings = load_settings(preset="preview", max_seconds=20)  # en_small_libraries at 20 s: a title, a scene, a quote
    draft = make_here(str(ROOT / "examples" / "en_small_libraries.md"), settings, output=str(tmp_path / "clip.mp4"))
    assert draft is not None
    shots = json.loads((tmp_path / "clip.json").read_text(encoding="utf-8"))["metadata"]["shot_list"]
    assert any(s["visual"] == "scene" for s in shots) and any(s["visual"] != "scene" for s in shots), shots
    for s in shots:  # a picture for each scene, drawn graphics for numbers, lists, quotes and titles
        assert s["renderer"] == ("still" if s["visual"] == "scene" else "graphics"), s


def test_animate_i2v_hands_the_still_to_the_video_models_image_to_video(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Picture first, then motion: the generated still is the first frame the i2v model is conditioned on."""
    from dit_tiny import build as build_video

    import generator.video.dit.renderer as dit
    from generator.video.dit.loader import DitOptions

    image_model = str(build("sd_turbo", tmp_path / "sd-turbo-tiny"))
    i2v = str(build_video("wan_i2v", tmp_path / "wan-i2v"))
    seen: list[tuple[str, str | None]] = []
    real_plan = dit.plan_shot

    def spy(request: RenderRequest, opts: DitOptions) -> dit.ShotPlan:
        plan = real_plan(request, opts)
        seen.append((plan.segments[0].kind, plan.image))
        return plan

    monkeypatch.setattr(dit, "plan_shot", spy)
    request = _request(image_model, animate="i2v")
    request = RenderRequest(**{**request.__dict__, "options": {
        **request.options, "dit": DitOptions(model=i2v, steps=2).to_dict()}})
    clip = video.render(request, "still", tmp_path / "shots")
    assert clip.renderer == "still"
    still = str(Path(clip.path).with_suffix(".png"))
    assert ("i2v", still) in seen  # the dit renderer made the shot from the still
    got = probe(clip.path)
    assert got.duration == pytest.approx(1.0, abs=0.04) and got.fps == 30.0


def test_reelflow_models_lists_the_image_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dit_tiny import as_hf_cache
    from typer.testing import CliRunner

    from reelflow.cli import app

    data = tmp_path / "data"
    build("sana_sprint", data / "models" / "sprint_tiny")
    as_hf_cache(build("flux", tmp_path / "flux"), tmp_path / "hf", "someone/flux-schnell-tiny")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(data))
    monkeypatch.setenv("REELFLOW_STILL__MODEL", str(build("sdxl_turbo", tmp_path / "sdxl-turbo")))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "400")  # rich wraps long paths at the terminal's width
    result = CliRunner().invoke(app, ["models"], terminal_width=400)
    assert result.exit_code == 0, result.output
    images = " ".join(result.output.split("Text-to-image models")[1].split())  # the table wraps at 80 columns
    assert "(still.model)" in images and "StableDiffusionXLPipeline" in images and "(distilled)" in images
    assert "sprint_tiny (local)" in images and "SanaSprintPipeline" in images
    assert "someone/flux-schnell-tiny (HF cache)" in images and "FluxPipeline" in images
    assert "SanaSprintPipeline" not in result.output.split("Text-to-image models")[0]  # not listed as video


def test_with_a_gpu_pool_auto_counts_on_the_pools_gpu(data_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A CPU box with a GPU work pool: a real-size image model is available to auto (the pool runs it)."""
    import torch

    from generator.video.auto import availability
    from reelflow.settings import load_settings

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    monkeypatch.setenv("REELFLOW_STILL__MODEL", str(_real_size_sdxl(tmp_path / "sdxl-base")))
    assert "no CUDA GPU" in (availability(load_settings())["still"] or "")
    monkeypatch.setenv("REELFLOW_GPU_POOL", "gpu")
    assert availability(load_settings())["still"] is None
