"""One article in, one finished, labelled clip out: read → plan → gate → voice → render → cut.

`make` is the whole path as plain Python, the way a reader follows it; `reelflow make`, the
Prefect flows and the benchmarks all run it. Every step's output is kept by content hash and the
store records what is finished, so a run killed anywhere carries on when the article is run again:
a draft already made is reused, a planned storyboard is not planned again, a rendered shot is not
rendered again. The flows wrap these same functions; they add a pause for a person between the
cut and publishing (flows/article_to_video.py), and a runner of their own (Prefect tasks).
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import generator.video as video
import storyboard.translate as translate
from editing.presets import Preset, get_preset
from generator.music import choose_track
from reelflow import progress
from reelflow.media import sweep_parts, sweep_scratch
from reelflow.models import Article, Draft, Language, Narration, ShotClip, Storyboard, content_hash
from reelflow.pipeline import files, gate, own_voice, steps
from reelflow.pipeline.runner import Runner
from reelflow.settings import Settings
from reelflow.storage import MediaStorage
from reelflow.store import Store
from reelflow.store.reviews import DraftRecord


@dataclass
class Job:
    """What one run of one article works with."""

    settings: Settings
    preset: Preset
    article: Article
    article_path: str
    out_path: Path
    store: Store
    storage: MediaStorage
    runner: Runner
    opts: str  # the options hash: everything besides the article that changes the clip
    planned: Storyboard | None = field(default=None, repr=False)
    # With several cuts of one render: the size every cut's pictures are made at (covers each cut's frame).
    master: tuple[int, int] | None = None
    language: Language = "zh"  # what this cut speaks (the article's, or a translation's)
    languages: tuple[Language, ...] = ()  # every language cut from this render: shot lengths fit the longest
    parent: int | None = None  # the render's first cut, when this is a later one


def make(article_path: str, settings: Settings, *, store: Store, storage: MediaStorage, output: str | None = None,
         force: bool = False, runner: Runner | None = None, parent: int | None = None) -> Draft | None:
    """Turn one article into one finished, labelled clip at `output` (or the drafts folder).

    Returns the draft, its metadata saying whether it was `made` or `reused` (and its `draft_id`); None
    if a person rejected the storyboard before rendering (only a runner that asks can do that). A later
    cut of one render names the first cut's draft id as `parent`.
    """
    job = start(article_path, settings, store=store, storage=storage, output=output, runner=runner or Runner())
    job.parent = parent
    found = draft_for(job, force=force)
    if found is None:
        return None
    record, outcome = found
    if parent is not None and outcome == "reused":  # made before, on its own or for another render
        store.set_parent(record.id, parent)
    return files.with_outcome(files.deliver(record.draft, job.out_path), outcome, draft_id=record.id)


def make_cuts(article_path: str, settings: Settings, *, output: str | None = None, force: bool = False,
              runner: Runner | None = None) -> list[Draft]:
    """Every cut `settings.presets` × `settings.languages` names, from one storyboard and one render of each
    picture: one narration per language (shot lengths fit the longest), each picture made once at a size
    covering every shape; the first cut pays for the pictures, the others reframe them and speak their own
    language. The store keeps the later cuts as children of the first. Returns the drafts, languages outer,
    presets inner, in the order named (a rejected storyboard: none)."""
    from reelflow.storage import storage_for

    names = list(dict.fromkeys(settings.presets)) or [settings.preset]
    languages = list(dict.fromkeys(settings.languages))
    cuts = [(language, name) for language in (languages or [settings.language]) for name in names]
    store = Store(settings.db_url)
    try:
        store.upgrade()
        storage = storage_for(settings)
        drafts: list[Draft] = []
        for k, (language, name) in enumerate(cuts):
            cut_settings = settings.model_copy(update={"preset": name, "presets": names, "language": language,
                                                       "languages": languages})
            out = output if (output is None or k == 0) else str(
                Path(output).with_name(f"{Path(output).stem}-{name}{f'-{language}' if len(languages) > 1 else ''}"
                                       ".mp4"))
            parent = drafts[0].metadata["draft_id"] if drafts else None
            draft = make(article_path, cut_settings, store=store, storage=storage, output=out, force=force,
                         runner=runner, parent=parent)  # type: ignore[arg-type]
            if draft is None:
                return []
            drafts.append(draft)
        return files.list_all(drafts)
    finally:
        store.dispose()


def make_here(article_path: str, settings: Settings, *, output: str | None = None, force: bool = False,
              runner: Runner | None = None) -> Draft | None:
    """`make` with the store and media storage the settings name: what `reelflow make` runs."""
    from reelflow.storage import storage_for

    store = Store(settings.db_url)
    try:
        store.upgrade()
        return make(article_path, settings, store=store, storage=storage_for(settings), output=output, force=force,
                    runner=runner)
    finally:
        store.dispose()


def start(article_path: str, settings: Settings, *, store: Store, storage: MediaStorage, output: str | None,
          runner: Runner) -> Job:
    """Read the article and settle where its clip goes and which options it is made with."""
    preset = get_preset(settings.preset)
    for cache in ("speech", "shots", "own"):  # scratch folders a killed run left (its process is gone)
        sweep_scratch(settings.data_dir / "cache" / cache)  # not settings.dir(): that would make the folder
    # An article handed over by reference (another machine's inbox or batch) is fetched to this data dir.
    local = str(storage.fetch(article_path)) if storage.is_ref(article_path) else article_path
    article = runner.read(local, settings.max_file_bytes)
    language = settings.language or article.language
    languages = tuple(dict.fromkeys(settings.languages))
    out_path = steps.resolve_output(output, settings, article, preset)
    if language != article.language and not output:  # drafts/NAME-douyin-en.mp4 beside NAME-douyin.mp4
        out_path = out_path.with_name(f"{out_path.stem}-{language}{out_path.suffix}")
    return Job(settings=settings, preset=preset, article=article, article_path=local, out_path=out_path,
               store=store, storage=storage, runner=runner, opts=_opts(settings, preset, article, languages),
               master=master_size(settings, preset), language=language, languages=languages)


def _opts(settings: Settings, preset: Preset, article: Article, languages: tuple[str, ...]) -> str:
    """The options hash; a cut of a shared render (another shape or language) is a clip of its own."""
    opts, master = steps.options_hash(settings, preset), master_size(settings, preset)
    language = settings.language or article.language
    if len(languages) > 1 or language != article.language:
        return content_hash(opts, master, language, languages)
    return content_hash(opts, master) if master else opts


def master_size(settings: Settings, preset: Preset) -> tuple[int, int] | None:
    """With several cuts (`presets`), the frame that covers all of them: the widest width by the tallest height.
    Pictures are made once at it; each cut crops its own shape out of it. None for a single cut."""
    names = list(dict.fromkeys(settings.presets))
    if len(names) < 2 or preset.name not in names:
        return None
    shapes = [get_preset(name) for name in names]
    return max(p.width for p in shapes), max(p.height for p in shapes)


def draft_for(job: Job, *, force: bool = False) -> tuple[DraftRecord, str] | None:
    """The article's draft with these settings: the one made before, or a new one. None if rejected."""
    if not force:
        record = job.store.find_draft_record(job.article.source_hash, job.preset.name, job.opts,
                                             exists=lambda d: files.reachable(job.storage, d))
        if record is not None:
            job.runner.log.info("This article was already made with the same settings; carrying on from %s "
                                "(use --force to make it again).", record.draft.video_path)
            draft = files.localised(job.storage, record.draft)
            return DraftRecord(id=record.id, storyboard_id=record.storyboard_id, draft=draft), "reused"
    made = None if force else planned_before(job)
    made = made or plan(job)
    if made is None:
        return None
    board, board_id = made
    return make_draft(job, board, board_id, version=1), "made"


