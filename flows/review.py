"""The review step: the run pauses in the dashboard until a person approves, rejects or revises the draft.

The form is a Prefect `RunInput`, so the dashboard draws it from the model below and the answer
can also come through the API (`resume_flow_run(id, run_input={...})`). Every question and answer
is written to the store first: a run killed while it waits asks again when the article is re-run,
and a decision that was made is never asked for twice.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from prefect import get_client, get_run_logger
from prefect.client.schemas.responses import SetStateStatus
from prefect.input import RunInput, keyset_from_paused_state
from prefect.input.actions import read_flow_run_input
from prefect.runtime import flow_run
from prefect.states import Paused, Running
from pydantic import BaseModel, Field, WithJsonSchema, create_model, field_validator

from flows.policy_gate import Hold
from reelflow.models import Storyboard
from reelflow.settings import Settings
from reelflow.store import Store
from reelflow.store.reviews import ReviewRecord
from storyboard.rules import key_phrase
from storyboard.visuals import KINDS_FROM_WORDS, visual_of_kind


class BadEdit(ValueError):
    """An answer that cannot be applied; the reviewer is asked again with the reason."""


def _blank(value: object) -> object:
    """None (older answers, API callers) reads as an empty box: keep what is there."""
    return "" if value is None else value


class ShotEdit(BaseModel):
    """A change to one shot asked for by a reviewer.

    Every field is a plain text box in the dashboard (a `str | None` would be drawn as a type toggle
    that must be clicked before a box appears); empty means "keep it".
    """

    shot: int = Field(1, ge=1, title="Shot", description="Its number on the contact sheet (the first is 1).")
    narration: str = Field("", title="New narration", description="What the voice says instead; empty: keep it.")
    prompt: str = Field("", title="New visual prompt", description="What the picture shows instead; empty: keep it.")
    source: str = Field("", title="Picture source", description="stock, still, dit, graphics, or another "
                        "(a different picture); empty: keep it.")
    visual: str = Field("", title="Visual", description="chart, stat, list, quote, title or scene, drawn from "
                        "its words; empty: keep it.")

    _none_is_empty = field_validator("narration", "prompt", "source", "visual", mode="before")(_blank)


class PostEdit(BaseModel):
    """Changes to the post itself, made while approving."""

    title: str = Field("", title="Title", description="The post's title; empty: keep it.")
    description: str = Field("", title="Text", description="The post's text; empty: keep it.")
    tags: str = Field("", title="Tags", description="Comma-separated; empty: keep them.")
    publish_at: str = Field("", title="Publish at", description="UTC, 2026-12-06 09:00 for all, or per account: "
                            "nas=2026-12-06 09:00, yt=…; empty: now.")

    _none_is_empty = field_validator("title", "description", "tags", mode="before")(_blank)

    @field_validator("publish_at", mode="before")
    @classmethod
    def _when(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, datetime) else _blank(value)


class ReviewInput(RunInput):
    """The reviewer's answer, as the dashboard's Resume form shows it (`form_for` offers the accounts).

    The dashboard gives the form's description (the review page) only the height the fields leave over,
    so the fields are few and the optional groups are lists that take one line until used."""

    decision: Literal["approve", "reject", "revise"] = Field(
        title="Decision", description="approve, reject (say why in notes), or revise (the shots below).")
    notes: str = Field("", title="Notes", description="Why (required to reject), or anything the team should know.")
    shots: list[ShotEdit] = Field(default_factory=list, title="Shots to revise",
                                  description="For revise: add one item per shot to change.")
    accounts: list[str] = Field(default_factory=list, title="Publish to",
                                description="For approve: the accounts to post to; empty: the default accounts.")
    post: list[PostEdit] = Field(default_factory=list, title="Change the post", max_length=1,
                                 description="For approve: add an item to change the title, text, tags or time.")

    _none_is_empty = field_validator("notes", mode="before")(_blank)


def form_for(accounts: list[str], choices: list[str] | None = None) -> type[ReviewInput]:
    """The form with "Publish to" filled in with `accounts` and offering `choices` (the accounts that exist)
    as a pick list; free text when none exist. Built here rather than by `with_initial_data`, which
    would drop the field's title and hint."""
    offered = list(dict.fromkeys([*(choices or []), *accounts]))
    # An enum, also for one account (pydantic writes a one-value Literal as "const", drawn as a text box).
    choice = Annotated[Literal[tuple(offered)], WithJsonSchema({"type": "string", "enum": offered})]  # type: ignore[valid-type]
    kind = list[choice] if choices else list[str]  # type: ignore[valid-type]
    field = ReviewInput.model_fields["accounts"]
    return create_model("ReviewInput", __base__=ReviewInput,  # type: ignore[call-overload,no-any-return]
                        accounts=(kind, Field(list(accounts), title=field.title, description=field.description)))


