"""Cells and page setup shared by the workbooks: bold and title cells, rates, typed text that
never becomes a formula, and the A4 page every sheet prints on."""

from __future__ import annotations

import re
from contextlib import contextmanager
from math import ceil

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.pagebreak import Break

from evaluation.questionnaire import Rating
from evaluation.tally import Counts
from exports.measure import (
    LINE_HEIGHT,
    POINTS_PER_WIDTH,
    broken,
    row_height,
    wrap,
)

# One family on every paper, bold and digits included: 微软雅黑 where the workbook is opened
# in Excel; printed here, exports/fonts.conf stands the server's CJK sans in for it.
FAMILY = "Microsoft YaHei"


def font(size: float = 11, bold: bool = False) -> Font:
    return Font(name=FAMILY, size=size, bold=bold)


REGULAR = font()
BOLD = font(bold=True)
TITLE = font(14, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
A4 = "9"  # the paperSize code of A4 in SpreadsheetML
# Every printed page: the sheet's name, and the page among the pages printed together (in
# LibreOffice the whole workbook; in Excel the sheet).
FOOTER = "第 &P 页 共 &N 页"


def new_workbook(write_only: bool = True) -> Workbook:
    """A workbook whose default font (every cell without its own) is the papers' family."""
    workbook = Workbook(write_only=write_only)
    workbook._fonts = IndexedList([REGULAR])
    workbook._named_styles["Normal"].font = REGULAR
    return workbook


A4_POINTS = (595.3, 841.9)  # portrait width, height
SIDE_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 0.5, 0.6, 0.7  # inches; header and footer 0.3
SMALLEST = 9.0  # points: no text prints smaller than this once the page is scaled
# The share of a page a sheet plans to fill, across and down: LibreOffice's own breaks come later.
ACROSS, PLANNED = 0.98, 0.95


def page_setup(
    sheet,
    widths: dict[str, float],
    title_rows: int,
    landscape: bool = False,
    size: float = 11,
    one_page: bool = False,
) -> None:
    """A4, the title rows repeated on every printed page and 「第 N 页 共 M 页」 at the foot.

    The sheet is fitted to its width: one page across, or, where that would print
    ``size``-point text below SMALLEST, as many pages across as keep it at SMALLEST or more
    (the caller repeats its key columns). Fitted, not a fixed scale: a program that measures
    columns with another font (LibreOffice without 微软雅黑 or fonts.conf, Excel) still prints
    the same pages across. The scale this printer will use is kept too, for the tables' page
    breaks. ``one_page``: a form fitted onto one page."""
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if one_page:
        sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
    else:
        room = printable(landscape)[0] * ACROSS
        needed = sum(widths.values()) * POINTS_PER_WIDTH
        smallest = SMALLEST / size
        across = max(1, ceil(needed * smallest / room))
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = across, 0
        sheet.page_setup.scale = min(100, int(across * room / needed * 100))
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.page_margins.left = sheet.page_margins.right = SIDE_MARGIN
    sheet.page_margins.top, sheet.page_margins.bottom = TOP_MARGIN, BOTTOM_MARGIN
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.center.text = FOOTER


def printable(landscape: bool) -> tuple[float, float]:
    """The printable width and height of an A4 page, in points."""
    width, height = reversed(A4_POINTS) if landscape else A4_POINTS
    return width - 2 * SIDE_MARGIN * 72, height - (TOP_MARGIN + BOTTOM_MARGIN) * 72


def page_width(sheet) -> float:
    """How many units of column width a printed page of ``sheet`` holds, at its scale."""
    return printable(_landscape(sheet))[0] * ACROSS / _scale(sheet) / POINTS_PER_WIDTH


def first_page_columns(sheet, widths: list[float]) -> int:
    """How many of ``widths``' columns the first printed page of ``sheet`` holds."""
    room, used = page_width(sheet), 0.0
    for number, width in enumerate(widths, start=1):
        used += width
        if used > room:
            return number - 1
    return len(widths)


def page_height(sheet) -> float:
    """How many points of rows a printed page of ``sheet`` holds, at its scale."""
    return printable(_landscape(sheet))[1] * PLANNED / _scale(sheet)


def _scale(sheet) -> float:
    return (sheet.page_setup.scale or 100) / 100


def _landscape(sheet) -> bool:
    return sheet.page_setup.orientation == "landscape"


_QUOTED = re.compile(r'"([^"\n]*)"')


def typeset(text: str) -> str:
    """Official text's quotes: 「"五个好"」 → 「“五个好”」."""
    return _QUOTED.sub(r"“\1”", text)


def columns(widths: list[float]) -> dict[str, float]:
    """Widths by column letter, from A."""
    return {get_column_letter(n): width for n, width in enumerate(widths, start=1)}


class Table:
    """A bordered table written row by row from ``first_row``: headers bold, centred and
    wrapped; numbers centred; text wrapped; every row as tall as its wrapped text needs
    (LibreOffice does not grow the rows of a written file). ``widths`` covers every column.

    The table keeps count of each printed page's rows, so that a ``block`` (a member's rows,
    a heading with what follows it) starts a new page when it would not fit on this one."""

    def __init__(
        self,
        sheet,
        widths: list[float],
        first_row: int,
        size: float | None = None,
        notes: tuple[int, int] | None = None,
    ) -> None:
        """``notes``: the first and last column a note spans (all of them unless the table
        prints over several pages across: then some of the first page's)."""
        self.sheet, self.widths, self.row = sheet, widths, first_row
        self.notes = notes or (1, len(widths))
        self.size = size  # points; None: the sheet's 11
        self.font = font(size) if size else None
        self.bold = font(size, bold=True) if size else BOLD
        self.heights = {n: _height(sheet, n) for n in range(1, first_row)}
        self.used = sum(self.heights.values())  # points of rows on the current page
        self.room = page_height(sheet)
        self._pending: list[tuple[list, float]] | None = None

    @contextmanager
    def block(self, continued: list | None = None):
        """Rows appended inside print on one page: a page break comes before them if they
        would not fit on this one (a block taller than a page starts a page and runs on).
        ``continued``: a row (values) that heads the new page when the block moves there, so a
        reader sees whose rows they are."""
        self._pending = []
        try:
            yield
        finally:
            rows, self._pending = self._pending, None
        if self._place(sum(height for _, height in rows)) and continued is not None:
            self.append(continued, strong=True)
        for cells, height in rows:
            self._write(cells, height)

    def header(self, headers, spans: list[float] | None = None) -> None:
        """``spans``: each header's width where it heads merged columns (the height follows
        them), else the column's own. A header too wide for its column breaks between words
        (after 「+」, before 「（」), never inside one."""
        spans = spans or self.widths
        headers = [
            broken(typeset(h), width, self.size or 11) if isinstance(h, str) else h
            for h, width in zip(headers, spans, strict=False)
        ]
        cells = [_styled(self.sheet, h, CENTRE, self.bold) for h in headers]
        self._append(cells, [h if isinstance(h, str) else None for h in headers], spans)

    def append(self, values, strong: bool = False) -> None:
        cells = []
        for value in values:
            if isinstance(value, Cell):
                value.border = BOX
                if value.alignment is None or not value.alignment.horizontal:
                    value.alignment = LEFT if isinstance(value.value, str) else CENTRE
                if strong or self.font:
                    value.font = self.bold if strong or value.font.b else self.font
                cells.append(value)
            else:
                align = LEFT if isinstance(value, str) and value not in NUMERIC_TEXT else CENTRE
                value = typeset(value) if isinstance(value, str) else value
                cells.append(_styled(self.sheet, value, align, self.bold if strong else self.font))
        texts = [c.value if isinstance(c.value, str) else None for c in cells]
        self._append(cells, texts)

    def note(self, text: str, bold_text: bool = False, alignment: Alignment = WRAP) -> None:
        """A line across the table's width (merged), wrapped."""
        first, last = self.notes
        row = self.row + self._queued
        self.sheet.merged_cells.add(
            f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
        )
        width = sum(self.widths[first - 1 : last])
        text = wrap(typeset(text), width, self.size or 11)
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.alignment = alignment
        if bold_text or self.font:
            cell.font = self.bold if bold_text else self.font
        self._add([None] * (first - 1) + [cell], row_height([(text, width)], self.size))

    def blank(self) -> None:
        self._add([], LINE_HEIGHT)

    def _append(self, cells, texts, widths: list[float] | None = None) -> None:
        widths = widths or self.widths
        self._add(cells, row_height(list(zip(texts, widths, strict=False)), self.size))

    @property
    def _queued(self) -> int:
        return len(self._pending) if self._pending is not None else 0

    def _add(self, cells: list, height: float) -> None:
        if self._pending is not None:
            self._pending.append((cells, height))
            return
        self._place(height)
        self._write(cells, height)

    def _place(self, height: float) -> bool:
        """Start a new page before ``height`` points of rows that would not fit on this one;
        whether it did."""
        titles = self._titles()
        if self.used + height > self.room and self.used > titles:
            self.sheet.row_breaks.append(Break(id=self.row - 1))
            self.used = titles
            return True
        return False

    def _titles(self) -> float:
        """Points of the title rows that every printed page repeats."""
        rows = self.sheet.print_title_rows  # "$1:$3"
        if not rows:
            return 0.0
        first, last = (int(end.strip("$")) for end in rows.split(":"))
        return sum(self.heights.get(n, LINE_HEIGHT) for n in range(first, last + 1))

    def wrote(self) -> None:
        """Count a one-line row the caller appended to the sheet itself (the fast way for
        thousands of rows): LibreOffice breaks the page where it fills."""
        if self.used + LINE_HEIGHT > self.room:
            self.used = self._titles()
        self.used += LINE_HEIGHT
        self.row += 1

    def _write(self, cells: list, height: float) -> None:
        self.sheet.row_dimensions[self.row].height = height
        self.sheet.append(cells)
        self.heights[self.row] = height
        self.used += height
        self.row += 1


def _height(sheet, row: int) -> float:
    dimension = sheet.row_dimensions.get(row)
    return (dimension.height if dimension is not None else None) or LINE_HEIGHT


# Text that stands for a number in a figure's column: centred like the numbers around it.
NUMERIC_TEXT = {"—", "是", "", "未填报"}


def centred(sheet, value, font: Font | None = None) -> WriteOnlyCell:
    cell = _number(sheet, value)
    cell.alignment = CENTRE
    if font is not None:
        cell.font = font
    return cell


def _number(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, float):  # a score: one decimal everywhere (87.0, not 87), as the 反馈单
        cell.number_format = SCORE_FORMAT
    return cell


def _styled(sheet, value, alignment: Alignment, font: Font | None) -> WriteOnlyCell:
    cell = _number(sheet, value)
    cell.border = BOX
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    return cell


def count_cells(sheet, name, criterion, counts: Counts) -> list:
    return [
        name,
        criterion,
        *(counts[r] for r in Rating),
        counts.valid,
        percent(sheet, counts.satisfied_rate),
        percent(sheet, counts.approval_rate),
    ]


def bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def title_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=typeset(value))
    cell.font = TITLE
    return cell


SCORE_FORMAT = "0.0"


def percent(sheet, rate: float | None):
    if rate is None:
        return "—"
    cell = WriteOnlyCell(sheet, value=rate)
    cell.number_format = "0.0%"
    return cell


def percent_or_blank(sheet, rate: float | None):
    return None if rate is None else percent(sheet, rate)


def text_cell(sheet, text: str) -> WriteOnlyCell:
    """Text someone typed, always a string cell: 「=…」 must never become a formula."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    cell.alignment = WRAP
    return cell
