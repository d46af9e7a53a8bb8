"""The dit renderer, end to end on tiny random pipelines of every family, on the CPU and offline.

The pipelines are real diffusers pipelines built from configs (tests/dit_tiny.py) and loaded from
disk the way a user's `--model DIR` is. Their frames are noise: these tests check plumbing, frame
counts, durations, seeds, the cache, the refusal and the Hugging Face cache path, not beauty.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import ARTICLES, ROOT, read_json
from dit_tiny import FAMILIES, as_hf_cache, build, build_real_size_config
from PIL import Image

from generator.video import RenderRequest, get_renderer, render, render_key, renderers
from generator.video.dit.loader import DitOptions, get_pipeline, inspect_model
from generator.video.dit.renderer import plan_shot
from reelflow.errors import BadInput
from reelflow.media import probe
from reelflow.models import Shot

pytest.importorskip("diffusers")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny-dit")
    for name in FAMILIES:
        build(name, root / name)
    return root


@pytest.fixture(scope="module")
def red_image(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("img") / "red.png"
    Image.new("RGB", (300, 400), (220, 30, 30)).save(path)
    return str(path)


def _shot(index: int = 0, prompt: str = "night market, lanterns, slow push in", image: str | None = None) -> Shot:
    return Shot(index=index, narration="夜市是城市的烟火气。", visual_prompt=prompt, negative_prompt="blurry",
                seconds=2.0, key_phrase="城市烟火气", image=image)


def _request(shot: Shot, model: Path | str, seconds: float = 1.0, seed: int = 7, **opts: object) -> RenderRequest:
    options = DitOptions(model=str(model), steps=2, **opts).to_dict()  # type: ignore[arg-type]
    return RenderRequest(shot=shot, seconds=seconds, width=270, height=480, fps=30, seed=seed, title="城市夜市",
                         language="zh", options=options)


def _frames(path: str) -> np.ndarray:
    with av.open(path) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_renders_at_model_size(tiny: Path, tmp_path: Path, red_image: str, family: str) -> None:
    image = red_image if family.endswith("_i2v") else None
    request = _request(_shot(image=image), tiny / family, seconds=1.0)
    plan = plan_shot(request, DitOptions.from_dict(request.options))
    clip = render(request, "dit", tmp_path)
    info = probe(clip.path)
    assert (info.width, info.height) == (plan.width, plan.height) == (clip.width, clip.height)
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert clip.seconds == pytest.approx(1.0) and abs(info.duration - 1.0) < 0.05
    frames = _frames(clip.path)
    assert len(frames) == 30  # exactly the requested frames at the preset's rate
    assert frames.std() > 1.0  # the model's frames, not a blank fill
    # Portrait shot: families trained on portrait render portrait; CogVideoX 1.0 only knows 720×480's shape.
    assert (plan.height > plan.width) == (not family.startswith("cogvideox"))


def test_same_seed_same_frames_other_seed_other_frames(tiny: Path, tmp_path: Path) -> None:
    a = _frames(render(_request(_shot(), tiny / "wan", 0.5, seed=11), "dit", tmp_path / "a").path)
    b = _frames(render(_request(_shot(), tiny / "wan", 0.5, seed=11), "dit", tmp_path / "b").path)
    c = _frames(render(_request(_shot(), tiny / "wan", 0.5, seed=12), "dit", tmp_path / "c").path)
    assert np.array_equal(a, b)
    assert np.abs(a.astype(int) - c.astype(int)).mean() > 2.0


def test_long_shot_slows_down_then_holds_never_loops(tiny: Path, tmp_path: Path) -> None:
    # max_frames caps one generation (as for a small GPU) so that a 3 s shot is longer than the model makes.
    request = _request(_shot(), tiny / "wan", seconds=3.0, max_frames=20)
    plan = plan_shot(request, DitOptions.from_dict(request.options))
    assert [(s.kind, s.frames) for s in plan.segments] == [("t2v", 17)]  # Wan's 4k+1 rule, at most 20
    assert plan.slow == pytest.approx(1.5)
    frames = _frames(render(request, "dit", tmp_path).path)
    assert len(frames) == 90
    moving, held = frames[:45].astype(int), frames[46:].astype(int)
    # 17 frames at 16 fps slowed 1.5× cover 1.5 s; the rest holds the last frame (up to x264's refinement).
    assert np.abs(held - held[-1]).mean(axis=(1, 2, 3)).max() < 1.0
    assert np.abs(np.diff(moving[::3], axis=0)).mean(axis=(1, 2, 3)).min() > 2.0
    # No loop: the held end is not the start again.
    assert np.abs(held[0] - frames[0].astype(int)).mean() > 2.0


def test_long_shot_continues_from_last_frame_with_i2v(tiny: Path, tmp_path: Path) -> None:
    request = _request(_shot(), tiny / "wan", seconds=3.0, max_frames=17, i2v_model=str(tiny / "wan_i2v"))
    plan = plan_shot(request, DitOptions.from_dict(request.options))
    assert [(s.kind, s.frames, s.condition) for s in plan.segments] == [
        ("t2v", 17, None), ("i2v", 17, "previous"), ("i2v", 17, "previous")]
    assert plan.slow == 1.0 and plan.source_frames == 49 >= 3 * 16
    frames = _frames(render(request, "dit", tmp_path).path)
    assert len(frames) == 90
    tail = frames[-30:].astype(int)
    assert np.abs(np.diff(tail[::2], axis=0)).mean(axis=(1, 2, 3)).min() > 0.5  # still moving at the end


def test_shot_image_goes_through_image_to_video(tiny: Path, red_image: str) -> None:
    request = _request(_shot(image=red_image), tiny / "wan", i2v_model=str(tiny / "wan_i2v"))
    plan = plan_shot(request, DitOptions.from_dict(request.options))
    assert [(s.kind, s.condition) for s in plan.segments] == [("i2v", "image")]
    with pytest.raises(BadInput, match="image-to-video and shot 1 has no image"):
        plan_shot(_request(_shot(), tiny / "wan_i2v"), DitOptions(model=str(tiny / "wan_i2v")))


def test_cache_rerenders_only_the_changed_shot(tiny: Path, tmp_path: Path) -> None:
    shots = [_shot(i, f"scene {i}, lanterns") for i in range(3)]
    first = [render(_request(s, tiny / "ltx", 0.5), "dit", tmp_path) for s in shots]
    stamps = {c.path: Path(c.path).stat().st_mtime_ns for c in first}
    shots[1] = _shot(1, "scene 1, fireworks instead")
    second = [render(_request(s, tiny / "ltx", 0.5), "dit", tmp_path) for s in shots]
    assert [c.path for c in second][0::2] == [c.path for c in first][0::2]
    assert all(Path(c.path).stat().st_mtime_ns == stamps[c.path] for c in second[0::2])
    assert second[1].path != first[1].path
    assert len(list(tmp_path.glob("*.mp4"))) == 4
    assert (second[0].width, second[0].height) == (first[0].width, first[0].height)  # read back from the file
    # The key follows model, prompt, negative, seed, steps, size and frames; not runtime-only options.
    dit = get_renderer("dit")
    base = _request(shots[0], tiny / "ltx")
    key = render_key(dit, base)
    changed = [
        _request(shots[0], tiny / "wan"),
        _request(_shot(0, "another prompt"), tiny / "ltx"),
        _request(shots[0].model_copy(update={"negative_prompt": "dark"}), tiny / "ltx"),
        _request(shots[0], tiny / "ltx", seed=8),
        _request(shots[0], tiny / "ltx", seconds=2.0),
        RenderRequest(**{**base.__dict__, "options": {**base.options, "steps": 3}}),
        RenderRequest(**{**base.__dict__, "width": 480, "height": 270}),
    ]
    assert len({key, *(render_key(dit, r) for r in changed)}) == len(changed) + 1
    assert render_key(dit, _request(shots[0], tiny / "ltx", allow_cpu=True, offload=True)) == key


def test_real_size_model_refused_on_cpu_with_estimate(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reelflow.cli import app

    folder = build_real_size_config(tmp_path / "Wan2.1-T2V-1.3B-Diffusers")
    info = inspect_model(str(folder))
    assert 1.3e9 < info.params < 1.5e9 and not info.tiny
    dit = get_renderer("dit")
    with pytest.raises(BadInput) as exc:
        dit.preflight(DitOptions(model=str(folder)).to_dict())
    msg = str(exc.value)
    assert "1.4 B-parameter" in msg and "no CUDA GPU" in msg and "81 frames at 480×832" in msg
    assert "would take at least" in msg and ("hours" in msg or "days" in msg) and "--allow-cpu" in msg
    dit.preflight(DitOptions(model=str(folder), allow_cpu=True).to_dict())  # allowed: no refusal
    # The CLI refuses before starting the workflow engine, with exit code 2.
    article = ARTICLES / "zh_article.md"
    result = CliRunner().invoke(app, ["make", str(article), "--renderer", "dit", "--model", str(folder)])
    assert result.exit_code == 2 and "would take at least" in result.output
    result = CliRunner().invoke(app, ["make", str(article), "--renderer", "dit", "--model", str(tmp_path / "no")])
    assert result.exit_code == 2 and "no such model folder" in result.output


def test_model_from_hf_cache_offline(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from reelflow.cli import app

    hf_home = tmp_path / "hf"
    snapshot = as_hf_cache(tiny / "ltx", hf_home, "reelflow-tests/tiny-ltx")
    monkeypatch.setenv("HF_HOME", str(hf_home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    info = inspect_model("reelflow-tests/tiny-ltx")
    assert info.path == snapshot and info.family.key == "ltx"
    clip = render(_request(_shot(), "reelflow-tests/tiny-ltx"), "dit", tmp_path / "out")
    assert len(_frames(clip.path)) == 30
    with pytest.raises(BadInput, match="not in the Hugging Face cache"):
        inspect_model("reelflow-tests/not-there")
    # `reelflow models` lists the cache entry and the configured folder.
    monkeypatch.setenv("REELFLOW_DIT__MODEL", str(tiny / "wan"))
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["models"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "reelflow-tests/tiny-ltx  (HF cache)" in result.output and "LTXPipeline" in result.output
    assert f"{tiny / 'wan'}  (dit.model)" in result.output and "WanPipeline" in result.output


def test_few_step_distilled_checkpoint_loads_through_the_same_path(tiny: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Wan2.1-T2V-1.3B-rCM-distilled"
    shutil.copytree(tiny / "wan", folder)
    # A distilled release may name a scheduler this diffusers does not have: it runs with flow-matching Euler.
    index = read_json(folder / "model_index.json")
    index["scheduler"] = ["diffusers", "RCMFlowScheduler"]
    (folder / "model_index.json").write_text(json.dumps(index), encoding="utf-8")
    info = inspect_model(str(folder))
    opts = DitOptions(model=str(folder))
    assert info.distilled and info.steps(opts) == 4 and info.guidance(opts) == 1.0
    pipe = get_pipeline(info, opts)
    assert type(pipe.scheduler).__name__ == "FlowMatchEulerDiscreteScheduler"
    request = RenderRequest(shot=_shot(), seconds=1.0, width=270, height=480, fps=30, seed=1, options=opts.to_dict())
    assert len(_frames(render(request, "dit", tmp_path / "out").path)) == 30


def test_cache_acceleration_hooks(tiny: Path, tmp_path: Path) -> None:
    opts = DitOptions(model=str(tiny / "wan"), steps=4, cache="fbc:0.5")
    pipe = get_pipeline(inspect_model(opts.model), opts)
    assert pipe.transformer.is_cache_enabled
    request = RenderRequest(shot=_shot(), seconds=0.5, width=270, height=480, fps=30, seed=3, options=opts.to_dict())
    assert len(_frames(render(request, "dit", tmp_path).path)) == 15


def test_flow_makes_a_clip_from_dit_shots(prefect_server, data_dir: Path, tiny: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.article_to_video import article_to_video

    monkeypatch.setenv("REELFLOW_DIT__MODEL", str(tiny / "wan"))
    monkeypatch.setenv("REELFLOW_DIT__STEPS", "2")
    monkeypatch.setenv("REELFLOW_DIT__MAX_FRAMES", "17")
    out = tmp_path / "dit.mp4"
    draft = article_to_video(str(ARTICLES / "zh_article.md"), output=str(out), renderer="dit", preset="preview",
                             max_seconds=8)
    info = probe(out)
    assert (info.width, info.height) == (270, 480) and draft.metadata["renderer"] == ["dit"]
    shot_files = sorted((data_dir / "cache" / "shots").glob("*.mp4"))
    assert len(shot_files) == draft.metadata["shots"]
    assert all((probe(p).width, probe(p).height) == (32, 64) for p in shot_files)  # model size, fitted by the cut
    assert info.duration == pytest.approx(sum(probe(p).duration for p in shot_files), abs=0.15)
    # The finished clip shows the shot's frames, fitted to the preset by the cut (scaled to cover 270×480,
    # centre-cropped): compared away from the labels and the subtitles, its frame i is the shot's frame i,
    # not the shot's frame a second later and not frame i of the same shot made with another seed.
    final = _frames(str(out)).astype(float)
    shot = _frames(str(shot_files[0]))
    seconds = round(probe(shot_files[0]).duration * 30) / 30
    decoy = _frames(render(_request(_shot(), tiny / "wan", seconds, seed=99, max_frames=17), "dit",
                           tmp_path / "decoy").path)
    band = slice(100, 240)  # below the corner label, above the opening label and the subtitles

    def fitted(frame: np.ndarray) -> np.ndarray:
        big = np.asarray(Image.fromarray(frame).resize((270, 540), Image.BICUBIC), dtype=float)
        return big[30:510]

    for i in (6, 36):
        same = np.abs(final[i][band] - fitted(shot[i])[band]).mean()
        other = np.abs(final[i][band] - fitted(decoy[i])[band]).mean()
        later = np.abs(final[i][band] - fitted(shot[(i + 30) % len(shot)])[band]).mean()  # a second apart
        assert same < 5.0 and other > 1.5 * same and later > 2 * same, (i, same, other, later)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    x, y = a.astype(float).ravel(), b.astype(float).ravel()
    x, y = x - x.mean(), y - y.mean()
    return float((x @ y) / (np.linalg.norm(x) * np.linalg.norm(y) + 1e-9))


def test_registry_without_diffusers() -> None:
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['diffusers'] = None\n"
        "import generator.video as v\n"
        "assert 'dit' in v.renderers() and 'animatic' in v.renderers()\n"
        "try:\n    v.get_renderer('dit')\nexcept Exception as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "pip install -e '.[dit]'" in out.stdout
    assert "dit" in renderers()