class PostChanges(BaseModel):
    """What a reviewer changed about the post itself when approving, kept with the decision."""

    title: str = ""
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    times: dict[str, datetime] = Field(default_factory=dict, description="Publish time per account.")

    def apply(self, metadata: dict[str, object]) -> dict[str, object]:
        """The draft's metadata as the post goes out: the reviewer's title, text and tags where given.

        With cuts in several languages, each change goes to the cuts in the language it is written in: a new
        Chinese title is not the English cut's title."""
        changed = dict(metadata)
        cut_language = str(metadata.get("language") or "")
        if self.title and _fits(self.title, cut_language):
            changed["title"] = self.title
        if self.description and _fits(self.description, cut_language):
            changed["description"] = self.description
        if self.tags and _fits(" ".join(self.tags), cut_language):
            changed["tags"] = list(self.tags)
        return changed


def _fits(text: str, language: str) -> bool:
    """Whether `text` is written in the cut's `language`: Chinese if it has any hanzi, else not Chinese."""
    if not language:
        return True
    return bool(re.search(r"[\u4e00-\u9fff]", text)) == (language == "zh")


def post_changes(answer: ReviewInput, accounts: list[str]) -> tuple[PostChanges, datetime | None]:
    """The post edits of an approve, and the one time for every account (None: now or per account).

    Raises BadEdit, naming the field, for a time that cannot be read or an account not published to."""
    edit = answer.post[0] if answer.post else PostEdit()
    tags = [t.strip().lstrip("#") for t in edit.tags.replace("，", ",").split(",") if t.strip().lstrip("#")]
    changes = PostChanges(title=" ".join(edit.title.split()), description=edit.description.strip(), tags=tags)
    text = edit.publish_at.strip()
    if not text:
        return changes, None
    if "=" not in text:
        return changes, _utc(text)
    for part in text.replace("，", ",").split(","):
        name, _, when = part.partition("=")
        name = name.strip()
        if not name or not when.strip():
            raise BadEdit(f"publish at: {part.strip()!r} is not account=time (e.g. nas=2026-12-06 09:00)")
        if name not in accounts:
            raise BadEdit(f"publish at: {name!r} is not one of the accounts it goes to ({', '.join(accounts)})")
        changes.times[name] = _utc(when)
    return changes, None


