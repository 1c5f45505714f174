"""Cells and page setup shared by the workbooks: bold and title cells, rates, typed text that
never becomes a formula, and the A4 page every sheet prints on."""

from __future__ import annotations

from math import ceil
from unicodedata import east_asian_width

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from evaluation.questionnaire import Rating
from evaluation.tally import Counts

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
A4 = "9"  # the paperSize code of A4 in SpreadsheetML


def page_setup(sheet, widths: dict[str, float], title_rows: int, landscape: bool = False) -> None:
    """A4, fitted to the page width, with the title rows repeated on every printed page."""
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{title_rows}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5


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
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = TITLE
    return cell


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


def fit_height(sheet, row: int, cells: list[tuple[str | None, float]]) -> None:
    """Give row ``row`` (not yet appended) the height its wrapped cells need: each cell as
    (text, column width). LibreOffice does not grow rows of a written file by itself."""
    lines = 1
    for text, width in cells:
        if text:
            lines = max(
                lines,
                sum(max(1, ceil(display_width(part) / width)) for part in text.split("\n")),
            )
    if lines > 1:
        sheet.row_dimensions[row].height = min(TALLEST_ROW, LINE_HEIGHT * lines)
