"""storyboard.read: encodings, formats and every kind of bad input, on real files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import storyboard
from reelflow.errors import BadInput
from storyboard.reader import decode

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("name", "encoding", "phrase", "title"),
    [
        ("zh_article.md", "utf-8", "被遗忘的第五立面", "城市屋顶上的小菜园：钢筋森林里长出的绿色"),
        ("zh_gbk.txt", "gb18030", "张师傅的自行车修理铺已经开了整整三十年", "街角修车铺的三十年"),
        ("zh_big5.txt", "big5", "港邊的魚市場就已經燈火通明", "清晨的漁港市場"),
        ("zh_utf16.txt", "utf-16", "两百多棵银杏树在几场秋风之后一齐变黄", "秋日银杏大道"),
        ("zh_bom.md", "utf-8-sig", "每本旧书都在等它的下一个主人", "周末旧书市集"),
        ("zh_page.html", "utf-8", "幸福里社区的共享工具屋准时开门", "社区里的共享工具屋：一把电钻的第二种用法"),
    ],
)
def test_encodings_decode_to_the_expected_text(name: str, encoding: str, phrase: str, title: str) -> None:
    path = ARTICLES / name
    article = storyboard.read(path)
    assert article.encoding == encoding
    assert phrase in article.text
    assert article.title == title
    assert title not in article.paragraphs
    assert article.language == "zh"
    assert "\ufeff" not in article.text and "\x00" not in article.text
    assert article.source_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.source_path == str(path.resolve())


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("这是一个简短的中文句子。", "gb18030"),
        ("屋顶上的菜园长得很好，邻居们都来帮忙。", "gb18030"),
        ("這是一個簡短的中文句子。", "big5"),
        ("港邊的魚市場燈火通明，漁船陸續靠岸。", "big5"),
    ],
)
def test_short_chinese_texts_are_not_misdetected(text: str, encoding: str) -> None:
    """Short texts are where statistical detectors guess wrong; GB18030 vs Big5 must still be right."""
    decoded, name = decode(text.encode(encoding))
    assert (decoded, name) == (text, encoding)


def test_markdown_title_paragraphs_and_local_image() -> None:
    article = storyboard.read(ARTICLES / "zh_article.md")
    assert len(article.paragraphs) == 7
    assert article.paragraphs[0].startswith("清晨六点半")
    assert article.paragraphs[-1].endswith("可以亲手耕种的土地。")
    for junk in ("#", "![", "](", "garden.png"):
        assert junk not in article.text
    assert article.images == [str((ARTICLES / "garden.png").resolve())]
    assert Path(article.images[0]).is_absolute() and Path(article.images[0]).is_file()


def test_english_markdown_strips_syntax_and_detects_language() -> None:
    article = storyboard.read(ARTICLES / "en_article.md")
    assert article.language == "en"
    assert article.encoding == "utf-8"
    assert article.title == "Fixing Things Together: The Quiet Rise of the Repair Café"
    assert len(article.paragraphs) == 8
    assert "The event is a repair café, one of more than 2,500" in article.text
    assert "right to repair, which would require" in article.text
    assert "**" not in article.text and "example.org" not in article.text and "[" not in article.text
    assert article.images == []


def test_markdown_syntax_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "notes.markdown"
    path.write_text(
        "---\ntitle: \"Front Matter Title\"\ndate: 2024-05-01\n---\n\n"
        "# Heading After Front Matter\n\n"
        "Some *emphasised* and __strong__ text with a [link](https://example.com/x) and `code`,\n"
        "wrapped onto a second line.\n\n"
        "```python\nprint('this code is dropped')\n```\n\n"
        "- first list item about gardens\n"
        "- second list item about rooftops\n\n"
        "> A quoted line that stays.\n\n"
        "![remote](https://example.com/pic.png) ![missing](nothere.png)\n",
        encoding="utf-8",
    )
    article = storyboard.read(path)
    assert article.title == "Front Matter Title"
    assert article.paragraphs[0] == "Heading After Front Matter"
    assert article.paragraphs[1] == (
        "Some emphasised and strong text with a link and code, wrapped onto a second line."
    )
    assert article.paragraphs[2:] == [
        "first list item about gardens", "second list item about rooftops", "A quoted line that stays.",
    ]
    assert "print" not in article.text
    assert article.images == ["https://example.com/pic.png", "nothere.png"]


def test_markdown_without_heading_takes_first_line_or_stem(tmp_path: Path) -> None:
    path = tmp_path / "untitled.md"
    path.write_text("夜市的灯火\n\n傍晚六点，城北的老街口就热闹了起来，摊主们推着小车陆续到位。\n", encoding="utf-8")
    assert storyboard.read(path).title == "夜市的灯火"
    path.write_text("傍晚六点，城北的老街口就热闹了起来，摊主们推着小车陆续到位，支起折叠桌，挂上灯泡。" * 2, "utf-8")
    assert storyboard.read(path).title == "untitled"


def test_plain_text_paragraphs() -> None:
    article = storyboard.read(ARTICLES / "zh_gbk.txt")
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("在城西一条不起眼的老街上")
    assert article.images == []


def test_chinese_text_one_paragraph_per_line_and_hard_wraps(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text(
        "清晨的菜市场\n"
        "　　天刚亮，菜市场里就挤满了买菜的居民，摊主们忙着吆喝。\n"
        "　　卖豆腐的老李已经在这里守了二十年，他的豆腐每天\n"
        "不到八点就卖完了。\n",
        encoding="utf-8",
    )
    article = storyboard.read(path)
    assert article.title == "清晨的菜市场"
    assert article.paragraphs == [
        "天刚亮，菜市场里就挤满了买菜的居民，摊主们忙着吆喝。",
        "卖豆腐的老李已经在这里守了二十年，他的豆腐每天不到八点就卖完了。",
    ]


def test_html_main_text_without_page_furniture() -> None:
    article = storyboard.read(ARTICLES / "zh_page.html")
    assert article.title == "社区里的共享工具屋：一把电钻的第二种用法"
    assert len(article.paragraphs) == 6
    assert "让闲置的物品真正流动起来" in article.text
    for junk in ("财经频道", "本地新闻", "trackingCode", "gtag", "font-family", "限时特惠", "优惠券",
                 "热门推荐", "网红零食", "版权所有", "隐私政策", "ICP"):
        assert junk not in article.text, junk
    assert article.images == ["https://example.com/a.jpg"]


def test_html_example_page() -> None:
    article = storyboard.read(EXAMPLES / "zh_tea_harvest.html")
    assert article.title == "山间春茶开采：一片叶子的旅程"
    assert "只掐下最嫩的一芽一叶" in article.text
    for junk in ("下载客户端", "农业资讯", "满三百减五十", "网友评论", "茶农辛苦了", "相关阅读", "版权所有", "adSlots"):
        assert junk not in article.text, junk


def test_small_html_page_falls_back_to_the_body(tmp_path: Path) -> None:
    path = tmp_path / "tiny.htm"
    path.write_text(
        "<html><head><title>Tiny</title></head><body><p>A small page with just one paragraph of plain "
        "English text in it, nothing else.</p></body></html>",
        encoding="utf-8",
    )
    article = storyboard.read(path)
    assert article.language == "en"
    assert "A small page with just one paragraph" in article.text


def _bad(path: Path, *words: str, max_bytes: int = 5_000_000) -> str:
    with pytest.raises(BadInput) as info:
        storyboard.read(path, max_bytes=max_bytes)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


def test_bad_inputs_are_one_specific_line() -> None:
    _bad(ARTICLES / "empty.md", "empty")
    _bad(ARTICLES / "binary.txt", "binary")
    _bad(ARTICLES / "unknown.pdf", "extension", ".pdf", ".md", ".html")
    _bad(ARTICLES / "short.md", "too short")
    _bad(ARTICLES / "no_such_article.md", "not found")
    _bad(ARTICLES, "directory")
    _bad(ARTICLES / "zh_article.md", "too large", "MB", max_bytes=1000)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Big\n\n" + b"word " * 1_100_000)
    message = _bad(path, "too large", "MB")
    assert "5.5 MB" in message and "5 MB" in message


def test_whitespace_only_and_control_characters(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    _bad(blank, "empty")
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes(range(1, 9)) * 40 + "正文".encode())
    _bad(controls, "binary")


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes([0x80, 0xFF, 0x81, 0xFE, 0xC0, 0x20]) * 200)
    _bad(path, "encoding")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_text("# T\n\n" + "word " * 50, encoding="utf-8")
    path.chmod(0)
    _bad(path, "permission")


def test_a_missing_image_is_said_once_with_its_path(tmp_path, caplog) -> None:  # noqa: ANN001
    import logging

    from storyboard import read

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "there.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = ("# 夜市\n\n![封面](images/cover.png)\n\n夜市的灯笼亮起来了，人们从四面八方赶来。" * 1
            + "\n\n![摊位](images/there.png)\n\n" + "小吃摊前排起了长队，香气飘满整条街。" * 6)
    article = tmp_path / "night.md"
    article.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="storyboard.reader"):
        got = read(article)
    missing = str((tmp_path / "images" / "cover.png").resolve())
    assert got.missing_images == [missing]
    lines = [r.getMessage() for r in caplog.records if "not there" in r.getMessage()]
    assert len(lines) == 1 and missing in lines[0] and "night.md" in lines[0]
    assert str((tmp_path / "images" / "there.png").resolve()) in got.images
