"""Term lists of the policy gate, per language. Data only; storyboard.policy_rules says how they combine.

Chinese terms are matched on jieba word boundaries (so 战争 does not fire inside 挑战争议), English
ones as whole words, case-insensitive, with the inflections written out. `*_NOT` lists are
figurative or harmless compounds that contain a term ("价格战", "crash course") and cancel it.
"""

from __future__ import annotations


def terms(text: str) -> tuple[str, ...]:
    return tuple(t.replace("_", " ") for t in text.split())


# ---------------------------------------------------------------- real events presented as news

EVENT = {
    "zh": terms(
        "倾覆 翻沉 侧翻落水 触礁 搁浅 冲出跑道 偏出跑道 迫降 失事 追尾 坠河 坠江 坠崖 坠楼 挥刀 砍伤 刺伤 捅伤 "
        "开枪 纵火 打砸 斗殴 群殴 炮弹 火箭弹 无人机袭击 阵亡 沦陷 攻占 溃堤 漫堤 地面塌陷 塌陷 楼体倒塌 泄漏事故 "
        "爆燃事故 塌方事故 地震 强震 余震 海啸 洪水 洪灾 山洪 内涝 泥石流 山体滑坡 台风 飓风 龙卷风 火灾 山火 "
        "森林火灾 失火 起火 "
        "燃起大火 一场大火 发生大火 爆炸 大爆炸 爆燃 坍塌 倒塌 垮塌 塌方 矿难 溃坝 决堤 火山喷发 雪崩 "
        "袭击 恐袭 恐怖袭击 恐怖分子 枪击 枪击案 枪战 爆炸案 炸弹 自杀式 劫持 人质 砍人 持刀 行凶 血案 "
        "车祸 交通事故 连环相撞 撞车 空难 坠机 坠毁 沉船 翻船 沉没 脱轨 出轨 相撞 事故 安全事故 踩踏 "
        "抗议 示威 游行示威 抗议游行 骚乱 暴乱 暴动 武装冲突 战争 战火 战事 开战 空袭 轰炸 导弹 炮击 交火 "
        "入侵 发动进攻 地面进攻 军事行动 难民 毒气泄漏 化学品泄漏 核泄漏 疫情暴发 中毒事件 灾难 灾情 "
        "受灾 灾区 惨剧 惨案 屠杀 示威者 决口 发生冲突 爆发冲突 冲突升级 透水 火情"
    ),
    "en": terms(
        "skidded_off veered_off overshot_the_runway crash-landed crash-landing crash_landing emergency_landing "
        "ran_aground capsize capsizing left_the_tracks jumped_the_tracks pile-up pileup head-on_collision "
        "plunged_into caved_in cave-in stabbed knifeman knife_attack arson torched set_ablaze set_on_fire rampage "
        "shelled drone_strike drone_strikes rocket_fire mortar killed_in_action sinkhole deluge mudslides "
        "earthquake earthquakes quake quakes aftershock aftershocks tsunami flood floods flooding flooded "
        "flash_flood landslide landslides mudslide hurricane typhoon cyclone tornado wildfire wildfires "
        "blaze inferno fire_broke_out explosion explosions exploded blast blasts collapse collapsed "
        "mine_disaster dam_burst eruption erupted avalanche terror_attack terrorist terrorists attack_on "
        "attacked gunman gunmen shooting shootings shot_dead bombing bombings bomb bombs hostage hostages "
        "hijacked hijacking stabbing stabbings massacre car_crash plane_crash crash crashed collision "
        "derailed derailment capsized sank sinking stampede accident protest protests protesters "
        "demonstrators demonstration riot riots rioters clashes war airstrike airstrikes air_strike "
        "missile missiles shelling artillery invasion invaded troops military_offensive refugees gas_leak "
        "chemical_spill outbreak disaster catastrophe tragedy terror clash clashed opened_fire open_fire mass_shooting "
        "storm_surge"
    ),
}
EVENT_NOT = {
    "zh": terms(
        "价格战 商战 口水战 攻坚战 持久战 挑战 电竞 大战 爆炸头 信息爆炸 爆炸性 流量爆炸 人气爆炸 "
        "数据爆炸 知识爆炸 炸弹面包 事故率 地震仪 抗议声 灾难片 战争片 战争史 二战 一战 抗战 "
        "战争与和平 难民营地图"
    ),
    "en": terms(
        "price_war war_on war_of_words star_wars console_war format_war culture_war trade_war "
        "crash_course market_crash stock_market_crash app_crash crash_test heart_attack panic_attack "
        "asthma_attack shooting_star shooting_guard photo_shooting shooting_percentage had_a_blast "
        "a_blast blast_chiller flood_of floods_of happy_accident explosion_of flavour_explosion "
        "flavor_explosion population_explosion bath_bomb bomb_cyclone photobomb war_movie world_war "
        "collapse_of_the_soufflé disaster_recovery demand_exploded sales_exploded "
        "crowd_erupted end_erupted stadium_erupted "
        "fans_erupted erupted_in_cheers erupted_in_applause exploded_in_popularity "
        "popularity_exploded"
    ),
}
# Descriptions of a disaster or violence that avoid its name ("the ground shook and houses fell").
# Strong ones show death, violence or destruction; weak ones are only suggestive on their own.
SCENE_STRONG = {
    "zh": terms(
        "炮火 枪响 弹痕 断壁 残垣 被冲毁 冲毁 夷平 烧焦 焦黑 浓烟冲天 火球 废墟 瓦砾 残骸 残垣断壁 火光冲天 "
        "熊熊大火 火海 楼房倒塌 房屋倒塌 大楼倒塌 地动山摇 天摇地动 枪声 炮声 "
        "爆炸声 弹坑 弹孔 坦克 装甲车 武装分子 持枪 枪手 鲜血 血迹 血泊 尸体 遗体 被埋 埋压 扭曲的钢筋 催泪瓦斯 "
        "防暴警察 燃烧弹 夷为平地 满目疮痍 硝烟 弹片 战场 哀嚎 冲撞人群 撞向人群 冲进人群 被冲走 吞没 巨响 "
        "火势 火苗 燃起来 烧起来 着火 蹿起 窜起"
    ),
    "en": terms(
        "came_down crumbled tumbled_down fireball wall_of_flames gunfire_erupted rubble wreckage ruins engulfed "
        "ablaze burning_building toppled flattened buildings_fell houses_fell "
        "houses_collapsed gunfire gunshots shots_rang_out shelling crater craters tanks armored_vehicles "
        "armoured_vehicles militants armed_men blood bloodied bloodstained bodies corpses buried_under "
        "twisted_metal tear_gas riot_police molotov battlefield shrapnel warplanes charred devastation razed "
        "drove_into_crowds drove_into_the_crowd ploughed_into plowed_into rammed swept_away washed_away "
        "rifles firing_into fired_into caught_fire went_up_in_flames roofs_torn_off ripped_off"
    ),
}
SCENE = {
    "zh": terms(
        "落水 溺水 坠落 塌了 垮了 摇晃 震颤 暴雨 特大暴雨 强降雨 冲锋舟 救生衣 泥浆 泥泞 碎石 碎砖 滚石 爆裂 轰鸣 "
        "轰响 地下室 躲避 撤离 转移群众 受困 浓烟 黑烟 浓烟滚滚 烈焰 剧烈摇晃 剧烈晃动 大地震动 晃动 被淹 淹没 "
        "水淹 一片汪洋 洪流 士兵 军人 担架 "
        "救护车 消防车 警车 警戒线 封锁现场 哭喊 惊慌 逃命 四散奔逃 尖叫 救援人员 救援队 搜救 营救 被困 掩埋 "
        "车辆侧翻 侧翻 冲进 砸毁 焚烧 烧毁 阵地 前线 伤痕累累 呼救 求救 嫌疑人 嫌犯 警方 民警 特警 漫过 "
        "只剩下屋顶 疏散 闷响 停电 倒伏 连根拔起 井下"
    ),
    "en": terms(
        "sway swayed swaying shaking trembled dust_cloud cloud_of_dust torrential downpour hailstorm blizzard mud "
        "muddy wading life_jackets dinghy evacuees shelter shelters bunker cellar sheltering stranded debris "
        "smoke_billowing billowing_smoke plumes_of_smoke smoke_plumes thick_smoke black_smoke flames "
        "on_fire ground_shook shaking_violently shook_violently submerged underwater floodwater floodwaters "
        "under_water rising_water burst_its_banks dam_gave_way gave_way levee breached inundated soldiers "
        "stretcher stretchers ambulance ambulances fire_trucks fire_engines police_cordon cordoned_off "
        "screaming fleeing fled_in_panic panic rescuers rescue_workers search_and_rescue trapped pulled_from "
        "sirens evacuated evacuation evacuate overturned front_line frontline scorched devastated =suspect suspects "
        "police_officers arrested only_rooftops rooftops_showed howling_wind downed_power_lines power_lines "
        "surrounded_by_water coast_guard no_roofs attics"
    ),
}
CASUALTY = {
    "zh": terms(
        "失联 送医 送往医院 紧急送医 抢救 遇险 伤势 被救出 搜寻失踪 死亡 遇难 罹难 丧生 身亡 死伤 伤亡 受伤 伤者 "
        "重伤 轻伤 失踪 下落不明 遇难者 死者 伤员 死亡人数 "
        "遇难人数 救出 幸存者 生还 不治 殉职 牺牲 无人生还"
    ),
    "en": terms(
        "taken_to_hospital rushed_to_hospital treated_for unaccounted_for feared_dead presumed_dead "
        "pulled_from_the_rubble pulled_from_the_debris killed killing dead deaths died death_toll casualties "
        "injured injuries wounded missing victims "
        "fatalities survivors hospitalized hospitalised lost_their_lives perished"
    ),
}
CASUALTY_NOT = {
    # Harm denied (rev 11): "stewards reported no injuries", 无人员伤亡 tell that nobody was hurt.
    "zh": terms("死亡率 死亡笔记 受伤的心 无人受伤 没有人受伤 无人员伤亡 无人伤亡 没有人员伤亡 "
                "未造成人员伤亡 未发生人员伤亡 未造成伤亡 无伤亡 未有人员受伤 没有造成人员伤亡"),
    "en": terms("dead_battery dead_end deadline dead_heat missing_ingredient missing_piece missing_out "
                "victims_of_fashion no_injuries no_serious_injuries no_casualties no_deaths no_one_was_injured "
                "nobody_was_injured no_one_injured no_one_was_killed no_reported_injuries without_injury "
                "no_injuries_were_reported"),
}
# News framing: the shot or article tells of a particular, recent, real occurrence.
FRAMING = {
    "zh": terms(
        "据当地人 据目击者 当地居民说 当地人说 村民说 居民说 网友拍摄 事发 事发后 事故发生后 发生时 那天夜里 "
        "当天夜里 前天 前天夜里 昨夜 当夜 讲述 突发 最新消息 快讯 记者 现场 据报道 据悉 当地时间 官方通报 通报称 "
        "目击者 目击 消息人士 刚刚 "
        "凌晨 截至目前 截至 已造成 震级 震中 震源深度 应急管理 新闻 报道 北京时间 昨日 昨天 今晨 当地媒体 媒体报道 "
        "今天 今日 近日 日前 当晚 当天 周末 周一 周二 周三 周四 周五 周六 周日 上午 下午 傍晚 深夜 据村民 据居民 据警方"
    ),
    "en": terms(
        "police_say officials_say residents_say witnesses_say according_to on_the_day that_night that_morning "
        "breaking just_in reporters reporter on_the_scene according_to_officials authorities_said local_time "
        "eyewitness eyewitnesses witnesses officials_said police_said state_of_emergency magnitude epicenter "
        "epicentre as_of confirmed this_morning last_night early_on emergency_services news "
        "on_monday on_tuesday on_wednesday on_thursday on_friday on_saturday on_sunday overnight "
        "residents_said witnesses_said according_to_police local_media"
    ),
}


