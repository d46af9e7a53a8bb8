"""AI-content labels every clip carries, and the one record that says whether a clip has them.

Three marks, each for a different reader (GB 45438-2025 and the platforms' disclosure rules):
- the visible label, drawn by the cut as an ASS layer, sized here so its letters are at least 5 %
  of the frame's shorter side;
- the implicit label, a JSON record under the key `AIGC` in the MP4's own metadata (`mdta` keys),
  which ffprobe and exiftool read back;
- a signed C2PA manifest (editing.c2pa_sign), embedded by `seal` right after the final encode.
`read_labels` reads all three back; publishing refuses a clip whose record is not `ok`.
"""

from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from editing.c2pa_certs import DEV_WARNING, load_credentials
from editing.c2pa_sign import COMPOSITE, IPTC, TRAINED, ManifestInfo, State, sign_clip, verify_clip
from reelflow.errors import BadInput

if TYPE_CHECKING:
    from reelflow.settings import Settings

__all__ = [
    "AIGC_FIELDS", "LabelRecord", "ManifestInfo", "implicit_label", "implicit_label_json", "label_big_font_size",
    "label_font_size", "read_implicit_label", "read_labels", "seal", "visible_label",
]

log = logging.getLogger("reelflow.provenance")

PRODUCER = "reelflow"
VISIBLE_LABELS = {"zh": "AI生成", "en": "AI-generated"}
AIGC_KEY = "AIGC"
AIGC_FIELDS = ("Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID",
               "ReservedCode2")
AIGC_LABEL_VALUES = {"1": "AI-generated", "2": "possibly AI-generated", "3": "suspected AI-generated"}
MIN_LABEL_HEIGHT = 0.05  # of the frame's shorter side (GB 45438-2025)


def visible_label(language: str) -> str:
    return VISIBLE_LABELS.get(language, VISIBLE_LABELS["en"])


def implicit_label(content_id: str, producer: str | None = None) -> dict[str, str]:
    """The standard's metadata record. Propagator fields are left empty for platforms to fill in.

    `producer` defaults to the `producer` setting ("reelflow").
    """
    return {
        "Label": "1",  # 1 = AI-generated (2 = possibly, 3 = suspected)
        "ContentProducer": producer or _setting_producer(),
        "ProduceID": content_id,
        "ReservedCode1": "",
        "ContentPropagator": "",
        "PropagateID": "",
        "ReservedCode2": "",
    }


def implicit_label_json(content_id: str, producer: str | None = None) -> str:
    return json.dumps(implicit_label(content_id, producer), ensure_ascii=False, separators=(",", ":"))


def _setting_producer() -> str:
    from reelflow.settings import load_settings

    return load_settings().producer


# ---------------------------------------------------------------- visible label size


LABEL_LATIN_FONT_NAME = "Liberation Serif"
LABEL_LATIN_FONT_FILE = "LiberationSerif-Regular.ttf"
"""The face of a Latin label ("AI-generated"; reelflow/assets/fonts, OFL-1.1). In the CJK sans face capital I
and lower-case l are one bare stroke each, and OCR (platforms', auditors') reads "Al-generated"; a serif I
is unambiguous. CJK labels (AI生成) keep the CJK face, where OCR reads "AI" right from its neighbours."""


def label_face(label: str) -> tuple[str, Path]:
    """(ASS font name, font file) the label is drawn in."""
    from reelflow.media import CJK_FONT, CJK_FONT_NAME, FONTS_DIR

    return (LABEL_LATIN_FONT_NAME, FONTS_DIR / LABEL_LATIN_FONT_FILE) if label.isascii() else (CJK_FONT_NAME, CJK_FONT)


