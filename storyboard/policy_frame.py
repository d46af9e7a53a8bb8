"""Judgment (1): the article's frame. A report of a real event or claim is what fake footage would
fake; fiction, a game or film, history, a forecast, a how-to or a science explainer is not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyboard import policy_terms as T
from storyboard import policy_vocab as V
from storyboard.policy_claim import health_claim
from storyboard.policy_content import content_shape
from storyboard.policy_genre import shape_signs
from storyboard.policy_match import Text
from storyboard.policy_rehearsal import not_a_drill, rehearsal

REPORT = "report"
# A plot summary ("影片讲述……的故事", "tells the story of"): with a work's title in 《》 or a word for a
# book, film or game, the article is about a made-up story, however many events the story has in it.
_PLOT = re.compile(r"讲述了?[^。！？]{2,80}?故事|讲的是|改编自|饰演|(?<!\w)(?:tells|told) the story of|is set in"
                   r"|(?<!\w)starring|(?<!\w)played by|the plot", re.IGNORECASE)
_WORK_TITLE = re.compile(r"《[^》]{1,30}》")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
# Quoted words: “…”, 「…」, "…", and '…' opened after a space or a line's start (not "don't").
_QUOTED = re.compile(r"“[^”\n]{1,200}”|「[^」\n]{1,200}」|\"[^\"\n]{1,200}\"|(?:(?<=\s)|^)'[^'\n]{1,200}'(?!\w)",
                     re.MULTILINE)


@dataclass(frozen=True)
class Frame:
    kind: str  # "report" or one of policy_vocab.FRAME's keys
    evidence: tuple[str, ...] = ()

    @property
    def real(self) -> bool:
        return self.kind == REPORT


def article_frame(title: str, text: str) -> Frame:
    """The frame whose words the article uses most; a report unless another frame clearly outweighs
    the report's own signs (recent times, sources, counts of harm)."""
    found = Text(f"{title}\n{text}")
    # A frame is the article's own voice: the words it quotes ('throw away your pills', “你的”) are someone else's.
    own = Text(_QUOTED.sub(" ", f"{title}\n{text}"))
    # Sentences that report an event by their shape (a casualty count, police acting on people, a
    # harmful practice exposed) are signs of a report too, whatever their words.
    # So are sentences that make a health claim by its shape ("a way to quit your prescriptions", "stopped
    # their medication"): the claim's own "your" is the claim's words, not the article teaching its reader.
    report = len(found.find(V.REPORT)) + sum(bool(content_shape(s) or health_claim(s))
                                             for s in _SENTENCE.findall(f"{title}\n{text}"))
    best, best_terms = REPORT, []
    plot = _PLOT.search(f"{title}\n{text}")
    work = _WORK_TITLE.search(f"{title}\n{text}")
    for kind, vocabulary in V.FRAME.items():
        if kind == "forecast" and _dead_or_hurt(f"{title}\n{text}"):
            continue  # a forecast tells of weather to come; deaths it already caused are a report (rev 11)
        hits = own.find(vocabulary)
        if plot and kind in ("fiction", "game_film") and (hits or work):
            hits += [plot.group()] * 2
        if kind == "history" and re.search(V.OLD_YEAR, f"{title}\n{text}"):
            # A date before 1950 and nothing placing the text in the present: told as history.
            hits += ["(an old year)"] * (1 if found.find(V.RECENT) else 2)
        if len(hits) > len(best_terms):
            best, best_terms = kind, hits
    # A title in a frame's words counts double: "评测", "Review:", "Forecast", "推荐".
    score = len(best_terms) + len(Text(title).find(V.FRAME[best])) if best != REPORT else 0
    shaped = _shaped(title, text, found, report)
    if shaped is not None and len(shaped.evidence) > len(best_terms):
        return shaped  # a product review's price and tests outweigh the one word "review"
    if best != REPORT and score >= 2 and score >= report and not (best == "drill" and _real_drill(title, text)):
        return Frame(best, tuple(best_terms))
    if shaped is None:
        # Revision 11: a drill told in a report's words is still a drill, told by its structure (policy_rehearsal).
        staged = rehearsal(title, text)
        if staged and not _real_drill(title, text):
            return Frame("drill", staged)
    return shaped or Frame(REPORT)


# A military exercise is a show of force a fake could show (troops, warships, live fire), not a rehearsal.
_MILITARY = re.compile(r"军事|军演|国防部|(?<!消防)部队|解放军|军队|舰|导弹|战机|战斗机|实弹|海军|空军|陆军|联合作战"
                       r"|\b(?:military|troops|warships?|navy|naval|air\s+force|army|live-fire|missiles?"
                       r"|fighter\s+jets|war\s?games|defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e)\b",
                       re.IGNORECASE)


def _real_drill(title: str, text: str) -> bool:
    """A drill or exercise that is a report all the same: people really harmed in it, a military show of force, or
    (revision 11) a "drill" the article says was none (a cover story for a real leak)."""
    whole = f"{title}\n{text}"
    # Evacuating is what a drill does: only people killed, hurt or missing make it real (revision 11).
    return bool(_harm(whole, moved=False) or _MILITARY.search(whole) or not_a_drill(whole))


def _dead_or_hurt(text: str) -> bool:
    """Casualty words ("19 deaths", 死亡) in the article's own voice: not quoted, hypothetical or denied."""
    from storyboard.policy_harm import own_voice

    return any(Text(s).find(T.CASUALTY, T.CASUALTY_NOT) for s in own_voice(text))


def _harm(text: str, moved: bool = True) -> list[str]:
    """People harmed, told in the article's own voice: a drill where people were hurt is a report."""
    from storyboard.policy_harm import harm_to_people  # it reads quotes as this module does

    return harm_to_people(text, moved)


def _shaped(title: str, text: str, found: Text, report: int) -> Frame | None:
    """An exhibition, travel piece, product review or match report, told by its shape (policy_genre): at
    least three different signs of it, outweighing everything that makes the article a report, its
    event, disaster, casualty, unrest and health words included, so a museum's "shelling" or a volcanic
    island's "eruption" is one word against the article's shape, while a fans' riot after a match is a
    report."""
    signs = {kind: {w.lower() for w in ws} for kind, ws in shape_signs(f"{title}\n{text}").items()}
    kind = max(signs, key=lambda k: len(signs[k]))
    score = len(signs[kind]) + len(shape_signs(title)[kind])
    against = report + sum(len(found.find(v, x)) for v, x in ((T.EVENT, T.EVENT_NOT), (T.CASUALTY, T.CASUALTY_NOT),
                                                              (T.SCENE_STRONG, None), (V.UNREST, None),
                                                              (V.HEALTH, None)))
    # Revision 10: people killed or hurt, told in the article's own voice (not a player's injury), make it a
    # report whatever its shape: a stand collapsing on the crowd, not a match.
    if len(signs[kind]) >= 3 and score > against and not _harm(f"{title}\n{text}"):
        return Frame(kind, tuple(sorted(signs[kind])))
    return None