# ---------------------------------------------------------------- footage styles and news brands

NEWS_STYLE = {
    "zh": terms(
        "新闻画面 新闻镜头 新闻片段 新闻视频 新闻直播 现场直播 直播画面 现场画面 现场视频 现场直击 独家画面 "
        "监控画面 监控视频 监控录像 监控镜头 监控拍下 执法记录仪 行车记录仪 记者现场报道 新闻主播 播音员 "
        "突发新闻 新闻报道画面 目击者拍摄 目击者视频 手机拍下的画面 路人拍摄 网传视频 泄露视频 实拍 纪实影像 "
        "新闻演播室 新闻字幕条 滚动字幕 拍下的视频 拍下的画面 用手机拍下 真实记录 监控拍下"
    ),
    "en": terms(
        "news_footage news_clip news_broadcast news_report live_broadcast live_footage live_coverage "
        "breaking_news breaking-news cctv cctv_footage security_camera security_footage surveillance_footage "
        "surveillance_camera bodycam body_cam body_camera body-worn dashcam dash_cam dash-cam "
        "eyewitness_video eyewitness_footage phone_footage smartphone_footage leaked_video leaked_footage "
        "news_anchor anchorwoman anchorman newsroom chyron lower_third news_ticker on-the-ground_footage "
        "documentary_footage found_footage raw_footage amateur_footage doorbell_camera doorbell_footage "
        "home_security_camera webcam_footage trail_cam nanny_cam evening_news news_broadcast"
    ),
}
NEWS_OUTLET = {
    "zh": terms(
        "央视 中央电视台 新华社 人民日报 凤凰卫视 澎湃新闻 新京报 环球时报 中新社 东方卫视 湖南卫视 "
        "路透社 美联社 法新社 彭博社 半岛电视台 美国有线电视新闻网 英国广播公司 福克斯新闻 朝日新闻 共同社 "
        "BBC CNN NHK"
    ),
    "en": terms(
        "bbc cnn reuters associated_press ap_news afp bloomberg fox_news al_jazeera nhk sky_news nbc_news "
        "abc_news cbs_news msnbc xinhua cgtn people's_daily new_york_times washington_post "
        "the_guardian euronews dw_news france_24"
    ),
}
LOGO = {
    "zh": terms("台标 标志 logo LOGO 水印 角标 字幕条 演播室 主播台"),
    "en": terms("logo logos watermark watermarked station_ident on-screen_graphic graphics_package "
                "ticker studio news_desk"),
}