# -- planning ---------------------------------------------------------------------------


def plan(job: Job) -> tuple[Storyboard, int] | None:
    """Plan the storyboard and pass it through the policy gate; None if a person rejected it."""
    s = job.settings
    board = job.runner.plan(job.article, s)
    job.planned = board
    holds = gate.check(board, job.article, s)
    job.runner.storyboard_planned(job, board, holds)
    if holds and s.hold_blocks_render:
        decided = job.runner.decide_holds(job, board, holds)
        if decided is None:
            return None
        board = decided
    return board, job.store.save_storyboard(job.store.upsert_article(job.article), board)


def planned_before(job: Job) -> tuple[Storyboard, int] | None:
    """The storyboard an earlier, unfinished run of this article planned with these settings, if any."""
    s = job.settings
    for board_id, board in job.store.storyboards_of(job.article.source_hash):
        if (board.planner, board.target_seconds, board.seed) == (s.planner, s.max_seconds, s.seed):
            job.runner.log.info("Carrying on with the storyboard planned before (%d shots).", len(board.shots))
            # Shown again, not asked about again: a held storyboard was saved only once a person let it through.
            job.runner.storyboard_planned(job, board, gate.check(board, job.article, s))
            return board, board_id
    return None


def as_planned(job: Job) -> Storyboard:
    """The storyboard as planned (before any revision): what an own recording was read from."""
    if job.planned is None:
        s = job.settings
        job.planned = job.runner.plan(job.article, s)
    return job.planned


