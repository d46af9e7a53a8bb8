"""Vocabularies for the gate's judgments (frame, depiction, who is shown) and the event kinds the
older lists in storyboard.policy_terms lack: outbreaks, contamination and recalls, labour disputes.
Data only; storyboard.policy_frame, policy_depiction, policy_people and policy_rules use them.
"""

from __future__ import annotations

from storyboard.policy_terms import terms

# ---------------------------------------------------------------- (1) the article's frame

# What kind of text the article is, when it is not a report of something real. Each frame's words are
# ones a report of a real event rarely uses together.
def _exact(vocabulary: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A frame's words as written: a film is a frame sign, being "filmed" is not (no inflections)."""
    return {lang: tuple(t if not t.isascii() else "=" + t for t in ts) for lang, ts in vocabulary.items()}


FRAME = {
    "fiction": {
        "zh": terms("小说 长篇小说 短篇小说 虚构 虚构的 主人公 主角 书中 作家 新书 读者 章节 悬疑 读书 "
                    "故事里 笔调 笔下 出版"),
        "en": terms("novel novels fiction fictional short_story protagonist author thriller twists "
                    "chapter chapters readers in_this_story the_story narrator paperback"),
    },
    "game_film": {
        "zh": terms("剧评 剧中 电视剧 年代剧 一场戏 "
                    "游戏 玩家 关卡 评测 电影 影片 影评 导演 上映 剧情 战争片 演员 电竞 剧集 银幕 "
                    "观众 票房 续集 主演 角色 动作片 话剧 舞台剧 舞台 剧场 剧院 戏剧 歌剧 音乐剧 编剧 首演 谢幕 "
                    "剧组 群演 群众演员 片场 拍摄现场"),
        "en": terms("game games gameplay player players multiplayer campaign story_mode controller console "
                    "film movie director trailer box_office actors cinema screenplay sequel review "
                    "reviewed cockpit theatre theater playwright the_play this_play new_play on_stage staged "
                    "opera musical matinee curtain_call drama tv_drama extras film_shoot film_set film_crew "
                "special-effects special_effects"),
    },
    "history": {
        "zh": terms("公元 公元前 古代 三国 历史 史书 年前 万年前 亿年前 恐龙 考古 世纪 王朝 战国 成语 朝代 帝国 大军 "
                    "率军 古人 史称"),
        "en": terms("century centuries ancient historians history empire medieval dynasty bc ad years_ago "
                    "army_under imperial million_years prehistoric dinosaurs archaeologists geologists"),
    },
    "forecast": {
        "zh": terms("天气预报 预报 气象台 中央气象台 预计 气温 降雨 降雪 寒潮 冷空气 气象 大风 登陆 "
                    "升温 降温"),
        "en": terms("forecast forecasts forecasters forecaster meteorologists met_office temperatures "
                    "weather_warning yellow_warning gusts heatwave"),
    },
    "howto": {
        "zh": terms("做法 步骤 窍门 教程 食谱 出锅 下锅 翻炒 火候 建议 小贴士 技巧 指南 怎么 如何 秘诀 安全提示 "
                    "一勺 小火 大火 锅底 家常 注意 不要 记得 可以"),
        "en": terms("how_to recipe tablespoon teaspoon tips guide serve stir simmer bake roast pinch "
                    "what_to_expect see_a_doctor should usually at_home keeping your"),
    },
    # A drill or exercise (rev 9, 10): the disaster it rehearses did not happen; told with real harm, or a
    # military exercise (a show of force: policy_frame._MILITARY), it is a report a fake could show.
    # Not "exercise" (rev 11): a health claim's exercise counted as a drill; an exercise that is a rehearsal is
    # told by its structure (storyboard.policy_rehearsal).
    "drill": {
        "zh": terms("演练 应急演练 消防演练 防震演练 疏散演练 逃生演练 防空演练 地震演练 防震课 安全演练 "
                    "模拟 集合点 逃生路线 演习 应急演习 消防演习 预演 假人"),
        "en": terms("drill drills shakeout drop_cover_and_hold_on practiced practicing practising rehearsal "
                    "rehearse mock simulated simulation assembly_point evacuation_route "
                    "practised practise rehearses rehearsed rehearsing fake_wounds fake_blood role-players "
                    "made_up_with"),
    },
    "science": {
        "zh": terms("科学家 原理 科普 地质 岩浆 为什么 形成"),
        "en": terms("why scientists how_it_works form forms physics"),
    },
}
FRAME = {kind: _exact(vocabulary) for kind, vocabulary in FRAME.items()}
# A year before 1950 told as the article's setting ("公元208年", "In 1453", "18 June 1815"), in Chinese
# numerals too ("公元二〇〇年", "公元前二百零九年", "一八一五年", "一九三七年").
_ZH_DIGIT = "〇零一二三四五六七八九"
OLD_YEAR = (r"(?:公元前?\s*(?:\d{1,4}|[" + _ZH_DIGIT + r"十百千]{1,6})\s*年|(?<!\d)(?:1[0-8]\d\d|19[0-4]\d)(?!\d)"
            r"|(?<![" + _ZH_DIGIT + r"])一(?:[〇零一二三四五六七八][" + _ZH_DIGIT + r"]|九[〇零一二三四])[" + _ZH_DIGIT
            + r"]年)")
# Words that place a report in the present: with none of them, an old year makes the article history.
RECENT = {
    "zh": terms("昨天 昨晚 昨夜 昨日 今天 今日 今晨 今年 凌晨 本周 上周 本月 日前 近日 目前 截至 刚刚"),
    "en": terms("yesterday today tonight this_week last_week this_month this_year on_monday on_tuesday "
                "on_wednesday on_thursday on_friday on_saturday on_sunday this_morning last_night"),
}
# Signs of a report of something that happened or was said: recent time, sources, counts of harm.
REPORT = {
    "zh": terms("通报 据报道 警方 记者 昨天 昨晚 昨夜 昨日 今天 今日 今晨 凌晨 本周 上周 日前 近日 目前 截至 遇难 死亡 "
                "受伤 住院 确诊 表示 官方 消息 发布 回应 公告 称 工会 当地 被曝 曝光 暗访 涉事 知情人士"),
    "en": terms("said says officials police according_to on_monday on_tuesday on_wednesday on_thursday "
                "on_friday on_saturday on_sunday yesterday this_week last_week reported confirmed injured killed "
                "hospitalised hospitalized arrested told statement undercover whistleblower exposed"),
}

# ---------------------------------------------------------------- (2) each shot's depiction

# A picture that cannot pass for camera footage: drawn, charted, mapped, animated, a product or a game.
DRAWN = {
    "zh": terms("插画 插图 扁平风格 扁平 卡通 动画 示意图 示意 图表 图示 信息图 数据图 地图 卫星云图 图标 手绘 "
                "漫画 水彩 油画 素描 剪纸 像素风 抽象 剖面图 "
                "曲线图 K线 游戏画面 截图 产品图 矢量 三维渲染 可视化"),
    "en": terms("illustration illustrated cartoon animation animated diagram chart graph infographic map icons icon "
                "hand-drawn watercolor watercolour comic flat_vector vector_art pixel_art abstract animatic "
                "a_drawing line_drawing pencil_drawing drawing_of sketch painting game_screenshot screenshot "
                "product_shot packshot "
                "isometric render 3d_render"),
}

# ---------------------------------------------------------------- content: events the older lists lack

# Outbreaks, health scares, contamination and recalls: a fabricated one is a health or safety claim.
HEALTH = {
    "zh": terms("瘫痪 不良反应 后遗症 上吐下泻 过期原料 变质 发霉 头晕 头痛 市场监管局 介入调查 "
                "疫情 病例 确诊 感染 传染 病毒 诺如病毒 不明原因 封控 隔离 防护服 疾控中心 卫健委 "
                "致癌 致癌物 致病菌 病菌 大肠杆菌 沙门氏菌 李斯特菌 超标 检出 异物 召回 下架 中毒 食物中毒 腹痛 "
                "呕吐 腹泻 停课 消毒 污染 受污染 肾结石 肺炎"),
    "en": terms("safe_limit legal_limit lead_poisoning unsafe_levels "
                "headaches nosebleeds fell_ill taken_ill sickened symptoms nausea vomiting "
                "outbreak infected infection infections virus illness "
                "salmonella listeria e._coli contaminated contamination tainted recall recalls recalled "
                "pulled_from_shelves pulled_from_sale pulled_off_shelves "
                "poisoning food_poisoning quarantine lockdown linked_to carcinogen toxic "
                "measles cholera vaccination_clinics rash"),
}
# Protests, strikes and labour disputes, and scuffles in them.
UNREST = {
    "zh": terms("讨说法 讨薪 讨要 拖欠 罢工 停运 集体停运 抗议 示威 静坐 维权 推搡 推挤 拉扯 争执 扭打 冲突 封堵 "
                "劝离 聚集"),
    "en": terms("walkout strike strikers picket picketed picketing pickets =marched protest "
                "protested protesters pepper_spray tear_gas riot_police shoved shoving "
                "scuffle scuffled scuffles clash clashed placards moved_the_crowd_back"),
}
# Violence and disaster told without its name ("a bag went off", "一声巨响").
PARAPHRASE = {
    "zh": terms("昏倒 晕倒 昏迷 防毒面具 刺鼻 击中 被击中 跳海 逃生 救起 "
                "巨响 闷响 浓烟 火光 四散 奔逃 惊叫 挥舞 刀具 制服 按倒 哭喊 "
                "挤倒 血迹 伤者 无人机群 夜袭 逃下 裹着被子 冒出火光 瓦砾 倒塌的房屋"),
    "en": terms("loud_bang the_crush in_panic debris fleeing paramedics "
                "drove_at_speed_into drove_into overturned_market_stalls handcuffing "
                "overturned_tanker"),
}
# A shot whose flames or bangs belong to cooking or celebration, not to an event.
HARMLESS = {
    "zh": terms("烟花 鞭炮 爆竹 烟火 锅 铁锅 颠勺 灶 火锅 厨师 炒 爆炒 锅气 烤"),
    "en": terms("fireworks firework firecrackers pan wok stove flambé flambe grill kitchen chef "
                "peppers"),
}
# Weather (revision 11): rain, mud or heat at a festival or a match harms nobody; with nothing else of an
# event (damage, rescue, harm) weather words alone are no event (storyboard.policy_rules.event_content).
WEATHER = {
    "zh": terms("暴雨 特大暴雨 强降雨 大雨 降雨 下雨 雨水 阵雨 泥浆 泥泞 烂泥 高温 酷暑 炎热 暴晒 "
                "大雪 暴雪 降雪 下雪 积雪 雪"),
    "en": terms("torrential downpour downpours rain rainfall showers drizzle hailstorm mud muddy puddles heat "
                "scorching sweltering heatwave snow snowfall snowed sleet"),
}
# What weather shuts (schools, a match, buses) and sends people to (cover): beside weather and no harm, these
# are no event or health scare either (a snow day's 停课 is not an outbreak's, sheltering from rain no air raid).
CLOSURE = {
    "zh": terms("停课 停运 停航 停飞 延误 取消 关闭 封路 推迟 躲雨 避雨"),
    "en": terms("closed closures shut cancelled canceled postponed delayed abandoned called_off rained_off "
                "sheltering took_shelter ran_for_cover"),
}

# ---------------------------------------------------------------- (3) who is shown

# The people around a public figure's act (the rally's crowd, the hearing's parents): a shot of them
# right after the act carries it on.
AUDIENCE = {
    "zh": terms("台下 支持者 群众 人群 观众 听众 记者 民众 围观 家属 现场"),
    "en": terms("crowd crowds supporters audience reporters onlookers spectators fans parents protesters"),
}
# Offices whose holders are public figures: a name next to one is a real person.
OFFICE = {
    "zh": terms("主席 国家主席 总统 副总统 总理 国务院总理 首相 部长 副部长 外长 防长 省长 市长 副市长 县长 区长 "
                "书记 局长 厅长 发言人 大使 议员 州长 国王 女王 王子 公主 教皇 将军 总裁 董事长 首席执行官 CEO "
                "创始人 参议员 众议员 国务卿 主任"),
    "en": terms("president vice_president prime_minister minister secretary senator congressman congresswoman "
                "governor mayor chancellor ambassador spokesperson spokesman spokeswoman king queen prince "
                "princess pope ceo chief_executive founder chairman chairwoman premier commissioner"),
}
# Offices that speak for a government: unnamed, their holder is still identifiable ("the health minister").
OFFICIAL = {
    "zh": terms("总统 总理 首相 部长 外长 防长 省长 市长 县长 发言人 州长 国务卿"),
    "en": terms("president prime_minister minister governor mayor spokesperson spokesman spokeswoman "
                "secretary_of_state"),
}
# Well-known people named without a title in the text.
PUBLIC_FIGURES = {
    "zh": terms("习近平 李强 王毅 毛宁 汪文斌 赵乐际 特朗普 拜登 哈里斯 普京 泽连斯基 马克龙 朔尔茨 默克尔 "
                "苏纳克 斯塔默 莫迪 岸田文雄 尹锡悦 马斯克 贝索斯 扎克伯格 库克 比尔·盖茨 "
                "马云 马化腾 雷军 任正非 刘强东 黄仁勋 "
                "周杰伦 刘德华 成龙 杨幂 泰勒·斯威夫特 梅西 C罗 姚明 谷爱凌"),
    "en": terms("xi_jinping li_qiang wang_yi donald_trump trump joe_biden biden kamala_harris vladimir_putin putin "
                "volodymyr_zelensky zelensky emmanuel_macron macron olaf_scholz angela_merkel rishi_sunak "
                "keir_starmer narendra_modi elon_musk musk jeff_bezos mark_zuckerberg zuckerberg tim_cook "
                "bill_gates jack_ma jensen_huang taylor_swift beyoncé beyonce lionel_messi cristiano_ronaldo "
                "king_charles pope_francis"),
}
