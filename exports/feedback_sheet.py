"""The 反馈单 as A4 pictures (150 dpi), drawn with Pillow and the CJK font: a member's own
results, or the organization's. What does not fit flows onto the next page, each page numbered
「第 N 页 共 M 页」. Labels come through ``say`` (the reader's language); names, criteria and
comments are shown as they were written."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evaluation.feedback import Line, MemberFeedback, OrganizationFeedback, Remark
from evaluation.rectification import Item
from evaluation.tally import needs_rectification
from evaluation.wording import N_
from exports import linebreak
from exports.poster import DPI, HEIGHT, MARGIN, WIDTH, _png

Say = Callable[[str], str]
TITLE = N_("民主评议结果反馈单")
ORGANIZATION_TITLE = N_("民主评议组织反馈单")
BELOW = N_("样本不足")
PAGE_NUMBER = N_("第 {page} 页 共 {pages} 页")
CONTINUED = N_("{title}（续）　{name}　{period}")  # atop a page after the first
FOOT = HEIGHT - MARGIN - 70  # where a page's text ends: its footer lies below


class _Sheet:
    """Top-down drawing over as many pages as the text needs: a block that would cross a
    page's foot starts the next page, which opens with ``continued`` (whose sheet it is)."""

    def __init__(self, font_path: Path, continued: str) -> None:
        self.font_path = font_path
        self.continued = continued
        self.pages: list[Image.Image] = []
        self._new_page()

    def _new_page(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.pages.append(self.image)
        self.y = MARGIN
        if len(self.pages) > 1:
            self.draw.text((MARGIN, self.y), self.continued, font=self.font(24), fill="gray")
            self.y += 50

    def room(self, height: int) -> None:
        """Start a new page unless ``height`` pixels fit above this one's foot."""
        if self.y + height > FOOT and self.y > MARGIN + 50:
            self._new_page()

    def font(self, size: int):
        return _font(self.font_path, size)

    def _lines(self, text: str, font, width: int) -> list[str]:
        return linebreak.lines(text, width, lambda token: self.draw.textlength(token, font=font))

    def text(self, text: str, size: int = 30, indent: int = 0, gap: float = 1.4) -> None:
        """A paragraph; its lines flow onto the next page where this one ends."""
        font = self.font(size)
        for line in self._lines(text, font, WIDTH - 2 * MARGIN - indent):
            self.room(size)
            self.draw.text((MARGIN + indent, self.y), line, font=font, fill="black")
            self.y += int(size * gap)

    def heading(self, text: str, size: int = 32) -> None:
        """A section's heading, kept with at least three lines of what follows."""
        self.room(size * 5)
        self.text(text, size)

    def centered(self, text: str, size: int) -> None:
        self._line(text, size, lambda width: (WIDTH - width) / 2)

    def right(self, text: str, size: int = 30) -> None:
        self._line(text, size, lambda width: WIDTH - MARGIN - width)

    def _line(self, text: str, size: int, left: Callable[[float], float]) -> None:
        """One line at the height reached, ``left`` placing it by its width."""
        font = self.font(size)
        width = self.draw.textlength(text, font=font)
        self.draw.text((left(width), self.y), text, font=font, fill="black")
        self.y += int(size * 1.5)

    def rule(self) -> None:
        self.y += 8
        self.draw.line((MARGIN, self.y, WIDTH - MARGIN, self.y), fill="black", width=2)
        self.y += 18

    def table(self, rows: list[tuple[str, str, str]], widths: tuple[int, int, int]) -> None:
        """Bordered rows, each kept whole; the first (the header) repeated on a new page."""
        font = self.font(26)
        for number, row in enumerate(rows):
            cells = self._cells(row, font, widths)
            pages = len(self.pages)
            self.room(_height(cells))
            if number and len(self.pages) > pages:  # continued: the header again
                self._row(self._cells(rows[0], font, widths), widths, font)
            self._row(cells, widths, font)
        self.y += 16

    def _cells(self, row, font, widths) -> list[list[str]]:
        return [
            self._lines(text, font, width - 16) for text, width in zip(row, widths, strict=True)
        ]

    def _row(self, cells: list[list[str]], widths, font) -> None:
        height, left = _height(cells), MARGIN
        for lines, width in zip(cells, widths, strict=True):
            self.draw.rectangle((left, self.y, left + width, self.y + height), outline="black")
            for n, line in enumerate(lines):
                self.draw.text((left + 8, self.y + 6 + n * 34), line, font=font, fill="black")
            left += width
        self.y += height

    def finish(self, note: str, say: Say) -> list[bytes]:
        """Each page with its footer: ``note`` and 「第 N 页 共 M 页」."""
        font = self.font(22)
        total = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            draw = ImageDraw.Draw(page)
            for y, text in (
                (HEIGHT - MARGIN - 34, note),
                (HEIGHT - MARGIN, say(PAGE_NUMBER).format(page=number, pages=total)),
            ):
                width = draw.textlength(text, font=font)
                draw.text(((WIDTH - width) / 2, y), text, font=font, fill="black")
        return [_png(page, DPI) for page in self.pages]


@cache
def _font(path: Path, size: int):
    return ImageFont.truetype(str(path), size)


def _height(cells: list[list[str]]) -> int:
    return max(len(lines) for lines in cells) * 34 + 12


def _points(value: float | None, say: Say) -> str:
    return say(BELOW) if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"


def _figures(sheet: _Sheet, heading: str, lines: tuple[Line, ...] | None, say: Say) -> None:
    sheet.heading(heading)
    if lines is None:
        sheet.text(say(N_("有效票不足，不显示分项数字（保护评议人匿名）。")), 26, indent=20)
        return
    rows = [(say(N_("评议内容")), say(N_("满意+基本满意率")), say(N_("得分")))]
    rows += [(line.criterion, _percent(line.approval), _points(line.score, say)) for line in lines]
    sheet.table(rows, (620, 220, 180))


def _remarks(sheet: _Sheet, remarks: tuple[Remark, ...], say: Say) -> None:
    sheet.heading(say(N_("领导点评")))
    if not remarks:
        sheet.text(say(N_("（无）")), 26, indent=20)
    for remark in remarks:
        sheet.room(28 * 4)
        sheet.text(remark.commenter, 28, indent=20)
        sheet.text(say(N_("优点：")) + (remark.strengths or ""), 26, indent=40)
        sheet.text(say(N_("需改进：")) + (remark.improvements or ""), 26, indent=40)


def _item(item: Item, say: Say) -> str:
    state = say(item.status)
    if item.deadline:
        state += say(N_("，期限 {deadline}")).format(deadline=f"{item.deadline:%Y-%m-%d}")
    return f"· {item.text}（{state}）"


def _signed(sheet: _Sheet, organization: str, day: date | None, receipt: str) -> None:
    """落款 (the organization and the date, at the right), then the line to sign on receipt."""
    sheet.room(30 * 8)
    sheet.y += 30
    sheet.right(organization)
    sheet.right(_date(day))
    sheet.y += 30
    sheet.text(receipt, 30)


def member_pages(feedback: MemberFeedback, period: str, font_path: Path, say: Say) -> list[bytes]:
    """A member's 反馈单, page by page. ``period``: the campaign's period as the reader reads it."""
    title = say(TITLE)
    sheet = _Sheet(font_path, say(CONTINUED).format(title=title, name=feedback.name, period=period))
    sheet.centered(title, 56)
    sheet.centered(f"{feedback.organization} {period}", 34)
    sheet.rule()
    sheet.text(say(N_("党员：")) + feedback.name, 40)
    final = say(feedback.final) if feedback.final else say(N_("未审定"))
    sheet.text(say(N_("审定等次：")) + final, 40)
    if feedback.final and feedback.suggested and feedback.final != feedback.suggested:
        sheet.text(
            say(
                N_("按综合得分建议为「{suggested}」，支部审定为「{final}」。理由：{reason}")
            ).format(suggested=say(feedback.suggested), final=final, reason=feedback.reason or "—"),
            28,
        )
    masses = say(feedback.masses_grade) if feedback.masses_grade else say(BELOW)
    if feedback.masses_grade and needs_rectification(feedback.masses_grade):
        masses += say(N_("（需整改）"))
    sheet.text(say(N_("群众评议等次：")) + masses, 32)
    scores = say(N_("群众评分 {masses}，互评评分 {peer}，综合得分 {composite}")).format(
        masses=_points(feedback.masses_score, say),
        peer=_points(feedback.peer_score, say) if feedback.peer is not None else "—",
        composite=_points(feedback.composite, say),
    )
    if feedback.rank:
        scores += say(N_("（本组织 {count} 人中第 {rank} 名）")).format(
            count=feedback.members, rank=feedback.rank
        )
    sheet.text(scores, 28)
    sheet.rule()
    _figures(sheet, say(N_("群众评议")), feedback.masses, say)
    if feedback.peer is not None:
        _figures(sheet, say(N_("党员互评")), feedback.peer, say)
    _remarks(sheet, feedback.remarks, say)
    if feedback.open_items:
        sheet.heading(say(N_("待整改事项")))
        for item in feedback.open_items:
            sheet.text(_item(item, say), 26, indent=20)
    _signed(
        sheet,
        feedback.organization,
        feedback.day,
        say(N_("党员签收：________________　　签收日期：　　年　　月　　日")),
    )
    return sheet.finish(say(N_("本反馈单只发给党员本人；请对照需改进之处认真整改。")), say)


def organization_pages(
    feedback: OrganizationFeedback, period: str, font_path: Path, say: Say
) -> list[bytes]:
    title = say(ORGANIZATION_TITLE)
    continued = say(CONTINUED).format(title=title, name=feedback.organization, period=period)
    sheet = _Sheet(font_path, continued)
    sheet.centered(title, 56)
    sheet.centered(f"{feedback.organization} {period}", 34)
    sheet.rule()
    grade = say(feedback.grade) if feedback.grade else say(BELOW)
    if feedback.grade and needs_rectification(feedback.grade):
        grade += say(N_("（需整改）"))
    sheet.text(say(N_("群众评议等次：")) + grade, 40)
    sheet.text(say(N_("得分：")) + _points(feedback.score, say), 32)
    each = say(N_("{grade} {count} 人"))
    counts = "，".join(each.format(grade=say(g), count=n) for g, n in feedback.grades) or "—"
    sheet.text(say(N_("党员审定等次：")) + counts, 30)
    sheet.rule()
    _figures(sheet, say(N_("各方面评议")), feedback.aspects, say)
    _remarks(sheet, feedback.remarks, say)
    sheet.heading(say(N_("群众意见建议及整改情况")))
    if not feedback.items:
        sheet.text(say(N_("（本次评议没有收到意见建议）")), 26, indent=20)
    for number, item in enumerate(feedback.items, start=1):
        sheet.text(f"{number}. " + _item(item, say).removeprefix("· "), 26, indent=20)
    _signed(
        sheet,
        feedback.organization,
        feedback.day,
        say(N_("党组织负责人签收：________________　　签收日期：　　年　　月　　日")),
    )
    return sheet.finish(say(N_("组织反馈单：请对照需改进之处制定整改措施。")), say)


def sheet_pdf(pages: list[bytes]) -> bytes:
    """A sheet's pictures as an A4 PDF, a page each, for printing (sent on request: the chat
    shows the pictures as photos)."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return out.getvalue()


def member_pdfs(
    sheets: list[MemberFeedback], period: str, font_path: Path, say: Say
) -> list[tuple[str, bytes]]:
    """Members' 反馈单 for printing, a PDF each with its file name: the unbound members' sheets
    the organizers get in the chat and the command line writes to its ``--out`` folder."""
    return [
        (f"反馈单-{sheet.name}.pdf", sheet_pdf(member_pages(sheet, period, font_path, say)))
        for sheet in sheets
    ]