# -- making a draft ---------------------------------------------------------------------


def make_draft(job: Job, board: Storyboard, board_id: int, version: int) -> DraftRecord:
    """Voice, render and cut one storyboard into a recorded draft, reusing every finished piece."""
    store, s = job.store, job.settings
    store.set_status("storyboard", board_id, "running")

    # 1. Narration in this cut's language (the storyboard translated, if it is another): the user's own
    #    recording where there is one, else the voice engine, shot by shot.
    spoken = translated(job, board, job.language)
    narrations = voice(job, spoken)

    # 2. Pictures: one clip per shot, as long as its narration (plus lead and pad) in the longest language.
    options = video_options(job)
    seconds = shot_seconds(job, board, narrations)
    requests = [steps.shot_request(shot, length, board, job.preset,
                                   steps.shot_options(s.renderer, options, spoken, narration,
                                                      goes_on=steps.continues(board, shot)))
                for shot, length, narration in zip(board.shots, seconds, narrations, strict=True)]
    requests = plan_pictures(job, requests, spoken)
    shot_ids = store.shot_ids(board_id)
    clips = job.runner.render(job, board, requests, [shot_ids[shot.index] for shot in board.shots])
    # A clip made on another machine is fetched from the media storage (once; then it is local).
    clips = [c.model_copy(update={"path": str(job.storage.fetch(c.path))}) for c in clips]
    if job.master:  # pictures the cuts share: where their subject is, so that each cut's crop keeps it
        clips = [c if c.renderer in DRAWN else video.with_interest(c) for c in clips]

    # 3. The cut: music under the voice, subtitles, the AI label, one encode; labelled and signed.
    draft = cut(job, spoken, narrations, clips, version)

    # 4. Record it, and put its files where other workers can reach them.
    starts = [float(t) for t in draft.metadata["timeline"]]  # where the cut put each shot
    draft = draft.model_copy(update={"metadata": {
        **draft.metadata, "version": version, "storyboard_hash": board.hash(), "language": job.language,
        "shot_times": [[round(t, 3), round(c.seconds, 3)] for t, c in zip(starts, clips, strict=True)],
        **files.stored(job.storage, draft),
    }})
    draft_id = store.record_draft(board_id, job.opts, draft, parent_id=job.parent, language=job.language)
    store.set_status("storyboard", board_id, "done")
    store.set_status("article", store.upsert_article(job.article), "done")
    return DraftRecord(id=draft_id, storyboard_id=board_id, draft=draft)


