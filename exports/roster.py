"""The roster workbook: a blank template to fill in, and reading a filled one."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation.questionnaire import SECTORS
from evaluation.roster import FIRST_MEMBER_ROW, HEADER_ROWS, MEMBER_HEADER_ROW, MEMBER_HEADERS

SHEET = "名册"
MAX_ROWS = 5000


class RosterFileError(ValueError):
    """The file is not a readable roster workbook."""


def write_template(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    example = {1: "示例党支部", 2: SECTORS[5], 3: ""}
    for row, label in HEADER_ROWS.items():
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, example[row])
    sheet.cell(2, 3, f"可选：{'、'.join(SECTORS)}")
    sheet.cell(3, 3, "选填；上级组织不存在时会自动建立")
    for column, label in enumerate(MEMBER_HEADERS, start=1):
        sheet.cell(MEMBER_HEADER_ROW, column, label).font = Font(bold=True)
    sheet.cell(FIRST_MEMBER_ROW, 1, "张三")
    sheet.cell(FIRST_MEMBER_ROW, 2, "党员领导干部")
    sheet.cell(FIRST_MEMBER_ROW, 3, "← 示例行，请替换为本组织党员，每行一人")
    sectors = DataValidation(type="list", formula1=f'"{",".join(SECTORS)}"', allow_blank=False)
    sheet.add_data_validation(sectors)
    sectors.add("B2")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 48
    workbook.save(path)


def read_rows(path: Path | BinaryIO) -> dict[int, tuple[object, object]]:
    """Columns A and B of the roster sheet, by row number."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise RosterFileError(f"无法读取名册文件：{error}") from None
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows: dict[int, tuple[object, object]] = {}
        for number, row in enumerate(
            sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=2, values_only=True), start=1
        ):
            if number > MAX_ROWS:
                raise RosterFileError(f"名册超过 {MAX_ROWS} 行，请拆分后导入。")
            rows[number] = (*row, None, None)[:2]
        return rows
    finally:
        workbook.close()