@cache
def font_ratios(font_file: Path | None = None) -> tuple[float, float]:
    """(cap height, ascender + descender) of a bundled font (default: the CJK one), in ems.

    libass sizes a font so that ascender + descender equals the ASS font size, so a size-S label has
    capitals S × cap / (asc + desc) pixels tall: about 0.51 S for Noto Sans CJK, not S.
    """
    from PIL import ImageFont

    from reelflow.media import CJK_FONT

    font = ImageFont.truetype(str(font_file or CJK_FONT), 1000)
    ascent, descent = font.getmetrics()
    top, bottom = font.getbbox("A")[1], font.getbbox("A")[3]
    return (bottom - top) / 1000, (ascent + descent) / 1000


def label_font_size(short_side: int) -> int:
    """ASS font size of the corner label whose capital letters (the shortest glyphs it has; CJK
    characters are taller) are at least 5 % of the frame's shorter side, with a 6 % margin for
    anti-aliasing."""
    cap, line = font_ratios()
    return math.ceil(MIN_LABEL_HEIGHT * short_side * line / cap * 1.06)


def label_big_font_size(width: int, short_side: int) -> int:
    """ASS font size of the large opening label: about twice the corner one, but the widest label, in the
    face it is drawn in, must fit in 80 % of the frame's width."""
    from PIL import ImageFont

    def ems_per_size(label: str) -> float:  # width per unit of ASS font size
        path = label_face(label)[1]
        return ImageFont.truetype(str(path), 1000).getlength(label) / 1000 / font_ratios(path)[1]

    widest = max(ems_per_size(t) for t in VISIBLE_LABELS.values())
    fits = math.floor(0.8 * width / widest)
    return max(label_font_size(short_side), min(round(2 * label_font_size(short_side)), fits))


# ---------------------------------------------------------------- sealing (signing) a finished clip

_warned_dev: set[str] = set()


def _first_time(marker: Path) -> bool:
    """True for the one caller that creates `marker` (atomically); False for everyone after."""
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        return True
    except FileExistsError:
        return False
    except OSError:
        return True  # cannot remember it: better said twice than never


def seal(path: Path, info: ManifestInfo, settings: Settings | None = None) -> None:
    """Finish a freshly encoded clip in place: the optional tonal cue, then the signed C2PA manifest.

    Without c2pa_cert/c2pa_key in the settings, a development certificate is made in
    `<data_dir>/provenance/dev/` (once) and used; a warning says so once per process.
    """
    from reelflow.settings import load_settings

    settings = settings or load_settings()
    if settings.audio_cue:
        from editing.audio_cue import add_cue

        add_cue(Path(path))
    creds = load_credentials(settings.c2pa_cert, settings.c2pa_key, settings.data_dir / "provenance")
    if creds.development and str(creds.chain_path) not in _warned_dev:
        _warned_dev.add(str(creds.chain_path))
        # Once per data dir, not once per process: every run `reelflow serve` starts is a process of its
        # own, and a batch of a hundred must not say it a hundred times (`reelflow doctor` says it again).
        level = logging.WARNING if _first_time(creds.chain_path.parent / "warned") else logging.DEBUG
        log.log(level, "Signing C2PA content credentials with the development certificate %s. %s",
                creds.chain_path, DEV_WARNING)
    sign_clip(Path(path), Path(path), replace(info, producer=settings.producer), creds)


# ---------------------------------------------------------------- reading the labels back


def read_implicit_label(path: Path) -> dict[str, Any] | None:
    """The `AIGC` record from the container's metadata, parsed; None when there is none."""
    import av

    try:
        with av.open(str(path)) as container:
            tags = {k.lower(): v for k, v in container.metadata.items()}
    except (av.error.InvalidDataError, av.error.FileNotFoundError, OSError) as exc:
        raise BadInput(path, f"cannot read the file as a video: {exc}") from None
    raw = tags.get(AIGC_KEY.lower())
    if raw is None:
        return None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError:
        return {"_unparsed": raw}
    return record if isinstance(record, dict) else {"_unparsed": raw}


