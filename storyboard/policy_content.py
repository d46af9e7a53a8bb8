"""Judgment (content): does a sentence report an EVENT, whatever words it uses? Found by its shape.

Events are an open list: a car "冲入人群", fighters who "took two villages", residents who "sat across
the road", a kitchen that "reused" leftover oil. No vocabulary of event words names them all, so the
sentence's shape is read instead:

- a casualty count: a number with a death or injury (四死十余伤, 十余人受伤, "two dead", "killing four"),
  or harm caused (造成…伤亡);
- authority acting on people: police, guards or soldiers carrying, detaining, removing someone
  (被警方带走, 被当场控制, "Police carried several of them away"), or closing a business down;
- people acting by force against people or property: driving into a crowd, setting fire to a
  building, taking villages, punching guards;
- a vehicle in a mishap, told without the accident's word: "the ferry went down", 大巴侧翻;
- people acting together against someone: sitting across a road, blocking gates, refusing to work;
- a practice that harms consumers, told as exposed: leftovers or expired goods reused, relabelled,
  resold (a health or safety claim);
- contamination: something harmful getting into what people drink, eat or use (petrol seeped into the
  aquifer, 污水渗入地下水, 在奶粉中检出…), or people told not to drink it (a health or safety claim);
- a recall without the word: owners told to stop using or unplug it, the company collecting it and
  offering refunds (a health or safety claim);
- money taken and the taker gone: deposits for work that never started, a firm found empty, 卷款跑路,
  公安机关已立案侦查 (an event).

Each returns the words that show it; empty when the sentence has no such shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- numbers

_ZH_NUM = r"(?:[0-9０-９]+|[一二两三四五六七八九十百千万几数]+)(?:余|多)?"
_EN_NUM = (r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
           r"fifty|a\s+dozen|dozens|scores|several|hundreds|thousands|many)")
_EN_AT_LEAST = r"(?:(?:at\s+least|more\s+than|over|about|nearly|almost|some)\s+)?"

# ---------------------------------------------------------------- a casualty count

_ZH_HARM = r"(?:死亡|遇难|身亡|丧生|罹难|受伤|伤亡|死伤|重伤|轻伤|失踪|失联|下落不明|被困|中毒|住院|送医|不治)"
# An injured knee or ankle is one person's injury (a player out for two weeks), not a casualty count.
_ZH_BODY = r"膝|踝|腿|脚|肩|腰|手臂|手腕|手指|手部|臂|肌|韧带|背部|颈|膀"
_ZH_COUNT = re.compile(
    rf"{_ZH_NUM}(?:名|个|位|人)(?:(?!{_ZH_BODY})[^，。！？、\s]){{0,6}}?{_ZH_HARM}"  # 十余人受伤, 3名工人受伤
    rf"|{_ZH_NUM}死(?:{_ZH_NUM}伤)"                                  # 四死十余伤
    rf"|(?:造成|致使|导致|致)[^。！？]{{0,12}}?(?:{_ZH_NUM}死(?:{_ZH_NUM}伤)?|{_ZH_HARM}(?!率))")  # 造成…伤亡, 致2死
_EN_HARM = (r"(?:dead|killed|injured|wounded|hurt|missing|hospitali[sz]ed|taken\s+to\s+hospital|unaccounted\s+for"
            r"|feared\s+dead|trapped)")
_EN_COUNT = re.compile(
    # two dead, 4 people were killed; killing four
    rf"(?<!\bno\s)(?<!\bnone\s)\b{_EN_AT_LEAST}{_EN_NUM}\s+(?:[a-z-]+\s+){{0,3}}?{_EN_HARM}\b"
    rf"|\b(?:killing|injuring|wounding)\s+{_EN_AT_LEAST}{_EN_NUM}\b",
    re.IGNORECASE)

# ---------------------------------------------------------------- authority acting on people

_ZH_AUTHORITY = r"(?:警方|警察|民警|特警|武警|执法人员|城管|保安|安保人员|士兵|军警)"
_ZH_ON_PEOPLE = (r"(?:带走|拘留|刑拘|按在|按倒|制服|抓获|逮捕|驱离|驱散|清场|拖走|拖离|拖上|拖进|拖出"
                 r"|抬走|抬上|押走|押上|塞进|铐上|拘押|羁押|殴打|控制住)")
_ZH_AUTHORITY_ACT = re.compile(
    rf"{_ZH_AUTHORITY}[^。！？]{{0,12}}?{_ZH_ON_PEOPLE}"
    rf"|被(?:警方|警察|民警|当场|依法|执法人员)?(?:带走|拘留|刑拘|刑事拘留|行政拘留|抓获|逮捕|制服|驱离|押走|抬走|拖走)"
    r"|被(?:警方|当场|依法|民警|警察)控制"
    r"|被(?:依法)?(?:责令|勒令)[^。，！？]{0,6}?(?:停业|关停|停产|整顿|关闭)|被查封|被立案(?:调查|侦查)")
_EN_AUTHORITY = (r"(?:police(?:men|women)?|officers?|troopers|guards|security(?:\s+guards|\s+staff)?|soldiers|troops"
                 r"|deputies|agents|riot\s+police|bailiffs|authorities)")
_EN_PERSON = (r"(?:them|him|her|people|protesters|demonstrators|residents|villagers|workers|students|strikers|"
              r"activists|journalists|reporters|a\s+(?:man|woman|boy|girl|driver|protester|worker|student)|"
              r"the\s+(?:man|woman|driver|suspect|protester|worker|student)s?|men|women|several|dozens|"
              rf"{_EN_NUM}\s+(?:\w+\s+)?(?:people|men|women|protesters|residents|workers|of\s+them))")
_EN_ON_PEOPLE = (r"(?:carried|carry|carrying|dragged|drag|dragging|detained|detain|arrested|arrest|removed|remove|"
                 r"hauled|handcuffed|pinned|tackled|led|took|pepper-sprayed|tasered|beat|clubbed|evicted|bundled|"
                 r"restrained|wrestled|pushed\s+back|forced)")
_EN_AUTHORITY_ACT = re.compile(
    rf"\b{_EN_AUTHORITY}\b[^.!?]{{0,40}}?\b{_EN_ON_PEOPLE}\s+(?:\w+\s+)?{_EN_PERSON}\b"
    r"|\b(?:was|were|been|being|got)\s+(?:\w+\s+)?(?:arrested|detained|handcuffed|taken\s+into\s+custody|"
    r"carried\s+away|dragged\s+away|led\s+away|bundled\s+into)\b"
    r"|\b(?:taken|led)\s+into\s+custody\b|\bunder\s+arrest\b"
    r"|\b(?:ordered|forced)\s+to\s+(?:close|shut)\b|\bshut\s+down\s+by\s+(?:inspectors|regulators|authorities)\b",
    re.IGNORECASE)

# ---------------------------------------------------------------- force against people or property

_ZH_FORCE = re.compile(
    r"(?:冲入|冲进|冲向|撞向|撞入|撞进|驶入|闯入|碾过|冲撞|开进)[^。，！？]{0,10}?(?:人群|行人|路人|人流|学生|顾客|市民|摊位)"
    r"|(?:纵火|放火|点燃|焚烧|烧毁|砸毁|砸烂|打砸|砸碎|捣毁|冲击|围攻|攻占|占领|夺取|攻入|洗劫|抢劫|劫持)了?"
    r"[^。，！？]{0,8}?(?:村|镇|城|县|楼|房|店|车|厂|政府|办公|警察|警车|民宅|仓库|学校|医院|商铺|据点|哨所|营地|机场|港口)"
    r"|(?:殴打|打伤|推倒|踢打|围殴|袭击)[^。，！？]{0,6}?(?:保安|警察|民警|工人|员工|记者|司机|乘客|路人|行人|村民|医生|护士|老师)")
_EN_FORCE = re.compile(
    r"\b(?:drove|driven|driving|ploughed|plowed|rammed|smashed|careered|barrel(?:l)?ed|sped|swerved)\s+(?:\w+\s+){0,2}?"
    r"(?:into|through)\s+(?:a\s+|the\s+)?(?:\w+\s+){0,2}?(?:crowds?|pedestrians|people|shoppers|protesters|marchers|"
    r"cyclists|market|café|cafe|storefront|school|queue|parade)\b"
    r"|\bset\s+fire\s+to\s+(?:a\s+|the\s+|two\s+|several\s+)?(?:\w+\s+)?(?:house|houses|homes?|cars?|vehicles?|buildings?|"
    r"shops?|stores?|office|offices|warehouse|school|mosque|church|temple|police\s+station|tents?|bus|buses)\b"
    r"|\b(?:took|taken|seized|captured|overran|overrun|stormed|occupied|took\s+control\s+of|seized\s+control\s+of)\s+"
    r"(?:the\s+|a\s+|two\s+|three\s+|several\s+|\d+\s+)?(?:\w+\s+)?(?:villages?|towns?|city|bases?|outposts?|checkpoints?|"
    r"positions|district|province|airport|airfield|port|parliament|capitol|compound|barracks)\b"
    r"|\b(?:punched|kicked|beat|beaten|assaulted|attacked|slapped|shoved|pelted|threw\s+\w+\s+at|hurled\s+\w+\s+at)\s+"
    r"(?:a\s+|an\s+|the\s+|two\s+|several\s+|\d+\s+)?(?:\w+\s+)?(?:guards?|officers?|police(?:man|men)?|workers?|"
    r"staff|drivers?|passengers?|journalists?|reporters?|nurses?|doctors?|protesters?)\b",
    re.IGNORECASE)

# A vehicle in a mishap, told without the accident's name ("the ferry went down", "大巴侧翻").
_ZH_VEHICLE = re.compile(
    r"(?:客船|渔船|货轮|轮船|游船|飞机|客机|直升机|大巴|客车|货车|卡车|列车|火车|轿车|面包车|校车|车辆)"
    r"[^。，！？]{0,8}?(?:翻覆|倾覆|沉没|侧翻|翻车|坠入|坠落|冲出|冲下|撞上|撞向|撞进|起火|失控|断裂|脱轨)")
_EN_VEHICLE = re.compile(
    r"\b(?:ferry|boat|ship|vessel|trawler|plane|jet|aircraft|helicopter|bus|coach|lorry|truck|tanker|train|car|van)"
    r"\s+(?:[\w,-]+\s+){0,4}?(?:went\s+down|came\s+down|went\s+under|went\s+off\s+the\s+road|left\s+the\s+road"
    r"|rolled\s+over|flipped\s+over|overturned|broke\s+apart|caught\s+fire|burst\s+into\s+flames|plunged"
    r"|slammed\s+into|careered\s+off|ran\s+into|(?:hit|struck)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:tree|wall|barrier"
    r"|truck|lorry|car|bus|pedestrians?|rocks?|reef|bridge|pylon|house|building|crowd))\b",
    re.IGNORECASE)

# ---------------------------------------------------------------- people acting together against someone

_ZH_COLLECTIVE = re.compile(
    r"堵路|拦路|封堵|围堵|静坐|绝食|罢工|罢课|罢市|停工抗议|集体(?:停工|罢工|停运|请愿|上访)"
    r"|(?:堵住|堵在|拦住|拦下|挡住)[^。，！？]{0,8}?(?:马路|道路|公路|路口|去路|大门|厂门|校门|入口|通道|车辆|卡车|货车|工地)"
    r"|坐在[^。，！？]{0,8}?(?:路上|路中|马路|公路|门口|大门|工地)"
    r"|拒绝(?:上班|复工|开工|工作|离开|撤离)"
    r"|聚集在[^。，！？]{0,10}?(?:门口|门前|楼下|大门|政府|厂区)")
_EN_GROUP = (r"\b(?:residents|villagers|workers|protesters|demonstrators|farmers|drivers|students|staff|employees|"
             r"members|hundreds|dozens|thousands|crowds?|locals|parents|activists|strikers|nurses|miners|dockers|"
             r"tenants|families)\b")
# A group told by its count, whatever it is called: "about three hundred pickers", "40 cleaners".
_UNITS = (r"(?:seconds|minutes|hours|days|nights|weeks|months|years|decades|times|miles|metres|meters|kilometres"
          r"|kilometers|feet|inches|pounds|dollars|euros|tonnes|tons|percent|points|goals|games|pages|steps|cups)")
_EN_COUNTED_GROUP = re.compile(rf"\b{_EN_AT_LEAST}{_EN_NUM}\s+(?:hundred\s+|thousand\s+)?(?:[a-z-]+\s+)?"
                               rf"(?!{_UNITS}\b)[a-z]+s\b", re.IGNORECASE)
_EN_COLLECTIVE = re.compile(
    r"\b(?:sat|sit|sitting|lay|lying|stood|standing|linked\s+arms|chained\s+themselves)\s+(?:down\s+)?"
    r"(?:across|in|on|at|to)\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}?(?:road|roads|street|highway|motorway|tracks|runway|"
    r"entrance|gates?|bridge|junction)\b"
    r"|\b(?:block|blocked|blocking|blockade|blockaded|blockading|barricaded|occupied|occupying)\s+(?:the\s+|a\s+)?"
    r"(?:\w+\s+){0,2}?(?:road|roads|street|highway|motorway|entrance|gates?|bridge|port|access|trucks|lorries|"
    r"depot|factory|site|office|offices|square|junction)\b"
    r"|\brefused\s+to\s+(?:work|leave|move|return\s+to\s+work|go\s+back)\b|\bdowned\s+tools\b|\bstopped\s+work\b"
    r"|\b(?:will\s+not|would\s+not|won't)\s+(?:go\s+back|return\s+to\s+work|resume(?:\s+work)?)\s+until\b"
    r"|\bwalked\s+out\b(?!\s+(?:to|of|onto|into|through|across|towards?|past|along|down|up|from|under|behind|in\s+(?:single\s+)?file|together|quietly|calmly|slowly)\b)"
    r"|\bwalked\s+off\s+the\s+job\b|\bwent\s+on\s+strike\b|\bstaged\s+a\s+(?:sit-in|walkout|strike|protest)\b|\bsit-in\b",
    re.IGNORECASE)

# ---------------------------------------------------------------- a practice that harms consumers, exposed

_ZH_EXPOSED = r"暗访|偷拍|卧底|曝光|被曝|调查发现|记者发现|举报|查获|执法人员发现"
_ZH_PRACTICE = re.compile(
    r"(?:再次|重新|反复|二次|重复)(?:使用|利用|销售|出售|包装|上桌|加工)|回收[^。，！？]{0,6}?(?:再|后)(?:用|卖|售)"
    r"|(?:篡改|更改|涂改|更换|重贴|改贴)[^。，！？]{0,6}?(?:日期|标签|保质期|包装)"
    r"|(?:过期|变质|发霉|腐烂|病死|吃剩|剩下)[^。！？]{0,12}?(?:销售|出售|使用|加工|做成|上桌|继续)"
    r"|以次充好|掺(?:入|杂|假|水)|注水肉|勾兑|地沟油|非法添加|违规添加|冒充")
_EN_EXPOSED = (r"\b(?:undercover|hidden\s+camera|secretly\s+filmed|investigation\s+found|investigators\s+found|"
               r"inspectors\s+found|whistleblowers?|exposed|exposé|leaked|reporters\s+found|caught)\b")
_EN_PRACTICE = re.compile(
    r"\b(?:reused|re-used|reusing|recycled|recycling|relabel(?:l)?ed|relabel(?:l)?ing|re-labelled|re-labeled|"
    r"repackaged|re-packaged|redated|re-dated|resold|re-sold|refrozen|re-frozen|passed\s+off|passing\s+off|"
    r"sold\s+as|watered\s+down|bulked\s+out|doctored"
    r"|(?:chang|alter|falsif|forg|swapp|replac|chang)\w*\s+(?:the\s+)?(?:use-by|sell-by|best-before|expiry|expiration)"
    r"\s+dates?)\b",
    re.IGNORECASE)
_EN_SPOILED = re.compile(r"\b(?:expired|out-of-date|out\s+of\s+date|leftovers?|left\s+over|used|spoiled|spoilt|rotten|"
                         r"sell-by|use-by|best-before|past\s+(?:its|their)|customers'|plates)\b", re.IGNORECASE)
_ZH_SPOILED = r"过期|变质|发霉|腐烂|病死|吃剩|剩油|剩菜|地沟油"
# Done by a business to what it sells (not leftovers reused at home, not recycled glass).
_BUSINESS = (r"门店|商家|餐馆|餐厅|饭店|超市|工厂|厂家|企业|品牌|后厨|员工|店员|顾客|摊贩|销售|出售|卖给"
             r"|\b(?:staff|restaurants?|shops?|stores?|supermarkets?|bakery|bakeries|factory|factories|kitchens|"
             r"company|firm|brand|chain|vendors?|sold|selling|sells|customers|diners|outlets?|branches)\b")
# Injuries in sport (a player out for the season) are not a casualty count.
_SPORT = re.compile(r"\b(?:players?|athletes?|riders?|runners?|squad|starters?|teammates?)\b"
                    r"|球员|运动员|队员|选手|后卫|前锋|门将", re.IGNORECASE)


# ---------------------------------------------------------------- contamination

# Something harmful getting into what people drink, eat or use, whatever the words: petrol that "seeped
# into the aquifer", 污水渗入地下水, melamine "found in the milk", 在奶粉中检出…; or a warning not to drink it.
_ZH_HARMFUL = (r"汽油|柴油|原油|石油|污水|废水|废液|化学品|化工|农药|重金属|铅|砷|汞|镉|苯|氰化物|细菌"
               r"|大肠杆菌|沙门氏菌|致病菌|病菌|霉菌|黄曲霉|三聚氰胺|瘦肉精|毒素|有毒|异物|碎片|工业|禁用|违禁|兽药|激素|添加剂|粉末")
_ZH_INTO = r"渗入|渗进|渗漏|渗到|流入|流进|排入|排进|混入|混进|进入|污染|检出|检测出|查出|超标|含有"
_ZH_CONSUMED = (r"地下水|水源|饮用水|自来水|水井|井水|水库|供水|水管|牛奶|奶粉|乳制品|婴儿|食品|面粉|大米"
                r"|食物|饮料|果汁|蔬菜|豆芽|肉|蛋|食堂|餐食|药品|化妆品|玩具")
_ZH_CONTAMINATION = re.compile(
    rf"(?:{_ZH_HARMFUL})[^。！？]{{0,12}}?(?:{_ZH_INTO})[^。！？]{{0,8}}?(?:{_ZH_CONSUMED})"
    rf"|(?:{_ZH_CONSUMED})[^。！？]{{0,10}}?(?:{_ZH_INTO})[^。！？]{{0,8}}?(?:{_ZH_HARMFUL})"
    r"|(?:停止|暂停|不要|不能|切勿|请勿)(?:饮用|食用|使用自来水)|暂停供水")
_EN_HARMFUL = (r"petrol|gasoline|diesel|fuel|crude|sewage|chemicals?|pesticides?|arsenic|mercury|cadmium|benzene"
               r"|cyanide|bleach|waste|effluent|slurry|toxins?|bacteria|e\.?\s?coli|salmonella|listeria|mou?ld|melamine"
               r"|metal\s+(?:fragments|shavings|pieces)|glass|plastic|nitrates?|PFAS|solvents?|ammonia|chlorine|lead")
_EN_INTO = (r"seep(?:s|ed|ing)?|leak(?:s|ed|ing)?|leach(?:es|ed|ing)?|spill(?:s|ed|ing)?|spilt|dump(?:s|ed|ing)?"
            r"|discharg(?:e|es|ed|ing)|flow(?:s|ed|ing)?|wash(?:es|ed|ing)?|got|gets|getting|entered|enter(?:s|ing)?"
            r"|found|detected|traces?\s+of|contaminat\w*|taint\w*|pollut\w*")
_EN_CONSUMED = (r"aquifer|groundwater|water\s+supply|supplies|wells?|taps?|tap\s+water|drinking\s+water|reservoir"
                r"|milk|formula|baby\s+food|flour|rice|bread|food|juice|meals?|sausages?|meat|eggs?|spices?|honey"
                r"|medicines?|cosmetics|toys")
_EN_CONTAMINATION = re.compile(
    rf"\b(?:{_EN_HARMFUL})\b[^.!?]{{0,120}}?\b(?:{_EN_INTO})\b[^.!?]{{0,40}}?\b(?:{_EN_CONSUMED})\b"
    rf"|\b(?:{_EN_CONSUMED})\b[^.!?]{{0,40}}?\b(?:contaminat\w*|taint\w*|pollut\w*|laced)\s+(?:with|by)\b"
    rf"|\b(?:found|detected|discovered)\s+(?:(?:traces|levels|pieces|fragments)\s+of\s+)?(?:[\w-]+\s+)?(?:{_EN_HARMFUL})\s+in\b"
    r"|\b(?:told|advised|urged|warned|asked)\s+(?:[\w,]+\s+){0,3}?not\s+to\s+(?:drink|eat|use|cook\s+with|feed)\b"
    r"|\bboil[- ]water\s+(?:notice|advisory|order)\b|\bdo\s+not\s+drink\b", re.IGNORECASE)


# ---------------------------------------------------------------- recalls and money taken

# A product taken back, told without the recall's word: owners told to stop using it, the company collecting
# it and offering refunds (a health or safety claim). "Taken off sale" alone is also how a model is retired.
_ZH_RECALL = re.compile(
    r"(?:通知|提醒|要求|告知|呼吁)[^。！？]{0,12}?(?:停止使用|立即停用|停用|不要使用|拔掉|拔下电源|退回|送回)"
    r"|(?:回收|收回)[^。！？]{0,10}?(?:退款|退货|更换)")
_EN_RECALL = re.compile(
    r"\b(?:told|advised|urged|warned|asked)\s+(?:[\w,]+\s+){0,3}?to\s+(?:stop\s+using|unplug|switch\s+off|return"
    r"|throw\s+away|bin|dispose\s+of)\b"
    r"|\b(?:collecting|taking\s+back|buying\s+back)\s+(?:[\w-]+\s+){0,4}?(?:and|to)\s+(?:offering|offer|give|giving)"
    r"\s+(?:full\s+)?refunds?\b", re.IGNORECASE)
# Money taken and the taker gone: deposits for work never started, a firm found empty, 卷款跑路.
_ZH_FRAUD = re.compile(
    r"(?:存款|押金|定金|订金|预付款|预付费|会费|投资款|积蓄|养老钱|货款|学费)[^。！？]{0,30}?"
    r"(?:突然关门|关门|跑路|卷款|人去楼空|失联|取不出|无法兑付|无法退还|拒不退还|爆雷)"
    r"|(?:卷款|携款)(?:跑路|潜逃|逃跑)|人去楼空|负责人(?:失联|跑路|下落不明)"
    r"|(?:公安机关|警方|公安局)[^。！？]{0,6}?(?:已|已经|依法)?立案(?:侦查|调查)")
_EN_FRAUD = re.compile(
    r"\b(?:paid|handed\s+over|lost|took|taken|collected)\s+(?:[\w£$€,.]+\s+){0,6}?(?:deposits?|savings|fees|upfront"
    r"|payments?)\b[^.!?]{0,80}?\bnever\s+(?:started|built|delivered|arrived|came|happened|began|repaid|returned)\b"
    r"|\b(?:firm|company|business|office|shop|yard|premises|director|owner|boss)(?:'s)?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:was\s+|were\s+|has\s+|had\s+)?(?:found\s+empty|vanished|disappeared|cannot\s+be\s+reached|stopped\s+answering"
    r"|closed\s+overnight|shut\s+overnight)", re.IGNORECASE)


# ---------------------------------------------------------------- someone missing, searched for

# A search for someone missing, told without a casualty word: "resumed its search", "did not return",
# "reported him overdue", "an empty kayak found drifting"; 搜救落水渔民, 失联的驴友, 至今未归.
_WHO = (r"(?:man|woman|men|women|boy|girl|child|children|teen(?:ager)?s?|hikers?|kayakers?|swimmers?|climbers?"
        r"|divers?|fisherm[ae]n|sailors?|skiers?|pilots?|crew|passengers?|students?|tourists?|person|people|he|she"
        r"|they|who)")
_EN_MISSING = re.compile(
    r"\b(?:resumed|resume|resumes|resuming|continued|suspended|called\s+off|scaled\s+back)\s+(?:its|the|their|a)\s+"
    r"(?:\w+\s+){0,2}?search\b"
    r"|\bsearch(?:es|ed|ing)?\s+(?:resumed?s?\s+|continues\s+|continued\s+)?for\s+(?:an?\s+|the\s+|two\s+|three\s+)?"
    r"(?:missing\s+|lost\s+|overdue\s+)?(?:[\w-]+\s+){0,2}?" + _WHO + r"\b"
    + r"|\b" + _WHO + r"\s+(?:was\s+|were\s+|had\s+been\s+)?last\s+seen\b"
    r"|\b(?:did\s+not|didn't|never|failed\s+to)\s+(?:return|come\s+back|make\s+it\s+(?:home|back))\b"
    r"|\breported\s+(?:him|her|them|the\s+\w+)\s+(?:missing|overdue)\b"
    r"|\b(?:empty|capsized|overturned|abandoned)\s+(?:[\w-]+\s+){0,2}?(?:kayak|canoe|boat|dinghy|raft|vessel)\s+"
    r"(?:was\s+|were\s+)?(?:found|spotted|seen|recovered|washed)\b",
    re.IGNORECASE)
_ZH_MISSING = re.compile(
    r"(?:搜救|搜寻|搜索|寻找|找寻)[^。！？]{0,12}?(?:失踪|失联|落水|走失|未归|被困|下落不明)"
    r"|(?:失踪|失联|落水|走失)的?[^。，！？]{0,4}?(?:男子|女子|游客|渔民|驴友|儿童|孩子|老人|学生|船员|乘客|登山者)"
    r"|(?:至今|一直|仍然|仍)(?:未归|没有回来|没回来|未返回)|未归(?![还档属类位队])"
    r"|(?:空船|空的?皮划艇|倾覆的?船只?)[^。！？]{0,8}?(?:被发现|漂|找到)")


# A clause that opens on a condition states what would happen, not what did: "遇到走失的孩子或突发不适的游客，工作人员
#可以在几分钟内赶到现场" (the demo's night markets) is a service, not a child reported missing.
_CONDITION = re.compile(r"(?:遇到|遇上|如遇|如果|假如|一旦|万一|若是|若有|倘若|防止|预防|以防|防范)[^，。；！？]*$"
                        r"|\b(?:if|in\s+case|should|whenever|unless|to\s+prevent)\b[^,.;!?]*$", re.IGNORECASE)


def missing_person(sentence: str) -> list[str]:
    """The words by which `sentence` tells of a search for someone missing (empty when it tells of none, or
    only of what would be done if someone went missing)."""
    found = []
    for pattern in (_EN_MISSING, _ZH_MISSING):
        for m in pattern.finditer(sentence):
            if not _CONDITION.search(sentence[max(0, m.start() - 40): m.start()] + m.group()[:2]):
                found.append(m.group().strip()[:24])
    return found


@dataclass(frozen=True)
class Content:
    """What a sentence's shape shows: an event's words, and a harmful practice's (a health or safety claim)."""

    event: tuple[str, ...] = ()
    practice: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.event or self.practice)


