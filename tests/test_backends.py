"""Adding a backend is one module and one registration line: a toy picture source in a package of its own,
with its own settings section.

The package is a plain folder on PYTHONPATH with an entry point (`reelflow.backends`), as `pip install`
of a plugin leaves it; `reelflow make --renderer toy` finds it by name, and its clips end up in the cut.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import av
import httpx
from conftest import ARTICLES, ROOT

TOY = '''
"""A toy picture source: each shot a flat colour (what a user's own backend module looks like)."""

from pathlib import Path

from pydantic import BaseModel

from reelflow.backends import registry
from reelflow.media import run_ffmpeg
from reelflow.models import ShotClip


class ToySettings(BaseModel):
    """[toy] in reelflow.toml, REELFLOW_TOY__COLOURS in the environment."""

    colours: list[str] = ["0x000000"]


class ToySource:
    name = "toy"
    version = "1"

    def options_from_settings(self, settings) -> dict:
        return {"colours": settings.section("toy").colours}

    def render(self, request, out_path: Path) -> ShotClip:
        colours = request.options["colours"]
        colour = colours[request.shot.index % len(colours)]
        run_ffmpeg(["-f", "lavfi", "-i", f"color=c={colour}:s={request.width}x{request.height}:r={request.fps}",
                    "-frames:v", str(request.frames), "-pix_fmt", "yuv420p", "-c:v", "libx264", str(out_path)],
                   "drawing a toy shot")
        return ShotClip(index=request.shot.index, path=str(out_path), seconds=request.frames / request.fps,
                        width=request.width, height=request.height, fps=request.fps, renderer=self.name)


registry("video").add("toy", ToySource, settings=ToySettings)
'''


def test_a_plugin_backend_is_found_by_name_and_used(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "toy_backend").mkdir(parents=True)
    (site / "toy_backend" / "__init__.py").write_text(TOY, encoding="utf-8")
    dist = site / "toy_backend-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-backend\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[reelflow.backends]\ntoy = toy_backend\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    # The toy's own settings come from its section, here through REELFLOW_TOY__COLOURS.
    env.update(PYTHONPATH=f"{site}{os.pathsep}{ROOT}", REELFLOW_DATA_DIR=str(tmp_path / "data"),
               REELFLOW_TOY__COLOURS='["0x2a9d8f", "0xe9c46a", "0xe76f51"]')
    proc = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLES / "zh_bom.md"), "--renderer",
                           "toy", "--preset", "preview", "--max-seconds", "10"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    clip = Path(proc.stdout.strip().splitlines()[-1])
    with av.open(str(clip)) as c:
        frame = next(c.decode(video=0)).to_ndarray(format="rgb24")
    # The toy's first colour fills the frame (away from the label and subtitles).
    r, g, b = frame[frame.shape[0] // 3, frame.shape[1] // 2]
    assert abs(int(r) - 0x2A) < 30 and abs(int(g) - 0x9D) < 30 and abs(int(b) - 0x8F) < 30, (r, g, b)
    meta = json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))
    assert "toy" in json.dumps(meta)

    # An unknown name is one line that lists what there is, the plugin's included.
    bad = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLES / "zh_bom.md"), "--renderer",
                          "nope", "--preset", "preview"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 1 and "unknown renderer 'nope'" in bad.stderr and "toy" in bad.stderr, bad.stderr


def test_a_plugin_section_is_checked_and_an_unclaimed_one_is_an_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "toy_backend").mkdir(parents=True)
    (site / "toy_backend" / "__init__.py").write_text(TOY, encoding="utf-8")
    dist = site / "toy_backend-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-backend\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[reelflow.backends]\ntoy = toy_backend\n", encoding="utf-8")
    (tmp_path / "reelflow.toml").write_text('[toy]\ncolours = ["0x112233"]\n', encoding="utf-8")
    code = ("from reelflow.settings import load_settings\n"
            "print(load_settings().section('toy').colours)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "REELFLOW_TOY"))}
    env.update(PYTHONPATH=f"{site}{os.pathsep}{ROOT}", REELFLOW_DATA_DIR=str(tmp_path / "data"))
    ok = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0 and "['0x112233']" in ok.stdout, ok.stderr[-2000:]

    (tmp_path / "reelflow.toml").write_text('[toy]\ncolours = "red"\n[nope]\nx = 1\n', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "reelflow.cli", "make", str(ARTICLES / "zh_bom.md"), "--renderer",
                          "toy", "--preset", "preview"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode != 0 and "'nope': unknown setting" in bad.stderr, bad.stderr[-2000:]

    (tmp_path / "reelflow.toml").write_text('[toy]\ncolours = "red"\n', encoding="utf-8")
    bad = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode != 0 and "setting 'toy.colours'" in bad.stderr, bad.stderr[-2000:]


def test_old_flat_names_still_work_with_one_warning(tmp_path: Path, monkeypatch, caplog) -> None:
    from reelflow import settings
    from reelflow.settings import load_settings

    monkeypatch.setattr(settings, "_warned", set())
    (tmp_path / "old.toml").write_text('dit_steps = 3\nllm_section_chars = 900\n[dit]\nmodel = "new"\n',
                                       encoding="utf-8")
    monkeypatch.setenv("REELFLOW_CONFIG", str(tmp_path / "old.toml"))
    monkeypatch.setenv("REELFLOW_MODEL", "old")  # the section's own key wins over the old name
    monkeypatch.setenv("REELFLOW_LLM_MODEL", "m")
    monkeypatch.setenv("REELFLOW_SPEECH_TIMEOUT", "3")
    with caplog.at_level("WARNING", logger="reelflow.settings"):
        s = load_settings()
        load_settings()
    assert (s.dit.steps, s.dit.model, s.openai.model, s.edge.timeout) == (3, "new", "m", 3.0)
    assert (s.openai.section_chars, s.local.section_chars) == (900, 900)
    said = [r.getMessage() for r in caplog.records]
    assert len([m for m in said if m.startswith("The setting dit_steps ")]) == 1, said
    assert any("is now dit.steps ([dit] steps, REELFLOW_DIT__STEPS)" in m for m in said), said


TOY_PLATFORM = '''
"""A toy OAuth platform: its sign-in quirks (answers wrapped in {"ok", "result"}, scopes joined by commas,
no PKCE) and its auth style (an X-Toy-Token header) all live here, with its own settings section."""

from pydantic import BaseModel

from publishing.base import Limits
from publishing.oauth import OAuthConfig, TokenRefused
from reelflow.backends import registry


class ToyPlatformSettings(BaseModel):
    url: str = "https://toy.invalid"


def unwrap(data, what):
    if data.get("ok") is not True:
        raise TokenRefused(f"{what} was refused: {data.get('why')}")
    return data["result"]


def sign(request, token, account, sign_body):
    request.headers["X-Toy-Token"] = token


class ToyPlatform:
    name = "toyplat"
    native_schedule = False
    auth_style = staticmethod(sign)

    def oauth(self, settings):
        url = settings.section("toyplat").url
        return OAuthConfig("toyplat", url + "/consent", url + "/token", ("post", "read"), scope_sep=",", pkce=None,
                           unwrap=unwrap)

    def limits(self, settings):
        return Limits(max_bytes=1 << 30)

    def plan(self, job):
        return {}

    def publish(self, job):
        raise NotImplementedError

    def confirm(self, job):
        raise NotImplementedError


registry("platform").add("toyplat", ToyPlatform, needs={"network", "key"}, settings=ToyPlatformSettings)
'''


class _ToyOAuth(http.server.BaseHTTPRequestHandler):
    """The toy platform's consent page (redirects at once) and token endpoint (its own envelope)."""

    seen: list[tuple[str, dict[str, str]]] = []

    def do_GET(self) -> None:  # noqa: N802
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        self.seen.append(("consent", query))
        back = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": "toy-code", "state": query["state"]})
        self.send_response(302)
        self.send_header("Location", back)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
        self.seen.append(("token", form))
        ok = form.get("code") == "toy-code" and form.get("client_secret") == "toy-secret"
        answer = ({"ok": True, "result": {"access_token": "toy-token", "refresh_token": "toy-refresh",
                                          "expires_in": 3600}} if ok else {"ok": False, "why": "bad code"})
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


def test_an_oauth_platform_is_one_module_and_one_entry_point(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    (site / "toy_platform").mkdir(parents=True)
    (site / "toy_platform" / "__init__.py").write_text(TOY_PLATFORM, encoding="utf-8")
    dist = site / "toy_platform-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-platform\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[reelflow.backends]\ntoyplat = toy_platform\n", encoding="utf-8")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ToyOAuth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "REELFLOW_SECRET_KEY"))}
    env.update(PYTHONPATH=f"{site}{os.pathsep}{ROOT}", REELFLOW_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), REELFLOW_TOYPLAT__URL=url)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "reelflow.cli", "accounts", "add", "toyplat", "--name",
                                 "mine", "--client-id", "toy-client", "--client-secret", "toy-secret",
                                 "--no-browser"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        said = []
        for line in proc.stderr:  # the consent URL is printed on its own line; a person would open it
            said.append(line)
            if line.startswith(url + "/consent?"):
                httpx.get(line.strip(), follow_redirects=True, timeout=30)
                break
        said.append(proc.stderr.read())
        assert proc.wait(timeout=120) == 0, "".join(said)[-3000:]
    finally:
        server.shutdown()
    consent = dict(_ToyOAuth.seen)["consent"]
    assert consent["client_id"] == "toy-client" and consent["scope"] == "post,read" and "code_challenge" not in consent
    assert "Added toyplat account 'mine'" in "".join(said)

    # The token went into the encrypted store, and the platform's own auth style puts it on a request.
    monkeypatch.setenv("REELFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("REELFLOW_SECRET_KEY", raising=False)
    monkeypatch.syspath_prepend(str(site))
    import toy_platform  # the module as the plugin entry point loads it

    from publishing.accounts import open_account_store
    from publishing.auth import TokenAuth
    from reelflow.settings import load_settings

    settings = load_settings(publishing={"account_store": "file"})
    store = open_account_store(settings)
    account = store.get("mine")
    assert account.platform == "toyplat" and account.secret("access_token") == "toy-token"
    request = httpx.Request("POST", url + "/upload")
    TokenAuth(account, store, None, None, toy_platform.ToyPlatform.auth_style).apply(request, sign_body=False)
    assert request.headers["X-Toy-Token"] == "toy-token"
