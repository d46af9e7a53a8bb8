"""The top of a ranking, however it is said: a run of "followed by B with 640 and C with 575" ranks what comes
before it too ("Eastfield had the most repairs with 910, followed by…", "Carver Park, where only 8% of the
ground is shaded, followed by…", "Top of the list was Eastfield: 910 repairs, then…"). A chart of the run
alone would drop the leader, the ranking's point; so the figure just before the run, of the same kind, joins it
as the first bar, under the last name said before that figure.
"""

from __future__ import annotations

import re

from reelflow.models import Bar

__all__ = ["with_leader_en"]

_NUM = re.compile(r"[$€£¥]?\d[\d,]*(?:\.\d+)?(?:\s*%|\s+(?:million|billion|thousand))?")
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*){0,3}")
_RUN = re.compile(r"^[^.;\d]{0,80}?\b(?:followed\s+(?:closely\s+)?by|then|ahead\s+of|and\s+then|before)\b",
                  re.IGNORECASE)
_NOT_NAMES = {"With", "When", "After", "Before", "Since", "As", "From", "Among", "Most", "Some", "All", "More",
              "Across", "Over", "Under", "Only", "Just", "About", "Around", "Nearly", "The", "A", "An", "It", "This",
              "That", "Its", "Their", "Next", "Then", "In", "On", "At", "By", "For", "Figures", "Data", "Numbers",
              "Last", "Top", "Of", "Between", "According", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"}


def kind_of(written: str) -> str:
    """A written figure's kind, to tell a run of like figures: its currency sign and per cent sign."""
    return (written[0] if written[0] in "$€£¥" else "") + ("%" if written.endswith("%") else "")


def value_of(written: str) -> float:
    """A written English figure's value ('£1.4 million' is 1,400,000)."""
    value = float(re.search(r"\d[\d,]*(?:\.\d+)?", written).group().replace(",", ""))  # type: ignore[union-attr]
    scale = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
    return value * next((v for k, v in scale.items() if written.endswith(k)), 1.0)


def _leader_name(before: str) -> str:
    """The last name said before the leader's figure in its sentence, less a leading function word."""
    names = []
    for m in _NAME.finditer(before):
        words = m.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if words:
            names.append(" ".join(words))
    return names[-1] if names else ""


def with_leader_en(text: str, bars: list[Bar]) -> list[Bar]:
    """The ranking's bars with the leader the text names before their run, where they left it out."""
    if not bars:
        return bars
    first = bars[0]
    at = next((m.start() for m in _NUM.finditer(text) if m.group().rstrip(",") == first.value), -1)
    if at < 0:
        return bars
    start = max(text.rfind(c, 0, at) for c in ".;!?") + 1
    lead = [m for m in _NUM.finditer(text, start, at)]
    if not lead:
        return bars
    m = lead[-1]
    written = m.group().rstrip(",")
    if kind_of(written) != kind_of(first.value) or not _RUN.match(text[m.end():at]):
        return bars
    run = _RUN.match(text[m.end():at])
    # "With 910 repairs, Eastfield led the district, followed by…": the name said between the figure and the run
    name = _leader_name(text[m.end():m.end() + run.end()]) if run else ""
    name = name or _leader_name(text[start:m.start()])
    if not name or name in {b.label for b in bars}:
        return bars
    return [Bar(label=name, value=written, number=value_of(written)), *bars]


def share_measure_en(text: str, bars: list[Bar]) -> str:
    """What the ranked shares are of, said after the first one ("8% of the ground is shaded by tree canopy,
    followed by…" → "ground is shaded by tree canopy"): else bars of bare percentages say nothing."""
    if not bars or not bars[0].value.endswith("%"):
        return ""
    m = re.search(re.escape(bars[0].value) + r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?P<what>[a-z][^,;.\d]*)",
                  text)
    if m is None:
        return ""
    what = m.group("what").strip()
    return what if 1 <= len(what.split()) <= 7 else ""