def _spans(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group().strip()[:24] for m in pattern.finditer(text)]


def content_shape(sentence: str) -> Content:
    """The event or harmful practice this sentence reports by its shape; empty when it reports none."""
    event = (_spans(_ZH_COUNT, sentence) + _spans(_EN_COUNT, sentence) + _spans(_ZH_AUTHORITY_ACT, sentence)
             + _spans(_EN_AUTHORITY_ACT, sentence) + _spans(_ZH_FORCE, sentence) + _spans(_EN_FORCE, sentence)
             + _spans(_ZH_COLLECTIVE, sentence) + _spans(_ZH_VEHICLE, sentence) + _spans(_EN_VEHICLE, sentence)
             + _spans(_ZH_FRAUD, sentence) + _spans(_EN_FRAUD, sentence) + missing_person(sentence))
    if (re.search(_EN_GROUP, sentence, re.IGNORECASE) or re.search(r"\b(?:they|we)\b", sentence, re.IGNORECASE)
            or _EN_COUNTED_GROUP.search(sentence)):
        event += _spans(_EN_COLLECTIVE, sentence)
    event = [w for w in event if not _SPORT.search(w)]
    practice = _spans(_ZH_PRACTICE, sentence) + _spans(_EN_PRACTICE, sentence)
    exposed = re.search(_ZH_EXPOSED, sentence) or re.search(_EN_EXPOSED, sentence, re.IGNORECASE)
    spoiled = re.search(_ZH_SPOILED, sentence) or _EN_SPOILED.search(sentence)
    business = re.search(_BUSINESS, sentence, re.IGNORECASE)
    if not (exposed or spoiled and business):
        practice = []
    practice += (_spans(_ZH_CONTAMINATION, sentence) + _spans(_EN_CONTAMINATION, sentence)
                 + _spans(_ZH_RECALL, sentence) + _spans(_EN_RECALL, sentence))
    return Content(tuple(dict.fromkeys(event)), tuple(dict.fromkeys(practice)))
