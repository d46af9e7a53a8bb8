"""Read an article file (Markdown, plain text or HTML in any common Chinese or Unicode encoding).

Everything a user can get wrong about the file is caught here and reported as one `BadInput` line
that names the file, so later stages can assume clean text.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from pathlib import Path

from reelflow.errors import BadInput
from reelflow.models import Article
from storyboard.segment import EN_WORD, cjk_count, detect_language

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html"}
MIN_CJK = 20
MIN_WORDS = 8
TITLE_MAX = 60

# The most frequent Chinese characters in running text, in both scripts, plus common punctuation.
# A correct decoding of Chinese text is mostly made of these; a wrong one (GBK bytes read as Big5
# or the reverse) scatters over rare characters, which is how the two are told apart.
_COMMON_SIMPLIFIED = (
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家"
    "十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知使全文已明等现但外本"
    "关动由机部意最性问体并力理长因给正少实点月样向手几高开把已业路老间新想重社头气情相回意向打十西东北南通市场车工"
    "入四五六七八九百千万元两每些很次被再让做身位名期物平感水各山话加电表听叫第口结已真带走合内边员门研报建先美特"
    "色女男声品孩且需条利解改品格程完边代光记提认问运张李王刘陈杨赵黄周吴林城区街楼屋房园花树草菜茶吃喝买卖钱价收"
    "店铺街道居民社区服务活动工作生活时间今天早晚夜晨春夏秋冬风雨雪云阳月星河海湖江桥船鱼鸟虫蔬果米面饭汤油盐糖"
    "书读写字画歌音乐影视网络手机照片朋友邻居老师学生孩子父母爷奶姨叔哥姐弟妹客人顾游城乡村镇县省州"
    "变化发展经济文化历史传统技术设计研究数据环境保护安全健康教育医院学校公司市场消费产品制度政策管理规划建设项目"
    "来自更能够已经开始继续越近远快慢轻重热冷暖凉亮暗红黄绿蓝白黑旧新大小多少长短高低深浅"
)
_COMMON_TRADITIONAL = (
    "這為個們來說國會後對著裡過發當與學進種將還見沒從經時無麼現開實點樣動關機體問長給兩間電場業產頭應氣結員話義變"
    "愛聽親總難邊設運華書東車辦錢買賣陽風飛鳥魚門網號資議確認際條處燈晚報題聲隊讓幾試錯鐘輕讀寫決歲萬區雖隨傳嗎單"
    "歡樂層歷觀術識響雙擇園葉藝團費錄顏較續類漁場鎮鄉縣們區灣臺灣師孫爺媽鄰餐廳飯湯麵鹽糧價務員動勞況環境護"
    "數據濟發展傳統計劃規劃專業醫療教育經營農產態剛才張陳劉楊趙黃週吳漢語雲陰晴熱涼紅綠藍黑舊輕鬆"
)
_PUNCTUATION = "，。、！？：；“”‘’（）《》「」『』…—·"
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + _PUNCTUATION)

_CONTROL_BYTES = frozenset([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

log = logging.getLogger("storyboard.reader")


def read(path: str | Path, max_bytes: int = 5_000_000) -> Article:
    """Read, decode and clean one article file.

    Raises BadInput with a one-line, specific reason when the file cannot make a video.
    """
    p = Path(path).expanduser()
    data = _read_bytes(p, max_bytes)
    text, encoding = decode(data, p)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    if not text.strip():
        raise BadInput(p, "empty file (only whitespace)")
    kind = SUPPORTED[p.suffix.lower()]
    if kind == "markdown":
        title, paragraphs, placed = _parse_markdown(text, p)
    elif kind == "html":
        title, paragraphs, placed = _parse_html(text, p)
    else:
        title, paragraphs, placed = _parse_text(text, p)
    images, places = _placed_images(placed, len(paragraphs))
    body = "\n".join(paragraphs)
    language = detect_language(f"{title}\n{body}")
    _check_length(p, body, language)
    missing = _missing_images(images, p.parent)
    for path in missing:
        log.warning("%s refers to the image %s, which is not there; its shots are made without it.", p.name, path)
    return Article(
        source_path=str(p.resolve()),
        title=title,
        language=language,
        paragraphs=paragraphs,
        images=images,
        image_places=places,
        missing_images=missing,
        encoding=encoding,
        source_hash=hashlib.sha256(data).hexdigest(),
    )


# --- file checks -------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.3g} MB"


def _read_bytes(p: Path, max_bytes: int) -> bytes:
    """The raw bytes, after the checks that need no decoding (cheapest and most specific first)."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise BadInput(p, "file not found") from None
    except PermissionError:
        raise BadInput(p, "cannot be read: permission denied") from None
    except OSError as exc:
        raise BadInput(p, f"cannot be read: {exc.strerror or exc}") from None
    if p.is_dir():
        raise BadInput(p, "is a directory, not an article file")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        what = f"unknown extension '{p.suffix}'" if p.suffix else "no file extension"
        raise BadInput(p, f"{what}; supported: {', '.join(SUPPORTED)}")
    if st.st_size > max_bytes:
        raise BadInput(p, f"file is too large: {_mb(st.st_size)} (limit {_mb(max_bytes)})")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise BadInput(p, "cannot be read: permission denied") from None
    except OSError as exc:
        raise BadInput(p, f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise BadInput(p, "empty file")
    if len(data) > max_bytes:  # grew since stat
        raise BadInput(p, f"file is too large: {_mb(len(data))} (limit {_mb(max_bytes)})")
    return data


def _cjk_score(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese characters or punctuation."""
    chars = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not chars:
        return 0.0
    return sum(c in _COMMON for c in chars) / len(chars)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM: NULs in every other byte of ASCII characters, or (for pure
    Chinese text, which has no NULs) a decoding made of common Chinese characters."""
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if (zeros.count(0) / len(zeros) > 0.3 or _cjk_score(text) > 0.5) and not _binary_reason(text):
            return text, enc
    return None


def _binary_reason(text: str) -> str | None:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if controls > max(2, 0.01 * len(text)):
        return "binary file (control characters), not text"
    return None


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode article bytes and name the encoding used.

    Order matters: a BOM is certain; strict UTF-8 almost never succeeds by accident; GB18030 and
    Big5 both accept each other's bytes, so the one yielding more common Chinese characters wins;
    only then charset-normalizer, which mis-guesses short Chinese texts.
    """
    for bom, enc, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise BadInput(path, f"encoding cannot be detected: has a {name} byte-order mark "
                                     f"but is not valid {name}") from None
            if reason := _binary_reason(text):
                raise BadInput(path, reason)
            return text, name
    if b"\x00" in data:
        if found := _utf16_without_bom(data):
            return found
        raise BadInput(path, "binary file (contains NUL bytes), not text")
    if sum(b in _CONTROL_BYTES for b in data) > max(2, 0.01 * len(data)):
        if found := _utf16_without_bom(data):
            return found
        raise BadInput(path, "binary file (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for name, codecs_to_try in (("gb18030", ("gb18030",)), ("big5", ("big5", "cp950"))):
        for enc in codecs_to_try:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            score = _cjk_score(text)
            label = name if enc == name else enc
            if best is None or score > best[0]:
                best = (score, text, label)
            break
    if best is not None and best[0] >= 0.3:
        return best[1], best[2]
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise BadInput(path, "encoding cannot be detected (tried UTF-8, UTF-16, GB18030, Big5)")
    text = str(match)
    if reason := _binary_reason(text):
        raise BadInput(path, reason)
    return text, match.encoding.replace("_", "-")


def _check_length(p: Path, body: str, language: str) -> None:
    if language == "zh":
        n = cjk_count(body)
        if n < MIN_CJK:
            raise BadInput(p, f"too short to make a video: {n} Chinese characters of text (need at least {MIN_CJK})")
    else:
        n = len(EN_WORD.findall(body))
        if n < MIN_WORDS:
            raise BadInput(p, f"too short to make a video: {n} words of text (need at least {MIN_WORDS})")


# --- shared helpers ----------------------------------------------------------------------------

_CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WS = re.compile(r"[ \t\u00a0\u3000]+")
_SENTENCE_END = tuple("。！？!?…”」』")


def _join_lines(lines: list[str]) -> str:
    """Join soft-wrapped lines: no space between two Chinese characters, one space otherwise."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK_EDGE.match(out[-1]) and _CJK_EDGE.match(line[0])):
            out += " "
        out += line
    return _WS.sub(" ", out).strip()


def _resolve_image(src: str, base: Path) -> str:
    """Local images become absolute paths when the file exists; URLs and missing files stay as written."""
    src = src.strip()
    if not src or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", src):
        return src
    candidate = (base / src).resolve() if not Path(src).is_absolute() else Path(src)
    return str(candidate) if candidate.is_file() else src


def _missing_images(images: list[str], base: Path) -> list[str]:
    """Local image references (not URLs) whose file does not exist, as the paths that were looked for."""
    out = []
    for src in images:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", src) or Path(src).is_file():
            continue
        out.append(str((base / src).resolve() if not Path(src).is_absolute() else Path(src)))
    return out


# An image as found: its reference and the index of the paragraph it stands before (None: not known).
Placed = tuple[str, int | None]


def _placed_images(placed: list[Placed], paragraphs: int) -> tuple[list[str], list[int]]:
    """Each image once (first place kept), with where it stands; places not known are spread evenly over the
    text in the images' order, so that each is shown near the part of the article it most likely belongs to."""
    first: dict[str, int | None] = {}
    for src, place in placed:
        if src and src not in first:
            first[src] = place
    images = list(first)
    places = [min(max(0, place), max(0, paragraphs - 1)) if place is not None
              else int((k + 0.5) * paragraphs / len(images)) for k, place in enumerate(first.values())]
    return images, places


def _shifted(placed: list[Placed], dropped: int) -> list[Placed]:
    """The places after the first `dropped` paragraphs were taken off (a first paragraph that was the title)."""
    return [(src, None if place is None else max(0, place - dropped)) for src, place in placed]


def _split_title(blocks: list[list[str]], stem: str) -> tuple[str, list[list[str]]]:
    """Plain-text rule: a short first line followed by a blank line or more text is the title, unless it
    ends like a sentence and the paragraph runs on below it (then it is the article's first line)."""
    if not blocks or not blocks[0]:
        return stem, blocks
    first = blocks[0][0].strip()
    rest_of_block = blocks[0][1:]
    more = bool(rest_of_block) or len(blocks) > 1
    looks_like_sentence = bool(rest_of_block) and first.endswith(_SENTENCE_END + (".",))
    if len(first) <= TITLE_MAX and more and not looks_like_sentence:
        remaining = ([rest_of_block] if rest_of_block else []) + blocks[1:]
        return first, remaining
    return stem, blocks


# --- plain text --------------------------------------------------------------------------------


def _text_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        line = line.strip(" \t\u3000\u00a0")
        if not line:
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


def _parse_text(text: str, p: Path) -> tuple[str, list[str], list[Placed]]:
    """Paragraphs are blank-line separated blocks; a Chinese line that ends a sentence ends a paragraph
    too, since Chinese .txt files usually put one paragraph per line with no blank line between."""
    title, blocks = _split_title(_text_blocks(text), p.stem)
    paragraphs: list[str] = []
    for block in blocks:
        pending: list[str] = []
        for line in block:
            pending.append(line)
            if line.endswith(_SENTENCE_END) and _CJK_EDGE.search(line):
                paragraphs.append(_join_lines(pending))
                pending = []
        if pending:
            paragraphs.append(_join_lines(pending))
    return title, [x for x in paragraphs if x], []


# --- Markdown ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT_H1 = re.compile(r"^\s{0,3}=+\s*$")
_SETEXT_H2 = re.compile(r"^\s{0,3}-+\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*[\"')])?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)
_INLINE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),  # reference-style images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(?:https?|mailto):[^>]+>"), ""),
    (re.compile(r"https?://\S+"), ""),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<!\*)\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?!\*)"), r"\1"),
    (re.compile(r"(?<![A-Za-z0-9_])_(?=\S)([^_]+?)(?<=\S)_(?![A-Za-z0-9_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
]


def _strip_inline(line: str, images: list[str]) -> str:
    """Markdown inline syntax to plain text; image sources are collected, not narrated."""
    line = _IMAGE.sub(lambda m: images.append(m.group(2)) or "", line)  # type: ignore[func-returns-value]
    line = _HTML_IMG.sub(lambda m: images.append(m.group(1)) or "", line)  # type: ignore[func-returns-value]
    for pattern, repl in _INLINE_RULES:
        line = pattern.sub(repl, line)
    return line.strip()


def _front_matter(text: str) -> tuple[str | None, str]:
    """A YAML (---) or TOML (+++) header: its `title`, and the text after it."""
    m = re.match(r"^(---|\+\+\+)[ \t]*\n(.*?)\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|$)", text, re.DOTALL)
    if not m:
        return None, text
    title = None
    for line in m.group(2).split("\n"):
        t = re.match(r"^title\s*[:=]\s*(.+?)\s*$", line)
        if t:
            title = t.group(1).strip().strip("\"'").strip() or None
            break
    return title, text[m.end():]


def _parse_markdown(text: str, p: Path) -> tuple[str, list[str], list[Placed]]:
    fm_title, text = _front_matter(text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    h1: str | None = None
    images: list[str] = []  # the title's, then each paragraph's as it is cleaned
    blocks: list[list[str]] = []
    cur: list[str] = []
    fence: str | None = None

    def flush() -> None:
        nonlocal cur
        if cur:
            blocks.append(cur)
        cur = []

    for raw in text.split("\n"):
        line = raw.rstrip()
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            continue
        if fm:
            flush()
            fence = fm.group(1)
            continue
        stripped = line.strip(" \t\u3000")
        if not stripped:
            flush()
            continue
        if (_SETEXT_H1.match(line) or _SETEXT_H2.match(line)) and len(cur) == 1:
            heading = cur.pop()
            if _SETEXT_H1.match(line) and h1 is None and fm_title is None:
                h1 = _strip_inline(heading, images)
            elif _strip_inline(heading, []) != fm_title:
                blocks.append([heading])
            continue
        if _HR.match(line) or _TABLE_SEP.match(line) or _REF_DEF.match(line):
            flush()
            continue
        if m := _ATX.match(line):
            flush()
            heading = m.group(2).strip()
            if len(m.group(1)) == 1 and h1 is None and fm_title is None:
                h1 = _strip_inline(heading, images)
            elif heading and _strip_inline(heading, []) != fm_title:  # a heading repeating the title is dropped
                blocks.append([heading])
            continue
        if stripped.startswith("|"):  # a table row: its cells as one line
            flush()
            blocks.append([" ".join(c.strip() for c in stripped.strip("|").split("|") if c.strip())])
            continue
        stripped = _QUOTE.sub("", stripped)
        if m := _LIST.match(stripped):
            flush()
            stripped = m.group(1)
        cur.append(stripped)
    flush()

    base = p.resolve().parent
    placed: list[Placed] = [(_resolve_image(s, base), 0) for s in images]
    paragraphs: list[str] = []
    for block in blocks:
        found: list[str] = []
        para = _join_lines([_strip_inline(x, found) for x in block])
        placed += [(_resolve_image(s, base), len(paragraphs)) for s in found]
        if para:
            paragraphs.append(para)
    title = fm_title or h1
    if not title:
        title, rest = _split_title([[x] for x in paragraphs], p.stem)
        placed = _shifted(placed, len(paragraphs) - len(rest))
        paragraphs = [b[0] for b in rest]
    return title, paragraphs, placed


# --- HTML --------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "head", "item", "quote", "cell", "code"}
_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template",
              "svg", "button", "select")


def _parse_html(html: str, p: Path) -> tuple[str, list[str], list[Placed]]:
    """Main text by trafilatura (which drops navigation, ads and footers); lxml on <article>/<main>/<body>
    when trafilatura finds nothing in a small page."""
    import trafilatura
    from lxml import etree

    title = ""
    paragraphs: list[str] = []
    placed: list[Placed] = []
    # lxml refuses str input that carries an XML encoding declaration; the text is already decoded.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    # Precision mode keeps menus and banners out of small pages; plain mode is the second try.
    xml = None
    for precise in (True, False):
        xml = trafilatura.extract(
            html, output_format="xml", include_images=True, include_tables=True, include_comments=False,
            include_links=False, with_metadata=True, deduplicate=False, favor_precision=precise,
        )
        if xml:
            break
    if xml:
        root = etree.fromstring(xml.encode("utf-8"))
        title = (root.get("title") or "").strip()
        main = root.find("main")
        for el in (main if main is not None else root).iter():
            if el.tag == "graphic" and el.get("src"):
                placed.append((el.get("src", ""), len(paragraphs)))
            elif el.tag in _BLOCK_TAGS and not any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
                text = _join_lines("".join(el.itertext()).split("\n"))
                if text:
                    paragraphs.append(text)
    if not paragraphs:
        title_fb, paragraphs, images = _html_fallback(html)
        placed = [(src, None) for src in images]  # lxml's fallback does not say where they stand
        title = title or title_fb
    if not title:
        meta = trafilatura.extract_metadata(html)
        title = (meta.title or "").strip() if meta else ""
    if paragraphs and title and paragraphs[0].strip() == title:
        paragraphs, placed = paragraphs[1:], _shifted(placed, 1)
    if not title:
        title, rest = _split_title([[x] for x in paragraphs], p.stem)
        placed = _shifted(placed, len(paragraphs) - len(rest))
        paragraphs = [b[0] for b in rest]
    base = p.resolve().parent
    return title, paragraphs, [(_resolve_image(src, base), place) for src, place in placed]


def _html_fallback(html: str) -> tuple[str, list[str], list[str]]:
    """The text of <article>, else <main>, else <body>, without page furniture."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types for junk input; there is nothing to extract then
        return "", [], []
    for el in doc.xpath("//" + " | //".join(_HTML_DROP)):
        el.drop_tree()
    found = doc.xpath("//article") or doc.xpath("//main") or doc.xpath("//body") or [doc]
    root = found[0]
    h1 = root.xpath(".//h1") or doc.xpath("//h1")
    title = h1[0].text_content().strip() if h1 else (doc.findtext(".//title") or "").strip()
    images = [str(s) for s in root.xpath(".//img/@src")]
    blocks = root.xpath(".//p | .//li | .//blockquote | .//h2 | .//h3 | .//h4 | .//td")
    texts = [_join_lines(b.text_content().split("\n")) for b in blocks] or [
        _join_lines(root.text_content().split("\n"))
    ]
    paragraphs = [t for t in texts if t and t != title]
    return title, paragraphs, images
