"""The 逐级点评 workbook for leaders who write at a desk: one sheet per subject kind (支部,
党员领导干部, 普通党员), a row per subject with its 点评内容 as columns; read back filled."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from evaluation.comments import IMPROVEMENTS, KIND_ITEMS, SHEET_HEADERS, STRENGTHS, Subject
from exports.cells import (
    BOLD,
    BOX,
    CENTRE,
    FAMILY,
    WRAP,
    columns,
    first_page_columns,
    new_workbook,
    page_setup,
)
from exports.measure import broken, fit_height
from exports.sheets import read_cells

FIRST_ROW = 5
COLUMNS = 3 + max(len(items) for items in KIND_ITEMS.values()) + 2
NOTE = (
    "每行一条点评：填写点评人姓名和身份（如：党支部书记、县教育党委副书记），"
    "各项点评内容可以不填，优点和需改进必须填写。同一对象有多名点评人时，复制该行。"
)


ITEM_WIDTH = 16  # an item's header breaks between words: 「参加创先争优活动 / 情况」


def write_template(path: Path, campaign_id: int, organization: str, subjects: list[Subject]):
    """One sheet per subject kind, titled 逐级点评表 on every printed page. The table prints over
    as many pages across as its items need, 点评对象 and 点评人 repeated on each."""
    workbook = new_workbook(write_only=False)
    workbook.remove(workbook.active)
    for kind, items in KIND_ITEMS.items():
        sheet = workbook.create_sheet(kind)
        for row, (label, value) in enumerate(
            ((SHEET_HEADERS[0], campaign_id), (SHEET_HEADERS[1], organization)), start=1
        ):
            sheet.cell(row, 1, label).font = BOLD
            sheet.cell(row, 2, value)
        sheet.cell(3, 1, SHEET_HEADERS[2]).font = BOLD
        sheet.cell(3, 2, kind)
        sheet.cell(3, 4, NOTE)
        headers = ("点评对象", "点评人", "点评人身份", *items, STRENGTHS, IMPROVEMENTS)
        widths = [16, 12, 14] + [ITEM_WIDTH] * len(items) + [24, 24]
        page_setup(sheet, widths=columns(widths), title_rows=0, landscape=True)
        sheet.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
        sheet.print_title_cols = "A:C"
        sheet.page_margins.top = 0.8
        sheet.oddHeader.center.text = f"{organization} 逐级点评表（{kind}）"
        sheet.oddHeader.center.size = 14
        sheet.oddHeader.center.font = f"{FAMILY},Bold"
        # The note stays on the first page: merged over the columns printed there after the
        # repeated ones.
        shown = first_page_columns(sheet, widths)
        sheet.merge_cells(f"D3:{get_column_letter(shown)}3")
        sheet.cell(3, 4).alignment = Alignment(wrap_text=True, vertical="top")
        fit_height(sheet, 3, [(NOTE, sum(widths[3:shown]))])
        labels = [broken(label, width) for label, width in zip(headers, widths, strict=True)]
        for column, label in enumerate(labels, start=1):
            cell = sheet.cell(FIRST_ROW - 1, column, label)
            cell.font = BOLD
            cell.alignment = CENTRE
            cell.border = BOX
        fit_height(sheet, FIRST_ROW - 1, list(zip(labels, widths, strict=True)))
        for row, subject in enumerate((s for s in subjects if s.kind == kind), start=FIRST_ROW):
            sheet.cell(row, 1, subject.name).alignment = WRAP
            for column in range(1, len(headers) + 1):
                sheet.cell(row, column).border = BOX
            sheet.row_dimensions[row].height = 54  # 19 mm: room to write by hand on the printout
        sheet.freeze_panes = f"B{FIRST_ROW}"
    workbook.save(path)


def read_sheets(source: Path | BinaryIO) -> dict[str, dict[int, tuple[object, ...]]]:
    """Each kind's sheet by row number. A sheet the workbook lacks reads as the first one:
    ``evaluation.comments.parse_sheets`` tells them apart by the kind in row 3."""
    sheets = {}
    for kind in KIND_ITEMS:
        if hasattr(source, "seek"):
            source.seek(0)
        sheets[kind] = read_cells(source, COLUMNS, kind)
    return sheets
