"""The roster workbook: a blank template to fill in, and reading a filled one."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation.questionnaire import SECTORS
from evaluation.roster import (
    COLUMNS,
    COMMITMENTS_LABEL,
    COMMITMENTS_ROW,
    FIRST_MEMBER_ROW,
    HEADER_ROWS,
    MEMBER_HEADER_ROW,
    MEMBER_HEADERS,
)
from exports.cells import BOLD, new_workbook, page_setup
from exports.measure import fit_height, wrap
from exports.sheets import read_cells

SHEET = "名册"


def write_template(path: Path) -> None:
    workbook = new_workbook(write_only=False)
    sheet = workbook.active
    sheet.title = SHEET
    example = {1: "示例党支部", 2: SECTORS[5], 3: ""}
    for row, label in HEADER_ROWS.items():
        sheet.cell(row, 1, label).font = BOLD
        sheet.cell(row, 2, example[row])
    sheet.cell(2, 3, f"可选：{'、'.join(SECTORS)}")
    sheet.cell(3, 3, "选填；上级组织不存在时会自动建立")
    sheet.cell(COMMITMENTS_ROW, 1, COMMITMENTS_LABEL).font = BOLD
    sheet.cell(COMMITMENTS_ROW, 3, COMMITMENTS_NOTE)
    for column, label in enumerate(MEMBER_HEADERS, start=1):
        sheet.cell(MEMBER_HEADER_ROW, column, label).font = BOLD
    sheet.cell(FIRST_MEMBER_ROW, 1, "张三")
    sheet.cell(FIRST_MEMBER_ROW, 2, "党员领导干部")
    sheet.cell(MEMBER_HEADER_ROW, 4, ROLES_NOTE)
    # No example commitments in the example row: typed over, they would stay the member's.
    sheet.cell(FIRST_MEMBER_ROW, 4, "← 示例行，请替换为本组织党员，每行一人")
    sectors = DataValidation(type="list", formula1=f'"{",".join(SECTORS)}"', allow_blank=False)
    sheet.add_data_validation(sectors)
    sectors.add("B2")
    widths = {"A": 22, "B": 22, "C": 52, "D": 40}  # 「本组织公开承诺（选填）」 on one line
    page_setup(sheet, widths=widths, title_rows=0, landscape=True)
    sheet.print_title_rows = f"{MEMBER_HEADER_ROW}:{MEMBER_HEADER_ROW}"
    # Every cell of a row at its top, so each hint stands level with its own field's label;
    # the hints broken into lines by us (避头尾), the rows as tall as they need.
    for row in range(1, FIRST_MEMBER_ROW + 1):
        texts = []
        for column, width in enumerate(widths.values(), start=1):
            cell = sheet.cell(row, column)
            if isinstance(cell.value, str) and cell.value:
                if column > 2:  # the hints; labels and values are read back as they are
                    cell.value = wrap(cell.value, width)
                cell.alignment = TOP
                texts.append((cell.value, width))
        fit_height(sheet, row, texts)
    workbook.save(path)


TOP = Alignment(wrap_text=True, vertical="top")


ROLES_NOTE = (
    "角色：党支部书记、党支部委员、党员领导干部或党员（空白即党员；其他职务照写，按党员计）"
)
COMMITMENTS_NOTE = (
    "选填：B4 和 C 列填承诺事项，每行一项（单元格内换行：Alt+Enter），"
    "如「每月走访群众不少于 4 户」；最多 10 项、每项不超过 100 字；空白则保持原有承诺不变"
)


def fill_template(
    template: bytes,
    organization: str,
    members: list[tuple[str, str | None]],
    parent: str | None = None,
    sector: str = "机关",
    commitments: dict[str | None, list[str]] | None = None,
) -> bytes:
    """The blank template filled in as an organizer would: the organization, then a member a
    row; ``commitments`` (None: the organization's own) one item a line in their cells."""
    promised = commitments or {}
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.active
    sheet["B1"], sheet["B2"], sheet["B3"] = organization, sector, parent
    sheet.cell(COMMITMENTS_ROW, 2).value = "\n".join(promised.get(None, ())) or None
    for column in (1, 2, 3, 4):  # the template's example row
        sheet.cell(FIRST_MEMBER_ROW, column).value = None
    for row, (name, role) in enumerate(members, start=FIRST_MEMBER_ROW):
        sheet.cell(row, 1).value = name
        sheet.cell(row, 2).value = role
        sheet.cell(row, 3).value = "\n".join(promised.get(name, ())) or None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_rows(source: Path | BinaryIO) -> dict[int, tuple[object, ...]]:
    """Columns A to C of the roster sheet, by row number."""
    return read_cells(source, COLUMNS, SHEET)
