"""The stylised rewrite a reviewer can render a held shot from: its harmless keywords, drawn as an
illustration with no real faces, logos, injuries or destruction."""

from __future__ import annotations

from reelflow.models import Language, Shot
from storyboard import policy_terms as T
from storyboard import policy_vocab as V
from storyboard.policy_people import public_figures

SAFE_STYLE = {
    "zh": "扁平风格插画，简洁的几何图形与图标，柔和色块，明显非写实；不出现真实人物面孔、新闻台标、文字或水印；"
          "用象征性图形表现，不表现伤亡与破坏。画面主题：",
    "en": "flat vector illustration, simple geometric shapes and icons, soft colour blocks, clearly not "
          "photorealistic; no real faces, no news logos, no text or watermarks; symbolic, no injuries or "
          "destruction shown. Subject: ",
}
SAFE_NEGATIVE = {
    "zh": "写实照片，真实人脸，新闻画面，监控画面，台标，水印，文字，血腥，伤亡，废墟",
    "en": "photorealistic, photograph, real face, news footage, CCTV, bodycam, news logo, watermark, text, "
          "blood, injuries, rubble",
}
_RISKY = {t.lower() for table in (T.EVENT, T.SCENE, T.SCENE_STRONG, T.CASUALTY, T.NEWS_STYLE, T.NEWS_OUTLET,
                                  T.LOGO, T.SEXUAL, T.TITLE, T.GOVERNMENT, T.BRAND, V.HEALTH, V.UNREST,
                                  V.PARAPHRASE, V.PUBLIC_FIGURES)
          for ts in table.values() for t in ts}


def safe_prompt(shot: Shot, language: Language) -> str:
    """A stylised prompt for the shot: its harmless keywords, drawn as an illustration."""
    text = "\n".join(x for x in (shot.narration, shot.key_phrase, shot.visual_prompt) if x)
    names = {n.lower() for n in public_figures(text)}
    keep = [k for k in shot.keywords if k.lower() not in _RISKY and k.lower() not in names
            and not any(n in k.lower() or k.lower() in n for n in names)]
    subject = ("、" if language == "zh" else ", ").join(keep[:5]) or ("抽象的信息图形" if language == "zh"
                                                                     else "abstract information graphics")
    return SAFE_STYLE[language] + subject


def safe_shot(shot: Shot, language: Language) -> Shot:
    """The shot with its visual prompt replaced by the stylised one (narration unchanged)."""
    negative = ", ".join(x for x in (shot.negative_prompt, SAFE_NEGATIVE[language]) if x)
    return shot.model_copy(update={"visual_prompt": safe_prompt(shot, language), "negative_prompt": negative})
