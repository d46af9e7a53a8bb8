"""C2PA content credentials for a finished clip: build the manifest, sign it into the MP4, verify it.

The manifest says how the clip was made, in C2PA's own vocabulary so any C2PA reader shows it:
one `c2pa.created` action for the rendered shots (digitalSourceType `trainedAlgorithmicMedia` when a
model rendered them, `algorithmicMedia` for the CPU animatic), a `c2pa.edited` action for the
narration, and a `c2pa.edited` action for the cut (`compositeWithTrainedAlgorithmicMedia`: reelflow
declares every clip AI-made, as its GB 45438 label does). The source article enters as an `inputTo`
ingredient carrying its sha256; the planner, renderers and voices are listed in an
`org.reelflow.generation` assertion. c2pa-python adds the BMFF hard binding, so one changed byte
anywhere outside the manifest makes the signature invalid.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from editing.c2pa_certs import Credentials
from reelflow.errors import BadInput, ReelflowError
from reelflow.media import current_umask, short_stem

if TYPE_CHECKING:
    from reelflow.models import Narration, ShotClip, Storyboard

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
TRAINED = IPTC + "trainedAlgorithmicMedia"
ALGORITHMIC = IPTC + "algorithmicMedia"
COMPOSITE = IPTC + "compositeWithTrainedAlgorithmicMedia"
GENERATION_LABEL = "org.reelflow.generation"
MIME = "video/mp4"

# Backends that draw or speak by formula, not with a trained model; anything else counts as a model.
NOT_TRAINED = {"renderer": {"animatic", "graphics"}, "speech": {"espeak"}, "planner": {"rules"}}

State = Literal["trusted", "untrusted", "invalid", "missing"]


@dataclass(frozen=True)
class ManifestInfo:
    """What the manifest states about one clip: its title, sources and the models that made it."""

    title: str
    language: str
    article_hash: str
    planner: str
    renderers: tuple[str, ...]
    voices: tuple[str, ...]  # "engine:voice"
    shots: int
    label: str = ""
    producer: str = "reelflow"
    content_id: str = ""

    @classmethod
    def from_cut(
        cls,
        storyboard: Storyboard,
        narrations: list[Narration],
        clips: list[ShotClip],
        content_id: str = "",
        label: str = "",
        producer: str = "reelflow",
    ) -> ManifestInfo:
        """From what the cut has in hand; `content_id` is the article's sha256 (or its prefix), which the
        flow passes; without it there is no article to name, and the storyboard's hash is the content ID."""
        return cls(
            title=storyboard.title,
            language=storyboard.language,
            article_hash=content_id,
            content_id=content_id or storyboard.hash()[:32],
            planner=storyboard.planner,
            renderers=tuple(sorted({c.renderer for c in clips})),
            voices=tuple(sorted({f"{n.engine}:{n.voice}" for n in narrations})),
            shots=len(clips),
            label=label,
            producer=producer,
        )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reelflow")
    except PackageNotFoundError:
        return "0"


def _source_type(kind: str, names: tuple[str, ...] | list[str]) -> str:
    bare = {n.split(":", 1)[0] for n in names}
    return ALGORITHMIC if bare and bare <= NOT_TRAINED[kind] else TRAINED


def build_manifest(info: ManifestInfo) -> dict[str, Any]:
    """The manifest definition handed to c2pa's Builder (the hard binding is added when signing)."""
    renderers = ", ".join(info.renderers) or "unknown"
    voices = ", ".join(info.voices) or "unknown"
    actions = [
        {
            "action": "c2pa.created",
            "digitalSourceType": _source_type("renderer", info.renderers),
            "softwareAgent": {"name": renderers},
            "description": f"{info.shots} shots rendered by {renderers} from a storyboard planned by {info.planner}",
            "parameters": {"org.reelflow.renderers": list(info.renderers), "org.reelflow.planner": info.planner},
        },
        {
            "action": "c2pa.edited",
            "digitalSourceType": _source_type("speech", info.voices),
            "softwareAgent": {"name": voices},
            "description": f"narration synthesised by {voices}",
            "parameters": {"org.reelflow.voices": list(info.voices)},
        },
        {
            "action": "c2pa.edited",
            "digitalSourceType": COMPOSITE,
            "softwareAgent": {"name": "reelflow", "version": _version()},
            "description": "shots cut to the narration; subtitles, music and the visible "
                           f"{info.label or 'AI'} label added",
        },
    ]
    return {
        "claim_generator_info": [{"name": "reelflow", "version": _version()}],
        "title": info.title,
        "format": MIME,
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": actions}},
            {
                "label": GENERATION_LABEL,
                "data": {
                    "producer": info.producer,
                    "language": info.language,
                    "planner": info.planner,
                    "renderers": list(info.renderers),
                    "voices": list(info.voices),
                    "shots": info.shots,
                    "article_sha256": info.article_hash,
                    "content_id": info.content_id or info.article_hash,
                    "ai_label": info.label,
                },
            },
        ],
    }


