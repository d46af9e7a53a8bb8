"""What the policy gate's per-shot judgments mean, said once for every model asked for them.

The LLM planners (storyboard.llm.prompt's JUDGMENT_RULE) and the LLM classifier (storyboard.policy_llm)
ask a model for the same four judgments; both prompts use this text, so a model is told the same thing
whichever path asks, and the values are reelflow.models' (JUDGED_FRAMES, JUDGED_CONTENTS).
"""

from __future__ import annotations

from reelflow.models import JUDGED_CONTENTS, JUDGED_FRAMES

_FRAMES = ", ".join(f for f in JUDGED_FRAMES if f != "report")
_CONTENTS = ", ".join(JUDGED_CONTENTS)

DEFINITIONS = (
    f"frame: what the article is: report (a report of a real event or claim), or {_FRAMES}. "
    "footage_like: true when the generated picture would pass as real camera footage; false for a chart, map, "
    "illustration, animation, product shot or game screen. "
    "real_people: the real, identifiable people the shot shows (public figures, officials), never fictional "
    "characters; [] when none. "
    f"content: what the shot shows, one of {_CONTENTS}: event (something that happened to or among people, "
    "whatever words tell it: a disaster, accident, attack, fight, a count of dead or injured, police or guards "
    "acting on people, people blocking a road or refusing to work, a harmful practice exposed, or what follows "
    "such an event: its queues, crowds, clean-ups, mourners); health_or_safety_claim (an outbreak, illness, "
    "contamination, recall, or a claim that something causes harm); person_act (a real person saying or doing "
    "something); none (anything else)."
)
