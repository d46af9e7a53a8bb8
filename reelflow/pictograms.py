"""What each pictogram names: the words that call for it, in Chinese and English.

The planner (storyboard/pictograms.py) picks a scene or title card's pictogram by these words and the renderer
(generator/video/icons.py) draws it; both stages read the one vocabulary and the one rule (`card_candidates`) here.
"""

from __future__ import annotations

import re

from reelflow.models import SceneVisual, Shot, TitleVisual

# The words that name each pictogram: Chinese words are found anywhere in the text (so whole words only: 图书, not
# 书, which is also 书记), English ones as words with an optional plural.
TERMS: dict[str, tuple[str, ...]] = {
    "book": ("图书", "书店", "书架", "书籍", "读书", "阅读", "借书", "绘本", "book", "library", "libraries", "reading",
             "novel", "paperback"),
    "house": ("住宅", "房屋", "房子", "家庭", "居民家", "住户", "民宿", "house", "home", "housing", "household",
              "tenant", "rent"),
    "elder": ("老人", "老年", "长者", "养老", "银发", "elderly", "pensioner", "retiree", "senior"),
    "people": ("居民", "市民", "村民", "游客", "志愿者", "观众", "人群", "群众", "乘客", "家长", "residents", "people",
               "visitors", "volunteers", "crowd", "audience", "passengers", "members", "neighbours", "neighbors",
               "community", "families", "parents", "tourists"),
    "person": ("摊主", "店主", "老板", "师傅", "工人", "manager", "owner", "worker", "staff", "chairman", "founder"),
    "building": ("小区", "楼栋", "大楼", "写字楼", "电梯", "老楼", "楼房", "楼层", "社区", "城市", "building",
                 "apartment", "flat", "estate", "office", "city", "town", "council"),
    "shop": ("夜市", "摊位", "商店", "店铺", "门店", "集市", "市场", "商户", "超市", "shop", "store", "market", "stall",
             "retail", "bakery", "cafe", "coop", "co-op"),
    "tree": ("公园", "树", "绿化", "森林", "花园", "park", "tree", "forest", "garden", "allotment"),
    "leaf": ("茶园", "茶叶", "农田", "蔬菜", "种植", "农业", "庄稼", "果园", "荔枝", "farm", "crop", "plant",
             "vegetable", "harvest", "orchard", "compost", "organic"),
    "waves": ("泳池", "游泳", "海边", "海浪", "swim", "swimming", "pool", "sea", "beach", "wave", "coast"),
    "drop": ("用水", "水费", "自来水", "水价", "节水", "供水", "water", "river", "flood", "drought"),
    "rain": ("下雨", "降雨", "暴雨", "雨", "rain", "rainfall", "storm", "shower"),
    "snow": ("下雪", "雪", "冬季", "冬天", "滑雪", "寒冷", "snow", "winter", "ski", "frost", "ice"),
    "sun": ("夏天", "夏季", "暑假", "阳光", "晴", "sun", "summer", "sunny", "heatwave", "solar"),
    "cloud": ("天气", "气象", "天气预报", "weather", "cloud", "weather forecast"),  # "the city forecast": a verb
    "thermometer": ("温度", "气温", "高温", "水温", "摄氏度", "℃", "temperature", "degrees", "heat", "cold"),
    "clock": ("小时", "分钟", "时间", "等待", "排队", "营业时间", "hour", "minute", "wait", "queue", "shift"),
    "calendar": ("日期", "日程", "周末", "每周", "月份", "节假日", "date", "calendar", "weekend", "schedule"),
    "money": ("元", "钱", "价格", "费用", "收入", "补贴", "成本", "预算", "工资", "票价", "涨价", "降价", "price",
              "cost",
              "fee", "income", "budget", "subsidy", "wage", "salary", "bill", "spend", "fund", "money", "profit",
              "£", "$", "€"),
    "chart": ("调查", "数据", "统计", "比例", "增长", "下降", "百分", "survey", "data", "percent", "rate", "growth",
              "statistics"),
    "car": ("汽车", "私家车", "停车", "车位", "出租车", "开车", "交通", "道路", "car", "traffic", "parking", "road",
            "drive", "driver", "taxi"),
    "bus": ("公交", "巴士", "大巴", "bus", "coach"),
    "bike": ("单车", "自行车", "骑行", "电动车", "电瓶车", "bike", "bicycle", "cycling", "cyclist", "e-bike"),
    "train": ("地铁", "高铁", "火车", "列车", "轨道", "train", "rail", "railway", "subway", "metro", "tram"),
    "plane": ("机场", "航班", "飞机", "航空", "airport", "flight", "plane", "airline"),
    "boat": ("渡轮", "轮渡", "码头", "船", "港口", "ferry", "boat", "ship", "port", "harbour", "harbor"),
    "school": ("学校", "学生", "课堂", "教育", "老师", "校园", "课程", "school", "student", "pupil", "teacher",
               "class", "education", "university", "college"),
    "health": ("医院", "诊所", "医生", "门诊", "急诊", "健康", "医疗", "护士", "患者", "病人", "hospital", "clinic",
               "doctor", "nurse", "patient", "health", "medical"),
    "phone": ("手机", "线上", "网上", "小程序", "扫码", "应用", "预约", "phone", "app", "online", "mobile",
              "smartphone", "website", "booking"),
    "heart": ("爱心", "关爱", "公益", "慈善", "义工", "care", "charity", "love", "kindness", "donation"),
    "food": ("食堂", "餐", "饭", "饭菜", "菜品", "菜单", "炒菜", "做菜", "美食", "小吃", "烧烤", "厨房", "饺子", "面条",
             "canteen", "meal", "food", "dish", "lunch", "dinner", "breakfast", "kitchen", "restaurant", "cook", "eat",
             "bread"),
    "cup": ("咖啡", "奶茶", "茶馆", "饮料", "coffee", "tea", "drink", "cafe"),
    "music": ("音乐", "乐队", "演出", "唱歌", "歌手", "music", "band", "concert", "song", "sing", "singer"),
    "film": ("电影", "放映", "影院", "影片", "film", "movie", "cinema", "screening"),
    "pin": ("位于", "地点", "街道", "老街", "街区", "片区", "location", "street", "district", "neighbourhood",
            "neighborhood", "avenue", "lane", "village"),
    "factory": ("工厂", "车间", "厂", "企业", "产业", "生产", "制造", "factory", "plant", "industry", "manufacturing",
                "production"),
    "bolt": ("充电", "电费", "用电", "电力", "电池", "能源", "charging", "charge", "electric", "electricity",
             "battery", "energy", "power"),
    "bin": ("垃圾", "回收", "厨余", "分类", "废弃", "waste", "rubbish", "garbage", "recycling", "recycle", "bin",
            "scraps", "landfill"),
    "star": ("奖", "冠军", "评选", "满意", "评分", "award", "prize", "winner", "rating", "best", "star"),
    "shield": ("安全", "保险", "保护", "监管", "safety", "safe", "security", "insurance", "protect"),
    "cart": ("购物", "消费", "顾客", "购买", "shopping", "shopper", "customer", "buy", "consumer", "purchase"),
    "fish": ("鱼", "渔", "海鲜", "生蚝", "fish", "fishing", "seafood", "oyster"),
    "tools": ("维修", "工具", "修理", "装修", "repair", "tool", "fix", "workshop", "maintenance"),
}


