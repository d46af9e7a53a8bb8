"""One storyboard in another language: its narration and on-screen text, numbers and names kept.

Every cut in every language shares the storyboard's shots and pictures; only what is heard and read
changes. The lines to translate are the narration, the key phrase and every string a graphic draws
(scene prompts and stock search terms stay: the pictures are shared). They come from, in order:

1. a translation file beside the article, `<article>.<language>.json`: `{"source line": "translation"}`;
2. the LLM planner in the settings (`openai` or `local`), asked once per storyboard and cached by content.

Without either, the error names the file to write, and a template with every line to translate is
left beside the article. A translation that drops or changes a number (counted by value: 3万 = 30,000)
or a Latin-script name (OpenAI, Sora) is refused with the line it came from.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from reelflow.errors import BadInput, ReelflowError
from reelflow.media import atomic_write_text
from reelflow.models import Language, Shot, Storyboard, content_hash
from reelflow.settings import Settings

log = logging.getLogger("storyboard.translate")

LANGUAGE_NAMES = {"zh": "Simplified Chinese", "en": "English"}
# Visual fields that are not read on screen: structure, pictures, and numbers kept as numbers.
_KEEP = frozenset({"kind", "style", "image", "prompt", "search", "focus", "number", "change", "icon"})  # not words
LLM_PLANNERS = frozenset({"openai", "local"})
TRANSLATE_VERSION = "1"
_ONLY_DIGITS = re.compile(r"[\d.,%+\-–:/ ]+")


def translation_file(article_path: str | Path, language: str) -> Path:
    """Where a user's translation of this article's storyboard into `language` is looked for."""
    path = Path(article_path)
    return path.with_name(f"{path.stem}.{language}.json")


def lines(board: Storyboard) -> list[str]:
    """Every line a viewer hears or reads (the title, then each shot's), once each, in storyboard order."""
    found: dict[str, None] = {board.title: None} if board.title.strip() else {}
    for shot in board.shots:
        for text in (shot.narration, shot.key_phrase, *_visual_strings(shot)):
            if text.strip() and not _ONLY_DIGITS.fullmatch(text.strip()):  # "1200" reads the same in every language
                found.setdefault(text, None)
    return list(found)


def _visual_strings(shot: Shot) -> list[str]:
    return [] if shot.visual is None else list(_walk(shot.visual.model_dump(mode="json"), None))


def _walk(value: Any, table: dict[str, str] | None, key: str = "") -> Any:
    """The strings of a dumped visual (table None), or the dump with each string replaced from `table`."""
    if key in _KEEP:
        return iter(()) if table is None else value
    if isinstance(value, str):
        return iter([value]) if table is None else table.get(value, value)
    if isinstance(value, dict):
        if table is None:
            return (s for k, v in value.items() for s in _walk(v, None, k))
        return {k: _walk(v, table, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if table is None:
            return (s for v in value for s in _walk(v, None, key))
        return [_walk(v, table, key) for v in value]
    return iter(()) if table is None else value


def apply(board: Storyboard, table: dict[str, str], language: Language) -> Storyboard:
    """The storyboard with every line replaced by its translation (shot lengths are the voice's business)."""
    shots = []
    for shot in board.shots:
        visual = shot.visual
        if visual is not None:
            visual = type(visual).model_validate(_walk(visual.model_dump(mode="json"), table))
        narration = table.get(shot.narration, shot.narration)
        key_phrase = table.get(shot.key_phrase, shot.key_phrase)
        shots.append(shot.model_copy(update={"narration": narration, "key_phrase": key_phrase, "visual": visual,
                                             "keywords": _keywords(f"{key_phrase} {narration}", language)}))
    return board.model_copy(update={"language": language, "title": table.get(board.title, board.title),
                                    "shots": shots})


_ARABIC = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|万|亿|thousand|million|billion|trillion)?",
                     re.IGNORECASE)
_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORDS = {w: float(k) for k, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}


def _keywords(text: str, language: Language) -> list[str]:
    """The translated shot's words that could be its topic (the post's hashtags come from these): the words of
    its key phrase and narration, longest first; the tagger leaves out dates, numbers and filler."""
    if language == "zh":
        import jieba

        words = [w for w in jieba.lcut(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    else:
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if len(w) >= 4]
    return sorted(dict.fromkeys(words), key=len, reverse=True)[:6]


def _values(text: str) -> set[float]:
    """The numbers a line states, by value: 3万 and 30,000 and "30 thousand" are one number; Chinese numerals
    count where they measure something (三百多家, not 一些), and English number words up to twelve."""
    from storyboard.visuals import numbers, zh_number

    found = set()
    for m in _ARABIC.finditer(text):
        found.add(float(m.group(1).replace(",", "")) * _SCALE.get((m.group(2) or "").lower(), 1.0))
    for fig in numbers(text, "zh"):
        num = fig.written.rstrip("多余")
        if not num[0].isdigit() and zh_number(num) is not None:
            found.add(fig.scale * 10 if fig.measure.startswith("成") else fig.scale)  # 三成 is 30 percent
    found |= {_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _WORDS}
    return {float(f"{v:.6g}") for v in found}


def _spelled(text: str, value: float) -> bool:
    """Whether a small number is only spelled out in English ("three"): a translation may write it any way."""
    return not re.search(rf"(?<![\d.]){value:g}(?![\d.])", text)


def problem(source: str, target: str, source_language: str, target_language: str) -> str | None:
    """Why `target` is not a faithful translation of `source` (a number or a Latin-script name lost), or None."""
    if not target.strip():
        return "it is empty"
    said = {v for v in _values(source) if not (source_language == "en" and v <= 12 and _spelled(source, v))}
    missing = said - _values(target)
    if missing:
        shown = ", ".join(f"{v:g}" for v in sorted(missing))
        return f"it drops or changes the number{'s' if len(missing) > 1 else ''} {shown}"
    if source_language == "zh":  # in Chinese text a Latin-script word is a name; in English it may be any word
        names = {n for n in re.findall(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]", source)}
        lost = sorted(n for n in names if n.lower() not in target.lower())
        if lost:
            return f"it drops the name{'s' if len(lost) > 1 else ''} {', '.join(lost)}"
    return None


def check(table: dict[str, str], board: Storyboard, language: str, origin: str) -> None:
    """Refuse a translation that loses a number or a name, naming the line and where it came from."""
    for line in lines(board):
        why = problem(line, table[line], board.language, language)
        if why:
            raise BadInput(origin, f"the {LANGUAGE_NAMES.get(language, language)} for {_short(line)!r} {why}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- where translations come from -------------------------------------------------------


def from_file(path: Path, board: Storyboard, language: str) -> dict[str, str]:
    """The user's translation table; every line must be there, else the file is a template to finish."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(str(path), f"is not a readable JSON translation file ({type(exc).__name__}: {exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise BadInput(str(path), 'must be one JSON object of "source line": "translation"')
    missing = [line for line in lines(board) if not str(data.get(line, "")).strip()]
    if missing:
        _write_template(path, board, data)
        raise BadInput(str(path), f"has no {LANGUAGE_NAMES.get(language, language)} for {len(missing)} line"
                       f"{'s' if len(missing) > 1 else ''}, e.g. {_short(missing[0])!r}; the missing lines were "
                       "added to it with empty translations")
    return {line: data[line] for line in lines(board)}


def _write_template(path: Path, board: Storyboard, known: dict[str, str]) -> None:
    """The lines this storyboard needs first (empty where missing), then every other line the user translated:
    a storyboard planned differently (another length, a newer planner) must not cost them their work."""
    table = {line: known.get(line, "") for line in lines(board)}
    table.update({line: text for line, text in known.items() if line not in table})
    atomic_write_text(path, json.dumps(table, ensure_ascii=False, indent=2) + "\n")


def from_model(board: Storyboard, language: str, settings: Settings) -> dict[str, str]:
    """Ask the configured LLM planner's model for every line at once; one repair round for lost numbers/names."""
    from storyboard.planners import get_planner

    planner: Any = get_planner(settings.planner, settings)
    todo = lines(board)
    messages = [{"role": "system", "content": _SYSTEM.format(language=LANGUAGE_NAMES.get(language, language))},
                {"role": "user", "content": json.dumps({"lines": [{"id": k, "text": t} for k, t in enumerate(todo)]},
                                                       ensure_ascii=False)}]
    try:
        for _ in range(2):
            answer = planner.backend.complete(messages, _SCHEMA, seed=board.seed)
            table, why = _parse(answer, todo, board.language, language)
            if why is None:
                return table
            log.warning("The model's %s translation was refused (%s); asking once more.", language, why)
            messages += [{"role": "assistant", "content": answer},
                         {"role": "user", "content": f"Not usable: {why}. Answer again, every line, numbers and "
                                                     "names kept exactly."}]
        raise ReelflowError(f"the {settings.planner} model's {LANGUAGE_NAMES.get(language, language)} translation "
                            f"was refused twice: {why}")
    finally:
        planner.close()


_SYSTEM = ("You translate the lines of a short video's script into {language}. Translate each line faithfully "
           "and naturally for narration or on-screen text: add nothing, drop nothing; keep every number (write it "
           "with Arabic digits) and every name written in Latin letters exactly as it is. Answer with JSON only: "
           '{{"lines": [{{"id": <the line\'s id>, "text": "<its translation>"}}, ...]}}, one entry per line.')
_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["lines"],
    "properties": {"lines": {"type": "array", "items": {
        "type": "object", "additionalProperties": False, "required": ["id", "text"],
        "properties": {"id": {"type": "integer"}, "text": {"type": "string"}}}}},
}


def _parse(answer: str, todo: list[str], source_language: str, language: str) -> tuple[dict[str, str], str | None]:
    from storyboard.llm.parse import json_candidates

    try:
        data = next(c for c in json_candidates(answer) if isinstance(c, dict) and "lines" in c)
        got = {int(item["id"]): str(item["text"]) for item in data["lines"]}
    except (StopIteration, ValueError, KeyError, TypeError) as exc:
        return {}, f"the answer is not the asked JSON ({type(exc).__name__})"
    table = {}
    for k, line in enumerate(todo):
        if k not in got:
            return {}, f"line {k} is missing"
        why = problem(line, got[k], source_language, language)
        if why:
            return {}, f"line {k} ({_short(line)!r}): {why}"
        table[line] = got[k]
    return table, None


def translate(board: Storyboard, language: Language, *, article_path: str | Path, settings: Settings,
              cache_dir: Path) -> Storyboard:
    """`board` in `language`: from the user's translation file, else the LLM planner's model (cached)."""
    if language == board.language:
        return board
    path = translation_file(article_path, language)
    if path.is_file():
        table = from_file(path, board, language)
        check(table, board, language, str(path))
        log.info("Using the %s translation in %s.", LANGUAGE_NAMES.get(language, language), path.name)
        return apply(board, table, language)
    if settings.planner not in LLM_PLANNERS:
        _write_template(path, board, {})
        raise BadInput(str(path), f"a {LANGUAGE_NAMES.get(language, language)} cut needs this translation file "
                       "(a template with every line to translate was written there) or an LLM planner "
                       "(--planner openai or local)")
    key = content_hash(TRANSLATE_VERSION, board.hash(), language, settings.planner, settings.openai.model,
                       settings.openai.base_url, settings.local.model)
    cached = cache_dir / f"{key}.json"
    if cached.is_file():
        table = json.loads(cached.read_text(encoding="utf-8"))
    else:
        log.info("Translating %d lines into %s with the %s planner's model.", len(lines(board)),
                 LANGUAGE_NAMES.get(language, language), settings.planner)
        table = from_model(board, language, settings)
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cached, json.dumps(table, ensure_ascii=False))
    return apply(board, table, language)