# ---------------------------------------------------------------- people and official statements

GOVERNMENT = {
    "zh": terms(
        "外交部 国防部 国务院 商务部 卫健委 公安部 发改委 教育部 财政部 政府 市政府 省政府 县政府 白宫 "
        "克里姆林宫 五角大楼 新闻办 联合国 警方 公安局 官方 当局 军方 国会 议会 欧盟委员会"
    ),
    "en": terms(
        "white_house kremlin pentagon state_department ministry government the_administration "
        "downing_street parliament congress police_department united_nations european_commission "
        "authorities military city_hall the_government"
    ),
}
BRAND = {
    "zh": terms(
        "苹果公司 华为 小米 腾讯 阿里巴巴 字节跳动 特斯拉 比亚迪 百度 京东 美团 茅台 可口可乐 麦当劳 星巴克 "
        "耐克 微软 谷歌 亚马逊 三星 丰田 大众汽车 波音 辉瑞 奈飞 英伟达"
    ),
    "en": terms(
        "apple google microsoft amazon meta tesla samsung toyota nike coca-cola mcdonald's starbucks huawei "
        "xiaomi tiktok bytedance boeing pfizer netflix openai nvidia volkswagen disney"
    ),
}
TITLE = {
    "zh": terms(
        "主席 总统 副总统 总理 首相 部长 副部长 省长 市长 县长 书记 局长 厅长 发言人 大使 议员 州长 国王 女王 "
        "王子 公主 教皇 将军 总裁 董事长 首席执行官 CEO 创始人 明星 歌手 演员 影帝 影后 球星 网红 "
        "参议员 众议员 外长 防长 国务卿"
    ),
    "en": terms(
        "president vice_president prime_minister minister secretary senator congressman congresswoman "
        "governor mayor chancellor ambassador spokesperson spokesman spokeswoman king queen prince princess "
        "pope ceo chief_executive founder star singer actor actress rapper celebrity influencer "
        "striker quarterback chairman chairwoman premier"
    ),
}
# Acts of speaking for an institution: depicting these would fake an official statement.
STATEMENT = {
    "zh": terms(
        "声明 发表声明 发表讲话 讲话 致辞 记者会 新闻发布会 例行记者会 表态 签署 下令 宣布 通报 回应 辟谣 "
        "道歉 致歉 召回 公告 宣告 谴责 否认 承诺"
    ),
    "en": terms(
        "statement press_conference news_conference briefing press_briefing speech addressed podium "
        "declared announced signed ordered apologized apologised apology recall recalled denied condemned "
        "vowed pledged"
    ),
}
# The subset of STATEMENT that a brand's ordinary product news does not use.
BRAND_STATEMENT = {
    "zh": terms("声明 发表声明 道歉 致歉 召回 辟谣 回应 公告 否认"),
    "en": terms("statement apologized apologised apology recall recalled denied"),
}
# A person as the subject of an act a viewer would take as real.
PERSON_ACT = {
    "zh": terms(
        "表示 称 说 说道 宣布 指出 强调 回应 承认 呼吁 透露 发表 签署 下令 会见 视察 访问 出席 讲话 致辞 "
        "否认 道歉 演讲 接受采访 怒斥 批评 警告 被捕 逮捕 哭诉 宣称 声称 透露 坦言 表态 亮相 现身"
    ),
    "en": terms(
        "said says told announced declared stated claimed admitted denied urged warned vowed insisted "
        "signed ordered met visited spoke speaking addressed tweeted posted resigned arrested confessed "
        "endorsed slapped shouted appeared appears apologized apologised asked"
    ),
}
ZH_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
ZH_COMPOUND_SURNAMES = terms("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐")
PRONOUN = {"zh": terms("他 她 他们 她们"), "en": terms("he she his her him they")}
EN_NOT_NAME_WORD = set(terms(
    "street road avenue lane boulevard city county park hall café cafe university college school academy "
    "museum river lake mountain mountains bay company inc corp corporation group ltd llc bank market festival "
    "day center centre hospital clinic station airport bridge square building tower council ministry "
    "department house office times news post journal kingdom states republic union nations sea ocean island "
    "islands valley province region team club league cup games olympics prize award act law church temple "
    "library garden gardens zoo stadium arena theatre theater restaurant kitchen bakery farm institute "
    "foundation agency service services network studio studios records press review magazine cafés kitchens "
    "north south east west new old great little saint st fort mount lake port"
))
EN_NOT_NAME_FIRST = set(terms(
    "the a an on in at for this that these those last every each our my his her their its and but or so if "
    "when while after before during monday tuesday wednesday thursday friday saturday sunday january february "
    "march april may june july august september october november december chinese english american british "
    "european asian african french german japanese korean spanish italian indian russian ukrainian "
    "christmas easter spring summer autumn winter fall today tomorrow yesterday here there what why how who "
    "where which it we they you he she i some many most all no not one two three four five six seven eight "
    "nine ten first second third by from with as to of is are was were be been breaking"
))

