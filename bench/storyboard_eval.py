"""How good is a planner's storyboard? Coverage, length and faithfulness over a set of articles.

    .venv/bin/python bench/storyboard_eval.py [--planner rules] [--seconds 30 60] [ARTICLE ...]

For each article and target length it reports:
- coverage: the share of the article's top-20 TF-IDF keywords (jieba for Chinese, stopword-filtered
  frequency for English) said somewhere in the narration, plain and weighted by keyword weight;
- length: estimated narration seconds against the target (1.00 = exactly on target);
- traceable: the share of narration characters (Chinese) or words (English) inside runs of 3
  characters / 2 words that also occur in the article (1.00 = nothing invented);
- visuals: the share of shots with a non-`scene` visual; facts: the share of on-screen strings (numbers, labels,
  names, quotes) that occur in the article (must be 1.00); connectives: the share of narrated sentences that open
  with a connective or pointer (例如, 而, 这, However, This…) whose antecedent is not narrated (goal 0);
- shots, and the time the planner took.

The `openai` and `local` planners read their settings as `reelflow make` does (REELFLOW_OPENAI__MODEL,
OPENAI_BASE_URL, OPENAI_API_KEY, REELFLOW_LOCAL__MODEL). A scripted test server measures nothing
about a model: run those against a real model.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import storyboard  # noqa: E402
from reelflow.models import Article, Storyboard  # noqa: E402
from storyboard.figures import occurs  # noqa: E402
from storyboard.llm.faithful import Tracer  # noqa: E402
from storyboard.rules import opens_with_connective  # noqa: E402
from storyboard.segment import keyword_weights, sentences, words  # noqa: E402
from storyboard.visuals import on_screen  # noqa: E402

DEFAULT_ARTICLES = [
    ROOT / "examples" / "zh_city_night_markets.md",
    ROOT / "examples" / "zh_tea_harvest.html",
    ROOT / "examples" / "en_small_libraries.md",
    ROOT / "tests" / "fixtures" / "articles" / "zh_article.md",
    ROOT / "tests" / "fixtures" / "articles" / "en_article.md",
]


def coverage(article: Article, narration: str) -> tuple[float, float]:
    """(share of keywords said, share of keyword weight said)."""
    pairs = keyword_weights(article.text, article.language, 20)
    if not pairs:
        return 1.0, 1.0
    said = {w.lower() for w in words(narration, article.language)}
    hit = [w.lower() in said for w, _ in pairs]
    total = sum(wt for _, wt in pairs)
    return sum(hit) / len(pairs), sum(wt for (_, wt), h in zip(pairs, hit, strict=True) if h) / total


def traceable(article: Article, board: Storyboard) -> float:
    tracer = Tracer(article.text, article.language)
    hit = total = 0
    for shot in board.shots:
        h, t = tracer.covered(shot.narration)
        hit, total = hit + h, total + t
    return hit / total if total else 1.0


def visual_figures(article: Article, board: Storyboard) -> tuple[float, float, float]:
    """(share of non-scene visuals, share of on-screen facts found in the article, share of unresolved connectives)."""
    text = "\n".join([article.title, article.text])
    kinds = [s.visual.kind if s.visual else "scene" for s in board.shots]
    facts = [f for s in board.shots if s.visual for f in on_screen(s.visual) if f]
    sep = "" if article.language == "zh" else " "
    said = sep.join(s.narration for s in board.shots)
    sents = [x for p in article.paragraphs for x in sentences(p, article.language, split_long=False)]
    narrated = [(a, b) for a, b in zip(["", *sents[:-1]], sents, strict=True) if b in said]
    dangling = [b for a, b in narrated
                if opens_with_connective(b, article.language) and a and a.rstrip("。.") not in said]
    traced = sum(occurs(f, text) for f in facts) / len(facts) if facts else 1.0
    return sum(k != "scene" for k in kinds) / len(kinds), traced, len(dangling) / len(narrated) if narrated else 0.0


def evaluate(path: Path, planner: str, seconds: float) -> dict[str, object]:
    article = storyboard.read(path)
    t = time.perf_counter()
    board = storyboard.plan(article, planner, max_seconds=seconds)
    took = time.perf_counter() - t
    narration = ("" if article.language == "zh" else " ").join(s.narration for s in board.shots)
    kw, kw_weighted = coverage(article, narration)
    return {
        "article": path.name, "lang": article.language, "chars": len(article.text), "target": seconds,
        "planner": board.planner, "shots": len(board.shots), "length": sum(s.seconds for s in board.shots) / seconds,
        "coverage": kw, "coverage_w": kw_weighted, "traceable": traceable(article, board), "seconds": took,
        **dict(zip(("visuals", "facts", "connectives"), visual_figures(article, board), strict=True)),
        "board": board,
    }


def shot_lines(board: Storyboard) -> list[str]:
    """What each shot says and shows: its narration's start and the strings its graphic puts on screen."""
    out = []
    for shot in board.shots:
        kind = shot.visual.kind if shot.visual else "scene"
        shown = " | ".join(f for f in on_screen(shot.visual) if f) if shot.visual else ""
        out.append(f"  {shot.index:>2} {kind:<8} {shown or shot.key_phrase}  ← {shot.narration[:60]}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--planner", default="rules")
    ap.add_argument("--seconds", nargs="+", type=float, default=[30.0, 60.0])
    ap.add_argument("--shots", action="store_true", help="also list what each shot shows (to compare two versions)")
    args = ap.parse_args()
    rows = [evaluate(p, args.planner, s) for p in (args.articles or DEFAULT_ARTICLES) for s in args.seconds]
    print(f"{date.today().isoformat()}, {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, planner `{args.planner}`\n")
    print("| article | lang | chars | target s | planner | shots | length/target | keywords said | "
          "keyword weight said | traceable | non-scene visuals | facts traced | unresolved connectives | plan s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['article']} | {r['lang']} | {r['chars']:,} | {r['target']:.0f} | {r['planner']} | {r['shots']} "
              f"| {r['length']:.2f} | {r['coverage']:.2f} | {r['coverage_w']:.2f} | {r['traceable']:.2f} "
              f"| {r['visuals']:.2f} | {r['facts']:.2f} | {r['connectives']:.2f} | {r['seconds']:.2f} |")
    for target in args.seconds:
        sub = [r for r in rows if r["target"] == target]
        print(f"| **mean, {target:.0f} s** | | | | | {statistics.mean(r['shots'] for r in sub):.1f} "
              f"| {statistics.mean(r['length'] for r in sub):.2f} | {statistics.mean(r['coverage'] for r in sub):.2f} "
              f"| {statistics.mean(r['coverage_w'] for r in sub):.2f} "
              f"| {statistics.mean(r['traceable'] for r in sub):.2f} "
              f"| {statistics.mean(r['visuals'] for r in sub):.2f} "
              f"| {min(r['facts'] for r in sub):.2f} | {max(r['connectives'] for r in sub):.2f} | |")
    if args.shots:
        for r in rows:
            print(f"\n{r['article']} at {r['target']:.0f} s:")
            print("\n".join(shot_lines(r["board"])))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
