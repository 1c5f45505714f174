"""The paper tally sheet of a campaign: written blank for the organizer, read back filled."""

from __future__ import annotations

from math import ceil
from pathlib import Path
from typing import BinaryIO

from openpyxl.styles import Alignment

from evaluation.paper import (
    BALLOTS_ROW,
    CAMPAIGN_ROW,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    LABEL_ROW,
    ORGANIZATION_ROW,
    PERIOD_ROW,
    Rows,
)
from evaluation.paper import (
    TITLE as SHEET_TITLE,
)
from exports.cells import BOLD, BOX, CENTRE, LEFT, TITLE, columns, new_workbook, page_setup
from exports.measure import fit_height, row_height
from exports.sheets import read_cells

SHEET = "纸质汇总"


def write_paper_sheet(rows: list[list[object]], path: Path) -> None:
    """Write ``evaluation.paper.sheet_rows(campaign)`` as a workbook to fill in, on screen or
    with a pen on the printout: boxes for 场次, 份数, 日期, 计票人 and 监票人, count rows 8 mm
    high, and the campaign on every page."""
    workbook = new_workbook(write_only=False)
    sheet = workbook.active
    sheet.title = SHEET
    for row in rows:
        sheet.append(row)
    for row in range(1, FIRST_ROW):
        sheet.cell(row, 1).font = BOLD
    sheet.cell(1, 1).font = TITLE
    sheet.cell(CAMPAIGN_ROW, 2).alignment = LEFT  # the id beside its label, not at the far edge
    page_setup(sheet, widths=columns(WIDTHS), title_rows=0)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # the header on every page
    sheet.freeze_panes = f"C{FIRST_ROW}"
    campaign = rows[CAMPAIGN_ROW - 1][1]
    organization, period = rows[ORGANIZATION_ROW - 1][1], rows[PERIOD_ROW - 1][1]
    sheet.oddHeader.center.text = f"{organization} {period} {SHEET_TITLE}　评议编号 {campaign}"
    scale = sheet.page_setup.scale / 100
    _boxes(sheet, scale)
    # The count table is bordered, each row tall enough to write in by hand.
    for row in range(HEADER_ROW, len(rows) + 1):
        for column in range(1, len(HEADERS) + 1):
            cell = sheet.cell(row, column)
            cell.border = BOX
            cell.alignment = CENTRE if column > 2 or row == HEADER_ROW else LEFT
        texts = [(sheet.cell(row, c).value, WIDTHS[c - 1]) for c in (1, 2)]
        texts = [(t, w) for t, w in texts if isinstance(t, str)]
        if row == HEADER_ROW:
            fit_height(sheet, row, texts)
        else:
            _pen_height(sheet, row, texts, scale)
    workbook.save(path)


WIDTHS = [22, 34, 9, 9, 9, 9]  # 评议对象 (「李秀英（党员领导干部）」 on a line), 评议内容, ratings
PEN_ROW = 8 * 72 / 25.4  # points: 8 mm, a row to write a number in by hand
# Beside 场次 and 份数 (columns A and B, read back), the boxes only the printout needs.
PEN_FIELDS = (
    (LABEL_ROW, (("日期", "D:F"),)),
    (BALLOTS_ROW, (("计票人", "D:D"), ("监票人", "F:F"))),
)


def _pen_height(sheet, row: int, texts: list[tuple[str, float]], scale: float) -> None:
    """Row ``row`` as tall as its text needs and at least PEN_ROW once printed at ``scale``:
    LibreOffice rounds a row's height down to whole pixels (96 to the inch), so one more."""
    pen = (ceil(PEN_ROW / scale * 96 / 72) + 1) * 72 / 96
    sheet.row_dimensions[row].height = max(row_height(texts), pen)


def _boxes(sheet, scale: float) -> None:
    """The header's fields as boxes to write in: 场次 and 份数 (read back from column B),
    日期, 计票人 and 监票人 (for the record on paper)."""
    for row, fields in PEN_FIELDS:
        _pen_height(sheet, row, [(sheet.cell(row, 1).value, WIDTHS[0])], scale)
        sheet.cell(row, 2).border = BOX
        for label, span in fields:
            first, last = span.split(":")
            column = sheet[f"{first}{row}"].column
            sheet.cell(row, column - 1, label).font = BOLD
            sheet.cell(row, column - 1).alignment = CENTRE
            if first != last:
                sheet.merge_cells(f"{first}{row}:{last}{row}")
            for cell in sheet[f"{first}{row}:{last}{row}"][0]:
                cell.border = BOX
        for column in range(1, 3):
            sheet.cell(row, column).alignment = Alignment(vertical="center", wrap_text=True)


def read_paper_sheet(source: Path | BinaryIO) -> Rows:
    return read_cells(source, len(HEADERS), SHEET)