def plan_pictures(job: Job, requests: list[video.RenderRequest], spoken: Storyboard) -> list[video.RenderRequest]:
    """Decide across the clip before rendering: auto picks each shot's source (and stock items, none twice).

    With several cuts, pictures are made once from the storyboard's own shots, so every cut shares them:
    generated ones (still, dit) at the master size, which each cut crops; footage (stock) in the first
    cut's frame, as it was shot — a square master would crop and enlarge it for the first cut too — and
    the other cuts crop it around its subject or pad it (editing.cut.fit_chain). What is drawn (graphics,
    animatic) is drawn for this cut's own shape, layout and language (`spoken`)."""
    first = get_preset(job.settings.presets[0]) if job.master else job.preset
    if job.master:  # searched and framed in the shape of the first cut
        requests = [replace(r, width=job.master[0], height=job.master[1],
                            options={**r.options, "shape": [first.width, first.height]}) for r in requests]
    requests = video.plan(job.settings.renderer, requests)
    sized = []
    for k, r in enumerate(requests):
        source = video.source_of(r, job.settings.renderer)
        if source in DRAWN:
            r = replace(r, width=job.preset.width, height=job.preset.height, shot=spoken.shots[k],
                        title=spoken.title, language=spoken.language)
        elif source in FOOTAGE and job.master:
            r = replace(r, width=first.width, height=first.height)
        sized.append(r)
    requests = sized
    sources = Counter(video.source_of(r, job.settings.renderer) for r in requests)
    if job.settings.renderer == "auto":
        job.runner.log.info("Pictures: %s.", ", ".join(f"{n} shot{'s' if n > 1 else ''} from {name}"
                                                        for name, n in sources.most_common()))
    return requests


DRAWN = frozenset({"graphics", "animatic"})  # sources that lay out for the frame they are drawn in
FOOTAGE = frozenset({"stock"})  # sources whose pictures come in the shape they were shot in


def video_options(job: Job) -> dict[str, object]:
    return video.render_options(job.settings.renderer, job.settings)


def translated(job: Job, board: Storyboard, language: Language) -> Storyboard:
    """The storyboard in `language`: itself in its own, else translated (a file beside the article, or the
    LLM planner's model; cached)."""
    if language == board.language:
        return board
    return translate.translate(board, language, article_path=job.article_path, settings=job.settings,
                               cache_dir=job.settings.dir("cache", "translations"))


def shot_seconds(job: Job, board: Storyboard, narrations: list[Narration]) -> list[float]:
    """Each shot's length: its narration plus lead and pad, in whole frames; with several languages, the
    longest language's, so that every language's cut shares the same pictures and shot boundaries."""
    lengths = [steps.shot_length(n, job.preset.fps, job.settings.shot_pad) for n in narrations]
    for language in job.languages:
        if language != job.language:
            other = voice(job, translated(job, board, language))  # cached: each language is voiced once
            lengths = [max(a, steps.shot_length(n, job.preset.fps, job.settings.shot_pad))
                       for a, n in zip(lengths, other, strict=True)]
    return lengths


def voice(job: Job, board: Storyboard) -> list[Narration]:
    s = job.settings
    progress.start("voice", len(board.shots))
    # The user's own recording reads the article, so it voices the article's language only.
    recording = own_voice.find(job.article_path, s) if board.language == job.article.language else None
    own = own_voice.narrations(recording, as_planned(job), board, s.dir("cache", "own")) if recording else {}
    if recording:
        job.runner.log.info("Narration from %s for %d of %d shots.", recording.name, len(own), len(board.shots))
    # Several cuts share one narration (so their shots are cut at the same times): the first cut's voice style.
    voiced_for = get_preset(s.presets[0]) if job.master else job.preset
    style = steps.voice_style(s, voiced_for, board.language, s.speech_engine)
    voiced = iter(job.runner.voice(job, [shot for shot in board.shots if shot.index not in own], board.language,
                                   style))
    narrations = [own[shot.index] if shot.index in own else next(voiced) for shot in board.shots]
    progress.finish("voice")
    return narrations


def cut(job: Job, board: Storyboard, narrations: list[Narration], clips: list[ShotClip], version: int) -> Draft:
    s = job.settings
    total = sum(c.seconds for c in clips)
    music = choose_track(s.data_dir / "music", board.mood, total, s.dir("cache", "music"), board.seed)
    work_dir = s.dir("work", board.hash()[:16])
    out = steps.versioned(job.out_path, version)
    for part in sweep_parts(out, older_than=s.cut_timeout):
        job.runner.log.info("Removed %s, left by a cut that was killed.", part.name)
    options = replace(steps.cut_options(s, board, music), master=job.master)
    draft = job.runner.cut(job, board, narrations, clips, out, work_dir, options)
    shutil.rmtree(work_dir, ignore_errors=True)
    return draft
