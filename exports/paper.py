"""The paper tally sheet of a campaign: written blank for the organizer, read back filled."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from evaluation.paper import FIRST_ROW, HEADERS, Rows
from exports.sheets import read_cells

SHEET = "纸质汇总"


def write_paper_sheet(rows: list[list[object]], path: Path) -> None:
    """Write ``evaluation.paper.sheet_rows(campaign)`` as a workbook to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for row in rows:
        sheet.append(row)
    for row in range(1, FIRST_ROW):
        sheet.cell(row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = f"C{FIRST_ROW}"
    workbook.save(path)


def read_paper_sheet(source: Path | BinaryIO) -> Rows:
    return read_cells(source, len(HEADERS), SHEET)
