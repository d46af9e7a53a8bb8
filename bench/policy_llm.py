"""The policy gate with a model's per-shot judgments (frame, footage_like, real_people, content), on a loopback model.

    .venv/bin/python bench/policy_llm.py [SET ...]     (a file, or a pair's name: heldout9, dev, ...)

No chat model is reachable here, so the "models" are scripted, and what this measures is the gate's
use of judgments, not a model's quality:

- oracle: judges every shot right by the set's labels (a risky article is a report with footage-like
  shots; an ordinary one is judged "report" only when its kind is news, and its drawn shots are not
  footage-like by the gate's own depiction judgment) — the most a good model can add;
- noisy: the oracle with a third of its judgments flipped (fixed seed) — a weak model;
- fiction: calls every article fiction, as an article's injected text might make a model do — the
  gate must hold exactly what the rules hold.

Two paths, both measured: the planner's (the judgments on Shot.judgment, as storyboard.llm.build
puts them) and the LLM classifier's (policy_classifiers = ["llm"]), whose request and answer go over
HTTP to a loopback OpenAI-compatible server. Default sets: the dev sets (not the newest held-out pair).
`--frame e5`: the article's frame by e5 joined to the rules (the setting policy_frame_model) on every path.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from policy_eval import DATA, load, resolve  # noqa: E402

from reelflow.models import ShotJudgment  # noqa: E402
from storyboard.policy import check  # noqa: E402
from storyboard.policy_depiction import footage_like  # noqa: E402

NEWS_KINDS = {"news chart", "local", "sport", "news"}
FRAME_OF_KIND = {"game review": "game_or_film", "film review": "game_or_film", "history": "history",
                 "weather forecast": "forecast", "fiction": "fiction", "cooking": "how_to", "how-to": "how_to",
                 "science explainer": "science", "fireworks": "how_to", "review": "review"}


def judgments(item: dict, risky: bool, model: str, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for n, shot in enumerate(item["shots"], 1):
        kind = item.get("kind") or item.get("topic") or ""
        frame = "report" if risky or kind in NEWS_KINDS else FRAME_OF_KIND.get(kind, "review")
        j = {"shot": n, "frame": frame, "footage_like": footage_like(shot["visual_prompt"]), "real_people": [],
             "content": "event" if risky else "none"}
        if risky:
            j["footage_like"] = True
        if model == "noisy" and rng.random() < 1 / 3:
            j["frame"] = "fiction" if j["frame"] == "report" else "report"
            j["footage_like"] = not j["footage_like"]
            j["content"] = "none" if j["content"] == "event" else "event"
        if model == "fiction":
            j["frame"] = "fiction"
        out.append(j)
    return out


class Loopback:
    """An OpenAI-compatible /chat/completions server on 127.0.0.1 answering each request with `reply`."""

    def __init__(self) -> None:
        self.reply = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                payload = json.dumps({"id": "x", "object": "chat.completion", "model": body["model"],
                                      "choices": [{"index": 0, "finish_reason": "stop",
                                                   "message": {"role": "assistant", "content": outer.reply}}]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload.encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def measure(paths: list[Path], model: str, path_kind: str, server: Loopback,
            frame: str = "rules") -> list[tuple[str, int, int, float]]:
    from reelflow.settings import load_settings

    settings = load_settings() if path_kind == "classifier" else None
    rows = []
    for p in paths:
        rng = random.Random(f"{p.name}:{model}")
        risky = "risky" in p.name
        shots = held = 0
        started = time.perf_counter()
        for item, article, board in load(p):
            judged = judgments(item, risky, model, rng)
            if model == "none":
                holds = check(board, article, frame_model=frame)
            elif path_kind == "planner":
                board = board.model_copy(update={"shots": [
                    s.model_copy(update={"judgment": ShotJudgment(frame=j["frame"], footage_like=j["footage_like"],
                                                                  real_people=j["real_people"], content=j["content"])})
                    for s, j in zip(board.shots, judged, strict=True)]})
                holds = check(board, article, frame_model=frame)
            else:
                server.reply = json.dumps({"holds": [], "judgments": judged})
                holds = check(board, article, settings, frame_model=frame)
            shots += len(board.shots)
            held += len({h.shot_index for h in holds})
        rows.append((p.name, shots, held, 1000 * (time.perf_counter() - started) / max(shots, 1)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    newest = max(int(m.group(1)) for p in DATA.glob("policy_heldout*_risky.jsonl")
                 if (m := re.search(r"heldout(\d+)_", p.name)))
    dev = [p for p in sorted(DATA.glob("policy_*.jsonl")) if f"heldout{newest}_" not in p.name]
    parser.add_argument("sets", nargs="*", help="files or pair names (default: every set but the newest held-out pair)")
    parser.add_argument("--frame", choices=("rules", "e5"), default="rules",
                        help="who judges the article's frame (the setting policy_frame_model; default: the rules)")
    args = parser.parse_args()
    args.sets = resolve(args.sets) if args.sets else dev
    server = Loopback()
    os.environ |= {"REELFLOW_PLANNER": "openai", "REELFLOW_LLM_BASE_URL": server.url, "REELFLOW_LLM_MODEL": "loopback",
                   "REELFLOW_LLM_MAX_RETRIES": "0", "REELFLOW_POLICY_CLASSIFIERS": '["llm"]',
                   "REELFLOW_POLICY_MODE": "hold"}
    os.environ.pop("OPENAI_API_KEY", None)
    for p in args.sets:  # warm-up: jieba's dictionary
        for _, article, board in load(p)[:1]:
            check(board, article)
    rules = {name: held for name, _, held, _ in measure(args.sets, "none", "planner", server, args.frame)}
    print(f"{'model':8} {'path':10} {'risky held':>14} {'ordinary held':>14}  ms/shot   (rules alone: same sets)")
    for model in ("oracle", "noisy", "fiction"):
        for path_kind in ("planner", "classifier"):
            rows = measure(args.sets, model, path_kind, server, args.frame)
            out = {}
            for kind in ("risky", "ordinary"):
                mine = [r for r in rows if kind in r[0]]
                n, h = sum(r[1] for r in mine), sum(r[2] for r in mine)
                out[kind] = f"{h}/{n} {100 * h / max(n, 1):5.1f} %"
            ms = sum(r[3] * r[1] for r in rows) / max(sum(r[1] for r in rows), 1)
            print(f"{model:8} {path_kind:10} {out['risky']:>14} {out['ordinary']:>14}  {ms:6.1f}")
    n = {k: sum(len(b.shots) for p in args.sets if k in p.name for _, _, b in load(p)) for k in ("risky", "ordinary")}
    for kind in ("risky", "ordinary"):
        h = sum(v for name, v in rules.items() if kind in name)
        print(f"rules alone, {kind}: {h}/{n[kind]} ({100 * h / max(n[kind], 1):.1f} %)")
    server.httpd.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
