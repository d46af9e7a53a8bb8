"""What a hold says to a reviewer, in the article's language: what the shot shows and why a
realistic picture of it is a problem."""

from __future__ import annotations

from collections.abc import Iterable

from reelflow.models import Language

REASONS = {
    "zh": {
        "event": "以写实画面呈现一篇报道中的真实灾难、袭击、事故或冲突（{ev}）：会被当作真实现场影像",
        "health": "以写实画面呈现一篇报道中的疫情、污染、召回或健康安全说法（{ev}）：会被当作真实的现场影像或证据",
        "follow_up": "文章报道的是一起真实事件（{ev}），这个镜头的写实画面会被当作该事件的现场影像",
        "continues": "延续第{shot}个镜头所示的真实事件（{ev}）：这个镜头的写实画面会被当作该事件的现场影像",
        "model_event": "规划模型判断这个镜头呈现一篇报道中的真实事件：写实画面会被当作该事件的现场影像",
        "model_health": "规划模型判断这个镜头呈现一篇报道中的疫情、污染或健康安全说法：写实画面会被当作真实影像或证据",
        "model_person": "规划模型判断这个镜头呈现真实人物在说话或行动：写实画面会伪造其言行",
        "style": "要求新闻/监控/执法记录仪/直播式画面（{ev}）：会被当作真实拍摄",
        "logo": "画面可能出现真实新闻机构的名称或台标（{ev}）",
        "person": "出现可识别的真实人物（{ev}）在说话或行动：写实画面会伪造其言行",
        "statement": "表现政府、官员或真实品牌的正式表态（{ev}）：写实画面会伪造官方声明",
        "sexual": "涉及色情或性内容（{ev}）",
        "minor": "涉及处于危险中的未成年人（{ev}）",
    },
    "en": {
        "event": "a real disaster, attack, accident or conflict in a news report ({ev}): realistic footage would "
                 "pass for the real scene",
        "health": "an outbreak, contamination, recall or health or safety claim in a news report ({ev}): "
                  "realistic footage would pass for real footage or evidence of it",
        "follow_up": "the article reports a real event ({ev}); a realistic picture in this shot would pass for "
                     "footage of it",
        "continues": "carries on the real event shown in shot {shot} ({ev}): a realistic picture here would pass "
                     "for footage of it",
        "model_event": "the planner model judged that this shot shows a real event from a news report: realistic "
                       "footage would pass for the real scene",
        "model_health": "the planner model judged that this shot shows an outbreak, contamination or health or "
                        "safety claim from a news report: realistic footage would pass for real footage or evidence",
        "model_person": "the planner model judged that this shot shows a real person saying or doing something: "
                        "realistic footage would fake it",
        "style": "asks for a news, CCTV, bodycam or live-broadcast look ({ev}): it would pass for real recording",
        "logo": "a real news outlet's name or logo could appear in the picture ({ev})",
        "person": "an identifiable real person ({ev}) saying or doing something: realistic footage would fake it",
        "statement": "an official statement by a government, official or real brand ({ev}): realistic footage "
                     "would fake it",
        "sexual": "sexual content ({ev})",
        "minor": "minors at risk ({ev})",
    },
}


def say(language: Language, key: str, evidence: Iterable[str], shot: int = 0) -> str:
    shown = ("、" if language == "zh" else ", ").join(dict.fromkeys(evidence))
    return REASONS[language][key].format(ev=shown, shot=shot)
