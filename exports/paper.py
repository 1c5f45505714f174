"""The paper tally sheet of a campaign: written blank for the organizer, read back filled."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from evaluation.paper import FIRST_ROW, HEADERS, Rows
from exports.cells import (
    BOLD,
    BOX,
    CENTRE,
    LEFT,
    TITLE,
    columns,
    fit_height,
    new_workbook,
    page_setup,
)
from exports.sheets import read_cells

SHEET = "纸质汇总"


def write_paper_sheet(rows: list[list[object]], path: Path) -> None:
    """Write ``evaluation.paper.sheet_rows(campaign)`` as a workbook to fill in."""
    workbook = new_workbook(write_only=False)
    sheet = workbook.active
    sheet.title = SHEET
    for row in rows:
        sheet.append(row)
    for row in range(1, FIRST_ROW):
        sheet.cell(row, 1).font = BOLD
    sheet.cell(1, 1).font = TITLE
    sheet.cell(2, 2).alignment = LEFT  # the campaign id beside its label, not at the far edge
    page_setup(sheet, widths=columns(WIDTHS), title_rows=0)
    sheet.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"  # the header on every page
    sheet.freeze_panes = f"C{FIRST_ROW}"
    # The count table is bordered, so it can be filled in by hand on the printed sheet too.
    for row in range(FIRST_ROW - 1, len(rows) + 1):
        for column in range(1, len(HEADERS) + 1):
            cell = sheet.cell(row, column)
            cell.border = BOX
            cell.alignment = CENTRE if column > 2 or row == FIRST_ROW - 1 else LEFT
        texts = [(sheet.cell(row, c).value, WIDTHS[c - 1]) for c in (1, 2)]
        fit_height(sheet, row, [(t, w) for t, w in texts if isinstance(t, str)])
    workbook.save(path)


WIDTHS = [24, 42, 10, 10, 10, 10]  # 评议对象, 评议内容, then a column per rating


def read_paper_sheet(source: Path | BinaryIO) -> Rows:
    return read_cells(source, len(HEADERS), SHEET)
