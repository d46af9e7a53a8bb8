"""Every clip is labelled and signed: checked on real clips with c2pa's own reader, PyAV, ffmpeg and pixels."""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import ARTICLES, ffmpeg, mp4_tags

CLI = [sys.executable, "-m", "reelflow.cli"]
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def _make_clip(article_path: Path, out: Path, work: Path) -> tuple[Path, str]:
    """A preview clip made by the real stages (rules planner, espeak, animatic, cut); returns (clip, content id)."""
    import generator.speech as speech
    import generator.video as video
    import storyboard
    from editing.cut import cut
    from editing.presets import get_preset

    article = storyboard.read(article_path)
    board = storyboard.plan(article, "rules", max_seconds=8)
    preset = get_preset("preview")
    narrations = [speech.say(s.narration, board.language, engine="espeak", cache_dir=work / "speech")
                  for s in board.shots]
    clips = []
    for shot, n in zip(board.shots, narrations, strict=True):
        seconds = math.ceil((0.12 + n.duration + 0.35) * preset.fps) / preset.fps
        request = video.RenderRequest(shot=shot, seconds=seconds, width=preset.width, height=preset.height,
                                      fps=preset.fps, seed=shot.index, title=board.title, language=board.language)
        clips.append(video.render(request, "animatic", work / "shots"))
    content_id = article.source_hash[:32]
    cut(board, narrations, clips, preset, out, work / "cut", content_id=content_id)
    return out, content_id


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Two real clips (zh, en) cut in a fresh data dir, which therefore signs with a new development certificate."""
    root = tmp_path_factory.mktemp("provenance")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REELFLOW_DATA_DIR", str(root / "data"))
        mp.delenv("REELFLOW_C2PA_CERT", raising=False)
        mp.delenv("REELFLOW_C2PA_KEY", raising=False)
        mp.delenv("REELFLOW_AUDIO_CUE", raising=False)
        mp.chdir(root)
        zh, zh_id = _make_clip(ARTICLES / "zh_article.md", root / "zh.mp4", root / "work")
        en, en_id = _make_clip(ARTICLES / "en_article.md", root / "en.mp4", root / "work")
        yield {"root": root, "data": root / "data", "zh": zh, "en": en, "zh_id": zh_id, "en_id": en_id,
               "ca": root / "data" / "provenance" / "dev" / "ca.pem"}


@pytest.fixture
def env(made: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(made["data"]))
    for key in ("REELFLOW_C2PA_CERT", "REELFLOW_C2PA_KEY", "REELFLOW_C2PA_TRUST_ANCHOR", "REELFLOW_AUDIO_CUE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(made["root"])
    return made


def _cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **(env_extra or {})}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=environ, timeout=120)


def _read_c2pa(path: Path, anchor: Path | None = None) -> tuple[str, dict]:
    """c2pa-python's Reader directly, not our wrapper: (validation state, active manifest)."""
    import c2pa

    context = c2pa.Context.from_dict({"trust": {"trust_anchors": anchor.read_text()}}) if anchor else None
    with open(path, "rb") as fh:
        reader = c2pa.Reader("video/mp4", fh, context=context) if context else c2pa.Reader("video/mp4", fh)
        with reader:
            data = json.loads(reader.json())
            state = reader.get_validation_state()
    return state, data["manifests"][data["active_manifest"]]


# ---------------------------------------------------------------- C2PA