def _finder(term: str) -> re.Pattern[str]:
    if term.isascii() and term[:1].isalpha():
        # "plane trees", "lime trees", "palm tree": a word before "tree" names the tree, not a plane or a fruit
        return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])(?!\s+trees?\b)", re.IGNORECASE)
    return re.compile(re.escape(term))


_FINDERS = [(name, _finder(term)) for name, terms in TERMS.items() for term in terms]


# Pictograms of a kind of thing rather than a thing: a text's own thing (a band, a bowl) is the better picture.
GENERIC = frozenset({"calendar", "clock", "chart", "money", "pin", "people", "person", "building"})


def candidates(*texts: str, topic: str = "") -> list[str]:
    """Every pictogram `texts` name, best first: the first text's (the key phrase) before the next's (the
    narration), in each a thing before a kind of thing, then the earliest said. Words of the clip's `topic`
    (its title) come last: every shot of a night-market story says 夜市, and four shop signs in eleven shots
    said nothing about any of them."""
    ranked: list[str] = []
    for skip_topic in ((True, False) if topic else (False,)):
        for text in texts:
            hits = sorted((m.start(), -len(m.group()), name) for name, finder in _FINDERS
                          if (m := finder.search(text or "")) and not (skip_topic and finder.search(topic)))
            for _, _, name in [h for h in hits if h[2] not in GENERIC] + [h for h in hits if h[2] in GENERIC]:
                if name not in ranked:
                    ranked.append(name)
    return ranked


def opening_title(shot: Shot) -> bool:
    """The clip's opening title: its pictogram is the clip's topic itself."""
    return isinstance(shot.visual, TitleVisual) and shot.index == 0


def card_candidates(shot: Shot, title: str) -> list[str]:
    """Every pictogram a scene or title card's own words name, best first (see `candidates`): a title's text,
    subtitle and narration, a scene's key phrase and narration; `title`, the clip's, is the topic every card but
    the opening title names last. Other visuals have none."""
    v = shot.visual
    if isinstance(v, TitleVisual):
        return candidates(v.text, v.subtitle, shot.narration, topic="" if opening_title(shot) else title)
    if isinstance(v, SceneVisual):
        return candidates(shot.key_phrase, shot.narration, topic=title)
    return []


def icon_for(*texts: str, topic: str = "") -> str | None:
    """The best pictogram `texts` name (see `candidates`), or None."""
    return next(iter(candidates(*texts, topic=topic)), None)
