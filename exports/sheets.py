"""Reading the first columns of an uploaded workbook, whatever it turns out to be."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook

from evaluation.wording import N_, Phrase

MAX_ROWS = 5000


class SheetFileError(ValueError):
    """The file is not a workbook we can read; the message is for the organizer."""


def read_cells(
    source: Path | BinaryIO, columns: int, sheet_name: str | None = None
) -> dict[int, tuple[object, ...]]:
    """Columns A… of the named (else the first) sheet, by row number; values, not formulas."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise SheetFileError(
            Phrase(N_("无法读取文件（应为 .xlsx 工作簿）：{error}"), error=str(error))
        ) from None
    try:
        names = workbook.sheetnames
        sheet = workbook[sheet_name] if sheet_name in names else workbook.worksheets[0]
        rows: dict[int, tuple[object, ...]] = {}
        cells = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=columns, values_only=True)
        for number, row in enumerate(cells, start=1):
            if number > MAX_ROWS:
                raise SheetFileError(
                    Phrase(N_("表格超过 {limit} 行，请拆分后导入。"), limit=MAX_ROWS)
                )
            rows[number] = (*row, *(None,) * columns)[:columns]
        return rows
    finally:
        workbook.close()
