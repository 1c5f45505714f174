"""Cells and page setup shared by the workbooks: bold and title cells, rates, typed text that
never becomes a formula, and the A4 page every sheet prints on."""

from __future__ import annotations

import re
from math import ceil
from unicodedata import east_asian_width

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from evaluation.questionnaire import Rating
from evaluation.tally import Counts

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
A4 = "9"  # the paperSize code of A4 in SpreadsheetML
# Every printed page: the sheet's name, and the page among the pages printed together (in
# LibreOffice the whole workbook; in Excel the sheet).
FOOTER = "第 &P 页 共 &N 页"


def page_setup(sheet, widths: dict[str, float], title_rows: int, landscape: bool = False) -> None:
    """A4, fitted to the page width, with the title rows repeated on every printed page and
    「第 N 页 共 M 页」 at the foot."""
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.center.text = FOOTER


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
    (LibreOffice does not grow the rows of a written file). ``widths`` covers every column."""

    def __init__(
        self, sheet, widths: list[float], first_row: int, size: float | None = None
    ) -> None:
        self.sheet, self.widths, self.row = sheet, widths, first_row
        self.size = size  # points; None: the sheet's 11
        self.font = Font(size=size) if size else None
        self.bold = Font(bold=True, size=size) if size else BOLD

    def header(self, headers, spans: list[float] | None = None) -> None:
        """``spans``: each header's width where it heads merged columns (the height follows
        them), else the column's own."""
        headers = [typeset(h) if isinstance(h, str) else h for h in headers]
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
        last = get_column_letter(len(self.widths))
        self.sheet.merged_cells.add(f"A{self.row}:{last}{self.row}")
        cell = WriteOnlyCell(self.sheet, value=typeset(text))
        cell.alignment = alignment
        if bold_text or self.font:
            cell.font = self.bold if bold_text else self.font
        fit_height(self.sheet, self.row, [(text, sum(self.widths) * 0.95)], self.size)
        self.sheet.append([cell])
        self.row += 1

    def blank(self) -> None:
        self.sheet.append([])
        self.row += 1

    def _append(self, cells, texts, widths: list[float] | None = None) -> None:
        widths = widths or self.widths
        fit_height(self.sheet, self.row, list(zip(texts, widths, strict=False)), self.size)
        self.sheet.append(cells)
        self.row += 1


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


def wrapped(sheet, value):
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.alignment = WRAP
    return cell


def text_cell(sheet, text: str) -> WriteOnlyCell:
    """Text someone typed, always a string cell: 「=…」 must never become a formula."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    cell.alignment = WRAP
    return cell


LINE_HEIGHT = 15.0  # points per line of 11-point text
TALLEST_ROW = 409.0  # what Excel allows


def display_width(text: str) -> int:
    """How many character widths ``text`` takes: a CJK character counts double."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def fit_height(
    sheet, row: int, cells: list[tuple[str | None, float]], size: float | None = None
) -> None:
    """Give row ``row`` (not yet appended) the height its wrapped cells need: each cell as
    (text, column width in 11-point characters), in ``size``-point text. LibreOffice does not
    grow rows of a written file by itself."""
    scale = (size or 11) / 11
    lines = 1
    for text, width in cells:
        if text:
            usable = max(1.0, (width - 1) / scale)  # a cell's padding takes about one character
            lines = max(
                lines,
                sum(max(1, ceil(display_width(part) / usable)) for part in text.split("\n")),
            )
    if lines > 1 or scale > 1:
        sheet.row_dimensions[row].height = min(TALLEST_ROW, LINE_HEIGHT * scale * lines)