def implicit_label_problems(record: dict[str, Any] | None) -> list[str]:
    """What is wrong with an AIGC record, per GB 45438-2025's field list; empty when nothing is."""
    if record is None:
        return ["no AIGC implicit label in the file's metadata"]
    if "_unparsed" in record:
        return ["the AIGC metadata is not a JSON object"]
    problems = [f"the AIGC label lacks the field {f}" for f in AIGC_FIELDS if f not in record]
    if "Label" in record and str(record["Label"]) not in AIGC_LABEL_VALUES:
        problems.append(f"the AIGC Label is {record['Label']!r}, not 1, 2 or 3")
    if "ContentProducer" in record and not str(record["ContentProducer"]).strip():
        problems.append("the AIGC label names no ContentProducer")
    return problems


class LabelRecord(BaseModel):
    """Every AI-content mark of one clip, read back from the files themselves.

    Publishing refuses a clip unless `ok`, and sets each platform's AI-content flag from `ai_generated`.
    """

    path: str
    visible_label: str | None = Field(None, description="The visible label the cut drew, from the draft JSON.")
    aigc: dict[str, Any] | None = Field(None, description="The implicit AIGC metadata record.")
    c2pa: State = "missing"
    c2pa_failures: list[str] = Field(default_factory=list, description="C2PA validation failure codes.")
    c2pa_error: str = ""
    digital_source_types: list[str] = Field(default_factory=list)
    manifest: dict[str, Any] | None = Field(None, description="The active C2PA manifest, as the reader gives it.")
    problems: list[str] = Field(default_factory=list, description="Why the clip is not fit to publish.")

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def ai_generated(self) -> bool:
        """Whether platforms must be told this is AI-generated content (any mark says so)."""
        label = str((self.aigc or {}).get("Label", ""))
        return label in AIGC_LABEL_VALUES or bool(self.visible_label) or any(
            t in (TRAINED, COMPOSITE) for t in self.digital_source_types)


def read_labels(path: str | Path, trust_anchor: Path | None = None, *, require_trusted: bool = False) -> LabelRecord:
    """Read the clip's three marks back and list what is missing or broken.

    The visible label is burned into the pixels, so it is taken from what the cut recorded in the
    draft JSON beside the clip (`clip.json`, metadata `ai_label`). A C2PA signature that validates
    but chains to an untrusted CA (the development certificate) passes unless `require_trusted`.
    """
    path = Path(path)
    if not path.is_file():
        raise BadInput(path, "no such file")
    problems: list[str] = []
    visible = _recorded_visible_label(path)
    if not visible:
        problems.append(f"no visible AI label recorded for this clip ({path.with_suffix('.json').name})")
    aigc = read_implicit_label(path)
    problems += implicit_label_problems(aigc)
    status = verify_clip(path, trust_anchor)
    if status.state == "missing":
        problems.append("no C2PA manifest")
    elif status.state == "invalid":
        detail = "; ".join([*status.failures, *([status.error] if status.error else [])]) or "validation failed"
        problems.append(f"the C2PA manifest does not validate ({detail})")
    elif status.state == "untrusted" and require_trusted:
        problems.append("the C2PA signature validates but its certificate is not trusted")
    return LabelRecord(
        path=str(path),
        visible_label=visible,
        aigc=aigc,
        c2pa=status.state,
        c2pa_failures=status.failures,
        c2pa_error=status.error,
        digital_source_types=_source_types(status.manifest),
        manifest=status.manifest,
        problems=problems,
    )


def _recorded_visible_label(path: Path) -> str | None:
    sidecar = path.with_suffix(".json")
    try:
        draft = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    meta = draft.get("metadata") if isinstance(draft, dict) else None
    label = meta.get("ai_label") if isinstance(meta, dict) else None
    return label if isinstance(label, str) and label.strip() else None


def _source_types(manifest: dict[str, Any] | None) -> list[str]:
    if not manifest:
        return []
    out = []
    for assertion in manifest.get("assertions", []):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            for action in assertion.get("data", {}).get("actions", []):
                kind = action.get("digitalSourceType")
                if kind:
                    out.append(kind if kind.startswith("http") else IPTC + kind)
    return out