def test_manifest_states_how_the_clip_was_made(env: dict) -> None:
    state, manifest = _read_c2pa(env["zh"])
    assert state == "Valid"  # intact and signed; the development CA is not trusted here
    actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))["data"]["actions"]
    assert [a["action"] for a in actions] == ["c2pa.created", "c2pa.edited", "c2pa.edited"]
    created, voiced, cut = actions
    assert created["digitalSourceType"] == IPTC + "algorithmicMedia"  # the animatic is drawn, not a model
    assert created["softwareAgent"]["name"] == "animatic"
    assert voiced["softwareAgent"]["name"].startswith("espeak:")
    assert cut["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    (ingredient,) = manifest["ingredients"]
    assert ingredient["relationship"] == "inputTo"
    assert ingredient["metadata"]["org.reelflow.article_sha256"] == env["zh_id"]
    generation = next(a for a in manifest["assertions"] if a["label"] == "org.reelflow.generation")["data"]
    assert generation["planner"] == "rules" and generation["renderers"] == ["animatic"]
    assert generation["voices"] and all(v.startswith("espeak:") for v in generation["voices"])
    assert manifest["signature_info"]["common_name"] == "reelflow development signer"
    assert any(a["label"].startswith("c2pa.hash.bmff") for a in manifest["assertions"])


def test_trust_anchor_makes_it_trusted(env: dict) -> None:
    state, _ = _read_c2pa(env["en"], env["ca"])
    assert state == "Trusted"
    from editing.provenance import read_labels

    assert read_labels(env["en"]).c2pa == "untrusted"
    assert read_labels(env["en"], env["ca"]).c2pa == "trusted"


def test_one_changed_byte_is_invalid(env: dict, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.mp4"
    data = bytearray(env["en"].read_bytes())
    at = data.find(b"mdat") + 4000
    data[at] ^= 0x01
    tampered.write_bytes(data)
    shutil.copy(env["en"].with_suffix(".json"), tampered.with_suffix(".json"))
    state, _ = _read_c2pa(tampered)
    assert state == "Invalid"
    run = _cli("verify", str(tampered))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "INVALID" in run.stdout and "assertion.bmffHash.mismatch" in run.stdout
    from editing.provenance import read_labels

    record = read_labels(tampered)
    assert record.c2pa == "invalid" and not record.ok


@pytest.mark.parametrize("tail", [
    (24).to_bytes(4, "big") + b"free" + b"not signed by us", (16).to_bytes(4, "big") + b"skip" + b"\0" * 8,
    b"raw bytes after the clip", b"\0\0\0",
], ids=["free-box", "skip-box", "raw-bytes", "three-bytes"])
def test_bytes_appended_after_signing_are_refused(env: dict, tmp_path: Path, tail: bytes) -> None:
    """The BMFF hash skips top-level free/skip boxes, so c2pa alone calls such a file valid; we do not."""
    appended = tmp_path / "appended.mp4"
    appended.write_bytes(env["zh"].read_bytes() + tail)
    shutil.copy(env["zh"].with_suffix(".json"), appended.with_suffix(".json"))
    run = _cli("verify", str(appended))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "INVALID" in run.stdout
    assert "appended after signing" in run.stderr
    assert f"{len(tail)} bytes after the last signed MP4 box" in run.stderr or "not a whole MP4 box" in run.stderr
    from editing.provenance import read_labels

    assert read_labels(appended).c2pa == "invalid"
    assert read_labels(env["zh"]).ok  # the untouched clip still passes


def test_unsigned_tail_reads_box_structure(tmp_path: Path) -> None:
    from editing.c2pa_sign import unsigned_tail

    def box(kind: bytes, payload: bytes = b"") -> bytes:
        return (8 + len(payload)).to_bytes(4, "big") + kind + payload

    path = tmp_path / "boxes.mp4"
    path.write_bytes(box(b"ftyp", b"isom") + box(b"free") + box(b"mdat", b"x" * 100) + box(b"moov", b"y" * 10))
    assert unsigned_tail(path) is None  # a free box between hashed boxes is fine (v3 hashes offsets)
    path.write_bytes(path.read_bytes() + (1).to_bytes(4, "big") + b"free" + (24).to_bytes(8, "big") + b"z" * 8)
    assert "a `free` box of 24 bytes" in (unsigned_tail(path) or "")
    path.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x" * 100)[:-5])
    assert "103 bytes at byte 12 are not a whole MP4 box: the file was cut short" in (unsigned_tail(path) or "")
    path.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x" * 100) + b"\0\0")
    assert "2 bytes after the last signed MP4 box (2 stray bytes)" in (unsigned_tail(path) or "")


# ---------------------------------------------------------------- the implicit label


AIGC_FIELDS = ["Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID",
               "ReservedCode2"]


def test_implicit_label_in_the_container(env: dict) -> None:
    for lang in ("zh", "en"):
        record = json.loads(mp4_tags(env[lang])["aigc"])  # PyAV: the container's own metadata
        assert list(record) == AIGC_FIELDS
        assert record["Label"] == "1" and record["ContentProducer"] == "reelflow"
        assert record["ProduceID"] == env[f"{lang}_id"]
        assert record["ContentPropagator"] == record["PropagateID"] == ""
    # What `ffprobe -show_format` shows, from the ffmpeg build we ship, after signing.
    log = subprocess.run([ffmpeg(), "-hide_banner", "-i", str(env["zh"])], capture_output=True, text=True).stderr
    assert '"Label":"1"' in log and "AIGC" in log


def test_producer_setting_reaches_the_label(monkeypatch: pytest.MonkeyPatch) -> None:
    from editing.provenance import implicit_label

    monkeypatch.setenv("REELFLOW_PRODUCER", "Example Media Ltd")
    assert implicit_label("abc")["ContentProducer"] == "Example Media Ltd"


# ---------------------------------------------------------------- reelflow verify


def test_verify_prints_and_exits_zero(env: dict) -> None:
    run = _cli("verify", str(env["zh"]))
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "Visible label:   AI生成" in out
    assert '"Label": "1"' in out and "valid, untrusted" in out
    assert "c2pa.created: algorithmicMedia by animatic" in out
    assert "compositeWithTrainedAlgorithmicMedia" in out and env["zh_id"] in out
    trusted = _cli("verify", str(env["zh"]), "--trust-anchor", str(env["ca"]))
    assert trusted.returncode == 0 and "valid, trusted" in trusted.stdout
    strict = _cli("verify", str(env["zh"]), "--require-trusted")
    assert strict.returncode == 1 and "not trusted" in strict.stderr
    as_json = json.loads(_cli("verify", str(env["en"]), "--json").stdout)
    assert as_json["ok"] and as_json["ai_generated"] and as_json["c2pa"] == "untrusted"


def test_verify_refuses_an_unlabelled_clip(env: dict, tmp_path: Path) -> None:
    plain = tmp_path / "plain.mp4"
    subprocess.run([ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "testsrc=size=270x480:rate=30", "-t", "1",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", str(plain)], check=True)
    run = _cli("verify", str(plain))
    assert run.returncode == 1
    assert "no C2PA manifest" in run.stderr and "no AIGC implicit label" in run.stderr
    assert "no visible AI label recorded" in run.stderr
    missing = _cli("verify", str(tmp_path / "nope.mp4"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    # The labels but no draft record of the visible label: still refused.
    bare = tmp_path / "bare.mp4"
    shutil.copy(env["en"], bare)
    run = _cli("verify", str(bare))
    assert run.returncode == 1 and "no visible AI label recorded" in run.stderr


def test_read_labels_is_what_publishing_uses(env: dict) -> None:
    from editing.provenance import read_labels

    record = read_labels(env["zh"])
    assert record.ok and record.ai_generated and record.problems == []
    assert record.visible_label == "AI生成" and record.aigc["Label"] == "1"
    assert IPTC + "compositeWithTrainedAlgorithmicMedia" in record.digital_source_types


# ---------------------------------------------------------------- certificates


def test_provenance_init_makes_a_development_ca_and_signer(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    data = tmp_path / "data"
    extra = {"REELFLOW_DATA_DIR": str(data)}
    run = _cli("provenance", "init", env_extra=extra)
    assert run.returncode == 0, run.stderr
    folder = data / "provenance" / "dev"
    assert run.stdout.strip().splitlines()[-1] == str(folder)
    assert "platforms" in run.stderr and "untrusted" in run.stderr
    key, chain, ca = folder / "key.pem", folder / "chain.pem", folder / "ca.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in key.read_bytes()  # PKCS#8
    leaf, issuer = x509.load_pem_x509_certificates(chain.read_bytes())
    assert leaf.issuer == issuer.subject and leaf.issuer != leaf.subject  # leaf first, not self-signed
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert issuer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert x509.load_pem_x509_certificate(ca.read_bytes()) == issuer
    before = key.read_bytes()
    again = _cli("provenance", "init", env_extra=extra)
    assert again.returncode == 0 and "Kept the existing" in again.stderr and key.read_bytes() == before
    forced = _cli("provenance", "init", "--force", env_extra=extra)
    assert forced.returncode == 0 and key.read_bytes() != before


def test_configured_certificate_signs_and_bad_ones_are_named(env: dict, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from editing.c2pa_certs import make_dev_certificate
    from editing.provenance import ManifestInfo, read_labels, seal
    from reelflow.errors import BadInput
    from reelflow.settings import load_settings

    own, _ = make_dev_certificate(tmp_path / "own", org="Example Media")
    clip = tmp_path / "clip.mp4"
    subprocess.run([ffmpeg(), "-v", "error", "-i", str(env["en"]), "-c", "copy", "-map_metadata", "0",
                    "-movflags", "+use_metadata_tags", str(clip)], check=True)  # the same clip, unsigned
    shutil.copy(env["en"].with_suffix(".json"), clip.with_suffix(".json"))
    monkeypatch.setenv("REELFLOW_C2PA_CERT", str(own.chain))
    monkeypatch.setenv("REELFLOW_C2PA_KEY", str(own.key))
    info = ManifestInfo(title="t", language="en", article_hash="ab" * 32, planner="rules", renderers=("animatic",),
                        voices=("espeak:en-us",), shots=1, label="AI-generated")
    seal(clip, info)
    assert read_labels(clip, own.ca).c2pa == "trusted"
    assert read_labels(clip, env["ca"]).c2pa == "untrusted"  # the data dir's own dev CA did not sign it
    _, manifest = _read_c2pa(clip)
    assert manifest["signature_info"]["issuer"] == "Example Media"
    monkeypatch.delenv("REELFLOW_C2PA_KEY")
    with pytest.raises(BadInput, match="c2pa_key"):
        seal(clip, info, load_settings())
    other, _ = make_dev_certificate(tmp_path / "other")
    monkeypatch.setenv("REELFLOW_C2PA_KEY", str(other.key))
    with pytest.raises(BadInput, match="does not belong"):
        seal(clip, info, load_settings())
    monkeypatch.setenv("REELFLOW_C2PA_KEY", str(tmp_path / "missing.pem"))
    with pytest.raises(BadInput, match="does not exist"):
        seal(clip, info, load_settings())


# ---------------------------------------------------------------- the visible label, measured


def _frame(path: Path, at: float) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        for frame in c.decode(stream):
            if frame.time is not None and frame.time >= at:
                return frame.to_ndarray(format="gray").astype(int)
    raise AssertionError(f"no frame at {at} s in {path}")


def _cap_height(gray: np.ndarray) -> int:
    """Height in pixels of the first glyph ("A") of the corner label, found as bright ink in the top-left."""
    h, w = gray.shape
    ink = gray[: int(h * 0.2), : int(w * 0.6)] > 160
    cols = np.flatnonzero(ink.any(axis=0))
    assert cols.size, "no label ink in the top-left corner"
    first = cols[0]
    end = first
    while end < ink.shape[1] and ink[:, end].any():
        end += 1
    rows = np.flatnonzero(ink[:, first:end].any(axis=1))
    return int(rows[-1] - rows[0] + 1)


def _big_label_ink(gray: np.ndarray) -> int:
    """Bright pixels in the band where the large opening label sits (below the centre, above the subtitles)."""
    from editing.presets import get_preset
    from editing.subtitles import ass_layout

    preset = get_preset("preview")
    lay = ass_layout(preset)
    bottom = preset.height - lay.label_big_margin_v
    band = gray[bottom - round(0.8 * lay.label_big_size): bottom, :]
    return int((band > 200).sum())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_visible_label_is_big_enough_and_there_from_the_start(env: dict, lang: str) -> None:
    clip = env[lang]
    need = 0.05 * min(270, 480)
    for at in (0.0, 1.0, 1.95, 3.0, 5.5):
        assert _cap_height(_frame(clip, at)) >= need, f"label too small at {at} s"
    # The corner label alone meets the rule (from the first frame, all along); the large one adds emphasis
    # over the opening (it fades in and out), then leaves the picture.
    assert all(_big_label_ink(_frame(clip, at)) > 100 for at in (0.5, 1.5))
    assert _big_label_ink(_frame(clip, 3.0)) == 0


def test_cover_thumbnail_carries_the_label(env: dict) -> None:
    from PIL import Image

    for lang in ("zh", "en"):
        gray = np.asarray(Image.open(env[lang].with_suffix(".jpg")).convert("L")).astype(int)
        assert _cap_height(gray) >= 0.05 * min(gray.shape)


# ---------------------------------------------------------------- the optional tonal cue


def _energy_at(path: Path, hz: float, start: float, end: float) -> float:
    """Share of the spectrum's energy within ±20 Hz of `hz` over [start, end) of the audio."""
    import av

    with av.open(str(path)) as c:
        chunks = [f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)]
        rate = c.streams.audio[0].sample_rate
    audio = np.concatenate(chunks)[int(start * rate): int(end * rate)]
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(audio.size))) ** 2
    freqs = np.fft.rfftfreq(audio.size, 1 / rate)
    return float(spectrum[np.abs(freqs - hz) < 20].sum() / spectrum.sum())


def test_audio_cue_is_off_by_default_and_plays_when_set(env: dict, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from editing.provenance import ManifestInfo, read_labels, seal

    assert _energy_at(env["en"], 880, 0.0, 0.16) < 0.05  # default: no cue
    clip = tmp_path / "cue.mp4"
    subprocess.run([ffmpeg(), "-v", "error", "-i", str(env["en"]), "-c", "copy", "-map_metadata", "0",
                    "-movflags", "+use_metadata_tags", str(clip)], check=True)
    shutil.copy(env["en"].with_suffix(".json"), clip.with_suffix(".json"))
    monkeypatch.setenv("REELFLOW_AUDIO_CUE", "true")
    seal(clip, ManifestInfo(title="t", language="en", article_hash="", planner="rules", renderers=("animatic",),
                            voices=("espeak:en-us",), shots=1))
    assert _energy_at(clip, 880, 0.0, 0.16) > 0.3
    assert _energy_at(clip, 1320, 0.18, 0.36) > 0.3
    record = read_labels(clip)
    assert record.ok, record.problems  # the cue goes in before signing, and keeps the AIGC label


WARN_CHILD = r"""
import logging, subprocess, sys
from pathlib import Path
from editing.c2pa_certs import load_credentials
from editing.provenance import warn_if_development
logging.basicConfig(level=logging.WARNING, format="%(message)s")
creds = load_credentials(None, None, Path(sys.argv[1]))
for _ in range(3):  # three clips in this process
    warn_if_development(creds)
if len(sys.argv) > 2:  # a server: the flow runs it starts stay quiet
    for _ in range(2):
        subprocess.run([sys.executable, "-c", sys.argv[2], sys.argv[1]], check=True)
"""
