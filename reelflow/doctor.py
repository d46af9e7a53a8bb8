"""`reelflow doctor`: what this machine can do, and the one thing to do about each gap."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    advice: str = ""
    essential: bool = True


def check_ffmpeg() -> Check:
    from reelflow.media import ffmpeg_exe

    try:
        exe = ffmpeg_exe()
        out = subprocess.run([exe, "-hide_banner", "-filters"], capture_output=True, text=True, timeout=20).stdout
        version = subprocess.run([exe, "-version"], capture_output=True, text=True, timeout=20).stdout.split("\n")[0]
    except Exception as exc:  # noqa: BLE001 - anything here means "no usable ffmpeg"
        return Check("ffmpeg", False, str(exc), "pip install imageio-ffmpeg (installed with reelflow)")
    missing = [f for f in ("subtitles", "loudnorm", "sidechaincompress", "zoompan") if f" {f} " not in out]
    if missing:
        return Check("ffmpeg", False, f"{version}; missing filters: {', '.join(missing)}",
                     "use imageio-ffmpeg's build or set REELFLOW_FFMPEG to an ffmpeg with libass")
    return Check("ffmpeg", True, version.replace("ffmpeg version ", ""))


def check_font() -> Check:
    from reelflow.media import CJK_FONT

    if CJK_FONT.is_file():
        return Check("CJK font", True, f"{CJK_FONT.name} ({CJK_FONT.stat().st_size // 1_000_000} MB)")
    return Check("CJK font", False, f"{CJK_FONT} is missing", "reinstall reelflow (the font ships with it)")


def check_offline_voice() -> Check:
    try:
        from generator.speech import ENGINES

        engine = ENGINES["espeak"]()
        engine_ok = getattr(engine, "available", lambda: True)()
    except Exception as exc:  # noqa: BLE001
        return Check("offline voice", False, str(exc).splitlines()[0], "apt-get install espeak-ng")
    if not engine_ok:
        return Check("offline voice", False, "libespeak-ng not found", "apt-get install espeak-ng")
    return Check("offline voice", True, "espeak-ng (zh: cmn-latn-pinyin, en: en-us)")


def check_online_voice() -> Check:
    try:
        socket.create_connection(("speech.platform.bing.com", 443), timeout=2).close()
        return Check("online voice", True, "edge-tts service reachable", essential=False)
    except OSError as exc:
        return Check("online voice", False, f"edge-tts unreachable ({exc.__class__.__name__})",
                     "narration falls back to the offline voice; connect to the internet for neural voices",
                     essential=False)


def check_gpu() -> Check:
    if importlib.util.find_spec("torch") is None:
        return Check("GPU", False, "PyTorch not installed", "for DiT rendering: pip install 'reelflow[dit]' "
                     "with a CUDA build of torch; graphics and stock need none", essential=False)
    import torch

    if torch.cuda.is_available():
        return Check("GPU", True, torch.cuda.get_device_name(0), essential=False)
    return Check("GPU", False, f"torch {torch.__version__}, no CUDA device",
                 "DiT and image models need a CUDA GPU; scene shots use stock or graphics", essential=False)


def check_models() -> Check:
    hub = Path(os.environ.get("HF_HUB_CACHE") or Path(os.environ.get("HF_HOME", Path.home() / ".cache" /
                                                                      "huggingface")) / "hub")
    found = sorted(p.name.removeprefix("models--").replace("--", "/") for p in hub.glob("models--*")) \
        if hub.is_dir() else []
    if found:
        return Check("model folders", True, f"{hub}: {', '.join(found[:4])}", essential=False)
    return Check("model folders", False, f"no models in {hub}",
                 "download a Wan/CogVideoX/LTX model into the Hugging Face cache to render with DiT",
                 essential=False)


SOURCE_ADVICE = {
    "dit": "a CUDA GPU and a video model: --model DIR or [dit] model = DIR (Wan, CogVideoX, LTX-Video)",
    "still": "a GPU and a text-to-image model: [still] model = DIR (SDXL-Turbo, SANA, FLUX.1-schnell)",
    "stock": "set PEXELS_API_KEY or PIXABAY_API_KEY (free keys), on a machine with network",
}


def check_picture_sources() -> list[Check]:
    """Which picture sources `auto` can use for scene shots here, and why not the others."""
    from generator.video.auto import availability
    from reelflow.settings import load_settings

    found = availability(load_settings())
    return [Check(f"pictures: {name}", why is None, "available" if why is None else why,
                  SOURCE_ADVICE.get(name, ""), essential=False) for name, why in found.items()]


def check_database() -> Check:
    from reelflow.settings import load_settings
    from reelflow.store import Store

    try:
        settings = load_settings()
        store = Store(settings.db_url)
        store.upgrade()
        counts = store.counts()
        store.dispose()
    except Exception as exc:  # noqa: BLE001
        return Check("database", False, str(exc).splitlines()[0], "set REELFLOW_DATABASE_URL to a reachable database")
    from sqlalchemy.engine import make_url

    url = make_url(settings.db_url).render_as_string(hide_password=True)
    return Check("database", True, f"{url} ({counts.get('drafts', 0)} drafts)")


def check_storage() -> Check:
    """With shared media storage, a round trip (put, fetch, delete) proves every worker can use it."""
    import tempfile
    import uuid

    from reelflow.settings import load_settings
    from reelflow.storage import MediaStorage

    settings = load_settings()
    if not settings.storage_url:
        return Check("media storage", True, "local files (one machine; set storage_url to share media between "
                     "workers)", essential=False)
    with tempfile.TemporaryDirectory(prefix="reelflow-doctor-") as tmp:
        here, elsewhere = (MediaStorage(Path(tmp) / side, settings.storage_url, settings.storage_endpoint)
                           for side in ("here", "elsewhere"))
        probe = here.data_dir / "doctor" / f"{uuid.uuid4().hex}.txt"
        probe.parent.mkdir(parents=True)
        probe.write_text("reelflow doctor", encoding="utf-8")
        try:
            ref = here.put(probe)
            ok = elsewhere.fetch(ref).read_text(encoding="utf-8") == "reelflow doctor"
            here.delete(ref)
        except Exception as exc:  # noqa: BLE001 - whatever the filesystem raises, say it in one line
            return Check("media storage", False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                         "check storage_url, storage_endpoint and the AWS_* credentials")
    if not ok:
        return Check("media storage", False, f"{settings.storage_url}: a file read back differs",
                     "check storage_url")
    return Check("media storage", True, f"{here.url}: put, fetch and delete work")


def check_prefect() -> Check:
    url = os.environ.get("PREFECT_API_URL")
    if url:
        return Check("Prefect", True, f"server at {url}", essential=False)
    return Check("Prefect", True, "no server configured: `make` runs here; `make --review` starts a temporary "
                 "one (~15 s)", "run `reelflow serve` (or a Prefect server and set PREFECT_API_URL)", essential=False)


def check_signing() -> Check:
    from reelflow.settings import load_settings

    settings = load_settings()
    if settings.c2pa_cert:
        return Check("C2PA signing", True, f"certificate {settings.c2pa_cert}", essential=False)
    return Check("C2PA signing", False, "the development certificate (readers and platforms show it as untrusted)",
                 "set c2pa_cert and c2pa_key to a certificate from a CA on the C2PA trust list", essential=False)


CHECKS: list[Callable[[], Check | list[Check]]] = [
    check_ffmpeg, check_font, check_offline_voice, check_online_voice, check_gpu, check_models,
    check_picture_sources, check_database, check_storage, check_prefect, check_signing]


def run_checks(console: Console) -> int:
    table = Table(title="reelflow doctor", show_lines=False)
    for col in ("", "what", "status", "what to do"):
        table.add_column(col)
    results: list[Check] = []
    for check in CHECKS:
        out = check()
        results += out if isinstance(out, list) else [out]
    for r in results:
        mark = "[green]ok[/]" if r.ok else ("[red]missing[/]" if r.essential else "[yellow]optional[/]")
        table.add_row(mark, r.name, r.detail, "" if r.ok else r.advice)
    console.print(table)
    broken = [r.name for r in results if r.essential and not r.ok]
    if broken:
        console.print(f"[red]Cannot make clips until this is fixed:[/] {', '.join(broken)}")
        return 1
    console.print("Everything needed to make clips is here.")
    return 0