# ---------------------------------------------------------------- sexual content, minors at risk

SEXUAL = {
    "zh": terms("色情 裸体 裸照 全裸 性爱 性行为 性交 性侵 强奸 猥亵 卖淫 淫秽 露点 不雅视频 情色 脱光 裸露"),
    "en": terms(
        "porn porno pornographic nude nudes naked nudity sex_scene sexual sexually explicit erotic rape raped "
        "molest molested molestation topless undressed undressing strip_tease striptease"
    ),
}
SEXUAL_NOT = {
    "zh": terms("性行为研究"),
    "en": terms("explicit_consent explicitly sexual_health_education sexual_harassment_policy"),
}
MINOR = {
    "zh": terms("儿童 孩子 小孩 幼儿 婴儿 未成年 未成年人 少女 少年 男孩 女孩 男童 女童 小学生 中学生 幼童 学童 孩童"),
    "en": terms(
        "child children kid kids minor minors boy boys girl girls teen teens teenager teenagers toddler "
        "toddlers infant infants baby babies schoolchildren pupil pupils underage schoolgirl schoolboy"
    ),
}
MINOR_RISK_NOT = {
    "zh": terms("防溺水 防拐 防拐卖 防欺凌 防霸凌 反霸凌 预防 安全教育 防走失"),
    "en": terms("drowning_prevention prevent_drowning anti-bullying bullying_prevention prevent_bullying "
                "safety_lesson safety_lessons"),
}
MINOR_RISK = {
    "zh": terms(
        "虐待 殴打 被打 受伤 绑架 拐卖 溺水 失踪 霸凌 欺凌 性侵 猥亵 危险 流血 遗弃 体罚 虐童 被困 哭喊 "
        "受虐 伤害 侵害 被拐 剥削 童工 血 伤痕 淤青 被关 关押 囚禁 锁在 挨饿"
    ),
    "en": terms(
        "abuse abused abusing hit_them hit_him hit_her beaten beating kidnap kidnapped kidnapping abducted abduction "
        "trafficked "
        "trafficking drowning drowned bullied bullying injured bleeding abandoned in_danger exploited "
        "assaulted assault harmed hurt trapped screaming child_labour child_labor groomed grooming bruised "
        "bruises locked_in locked_up chained starving captive"
    ),
}
