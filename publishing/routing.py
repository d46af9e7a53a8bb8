"""Which cut of one render an account posts: its shape (preset) and its language.

One article is made into several cuts (`reelflow make --presets douyin,bilibili --languages zh,en`);
one approval publishes each cut to the accounts that take it. An account says what it takes
(`reelflow accounts add … --preset shorts --language en`); without a word, it takes the cut named
after its platform (the douyin cut for a Douyin account) in the first cut's language, else the
first cut. The ledger keeps exactly-once per cut × account, as for any clip.
"""

from __future__ import annotations

from pathlib import Path

from publishing.accounts import Account
from reelflow.errors import BadInput
from reelflow.models import Draft


def language_of(draft: Draft) -> str | None:
    value = draft.metadata.get("language")
    return str(value) if value else None


def cut_for(cuts: list[Draft], account: Account) -> Draft:
    """The cut `account` posts; a preference no cut meets is a one-line error naming the account."""
    if not cuts:
        raise ValueError("no cuts to choose from")
    language = account.language or language_of(cuts[0])
    spoken = [c for c in cuts if language_of(c) in (language, None)]
    if not spoken:
        have = ", ".join(sorted({language_of(c) or "?" for c in cuts}))
        raise BadInput(f"account {account.name!r}", f"posts in {language!r}, but this render's cuts speak {have}")
    if account.preset:
        chosen = [c for c in spoken if c.preset == account.preset]
        if not chosen:
            have = ", ".join(dict.fromkeys(c.preset for c in spoken))
            raise BadInput(f"account {account.name!r}", f"posts the {account.preset!r} cut, but this render has "
                           f"{have}")
        return chosen[0]
    return next((c for c in spoken if c.preset == account.platform), spoken[0])


def sibling_cuts(draft: Draft) -> list[Draft]:
    """Every cut of the render `draft` belongs to, from the `cuts` its JSON lists (the draft alone if none);
    a cut whose JSON is gone is left out."""
    listed = draft.metadata.get("cuts")
    if not isinstance(listed, list) or not listed:
        return [draft]
    cuts = []
    for path in listed:
        try:
            cuts.append(Draft.model_validate_json(Path(str(path)).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return cuts or [draft]
