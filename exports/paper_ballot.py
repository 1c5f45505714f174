"""The blank individual 测评表: one person's paper ballot of a campaign, for those without
Telegram, as a PDF to print. The same questions in the chat's order (身份类别, the
organization's aspects, each member's criteria with 不了解此人, then 意见建议), a box per
rating, nothing that identifies the person.

Drawn with reportlab for exact geometry, so a later step can read the marks from a scan: a
15 mm margin left empty on every side, a black square in each corner of the printed area, a
small QR code on every page with the campaign, the copy and the page, and every box at a
place ``layout`` can tell again. Copies are numbered at random, never in the order they come
off the printer (an order could be matched to the order they were handed out)."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from evaluation.campaign_views import campaign_view
from evaluation.commitments import item_mark
from evaluation.periods import period_label
from evaluation.questionnaire import (
    RESPONDENT_CATEGORIES,
    Questionnaire,
    Rating,
    asks_about_commitments,
)
from evaluation.tally import GradingRule
from exports import linebreak
from exports.cells import typeset

PAGE_WIDTH, PAGE_HEIGHT = 210 * mm, 297 * mm
MARGIN = 15 * mm  # left empty on every side
CORNER = 5 * mm  # the black squares in the printed area's corners
QR_SIZE = 16 * mm
SIZE = 10.5  # points: the smallest text
TITLE_SIZE = 15
ROW = 6.6 * mm  # a question's row
BOX = 4 * mm  # a rating's box
# The table's columns: 评议对象, 评议内容, then one per rating.
SUBJECT_WIDTH, RATING_WIDTH = 33 * mm, 16 * mm
FONT = "pingyi-cjk"
INSTRUCTION = (
    "填写说明：请在每题选定的方框内打“√”，每题只选一项；对某项不了解的选「不了解」；"
    "对某位党员整体不了解的，勾选其姓名下的「不了解此人」，该党员各项不必再填。"
    "本表不记名，请勿填写姓名或其他能认出您的内容。"
)
OPINION_LINES = 4


@dataclass(frozen=True)
class Question:
    """A row of the table: ``subject`` is shown on a subject's first row only."""

    subject_index: int
    criterion_index: int
    subject: str
    criterion: str
    member: bool  # a member's first row carries 不了解此人
    promised: str = ""  # the 公开承诺 question: the subject's 承诺事项, as the chat shows them


@cache
def _font(path: str) -> str:
    pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
    return FONT


def copy_numbers(copies: int, chance: random.Random | None = None) -> list[int]:
    """``copies`` distinct six-digit numbers in random order."""
    chance = chance or random.SystemRandom()
    return chance.sample(range(100_000, 1_000_000), copies)


def qr_payload(campaign_id: int, copy: int, page: int, pages: int) -> str:
    return f"PINGYI:{campaign_id}:{copy}:{page}/{pages}"


def questions(questionnaire: Questionnaire) -> list[Question]:
    return [
        Question(
            q.subject_index,
            q.criterion_index,
            q.subject.display_name,
            typeset(q.criterion),
            q.subject.kind == "member",
            _promised(q.subject) if asks_about_commitments(q.criterion) else "",
        )
        for q in questionnaire.questions
    ]


def _promised(subject) -> str:
    """「承诺：①每月走访 4 户（未开始）②…」, as the chat lists them under the question."""
    if not subject.commitments:
        return ""
    items = "".join(
        f"{item_mark(n)}{typeset(text)}（{state}）"
        for n, (text, state) in enumerate(subject.commitments)
    )
    return f"承诺：{items}"


def campaign_ballots(
    campaign, rule: GradingRule, font_path: Path, copies: int, chance: random.Random | None = None
) -> tuple[bytes, int]:
    """``copies`` blank 测评表 of a campaign (``evaluation.paper.ballot_campaign``), and the
    pages of each."""
    questionnaire = campaign_view(campaign).questionnaire
    title = f"{questionnaire.organization} {period_label(campaign.period)}"
    return ballot_pdf(questionnaire, campaign.id, title, rule, font_path, copies, chance)