def _utc(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadEdit(f"publish at: {text.strip()!r} is not a time; write it as 2026-12-06 09:00 (UTC)") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


PICTURE_SOURCES = ("stock", "still", "dit", "graphics")


def apply_edits(board: Storyboard, edits: list[ShotEdit]) -> Storyboard:
    """The storyboard with the reviewer's changes; shots not named are left exactly as they were."""
    if not edits:
        raise BadEdit("revise needs at least one shot with a new narration, prompt or picture source")
    shots = {shot.index: shot for shot in board.shots}
    for edit in edits:
        index = edit.shot - 1
        if index not in shots:
            raise BadEdit(f"there is no shot {edit.shot}; shots are numbered 1 to {len(board.shots)}")
        narration = (edit.narration or "").strip()
        prompt = (edit.prompt or "").strip()
        source = (edit.source or "").strip().lower()
        kind = (edit.visual or "").strip().lower()
        if not narration and not prompt and not source and not kind:
            raise BadEdit(f"shot {edit.shot}: give a new narration, a new prompt, a picture source or a visual")
        shot = shots[index]
        update: dict[str, object] = {}
        if kind:
            if kind not in KINDS_FROM_WORDS:
                raise BadEdit(f"shot {edit.shot}: {kind!r} is not a visual; use one of {', '.join(KINDS_FROM_WORDS)}")
            said = narration or shot.narration
            visual = visual_of_kind(kind, said, board.language, key_phrase=shot.key_phrase,
                                    prompt=prompt or shot.visual_prompt, search=list(shot.keywords))
            if visual is None:
                raise BadEdit(f"shot {edit.shot}: its words hold no {kind} (a chart needs numbers with one unit, "
                              "a list named items, a quote words in quotation marks); nothing is invented")
            update["visual"] = visual
        if source == "another":
            update["take"] = shot.take + 1
        elif source:
            if source not in PICTURE_SOURCES:
                raise BadEdit(f"shot {edit.shot}: {source!r} is not a picture source; use one of "
                              f"{', '.join(PICTURE_SOURCES)} or 'another'")
            update["source"] = source
        if narration and narration != shot.narration:
            ratio = len(narration) / max(1, len(shot.narration))
            update.update(narration=narration, seconds=round(shot.seconds * ratio, 2),
                          key_phrase=key_phrase(narration, board.language, {}))
        if prompt and prompt != shot.visual_prompt:
            update["visual_prompt"] = prompt
        shots[index] = shot.model_copy(update=update)
    return board.model_copy(update={"shots": [shots[i] for i in sorted(shots)]})


def edits_of(answer: ReviewInput, post: PostChanges | None = None) -> list[dict[str, object]]:
    """The edits as the store keeps them: a revise's shot edits (a source or visual only when one was
    asked for), or an approve's changes to the post (one item, under "post")."""
    if answer.decision == "approve":
        return [{"post": post.model_dump(mode="json")}] if post is not None and post != PostChanges() else []
    return [{k: v for k, v in edit.model_dump().items() if k not in ("source", "visual") or v}
            for edit in answer.shots]


def stored_post_changes(edits: list[dict[str, object]]) -> PostChanges:
    """The post changes kept with an approve (none: the draft's own title, text, tags and times)."""
    for edit in edits:
        if isinstance(edit.get("post"), dict):
            return PostChanges.model_validate(edit["post"])
    return PostChanges()


def ask(store: Store, draft_id: int, description: str, settings: Settings, accounts: list[str],
        asked: dict[int, int], choices: list[str] | None = None) -> tuple[ReviewRecord, ReviewInput | None]:
    """Pause the run for a decision on this draft; the answer, or None when none came in time.

    The question is stored before pausing, with this run's id, so that anyone can find the run that
    waits (the store says which) and so a re-run knows the draft is still undecided. `asked` counts the
    questions put about each review in this run. `choices` are the accounts the form offers (those that
    exist); `accounts` are filled in.
    """
    me = str(flow_run.get_id() or "")
    pending = store.open_review(draft_id, me, waiting=_still_waiting)
    logger = get_run_logger()
    if pending.flow_run_id != me:  # a duplicate (the same bytes dropped twice): one draft, one waiting run
        logger.info("This draft already waits for review in run %s; this run does not wait too.",
                    pending.flow_run_id)
        return pending, None
    form = form_for(accounts, choices).with_initial_data(description=description)
    logger.info("Waiting for a review of this draft (up to %.0f s); answer with Resume on this run.",
                settings.review_timeout)
    # A pause key is used once per run; the count tells apart two questions about one review row (an
    # answer that could not be applied is asked again), the same way in every start of a suspended run.
    asked[pending.id] = attempt = asked.get(pending.id, 0) + 1
    answer = _wait(form, f"review-{pending.id}-{attempt}", settings)
    if answer is None:
        logger.warning("No decision within %.0f s: the draft stays unpublished.", settings.review_timeout)
        return store.decide_review(pending.id, "timeout", notes="no decision in time"), None
    return pending, answer


def waiting_elsewhere(review: ReviewRecord) -> str | None:
    """The name of another run that waits, suspended, on this open review; None if none does.

    A suspended run is alive as far as the reviewer is concerned (Resume starts it again), so a second
    run must not ask the same question. A run paused in its own process that is not this one may be
    one that was killed while it waited: this run takes the question over (`open_review`)."""
    own = flow_run.get_id()
    if review.decision != "pending" or not review.flow_run_id or review.flow_run_id == own:
        return None
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            other = client.read_flow_run(UUID(review.flow_run_id))
        except (ObjectNotFound, ValueError):
            return None
    state = other.state
    return other.name if state is not None and state.is_paused() and state.name == "Suspended" else None


def _still_waiting(run_id: str) -> bool:
    """Whether the run recorded on a review can still answer it: suspended (Resume starts it again), or on
    its way (scheduled, running). Not one paused in its own process: that may be one killed while it
    waited (a kill leaves it "Paused" for good), and a re-run of the article must be able to ask again."""
    try:
        with get_client(sync_client=True) as client:
            state = client.read_flow_run(UUID(run_id)).state
    except Exception:  # noqa: BLE001 - a run the server no longer knows waits for nothing
        return False
    if state is None or state.is_final():
        return False
    return state.name == "Suspended" if state.is_paused() else True


def ask_about_storyboard(board: Storyboard, holds: list[Hold], settings: Settings, key: str) -> ReviewInput | None:
    """Before rendering: a person decides about the shots the policy gate held (approve, revise or reject)."""
    lines = [f"# Held before rendering: {board.title}", "",
             "The policy gate held these shots; nothing renders until you decide.", ""]
    lines += [f"- **shot {h.shot_index + 1}** ({h.rule}): {h.reason}" + (f" — suggestion: {h.suggestion}"
              if h.suggestion else "") + f"\n  > {board.shots[h.shot_index].narration}" for h in holds]
    form = ReviewInput.with_initial_data(description="\n".join(lines))
    get_run_logger().warning("The policy gate held %d shot(s); waiting for a person before rendering.", len(holds))
    return _wait(form, key, settings)


def _wait(form: type[ReviewInput], key: str, settings: Settings) -> ReviewInput | None:
    """A person's answer to `form`: suspended when the run came from a deployment, else paused in place."""
    if settings.review_suspend and _own_deployment():
        return _suspend(form, key, settings.review_timeout)
    return _pause(form, key, settings.review_timeout, settings.review_poll)


def _own_deployment() -> bool:
    """Whether this run itself was started from a deployment (a subflow inside one was not: it cannot be
    started again on its own)."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    run = context.flow_run if context else None
    return bool(run and run.deployment_id and run.parent_task_run_id is None)


def _suspend(form: type[ReviewInput], key: str, timeout: float) -> ReviewInput:
    """Wait holding no process and no memory: the run ends here, and when the reviewer answers, the
    deployment's worker starts it again from the top.

    Nothing is lost by starting again: the pipeline finds the article's storyboard, shots and draft
    in the store, and every question asked before returns its recorded answer at once (Prefect keeps
    each suspension's key and input), so the run replays to this point in seconds and goes on. A
    reviewer who answers after `timeout` is refused by the server; the article can be run again.
    """
    from prefect.flow_runs import suspend_flow_run

    answer = suspend_flow_run(wait_for_input=form, key=key, timeout=int(timeout))
    return answer  # type: ignore[return-value]


def _pause(form: type[ReviewInput], key: str, timeout: float, poll: float) -> ReviewInput | None:
    """Pause this run until someone resumes it with the form filled in; None after `timeout` seconds.

    Like Prefect's `pause_flow_run`, except for what happens when nobody answers: the server's own
    pause deadline is set a little later than ours, and at ours the run takes itself out of the
    pause, so it can end as a plain "Unpublished" rather than be failed by the server.
    """
    run_id = flow_run.get_id()
    if run_id is None:
        raise RuntimeError("a review can only be asked for from inside a flow run")
    paused = Paused(timeout_seconds=int(timeout + max(60.0, 3 * poll)), reschedule=False, pause_key=key)
    keyset = keyset_from_paused_state(paused)
    paused.state_details.run_input_keyset = keyset
    with get_client(sync_client=True) as client:
        result = client.set_flow_run_state(run_id, paused)
        if result.status != SetStateStatus.ACCEPT:
            raise RuntimeError(f"this run cannot be paused for review: {result.details}")
        # After the pause, not before: entering a pause clears any input stored under its keys.
        form.save(keyset, flow_run_id=UUID(run_id))
        deadline = time.monotonic() + timeout
        while True:
            time.sleep(max(0.0, min(poll, deadline - time.monotonic())))
            state = client.read_flow_run(run_id).state
            if state is not None and state.is_running():
                return form.load(keyset, flow_run_id=UUID(run_id))
            if time.monotonic() >= deadline:
                break
        client.set_flow_run_state(run_id, Running(message="No review decision in time"), force=True)
    # A reviewer may have answered in the same instant: their answer wins.
    value = read_flow_run_input(keyset["response"], flow_run_id=UUID(run_id))
    return form(**value) if value else None
