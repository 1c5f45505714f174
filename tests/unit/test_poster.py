import io

import pdfplumber
import pytest
from PIL import Image, ImageDraw, ImageFont

from exports import poster


def test_a_long_name_wraps_inside_the_margins_and_the_page_is_a4():
    font_path = poster.find_font()
    name = "中共某某市某某区某某街道某某社区某某小区第一党支部委员会联合党支部"
    png = poster.poster_png(
        name, "2026年第四季度", "2026年12月9日", "https://t.me/x?start=y", font_path
    )
    image = Image.open(io.BytesIO(png))
    assert image.size == (1240, 1754) and round(image.info["dpi"][0]) == 150
    font = ImageFont.truetype(str(font_path), 76)
    draw = ImageDraw.Draw(image)
    lines = poster._wrap(draw, name, font, poster.WIDTH - 2 * poster.MARGIN)
    assert len(lines) > 1 and "".join(lines) == name
    assert all(
        draw.textlength(line, font=font) <= poster.WIDTH - 2 * poster.MARGIN for line in lines
    )


def test_without_a_cjk_font_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(poster, "FONT_CANDIDATES", (str(tmp_path / "none.ttc"),))
    with pytest.raises(poster.PosterError, match="fonts-wqy-microhei"):
        poster.find_font(str(tmp_path / "missing.ttf"))


def test_line_breaks_keep_dates_figures_and_closing_punctuation_whole():
    from exports.linebreak import lines

    def one_each(token: str) -> float:  # every piece one unit wide
        return 1

    text = "整改中，期限 2026-12-31，满意率 50%。"
    broken = lines(text, 5, one_each)
    assert "".join(broken) == text
    assert any("2026-12-31" in line for line in broken) and any("50%" in line for line in broken)
    assert not any(line[:1] in "。，、；：！？」）》”)%" for line in broken)
    assert not any(line[-1:] in "（「《“(" for line in lines("办事（大厅）「中午」", 2, one_each))


def test_a_long_feedback_sheet_flows_onto_numbered_pages_and_drops_nothing(monkeypatch):
    """7 criteria in each table, 3 commenters and 2 open 整改 items: two pages, and every
    piece drawn, the dates whole; each page numbered 「第 N 页 共 M 页」."""
    from datetime import date

    from evaluation.feedback import Line, MemberFeedback, Remark
    from evaluation.rectification import Item
    from exports.feedback_sheet import member_pages, sheet_pdf

    drawn: list[str] = []
    text = ImageDraw.ImageDraw.text

    def record(self, xy, line, *args, **kwargs):
        drawn.append(line)
        return text(self, xy, line, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", record)
    lines = tuple(Line(f"第{n}项：是否积极参加创先争优活动并取得实效", 0.9, 85.0) for n in range(7))
    items = tuple(
        Item(
            "A1",
            1,
            "c",
            "党支部",
            "2026Q4",
            f"第{n}条：公示栏的字太小，老人看不清，请更换为大字版",
            "整改中",
            "王建国",
            date(2026, 12, 31),
            None,
            False,
        )
        for n in (1, 2)
    )
    remarks = tuple(
        Remark(f"刘书记{n}（上级党委副书记）", "工作扎实。" * 12, f"第{n}位：联系群众不够。" * 6)
        for n in (1, 2, 3)
    )
    sheet = MemberFeedback(
        "林业公安第一党支部",
        "2026Q4",
        "李秀英",
        lines,
        lines,
        80.0,
        85.0,
        82.0,
        2,
        9,
        "优秀",
        remarks,
        items,
        "不满意",
        "合格",
        "带领完成专项行动",
        date(2026, 12, 3),
    )
    pages = member_pages(sheet, "2026年第四季度", poster.find_font(), lambda s: s)
    assert len(pages) == 2
    joined = "".join(drawn)
    for piece in (
        "第6项",
        "刘书记3",
        "第3位：联系群众不够。",
        "第2条",
        "党员签收",
        "2026年12月3日",
    ):
        assert piece in joined, piece
    assert sum("2026-12-31" in line for line in drawn) == 2  # never 「2」 / 「026-12-31」
    assert "不满意（需整改）" in joined and "理由：带领完成专项行动" in joined
    assert "第 1 页 共 2 页" in drawn and "第 2 页 共 2 页" in drawn
    with pdfplumber.open(io.BytesIO(sheet_pdf(pages))) as printable:  # A4, a page each
        assert [(round(p.width), round(p.height)) for p in printable.pages] == [(595, 842)] * 2