def ballot_pdf(
    questionnaire: Questionnaire,
    campaign_id: int,
    title: str,
    rule: GradingRule,
    font_path: Path,
    copies: int = 1,
    chance: random.Random | None = None,
) -> tuple[bytes, int]:
    """``copies`` blank 测评表 of a campaign, each on its own pages (two for a nine-member
    branch), in one PDF, and the pages of each. ``title``: the campaign as people call it
    (organization, period)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    canvas.setTitle(f"{title} 群众评议测评表")
    font = _font(str(font_path))
    pages = list(_paginate(questions(questionnaire), font))
    for copy in copy_numbers(copies, chance):
        for number, rows in enumerate(pages, start=1):
            sheet = _Page(canvas, font)
            sheet.frame(qr_payload(campaign_id, copy, number, len(pages)))
            sheet.heading(title, campaign_id, copy, number, len(pages))
            if number == 1:
                sheet.instructions(rule)
            sheet.table(rows)
            if number == len(pages):
                sheet.opinion()
            canvas.showPage()
    canvas.save()
    return out.getvalue(), len(pages)


# How much of a page the parts take, in points, for the pagination.
TOP = PAGE_HEIGHT - MARGIN
BOTTOM = MARGIN + CORNER + 3 * mm  # the table stops above the bottom corner squares
HEADING = 22 * mm
INSTRUCTIONS = 34 * mm  # the 填写说明, the rule and the 身份类别
TABLE_HEADER = 8 * mm
OPINION = 12 * mm + OPINION_LINES * 9 * mm


def _paginate(rows: list[Question], font: str) -> Iterator[list[Question]]:
    """The rows page by page, a subject's rows kept on one page; the 意见建议 lines on the
    last."""
    blocks: list[list[Question]] = []
    for row in rows:
        if row.criterion_index == 0:
            blocks.append([])
        blocks[-1].append(row)
    page: list[Question] = []
    room = TOP - BOTTOM - HEADING - INSTRUCTIONS - TABLE_HEADER
    for number, block in enumerate(blocks):
        height = sum(_row_height(row, font) for row in block)
        needed = height + (OPINION if number == len(blocks) - 1 else 0)
        if page and needed > room:
            yield page
            page, room = [], TOP - BOTTOM - HEADING - TABLE_HEADER
        page += block
        room -= height
    if room < OPINION:  # the last block fitted, the 意见建议 lines do not
        yield page
        page = []
    yield page


class _Page:
    def __init__(self, canvas: Canvas, font: str) -> None:
        self.canvas, self.font = canvas, font
        self.y = TOP

    def text(self, x: float, y: float, text: str, size: float = SIZE) -> None:
        self.canvas.setFont(self.font, size)
        self.canvas.drawString(x, y, text)

    def centred(self, y: float, text: str, size: float) -> None:
        self.canvas.setFont(self.font, size)
        self.canvas.drawCentredString(PAGE_WIDTH / 2, y, text)

    def paragraph(self, text: str, width: float, size: float = SIZE) -> None:
        """``text`` wrapped (避头尾) from the current height down."""
        measure = lambda token: pdfmetrics.stringWidth(token, self.font, size)  # noqa: E731
        for line in linebreak.lines(text, width, measure):
            self.y -= size * 1.45
            self.text(MARGIN, self.y, line, size)

    def frame(self, payload: str) -> None:
        """The corner squares and the page's QR code (top right, inside the squares)."""
        canvas = self.canvas
        canvas.setFillColorRGB(0, 0, 0)
        for x in (MARGIN, PAGE_WIDTH - MARGIN - CORNER):
            for y in (MARGIN, PAGE_HEIGHT - MARGIN - CORNER):
                canvas.rect(x, y, CORNER, CORNER, stroke=0, fill=1)
        code = segno.make(payload, error="m")
        matrix = code.matrix
        module = QR_SIZE / len(matrix)
        left = PAGE_WIDTH - MARGIN - CORNER - 2 * mm - QR_SIZE
        top = PAGE_HEIGHT - MARGIN
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    canvas.rect(left + c * module, top - (r + 1) * module, module, module, 0, 1)

    def heading(self, title: str, campaign_id: int, copy: int, page: int, pages: int) -> None:
        self.y = TOP - 8 * mm
        self.centred(self.y, f"{title} 群众评议测评表", TITLE_SIZE)
        self.y -= 7 * mm
        self.centred(self.y, f"评议编号 {campaign_id}　　第 {page} 页 共 {pages} 页", SIZE)
        self.text(MARGIN + CORNER + 2 * mm, TOP - 4 * mm, f"No. {copy}", SIZE)
        self.y = TOP - HEADING

    def instructions(self, rule: GradingRule) -> None:
        width = PAGE_WIDTH - 2 * MARGIN
        self.paragraph(INSTRUCTION, width)
        self.paragraph("评定规则：" + rule.describe(), width)
        self.y -= 3 * mm + SIZE
        x = MARGIN
        self.text(x, self.y, "您的身份：")
        x += pdfmetrics.stringWidth("您的身份：", self.font, SIZE) + 2 * mm
        for category in RESPONDENT_CATEGORIES:
            self._box(x, self.y - 0.8 * mm)
            x += BOX + 1.5 * mm
            self.text(x, self.y, category)
            x += pdfmetrics.stringWidth(category, self.font, SIZE) + 6 * mm
        self.y = TOP - HEADING - INSTRUCTIONS

    def table(self, rows: list[Question]) -> None:
        canvas = self.canvas
        right = PAGE_WIDTH - MARGIN
        ratings_left = right - RATING_WIDTH * len(Rating)
        criterion_left = MARGIN + SUBJECT_WIDTH
        header = self.y - TABLE_HEADER
        canvas.setLineWidth(0.6)
        canvas.rect(MARGIN, header, right - MARGIN, TABLE_HEADER)
        self.text(MARGIN + 2 * mm, header + 2.6 * mm, "评议对象")
        self.text(criterion_left + 2 * mm, header + 2.6 * mm, "评议内容")
        for n, rating in enumerate(Rating):
            left = ratings_left + n * RATING_WIDTH
            canvas.setFont(self.font, SIZE)
            canvas.drawCentredString(left + RATING_WIDTH / 2, header + 2.6 * mm, rating.label)
        self.y = header
        first = None
        for row in rows:
            top = self.y
            height = _row_height(row, self.font)
            self.y -= height
            if row.criterion_index == 0:
                first = top
                self._subject(row, top)
            canvas.line(criterion_left, self.y, right, self.y)
            lines = _criterion_lines(row, self.font)
            baseline = top - (height - len(lines) * LINE) / 2 - SIZE * 0.85
            for line in lines:
                self.text(criterion_left + 2 * mm, baseline, line)
                baseline -= LINE
            for n in range(len(Rating)):
                middle = ratings_left + n * RATING_WIDTH + RATING_WIDTH / 2
                self._box(middle - BOX / 2, self.y + (height - BOX) / 2)
            if _last_of_subject(rows, row):
                canvas.line(MARGIN, self.y, criterion_left, self.y)
                canvas.rect(MARGIN, self.y, right - MARGIN, first - self.y)
        for x in (criterion_left, *(ratings_left + n * RATING_WIDTH for n in range(len(Rating)))):
            canvas.line(x, self.y, x, header + TABLE_HEADER)

    def _subject(self, row: Question, top: float) -> None:
        """A subject's name atop its rows; a member's with 不了解此人 below it."""
        lines = linebreak.lines(
            row.subject,
            SUBJECT_WIDTH - 4 * mm,
            lambda token: pdfmetrics.stringWidth(token, self.font, SIZE),
        )
        y = top - 4.6 * mm
        for line in lines[:2]:
            self.text(MARGIN + 2 * mm, y, line)
            y -= SIZE * 1.3
        if row.member:
            self._box(MARGIN + 2 * mm, y - 1.2 * mm)
            self.text(MARGIN + 2 * mm + BOX + 1.2 * mm, y - 0.4 * mm, "不了解此人")

    def _box(self, x: float, y: float) -> None:
        self.canvas.setLineWidth(0.8)
        self.canvas.rect(x, y, BOX, BOX)

    def opinion(self) -> None:
        self.y -= 8 * mm
        self.text(MARGIN, self.y, "意见建议（可不填）：")
        for _ in range(OPINION_LINES):
            self.y -= 9 * mm
            self.canvas.line(MARGIN, self.y, PAGE_WIDTH - MARGIN, self.y)


def _last_of_subject(rows: list[Question], row: Question) -> bool:
    at = rows.index(row)
    return at == len(rows) - 1 or rows[at + 1].criterion_index == 0


LINE = SIZE * 1.3  # a wrapped criterion's line


def _criterion_lines(row: Question, font: str) -> list[str]:
    """The criterion, and under the 公开承诺 question the subject's 承诺事项, wrapped."""
    room = PAGE_WIDTH - 2 * MARGIN - SUBJECT_WIDTH - RATING_WIDTH * len(Rating) - 4 * mm
    text = f"{row.criterion}\n{row.promised}" if row.promised else row.criterion
    return linebreak.lines(text, room, lambda token: pdfmetrics.stringWidth(token, font, SIZE))


def _row_height(row: Question, font: str) -> float:
    """ROW, or taller for a criterion that wraps."""
    return max(ROW, len(_criterion_lines(row, font)) * LINE + 1.8 * mm)