def article_ingredient(info: ManifestInfo) -> dict[str, Any]:
    """The source article as an `inputTo` ingredient: its hash, not its text (which may not be ours to ship)."""
    partial = " (first 128 bits)" if len(info.article_hash) == 32 else ""
    return {
        "title": f"source article: {info.title}",
        "format": "text/plain",
        "relationship": "inputTo",
        "instance_id": f"sha256:{info.article_hash}",
        "description": f"sha256{partial} of the article the clip was made from: {info.article_hash}",
        "metadata": {"org.reelflow.article_sha256": info.article_hash},
    }


def sign_clip(src: Path, dst: Path, info: ManifestInfo, creds: Credentials) -> None:
    """Embed a signed manifest in the MP4 `src`, writing `dst` (the same path is fine) atomically."""
    import c2pa

    src, dst = Path(src), Path(dst)
    try:
        signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(
            getattr(c2pa.C2paSigningAlg, creds.alg.upper()), creds.chain_pem, creds.key_pem, None))
    except c2pa.C2paError as exc:
        raise BadInput(creds.chain_path, f"cannot sign with this certificate and key: {exc}") from None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{short_stem(dst.stem, 120)}.", suffix=".c2pa.mp4", dir=dst.parent)
    os.fchmod(fd, 0o666 & ~current_umask())  # it becomes the clip: the umask's mode, not mkstemp's 0600
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with signer, c2pa.Builder(build_manifest(info)) as builder:
            if info.article_hash:
                builder.add_ingredient(article_ingredient(info), "text/plain", io.BytesIO(info.article_hash.encode()))
            with open(src, "rb") as source, open(tmp, "w+b") as dest:
                builder.sign(signer, MIME, source, dest)
        os.replace(tmp, dst)
    except c2pa.C2paError as exc:
        raise ReelflowError(f"C2PA signing of {src.name} failed: {exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@dataclass(frozen=True)
class C2paStatus:
    """The outcome of reading a clip's manifest and checking its signature."""

    state: State
    manifest: dict[str, Any] | None = None
    failures: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def signed(self) -> bool:
        """The signature and hard binding validate (whether or not the signer is trusted)."""
        return self.state in ("trusted", "untrusted")


# Top-level boxes C2PA's BMFF hash leaves out by default (besides the manifest's own uuid box and ftyp).
UNHASHED_TAIL = {b"free", b"skip", b"mfra"}
C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")


def unsigned_tail(path: Path) -> str | None:
    """Why bytes at the end of the MP4 lie outside what the signature covers; None when nothing does.

    The BMFF hard binding skips top-level `free`/`skip`/`mfra` boxes, so such a box (or a run of
    stray bytes) appended after signing leaves the signature valid while the file carries data no one
    signed. Our clips end with a hashed box (`mdat` or `moov`), so the file must end where the last
    box the hash covers ends. Only box headers are read.
    """
    size_total = path.stat().st_size
    last_hashed_end, offset = 0, 0
    tail: list[str] = []
    with open(path, "rb") as fh:
        while offset < size_total:
            if size_total - offset < 8:
                tail.append(f"{size_total - offset} stray bytes")
                last_hashed_end = last_hashed_end or offset
                break
            fh.seek(offset)
            header = fh.read(24)
            size, kind = int.from_bytes(header[:4], "big"), header[4:8]
            head = 8
            if size == 1:
                size, head = int.from_bytes(header[8:16], "big"), 16
            elif size == 0:
                size = size_total - offset
            if size < head or offset + size > size_total:
                return (f"{size_total - offset:,} bytes at byte {offset:,} are not a whole MP4 box: "
                        "the file was cut short, or bytes were appended after signing")
            name = kind.decode("latin-1")
            if kind in UNHASHED_TAIL or (kind == b"uuid" and header[head:head + 16] == C2PA_UUID):
                tail.append(f"a `{name}` box of {size:,} bytes")
            else:
                last_hashed_end, tail = offset + size, []
            offset += size
    if not tail or last_hashed_end == 0:
        return None
    return (f"{size_total - last_hashed_end:,} bytes after the last signed MP4 box "
            f"({', '.join(tail)}), which the signature does not cover: data was appended after signing")


def verify_clip(path: Path, trust_anchor: Path | None = None) -> C2paStatus:
    """Read the clip's active manifest and validate it; `trust_anchor` is a PEM file of CAs to trust.

    A valid signature on a file with unsigned bytes at its end (`unsigned_tail`) is reported invalid.
    """
    import c2pa

    path = Path(path)
    if not path.is_file():
        raise BadInput(path, "no such file")
    try:
        appended = unsigned_tail(path)
    except OSError as exc:
        raise BadInput(path, f"cannot read the file: {exc}") from None
    context = None
    if trust_anchor is not None:
        try:
            anchors = Path(trust_anchor).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            raise BadInput(trust_anchor, "cannot read the trust anchor (a PEM file of CA certificates)") from None
        context = c2pa.Context.from_dict({"trust": {"trust_anchors": anchors}, "verify": {"verify_trust": True}})
    try:
        with open(path, "rb") as fh:
            reader = c2pa.Reader(MIME, fh, context=context) if context else c2pa.Reader(MIME, fh)
            with reader:
                data = json.loads(reader.json())
                raw_state = reader.get_validation_state() or ""
    except c2pa.C2paError as exc:
        text = str(exc)
        if "ManifestNotFound" in type(exc).__name__ or "no JUMBF" in text or "ManifestNotFound" in text:
            return C2paStatus("missing", error="no C2PA manifest in the file")
        return C2paStatus("invalid", error=appended or f"the C2PA manifest cannot be read: {text}")
    finally:
        if context is not None:
            context.close()
    active = data.get("manifests", {}).get(data.get("active_manifest", ""))
    statuses = data.get("validation_status") or []
    failures = [s["code"] for s in statuses if s.get("code") != "signingCredential.untrusted"]
    state: State = {"Trusted": "trusted", "Valid": "untrusted"}.get(raw_state, "invalid")
    if active is None:
        state = "invalid"
    if appended:
        return C2paStatus("invalid", manifest=active, failures=failures, error=appended)
    return C2paStatus(state, manifest=active, failures=failures)


def summarise(manifest: dict[str, Any]) -> dict[str, Any]:
    """The parts of a manifest a person checks: who signed, what was done, from what, with which models."""
    assertions = {a.get("label"): a.get("data", {}) for a in manifest.get("assertions", [])}
    actions = next((v for k, v in assertions.items() if str(k).startswith("c2pa.actions")), {}).get("actions", [])
    sig = manifest.get("signature_info", {})
    return {
        "title": manifest.get("title"),
        "claim_generator": ", ".join(
            f"{g.get('name')} {g.get('version', '')}".strip() for g in manifest.get("claim_generator_info", [])),
        "signed_by": f"{sig.get('common_name', '?')} (issuer {sig.get('issuer', '?')})",
        "signed_at": sig.get("time"),
        "actions": [
            {
                "action": a.get("action"),
                "digitalSourceType": str(a.get("digitalSourceType", "")).removeprefix(IPTC),
                "softwareAgent": (a.get("softwareAgent") or {}).get("name")
                if isinstance(a.get("softwareAgent"), dict) else a.get("softwareAgent"),
                "description": a.get("description"),
            }
            for a in actions
        ],
        "ingredients": [
            {
                "title": i.get("title"),
                "relationship": i.get("relationship"),
                "sha256": (i.get("metadata") or {}).get("org.reelflow.article_sha256"),
            }
            for i in manifest.get("ingredients", [])
        ],
        "generation": assertions.get(GENERATION_LABEL, {}),
    }
