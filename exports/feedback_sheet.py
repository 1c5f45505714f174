"""The 反馈单 as a one-page A4 picture (150 dpi), drawn with Pillow and the CJK font: a
member's own results, or the organization's. Labels come through ``say`` (the reader's
language); names, criteria and comments are shown as they were written."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evaluation.feedback import Line, MemberFeedback, OrganizationFeedback, Remark
from evaluation.wording import N_
from exports.poster import DPI, HEIGHT, MARGIN, WIDTH, _png, _wrap

Say = Callable[[str], str]
TITLE = N_("民主评议结果反馈单")
ORGANIZATION_TITLE = N_("民主评议组织反馈单")
BELOW = N_("样本不足")


class _Page:
    """Top-down drawing that stops at the page's foot (a cut line ends with …)."""

    def __init__(self, font_path: Path) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.font_path = font_path
        self.y = MARGIN
        self.foot = HEIGHT - MARGIN - 60

    def font(self, size: int):
        return ImageFont.truetype(str(self.font_path), size)

    def text(self, text: str, size: int = 30, indent: int = 0, gap: float = 1.4) -> None:
        font = self.font(size)
        for line in _wrap(self.draw, text, font, WIDTH - 2 * MARGIN - indent):
            if self.y + size > self.foot:
                return
            self.draw.text((MARGIN + indent, self.y), line, font=font, fill="black")
            self.y += int(size * gap)

    def centered(self, text: str, size: int) -> None:
        font = self.font(size)
        width = self.draw.textlength(text, font=font)
        self.draw.text(((WIDTH - width) / 2, self.y), text, font=font, fill="black")
        self.y += int(size * 1.5)

    def rule(self) -> None:
        self.y += 8
        self.draw.line((MARGIN, self.y, WIDTH - MARGIN, self.y), fill="black", width=2)
        self.y += 18

    def table(self, rows: list[tuple[str, str, str]], widths: tuple[int, int, int]) -> None:
        font = self.font(26)
        x = MARGIN
        for row in rows:
            heights = []
            lines_per_cell = []
            for text, width in zip(row, widths, strict=True):
                lines = _wrap(self.draw, text, font, width - 16)
                lines_per_cell.append(lines)
                heights.append(len(lines))
            height = max(heights) * 34 + 12
            if self.y + height > self.foot:
                return
            left = x
            for lines, width in zip(lines_per_cell, widths, strict=True):
                self.draw.rectangle((left, self.y, left + width, self.y + height), outline="black")
                for n, line in enumerate(lines):
                    self.draw.text((left + 8, self.y + 6 + n * 34), line, font=font, fill="black")
                left += width
            self.y += height
        self.y += 16

    def footer(self, text: str) -> None:
        font = self.font(22)
        width = self.draw.textlength(text, font=font)
        self.draw.text(((WIDTH - width) / 2, HEIGHT - MARGIN), text, font=font, fill="black")


def _points(value: float | None, say: Say) -> str:
    return say(BELOW) if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _figures(page: _Page, heading: str, lines: tuple[Line, ...] | None, say: Say) -> None:
    page.text(heading, 32)
    if lines is None:
        page.text(say(N_("有效票不足，不显示分项数字（保护评议人匿名）。")), 26, indent=20)
        return
    rows = [(say(N_("评议内容")), say(N_("满意+基本满意率")), say(N_("得分")))]
    rows += [(line.criterion, _percent(line.approval), _points(line.score, say)) for line in lines]
    page.table(rows, (620, 220, 180))


def _remarks(page: _Page, remarks: tuple[Remark, ...], say: Say) -> None:
    page.text(say(N_("领导点评")), 32)
    if not remarks:
        page.text(say(N_("（无）")), 26, indent=20)
    for remark in remarks:
        page.text(remark.commenter, 28, indent=20)
        page.text(say(N_("优点：")) + (remark.strengths or ""), 26, indent=40)
        page.text(say(N_("需改进：")) + (remark.improvements or ""), 26, indent=40)


def member_png(feedback: MemberFeedback, period: str, font_path: Path, say: Say) -> bytes:
    """``period``: the campaign's period as the reader reads it."""
    page = _Page(font_path)
    page.centered(say(TITLE), 56)
    page.centered(f"{feedback.organization} {period}", 34)
    page.rule()
    page.text(say(N_("党员：")) + feedback.name, 40)
    final = say(feedback.final) if feedback.final else say(N_("未审定"))
    page.text(say(N_("审定等次：")) + final, 40)
    scores = say(N_("群众评分 {masses}，互评评分 {peer}，综合得分 {composite}")).format(
        masses=_points(feedback.masses_score, say),
        peer=_points(feedback.peer_score, say) if feedback.peer is not None else "—",
        composite=_points(feedback.composite, say),
    )
    if feedback.rank:
        scores += say(N_("（本组织 {count} 人中第 {rank} 名）")).format(
            count=feedback.members, rank=feedback.rank
        )
    page.text(scores, 28)
    page.rule()
    _figures(page, say(N_("群众评议")), feedback.masses, say)
    if feedback.peer is not None:
        _figures(page, say(N_("党员互评")), feedback.peer, say)
    _remarks(page, feedback.remarks, say)
    if feedback.open_items:
        page.text(say(N_("待整改事项")), 32)
        for item in feedback.open_items:
            state = say(item.status)
            if item.deadline:
                state += say(N_("，期限 {deadline}")).format(deadline=f"{item.deadline:%Y-%m-%d}")
            page.text(f"· {item.text}（{state}）", 26, indent=20)
    page.footer(say(N_("本反馈单只发给党员本人；请对照需改进之处认真整改。")))
    return _png(page.image, DPI)


def organization_png(
    feedback: OrganizationFeedback, period: str, font_path: Path, say: Say
) -> bytes:
    page = _Page(font_path)
    page.centered(say(ORGANIZATION_TITLE), 56)
    page.centered(f"{feedback.organization} {period}", 34)
    page.rule()
    grade = say(feedback.grade) if feedback.grade else say(BELOW)
    page.text(say(N_("群众评议等次：")) + grade, 40)
    page.text(say(N_("得分：")) + _points(feedback.score, say), 32)
    each = say(N_("{grade} {count} 人"))
    counts = "，".join(each.format(grade=say(g), count=n) for g, n in feedback.grades) or "—"
    page.text(say(N_("党员审定等次：")) + counts, 30)
    page.rule()
    _figures(page, say(N_("各方面评议")), feedback.aspects, say)
    _remarks(page, feedback.remarks, say)
    page.footer(say(N_("组织反馈单：请对照需改进之处制定整改措施。")))
    return _png(page.image, DPI)


def sheet_pdf(png: bytes) -> bytes:
    """A sheet's picture as a one-page A4 PDF, for printing (sent on request: the chat shows the
    picture as a photo)."""
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, format="PDF", resolution=DPI)
    return out.getvalue()
